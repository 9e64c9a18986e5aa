// Cairo (with fontconfig, freetype, pixman, X11 client libraries) would load at every start of
// fluoroview-cli and the viewer: the PDF renderer lives in libfv_fluoro_pdf.so
// (plugins/fluoro/pdf), loaded on the first report. Private to fv_fluoro_logic and that module.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "fv/dicom/Result.h"
#include "fv/fluoro/ReportFigure.h"

namespace fv::fluoro::detail {

/// One part of a report: a heading, a figure and lines under it.
struct PdfSection {
  std::string title;
  ReportFigure figure;  ///< may be empty
  std::vector<std::string> lines;
};

/// A report as the renderer draws it on A4 pages: title, key/value fields, sections, a footer.
struct PdfDocument {
  std::string title;
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<PdfSection> sections;
  std::string footer;
};

/// What libfv_fluoro_pdf.so offers (entry point "fv_fluoro_pdf_api").
struct PdfApi {
  static constexpr int kAbi = 1;  ///< bumped on any change of these structs
  int abi = kAbi;
  fv::dicom::Result<std::string> (*render)(const PdfDocument&) = nullptr;
};

/// The module, loaded once (dlopen) from the build tree or <prefix>/lib/fluoroview; Unsupported
/// naming the file and why when it cannot be.
fv::dicom::Result<const PdfApi*> pdfModule();

}  // namespace fv::fluoro::detail
