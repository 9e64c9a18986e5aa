// libfv_fluoro_pdf.so: a PdfDocument drawn with Cairo's PDF surface (A4, DejaVu Sans, figures
// embedded as the JPEG bytes they are). Entry point fv_fluoro_pdf_api, see logic/src/PdfApi.h.
#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <string>
#include <vector>

#include "PdfApi.h"

namespace fv::fluoro::detail {
namespace {

// A4 in PDF points (1/72 inch), with 2 cm margins.
constexpr double kPageWidth = 595.28, kPageHeight = 841.89, kMargin = 56.7;

cairo_status_t appendTo(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
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

fv::dicom::Result<std::string> render(const PdfDocument& doc) {
  std::string pdf;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(appendTo, &pdf, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "FluoroView");
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 0, 0, 0);
  Writer w(cr);
  w.font(16, true);
  w.line(doc.title);
  w.gap(4);
  w.font(10, false);
  for (const auto& [key, value] : doc.fields) w.pair(key, value);
  w.gap(8);
  for (const PdfSection& section : doc.sections) {
    w.font(12, true);
    w.line(section.title);
    w.font(10, false);
    w.image(section.figure, kPageWidth - 2 * kMargin, 360);
    for (const auto& line : section.lines) w.line(line, 8);
    w.gap(8);
  }
  w.font(8, false);
  if (!doc.footer.empty()) w.line(doc.footer);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return fv::dicom::makeError(
        fv::dicom::ErrorCode::Io,
        std::string("cannot render the PDF report: ") + cairo_status_to_string(status));
  return pdf;
}

}  // namespace
}  // namespace fv::fluoro::detail

extern "C" __attribute__((visibility("default"))) const fv::fluoro::detail::PdfApi*
fv_fluoro_pdf_api() {
  static const fv::fluoro::detail::PdfApi api{fv::fluoro::detail::PdfApi::kAbi,
                                              &fv::fluoro::detail::render};
  return &api;
}
