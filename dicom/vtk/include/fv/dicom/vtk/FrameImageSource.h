// A VTK image source that yields one frame of a stack on demand (the viewport's pipeline head).
#pragma once

#include <memory>
#include <optional>

#include <vtkImageAlgorithm.h>

#include "fv/dicom/FrameProvider.h"
#include "fv/dicom/Result.h"

namespace fv::dicom::vtkio {

/// vtkImageAlgorithm whose output is frame `Frame` of a FrameProvider as 2-D vtkImageData
/// (raw stored values, no copy). Changing the frame re-executes the pipeline; the provider's
/// cache and decode-ahead make that cheap during cine.
class FrameImageSource : public vtkImageAlgorithm {
 public:
  static FrameImageSource* New();
  vtkTypeMacro(FrameImageSource, vtkImageAlgorithm);

  /// The frames to serve; `rowMm`/`columnMm` become the image spacing (1 when uncalibrated).
  void SetProvider(std::shared_ptr<FrameProvider> provider, double rowMm = 1.0, double columnMm = 1.0);
  /// Selects frame `index` (0-based, stack order); marks the source modified when it changes.
  void SetFrame(size_t index);
  size_t GetFrame() const { return m_frame; }
  /// The error of the last execution, if the frame could not be decoded.
  const std::optional<Error>& LastError() const { return m_error; }

 protected:
  FrameImageSource();
  ~FrameImageSource() override = default;
  int RequestInformation(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;
  int RequestData(vtkInformation*, vtkInformationVector**, vtkInformationVector*) override;

 private:
  FrameImageSource(const FrameImageSource&) = delete;
  void operator=(const FrameImageSource&) = delete;

  std::shared_ptr<FrameProvider> m_provider;
  size_t m_frame = 0;
  double m_spacing[2] = {1.0, 1.0};
  std::optional<Error> m_error;
};

}  // namespace fv::dicom::vtkio
