#include "fv/fluoro/ProcedureRecord.h"

#include "fv/fluoro/Html.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "fv/dicom/Json.h"
#include "fv/dicom/PersonName.h"
#include "fv/dicom/PngWriter.h"
#include "fv/dicom/Utf8.h"

namespace fv::fluoro {
namespace {

using fv::dicom::Json;

std::string fileName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

Json object(const fv::dicom::WrittenObject& o) {
  return Json::object()
      .set("file", fileName(o.path))
      .set("sopClassUid", o.sopClassUid)
      .set("sopInstanceUid", o.sopInstanceUid);
}

Json exposureJson(const fv::dicom::ExposureInfo& e) {
  return Json::object()
      .set("kvp", e.kvp)
      .set("tubeCurrentMa", e.tubeCurrentMa)
      .set("exposureTimeMs", e.exposureTimeMs)
      .set("fluoroscopyTimeS", e.fluoroscopyTimeS)
      .set("doseAreaProductDGyCm2", e.doseAreaProduct);
}

Json annotationJson(const Annotation& a) {
  Json points = Json::array();
  for (const auto& p : a.points) points.push(Json::object().set("row", p.y).set("col", p.x));
  Json j = Json::object().set("kind", toString(a.kind)).set("points", points);
  if (!a.text.empty()) j.set("text", a.text);
  if (a.kind == AnnotationKind::Calibration) j.set("lengthMm", a.lengthMm);
  return j;
}

Json measurementsJson(const FrameMeasurements& m) {
  Json j = Json::object();
  std::optional<double> mm, px;
  if (m.tipToTarget) (m.tipToTarget->millimetres ? mm : px) = m.tipToTarget->value;
  j.set("tipToTargetMm", mm)
      .set("tipToTargetPx", px)
      .set("trajectoryAngleDeg", m.trajectoryAngleDeg);
  if (!m.angleReference.empty()) j.set("angleReference", m.angleReference);
  j.set("calibrationSource", fv::dicom::toString(m.calibrationSource));
  return j;
}

std::string base64(const std::vector<uint8_t>& data) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  for (size_t i = 0; i < data.size(); i += 3) {
    const uint32_t n = (uint32_t(data[i]) << 16) |
                       (i + 1 < data.size() ? uint32_t(data[i + 1]) << 8 : 0) |
                       (i + 2 < data.size() ? data[i + 2] : 0);
    out += k[(n >> 18) & 63];
    out += k[(n >> 12) & 63];
    out += i + 1 < data.size() ? k[(n >> 6) & 63] : '=';
    out += i + 2 < data.size() ? k[n & 63] : '=';
  }
  return out;
}

std::string number(const std::optional<double>& v, const char* fmt, const char* unit) {
  if (!v) return "not recorded";
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, *v);
  return std::string(buf) + unit;
}

std::string row(const std::string& key, const std::string& value) {
  return "<tr><th>" + escapeHtml(key) + "</th><td>" + escapeHtml(value) + "</td></tr>\n";
}

// What the DICOM writers could not copy from the sources as it was (emptied or left out, and
// why), once per note with the files it concerns — so the record says what the outputs lack.
struct NoteFiles {
  fv::dicom::OutputNote note;
  std::vector<std::string> files;
};

std::vector<NoteFiles> outputNotes(const ConfirmationResult& result) {
  std::vector<NoteFiles> out;
  for (const auto& o : result.written())
    for (const auto& n : o.notes) {
      auto it =
          std::find_if(out.begin(), out.end(), [&](const NoteFiles& x) { return x.note == n; });
      if (it == out.end()) it = out.insert(out.end(), NoteFiles{n, {}});
      it->files.push_back(fileName(o.path));
    }
  return out;
}

Json notesJson(const ConfirmationResult& result) {
  Json notes = Json::array();
  for (const auto& n : outputNotes(result)) {
    Json files = Json::array();
    for (const auto& f : n.files) files.push(f);
    notes.push(Json::object()
                   .set("attribute", n.note.attribute)
                   .set("action", n.note.action)
                   .set("reason", n.note.reason)
                   .set("files", files));
  }
  return notes;
}

std::string pointsText(const Annotation& a) {
  std::string s;
  for (const auto& p : a.points) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s(%.1f, %.1f)", s.empty() ? "" : " ", p.y, p.x);
    s += buf;
  }
  return s;
}

}  // namespace

std::string utcNow() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string procedureJson(const ConfirmationRequest& request, const ConfirmationResult& result) {
  const auto& first = request.frames.front().source;
  Json sources = Json::array();
  std::vector<std::string> seen;
  for (const auto& f : request.frames) {
    if (std::find(seen.begin(), seen.end(), f.source.sopInstanceUid) != seen.end()) continue;
    seen.push_back(f.source.sopInstanceUid);
    const auto cal = f.effectiveCalibration();
    sources.push(Json::object()
                     .set("path", f.source.path)
                     .set("sopClassUid", f.source.sopClassUid)
                     .set("sopInstanceUid", f.source.sopInstanceUid)
                     .set("seriesInstanceUid", f.source.series.instanceUid)
                     .set("modality", f.source.series.modality)
                     .set("frames", std::max<uint32_t>(1, f.source.pixels.frames))
                     .set("frameTimeMs", f.source.cine.nominalFrameTimeMs())
                     .set("exposure", exposureJson(f.source.exposure))
                     .set("calibration", Json::object()
                                             .set("source", fv::dicom::toString(cal.source))
                                             .set("rowMm", cal.rowMm)
                                             .set("columnMm", cal.columnMm)));
  }
  Json confirmations = Json::array();
  for (size_t i = 0; i < request.frames.size() && i < result.frames.size(); ++i) {
    const auto& f = request.frames[i];
    const auto& o = result.frames[i];
    Json annotations = Json::array();
    for (const auto& a : f.annotations)
      if (a.valid()) annotations.push(annotationJson(a));
    Json window;
    if (f.window)
      window = Json::object().set("center", f.window->center).set("width", f.window->width);
    confirmations.push(Json::object()
                           .set("frame", o.frame + 1)
                           .set("timeS", o.timeS)
                           .set("markedAt", f.markedAt.empty() ? Json() : Json(f.markedAt))
                           .set("savedAt", result.savedAt)
                           .set("sourceSopInstanceUid", f.source.sopInstanceUid)
                           .set("window", window)
                           .set("annotations", annotations)
                           .set("measurements", measurementsJson(o.measurements))
                           .set("secondaryCapture", object(o.secondaryCapture))
                           .set("presentationState", object(o.presentationState)));
  }
  Json amends = Json::array();
  for (const auto& p : result.predecessors) amends.push(object(p));
  Json j = Json::object()
               .set("format", "fluoroview-procedure-record/1")
               .set("created", utcNow())
               .set("patient",
                    Json::object().set("id", first.patient.id).set("name", first.patient.name))
               .set("study", Json::object()
                                 .set("instanceUid", first.study.instanceUid)
                                 .set("date", first.study.date)
                                 .set("description", first.study.description)
                                 .set("accessionNumber", first.study.accessionNumber))
               .set("sources", sources)
               .set("confirmations", confirmations)
               .set("operator", request.operatorName.empty() ? Json() : Json(request.operatorName))
               .set("savedAt", result.savedAt)
               .set("generation", result.generation)
               .set("amends", amends)
               .set("measurementReport", object(result.measurementReport))
               .set("pdf", Json::object()
                               .set("file", fileName(result.pdfPath))
                               .set("encapsulated", object(result.encapsulatedPdf)))
               .set("keyObjectSelection",
                    object(result.keyObjectSelection).set("text", request.keyObjectText))
               .set("outputNotes", notesJson(result));
  return j.dump() + "\n";
}

std::string procedureHtml(const ConfirmationRequest& request, const ConfirmationResult& result) {
  const auto& first = request.frames.front().source;
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Needle "
       "confirmation - " +
       escapeHtml(first.patient.id) + "</title>\n";
  h +=
      "<style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;"
      "margin:.5em 0}th,td{text-align:left;padding:.2em .8em;border-bottom:1px solid #ccc}"
      "figure{display:inline-block;margin:1em 1em 1em 0;vertical-align:top}figure img{border:1px "
      "solid #444}"
      ".muted{color:#666}</style></head><body>\n";
  h += "<h1>Needle position confirmation</h1>\n<table>\n";
  h += row("Patient",
           fv::dicom::formatPersonName(first.patient.name) + " (ID " + first.patient.id + ")");
  h += row("Study", first.study.date + " " + first.study.description);
  h += row("Accession number", first.study.accessionNumber);
  h += row("Source series", first.series.modality + " " + first.series.description);
  h += row("Operator", request.operatorName.empty()
                           ? std::string("not recorded")
                           : fv::dicom::formatPersonName(request.operatorName));
  h += row("Saved", result.savedAt);
  if (result.generation > 1)
    h += row("Amendment", "version " + std::to_string(result.generation) + ", amends " +
                              std::to_string(result.predecessors.size()) + " earlier report(s)");
  h += row("Frames in run", std::to_string(std::max<uint32_t>(1, first.pixels.frames)));
  h += row("Fluoroscopy time", number(first.exposure.fluoroscopyTimeS, "%.1f", " s"));
  h += row("kVp", number(first.exposure.kvp, "%.0f", " kV"));
  h += row("Tube current", number(first.exposure.tubeCurrentMa, "%.1f", " mA"));
  h += row("Dose-area product",
           number(first.exposure.doseAreaProduct, "%.3f", " dGy\u00B7cm\u00B2"));
  h += "</table>\n<h2>Confirmed frames</h2>\n";
  for (size_t i = 0; i < request.frames.size() && i < result.frames.size(); ++i) {
    const auto& f = request.frames[i];
    const auto& o = result.frames[i];
    std::string title = "Frame " + std::to_string(o.frame + 1);
    if (o.timeS) title += " at " + number(o.timeS, "%.2f", " s");
    h += "<figure>";
    if (!o.figure.jpeg.empty())
      h += "<img alt=\"" + escapeHtml(title) + "\" width=\"" +
           std::to_string(std::min<uint32_t>(o.figure.columns, 384)) +
           "\" src=\"data:image/jpeg;base64," + base64(o.figure.jpeg) + "\">";
    h += "<figcaption><b>" + escapeHtml(title) + "</b><br>\n";
    for (const auto& line : o.measurements.describe()) h += escapeHtml(line) + "<br>\n";
    const auto cal = f.effectiveCalibration();
    h += "<span class=\"muted\">Calibration: " +
         std::string(fv::dicom::toString(cal.calibrated() ? cal.source
                                                          : fv::dicom::CalibrationSource::None));
    if (cal.calibrated())
      h +=
          " (" + number(cal.rowMm, "%.4f", "") + " x " + number(cal.columnMm, "%.4f", " mm/pixel)");
    h += "</span><br>\n<ul>";
    for (const auto& a : f.annotations)
      if (a.valid())
        h += "<li>" +
             escapeHtml(std::string(toString(a.kind)) +
                        (a.text.empty() ? "" : " \"" + a.text + "\"") + " at row, col " +
                        pointsText(a)) +
             "</li>";
    h += "</ul><span class=\"muted\">" + escapeHtml(fileName(o.secondaryCapture.path)) + ", " +
         escapeHtml(fileName(o.presentationState.path)) + "</span></figcaption></figure>\n";
  }
  if (const auto notes = outputNotes(result); !notes.empty()) {
    h += "<h2>Notes on the DICOM objects</h2>\n<p>Values of the source that could not be "
         "copied validly (never guessed):</p>\n<ul>\n";
    for (const auto& n : notes) {
      std::string files;
      for (const auto& f : n.files) files += (files.empty() ? "" : ", ") + f;
      h += "<li>" + escapeHtml(n.note.text()) + " <span class=\"muted\">(" + escapeHtml(files) +
           ")</span></li>\n";
    }
    h += "</ul>\n";
  }
  h += "<p>Report: <a href=\"" + escapeHtml(fileName(result.pdfPath)) + "\">" +
       escapeHtml(fileName(result.pdfPath)) + "</a> (in the record as " +
       escapeHtml(fileName(result.encapsulatedPdf.path)) + "); measurements as DICOM SR " +
       escapeHtml(fileName(result.measurementReport.path)) + ".</p>\n";
  h += "<p class=\"muted\">Key Object Selection " +
       escapeHtml(fileName(result.keyObjectSelection.path)) + ": \"" +
       escapeHtml(request.keyObjectText) + "\". Written by FluoroView " + escapeHtml(utcNow()) +
       ". Coordinates are image pixels (row, column), 0-based.</p>\n</body></html>\n";
  return h;
}

}  // namespace fv::fluoro
