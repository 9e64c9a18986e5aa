// MPR of the demo hip MR: the femoral head is where the geometry says, in all three planes.
#include <gtest/gtest.h>

#include <QTest>

#include "RenderTestUtil.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/viewer/ImageViewport.h"
#include "fv/viewer/MprController.h"
#include "fv/viewer/ViewportGrid.h"

using namespace fv::dicom;
using namespace fv::viewer;

TEST(Mpr, ShowsTheFemoralHeadAtTheCrosshairInAllThreePlanes) {
  const DicomIndex index = indexPaths({fv::test::demoMr()});
  ViewportGrid grid;
  grid.resize(1200, 420);
  grid.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&grid));
  MprController mpr(&grid);
  const Series* s = index.allSeries().at(0);
  ASSERT_TRUE(mpr.start(s, 0));
  EXPECT_EQ(grid.columns(), 3);
  // make-dicom-series: right femoral head centre at LPS (-92, 14, -20) mm.
  const Vec3 head{-92, 14, -20};
  mpr.setCrosshair(head);
  QTest::qWait(100);
  for (int i = 0; i < 3; ++i) {
    ImageViewport* v = grid.viewport(i);
    ASSERT_FALSE(v->isEmpty());
    const QPointF image = mpr.toImage(i, head);
    const QPoint w = v->imageToWidget(image).toPoint();
    v->setShowOverlays(false);
    v->setPaintingTools({});
    v->requestRender();
    QTest::qWait(30);
    const QImage shot = fv::test::grabGrey(*v);
    // Marrow of the head is bright; 25 mm outside the head centre, lateral (patient right = -x),
    // is the darker soft tissue around the hip in the axial and coronal planes.
    const int centre = shot.pixelColor(w).red();
    EXPECT_GT(centre, 100) << "plane " << i;
    auto f = v->currentFrame();
    ASSERT_TRUE(f);
    // The viewport shows the reslice value at that point (through the GPU window).
    const auto ref = renderFrame(*s->instances.data(), *f, 0, DisplayOptions{v->window()});
    ASSERT_TRUE(ref);
    const int r = int(std::lround(image.y())), c = int(std::lround(image.x()));
    EXPECT_NEAR(centre, ref->pixels[size_t(r) * ref->columns + size_t(c)], 3) << "plane " << i;
  }
  // Shift+click moves the crosshair: the other planes follow.
  ImageViewport* axial = grid.viewport(0);
  const QPointF target = axial->imageToWidget(mpr.toImage(0, head + Vec3{10, 0, 0}));
  QTest::mouseClick(axial, Qt::LeftButton, Qt::ShiftModifier, target.toPoint());
  EXPECT_NEAR(mpr.crosshair().x, -82, 1.5);
  EXPECT_NEAR(mpr.crosshair().z, -20, 1e-6);
  EXPECT_NEAR(mpr.plane(2).origin.x, mpr.crosshair().x, 1e-9);  // the sagittal plane moved
}
