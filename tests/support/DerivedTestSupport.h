// Helpers shared by the derived-object tests (SC, GSPS, KOS): a source frame of the demo cine,
// an RGB "rendering" of it, one save of all three objects, dciodvfy and dcmdump.
#pragma once

#include <string>
#include <vector>

#include "fv/dicom/DerivedObjects.h"

namespace fv::test {

/// Frame 17 (0-based 16) of the demo XA cine, as indexed.
dicom::SourceFrame demoFrame17();
/// A deterministic RGB image at the source's pixel grid (stands in for the caller's rendering).
dicom::Image8 rgbFor(const dicom::InstanceInfo& source);
/// Annotations like the needle-confirmation plugin's: a needle line, a circle, a marker, texts.
dicom::PresentationContent sampleContent();

/// One save as the plugin does it: SC, GSPS and KOS, each in its own new series of the study.
struct Save {
  dicom::WrittenObject sc, ps, ko;
  dicom::DerivedSeries scSeries, psSeries, koSeries;
};
/// Writes SC + GSPS + KOS of `source` into `folder`; fails the calling test on any error.
Save saveAll(const dicom::SourceFrame& source, const std::string& folder);
/// The same save, stopping at the first writer that fails and returning its error.
dicom::Result<Save> trySaveAll(const dicom::SourceFrame& source, const std::string& folder);

/// A copy of `source` in a fresh temporary folder, changed by DCMTK's dcmodify with `args`
/// (e.g. "-m PatientSex=?"); fails the calling test when dcmodify fails.
std::string modifiedCopy(const std::string& source, const std::string& name,
                         const std::string& args);
/// Problems reading `path` back with DCMTK (dcmdump) and GDCM (gdcmdump), "" when both read it.
std::string readBackProblems(const std::string& path);
/// True when one of `notes` is about `keyword` (e.g. "PatientSex") with `action`.
bool hasNote(const std::vector<dicom::OutputNote>& notes, const std::string& keyword,
             const std::string& action);

/// A colour multi-frame source (make-dicom-series us: 128×128×8 RGB, US Multi-frame Image
/// Storage), as "rgb" (uncompressed), "ybr422-jpeg" (JPEG baseline YBR_FULL_422, dcmcjpeg +eb
/// +cy +s2), "ybr-full-jpeg" (YBR_FULL, +s4) or "palette" (PALETTE COLOR, DCMTK's dcmquant);
/// cached in the build tree.
std::string colourCine(const std::string& encoding);

/// The "Error" lines dciodvfy prints for `path` (all of its output in `output`).
std::vector<std::string> dciodvfyErrors(const std::string& path, std::string* output = nullptr);
/// One attribute's value as dcmdump prints it (+P search path, e.g. "ReferencedFrameNumber"), "" if
/// absent.
std::string dumpValue(const std::string& path, const std::string& searchPath);
/// Files (and folders) directly in `dir`.
size_t filesIn(const std::string& dir);
/// Whole file as bytes.
std::string slurp(const std::string& path);

}  // namespace fv::test
