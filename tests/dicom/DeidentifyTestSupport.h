// Helpers of the de-identification tests: datasets written with DCMTK's dump2dcm, elements read
// back through fv::dicom::listElements (the tests themselves never include DCMTK).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fv/dicom/Deidentify.h"

namespace fv::test::deid {

/// Elements of a file by path ("(0010,0010)", "(0008,1115)[0](0010,0010)"); fails the test if
/// unreadable.
std::map<std::string, dicom::ElementRecord> elementsByPath(const std::string& file);
/// Writes `dumpText` (dcmdump syntax) with dump2dcm to `file`; false (and a failure) if it fails.
bool writeDump(const std::string& dumpText, const std::string& file);
/// A fresh Deidentifier for `options`; fails the test on error.
std::unique_ptr<dicom::Deidentifier> make(dicom::DeidentifyOptions options = {});
/// The files under `dir` (recursively), sorted.
std::vector<std::string> filesUnder(const std::string& dir);
/// Number of occurrences of `needle` in `haystack`, as bytes and as UTF-16LE.
size_t hits(const std::string& haystack, const std::string& needle);

}  // namespace fv::test::deid
