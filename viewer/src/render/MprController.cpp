#include "fv/viewer/MprController.h"

#include <QPainter>

#include "fv/viewer/ImageViewport.h"
#include "fv/viewer/ViewportGrid.h"

namespace fv::viewer {

using namespace fv::dicom;

namespace {
constexpr AnatomicalPlane kPlanes[3] = {AnatomicalPlane::Axial, AnatomicalPlane::Coronal, AnatomicalPlane::Sagittal};
const char* kNames[3] = {"MPR axial", "MPR coronal", "MPR sagittal"};
const QColor kColours[3] = {QColor(255, 80, 80), QColor(80, 220, 80), QColor(90, 150, 255)};
}  // namespace

/// Draws, in each MPR viewport, the lines where the other two planes cut it.
class CrosshairPainter : public fv::plugin::ViewportTool {
 public:
  explicit CrosshairPainter(MprController* mpr) : m_mpr(mpr) {}
  QString id() const override { return "core.tool.mpr-crosshair"; }
  QString name() const override { return "MPR crosshair"; }
  void setViewports(std::array<ImageViewport*, 3> v) { m_views = v; }
  void paint(fv::plugin::ViewportContext& ctx, QPainter& p) override {
    for (int i = 0; i < 3; ++i) {
      if (m_views[size_t(i)] != &ctx) continue;
      const QPointF c = ctx.imageToWidget(m_mpr->toImage(i, m_mpr->crosshair()));
      const QRectF r(0, 0, m_views[size_t(i)]->width(), m_views[size_t(i)]->height());
      const int horizontal = i == 2 ? 0 : (i == 0 ? 1 : 0), vertical = i == 2 ? 1 : 2;
      // Lines of the other planes: which plane is horizontal on screen depends on this view.
      p.setPen(QPen(kColours[horizontal], 1, Qt::DashLine));
      p.drawLine(QPointF(r.left(), c.y()), QPointF(r.right(), c.y()));
      p.setPen(QPen(kColours[vertical], 1, Qt::DashLine));
      p.drawLine(QPointF(c.x(), r.top()), QPointF(c.x(), r.bottom()));
      p.setPen(QPen(kColours[i], 3));
      p.drawRect(r.adjusted(1, 1, -2, -2));
    }
  }

 private:
  MprController* m_mpr;
  std::array<ImageViewport*, 3> m_views{};
};

MprController::MprController(ViewportGrid* grid, QObject* parent)
    : QObject(parent), m_grid(grid), m_painter(std::make_shared<CrosshairPainter>(this)) {}

MprController::~MprController() = default;

Status MprController::start(const Series* series, int stack) {
  stop();
  if (!series || stack < 0 || stack >= int(series->stacks.size()))
    return makeError(ErrorCode::InvalidArgument, "no series for MPR");
  auto v = buildVolume(*series, series->stacks[size_t(stack)]);
  if (!v) return v.error();
  m_series = series;
  m_volume = std::move(*v);
  m_cross = voxelToPatient(*m_volume, (m_volume->dims[0] - 1) / 2.0, (m_volume->dims[1] - 1) / 2.0,
                           (m_volume->dims[2] - 1) / 2.0);
  m_grid->setGrid(1, 3);
  std::array<ImageViewport*, 3> views{m_grid->viewport(0), m_grid->viewport(1), m_grid->viewport(2)};
  m_painter->setViewports(views);
  for (int i = 0; i < 3; ++i) {
    views[size_t(i)]->clear();
    views[size_t(i)]->setPaintingTools({m_painter});
    m_connections.push_back(connect(views[size_t(i)], &ImageViewport::crosshairRequested, this,
                                    [this, i](QPointF image) { setCrosshair(toPatient(i, image)); }));
    m_connections.push_back(connect(views[size_t(i)], &ImageViewport::scrollRequested, this, [this, i](int steps) {
      const Vec3 n = m_planes[size_t(i)].orientation.normal();
      setCrosshair(m_cross + n * (steps * m_planes[size_t(i)].rowMm));
    }));
  }
  for (int i = 0; i < 3; ++i) refresh(i);
  return {};
}

void MprController::stop() {
  for (auto& c : m_connections) disconnect(c);
  m_connections.clear();
  if (m_volume)
    for (int i = 0; i < 3; ++i) {
      m_grid->viewport(i)->setPaintingTools({});
      m_grid->viewport(i)->clear();
    }
  m_volume.reset();
  m_series = nullptr;
}

void MprController::setCrosshair(const Vec3& p) {
  if (!m_volume) return;
  // Keep the point inside the volume.
  Vec3 lo, hi;
  volumeBounds(*m_volume, lo, hi);
  m_cross = {std::clamp(p.x, lo.x, hi.x), std::clamp(p.y, lo.y, hi.y), std::clamp(p.z, lo.z, hi.z)};
  for (int i = 0; i < 3; ++i) refresh(i);
  emit crosshairChanged();
}

Vec3 MprController::toPatient(int i, QPointF image) const {
  const ReslicePlane& p = m_planes.at(size_t(i));
  return p.origin + p.orientation.row * (image.x() * p.columnMm) + p.orientation.column * (image.y() * p.rowMm);
}

QPointF MprController::toImage(int i, const Vec3& x) const {
  const ReslicePlane& p = m_planes.at(size_t(i));
  const Vec3 d = x - p.origin;
  return QPointF(d.dot(p.orientation.row) / p.columnMm, d.dot(p.orientation.column) / p.rowMm);
}

void MprController::refresh(int i) {
  m_planes[size_t(i)] = standardPlane(*m_volume, kPlanes[i], m_cross);
  auto f = reslice(*m_volume, m_planes[size_t(i)]);
  if (!f) return;
  const Stack& st = m_series->stacks.front();
  InstanceInfo info = m_series->instanceOf(st.frames.front());  // patient/study text, window, rescale
  info.plane.orientation = m_planes[size_t(i)].orientation;
  info.plane.position = m_planes[size_t(i)].origin;
  info.plane.pixelSpacing = std::array<double, 2>{m_planes[size_t(i)].rowMm, m_planes[size_t(i)].columnMm};
  info.calibration = {m_planes[size_t(i)].rowMm, m_planes[size_t(i)].columnMm, CalibrationSource::PixelSpacing};
  info.framePlanes.clear();
  info.shutter = {};
  info.overlays.clear();
  info.pixels.rows = f->rows();
  info.pixels.columns = f->columns();
  m_grid->viewport(i)->setComputedImage(*f, info, m_planes[size_t(i)].rowMm, m_planes[size_t(i)].columnMm, kNames[i]);
}

}  // namespace fv::viewer
