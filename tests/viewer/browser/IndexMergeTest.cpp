#include <gtest/gtest.h>

#include <filesystem>

#include "BrowserTestUtil.h"
#include "TestData.h"
#include "fv/viewer/browser/IndexMerge.h"

using fv::dicom::DicomIndex;
using fv::viewer::mergeIndexes;

TEST(IndexMerge, ASecondFolderAddsItsSeriesToTheSameStudy) {
  const auto xa = fv::test::indexed({fv::test::demoXa()});
  const auto mr = fv::test::indexed({fv::test::demoMr()});
  const DicomIndex merged = mergeIndexes(*xa, *mr);
  ASSERT_EQ(merged.patients.size(), 1u);
  ASSERT_EQ(merged.patients[0].studies.size(), 1u);
  const auto& series = merged.patients[0].studies[0].series;
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].key.modality, "XA");  // series number order, as the indexer sorts
  EXPECT_EQ(series[1].key.modality, "MR");
  EXPECT_EQ(series[1].stacks.size(), 1u);
  EXPECT_EQ(series[1].frameCount(), 32u);
  EXPECT_EQ(merged.files, 33u);
}

TEST(IndexMerge, OpeningTheSameFilesAgainAddsNothing) {
  const auto demo = fv::test::demoIndex();
  const DicomIndex merged = mergeIndexes(*demo, *fv::test::demoIndex());
  EXPECT_EQ(merged.files, demo->files);
  ASSERT_EQ(merged.allSeries().size(), 2u);
  for (const auto* s : merged.allSeries()) EXPECT_TRUE(s->warnings.empty()) << s->warnings.front();
  EXPECT_EQ(merged.allSeries()[1]->instances.size(), 32u);
}

TEST(IndexMerge, KeepsTheErrorsAndSkippedCountsOfBoth) {
  const auto demo = fv::test::demoIndex();  // skips the truth JSON
  const auto broken = fv::test::indexed({fv::test::testdata("public/pydicom/MR_truncated.dcm"),
                                         "/nonexistent/fluoroview/merge"});
  ASSERT_EQ(broken->errors.size(), 2u);
  for (const DicomIndex& merged : {mergeIndexes(*demo, *broken), mergeIndexes(*broken, *demo)}) {
    EXPECT_EQ(merged.errors.size(), 2u);
    EXPECT_EQ(merged.skipped, demo->skipped + broken->skipped);
    EXPECT_EQ(merged.files, demo->files + broken->files);
    EXPECT_NE(merged.findSeries(demo->allSeries()[0]->key.instanceUid), nullptr);
  }
  // The same error reported by both indexes is listed once.
  EXPECT_EQ(mergeIndexes(*broken, *broken).errors.size(), 2u);
}

TEST(IndexMerge, ACopyOfAnInstanceReadLaterReplacesTheEarlierReading) {
  // A retrieve's one-frame preview is replaced by the instance itself, arriving under another path.
  const std::string copy = fv::test::tempDir("merge-copy") + "/copy.dcm";
  std::filesystem::copy_file(fv::test::demoXa(), copy);
  const auto first = fv::test::indexed({fv::test::demoXa()});
  const DicomIndex merged = mergeIndexes(*first, *fv::test::indexed({copy}));
  ASSERT_EQ(merged.allSeries().size(), 1u);
  ASSERT_EQ(merged.allSeries()[0]->instances.size(), 1u);
  EXPECT_EQ(merged.allSeries()[0]->instances[0].path, copy);
  EXPECT_TRUE(merged.allSeries()[0]->warnings.empty()) << merged.allSeries()[0]->warnings.front();
}
