// Drag-and-drop formats between the study browser and viewports.
#pragma once

namespace fv::viewer {

/// A Series Instance UID (UTF-8) dragged from the study browser.
inline constexpr const char* kSeriesMimeType = "application/x-fluoroview-series";

}  // namespace fv::viewer
