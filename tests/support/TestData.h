// Where test data lives, and helpers to make more of it with real tools (make-dicom-series,
// DCMTK's command line tools). Shared samples in ../shared are optional: tests skip visibly.
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace fv::test {

/// testdata/ in the source tree.
std::string testdata(const std::string& relative = "");
/// The demo fluoroscopy cine (XA, 512×512×24, RLE) and its ground truth JSON.
std::string demoXa();
std::string demoXaTruth();
/// The demo coronal hip MR folder (32 slices).
std::string demoMr();
/// ../shared/dicom-samples next to the checkout, or "" when absent.
std::string sharedSamples();
/// A fresh empty temporary folder for one test (removed at exit of the process).
std::string tempDir(const std::string& name);
/// Runs a shell command; returns its exit status (and output, if `output` given).
int run(const std::string& command, std::string* output = nullptr);
/// Quotes a path for the shell.
std::string q(const std::string& s);
/// Generates (once per build tree) data with scripts/make-dicom-series; returns the output path.
/// `args` are passed as they are, e.g. "xa --rows 256 --cols 256 --frames 8".
std::string generated(const std::string& name, const std::string& args);
/// True when a command-line tool is on PATH.
bool haveTool(const std::string& tool);
/// `source` re-encoded once per build tree by scripts/make-j2k-dicom with `args` (e.g.
/// "--codec htj2k --fragments 3"), as test-data/j2k/`name`.dcm; "" (and a failure) if it fails.
std::string reencodedJ2k(const std::string& source, const std::string& name, const std::string& args);
/// GDCM's decode of `path` (`gdcmconv --raw`, once per build tree and name) as test-data/gdcm/`name`.dcm.
std::string gdcmRaw(const std::string& path, const std::string& name);

}  // namespace fv::test

/// Skips the current test with a visible reason when ../shared/dicom-samples is missing.
#define FV_REQUIRE_SHARED_SAMPLES()                                                         \
  do {                                                                                      \
    if (fv::test::sharedSamples().empty())                                                  \
      GTEST_SKIP() << "../shared/dicom-samples is not present on this machine";             \
  } while (0)

/// Skips when an external tool is missing.
#define FV_REQUIRE_TOOL(tool)                                                               \
  do {                                                                                      \
    if (!fv::test::haveTool(tool)) GTEST_SKIP() << tool << " is not installed";             \
  } while (0)

namespace fv::test {
/// The demo cine re-encoded by DCMTK's own tools (cached in the build tree):
/// "explicit", "implicit", "bigendian", "deflated", "jpeg-lossless", "jpeg-ls", "rle" (= demo).
std::string demoXaAs(const std::string& encoding);
}  // namespace fv::test
