#include "SeriesJson.h"

#include <cstdio>
#include <sstream>

#include "fv/dicom/Positioner.h"
#include "fv/dicom/TransferSyntax.h"

namespace fv::cli {

using namespace fv::dicom;

namespace {

// The instance that best represents the series' images (first one with pixel data).
const InstanceInfo* representative(const Series& s) {
  for (const auto& st : s.stacks)
    if (!st.frames.empty()) return &s.instanceOf(st.frames.front());
  return s.instances.empty() ? nullptr : &s.instances.front();
}

Json stackToJson(const Series& series, const Stack& st) {
  Json j = Json::object();
  j.set("kind", toString(st.kind));
  j.set("frames", st.frames.size());
  j.set("rows", st.rows).set("columns", st.columns);
  const std::string o = st.orientationName();
  j.set("orientation", o.empty() ? Json() : Json(o));
  j.set("sliceSpacingMm", st.sliceSpacing);
  j.set("uniformSpacing", st.uniformSpacing);
  std::optional<double> frameTime;
  if (st.kind == StackKind::Cine) frameTime = series.instanceOf(st.frames.front()).cine.nominalFrameTimeMs();
  j.set("frameTimeMs", frameTime);
  Json w = Json::array();
  for (const auto& s : st.warnings) w.push(s);
  j.set("warnings", w);
  return j;
}

}  // namespace

Json seriesToJson(const Patient& patient, const Study& study, const Series& series) {
  const InstanceInfo* rep = representative(series);
  Json j = Json::object();
  j.set("patientId", patient.key.id).set("patientName", patient.key.name);
  j.set("studyInstanceUid", study.key.instanceUid).set("studyDate", study.key.date);
  j.set("studyDescription", study.key.description);
  j.set("seriesInstanceUid", series.key.instanceUid);
  j.set("seriesNumber", series.key.number);
  j.set("seriesDescription", series.key.description);
  j.set("modality", series.key.modality);
  j.set("bodyPart", series.key.bodyPart);
  j.set("sopClassUid", series.sopClassUid);
  j.set("transferSyntaxUid", series.transferSyntaxUid);
  j.set("transferSyntax", transferSyntaxName(series.transferSyntaxUid));
  j.set("rows", rep ? rep->pixels.rows : 0u).set("columns", rep ? rep->pixels.columns : 0u);
  j.set("instances", series.instances.size());
  j.set("frames", series.frameCount());
  if (rep && rep->hasPixelData) {
    j.set("photometric", toString(rep->pixels.photometric));
    j.set("bitsStored", rep->pixels.bitsStored);
    j.set("signed", rep->pixels.isSigned);
  } else {
    j.set("photometric", Json()).set("bitsStored", Json()).set("signed", Json());
  }
  Json stacks = Json::array();
  for (const auto& st : series.stacks) stacks.push(stackToJson(series, st));
  j.set("stacks", stacks);

  std::optional<double> frameTime;
  for (const auto& inst : series.instances)
    if (inst.isMultiFrame() && (frameTime = inst.cine.nominalFrameTimeMs())) break;
  j.set("frameTimeMs", frameTime);

  Json cal = Json::object();
  const Calibration c = rep ? rep->calibration : Calibration{};
  cal.set("rowMm", c.rowMm).set("columnMm", c.columnMm).set("source", toString(c.source));
  j.set("calibration", cal);

  std::optional<std::string> positioner;
  for (const auto& inst : series.instances)
    if (inst.positioner) { positioner = positionerText(*inst.positioner); break; }
  j.set("positioner", positioner);

  Json windows = Json::array();
  if (rep)
    for (const auto& w : rep->windows)
      windows.push(Json::object().set("center", w.center).set("width", w.width).set("explanation", w.explanation));
  j.set("windows", windows);
  j.set("shutters", rep && rep->shutter.any());
  j.set("overlays", rep ? rep->overlays.size() : 0u);
  Json warnings = Json::array();
  for (const auto& w : series.warnings) warnings.push(w);
  j.set("warnings", warnings);
  return j;
}

Json indexToJson(const DicomIndex& index) {
  Json series = Json::array();
  for (const auto& p : index.patients)
    for (const auto& st : p.studies)
      for (const auto& se : st.series) series.push(seriesToJson(p, st, se));
  Json errors = Json::array();
  for (const auto& e : index.errors) {
    std::string message = e.message;
    if (!e.detail.empty() && e.detail != e.message) message += " (" + e.detail + ")";
    errors.push(Json::object().set("path", e.path).set("message", message).set("code", toString(e.code)));
  }
  return Json::object().set("series", series).set("errors", errors).set("skipped", index.skipped).set("files", index.files);
}

std::string indexToText(const DicomIndex& index) {
  std::ostringstream out;
  for (const auto& p : index.patients) {
    out << "Patient " << p.key.name << " [" << p.key.id << "]\n";
    for (const auto& st : p.studies) {
      out << "  Study " << st.key.date << " " << st.key.description << " (" << st.key.instanceUid << ")\n";
      for (const auto& se : st.series) {
        out << "    Series " << (se.key.number ? std::to_string(*se.key.number) : "-") << " " << se.key.modality
            << " \"" << se.key.description << "\": " << se.instances.size() << " instance(s), "
            << se.frameCount() << " frame(s), " << transferSyntaxName(se.transferSyntaxUid) << "\n";
        out << "      UID " << se.key.instanceUid << "\n";
        const InstanceInfo* rep = representative(se);
        if (rep && rep->hasPixelData) {
          out << "      " << rep->pixels.columns << "x" << rep->pixels.rows << " "
              << toString(rep->pixels.photometric) << " " << rep->pixels.bitsStored << " bits";
          if (rep->calibration.calibrated())
            out << ", " << *rep->calibration.rowMm << " x " << *rep->calibration.columnMm << " mm ("
                << toString(rep->calibration.source) << ")";
          if (auto ft = rep->cine.nominalFrameTimeMs(); ft && rep->isMultiFrame())
            out << ", " << *ft << " ms/frame";
          if (rep->positioner) out << ", " << positionerText(*rep->positioner);
          out << "\n";
        }
        for (size_t k = 0; k < se.stacks.size(); ++k) {
          const Stack& s = se.stacks[k];
          out << "      stack " << k + 1 << ": " << toString(s.kind) << ", " << s.frames.size() << " frame(s)";
          if (!s.orientationName().empty()) out << ", " << s.orientationName();
          if (s.sliceSpacing) out << ", spacing " << *s.sliceSpacing << " mm";
          out << "\n";
          for (const auto& w : s.warnings) out << "        warning: " << w << "\n";
        }
        for (const auto& w : se.warnings) out << "      warning: " << w << "\n";
      }
    }
  }
  for (const auto& e : index.errors) out << "error: " << e.toString() << "\n";
  out << index.files << " DICOM file(s), " << index.errors.size() << " error(s), " << index.skipped
      << " non-DICOM file(s) skipped\n";
  return out.str();
}

}  // namespace fv::cli
