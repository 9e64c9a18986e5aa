#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "TestData.h"
#include "fv/dicom/FrameProvider.h"
#include "fv/dicom/Indexer.h"

using namespace fv::dicom;

namespace {
const Series& demoCine(DicomIndex& index) {
  index = indexPaths({fv::test::demoXa()});
  return *index.allSeries().at(0);
}
}  // namespace

TEST(FrameProvider, ServesFramesInStackOrder) {
  DicomIndex index;
  const Series& s = demoCine(index);
  FrameProvider p(s, s.stacks[0]);
  EXPECT_EQ(p.size(), 24u);
  auto f = p.frame(3);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->rows(), 512u);
  EXPECT_FALSE(p.frame(24));
}

TEST(FrameProvider, KeepsTheCacheWithinItsByteBudget) {
  DicomIndex index;
  const Series& s = demoCine(index);
  const size_t frameBytes = 512 * 512 * 2;
  FrameProvider p(s, s.stacks[0], 5 * frameBytes);
  for (size_t i = 0; i < 24; ++i) ASSERT_TRUE(p.frame(i));
  EXPECT_EQ(p.cachedFrames(), 5u);
  EXPECT_LE(p.cachedBytes(), 5 * frameBytes);
}

TEST(FrameProvider, DecodesAheadOnItsWorkerThread) {
  DicomIndex index;
  const Series& s = demoCine(index);
  FrameProvider p(s, s.stacks[0]);
  ASSERT_TRUE(p.frame(0));
  p.prefetch(0, 8);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (p.cachedFrames() < 9 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(p.cachedFrames(), 9u);
}

TEST(FrameProvider, PrefetchBackwardsWrapsAround) {
  DicomIndex index;
  const Series& s = demoCine(index);
  FrameProvider p(s, s.stacks[0]);
  p.prefetch(1, 3, -1);  // frames 0, 23, 22
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (p.cachedFrames() < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(p.cachedFrames(), 3u);
}
