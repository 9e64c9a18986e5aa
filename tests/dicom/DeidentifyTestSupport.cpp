#include "DeidentifyTestSupport.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "TestData.h"

namespace fv::test::deid {

namespace fs = std::filesystem;

// make-dicom-series from ../shared/tools (as the issue asks), else the copy in scripts/.
std::string makeSeries(const std::string& name, const std::string& args) {
  const std::string samples = sharedSamples();
  const std::string shared =
      samples.empty() ? "" : (fs::path(samples).parent_path() / "tools/make-dicom-series").string();
  if (shared.empty() || !fs::exists(shared)) return generated(name, args);
  const std::string out = tempDir("deid-src-" + name) + "/" + name;
  std::string log;
  if (run(q(shared) + " " + args + " --out " + q(out), &log) != 0) {
    ADD_FAILURE() << log;
    return "";
  }
  return out;
}

std::vector<std::string> generatedSources() {
  const std::string xa = makeSeries("xa.dcm", "xa --rows 64 --cols 64 --frames 4");
  const std::string mr = makeSeries("mr", "mr --rows 32 --cols 32 --slices 4 --study-uid-from xa");
  std::vector<std::string> files = filesUnder(mr);
  files.insert(files.begin(), xa);
  return files;
}

// Every identifying value the generator wrote: names (and their parts), IDs, dates, places, UIDs.
std::set<std::string> phiOf(const std::vector<std::string>& files) {
  static const std::set<std::string> tags{"(0010,0010)", "(0010,0020)",
                                          "(0010,0030)", "(0008,0020)",
                                          "(0008,0050)", "(0008,0080)",
                                          "(0008,0081)", "(0008,0090)",
                                          "(0008,1050)", "(0008,1070)",
                                          "(0008,1010)", "(0018,1000)",
                                          "(0020,0010)", "(0010,1002)[0](0010,0020)",
                                          "(0020,000D)", "(0020,000E)",
                                          "(0008,0018)", "(0020,0052)",
                                          "(0002,0003)"};
  std::set<std::string> phi;
  for (const std::string& f : files)
    for (const auto& [path, e] : elementsByPath(f)) {
      if (!tags.count(path) || e.value.empty()) continue;
      phi.insert(e.value);
      std::string part;
      for (char c : e.value + "^")
        if (c == '^' || c == ' ' || c == ',') {
          if (part.size() >= 4 && part != "Springfield") phi.insert(part);  // city name: kept below
          part.clear();
        } else {
          part += c;
        }
    }
  phi.insert("Springfield");
  return phi;
}


std::map<std::string, dicom::ElementRecord> elementsByPath(const std::string& file) {
  std::map<std::string, dicom::ElementRecord> out;
  auto list = dicom::listElements(file);
  if (!list) {
    ADD_FAILURE() << list.error().toString();
    return out;
  }
  for (auto& e : *list) out.emplace(e.path, e);
  return out;
}

bool writeDump(const std::string& dumpText, const std::string& file) {
  const std::string dump = file + ".dump";
  std::ofstream(dump) << dumpText;
  std::string log;
  if (run("dump2dcm -q +E " + q(dump) + " " + q(file), &log) != 0) {
    ADD_FAILURE() << "dump2dcm failed for " << dump << ":\n" << log;
    return false;
  }
  return true;
}

std::unique_ptr<dicom::Deidentifier> make(dicom::DeidentifyOptions options) {
  auto d = dicom::Deidentifier::create(std::move(options));
  if (!d) {
    ADD_FAILURE() << d.error().toString();
    return nullptr;
  }
  return std::move(*d);
}

std::vector<std::string> filesUnder(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

size_t hits(const std::string& haystack, const std::string& needle) {
  if (needle.empty()) return 0;
  std::string utf16;
  for (char c : needle) {
    utf16 += c;
    utf16 += '\0';
  }
  size_t n = 0;
  for (const std::string* s : {&needle, static_cast<const std::string*>(&utf16)})
    for (size_t p = haystack.find(*s); p != std::string::npos; p = haystack.find(*s, p + 1)) ++n;
  return n;
}

}  // namespace fv::test::deid
