#include <cstdlib>
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "FrameSelection.h"
#include "fv/dicom/Display.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"
#include "fv/dicom/PngWriter.h"

namespace fv::cli {

using namespace fv::dicom;


int runRender(int argc, char** argv) {
  const Args a = parseArgs(argc, argv, 2, {"out", "series", "frame", "window"}, {"no-shutters", "no-overlays"});
  const auto out = a.option("out");
  std::optional<Window> window;
  if (auto w = a.option("window")) window = parseWindow(*w);
  std::optional<long> frameNumber = 1;
  if (auto f = a.option("frame")) frameNumber = parsePositive(*f);
  if (!a.error.empty() || a.positional.size() != 1 || !out || (a.option("window") && !window) || !frameNumber) {
    std::cerr << "usage: fluoroview-cli render PATH --out FILE.png [--series UID] [--frame N] [--window CENTER/WIDTH]\n";
    if (!a.error.empty()) std::cerr << "error: " << a.error << "\n";
    else if (a.option("window") && !window) std::cerr << "error: --window needs CENTER/WIDTH with WIDTH > 0\n";
    else if (!frameNumber) std::cerr << "error: --frame needs a number from 1\n";
    return kUsage;
  }
  int exitCode = kOk;
  const auto source = openSourceFrame(a.positional[0], a.option("series").value_or(""), *frameNumber, exitCode);
  if (!source) return exitCode;
  const InstanceInfo& info = source->info();
  auto decoder = InstanceDecoder::open(info);
  if (!decoder) {
    std::cerr << "error: " << decoder.error().toString() << "\n";
    return kInputError;
  }
  auto frame = (*decoder)->decode(source->ref.frame);
  if (!frame) {
    std::cerr << "error: " << frame.error().toString() << "\n";
    return kInputError;
  }
  DisplayOptions options;
  options.window = window;
  options.applyShutters = !a.flag("no-shutters");
  options.applyOverlays = !a.flag("no-overlays");
  auto image = renderFrame(info, *frame, source->ref.frame, options);
  if (!image) {
    std::cerr << "error: " << image.error().toString() << "\n";
    return kInputError;
  }
  if (Status s = writePng(*image, *out); !s) {
    std::cerr << "error: " << s.error().toString() << "\n";
    return kInputError;
  }
  return source->index->errors.empty() ? kOk : kInputError;
}

}  // namespace fv::cli
