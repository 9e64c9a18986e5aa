// Burning annotations and measurement text into an RGB frame for a Secondary Capture.
#pragma once

#include <string>
#include <vector>

#include "fv/dicom/Deidentify.h"
#include "fv/dicom/Display.h"
#include "fv/fluoro/Annotation.h"
#include "fv/fluoro/Measurements.h"

namespace fv::fluoro {

/// What else goes into the pixels besides the annotations.
struct BurnInOptions {
  std::vector<std::string>
      headerLines;           ///< top-left text, e.g. "Needle confirmation", "Frame 17/24"
  bool measurements = true;  ///< measurement lines at the bottom-left
  int scale = 0;             ///< marker/text scale; 0 = burnInScale() of the image
  bool captions = false;     ///< also the viewer's captions beside the geometry
};

/// Draws `annotations` (their geometry in image pixels) as annotationShapes() describes them
/// (the viewer paints the same shapes), the measurement lines of `measurements` and the header
/// lines into `rgb` (3 channels). The tip dot covers exactly the annotated pixel. Nothing about
/// the patient is drawn unless the caller puts it in headerLines.
void burnIn(fv::dicom::Image8& rgb, const std::vector<Annotation>& annotations,
            const FrameMeasurements& measurements, const BurnInOptions& options);

/// The full-width band of an image `rows` × `columns` where burnIn draws header line `line`
/// (0-based) at the default scale: what a de-identifying export blanks when that line may hold
/// the patient's name.
fv::dicom::Redaction headerLineBand(uint32_t rows, uint32_t columns, int line);

}  // namespace fv::fluoro
