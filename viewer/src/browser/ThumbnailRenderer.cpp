#include "ThumbnailRenderer.h"

#include <algorithm>
#include <cmath>
#include <exception>

#include "fv/dicom/Display.h"
#include "fv/dicom/InstanceDecoder.h"

namespace fv::viewer::browser {
namespace {

using fv::dicom::ErrorCode;
using fv::dicom::makeError;

// Width/height the frame has on the patient: rows and columns may have different spacing.
QSize fittedSize(const fv::dicom::InstanceInfo& info, uint32_t frame, uint32_t rows, uint32_t columns,
                 int box) {
  double width = columns, height = rows;
  if (const auto& spacing = info.planeOf(frame).pixelSpacing;
      spacing && (*spacing)[0] > 0 && (*spacing)[1] > 0) {
    height *= (*spacing)[0];  // row spacing: between rows, i.e. vertical
    width *= (*spacing)[1];
  }
  const double scale = box / std::max(width, height);
  return QSize(std::max(1, int(std::lround(width * scale))), std::max(1, int(std::lround(height * scale))));
}

fv::dicom::Result<QImage> renderUnguarded(const fv::dicom::Series& series, int size) {
  if (series.stacks.empty() || series.stacks.front().frames.empty())
    return makeError(ErrorCode::InvalidArgument, "the series has no frames to show");
  const fv::dicom::Stack& stack = series.stacks.front();
  const fv::dicom::FrameRef ref = stack.frames[stack.frames.size() / 2];
  const fv::dicom::InstanceInfo& info = series.instanceOf(ref);

  auto decoder = fv::dicom::InstanceDecoder::open(info);
  if (!decoder) return decoder.error();
  auto frame = (*decoder)->decode(ref.frame);
  if (!frame) return frame.error();
  auto image = fv::dicom::renderFrame(info, *frame, ref.frame);
  if (!image) return image.error();

  const fv::dicom::Image8& img = *image;
  const QImage::Format format = img.channels == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8;
  const qsizetype bytesPerLine = qsizetype(img.columns) * img.channels;
  if (img.rows == 0 || img.columns == 0 || img.pixels.size() < size_t(bytesPerLine) * img.rows)
    return makeError(ErrorCode::Internal, "the rendered frame is empty", info.path);
  // A view of the rendered pixels; scaled() below always makes the image we keep (deep copy).
  const QImage view(img.pixels.data(), int(img.columns), int(img.rows), bytesPerLine, format);
  const QSize target = fittedSize(info, ref.frame, img.rows, img.columns, size);
  QImage scaled = view.scaled(target, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
  if (scaled.constBits() == view.constBits()) scaled = view.copy();  // same size: detach
  if (scaled.isNull()) return makeError(ErrorCode::TooLarge, "cannot scale the frame", info.path);
  return scaled;
}

}  // namespace

fv::dicom::Result<QImage> renderThumbnail(const fv::dicom::Series& series, int size) {
  try {
    return renderUnguarded(series, size);
  } catch (const std::exception& e) {
    return makeError(ErrorCode::Internal, "thumbnail failed", {}, e.what());
  }
}

}  // namespace fv::viewer::browser
