// Cine plays at the file's own rate, in real time, and obeys the controls.
#include <gtest/gtest.h>

#include <QTest>

#include "RenderTestUtil.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/viewer/CineController.h"
#include "fv/viewer/ImageViewport.h"

using namespace fv::dicom;
using fv::viewer::CineController;
using fv::viewer::ImageViewport;

namespace {
struct Player {
  DicomIndex index;
  ImageViewport view;
  CineController cine{&view};
  explicit Player(const std::string& path) {
    index = indexPaths({path});
    view.resize(400, 400);
    view.show();
    EXPECT_TRUE(QTest::qWaitForWindowExposed(&view));
    view.setStack(index.allSeries().at(0), 0);
    QTest::qWait(50);
  }
};
}  // namespace

TEST(Cine, PlaysAtTheFilesFrameRate) {
  Player p(fv::test::demoXa());  // Frame Time 66.67 ms: 15 fps
  EXPECT_NEAR(p.cine.fileFps(), 15.0, 0.01);
  p.cine.play();
  QTest::qWait(1600);
  p.cine.pause();
  const auto& t = p.cine.timeline();
  ASSERT_GE(t.size(), 20u);
  // Every frame is shown close to its due time (Xvfb + llvmpipe: allow one frame period).
  int late = 0;
  for (const auto& [frame, due, painted] : t) late += painted - due > 66.67 ? 1 : 0;
  EXPECT_LE(late, 1);
  const auto [firstFrame, firstDue, firstPaint] = t.front();
  const auto [lastFrame, lastDue, lastPaint] = t.back();
  (void)firstFrame;
  (void)firstPaint;
  (void)lastPaint;
  // Frame k is due at k × 66.67 ms from the start, and frames advance one at a time.
  EXPECT_NEAR(lastDue - firstDue, (t.size() - 1) * 66.67, 1.0);
  EXPECT_EQ(lastFrame, int(t.size() - 1) % 24);
  EXPECT_NEAR(p.cine.stats().achievedFps, 15.0, 1.5);
}

TEST(Cine, ChosenRateOverridesTheFile) {
  Player p(fv::test::demoXa());
  p.cine.setFps(30);
  p.cine.play();
  QTest::qWait(1000);
  p.cine.pause();
  EXPECT_NEAR(p.cine.stats().achievedFps, 30.0, 4.0);
  p.cine.setFps(0);
  EXPECT_NEAR(p.cine.fps(), 15.0, 0.01);
}

TEST(Cine, BounceRunsBackwardsAtTheEnd) {
  Player p(fv::test::demoXa());
  p.cine.setMode(fv::viewer::CineMode::Bounce);
  p.view.setFrame(20);
  p.cine.setFps(60);
  p.cine.play();
  QTest::qWait(300);
  p.cine.pause();
  std::vector<int> frames;
  for (const auto& [frame, due, painted] : p.cine.timeline()) frames.push_back(frame);
  ASSERT_GE(frames.size(), 6u);
  const auto top = std::max_element(frames.begin(), frames.end());
  EXPECT_EQ(*top, 23);
  EXPECT_LT(frames.back(), 23);  // came back down
}

TEST(Cine, StepAndFirstLastPause) {
  Player p(fv::test::demoXa());
  p.cine.play();
  QTest::qWait(100);
  p.cine.step(1);
  EXPECT_FALSE(p.cine.playing());
  p.cine.last();
  EXPECT_EQ(p.view.frameIndex(), 23);
  p.cine.step(1);
  EXPECT_EQ(p.view.frameIndex(), 0);  // wraps
  p.cine.first();
  EXPECT_EQ(p.view.frameIndex(), 0);
}
