#include "TestData.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>

#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace fv::test {

std::string testdata(const std::string& relative) {
  return (fs::path(FV_SOURCE_DIR) / "testdata" / relative).string();
}
std::string demoXa() { return testdata("demo/xa_hip_injection.dcm"); }
std::string demoXaTruth() { return testdata("demo/xa_hip_injection.truth.json"); }
std::string demoMr() { return testdata("demo/mr_hip_coronal"); }

std::string sharedSamples() {
  if (const char* env = std::getenv("FV_SHARED_SAMPLES")) return fs::is_directory(env) ? env : "";
  const fs::path p = fs::path(FV_SOURCE_DIR).parent_path() / "shared" / "dicom-samples";
  return fs::is_directory(p) ? p.string() : "";
}

std::string tempDir(const std::string& name) {
  const fs::path root = fs::path(FV_BINARY_DIR) / "test-tmp" / std::to_string(::getpid());
  const fs::path p = root / name;
  fs::remove_all(p);
  fs::create_directories(p);
  static std::once_flag once;
  std::call_once(once, [root] {
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(fs::path(FV_BINARY_DIR) / "test-tmp" / std::to_string(::getpid()), ec);
    });
    (void)root;
  });
  return p.string();
}

std::string q(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

int run(const std::string& command, std::string* output) {
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return -1;
  std::array<char, 4096> buf{};
  std::string out;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  const int status = ::pclose(p);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool haveTool(const std::string& tool) { return run("command -v " + q(tool) + " >/dev/null") == 0; }

namespace {

// Runs `command` with the output path appended, once: the result is test-data/`folder`/`name`,
// written under a temporary name first so an interrupted run leaves nothing half-made.
std::string makeOnce(const std::string& folder, const std::string& name, const std::string& command) {
  static std::mutex m;
  std::lock_guard lock(m);
  const fs::path dir = fs::path(FV_BINARY_DIR) / "test-data" / folder;
  fs::create_directories(dir);
  const fs::path out = dir / name;
  if (fs::exists(out)) return out.string();
  const fs::path partial = dir / (name + ".partial-" + std::to_string(::getpid()));
  std::string log;
  if (run(command + " " + q(partial.string()), &log) != 0) {
    ADD_FAILURE() << command << " failed:\n" << log;
    return "";
  }
  std::error_code ec;
  fs::rename(partial, out, ec);  // another test process may have made it meanwhile: keep theirs
  if (ec) {
    fs::remove_all(partial, ec);
    if (!fs::exists(out)) ADD_FAILURE() << "cannot create " << out;
  }
  return out.string();
}

}  // namespace

std::string reencodedJ2k(const std::string& source, const std::string& name, const std::string& args) {
  if (source.empty()) return "";
  const std::string script = (fs::path(FV_SOURCE_DIR) / "scripts" / "make-j2k-dicom").string();
  return makeOnce("j2k", name + ".dcm", q(script) + " " + args + " " + q(source));
}

std::string gdcmRaw(const std::string& path, const std::string& name) {
  if (path.empty()) return "";
  return makeOnce("gdcm", name + ".dcm", "gdcmconv --raw " + q(path));
}

std::string generated(const std::string& name, const std::string& args) {
  static std::mutex m;
  std::lock_guard lock(m);
  const fs::path dir = fs::path(FV_BINARY_DIR) / "test-data";
  fs::create_directories(dir);
  const fs::path out = dir / name;
  if (fs::exists(out)) return out.string();
  const fs::path partial = dir / (name + ".partial-" + std::to_string(::getpid()));
  fs::remove_all(partial);
  const std::string cmd = q((fs::path(FV_SOURCE_DIR) / "scripts" / "make-dicom-series").string()) + " " +
                          args + " --out " + q(partial.string());
  std::string log;
  if (run(cmd, &log) != 0) {
    ADD_FAILURE() << "make-dicom-series failed: " << cmd << "\n" << log;
    return "";
  }
  std::error_code ec;
  fs::rename(partial, out, ec);  // another test process may have made it meanwhile: keep theirs
  if (ec) {
    fs::remove_all(partial, ec);
    if (!fs::exists(out)) ADD_FAILURE() << "cannot create " << out;
  }
  return out.string();
}

}  // namespace fv::test

namespace fv::test {

std::string demoXaAs(const std::string& encoding) {
  static std::mutex m;
  std::lock_guard lock(m);
  if (encoding == "rle") return demoXa();
  const fs::path dir = fs::path(FV_BINARY_DIR) / "test-data" / "transcoded";
  fs::create_directories(dir);
  const fs::path explicitLe = dir / "xa_explicit.dcm";
  auto make = [](const std::string& cmd, const fs::path& out) -> bool {
    if (fs::exists(out)) return true;
    const fs::path partial = out.string() + ".partial-" + std::to_string(::getpid());
    std::string log;
    if (run(cmd + " " + q(partial.string()), &log) != 0) {
      ADD_FAILURE() << cmd << " failed:\n" << log;
      return false;
    }
    fs::rename(partial, out);
    return true;
  };
  if (!make("dcmdrle " + q(demoXa()), explicitLe)) return "";
  if (encoding == "explicit") return explicitLe.string();
  static const std::map<std::string, std::string> tools = {
      {"implicit", "dcmconv +ti"},    {"bigendian", "dcmconv +tb"},
      {"deflated", "dcmconv +td"},    {"jpeg-lossless", "dcmcjpeg +e1"},
      {"jpeg-ls", "dcmcjpls +el"},
  };
  auto it = tools.find(encoding);
  if (it == tools.end()) {
    ADD_FAILURE() << "unknown encoding " << encoding;
    return "";
  }
  const fs::path out = dir / ("xa_" + encoding + ".dcm");
  return make(it->second + " " + q(explicitLe.string()), out) ? out.string() : "";
}

}  // namespace fv::test
