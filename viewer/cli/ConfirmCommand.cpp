// `confirm`: the needle-confirmation save of the fluoroscopy plugin, headless (docs/cli.md).
#include <algorithm>
#include <ctime>
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "FrameSelection.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/Json.h"
#include "fv/fluoro/Confirmation.h"
#include "fv/fluoro/ProcedureRecord.h"

namespace fv::cli {

using namespace fv::dicom;
using fv::fluoro::Annotation;
using fv::fluoro::AnnotationKind;
using fv::fluoro::Point;

namespace {

constexpr const char* kUsageText =
    "usage: fluoroview-cli confirm SOURCE --frame N --tip ROW,COL [--target ROW,COL] [--entry "
    "ROW,COL]\n"
    "         [--label TEXT] [--window CENTER/WIDTH] [--series UID] [--burn-patient]\n"
    "         [--operator FAMILY^GIVEN] --out DIR [--json]\n"
    "  coordinates: source pixels, 0-based, pixel centres at integers; frames from 1\n";

Point toPoint(const std::pair<double, double>& rc) {
  return {rc.second, rc.first};
}

Annotation annotation(AnnotationKind kind, std::vector<Point> points, std::string text = {}) {
  Annotation a;
  a.kind = kind;
  a.points = std::move(points);
  a.text = std::move(text);
  return a;
}

Json writtenJson(const WrittenObject& o) {
  Json notes = Json::array();
  for (const auto& n : o.notes) notes.push(n.text());
  return Json::object()
      .set("path", o.path)
      .set("sopClassUid", o.sopClassUid)
      .set("sopInstanceUid", o.sopInstanceUid)
      .set("notes", notes);
}

}  // namespace

int runConfirm(int argc, char** argv) {
  const Args a =
      parseArgs(argc, argv, 2,
                {"frame", "tip", "target", "entry", "label", "window", "out", "series", "operator"},
                {"json", "burn-patient"});
  std::string problem = a.error;
  const auto frameNumber = a.option("frame") ? parsePositive(*a.option("frame")) : std::nullopt;
  const auto tip = a.option("tip") ? parseRowCol(*a.option("tip")) : std::nullopt;
  const auto target = a.option("target") ? parseRowCol(*a.option("target")) : std::nullopt;
  const auto entry = a.option("entry") ? parseRowCol(*a.option("entry")) : std::nullopt;
  const auto window = a.option("window") ? parseWindow(*a.option("window")) : std::nullopt;
  if (problem.empty() && a.positional.size() != 1) problem = "give exactly one SOURCE";
  if (problem.empty() && !frameNumber) problem = "--frame needs a number from 1";
  if (problem.empty() && !tip) problem = "--tip needs ROW,COL";
  if (problem.empty() && a.option("target") && !target) problem = "--target needs ROW,COL";
  if (problem.empty() && a.option("entry") && !entry) problem = "--entry needs ROW,COL";
  if (problem.empty() && a.option("window") && !window)
    problem = "--window needs CENTER/WIDTH with WIDTH > 0";
  if (problem.empty() && !a.option("out")) problem = "--out DIR is required";
  if (!problem.empty()) {
    std::cerr << kUsageText << "error: " << problem << "\n";
    return kUsage;
  }

  int exitCode = kOk;
  const auto source =
      openSourceFrame(a.positional[0], a.option("series").value_or(""), *frameNumber, exitCode);
  if (!source) return exitCode;
  const InstanceInfo& info = source->info();
  const auto inside = [&](const std::pair<double, double>& rc) {
    return rc.first > -0.5 && rc.second > -0.5 && rc.first < info.pixels.rows - 0.5 &&
           rc.second < info.pixels.columns - 0.5;
  };
  for (const auto& [name, p] :
       {std::pair{"--tip", tip}, {"--target", target}, {"--entry", entry}}) {
    if (p && !inside(*p)) {
      std::cerr << "error: " << name << " is outside the " << info.pixels.rows << "x"
                << info.pixels.columns << " image\n";
      return kUsage;
    }
  }

  fv::fluoro::ConfirmedFrame frame;
  frame.source = info;
  frame.frame = source->ref.frame;
  frame.window = window;
  frame.markedAt = fv::fluoro::utcNow();
  frame.annotations.push_back(annotation(AnnotationKind::NeedleTip, {toPoint(*tip)}));
  if (target) frame.annotations.push_back(annotation(AnnotationKind::Target, {toPoint(*target)}));
  if (entry)
    frame.annotations.push_back(
        annotation(AnnotationKind::Trajectory, {toPoint(*entry), toPoint(*tip)}));
  if (auto label = a.option("label"); label && !label->empty()) {
    const Point anchor{std::min(toPoint(*tip).x + 16.0, info.pixels.columns - 1.0),
                       std::max(toPoint(*tip).y - 16.0, 0.0)};
    frame.annotations.push_back(annotation(AnnotationKind::Label, {anchor}, *label));
  }

  fv::fluoro::ConfirmationRequest request;
  request.frames.push_back(std::move(frame));
  request.folder = *a.option("out");
  request.burnPatientDetails = a.flag("burn-patient");
  request.operatorName = a.option("operator").value_or("");
  auto saved = fv::fluoro::saveConfirmation(request);
  if (!saved) {
    std::cerr << "error: " << saved.error().toString() << "\n";
    return kInputError;  // exit 2: "some output not written" (docs/cli.md)
  }
  const auto& m = saved->frames.front().measurements;
  if (a.flag("json")) {
    Json written = Json::array();
    for (const auto& o : saved->written()) written.push(writtenJson(o));
    Json amends = Json::array();
    for (const auto& o : saved->predecessors) amends.push(o.path);
    std::optional<double> mm, px;
    if (m.tipToTarget) (m.tipToTarget->millimetres ? mm : px) = m.tipToTarget->value;
    std::cout << Json::object()
                     .set("written", written)
                     .set("record", Json::object()
                                        .set("json", saved->recordJsonPath)
                                        .set("html", saved->recordHtmlPath)
                                        .set("pdf", saved->pdfPath))
                     .set("generation", saved->generation)
                     .set("amends", amends)
                     .set("measurements",
                          Json::object()
                              .set("tipToTargetMm", mm)
                              .set("tipToTargetPx", px)
                              .set("trajectoryAngleDeg", m.trajectoryAngleDeg)
                              .set("calibrationSource", toString(m.calibrationSource)))
                     .dump()
              << "\n";
  } else {
    for (const auto& o : saved->written()) {
      std::cout << "wrote " << o.path << "\n";
      for (const auto& n : o.notes) std::cout << "  note: " << n.text() << "\n";
    }
    std::cout << "wrote " << saved->pdfPath << "\nwrote " << saved->recordJsonPath << "\nwrote "
              << saved->recordHtmlPath << "\n";
    for (const auto& o : saved->predecessors) std::cout << "amends " << o.path << "\n";
    for (const auto& line : m.describe()) std::cout << line << "\n";
  }
  return source->index->errors.empty() ? kOk : kInputError;
}

}  // namespace fv::cli
