// How annotations look, shared by the burned-in Secondary Capture and the viewer overlay.
#pragma once

#include "fv/fluoro/Annotation.h"
#include "fv/fluoro/Canvas.h"

namespace fv::fluoro {

/// Colour of an annotation kind (tip yellow, target green, trajectory cyan, ...).
Rgb colourOf(AnnotationKind kind);
/// Dark halo drawn under every stroke so it reads on bright and dark images.
inline constexpr Rgb kHalo{0, 0, 0};

/// Marker sizes in image pixels at scale 1 (scaled with the image, see burnInScale()).
inline constexpr double kTipRadius = 6.0;     ///< ring around the tip
inline constexpr double kTipDotRadius = 1.0;  ///< filled dot exactly on the tip
inline constexpr double kTargetRadius = 8.0;  ///< target circle; cross arms reach 1.5x
inline constexpr double kStroke = 2.0;        ///< line width
inline constexpr double kDash = 6.0;          ///< dash length of the trajectory extension
inline constexpr double kArrowHead = 10.0;    ///< arrow head length

/// Integer scale for markers and text on an image of this size (1 per 512 pixels, at least 1).
int burnInScale(uint32_t rows, uint32_t columns);

}  // namespace fv::fluoro
