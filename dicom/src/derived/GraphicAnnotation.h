// The graphic content of our presentation states — one description for the Grayscale and the
// Color Softcopy Presentation State: the content check and the Graphic Annotation (PS3.3
// C.10.5) and Graphic Layer (C.10.7) modules (private to fv_dicom).
#pragma once

#include "derived/DatasetBuilder.h"
#include "fv/dicom/DerivedObjects.h"
#include "fv/dicom/Result.h"

namespace fv::dicom::derived {

/// InvalidArgument unless the content can be written: label and layers are CS, descriptions
/// fit their VR, point counts fit the graphic types, coordinates are finite, texts are ST and
/// a window has a usable width (PS3.3 C.10.5, C.11.2.1.2).
Status checkPresentationContent(const PresentationContent& content);

/// Graphic Annotation Module (C.10.5): one item per layer (layers in order of first use:
/// shapes, then texts), each applying to `source`'s frame only; Graphic Layer Module (C.10.7):
/// the layers in order, with recommended grayscale (white) and CIELab (yellow) display values.
void putGraphicAnnotations(ItemBuilder& out, const PresentationContent& content,
                           const SourceFrame& source);

}  // namespace fv::dicom::derived
