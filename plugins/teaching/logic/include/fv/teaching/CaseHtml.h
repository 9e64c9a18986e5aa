// case.html: the teaching case as one self-contained page (inline CSS, images beside it).
#pragma once

#include <string>
#include <vector>

#include "fv/teaching/CaseText.h"

namespace fv::teaching {

/// One key frame as the page shows it.
struct PageFigure {
  std::string image;                      ///< relative path of the PNG, e.g. "images/key-01.png"
  std::string caption;                    ///< e.g. "XA, frame 17 of 24"
  std::vector<std::string> measurements;  ///< lines, e.g. "Tip to target: 3.2 mm"
  std::string calibration;                ///< where the millimetres come from, "" = none
};

/// One video of a cine.
struct PageVideo {
  std::string mp4, gif;  ///< relative paths ("" when not written)
  std::string caption;
};

/// The page: the author's text (escaped), the key frames, the videos, and the de-identification
/// applied (`profile`: the De-identification Method values). Holds nothing from the DICOM files
/// beyond what `figures` and `videos` say.
std::string caseHtml(const CaseText& text, const std::vector<PageFigure>& figures,
                     const std::vector<PageVideo>& videos, const std::vector<std::string>& profile);

}  // namespace fv::teaching
