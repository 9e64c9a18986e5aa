// Reads a Grayscale Softcopy Presentation State back: reference, graphics, texts, window, labels.
#include <dcmtk/dcmdata/dcdeftag.h>

#include "DatasetLoader.h"
#include "DcmtkBridge.h"
#include "derived/GraphicEncoding.h"
#include "derived/ObjectReferences.h"

namespace fv::dicom {

namespace {

using bridge::TagReader;

// Maps annotation values to our pixel coordinates. PIXEL units: −0.5 (see GraphicEncoding.h).
// DISPLAY units are fractions of the displayed area (PS3.3 C.10.5.1.1), whose TLHC/BRHC name
// 1-based pixels: 0.0 is the TLHC pixel's top-left corner, 1.0 the BRHC pixel's bottom-right.
struct Units {
  double left = 0, top = 0, right = 1, bottom = 1;  // displayed area in DICOM pixel-edge units
  ImagePoint map(const std::string& units, float x, float y) const {
    if (units == "DISPLAY")
      return {left + x * (right - left) - derived::kPixelCentreOffset,
              top + y * (bottom - top) - derived::kPixelCentreOffset};
    return {derived::fromDicomPixel(x), derived::fromDicomPixel(y)};
  }
};

Units displayedArea(const TagReader& r) {
  Units u;
  TagReader area(r.item(DCM_DisplayedAreaSelectionSequence));
  const auto tl = area.reals(DCM_DisplayedAreaTopLeftHandCorner);
  const auto br = area.reals(DCM_DisplayedAreaBottomRightHandCorner);
  if (tl.size() == 2 && br.size() == 2) u = {tl[0] - 1, tl[1] - 1, br[0], br[1]};
  return u;
}

std::vector<float> floats(const TagReader& r, const DcmTagKey& tag) {
  std::vector<float> out;
  for (double v : r.reals(tag)) out.push_back(float(v));
  return out;
}

Result<GraphicShape> readGraphic(const TagReader& g, const std::string& layer, const Units& units,
                                 const std::string& path) {
  GraphicShape shape;
  shape.layer = layer;
  const std::string typeName = g.str(DCM_GraphicType);
  const auto type = derived::parseGraphicType(typeName);
  if (!type)
    return makeError(ErrorCode::Unsupported, "unknown Graphic Type \"" + typeName + "\"", path);
  shape.type = *type;
  const auto data = floats(g, DCM_GraphicData);
  const long dims = g.integer(DCM_GraphicDimensions).value_or(2);
  if (dims != 2 || data.size() % 2 != 0 || data.empty())
    return makeError(ErrorCode::Malformed, "Graphic Data (0070,0022) is not a list of 2-D points",
                     path);
  const std::string u = g.str(DCM_GraphicAnnotationUnits);
  for (size_t i = 0; i + 1 < data.size(); i += 2)
    shape.points.push_back(units.map(u, data[i], data[i + 1]));
  const size_t n = derived::requiredPoints(shape.type);
  if ((n > 0 && shape.points.size() != n) || (n == 0 && shape.points.size() < 2))
    return makeError(
        ErrorCode::Malformed,
        "a " + typeName + " graphic with " + std::to_string(shape.points.size()) + " points", path);
  shape.filled = g.str(DCM_GraphicFilled) == "Y";
  return shape;
}

GraphicText readText(const TagReader& t, const std::string& layer, const Units& units) {
  GraphicText text;
  text.layer = layer;
  // ST: leading spaces are significant, trailing ones padding (PS3.5 6.2), so trim only those.
  OFString value;
  if (t.item()) t.item()->findAndGetOFStringArray(DCM_UnformattedTextValue, value);
  text.text = value.c_str();
  while (!text.text.empty() && (text.text.back() == ' ' || text.text.back() == '\0'))
    text.text.pop_back();
  const auto anchor = floats(t, DCM_AnchorPoint);
  if (anchor.size() == 2) {
    text.anchor = units.map(t.str(DCM_AnchorPointAnnotationUnits), anchor[0], anchor[1]);
    text.anchorVisible = t.str(DCM_AnchorPointVisibility) == "Y";
  } else {
    // Only a bounding box: anchor the text at the box's top-left corner, without a line.
    const auto tl = floats(t, DCM_BoundingBoxTopLeftHandCorner);
    if (tl.size() == 2)
      text.anchor = units.map(t.str(DCM_BoundingBoxAnnotationUnits), tl[0], tl[1]);
    text.anchorVisible = false;
  }
  return text;
}

std::optional<Window> readWindow(const TagReader& r) {
  TagReader voi(r.item(DCM_SoftcopyVOILUTSequence));
  const auto c = voi.real(DCM_WindowCenter), w = voi.real(DCM_WindowWidth);
  if (!c || !w) return std::nullopt;
  const std::string f = voi.str(DCM_VOILUTFunction);
  return Window{*c, *w,
                f == "LINEAR_EXACT" ? VoiFunction::LinearExact
                : f == "SIGMOID"    ? VoiFunction::Sigmoid
                                    : VoiFunction::Linear};
}

Result<PresentationStateInfo> readUnguarded(const std::string& path) {
  auto file = loadDataset(path);
  if (!file) return file.error();
  DcmDataset& ds = *(*file)->getDataset();
  TagReader r(&ds);
  const std::string sopClass = r.str(DCM_SOPClassUID);
  if (!isPresentationState(sopClass))
    return makeError(ErrorCode::InvalidArgument,
                     "not a presentation state (SOP Class " + sopClass + ")", path);
  // Texts come back as UTF-8 whatever the file's character set (PS3.5 6.1).
  OFString charset;
  ds.findAndGetOFStringArray(DCM_SpecificCharacterSet, charset);
  if (!charset.empty() && charset != "ISO_IR 192" && ds.containsExtendedCharacters())
    if (OFCondition c = ds.convertToUTF8(); c.bad())
      return bridge::toError(
          c, "cannot convert the character set \"" + std::string(charset.c_str()) + "\"", path);

  PresentationStateInfo info;
  info.path = path;
  info.sopInstanceUid = r.str(DCM_SOPInstanceUID);
  for (const FrameReference& ref : readObjectReferences(ds, sopClass)) {
    if (info.referencedSopInstanceUid.empty()) info.referencedSopInstanceUid = ref.sopInstanceUid;
    if (ref.sopInstanceUid == info.referencedSopInstanceUid && ref.frame > 0)
      info.referencedFrames.push_back(ref.frame);
  }
  PresentationContent& c = info.content;
  c.label = r.str(DCM_ContentLabel);
  c.description = r.str(DCM_ContentDescription);
  c.creator = r.all(DCM_ContentCreatorName);
  c.window = readWindow(r);
  const Units units = displayedArea(r);
  for (unsigned long i = 0, n = r.items(DCM_GraphicAnnotationSequence); i < n; ++i) {
    TagReader a(r.item(DCM_GraphicAnnotationSequence, i));
    const std::string layer = a.str(DCM_GraphicLayer);
    for (unsigned long k = 0, nk = a.items(DCM_GraphicObjectSequence); k < nk; ++k) {
      auto shape = readGraphic(TagReader(a.item(DCM_GraphicObjectSequence, k)), layer, units, path);
      if (!shape) return shape.error();
      c.shapes.push_back(std::move(*shape));
    }
    for (unsigned long k = 0, nk = a.items(DCM_TextObjectSequence); k < nk; ++k)
      c.texts.push_back(readText(TagReader(a.item(DCM_TextObjectSequence, k)), layer, units));
  }
  return info;
}

}  // namespace

Result<PresentationStateInfo> readPresentationState(const std::string& path) {
  return bridge::guarded<Result<PresentationStateInfo>>("cannot read the presentation state", path,
                                                        [&] { return readUnguarded(path); });
}

}  // namespace fv::dicom
