// One annotation drawing: at 1:1 zoom the viewer's overlay and the Secondary Capture's burned-in
// pixels cover the same pixels (within one pixel of anti-aliasing), because both draw the
// primitives of annotationShapes().
#include <gtest/gtest.h>

#include <QAction>
#include <QImage>
#include <QTest>
#include <cmath>
#include <set>
#include <utility>

#include "FluoroGuiTestUtil.h"
#include "RenderTestUtil.h"
#include "TestData.h"
#include "fv/fluoro/BurnIn.h"
#include "fv/fluoro/Confirmation.h"
#include "fv/viewer/ImageViewport.h"
#include "fv/viewer/MainWindow.h"
#include "fv/viewer/ViewportGrid.h"

using namespace fv::viewer;
using fv::fluoro::Annotation;
using fv::fluoro::AnnotationKind;
using fv::fluoro::Point;

namespace {

using Footprint = std::set<std::pair<int, int>>;  // (column, row) in image pixels

// A visible change, not the faint edge of anti-aliasing.
constexpr int kChanged = 32;

void trigger(MainWindow& w, const QString& name) {
  QAction* a = w.findChild<QAction*>(name);
  ASSERT_NE(a, nullptr) << name.toStdString();
  a->trigger();
}

QImage grab(ImageViewport& v) {
  v.requestRender();
  QTest::qWait(100);
  return v.grabFramebuffer().convertToFormat(QImage::Format_RGB888);
}

// Pixels of `region` (image coordinates) where the two images differ; (dx, dy) is where image
// pixel (0, 0) is in them.
Footprint footprint(const QImage& before, const QImage& after, const QRect& region, int dx,
                    int dy) {
  Footprint out;
  for (int y = region.top(); y <= region.bottom(); ++y)
    for (int x = region.left(); x <= region.right(); ++x) {
      const QColor a = before.pixelColor(x + dx, y + dy), b = after.pixelColor(x + dx, y + dy);
      if (std::abs(a.red() - b.red()) > kChanged || std::abs(a.green() - b.green()) > kChanged ||
          std::abs(a.blue() - b.blue()) > kChanged)
        out.insert({x, y});
    }
  return out;
}

QImage toQImage(const fv::dicom::Image8& rgb) {
  return QImage(rgb.pixels.data(), int(rgb.columns), int(rgb.rows), int(rgb.columns) * 3,
                QImage::Format_RGB888)
      .copy();
}

// The share of `of`'s pixels with a pixel of `in` at most one pixel away (3 × 3 neighbourhood).
double matchedWithinOnePixel(const Footprint& of, const Footprint& in) {
  if (of.empty()) return 0;
  size_t matched = 0;
  for (const auto& [x, y] : of) {
    bool near = false;
    for (int dy = -1; dy <= 1 && !near; ++dy)
      for (int dx = -1; dx <= 1 && !near; ++dx) near = in.count({x + dx, y + dy}) > 0;
    matched += near;
  }
  return double(matched) / double(of.size());
}

}  // namespace

TEST(FluoroAnnotationDrawing, ViewportAtOneToOneAndSecondaryCaptureCoverTheSamePixels) {
  auto w = fv::test::openFluoroWindow({QString::fromStdString(fv::test::demoXa())});
  ImageViewport* v = w->grid()->active();
  ASSERT_NE(v, nullptr);
  ASSERT_NE(v->series(), nullptr);
  v->setFrame(16);
  v->actualSize();
  // Put image pixel centres on widget pixel centres (i + 0.5) so 1:1 is pixel for pixel.
  const QPointF origin = v->imageToWidget({0, 0});
  v->viewGeometry().panBy(QPointF(0.5 - (origin.x() - std::floor(origin.x())),
                                  0.5 - (origin.y() - std::floor(origin.y()))));
  v->applyGeometry();
  ASSERT_DOUBLE_EQ(v->viewGeometry().zoom(), 1.0);
  const QPointF o = v->imageToWidget({0, 0});
  ASSERT_NEAR(o.x() - std::floor(o.x()), 0.5, 1e-9);
  ASSERT_NEAR(o.y() - std::floor(o.y()), 0.5, 1e-9);
  const int dx = int(std::floor(o.x())), dy = int(std::floor(o.y()));
  const auto& info = v->series()->instanceOf(v->frameRef());
  // The part of the image the viewport shows.
  const QRect region = QRect(0, 0, int(info.pixels.columns), int(info.pixels.rows))
                           .intersected(QRect(-dx, -dy, v->width(), v->height()));
  const fv::dicom::Window window = v->window();
  const QImage before = grab(*v);

  // Tip, target and the trajectory entry → tip, drawn as the physician does.
  const Point tip{260, 250}, target{150, 330}, entry{300, 140};
  auto at = [&](const Point& p) { return v->imageToWidget(QPointF(p.x, p.y)).toPoint(); };
  auto image = [&](const Point& p) {  // where a click at `p` lands in the image
    const QPointF q = v->widgetToImage(QPointF(at(p)));
    return Point{q.x(), q.y()};
  };
  for (const Point& p : {tip, target, entry}) ASSERT_TRUE(region.contains(int(p.x), int(p.y)));
  trigger(*w, "tool:fluoro.tool.needle-tip");
  QTest::mouseClick(v, Qt::LeftButton, {}, at(tip));
  trigger(*w, "tool:fluoro.tool.target");
  QTest::mouseClick(v, Qt::LeftButton, {}, at(target));
  trigger(*w, "tool:fluoro.tool.trajectory");
  QTest::mousePress(v, Qt::LeftButton, {}, at(entry));
  QTest::mouseMove(v, at(Point{(entry.x + tip.x) / 2, (entry.y + tip.y) / 2}));
  QTest::mouseRelease(v, Qt::LeftButton, {}, at(tip));
  // A click on empty image deselects (the selection's handles are the viewer's alone).
  trigger(*w, "tool:fluoro.tool.select");
  QTest::mouseClick(v, Qt::LeftButton, {}, at(Point{60, 420}));
  ASSERT_EQ(v->window().center, window.center);  // the click changed no window
  ASSERT_EQ(v->window().width, window.width);
  const QImage after = grab(*v);
  const Footprint screen = footprint(before, after, region, dx, dy);

  // The Secondary Capture's drawing of the same annotations, with the viewer's captions (the SC
  // itself lists the measurements at the bottom-left instead).
  fv::fluoro::ConfirmedFrame frame;
  frame.source = info;
  frame.frame = v->frameRef().frame;
  frame.window = v->window();
  frame.inverted = v->inverted();
  const fv::fluoro::BurnInOptions burn{{}, false, 0, true};
  auto plain = fv::fluoro::renderAnnotatedFrame(frame, burn);
  ASSERT_TRUE(plain) << plain.error().message;
  auto make = [](AnnotationKind kind, std::vector<Point> points) {
    Annotation a;
    a.kind = kind;
    a.points = std::move(points);
    return a;
  };
  frame.annotations = {make(AnnotationKind::NeedleTip, {image(tip)}),
                       make(AnnotationKind::Target, {image(target)}),
                       make(AnnotationKind::Trajectory, {image(entry), image(tip)})};
  auto burned = fv::fluoro::renderAnnotatedFrame(frame, burn);
  ASSERT_TRUE(burned);
  const Footprint sc = footprint(toQImage(*plain), toQImage(*burned), region, 0, 0);

  // Markers, strokes and both captions: well over a thousand pixels each.
  ASSERT_GT(sc.size(), 1000u);
  ASSERT_GT(screen.size(), 1000u);
  EXPECT_GT(double(screen.size()) / double(sc.size()), 0.9);
  EXPECT_LT(double(screen.size()) / double(sc.size()), 1.15);
  EXPECT_GE(matchedWithinOnePixel(screen, sc), 0.98) << screen.size() << " vs " << sc.size();
  EXPECT_GE(matchedWithinOnePixel(sc, screen), 0.98) << sc.size() << " vs " << screen.size();
}
