// The viewport renders what fluoroview-cli renders, and reacts to the mouse as clinicians expect.
#include <gtest/gtest.h>

#include <filesystem>

#include <QTest>
#include <QWheelEvent>

#include "RenderTestUtil.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"
#include "fv/viewer/ImageViewport.h"

using namespace fv::dicom;
using fv::viewer::ImageViewport;

namespace {

struct Shown {
  DicomIndex index;
  std::unique_ptr<ImageViewport> view;
};

// A 512×512 viewport showing stack 0 of `path`, overlays off, painted at least once.
std::unique_ptr<Shown> show(const std::string& path, int size = 512) {
  auto s = std::make_unique<Shown>();
  s->index = indexPaths({path});
  s->view = std::make_unique<ImageViewport>();
  s->view->resize(size, size);
  s->view->setShowOverlays(false);
  s->view->show();
  EXPECT_TRUE(QTest::qWaitForWindowExposed(s->view.get()));
  s->view->setStack(s->index.allSeries().at(0), 0);
  int paints = 0;
  QObject::connect(s->view.get(), &fv::viewer::VtkOpenGLWidget::painted, [&paints](double) { ++paints; });
  s->view->repaintView();
  EXPECT_TRUE(fv::test::waitFor([&] { return paints > 0; }));
  return s;
}

// Repaints and grabs.
QImage repaintAndGrab(ImageViewport& v) {
  v.requestRender();
  QTest::qWait(20);
  return fv::test::grabGrey(v);
}

QImage cliRender(const std::string& args) {
  const std::string out = fv::test::tempDir("viewport-cli") + "/frame.png";
  std::string log;
  EXPECT_EQ(fv::test::run(fv::test::q(FV_CLI) + " render " + args + " --out " + fv::test::q(out), &log), 0) << log;
  return QImage(QString::fromStdString(out)).convertToFormat(QImage::Format_Grayscale8);
}

int maxDiff(const QImage& a, const QImage& b, int margin = 3) {
  int worst = 0;
  for (int r = margin; r < std::min(a.height(), b.height()) - margin; ++r)
    for (int c = margin; c < std::min(a.width(), b.width()) - margin; ++c)
      worst = std::max(worst, std::abs(int(a.constScanLine(r)[c]) - int(b.constScanLine(r)[c])));
  return worst;
}

}  // namespace

TEST(Viewport, ShowsAFrameAsFluoroviewCliRendersIt) {
  auto s = show(fv::test::demoXa());
  s->view->setFrame(19);
  ASSERT_NEAR(s->view->viewGeometry().zoom(), 1.0, 1e-9);  // 512 px image in a 512 px viewport
  const QImage shot = repaintAndGrab(*s->view);
  const QImage ref = cliRender(fv::test::q(fv::test::demoXa()) + " --frame 20");
  ASSERT_EQ(ref.width(), 512);
  EXPECT_LE(maxDiff(shot, ref), 2);
}

TEST(Viewport, ExplicitWindowMatchesTheCommandLine) {
  auto s = show(fv::test::demoXa());
  s->view->setFrame(4);
  s->view->setWindow(Window{1500, 1000});
  const QImage shot = repaintAndGrab(*s->view);
  EXPECT_LE(maxDiff(shot, cliRender(fv::test::q(fv::test::demoXa()) + " --frame 5 --window 1500/1000")), 2);
}

TEST(Viewport, LeftDragWidensTheWindowAndDarkensNothingByAccident) {
  auto s = show(fv::test::demoXa());
  const Window before = s->view->window();
  const QImage a = repaintAndGrab(*s->view);
  QTest::mousePress(s->view.get(), Qt::LeftButton, {}, QPoint(200, 200));
  QTest::mouseMove(s->view.get(), QPoint(300, 200));  // 100 px right: wider window
  QTest::mouseRelease(s->view.get(), Qt::LeftButton, {}, QPoint(300, 200));
  const Window after = s->view->window();
  EXPECT_NEAR(after.width, before.width + 100 * before.width / 400.0, 1.0);
  EXPECT_DOUBLE_EQ(after.center, before.center);
  const QImage b = repaintAndGrab(*s->view);
  // A wider window flattens contrast: the standard deviation of grey levels drops.
  auto spread = [](const QImage& g) {
    double m = fv::test::meanGrey(g), v = 0;
    for (int r = 0; r < g.height(); ++r)
      for (int c = 0; c < g.width(); ++c) v += std::pow(g.constScanLine(r)[c] - m, 2);
    return std::sqrt(v / (g.width() * g.height()));
  };
  EXPECT_LT(spread(b), spread(a));
}

TEST(Viewport, VerticalDragMovesTheLevel) {
  auto s = show(fv::test::demoXa());
  const Window before = s->view->window();
  const double meanBefore = fv::test::meanGrey(repaintAndGrab(*s->view));
  QTest::mousePress(s->view.get(), Qt::LeftButton, {}, QPoint(200, 300));
  QTest::mouseMove(s->view.get(), QPoint(200, 200));  // drag up: lower centre, brighter image
  QTest::mouseRelease(s->view.get(), Qt::LeftButton, {}, QPoint(200, 200));
  EXPECT_LT(s->view->window().center, before.center);
  EXPECT_GT(fv::test::meanGrey(repaintAndGrab(*s->view)), meanBefore + 5);
}

TEST(Viewport, WheelZoomsAroundTheCursor) {
  auto s = show(fv::test::demoXa());
  const QPointF cursor(100, 150);
  const QPointF imageUnderCursor = s->view->widgetToImage(cursor);
  QWheelEvent wheel(cursor, s->view->mapToGlobal(cursor), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                    Qt::NoScrollPhase, false);
  QApplication::sendEvent(s->view.get(), &wheel);
  EXPECT_NEAR(s->view->viewGeometry().zoom(), 1.15, 1e-9);
  const QPointF again = s->view->imageToWidget(imageUnderCursor);
  EXPECT_NEAR(again.x(), cursor.x(), 1e-6);
  EXPECT_NEAR(again.y(), cursor.y(), 1e-6);
  // And the rendering follows: the pixel under the cursor still shows the same image pixel.
  const QImage shot = repaintAndGrab(*s->view);
  const QImage ref = cliRender(fv::test::q(fv::test::demoXa()));
  const int r = int(std::lround(imageUnderCursor.y())), c = int(std::lround(imageUnderCursor.x()));
  EXPECT_NEAR(shot.pixelColor(cursor.toPoint()).red(), ref.pixelColor(c, r).red(), 6);
}

TEST(Viewport, RightDragZoomsAndMiddleDragPans) {
  auto s = show(fv::test::demoXa());
  QTest::mousePress(s->view.get(), Qt::RightButton, {}, QPoint(256, 300));
  QTest::mouseMove(s->view.get(), QPoint(256, 250));
  QTest::mouseRelease(s->view.get(), Qt::RightButton, {}, QPoint(256, 250));
  EXPECT_GT(s->view->viewGeometry().zoom(), 1.5);
  const QPointF before = s->view->imageToWidget(QPointF(100, 100));
  QTest::mousePress(s->view.get(), Qt::MiddleButton, {}, QPoint(200, 200));
  QTest::mouseMove(s->view.get(), QPoint(230, 190));
  QTest::mouseRelease(s->view.get(), Qt::MiddleButton, {}, QPoint(230, 190));
  const QPointF after = s->view->imageToWidget(QPointF(100, 100));
  EXPECT_NEAR(after.x() - before.x(), 30, 1e-6);
  EXPECT_NEAR(after.y() - before.y(), -10, 1e-6);
}

TEST(Viewport, InvertShowsTheNegative) {
  auto s = show(fv::test::demoXa());
  const QImage a = repaintAndGrab(*s->view);
  s->view->setInverted(true);
  const QImage b = repaintAndGrab(*s->view);
  int worst = 0;
  for (int r = 10; r < 500; r += 7)
    for (int c = 10; c < 500; c += 7) worst = std::max(worst, std::abs(255 - a.pixelColor(c, r).red() - b.pixelColor(c, r).red()));
  EXPECT_LE(worst, 2);
}

TEST(Viewport, RotationTurnsThePictureClockwise) {
  auto s = show(fv::test::demoXa());
  const QImage a = repaintAndGrab(*s->view);
  s->view->viewGeometry().rotate90();
  s->view->applyGeometry();
  const QImage b = repaintAndGrab(*s->view);
  // Clockwise: what was at (x, y) is now at (511 - y, x).
  int worst = 0;
  for (int y = 20; y < 490; y += 11)
    for (int x = 20; x < 490; x += 11) worst = std::max(worst, std::abs(a.pixelColor(x, y).red() - b.pixelColor(511 - y, x).red()));
  EXPECT_LE(worst, 2);
}

TEST(Viewport, HorizontalFlipMirrorsThePicture) {
  auto s = show(fv::test::demoXa());
  const QImage a = repaintAndGrab(*s->view);
  s->view->viewGeometry().flipHorizontal();
  s->view->applyGeometry();
  const QImage b = repaintAndGrab(*s->view);
  int worst = 0;
  for (int y = 20; y < 490; y += 11)
    for (int x = 20; x < 490; x += 11) worst = std::max(worst, std::abs(a.pixelColor(x, y).red() - b.pixelColor(511 - x, y).red()));
  EXPECT_LE(worst, 2);
}

TEST(Viewport, DisplayShuttersAreAppliedOnScreen) {
  auto s = show(fv::test::testdata("public/dbdicom/RF_dbdicom_0015_GE_shutters.dcm"));
  s->view->setShowOverlays(true);
  const QImage shot = repaintAndGrab(*s->view);
  EXPECT_EQ(shot.pixelColor(20, 20).red(), 0);  // top-left corner, outside the circular shutter: black
  EXPECT_GT(shot.pixelColor(256, 256).red(), 0);  // centre: the image
}

TEST(Viewport, WheelScrollsSlicesOfAVolume) {
  auto s = show(fv::test::demoMr());
  ASSERT_EQ(s->view->frameCount(), 32);
  s->view->setFrame(10);
  QWheelEvent wheel(QPointF(100, 100), s->view->mapToGlobal(QPointF(100, 100)), QPoint(), QPoint(0, -240), Qt::NoButton,
                    Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(s->view.get(), &wheel);
  EXPECT_EQ(s->view->frameIndex(), 12);
  EXPECT_NEAR(s->view->viewGeometry().zoom(), 512.0 / 256.0, 1e-9);  // not zoomed
}

TEST(Viewport, ShowsAOneBitSegmentationAsTheCommandLineRendersIt) {
  // pydicom's liver segmentation: Bits Allocated 1, unpacked to 0/1 (PS3.5 8.1.1), window min/max.
  const std::string liver =
      "/usr/lib/python3/dist-packages/pydicom/data/test_files/liver_1frame.dcm";
  if (!std::filesystem::exists(liver))
    GTEST_SKIP() << liver << " is not installed (python3-pydicom)";
  auto s = show(liver);
  const QImage shot = repaintAndGrab(*s->view);
  const QImage ref = cliRender(fv::test::q(liver));
  ASSERT_EQ(ref.width(), 512);
  EXPECT_LE(maxDiff(shot, ref), 2);
  size_t white = 0;
  for (int r = 0; r < ref.height(); ++r)
    for (int c = 0; c < ref.width(); ++c) white += ref.constScanLine(r)[c] == 255;
  EXPECT_EQ(white, 36233u);  // the segment's pixels, as GDCM and pydicom decode them
  EXPECT_GT(fv::test::meanGrey(shot), 30.0);  // the segment is visible on screen, not black
}
