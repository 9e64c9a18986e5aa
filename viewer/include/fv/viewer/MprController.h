// Multi-planar reformatting: axial, coronal and sagittal planes of a volume stack in three
// viewports, linked by a crosshair (Shift+click sets it, the wheel moves a plane).
#pragma once

#include <array>
#include <memory>
#include <optional>

#include <QObject>

#include "fv/dicom/Reslice.h"
#include "fv/dicom/Series.h"

namespace fv::viewer {

class ImageViewport;
class ViewportGrid;
class CrosshairPainter;

/// Drives three viewports of a grid as an MPR of one volume.
class MprController : public QObject {
  Q_OBJECT
 public:
  explicit MprController(ViewportGrid* grid, QObject* parent = nullptr);
  ~MprController() override;

  /// Builds the volume of `stack` of `series` and shows the three planes through its centre in
  /// a 1×3 layout. Error when the stack is not a volume.
  fv::dicom::Status start(const fv::dicom::Series* series, int stack);
  /// Leaves MPR (the caller restores its layout).
  void stop();
  bool active() const { return m_volume.has_value(); }
  /// The crosshair point in patient coordinates (LPS, mm).
  fv::dicom::Vec3 crosshair() const { return m_cross; }
  /// Moves the crosshair (all three planes pass through it).
  void setCrosshair(const fv::dicom::Vec3& p);
  /// The plane shown in viewport `i` (0 axial, 1 coronal, 2 sagittal).
  const fv::dicom::ReslicePlane& plane(int i) const { return m_planes.at(size_t(i)); }
  /// Patient point of an image position in viewport `i`.
  fv::dicom::Vec3 toPatient(int i, QPointF image) const;
  /// Image position of a patient point in viewport `i`.
  QPointF toImage(int i, const fv::dicom::Vec3& p) const;

 signals:
  void crosshairChanged();

 private:
  void refresh(int i);
  ViewportGrid* m_grid;
  const fv::dicom::Series* m_series = nullptr;
  std::optional<fv::dicom::Volume> m_volume;
  std::array<fv::dicom::ReslicePlane, 3> m_planes;
  fv::dicom::Vec3 m_cross;
  std::shared_ptr<CrosshairPainter> m_painter;
  std::vector<QMetaObject::Connection> m_connections;
};

}  // namespace fv::viewer
