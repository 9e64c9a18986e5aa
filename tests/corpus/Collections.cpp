#include "Collections.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <zlib.h>

#include "TestData.h"

namespace fs = std::filesystem;

namespace fv::corpus {

namespace {

std::string existing(const std::string& p) {
  return fs::is_directory(p) ? p : "";
}

// Octave's package folder carries its version: /usr/share/octave/packages/dicom-0.5.1/imdata.
std::string octaveDicomData() {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/share/octave/packages", ec))
    if (e.path().filename().string().rfind("dicom-", 0) == 0 &&
        fs::is_directory(e.path() / "imdata"))
      return (e.path() / "imdata").string();
  return "";
}

bool gunzip(const std::string& from, const std::string& to, std::string& error) {
  gzFile in = gzopen(from.c_str(), "rb");
  if (!in) {
    error = "cannot open " + from;
    return false;
  }
  const std::string partial = to + ".partial";
  std::ofstream out(partial, std::ios::binary);
  char buf[1 << 16];
  int n;
  while ((n = gzread(in, buf, sizeof buf)) > 0) out.write(buf, n);
  const bool ok = n == 0 && out.good();
  gzclose(in);
  out.close();
  if (!ok) {
    error = "cannot unpack " + from;
    fs::remove(partial);
    return false;
  }
  fs::rename(partial, to);
  return true;
}

}  // namespace

std::vector<Collection> corpusCollections() {
  const std::string pydicom = "/usr/lib/python3/dist-packages/pydicom/data/";
  return {
      {"shared", fv::test::sharedSamples(), "../shared/dicom-samples"},
      {"pydicom-test-files", existing(pydicom + "test_files"), "python3-pydicom"},
      {"pydicom-charset-files", existing(pydicom + "charset_files"), "python3-pydicom"},
      {"nibabel-nicom", existing("/usr/lib/python3/dist-packages/nibabel/nicom/tests/data"),
       "python3-nibabel"},
      {"octave-dicom", octaveDicomData(), "octave-dicom"},
      {"gdcm-examples", existing("/usr/share/doc/libgdcm3.0/examples"),
       "libgdcm3.0 (with libgdcm-tools)"},
      {"dicom3tools-examples", existing("/usr/share/doc/dicom3tools/examples"), "dicom3tools"},
  };
}

Collection collectionNamed(const std::string& name) {
  for (auto& c : corpusCollections())
    if (c.name == name) return c;
  return {name, "", ""};
}

std::vector<CorpusFile> corpusFiles(const Collection& c, const std::string& unpackDir,
                                    std::string& error) {
  std::vector<CorpusFile> out;
  for (const auto& e : fs::recursive_directory_iterator(c.root)) {
    if (!e.is_regular_file()) continue;
    CorpusFile f{fs::relative(e.path(), c.root).string(), e.path().string()};
    if (e.path().extension() == ".gz") {
      const fs::path to = fs::path(unpackDir) / c.name / fs::path(f.relative).replace_extension("");
      fs::create_directories(to.parent_path());
      const bool fresh = fs::exists(to) && fs::last_write_time(to) >= fs::last_write_time(e.path());
      if (!fresh && !gunzip(f.path, to.string(), error)) return {};
      f.path = to.string();
    }
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(),
            [](const CorpusFile& a, const CorpusFile& b) { return a.relative < b.relative; });
  return out;
}

}  // namespace fv::corpus
