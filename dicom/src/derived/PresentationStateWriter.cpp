// Softcopy Presentation State for one source frame: Grayscale (PS3.3 A.33.1) for MONOCHROME
// sources, Color (A.33.2) for RGB, YBR and PALETTE COLOR ones — the same identification,
// references, displayed area and graphic annotations; only the pixel pipeline modules differ.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <dcmtk/dcmdata/dcdeftag.h>

#include "DcmtkBridge.h"
#include "derived/DerivedCommon.h"
#include "derived/GraphicAnnotation.h"
#include "derived/IccProfile.h"

namespace fv::dicom {

namespace {

using derived::ItemBuilder;
using derived::Requirement;
using derived::SourceCopier;

// The two kinds of presentation state we write, by the source's Photometric Interpretation
// (PS3.4 N.2: the grayscale and the colour softcopy pipelines).
enum class Kind { Grayscale, Color };

std::optional<Kind> kindOf(Photometric p) {
  switch (p) {
    case Photometric::Monochrome1:
    case Photometric::Monochrome2:
      return Kind::Grayscale;
    case Photometric::PaletteColor:
    case Photometric::Rgb:
    case Photometric::YbrFull:
    case Photometric::YbrFull422:
    case Photometric::YbrPartial422:
    case Photometric::YbrIct:
    case Photometric::YbrRct:
      return Kind::Color;
    case Photometric::Unknown:
      break;
  }
  return std::nullopt;
}

const char* sopClassOf(Kind kind) {
  return kind == Kind::Color ? kColorPresentationStateUid : kGrayscalePresentationStateUid;
}

const char* voiFunctionName(VoiFunction f) {
  return f == VoiFunction::LinearExact ? "LINEAR_EXACT"
         : f == VoiFunction::Sigmoid   ? "SIGMOID"
                                       : "LINEAR";
}

// Softcopy VOI LUT Module (C.11.8). A presentation state without one means "no VOI
// transformation" (PS3.4 N.2.1), not "the image's default": without a window from the caller,
// the source's first window (or its VOI LUT) is written, as the image would be shown.
void putVoi(SourceCopier& copy, const PresentationStateRequest& rq) {
  std::optional<Window> w = rq.content.window;
  if (!w && !rq.source.instance.windows.empty()) {
    const WindowPreset& p = rq.source.instance.windows.front();
    const bool usable = std::isfinite(p.center) && std::isfinite(p.width) && p.width > 0 &&
                        (p.width >= 1 || p.function == VoiFunction::LinearExact);
    if (usable)
      w = Window{p.center, p.width, p.function};
    else  // C.11.2.1.2: Window Width ≥ 1 (> 0 for LINEAR_EXACT)
      copy.note(DCM_WindowWidth, "not used",
                "the source's first window has no usable width (PS3.3 C.11.2.1.2)");
  }
  bridge::TagReader r(&copy.source());
  if (!w && r.items(DCM_VOILUTSequence) == 0) return;
  ItemBuilder voi = copy.out().add(DCM_SoftcopyVOILUTSequence);
  ItemBuilder image = voi.add(DCM_ReferencedImageSequence);
  derived::putImageReference(image, rq.source);
  if (!w) {
    // The image's own VOI LUT, as it would be shown: without a valid one the state would
    // display differently, so an invalid one refuses the save (Type 1 in this item).
    SourceCopier lut(copy.source(), rq.source.instance.path, voi, nullptr, copy.refusal());
    lut.copy(DCM_VOILUTSequence, Requirement::Type1);
    return;
  }
  voi.decimals(DCM_WindowCenter, {w->center}).decimals(DCM_WindowWidth, {w->width});
  if (w->function != VoiFunction::Linear) voi.str(DCM_VOILUTFunction, voiFunctionName(w->function));
}

// Modality LUT Module (C.11.1): the presentation state replaces the image's rescale, so a
// non-identity one is repeated here (windows are in modality units). XA/XRF images carry none.
void putModalityLut(SourceCopier& copy, const InstanceInfo& info) {
  const std::string& m = info.series.modality;
  if (m == "XA" || m == "RF") return;
  if (bridge::TagReader(&copy.source()).has(DCM_ModalityLUTSequence)) {
    copy.copy(DCM_ModalityLUTSequence, Requirement::Type1);  // needed to show it right
    return;
  }
  if (info.rescale.identity()) return;
  const bool typeValid =
      !info.rescale.type.empty() &&
      derived::valueProblem(EVR_LO, info.rescale.type, derived::Repertoire::Ascii).empty();
  copy.out()
      .decimals(DCM_RescaleSlope, {info.rescale.slope})
      .decimals(DCM_RescaleIntercept, {info.rescale.intercept})
      .str(DCM_RescaleType, typeValid ? info.rescale.type : "US");
}

// Display Shutter Module (C.7.6.11) + Presentation State Shutter Module (C.11.12): a presentation
// state replaces the image's shutters, so the source's collimation is carried over — all of it
// valid, or none (a note says the state shows no shutter). Shutter Presentation Value is a
// grayscale P-value; a Color state says the colour instead (CIELab, default black).
void putShutters(SourceCopier& copy, Kind kind) {
  const bridge::TagReader r(&copy.source());
  if (!r.has(DCM_ShutterShape)) return;
  const DcmTagKey parts[] = {DCM_ShutterShape,
                             DCM_ShutterLeftVerticalEdge,
                             DCM_ShutterRightVerticalEdge,
                             DCM_ShutterUpperHorizontalEdge,
                             DCM_ShutterLowerHorizontalEdge,
                             DCM_CenterOfCircularShutter,
                             DCM_RadiusOfCircularShutter,
                             DCM_VerticesOfThePolygonalShutter,
                             DCM_ShutterPresentationValue,
                             DCM_ShutterPresentationColorCIELabValue};
  for (const DcmTagKey& tag : parts)
    if (r.has(tag) && !copy.valid(tag)) {
      copy.note(DCM_ShutterShape, "left out",
                "the source's display shutter has an invalid " + bridge::tagText(tag) +
                    ": the presentation state shows no shutter");
      return;
    }
  const auto shape = copy.value(DCM_ShutterShape);
  if (!shape || shape->empty() || shape->find("BITMAP") != std::string::npos) {
    copy.note(DCM_ShutterShape, "left out",
              "only rectangular, circular and polygonal display shutters are carried over");
    return;
  }
  for (const DcmTagKey& tag : parts) {
    if (tag == DCM_ShutterPresentationValue && kind == Kind::Color) continue;
    copy.copy(tag, Requirement::Type3);
  }
  if (kind == Kind::Grayscale && !r.has(DCM_ShutterPresentationValue))
    copy.out().u16(DCM_ShutterPresentationValue, {0});
  if (kind == Kind::Color && !r.has(DCM_ShutterPresentationColorCIELabValue))
    copy.out().u16(DCM_ShutterPresentationColorCIELabValue, {0, 0x8080, 0x8080});  // black
}

// Presentation Pixel Aspect Ratio (row\column, C.10.4): the source's Pixel Aspect Ratio, else
// the ratio of its Pixel Spacing or Imager Pixel Spacing, else square pixels.
std::string presentationAspectRatio(const SourceCopier& copy) {
  if (const auto par = derived::positivePair(copy, DCM_PixelAspectRatio);
      par && par->first == std::floor(par->first) && par->second == std::floor(par->second))
    return std::to_string(long(par->first)) + "\\" + std::to_string(long(par->second));
  for (const DcmTagKey& tag : {DCM_PixelSpacing, DCM_ImagerPixelSpacing}) {
    const auto spacing = derived::positivePair(copy, tag);
    if (!spacing || spacing->first >= 2000 || spacing->second >= 2000) continue;
    long row = std::lround(spacing->first * 1e6), column = std::lround(spacing->second * 1e6);
    if (row <= 0 || column <= 0) continue;
    const long g = std::gcd(row, column);
    return std::to_string(row / g) + "\\" + std::to_string(column / g);
  }
  return "1\\1";
}

// Softcopy pipeline of the kind: Grayscale — Softcopy VOI LUT, Modality LUT, Softcopy
// Presentation LUT (C.11.6: P-values as the image would show them); Color — ICC Profile Module
// (C.11.15, Type 1): the profile of the colours as we render them, sRGB.
Status putPipeline(SourceCopier& copy, const PresentationStateRequest& rq, Kind kind) {
  const InstanceInfo& info = rq.source.instance;
  if (kind == Kind::Grayscale) {
    putVoi(copy, rq);
    putModalityLut(copy, info);
    copy.out().str(DCM_PresentationLUTShape,
                   info.pixels.photometric == Photometric::Monochrome1 ? "INVERSE" : "IDENTITY");
    return {};
  }
  auto profile = derived::srgbProfile();
  if (!profile) return profile.error();
  copy.out().bytes(DCM_ICCProfile, profile->data(), profile->size()).str(DCM_ColorSpace, "SRGB");
  return {};
}

Result<WrittenObject> writeUnguarded(const PresentationStateRequest& rq, const std::string& path) {
  if (Status s = derived::checkSeries(rq.series); !s) return derived::errorAt(s, path);
  if (Status s = derived::checkSourceFrame(rq.source); !s) return derived::errorAt(s, path);
  if (Status s = derived::checkPresentationContent(rq.content); !s)
    return derived::errorAt(s, path);
  const InstanceInfo& info = rq.source.instance;
  const auto kind = kindOf(info.pixels.photometric);
  if (!kind)
    return makeError(ErrorCode::Unsupported,
                     "no presentation state applies to an image of this Photometric "
                     "Interpretation (PS3.4 N.2: MONOCHROME, RGB, YBR or PALETTE COLOR)",
                     info.path);
  auto source = derived::loadSourceHeader(info);
  if (!source) return source.error();
  DcmItem& src = *(*source)->getDataset();
  const char* sopClass = sopClassOf(*kind);

  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  derived::BuildStatus status;
  ItemBuilder out(&ds, &status);
  std::vector<OutputNote> notes;
  Status refusal;
  SourceCopier copy(src, info.path, out, &notes, &refusal);
  derived::copyPatientAndStudy(copy);
  if (!refusal) return refusal.error();
  std::vector<std::string> texts = {rq.series.description, rq.series.operatorName,
                                    rq.content.description, rq.content.creator};
  for (const GraphicText& t : rq.content.texts) texts.push_back(t.text);
  if (Status s = derived::prepareCharacterSet(ds, texts, path); !s) return s.error();

  const derived::Timestamp t = derived::now();
  const std::string uid = newUid();
  derived::putSopCommon(out, sopClass, uid, t);
  derived::putSeries(out, rq.series, "PR", t);  // Presentation Series Module: Modality PR (C.11.9)
  derived::putOperator(out, rq.series);
  derived::putSeriesAnatomy(copy, false);  // General Series: Body Part, Laterality (2C)
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
  derived::noteFrameReference(rq.source, copy);

  // Displayed Area Module (C.10.4): the whole image, scaled to fit; TLHC/BRHC are 1-based pixels.
  ItemBuilder area = out.add(DCM_DisplayedAreaSelectionSequence);
  area.s32(DCM_DisplayedAreaTopLeftHandCorner, {1, 1})
      .s32(DCM_DisplayedAreaBottomRightHandCorner,
           {int32_t(info.pixels.columns), int32_t(info.pixels.rows)})
      .str(DCM_PresentationSizeMode, "SCALE TO FIT")
      .str(DCM_PresentationPixelAspectRatio, presentationAspectRatio(copy));

  derived::putGraphicAnnotations(out, rq.content, rq.source);
  putShutters(copy, *kind);
  if (Status s = putPipeline(copy, rq, *kind); !s) return derived::errorAt(s, path);
  if (!refusal) return refusal.error();

  if (status.failed) return status.toError("cannot build the presentation state", path);
  auto written = derived::saveNew(file, path, sopClass, uid);
  if (written) written->notes = std::move(notes);
  return written;
}

}  // namespace

Result<WrittenObject> writePresentationState(const PresentationStateRequest& request) {
  auto path = derived::targetPath(request.folder, request.fileName);
  if (!path) return path.error();
  return bridge::guarded<Result<WrittenObject>>("cannot write the presentation state", *path,
                                                [&] { return writeUnguarded(request, *path); });
}

}  // namespace fv::dicom
