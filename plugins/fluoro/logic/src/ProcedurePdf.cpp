#include "fv/fluoro/ProcedurePdf.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <cstdlib>
#include <memory>
#include <vector>

#include "fv/dicom/PersonName.h"
#include "fv/dicom/Positioner.h"

namespace fv::fluoro {
namespace {


// A4 in PDF points (1/72 inch), with 2 cm margins.
constexpr double kPageWidth = 595.28, kPageHeight = 841.89, kMargin = 56.7;

cairo_status_t appendTo(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

std::string number(const std::optional<double>& v, const char* fmt, const char* unit) {
  if (!v) return "not recorded";
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, *v);
  return std::string(buf) + unit;
}

// Writes lines top to bottom, starting a new page when one is full.
class Writer {
 public:
  explicit Writer(cairo_t* cr) : m_cr(cr) { m_y = kMargin; }

  void font(double size, bool bold) {
    cairo_select_font_face(m_cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(m_cr, size);
    m_size = size;
  }
  void line(const std::string& text, double indent = 0) {
    room(m_size * 1.4);
    cairo_move_to(m_cr, kMargin + indent, m_y + m_size);
    cairo_show_text(m_cr, text.c_str());
    m_y += m_size * 1.4;
  }
  void pair(const std::string& key, const std::string& value) {
    room(m_size * 1.4);
    font(m_size, true);
    cairo_move_to(m_cr, kMargin, m_y + m_size);
    cairo_show_text(m_cr, key.c_str());
    font(m_size, false);
    cairo_move_to(m_cr, kMargin + 130, m_y + m_size);
    cairo_show_text(m_cr, value.c_str());
    m_y += m_size * 1.4;
  }
  void gap(double points) { m_y += points; }
  // The figure scaled to fit `maxWidth` × `maxHeight` points, on a new page when needed; cairo
  // embeds the JPEG bytes as they are (CAIRO_MIME_TYPE_JPEG), the surface pixels are unused.
  void image(const ReportFigure& figure, double maxWidth, double maxHeight) {
    if (figure.jpeg.empty() || figure.columns == 0 || figure.rows == 0) return;
    const double scale = std::min(maxWidth / figure.columns, maxHeight / figure.rows);
    room(figure.rows * scale + 6);
    cairo_surface_t* s =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, int(figure.columns), int(figure.rows));
    auto* jpeg = new std::vector<uint8_t>(figure.jpeg);  // owned by the surface from here on
    cairo_surface_set_mime_data(
        s, CAIRO_MIME_TYPE_JPEG, jpeg->data(), jpeg->size(),
        [](void* p) { delete static_cast<std::vector<uint8_t>*>(p); }, jpeg);
    cairo_save(m_cr);
    cairo_translate(m_cr, kMargin, m_y);
    cairo_scale(m_cr, scale, scale);
    cairo_set_source_surface(m_cr, s, 0, 0);
    cairo_paint(m_cr);
    cairo_restore(m_cr);
    cairo_set_source_rgb(m_cr, 0, 0, 0);
    cairo_surface_destroy(s);
    m_y += figure.rows * scale + 6;
  }
  void newPage() {
    cairo_show_page(m_cr);
    m_y = kMargin;
  }

 private:
  void room(double height) {
    if (m_y + height > kPageHeight - kMargin) newPage();
  }
  cairo_t* m_cr;
  double m_y = 0, m_size = 10;
};

std::string fileName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

}  // namespace

fv::dicom::Result<std::string> procedurePdf(const ConfirmationRequest& request,
                                            const ConfirmationResult& result) {
  const std::string& savedAt = result.savedAt;
  std::string pdf;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(appendTo, &pdf, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "Needle position confirmation");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "FluoroView");
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 0, 0, 0);

  const auto& first = request.frames.front().source;
  Writer w(cr);
  w.font(16, true);
  w.line("Needle position confirmation");
  w.gap(4);
  w.font(10, false);
  w.pair("Patient", fv::dicom::formatPersonName(first.patient.name) + "   ID " + first.patient.id);
  w.pair("Birth date / sex", first.patient.birthDate + "  " + first.patient.sex);
  w.pair("Study", first.study.date + " " + first.study.time + "  " + first.study.description);
  w.pair("Accession number", first.study.accessionNumber);
  w.pair("Source series", first.series.modality + "  " + first.series.description);
  w.pair("Operator", request.operatorName.empty()
                         ? std::string("not recorded")
                         : fv::dicom::formatPersonName(request.operatorName));
  w.pair("Saved", savedAt);
  if (result.generation > 1)
    w.pair("Amendment", "version " + std::to_string(result.generation) +
                            " (supersedes the earlier report of these frames)");
  w.pair("Fluoroscopy time", number(first.exposure.fluoroscopyTimeS, "%.1f", " s"));
  w.pair("kVp", number(first.exposure.kvp, "%.0f", " kV"));
  w.pair("Tube current", number(first.exposure.tubeCurrentMa, "%.1f", " mA"));
  w.pair("Dose-area product", number(first.exposure.doseAreaProduct, "%.3f", " dGy\u00B7cm\u00B2"));
  w.gap(8);

  for (size_t i = 0; i < request.frames.size() && i < result.frames.size(); ++i) {
    const ConfirmedFrame& f = request.frames[i];
    const ConfirmedOutput& o = result.frames[i];
    std::string title = "Frame " + std::to_string(o.frame + 1) + " of " +
                        std::to_string(std::max<uint32_t>(1, f.source.pixels.frames));
    if (o.timeS) title += "  (t = " + number(o.timeS, "%.2f", " s") + ")";
    w.font(12, true);
    w.line(title);
    w.font(10, false);
    w.image(o.figure, kPageWidth - 2 * kMargin, 360);
    for (const auto& line : o.measurements.describe()) w.line(line, 8);
    const auto cal = f.effectiveCalibration();
    std::string calibration = "Calibration: ";
    calibration += fv::dicom::toString(cal.calibrated() ? cal.source
                                                        : fv::dicom::CalibrationSource::None);
    if (cal.calibrated())
      calibration += " (" + number(cal.rowMm, "%.4f", "") + " x " +
                     number(cal.columnMm, "%.4f", " mm/pixel)");
    w.line(calibration, 8);
    if (f.source.positioner)
      w.line("C-arm: " + fv::dicom::positionerText(*f.source.positioner), 8);
    if (!f.markedAt.empty()) w.line("Marked " + f.markedAt, 8);
    w.line("Images: " + fileName(o.secondaryCapture.path) + ", " +
               fileName(o.presentationState.path),
           8);
    w.gap(8);
  }
  w.font(8, false);
  w.line("Measurements are also in the DICOM SR " + fileName(result.measurementReport.path) +
         "; coordinates are image pixels.");
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return fv::dicom::makeError(fv::dicom::ErrorCode::Io,
                                std::string("cannot render the PDF report: ") +
                                    cairo_status_to_string(status));
  return pdf;
}

}  // namespace fv::fluoro
