// Helpers of the de-identification tests: datasets written with DCMTK's dump2dcm, elements read
// back through fv::dicom::listElements (the tests themselves never include DCMTK).
#pragma once

#include <map>
#include <set>
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
/// make-dicom-series from ../shared/tools (as issue 12 asks), else the copy in scripts/; the
/// output path (file or folder), "" and a failure if it fails.
std::string makeSeries(const std::string& name, const std::string& args);
/// A small XA cine (64×64×4) and an MR series (4 slices) of the same generated patient, full of
/// fake PHI: the XA file first, then the MR files.
std::vector<std::string> generatedSources();
/// Every identifying value the generator wrote in `files`: names (and their parts), IDs, dates,
/// places, UIDs.
std::set<std::string> phiOf(const std::vector<std::string>& files);

}  // namespace fv::test::deid
