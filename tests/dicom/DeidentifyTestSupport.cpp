#include "DeidentifyTestSupport.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "TestData.h"

namespace fv::test::deid {

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
