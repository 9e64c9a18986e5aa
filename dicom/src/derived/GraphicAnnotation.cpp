#include "derived/GraphicAnnotation.h"

#include <algorithm>
#include <cmath>

#include <dcmtk/dcmdata/dcdeftag.h>

#include "derived/DerivedCommon.h"
#include "derived/GraphicEncoding.h"

namespace fv::dicom::derived {

namespace {

// Recommended display values of every layer (PS3.3 C.10.7): white on grayscale displays, yellow
// on colour ones (CIELab scaled to 0..65535, C.10.7.1.1).
constexpr uint16_t kLayerGrey = 0xFFFF;
const std::vector<uint16_t> kLayerYellowLab = {63660, 27357, 57177};

bool finite(const ImagePoint& p) {
  return std::isfinite(p.x) && std::isfinite(p.y);
}

}  // namespace

Status checkPresentationContent(const PresentationContent& c) {
  if (Status s = checkCodeString(c.label, "Content Label (0070,0080)"); !s) return s;
  if (Status s = checkText(c.description, 64, "Content Description (LO)"); !s) return s;
  if (Status s = checkText(c.creator, 64, "Content Creator's Name (PN)"); !s) return s;
  for (size_t i = 0; i < c.shapes.size(); ++i) {
    const GraphicShape& g = c.shapes[i];
    const std::string what = "shape " + std::to_string(i) + " (" + graphicTypeName(g.type) + ")";
    if (Status s = checkCodeString(g.layer, what + " layer"); !s) return s;
    if (g.points.size() > 0xFFFF)  // Number of Graphic Points is US
      return makeError(ErrorCode::InvalidArgument, what + " has more than 65535 points");
    const size_t n = requiredPoints(g.type);
    if ((n > 0 && g.points.size() != n) || (n == 0 && g.points.size() < 2))
      return makeError(ErrorCode::InvalidArgument,
                       what + " needs " + (n ? std::to_string(n) : "at least 2") + " points, has " +
                           std::to_string(g.points.size()));
    for (const ImagePoint& p : g.points)
      if (!finite(p))
        return makeError(ErrorCode::InvalidArgument, what + " has a non-finite coordinate");
  }
  for (size_t i = 0; i < c.texts.size(); ++i) {
    const GraphicText& t = c.texts[i];
    const std::string what = "text " + std::to_string(i);
    if (Status s = checkCodeString(t.layer, what + " layer"); !s) return s;
    if (t.text.empty()) return makeError(ErrorCode::InvalidArgument, what + " is empty");
    if (Status s = checkText(t.text, 1024, what + " (ST)", false); !s) return s;
    if (!finite(t.anchor))
      return makeError(ErrorCode::InvalidArgument, what + " has a non-finite anchor");
  }
  if (c.window &&
      !(std::isfinite(c.window->center) && std::isfinite(c.window->width) && c.window->width > 0 &&
        (c.window->width >= 1 || c.window->function == VoiFunction::LinearExact)))
    return makeError(ErrorCode::InvalidArgument,
                     "window width must be ≥ 1 (> 0 for LINEAR_EXACT), PS3.3 C.11.2.1.2");
  return {};
}

namespace {

// Layer names in order of first use (shapes, then texts): Graphic Layer Order follows it.
std::vector<std::string> layersInOrder(const PresentationContent& c) {
  std::vector<std::string> layers;
  auto use = [&](const std::string& l) {
    if (std::find(layers.begin(), layers.end(), l) == layers.end()) layers.push_back(l);
  };
  for (const GraphicShape& g : c.shapes) use(g.layer);
  for (const GraphicText& t : c.texts) use(t.layer);
  return layers;
}

// A closed graphic (circle, ellipse, or a polyline ending where it starts) must say whether it
// is filled; an open one must not (Graphic Filled is Type 1C, PS3.3 C.10.5.1).
bool isClosed(const GraphicShape& g) {
  if (g.type == GraphicShape::Type::Circle || g.type == GraphicShape::Type::Ellipse) return true;
  if (g.type == GraphicShape::Type::Point || g.points.size() < 2) return false;
  const ImagePoint& a = g.points.front();
  const ImagePoint& b = g.points.back();
  return toDicomPixel(a.x) == toDicomPixel(b.x) && toDicomPixel(a.y) == toDicomPixel(b.y);
}

void putGraphic(ItemBuilder item, const GraphicShape& g) {
  std::vector<float> data;
  for (const ImagePoint& p : g.points) {
    data.push_back(toDicomPixel(p.x));  // column first (PS3.3 C.10.5.1.2)
    data.push_back(toDicomPixel(p.y));
  }
  item.str(DCM_GraphicAnnotationUnits, "PIXEL")
      .u16(DCM_GraphicDimensions, {2})
      .u16(DCM_NumberOfGraphicPoints, {uint16_t(g.points.size())})
      .f32(DCM_GraphicData, data)
      .str(DCM_GraphicType, graphicTypeName(g.type));
  if (isClosed(g)) item.str(DCM_GraphicFilled, g.filled ? "Y" : "N");
}

void putText(ItemBuilder item, const GraphicText& t) {
  item.str(DCM_UnformattedTextValue, t.text)
      .str(DCM_AnchorPointAnnotationUnits, "PIXEL")
      .f32(DCM_AnchorPoint, {toDicomPixel(t.anchor.x), toDicomPixel(t.anchor.y)})
      .str(DCM_AnchorPointVisibility, t.anchorVisible ? "Y" : "N");
}

// Graphic Annotation Module (C.10.5): one item per layer, applying to the source frame only;
// Graphic Layer Module (C.10.7): the layers, in order.
}  // namespace

void putGraphicAnnotations(ItemBuilder& out, const PresentationContent& content,
                           const SourceFrame& source) {
  const std::vector<std::string> layers = layersInOrder(content);
  for (const std::string& layer : layers) {
    ItemBuilder a = out.add(DCM_GraphicAnnotationSequence);
    ItemBuilder image = a.add(DCM_ReferencedImageSequence);
    putImageReference(image, source);
    a.str(DCM_GraphicLayer, layer);
    for (const GraphicText& t : content.texts)
      if (t.layer == layer) putText(a.add(DCM_TextObjectSequence), t);
    for (const GraphicShape& g : content.shapes)
      if (g.layer == layer) putGraphic(a.add(DCM_GraphicObjectSequence), g);
  }
  for (size_t i = 0; i < layers.size(); ++i)
    out.add(DCM_GraphicLayerSequence)
        .str(DCM_GraphicLayer, layers[i])
        .integer(DCM_GraphicLayerOrder, long(i) + 1)
        .u16(DCM_GraphicLayerRecommendedDisplayGrayscaleValue, {kLayerGrey})
        .u16(DCM_GraphicLayerRecommendedDisplayCIELabValue, kLayerYellowLab);
}

}  // namespace fv::dicom::derived
