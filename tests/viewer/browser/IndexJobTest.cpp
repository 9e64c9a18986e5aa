#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTimer>

#include "BrowserTestUtil.h"
#include "fv/viewer/browser/IndexJob.h"

using fv::dicom::DicomIndex;
using fv::viewer::IndexJob;

namespace {

std::shared_ptr<const DicomIndex> resultOf(const QSignalSpy& finished) {
  return finished.isEmpty() ? nullptr : finished.first().first().value<std::shared_ptr<const DicomIndex>>();
}

}  // namespace

TEST(IndexJob, ReportsProgressAndFinishesWithoutBlockingTheEventLoop) {
  IndexJob job;
  QSignalSpy progress(&job, &IndexJob::progress);
  QSignalSpy finished(&job, &IndexJob::finished);

  // The longest time the GUI thread's event loop went without serving a 5 ms timer.
  QElapsedTimer sinceTick;
  qint64 longestGap = 0;
  QTimer ticker;
  ticker.setInterval(5);
  QObject::connect(&ticker, &QTimer::timeout, [&] { longestGap = std::max(longestGap, sinceTick.restart()); });
  ticker.start();
  sinceTick.start();

  ASSERT_TRUE(job.start({QString::fromStdString(fv::test::testdata())}));
  EXPECT_TRUE(job.isRunning());
  ASSERT_TRUE(finished.wait(60000));
  longestGap = std::max(longestGap, sinceTick.elapsed());
  ticker.stop();

  RecordProperty("longestEventLoopGapMs", int(longestGap));
  EXPECT_LT(longestGap, 50) << "the event loop stalled while indexing";
  EXPECT_FALSE(job.isRunning());
  ASSERT_FALSE(progress.isEmpty());
  const qint64 done = progress.last().at(0).toLongLong(), total = progress.last().at(1).toLongLong();
  EXPECT_GT(total, 100);
  EXPECT_EQ(done, total);
  for (const auto& args : progress) EXPECT_LE(args.at(0).toLongLong(), args.at(1).toLongLong());

  const auto index = resultOf(finished);
  ASSERT_TRUE(index);
  EXPECT_GT(index->files, 100u);
  EXPECT_NE(index->findSeries(fv::test::demoUid(*fv::test::demoIndex(), "XA").toStdString()), nullptr);
  bool truncatedListed = false;
  for (const auto& e : index->errors) truncatedListed |= e.path.ends_with("MR_truncated.dcm");
  EXPECT_TRUE(truncatedListed);
}

TEST(IndexJob, CanBeCancelled) {
  IndexJob job;
  QSignalSpy finished(&job, &IndexJob::finished);
  QSignalSpy cancelled(&job, &IndexJob::cancelled);
  ASSERT_TRUE(job.start({QString::fromStdString(fv::test::testdata())}));
  job.cancel();
  ASSERT_TRUE(cancelled.wait(60000));
  EXPECT_FALSE(job.isRunning());
  QCoreApplication::processEvents();
  EXPECT_TRUE(finished.isEmpty()) << "a cancelled job delivers no index";

  // The same job runs again afterwards.
  ASSERT_TRUE(job.start({QString::fromStdString(fv::test::testdata("demo"))}));
  ASSERT_TRUE(finished.wait(60000));
  EXPECT_EQ(resultOf(finished)->allSeries().size(), 2u);
  EXPECT_EQ(cancelled.size(), 1);
}

TEST(IndexJob, RefusesASecondStartWhileRunning) {
  IndexJob job;
  QSignalSpy finished(&job, &IndexJob::finished);
  ASSERT_TRUE(job.start({QString::fromStdString(fv::test::demoMr())}));
  EXPECT_FALSE(job.start({QString::fromStdString(fv::test::demoXa())}));
  ASSERT_TRUE(finished.wait(60000));
  EXPECT_EQ(resultOf(finished)->allSeries().size(), 1u);
}

TEST(IndexJob, MergesASecondFolderIntoTheOpenStudies) {
  IndexJob job;
  QSignalSpy finished(&job, &IndexJob::finished);
  ASSERT_TRUE(job.start({QString::fromStdString(fv::test::demoXa())}));
  ASSERT_TRUE(finished.wait(60000));
  const auto first = resultOf(finished);
  ASSERT_EQ(first->allSeries().size(), 1u);

  finished.clear();
  ASSERT_TRUE(job.start({QString::fromStdString(fv::test::demoMr())}, first));
  ASSERT_TRUE(finished.wait(60000));
  const auto merged = resultOf(finished);
  ASSERT_EQ(merged->patients.size(), 1u);
  ASSERT_EQ(merged->patients[0].studies.size(), 1u);
  EXPECT_EQ(merged->patients[0].studies[0].series.size(), 2u);
  EXPECT_EQ(merged->files, 33u);
  EXPECT_EQ(first->allSeries().size(), 1u) << "the open index is not modified";
}

TEST(IndexJob, ListsAMissingFolderAsAnError) {
  IndexJob job;
  QSignalSpy finished(&job, &IndexJob::finished);
  ASSERT_TRUE(job.start({QStringLiteral("/nonexistent/fluoroview/browser")}));
  ASSERT_TRUE(finished.wait(60000));
  const auto index = resultOf(finished);
  ASSERT_EQ(index->errors.size(), 1u);
  EXPECT_EQ(index->errors[0].code, fv::dicom::ErrorCode::NotFound);
  EXPECT_EQ(index->errors[0].path, "/nonexistent/fluoroview/browser");
}

TEST(IndexJob, DestroyingARunningJobStopsItsThread) {
  auto job = std::make_unique<IndexJob>();
  ASSERT_TRUE(job->start({QString::fromStdString(fv::test::testdata())}));
  job.reset();  // must neither crash nor leave a thread behind (ASan/TSan would tell)
  QCoreApplication::processEvents();
  SUCCEED();
}
