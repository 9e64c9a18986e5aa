#include "GdcmReference.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "TestData.h"

namespace fs = std::filesystem;

namespace fv::corpus {

namespace {

std::vector<std::string> splitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, '\t')) out.push_back(cell);
  return out;
}

size_t dtypeSize(const std::string& d) {
  return d.size() == 2 ? size_t(d[1] - '0') : 0;
}

template <class T>
void widen(const std::vector<char>& bytes, std::vector<int64_t>& out) {
  out.resize(bytes.size() / sizeof(T));
  for (size_t i = 0; i < out.size(); ++i) {
    T v;
    std::memcpy(&v, bytes.data() + i * sizeof(T), sizeof(T));
    out[i] = int64_t(v);
  }
}

GdcmReference parseRef(const std::string& refPath, const std::string& cacheDir,
                       const std::string& key) {
  GdcmReference r;
  std::ifstream in(refPath);
  std::string line;
  while (std::getline(in, line)) {
    const auto c = splitTabs(line);
    if (c.empty()) continue;
    if (c[0] == "status" && c.size() > 1) {
      r.status = c[1] == "ok"                ? GdcmReference::Status::Decoded
                 : c[1] == "no-pixels"       ? GdcmReference::Status::NoPixels
                 : c[1] == "gdcm-unreadable" ? GdcmReference::Status::Unreadable
                                             : GdcmReference::Status::Failed;
    } else if (c[0] == "message" && c.size() > 1) {
      r.message = c[1];
    } else if (c[0] == "photometric" && c.size() > 1) {
      r.photometric = c[1];
    } else if (c[0] == "shape" && c.size() > 1) {
      std::istringstream s(c[1]);
      s >> r.frames >> r.rows >> r.columns >> r.samples;
    } else if (c[0] == "variant" && c.size() > 3) {
      ReferenceVariant v;
      v.name = c[1];
      v.dtype = c[2];
      std::istringstream s(c[3]);
      s >> v.frames >> v.rows >> v.columns >> v.samples;
      // A fifth cell names an earlier variant with identical values, whose raw file is shared.
      v.rawPath =
          (fs::path(cacheDir) / (key + "." + (c.size() > 4 ? c[4] : c[1]) + ".raw")).string();
      r.variants.push_back(std::move(v));
    } else if (c[0] == "frame" && c.size() > 4) {
      for (auto& v : r.variants)
        if (v.name == c[1]) v.checksums.emplace_back(std::stoull(c[3]), std::stoull(c[4]));
    }
  }
  if (!in.eof() && r.status == GdcmReference::Status::Decoded)
    r.status = GdcmReference::Status::Failed;
  return r;
}

}  // namespace

const ReferenceVariant* GdcmReference::variant(const std::string& name) const {
  for (const auto& v : variants)
    if (v.name == name) return &v;
  return nullptr;
}

bool GdcmReference::loadFrame(const ReferenceVariant& v, uint32_t frame, std::vector<int64_t>& out,
                              std::string& error) const {
  const size_t bps = dtypeSize(v.dtype);
  const size_t bytes = v.frameSamples() * bps;
  std::ifstream in(v.rawPath, std::ios::binary);
  std::vector<char> buf(bytes);
  if (bps == 0 || !in.seekg(std::streamoff(bytes) * frame) ||
      !in.read(buf.data(), std::streamsize(bytes))) {
    error = "the GDCM reference cache " + v.rawPath + " is damaged (delete it to rebuild)";
    return false;
  }
  if (v.dtype == "u1")
    widen<uint8_t>(buf, out);
  else if (v.dtype == "i1")
    widen<int8_t>(buf, out);
  else if (v.dtype == "u2")
    widen<uint16_t>(buf, out);
  else if (v.dtype == "i2")
    widen<int16_t>(buf, out);
  else if (v.dtype == "u4")
    widen<uint32_t>(buf, out);
  else if (v.dtype == "i4")
    widen<int32_t>(buf, out);
  else {
    error = "unexpected reference sample type " + v.dtype;
    return false;
  }
  return true;
}

const char* toString(GdcmReference::Status s) {
  switch (s) {
    case GdcmReference::Status::Decoded:
      return "decoded";
    case GdcmReference::Status::NoPixels:
      return "no-pixels";
    case GdcmReference::Status::Unreadable:
      return "unreadable";
    case GdcmReference::Status::Failed:
      return "failed";
  }
  return "?";
}

std::map<std::string, GdcmReference> gdcmReferences(const std::vector<std::string>& files,
                                                    const std::string& cacheDir,
                                                    std::string& error) {
  std::map<std::string, GdcmReference> out;
  fs::create_directories(cacheDir);
  const std::string list =
      (fs::path(cacheDir) / ("list-" + std::to_string(::getpid()) + ".txt")).string();
  {
    std::ofstream l(list);
    for (const auto& f : files) l << f << "\n";
  }
  const unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  const std::string script =
      (fs::path(FV_SOURCE_DIR) / "tests" / "corpus" / "gdcm_reference.py").string();
  std::string output;
  const int rc = fv::test::run("/usr/bin/python3 " + fv::test::q(script) + " --cache " +
                                   fv::test::q(cacheDir) + " --jobs " + std::to_string(jobs) +
                                   " --list " + fv::test::q(list) + " 2>/dev/null",
                               &output);
  fs::remove(list);
  if (rc != 0) {
    error = "gdcm_reference.py failed (exit " + std::to_string(rc) + "): " + output.substr(0, 2000);
    return out;
  }
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    const auto c = splitTabs(line);
    if (c.size() != 2 || c[1].empty()) continue;
    const std::string ref = (fs::path(cacheDir) / (c[1] + ".ref")).string();
    if (fs::exists(ref)) out[c[0]] = parseRef(ref, cacheDir, c[1]);
  }
  for (const auto& f : files)
    if (!out.count(f)) {
      error = "gdcm_reference.py gave no result for " + f;
      break;
    }
  return out;
}

bool referenceToolsPresent(std::string& missing) {
  if (!fv::test::haveTool("gdcmconv"))
    missing = "gdcmconv (Debian libgdcm-tools)";
  else if (fv::test::run("/usr/bin/python3 -c 'import pydicom, numpy' >/dev/null") != 0)
    missing = "/usr/bin/python3 with pydicom and numpy (Debian python3-pydicom, python3-numpy)";
  return missing.empty();
}

}  // namespace fv::corpus
