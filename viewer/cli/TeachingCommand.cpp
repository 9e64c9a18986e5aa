// `export-teaching`: a de-identified teaching-file bundle (docs/cli.md, docs/teaching-files.md).
#include <iostream>
#include <sstream>

#include "Args.h"
#include "Commands.h"
#include "fv/dicom/Json.h"
#include "fv/teaching/ProfileOptions.h"
#include "fv/teaching/TeachingExport.h"

namespace fv::cli {

using namespace fv::dicom;

namespace {

constexpr const char* kUsageText =
    "usage: fluoroview-cli export-teaching PATH... --out DIR [--case case.json]\n"
    "         [--options OPTION,...] [--redact X,Y,W,H]... [--patient-name NAME] [--patient-id "
    "ID]\n"
    "         [--ocr] [--dicom-only] [--video both|mp4|gif|none] [--threads N] [--json]\n"
    "  OPTION: retain-uids, retain-device-identity, retain-institution-identity,\n"
    "          retain-patient-characteristics, retain-full-dates, retain-modified-dates,\n"
    "          clean-descriptors, clean-structured-content, clean-graphics, clean-pixel-data\n"
    "  --redact blanks columns X..X+W-1, rows Y..Y+H-1 of every frame (implies clean-pixel-data)\n"
    "  --ocr finds burned-in text (Tesseract) in each series and blanks it on every frame\n";

}  // namespace

int runTeachingExport(int argc, char** argv) {
  const Args a = parseArgs(
      argc, argv, 2,
      {"out", "case", "options", "redact", "patient-name", "patient-id", "threads", "video"},
      {"json", "dicom-only", "ocr"});
  std::string problem = a.error;
  fv::teaching::TeachingRequest rq;
  rq.inputs = a.positional;
  rq.dicomOnly = a.flag("dicom-only");
  if (problem.empty() && rq.inputs.empty()) problem = "give at least one PATH";
  if (problem.empty() && !a.option("out")) problem = "--out DIR is required";
  rq.ocr = a.flag("ocr");
  if (auto list = a.option("options"); problem.empty() && list) {
    std::stringstream ss(*list);
    for (std::string name; problem.empty() && std::getline(ss, name, ',');)
      if (!name.empty() && !fv::teaching::setProfileOption(rq.deidentify, name))
        problem = "unknown option '" + name + "'";
  }
  for (const std::string& r : a.all("redact")) {
    const auto box = fv::teaching::parseRedaction(r);
    if (!box && problem.empty()) problem = "--redact needs X,Y,W,H with W and H > 0";
    if (box) rq.deidentify.redactions.push_back(*box);
  }
  if (!rq.deidentify.redactions.empty()) rq.deidentify.cleanPixelData = true;
  if (auto n = a.option("patient-name")) rq.deidentify.patientName = *n;
  if (auto n = a.option("patient-id")) rq.deidentify.patientId = *n;
  if (auto v = a.option("video"); problem.empty() && v) {
    rq.mp4 = *v == "both" || *v == "mp4";
    rq.gif = *v == "both" || *v == "gif";
    if (*v != "none" && !rq.mp4 && !rq.gif) problem = "--video needs both, mp4, gif or none";
  }
  if (auto t = a.option("threads"); problem.empty() && t) {
    const auto n = parsePositive(*t);
    if (!n)
      problem = "--threads needs a number from 1";
    else
      rq.threads = unsigned(*n);
  }
  if (!problem.empty()) {
    std::cerr << kUsageText << "error: " << problem << "\n";
    return kUsage;
  }
  if (auto file = a.option("case")) {
    auto text = fv::teaching::readCaseJson(*file);
    if (!text) {
      std::cerr << "error: " << text.error().toString() << "\n";
      return kUsage;
    }
    rq.text = std::move(*text);
  }
  rq.out = *a.option("out");

  auto result = fv::teaching::exportTeachingFile(rq);
  if (!result) {
    std::cerr << "error: " << result.error().toString() << "\n";
    return kInputError;
  }
  if (a.flag("json")) {
    Json written = Json::array(), profile = Json::array(), warnings = Json::array(),
         ocr = Json::array();
    for (const auto& t : result->textRegions)
      ocr.push(Json::object()
                   .set("series", t.series)
                   .set("x", t.box.x)
                   .set("y", t.box.y)
                   .set("width", t.box.width)
                   .set("height", t.box.height));
    for (const auto& f : result->written)
      written.push(Json::object().set("path", f.path).set("kind", f.kind));
    for (const auto& p : result->profile) profile.push(p);
    for (const auto& w : result->warnings) warnings.push(w);
    std::cout << Json::object()
                     .set("written", written)
                     .set("profile", profile)
                     .set("redactions", result->redactedFrames)
                     .set("ocr", ocr)
                     .set("warnings", warnings)
                     .dump()
              << "\n";
  } else {
    for (const auto& f : result->written)
      std::cout << "wrote " << f.path << " (" << f.kind << ")\n";
    for (const auto& w : result->warnings) std::cerr << "warning: " << w << "\n";
  }
  return result->warnings.empty() ? kOk : kInputError;
}

}  // namespace fv::cli
