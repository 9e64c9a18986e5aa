#include <gtest/gtest.h>

#include <filesystem>

#include <QImage>
#include <QSignalSpy>

#include "BrowserTestUtil.h"
#include "fv/viewer/browser/ThumbnailCache.h"

using fv::viewer::ThumbnailCache;
namespace fs = std::filesystem;

namespace {

// Distinct grey levels: a rendered image has many, a blank or failed one few.
int greyLevels(const QImage& image) {
  const QImage grey = image.convertToFormat(QImage::Format_Grayscale8);
  bool seen[256] = {};
  int n = 0;
  for (int y = 0; y < grey.height(); ++y)
    for (int x = 0; x < grey.width(); ++x) {
      const uchar v = grey.constScanLine(y)[x];
      if (!seen[v]) seen[v] = true, ++n;
    }
  return n;
}

}  // namespace

TEST(ThumbnailCache, RendersAThumbnailPerSeries) {
  const auto index = fv::test::demoIndex();
  ThumbnailCache cache;
  QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
  QSignalSpy idle(&cache, &ThumbnailCache::idle);
  cache.setIndex(index);
  EXPECT_EQ(cache.pendingCount(), 2);
  ASSERT_TRUE(idle.wait(60000));
  EXPECT_EQ(ready.size(), 2);
  EXPECT_EQ(cache.pendingCount(), 0);
  for (const char* modality : {"XA", "MR"}) {
    const QString uid = fv::test::demoUid(*index, modality);
    const QPixmap pixmap = cache.thumbnail(uid);
    ASSERT_FALSE(pixmap.isNull()) << modality;
    EXPECT_EQ(std::max(pixmap.width(), pixmap.height()), ThumbnailCache::kSize) << modality;
    EXPECT_TRUE(cache.error(uid).isEmpty()) << cache.error(uid).toStdString();
    EXPECT_GT(greyLevels(pixmap.toImage()), 40) << modality << ": not a rendered frame";
  }
}

TEST(ThumbnailCache, ShowsAPlaceholderWithTheReasonWhenDecodingFails) {
  const std::string dir = fv::test::tempDir("thumbnail-gone");
  fs::copy_file(fv::test::testdata("public/pydicom/MR_small.dcm"), dir + "/mr.dcm");
  const auto index = fv::test::indexed({dir});
  ASSERT_EQ(index->allSeries().size(), 1u);
  fs::remove(dir + "/mr.dcm");  // gone between indexing and rendering

  ThumbnailCache cache;
  QSignalSpy idle(&cache, &ThumbnailCache::idle);
  cache.setIndex(index);
  ASSERT_TRUE(idle.wait(60000));
  const QString uid = QString::fromStdString(index->allSeries()[0]->key.instanceUid);
  EXPECT_TRUE(cache.error(uid).contains("mr.dcm")) << cache.error(uid).toStdString();
  const QPixmap pixmap = cache.thumbnail(uid);
  ASSERT_FALSE(pixmap.isNull());
  EXPECT_EQ(pixmap.toImage(), ThumbnailCache::placeholder().toImage());
}

TEST(ThumbnailCache, SkipsSeriesWithoutFramesAndKeepsThoseAlreadyRendered) {
  const auto index = fv::test::demoIndex();
  ThumbnailCache cache;
  QSignalSpy idle(&cache, &ThumbnailCache::idle);
  cache.setIndex(index);
  ASSERT_TRUE(idle.wait(60000));

  // The same series again (e.g. another folder was added): nothing to render.
  QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
  cache.setIndex(fv::test::demoIndex());
  EXPECT_EQ(cache.pendingCount(), 0);
  EXPECT_EQ(idle.size(), 2);  // emitted at once
  EXPECT_TRUE(ready.isEmpty());

  const auto plan = fv::test::indexed({fv::test::testdata("public")});
  cache.clear();
  cache.setIndex(plan);
  for (const fv::dicom::Series* s : plan->allSeries()) {
    if (s->frameCount() == 0) {
      EXPECT_FALSE(cache.isPending(QString::fromStdString(s->key.instanceUid)));
    }
  }
  ASSERT_TRUE(idle.wait(60000));
  for (const fv::dicom::Series* s : plan->allSeries())
    EXPECT_EQ(cache.thumbnail(QString::fromStdString(s->key.instanceUid)).isNull(), s->frameCount() == 0);
}

TEST(ThumbnailCache, DestroyingItWhileRenderingIsSafe) {
  auto cache = std::make_unique<ThumbnailCache>();
  cache->setIndex(fv::test::indexed({fv::test::testdata("public")}));
  cache.reset();
  QCoreApplication::processEvents();
  SUCCEED();
}

TEST(ThumbnailCache, RendersAgainWhenASeriesGainsFiles) {
  const std::string dir = fv::test::tempDir("thumbnail-half-mr");
  for (int i = 0; i < 4; ++i) {
    const std::string name = "/IM1000" + std::to_string(i) + ".dcm";
    fs::copy_file(fv::test::demoMr() + name, dir + name);
  }
  ThumbnailCache cache;
  QSignalSpy idle(&cache, &ThumbnailCache::idle);
  cache.setIndex(fv::test::indexed({dir}));
  ASSERT_TRUE(idle.wait(60000));

  const auto full = fv::test::indexed({fv::test::demoMr()});  // same series, 32 slices now
  const QString uid = QString::fromStdString(full->allSeries()[0]->key.instanceUid);
  ASSERT_FALSE(cache.thumbnail(uid).isNull());
  const QImage before = cache.thumbnail(uid).toImage();
  cache.setIndex(full);
  EXPECT_TRUE(cache.isPending(uid));
  ASSERT_TRUE(idle.wait(60000));
  EXPECT_NE(cache.thumbnail(uid).toImage(), before) << "the middle slice is another one now";
}
