#include "TeachingSupport.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "DeidentifyTestSupport.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/fluoro/Confirmation.h"

namespace fv::test::teaching {

using fv::fluoro::Annotation;
using fv::fluoro::AnnotationKind;

namespace {

Annotation make(AnnotationKind kind, std::vector<fv::fluoro::Point> points, std::string text = {}) {
  Annotation a;
  a.kind = kind;
  a.points = std::move(points);
  a.text = std::move(text);
  return a;
}

PhiCase makeCase() {
  PhiCase c;
  c.sources = deid::generatedSources();
  auto xa = dicom::readInstanceHeader(c.sources.front());
  if (!xa) {
    ADD_FAILURE() << xa.error().toString();
    return c;
  }
  fv::fluoro::ConfirmedFrame frame;
  frame.source = *xa;
  frame.frame = 1;
  frame.annotations = {make(AnnotationKind::NeedleTip, {{30.0, 34.0}}),
                       make(AnnotationKind::Target, {{33.0, 36.0}}),
                       make(AnnotationKind::Trajectory, {{8.0, 10.0}, {30.0, 34.0}})};
  fv::fluoro::ConfirmationRequest rq;
  rq.frames = {frame};
  rq.folder = tempDir("teaching-confirmation");
  rq.burnPatientDetails = true;
  rq.operatorName = "Operatorova^Katarina";  // staff identity: must not reach the bundle either
  auto saved = fv::fluoro::saveConfirmation(rq);
  if (!saved) ADD_FAILURE() << saved.error().toString();
  c.confirmation = rq.folder;
  return c;
}

}  // namespace

std::vector<std::string> PhiCase::inputs() const {
  std::vector<std::string> all = sources;
  all.push_back(confirmation);
  return all;
}

const PhiCase& phiCase() {
  static const PhiCase c = makeCase();
  return c;
}

fv::teaching::TeachingRequest request(const std::vector<std::string>& inputs,
                                      const std::string& name) {
  fv::teaching::TeachingRequest rq;
  rq.inputs = inputs;
  rq.out = tempDir("teaching-" + name) + "/" + name;
  rq.text.title = "Right hip injection, anterior approach";
  rq.text.teachingPoints = {"Aim for the head-neck junction", "Confirm intra-articular spread"};
  return rq;
}

fv::teaching::TeachingResult exportOrFail(const fv::teaching::TeachingRequest& rq) {
  auto r = fv::teaching::exportTeachingFile(rq);
  if (!r) {
    ADD_FAILURE() << r.error().toString();
    return {};
  }
  return *r;
}

std::vector<std::string> ofKind(const fv::teaching::TeachingResult& result,
                                const std::string& kind) {
  std::vector<std::string> out;
  for (const auto& f : result.written)
    if (f.kind == kind) out.push_back(f.path);
  return out;
}

}  // namespace fv::test::teaching
