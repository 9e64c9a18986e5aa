#include "DerivedTestSupport.h"

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "TestData.h"
#include "fv/dicom/Indexer.h"

using namespace fv::dicom;
namespace fs = std::filesystem;

namespace fv::test {

SourceFrame demoFrame17() {
  auto info = readInstanceHeader(demoXa());
  EXPECT_TRUE(info) << (info ? "" : info.error().toString());
  return SourceFrame{info ? *info : InstanceInfo{}, 16};
}

Image8 rgbFor(const InstanceInfo& source) {
  Image8 img;
  img.rows = source.pixels.rows;
  img.columns = source.pixels.columns;
  img.channels = 3;
  img.pixels.resize(size_t(img.rows) * img.columns * 3);
  for (uint32_t r = 0; r < img.rows; ++r)
    for (uint32_t c = 0; c < img.columns; ++c) {
      uint8_t* p = &img.pixels[(size_t(r) * img.columns + c) * 3];
      p[0] = uint8_t(r * 7 + c);
      p[1] = uint8_t(c * 3);
      p[2] = uint8_t(r ^ c);
    }
  return img;
}

PresentationContent sampleContent() {
  PresentationContent c;
  GraphicShape needle;
  needle.type = GraphicShape::Type::Polyline;
  needle.points = {{100.25, 50.5}, {256, 300.75}};
  GraphicShape target;
  target.type = GraphicShape::Type::Circle;
  target.points = {{256, 300.75}, {266, 300.75}};
  target.layer = "TARGET";
  GraphicShape tip;
  tip.type = GraphicShape::Type::Point;
  tip.points = {{0, 0}};
  GraphicShape zone;
  zone.type = GraphicShape::Type::Ellipse;
  zone.points = {{200, 280}, {310, 280}, {255, 260}, {255, 300}};
  zone.filled = true;
  zone.layer = "TARGET";
  GraphicShape path;
  path.type = GraphicShape::Type::Interpolated;
  path.points = {{10, 10}, {20, 15.5}, {30, 10}, {10, 10}};  // closed: Graphic Filled written
  c.shapes = {needle, tip, path, target, zone};
  c.texts = {{"Needle tip at femoral head-neck junction", {256, 300.75}, true, "ANNOTATIONS"},
             {"R", {500, 10}, false, "ANNOTATIONS"}};
  c.window = Window{1800.5, 3000, VoiFunction::Linear};
  c.description = "Needle position, frame 17";
  c.creator = "Riviera^Nick";
  return c;
}

Save saveAll(const SourceFrame& source, const std::string& folder) {
  Save s;
  s.scSeries = {newUid(), 900, "Needle confirmation"};
  s.psSeries = {newUid(), 901, "Needle confirmation annotations"};
  s.koSeries = {newUid(), 902, "Needle confirmation key images"};

  SecondaryCaptureRequest sc{source,
                             rgbFor(source.instance),
                             s.scSeries,
                             1,
                             "Needle position confirmation, frame 17, annotations burned in",
                             folder,
                             "SC_frame017.dcm"};
  auto scw = writeSecondaryCapture(sc);
  EXPECT_TRUE(scw) << (scw ? "" : scw.error().toString());
  if (scw) s.sc = *scw;

  PresentationStateRequest ps{source, sampleContent(), s.psSeries, 1, folder, "PR_frame017.dcm"};
  auto psw = writePresentationState(ps);
  EXPECT_TRUE(psw) << (psw ? "" : psw.error().toString());
  if (psw) s.ps = *psw;

  KeyObjectRequest ko;
  ko.frames = {source};
  ko.alsoReference = {s.sc, s.ps};
  ko.series = s.koSeries;
  ko.folder = folder;
  ko.fileName = "KO_needle.dcm";
  auto kow = writeKeyObjectSelection(ko);
  EXPECT_TRUE(kow) << (kow ? "" : kow.error().toString());
  if (kow) s.ko = *kow;
  return s;
}

dicom::Result<Save> trySaveAll(const SourceFrame& source, const std::string& folder) {
  Save s;
  s.scSeries = {newUid(), 900, "Needle confirmation"};
  s.psSeries = {newUid(), 901, "Needle confirmation annotations"};
  s.koSeries = {newUid(), 902, "Needle confirmation key images"};
  auto sc = writeSecondaryCapture({source, rgbFor(source.instance), s.scSeries, 1,
                                   "Needle position confirmation, annotations burned in", folder,
                                   "SC.dcm"});
  if (!sc) return sc.error();
  s.sc = *sc;
  auto ps = writePresentationState({source, sampleContent(), s.psSeries, 1, folder, "PR.dcm"});
  if (!ps) return ps.error();
  s.ps = *ps;
  KeyObjectRequest ko;
  ko.frames = {source};
  ko.alsoReference = {s.sc, s.ps};
  ko.series = s.koSeries;
  ko.folder = folder;
  ko.fileName = "KO.dcm";
  auto kow = writeKeyObjectSelection(ko);
  if (!kow) return kow.error();
  s.ko = *kow;
  return s;
}

std::string modifiedCopy(const std::string& source, const std::string& name,
                         const std::string& args) {
  const std::string dir = tempDir("quirk-" + name);
  const std::string path = dir + "/" + name + ".dcm";
  fs::copy_file(source, path);
  std::string out;
  EXPECT_EQ(run("dcmodify -nb " + args + " " + q(path) + " 2>&1", &out), 0) << out;
  return path;
}

std::string readBackProblems(const std::string& path) {
  std::string out, problems;
  // dcmdump -q prints nothing on stderr for a file it reads without complaint.
  if (run("{ dcmdump -q " + q(path) + " >/dev/null; }", &out) != 0 || !out.empty())
    problems += "dcmdump: " + out;
  // gdcmdump parses the whole dataset (gdcminfo stops at SOP classes GDCM 3.0 does not know,
  // such as the Color Softcopy Presentation State).
  if (run("{ gdcmdump " + q(path) + " >/dev/null; }", &out) != 0 || !out.empty())
    problems += "gdcmdump: " + out;
  return problems;
}

bool hasNote(const std::vector<OutputNote>& notes, const std::string& keyword,
             const std::string& action) {
  for (const OutputNote& n : notes)
    if (n.attribute.rfind(keyword + " (", 0) == 0 && n.action == action) return true;
  return false;
}

std::string colourCine(const std::string& encoding) {
  const std::string rgb = generated("us_colour_rgb.dcm", "us --rows 128 --cols 128 --frames 8");
  if (encoding == "rgb" || rgb.empty()) return rgb;
  const char* tool = encoding == "palette" ? "dcmquant +fa" : "dcmcjpeg";
  const char* options = encoding == "ybr422-jpeg"     ? "+eb +cy +s2"
                        : encoding == "ybr-full-jpeg" ? "+eb +cy +s4"
                        : encoding == "palette"       ? "+pc 256"
                                                      : nullptr;
  if (!options) {
    ADD_FAILURE() << "unknown colour encoding " << encoding;
    return "";
  }
  static std::mutex m;
  std::lock_guard lock(m);
  const fs::path out = fs::path(rgb).parent_path() / ("us_colour_" + encoding + ".dcm");
  if (fs::exists(out)) return out.string();
  const std::string partial = out.string() + ".partial-" + std::to_string(::getpid());
  std::string log;
  if (run(std::string(tool) + " " + options + " " + q(rgb) + " " + q(partial), &log) != 0) {
    ADD_FAILURE() << tool << " failed:\n" << log;
    return "";
  }
  fs::rename(partial, out);
  return out.string();
}

std::vector<std::string> dciodvfyErrors(const std::string& path, std::string* output) {
  std::string out;
  run("dciodvfy " + q(path), &out);
  if (output) *output = out;
  std::vector<std::string> errors;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    if (line.find("Error") != std::string::npos) errors.push_back(line);
  return errors;
}

std::string dumpValue(const std::string& path, const std::string& searchPath) {
  // dcmdump prints "(0008,1160) IS [17]   # 2, 1 ReferencedFrameNumber" (strings in brackets,
  // numbers bare); -s: first instance only, at any nesting depth; -Un: UIDs as numbers.
  std::string out;
  if (run("dcmdump -q -s -Un +P " + q(searchPath) + " " + q(path), &out) != 0) return "";
  const std::string line = out.substr(0, out.find('\n'));
  const size_t paren = line.find(") ");
  if (paren == std::string::npos || line.size() < paren + 5) return "";
  std::string value = line.substr(paren + 5, line.find('#') - paren - 5);
  while (!value.empty() && value.back() == ' ') value.pop_back();
  if (value.size() >= 2 && value.front() == '[' && value.back() == ']')
    value = value.substr(1, value.size() - 2);
  return value;
}

size_t filesIn(const std::string& dir) {
  size_t n = 0;
  for (auto& e : fs::directory_iterator(dir)) (void)e, ++n;
  return n;
}

std::string slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace fv::test
