// Annotations ↔ the graphic and text objects of a Grayscale Softcopy Presentation State, so
// that FluoroView reopens its own GSPS as editable annotations and other viewers show them.
#pragma once

#include <vector>

#include "fv/dicom/DerivedObjects.h"
#include "fv/fluoro/Annotation.h"
#include "fv/fluoro/Measurements.h"

namespace fv::fluoro {

/// Graphic layer names (Graphic Layer (0070,0002), CS ≤ 16 chars): one per annotation kind,
/// plus "MEASUREMENTS" (measurement texts) and "DECORATION" (arrow heads, trajectory
/// extension) which are drawn by other viewers but not read back as annotations.
const char* layerOf(AnnotationKind kind);
inline constexpr const char* kMeasurementLayer = "MEASUREMENTS";
inline constexpr const char* kDecorationLayer = "DECORATION";

/// The presentation content for one frame's annotations and measurements (image `rows` tall,
/// for placing the measurement texts).
fv::dicom::PresentationContent toPresentation(const std::vector<Annotation>& annotations,
                                              const FrameMeasurements& measurements, uint32_t rows);

/// The annotations a presentation state holds (ids unassigned; decoration and measurement
/// layers skipped; graphics on unknown layers come back as outlines, arrows or labels).
std::vector<Annotation> fromPresentation(const fv::dicom::PresentationContent& content);

}  // namespace fv::fluoro
