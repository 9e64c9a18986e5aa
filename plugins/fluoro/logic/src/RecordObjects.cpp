#include "RecordObjects.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>

#include "fv/dicom/Indexer.h"

namespace fv::fluoro::detail {

namespace fs = std::filesystem;
using fv::dicom::WrittenObject;

std::vector<WrittenObject> earlierReports(const std::string& folder,
                                          const std::vector<ConfirmedFrame>& frames) {
  std::set<std::pair<std::string, uint32_t>> ours;  // SOP instance, 0-based frame
  for (const auto& f : frames) ours.insert({f.source.sopInstanceUid, f.frame});
  std::vector<fv::dicom::MeasurementReportInfo> matching;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("SR", 0) != 0 || entry.path().extension() != ".dcm") continue;
    auto report = fv::dicom::readMeasurementReport(entry.path().string());
    if (!report) continue;  // not ours or unreadable: not a predecessor
    const bool measuredOurs =
        std::any_of(report->measurements.begin(), report->measurements.end(), [&](const auto& m) {
          for (const auto& f : frames)
            if (m.image.sopInstanceUid == f.source.sopInstanceUid &&
                (m.image.frame == f.frame + 1 || (m.image.frame == 0 && f.frame == 0)))
              return true;
          return false;
        });
    if (measuredOurs) matching.push_back(std::move(*report));
  }
  std::set<std::string> amended;
  for (const auto& r : matching)
    amended.insert(r.predecessorSopInstanceUids.begin(), r.predecessorSopInstanceUids.end());
  std::vector<WrittenObject> out;
  for (const auto& r : matching)
    if (!amended.count(r.sopInstanceUid))
      out.push_back({r.path, fv::dicom::kComprehensiveSrUid, r.sopInstanceUid, {}});
  std::sort(out.begin(), out.end(),
            [](const WrittenObject& a, const WrittenObject& b) { return a.path < b.path; });
  return out;
}

std::string reportValue(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", value);
  return buf;
}

std::vector<fv::dicom::ReportGroup> reportGroups(const ConfirmationRequest& request,
                                                 const ConfirmationResult& result) {
  std::vector<fv::dicom::ReportGroup> groups;
  for (size_t i = 0; i < request.frames.size() && i < result.frames.size(); ++i) {
    const ConfirmedFrame& f = request.frames[i];
    const ConfirmedOutput& o = result.frames[i];
    fv::dicom::ReportGroup g;
    g.source = {f.source, f.frame};
    g.presentationState = o.presentationState;
    g.derivedImage = o.secondaryCapture;
    g.trackingId = "Needle confirmation frame " + std::to_string(f.frame + 1);
    const FrameMeasurements& m = o.measurements;
    if (m.tipToTarget && m.tip && m.target)
      g.measurements.push_back(
          {fv::dicom::kConceptDistance,
           reportValue(m.tipToTarget->value),
           m.tipToTarget->millimetres ? fv::dicom::kUnitMillimetre : fv::dicom::kUnitPixel,
           {{m.tip->x, m.tip->y}, {m.target->x, m.target->y}}});
    if (m.trajectoryAngleDeg) {
      std::vector<fv::dicom::ImagePoint> line;
      for (const auto& a : f.annotations)
        if (a.kind == AnnotationKind::Trajectory && a.valid())
          line = {{a.points[0].x, a.points[0].y}, {a.points[1].x, a.points[1].y}};
      g.measurements.push_back({fv::dicom::kConceptAngle, reportValue(*m.trajectoryAngleDeg),
                                fv::dicom::kUnitDegree, line});
    }
    std::string method = fv::dicom::toString(m.calibrationSource);
    if (!m.angleReference.empty()) method += "; angle to " + m.angleReference;
    g.calibrationMethod = method;
    groups.push_back(std::move(g));
  }
  return groups;
}

}  // namespace fv::fluoro::detail
