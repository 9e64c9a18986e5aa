#include "fv/fluoro/Confirmation.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <set>

#include "RecordObjects.h"
#include "fv/dicom/AtomicFile.h"
#include "fv/dicom/InstanceDecoder.h"
#include "fv/dicom/PersonName.h"
#include "fv/fluoro/BurnIn.h"
#include "fv/fluoro/Canvas.h"
#include "fv/fluoro/PresentationMapping.h"
#include "fv/fluoro/ProcedurePdf.h"
#include "fv/fluoro/ProcedureRecord.h"

namespace fv::fluoro {
namespace {

namespace fs = std::filesystem;
using fv::dicom::ErrorCode;
using fv::dicom::Image8;
using fv::dicom::makeError;
using fv::dicom::Result;
using fv::dicom::WrittenObject;

std::string frameName(const char* prefix, int sourceIndex, uint32_t frame,
                      const std::string& suffix) {
  char buf[96];
  if (sourceIndex > 0)
    std::snprintf(buf, sizeof buf, "%s_img%d_frame%03u%s.dcm", prefix, sourceIndex, frame + 1,
                  suffix.c_str());
  else
    std::snprintf(buf, sizeof buf, "%s_frame%03u%s.dcm", prefix, frame + 1, suffix.c_str());
  return buf;
}

// Output file names of one save (with `suffix` applied).
struct Names {
  std::vector<std::string> sc, pr;
  std::string sr, doc, pdf, ko, json, html;
  std::vector<std::string> all() const {
    std::vector<std::string> v = sc;
    v.insert(v.end(), pr.begin(), pr.end());
    v.insert(v.end(), {sr, doc, pdf, ko, json, html});
    return v;
  }
};

Names namesFor(const ConfirmationRequest& request, const std::string& suffix) {
  std::vector<std::string> sources;
  for (const auto& f : request.frames)
    if (std::find(sources.begin(), sources.end(), f.source.sopInstanceUid) == sources.end())
      sources.push_back(f.source.sopInstanceUid);
  Names n;
  for (const auto& f : request.frames) {
    const int index =
        sources.size() > 1
            ? static_cast<int>(std::find(sources.begin(), sources.end(), f.source.sopInstanceUid) -
                               sources.begin()) +
                  1
            : 0;
    n.sc.push_back(frameName("SC", index, f.frame, suffix));
    n.pr.push_back(frameName("PR", index, f.frame, suffix));
  }
  n.sr = "SR" + suffix + ".dcm";
  n.doc = "DOC" + suffix + ".dcm";
  n.pdf = "procedure" + suffix + ".pdf";
  n.ko = "KO" + suffix + ".dcm";
  n.json = "procedure" + suffix + ".json";
  n.html = "procedure" + suffix + ".html";
  return n;
}

Result<Names> chooseNames(const ConfirmationRequest& request) {
  for (int k = 1; k < 1000; ++k) {
    const std::string suffix = k == 1 ? "" : "-" + std::to_string(k);
    Names n = namesFor(request, suffix);
    bool free = true;
    for (const auto& name : n.all()) {
      std::error_code ec;
      if (fs::exists(fs::path(request.folder) / name, ec) || ec) {
        free = false;
        break;
      }
    }
    if (free) return n;
  }
  return makeError(ErrorCode::Io, "too many earlier confirmations in this folder", request.folder);
}

fv::dicom::Status checkRequest(const ConfirmationRequest& request) {
  if (request.frames.empty())
    return makeError(ErrorCode::InvalidArgument, "no confirmed frames to save");
  std::set<std::pair<std::string, uint32_t>> seen;
  for (const auto& f : request.frames) {
    if (!f.source.hasPixelData || f.frame >= std::max<uint32_t>(1, f.source.pixels.frames))
      return makeError(ErrorCode::InvalidArgument,
                       "frame " + std::to_string(f.frame + 1) + " does not exist in the source",
                       f.source.path);
    if (!seen.insert({f.source.sopInstanceUid, f.frame}).second)
      return makeError(ErrorCode::InvalidArgument,
                       "frame " + std::to_string(f.frame + 1) + " is confirmed twice",
                       f.source.path);
  }
  std::error_code ec;
  if (request.folder.empty() || !fs::is_directory(request.folder, ec))
    return makeError(ErrorCode::NotFound, "output folder does not exist", request.folder);
  if (::access(request.folder.c_str(), W_OK | X_OK) != 0)
    return makeError(ErrorCode::Io, "output folder is read-only or not writable", request.folder);
  return {};
}

std::optional<double> frameTimeS(const fv::dicom::InstanceInfo& info, uint32_t frame) {
  if (info.pixels.frames <= 1 || !info.cine.nominalFrameTimeMs()) return std::nullopt;
  const auto times = info.cine.frameStartTimesMs(static_cast<int>(info.pixels.frames));
  if (frame >= times.size()) return std::nullopt;
  return times[frame] / 1000.0;
}

// Removes what this save wrote so far (each file was complete; the save as a whole was not).
void rollback(const std::vector<std::string>& paths) {
  for (const auto& p : paths) ::unlink(p.c_str());
}

}  // namespace

std::vector<WrittenObject> ConfirmationResult::written() const {
  std::vector<WrittenObject> out;
  for (const auto& f : frames) {
    out.push_back(f.secondaryCapture);
    out.push_back(f.presentationState);
  }
  out.push_back(measurementReport);
  out.push_back(encapsulatedPdf);
  out.push_back(keyObjectSelection);
  return out;
}

Result<Image8> renderAnnotatedFrame(const ConfirmedFrame& f, const BurnInOptions& burn) {
  auto decoder = fv::dicom::InstanceDecoder::open(f.source);
  if (!decoder) return decoder.error();
  auto frame = (*decoder)->decode(f.frame);
  if (!frame) return frame.error();
  fv::dicom::DisplayOptions options;
  options.window = f.window;
  options.invert = f.inverted;
  auto grey = fv::dicom::renderFrame(f.source, *frame, f.frame, options);
  if (!grey) return grey.error();
  Image8 rgb = toRgb(*grey);
  burnIn(rgb, f.annotations, measure(f.annotations, f.effectiveCalibration()), burn);
  return rgb;
}

Result<Image8> renderConfirmationImage(const ConfirmedFrame& f, bool burnPatientDetails) {
  BurnInOptions burn;
  burn.headerLines.push_back("Needle confirmation");
  char line[96];
  const auto t = frameTimeS(f.source, f.frame);
  if (t)
    std::snprintf(line, sizeof line, "Frame %u of %u  t = %.2f s", f.frame + 1,
                  std::max<uint32_t>(1, f.source.pixels.frames), *t);
  else
    std::snprintf(line, sizeof line, "Frame %u of %u", f.frame + 1,
                  std::max<uint32_t>(1, f.source.pixels.frames));
  burn.headerLines.push_back(line);
  static_assert(kPatientDetailsHeaderLine == 2, "the patient line follows the two lines above");
  if (burnPatientDetails)
    burn.headerLines.push_back(fv::dicom::formatPersonName(f.source.patient.name) + "  ID " +
                               f.source.patient.id);
  return renderAnnotatedFrame(f, burn);
}

Result<ConfirmationResult> saveConfirmation(const ConfirmationRequest& request) {
  if (auto s = checkRequest(request); !s) return s.error();
  auto names = chooseNames(request);
  if (!names) return names.error();
  const fs::path folder(request.folder);

  const std::string& who = request.operatorName;
  fv::dicom::DerivedSeries scSeries{fv::dicom::newUid(), 900, "Needle confirmation", who};
  fv::dicom::DerivedSeries prSeries{fv::dicom::newUid(), 901, "Needle confirmation annotations",
                                    who};
  fv::dicom::DerivedSeries koSeries{fv::dicom::newUid(), 902, "Needle confirmation key images",
                                    who};
  fv::dicom::DerivedSeries srSeries{fv::dicom::newUid(), 903, "Needle confirmation report", who};
  fv::dicom::DerivedSeries docSeries{fv::dicom::newUid(), 904, "Needle confirmation report (PDF)",
                                     who};

  ConfirmationResult result;
  result.savedAt = utcNow();
  result.predecessors = detail::earlierReports(request.folder, request.frames);
  result.generation = 1 + static_cast<int>(result.predecessors.size() > 0);
  for (const auto& p : result.predecessors) {
    auto earlier = fv::dicom::readMeasurementReport(p.path);
    if (earlier)
      result.generation = std::max(
          result.generation, 2 + static_cast<int>(earlier->predecessorSopInstanceUids.size()));
  }
  std::vector<std::string> writtenPaths;
  auto fail = [&](fv::dicom::Error e) -> Result<ConfirmationResult> {
    rollback(writtenPaths);
    return e;
  };

  for (size_t i = 0; i < request.frames.size(); ++i) {
    const ConfirmedFrame& f = request.frames[i];
    ConfirmedOutput out;
    out.frame = f.frame;
    out.timeS = frameTimeS(f.source, f.frame);
    out.measurements = measure(f.annotations, f.effectiveCalibration());

    auto rgb = renderConfirmationImage(f, request.burnPatientDetails);
    if (!rgb) return fail(rgb.error());

    fv::dicom::SecondaryCaptureRequest sc;
    sc.source = {f.source, f.frame};
    sc.rgb = std::move(*rgb);
    sc.series = scSeries;
    sc.instanceNumber = static_cast<int>(i + 1);
    char description[160];
    std::snprintf(description, sizeof description,
                  "Needle position confirmation, frame %u, annotations burned in", f.frame + 1);
    sc.derivationDescription = description;
    sc.folder = request.folder;
    sc.fileName = names->sc[i];
    auto scWritten = fv::dicom::writeSecondaryCapture(sc);
    if (!scWritten) return fail(scWritten.error());
    writtenPaths.push_back(scWritten->path);
    out.secondaryCapture = *scWritten;
    out.preview = downscale(sc.rgb, 384);
    out.figure = reportFigure(sc.rgb);

    fv::dicom::PresentationStateRequest pr;
    pr.source = {f.source, f.frame};
    pr.content = toPresentation(f.annotations, out.measurements, f.source.pixels.rows);
    pr.content.window = f.window;
    pr.content.description = "Needle confirmation, frame " + std::to_string(f.frame + 1);
    pr.content.creator = who;
    pr.series = prSeries;
    pr.instanceNumber = static_cast<int>(i + 1);
    pr.folder = request.folder;
    pr.fileName = names->pr[i];
    auto prWritten = fv::dicom::writePresentationState(pr);
    if (!prWritten) return fail(prWritten.error());
    writtenPaths.push_back(prWritten->path);
    out.presentationState = *prWritten;
    result.frames.push_back(std::move(out));
  }

  fv::dicom::MeasurementReportRequest sr;
  sr.groups = detail::reportGroups(request, result);
  sr.observer = who;
  sr.predecessors = result.predecessors;
  sr.series = srSeries;
  sr.folder = request.folder;
  sr.fileName = names->sr;
  auto srWritten = fv::dicom::writeMeasurementReport(sr);
  if (!srWritten) return fail(srWritten.error());
  writtenPaths.push_back(srWritten->path);
  result.measurementReport = *srWritten;

  result.pdfPath = (folder / names->pdf).string();
  auto pdf = procedurePdf(request, result);
  if (!pdf) return fail(pdf.error());
  if (auto s = fv::dicom::writeFileAtomically(result.pdfPath, pdf->data(), pdf->size(),
                                              fv::dicom::Overwrite::Never);
      !s)
    return fail(s.error());
  writtenPaths.push_back(result.pdfPath);
  fv::dicom::EncapsulatedPdfRequest doc;
  doc.source = {request.frames.front().source, request.frames.front().frame};
  doc.pdf = std::move(*pdf);
  doc.title = result.generation > 1 ? "Needle position confirmation (amended)"
                                    : "Needle position confirmation";
  doc.sources = {result.measurementReport};
  for (const auto& o : result.frames) doc.sources.push_back(o.secondaryCapture);
  doc.series = docSeries;
  doc.folder = request.folder;
  doc.fileName = names->doc;
  auto docWritten = fv::dicom::writeEncapsulatedPdf(doc);
  if (!docWritten) return fail(docWritten.error());
  writtenPaths.push_back(docWritten->path);
  result.encapsulatedPdf = *docWritten;

  fv::dicom::KeyObjectRequest ko;
  for (const auto& f : request.frames) ko.frames.push_back({f.source, f.frame});
  for (const auto& o : result.frames) {
    ko.alsoReference.push_back(o.secondaryCapture);
    ko.alsoReference.push_back(o.presentationState);
  }
  ko.alsoReference.push_back(result.measurementReport);
  ko.alsoReference.push_back(result.encapsulatedPdf);
  ko.description = request.keyObjectText;
  ko.observer = who;
  ko.series = koSeries;
  ko.folder = request.folder;
  ko.fileName = names->ko;
  auto koWritten = fv::dicom::writeKeyObjectSelection(ko);
  if (!koWritten) return fail(koWritten.error());
  writtenPaths.push_back(koWritten->path);
  result.keyObjectSelection = *koWritten;

  result.recordJsonPath = (folder / names->json).string();
  result.recordHtmlPath = (folder / names->html).string();
  const std::string json = procedureJson(request, result);
  if (auto s = fv::dicom::writeFileAtomically(result.recordJsonPath, json.data(), json.size(),
                                              fv::dicom::Overwrite::Never);
      !s)
    return fail(s.error());
  writtenPaths.push_back(result.recordJsonPath);
  const std::string html = procedureHtml(request, result);
  if (auto s = fv::dicom::writeFileAtomically(result.recordHtmlPath, html.data(), html.size(),
                                              fv::dicom::Overwrite::Never);
      !s)
    return fail(s.error());
  return result;
}

}  // namespace fv::fluoro
