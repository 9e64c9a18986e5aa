// Grayscale Softcopy Presentation State for one source frame (PS3.3 A.33.1).
#include <algorithm>
#include <cmath>

#include <dcmtk/dcmdata/dcdeftag.h>

#include "DcmtkBridge.h"
#include "derived/DerivedCommon.h"
#include "derived/GraphicEncoding.h"

namespace fv::dicom {

namespace {

using derived::ItemBuilder;

// Recommended display values of every layer (PS3.3 C.10.7): white on grayscale displays, yellow
// on colour ones (CIELab scaled to 0..65535, C.10.7.1.1).
constexpr uint16_t kLayerGrey = 0xFFFF;
const std::vector<uint16_t> kLayerYellowLab = {63660, 27357, 57177};

bool finite(const ImagePoint& p) {
  return std::isfinite(p.x) && std::isfinite(p.y);
}

Status checkContent(const PresentationContent& c) {
  if (Status s = derived::checkCodeString(c.label, "Content Label (0070,0080)"); !s) return s;
  if (Status s = derived::checkText(c.description, 64, "Content Description (LO)"); !s) return s;
  if (Status s = derived::checkText(c.creator, 64, "Content Creator's Name (PN)"); !s) return s;
  for (size_t i = 0; i < c.shapes.size(); ++i) {
    const GraphicShape& g = c.shapes[i];
    const std::string what =
        "shape " + std::to_string(i) + " (" + derived::graphicTypeName(g.type) + ")";
    if (Status s = derived::checkCodeString(g.layer, what + " layer"); !s) return s;
    if (g.points.size() > 0xFFFF)  // Number of Graphic Points is US
      return makeError(ErrorCode::InvalidArgument, what + " has more than 65535 points");
    const size_t n = derived::requiredPoints(g.type);
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
    if (Status s = derived::checkCodeString(t.layer, what + " layer"); !s) return s;
    if (t.text.empty()) return makeError(ErrorCode::InvalidArgument, what + " is empty");
    if (Status s = derived::checkText(t.text, 1024, what + " (ST)", false); !s) return s;
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
  return derived::toDicomPixel(a.x) == derived::toDicomPixel(b.x) &&
         derived::toDicomPixel(a.y) == derived::toDicomPixel(b.y);
}

void putGraphic(ItemBuilder item, const GraphicShape& g) {
  std::vector<float> data;
  for (const ImagePoint& p : g.points) {
    data.push_back(derived::toDicomPixel(p.x));  // column first (PS3.3 C.10.5.1.2)
    data.push_back(derived::toDicomPixel(p.y));
  }
  item.str(DCM_GraphicAnnotationUnits, "PIXEL")
      .u16(DCM_GraphicDimensions, {2})
      .u16(DCM_NumberOfGraphicPoints, {uint16_t(g.points.size())})
      .f32(DCM_GraphicData, data)
      .str(DCM_GraphicType, derived::graphicTypeName(g.type));
  if (isClosed(g)) item.str(DCM_GraphicFilled, g.filled ? "Y" : "N");
}

void putText(ItemBuilder item, const GraphicText& t) {
  item.str(DCM_UnformattedTextValue, t.text)
      .str(DCM_AnchorPointAnnotationUnits, "PIXEL")
      .f32(DCM_AnchorPoint, {derived::toDicomPixel(t.anchor.x), derived::toDicomPixel(t.anchor.y)})
      .str(DCM_AnchorPointVisibility, t.anchorVisible ? "Y" : "N");
}

// Graphic Annotation Module (C.10.5): one item per layer, applying to the source frame only;
// Graphic Layer Module (C.10.7): the layers, in order.
void putAnnotations(ItemBuilder& out, const PresentationStateRequest& rq) {
  const std::vector<std::string> layers = layersInOrder(rq.content);
  for (const std::string& layer : layers) {
    ItemBuilder a = out.add(DCM_GraphicAnnotationSequence);
    ItemBuilder image = a.add(DCM_ReferencedImageSequence);
    derived::putImageReference(image, rq.source);
    a.str(DCM_GraphicLayer, layer);
    for (const GraphicText& t : rq.content.texts)
      if (t.layer == layer) putText(a.add(DCM_TextObjectSequence), t);
    for (const GraphicShape& g : rq.content.shapes)
      if (g.layer == layer) putGraphic(a.add(DCM_GraphicObjectSequence), g);
  }
  for (size_t i = 0; i < layers.size(); ++i)
    out.add(DCM_GraphicLayerSequence)
        .str(DCM_GraphicLayer, layers[i])
        .integer(DCM_GraphicLayerOrder, long(i) + 1)
        .u16(DCM_GraphicLayerRecommendedDisplayGrayscaleValue, {kLayerGrey})
        .u16(DCM_GraphicLayerRecommendedDisplayCIELabValue, kLayerYellowLab);
}

const char* voiFunctionName(VoiFunction f) {
  return f == VoiFunction::LinearExact ? "LINEAR_EXACT"
         : f == VoiFunction::Sigmoid   ? "SIGMOID"
                                       : "LINEAR";
}

// Softcopy VOI LUT Module (C.11.8). A presentation state without one means "no VOI
// transformation" (PS3.4 N.2.1), not "the image's default": without a window from the caller,
// the source's first window (or its VOI LUT) is written, as the image would be shown.
void putVoi(ItemBuilder& out, const PresentationStateRequest& rq, DcmItem& src) {
  std::optional<Window> w = rq.content.window;
  if (!w && !rq.source.instance.windows.empty()) {
    const WindowPreset& p = rq.source.instance.windows.front();
    w = Window{p.center, p.width, p.function};
  }
  bridge::TagReader r(&src);
  if (!w && r.items(DCM_VOILUTSequence) == 0) return;
  ItemBuilder voi = out.add(DCM_SoftcopyVOILUTSequence);
  ItemBuilder image = voi.add(DCM_ReferencedImageSequence);
  derived::putImageReference(image, rq.source);
  if (!w) {
    voi.copy(src, DCM_VOILUTSequence);
    return;
  }
  voi.decimals(DCM_WindowCenter, {w->center}).decimals(DCM_WindowWidth, {w->width});
  if (w->function != VoiFunction::Linear) voi.str(DCM_VOILUTFunction, voiFunctionName(w->function));
}

// Modality LUT Module (C.11.1): the presentation state replaces the image's rescale, so a
// non-identity one is repeated here (windows are in modality units). XA/XRF images carry none.
void putModalityLut(ItemBuilder& out, const InstanceInfo& info, DcmItem& src) {
  const std::string& m = info.series.modality;
  if (m == "XA" || m == "RF") return;
  if (out.copy(src, DCM_ModalityLUTSequence)) return;
  if (info.rescale.identity()) return;
  out.decimals(DCM_RescaleSlope, {info.rescale.slope})
      .decimals(DCM_RescaleIntercept, {info.rescale.intercept})
      .str(DCM_RescaleType, info.rescale.type.empty() ? "US" : info.rescale.type);
}

// Display Shutter Module (C.7.6.11) + Shutter Presentation Value (C.11.12): a presentation state
// replaces the image's shutters, so the source's collimation is carried over.
void putShutters(ItemBuilder& out, DcmItem& src) {
  if (!out.copy(src, DCM_ShutterShape)) return;
  for (const DcmTagKey& tag :
       {DCM_ShutterLeftVerticalEdge, DCM_ShutterRightVerticalEdge, DCM_ShutterUpperHorizontalEdge,
        DCM_ShutterLowerHorizontalEdge, DCM_CenterOfCircularShutter, DCM_RadiusOfCircularShutter,
        DCM_VerticesOfThePolygonalShutter, DCM_ShutterPresentationColorCIELabValue})
    out.copy(src, tag);
  if (!out.copy(src, DCM_ShutterPresentationValue)) out.u16(DCM_ShutterPresentationValue, {0});
}

Result<WrittenObject> writeUnguarded(const PresentationStateRequest& rq, const std::string& path) {
  if (Status s = derived::checkSeries(rq.series); !s) return derived::errorAt(s, path);
  if (Status s = derived::checkSourceFrame(rq.source); !s) return derived::errorAt(s, path);
  if (Status s = checkContent(rq.content); !s) return derived::errorAt(s, path);
  const InstanceInfo& info = rq.source.instance;
  const bool mono1 = info.pixels.photometric == Photometric::Monochrome1;
  if (!mono1 && info.pixels.photometric != Photometric::Monochrome2)
    return makeError(
        ErrorCode::Unsupported,
        "a Grayscale Softcopy Presentation State applies to MONOCHROME images only (PS3.3 A.33.1)",
        info.path);
  auto source = derived::loadSourceHeader(info);
  if (!source) return source.error();
  DcmItem& src = *(*source)->getDataset();

  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  derived::BuildStatus status;
  ItemBuilder out(&ds, &status);
  derived::copyPatientAndStudy(src, out);
  std::vector<std::string> texts = {rq.series.description, rq.content.description,
                                    rq.content.creator};
  for (const GraphicText& t : rq.content.texts) texts.push_back(t.text);
  if (Status s = derived::prepareCharacterSet(ds, texts, path); !s) return s.error();

  const derived::Timestamp t = derived::now();
  const std::string uid = newUid();
  derived::putSopCommon(out, kGrayscalePresentationStateUid, uid, t);
  derived::putSeries(out, rq.series, "PR", t);  // Presentation Series Module: Modality PR (C.11.9)
  out.str(DCM_Laterality, derived::seriesLaterality(src));  // General Series, Type 2C
  derived::putEquipment(out);

  // Presentation State Identification Module (C.11.10).
  out.integer(DCM_InstanceNumber, rq.instanceNumber)
      .str(DCM_ContentLabel, rq.content.label)
      .str(DCM_ContentDescription, rq.content.description)
      .str(DCM_ContentCreatorName, rq.content.creator)
      .str(DCM_PresentationCreationDate, t.date)
      .str(DCM_PresentationCreationTime, t.time);

  // Presentation State Relationship Module (C.11.11): the one source frame.
  ItemBuilder series = out.add(DCM_ReferencedSeriesSequence);
  series.str(DCM_SeriesInstanceUID, info.series.instanceUid);
  ItemBuilder image = series.add(DCM_ReferencedImageSequence);
  derived::putImageReference(image, rq.source);

  // Displayed Area Module (C.10.4): the whole image, scaled to fit; TLHC/BRHC are 1-based pixels.
  ItemBuilder area = out.add(DCM_DisplayedAreaSelectionSequence);
  area.s32(DCM_DisplayedAreaTopLeftHandCorner, {1, 1})
      .s32(DCM_DisplayedAreaBottomRightHandCorner,
           {int32_t(info.pixels.columns), int32_t(info.pixels.rows)})
      .str(DCM_PresentationSizeMode, "SCALE TO FIT");
  // Presentation Pixel Aspect Ratio (row\column) is required without Presentation Pixel Spacing:
  // the source's Pixel Aspect Ratio (0028,0034), else square pixels.
  const bridge::TagReader r(&src);
  area.str(DCM_PresentationPixelAspectRatio,
           r.count(DCM_PixelAspectRatio) == 2 ? r.all(DCM_PixelAspectRatio) : "1\\1");

  putAnnotations(out, rq);
  putVoi(out, rq, src);
  putModalityLut(out, info, src);
  putShutters(out, src);
  // Softcopy Presentation LUT Module (C.11.6): P-values as the image would show them.
  out.str(DCM_PresentationLUTShape, mono1 ? "INVERSE" : "IDENTITY");

  if (status.failed) return status.toError("cannot build the presentation state", path);
  return derived::saveNew(file, path, kGrayscalePresentationStateUid, uid);
}

}  // namespace

Result<WrittenObject> writePresentationState(const PresentationStateRequest& request) {
  auto path = derived::targetPath(request.folder, request.fileName);
  if (!path) return path.error();
  return bridge::guarded<Result<WrittenObject>>("cannot write the presentation state", *path,
                                                [&] { return writeUnguarded(request, *path); });
}

}  // namespace fv::dicom
