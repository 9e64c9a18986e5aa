#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "TestData.h"
#include "fv/dicom/Indexer.h"

using namespace fv::dicom;
namespace fs = std::filesystem;

TEST(Indexer, DemoStudyIsOnePatientOneStudyWithCineAndMr) {
  const DicomIndex index = indexPaths({fv::test::testdata("demo")});
  EXPECT_TRUE(index.errors.empty());
  ASSERT_EQ(index.patients.size(), 1u);
  EXPECT_EQ(index.patients[0].key.id, "PID0047113");
  ASSERT_EQ(index.patients[0].studies.size(), 1u);
  const Study& study = index.patients[0].studies[0];
  ASSERT_EQ(study.series.size(), 2u);
  EXPECT_EQ(study.series[0].key.modality, "XA");  // series number 1 before 4
  EXPECT_EQ(study.series[0].frameCount(), 24u);
  EXPECT_EQ(study.series[1].key.modality, "MR");
  EXPECT_EQ(study.series[1].instances.size(), 32u);
  EXPECT_EQ(index.files, 33u);
  EXPECT_EQ(index.skipped, 1u);  // the truth JSON next to the cine is not DICOM
}

TEST(Indexer, SkipsAndCountsNonDicomFiles) {
  const std::string dir = fv::test::tempDir("nondicom");
  std::ofstream(dir + "/notes.txt") << "not a DICOM file at all\n";
  std::ofstream(dir + "/empty.bin");
  fs::copy_file(fv::test::testdata("public/pydicom/MR_small.dcm"), dir + "/mr.dcm");
  const DicomIndex index = indexPaths({dir});
  EXPECT_EQ(index.skipped, 2u);
  EXPECT_EQ(index.files, 1u);
  EXPECT_TRUE(index.errors.empty());
}

TEST(Indexer, ListsBrokenDicomWithPathAndReason) {
  const std::string dir = fv::test::tempDir("broken");
  {
    std::ofstream f(dir + "/garbage.dcm", std::ios::binary);
    f << std::string(128, '\0') << "DICM" << std::string("\x02\x00\x10\x00UI\xff\x7f", 8);
  }
  const DicomIndex index = indexPaths({dir});
  ASSERT_EQ(index.errors.size(), 1u);
  EXPECT_EQ(index.errors[0].path, dir + "/garbage.dcm");
  EXPECT_FALSE(index.errors[0].message.empty());
  EXPECT_EQ(index.files, 0u);
}

TEST(Indexer, MissingPathIsAnErrorNotACrash) {
  const DicomIndex index = indexPaths({"/nonexistent/fluoroview/path"});
  ASSERT_EQ(index.errors.size(), 1u);
  EXPECT_EQ(index.errors[0].code, ErrorCode::NotFound);
  EXPECT_EQ(index.errors[0].path, "/nonexistent/fluoroview/path");
}

TEST(Indexer, ReadsDicomDirAndMatchesTheFolderWithoutDoubleCounting) {
  const std::string root = fv::test::testdata("public/pydicom/dicomdirtests");
  const DicomIndex viaDir = indexPaths({root + "/DICOMDIR"});
  const DicomIndex viaFolder = indexPaths({root});
  EXPECT_GT(viaDir.files, 20u);
  EXPECT_EQ(viaDir.files, 31u);  // the 31 image files the DICOMDIR references
  // Folder + DICOMDIR in it: each file once (the folder also holds TINY_ALPHA's own set).
  EXPECT_GE(viaFolder.files, viaDir.files);
  const DicomIndex both = indexPaths({root, root + "/DICOMDIR"});
  EXPECT_EQ(both.files, viaFolder.files);
}

TEST(Indexer, DicomDirNamingMissingFilesReportsThem) {
  const std::string dir = fv::test::tempDir("lonely-dicomdir");
  fs::copy_file(fv::test::testdata("public/pydicom/dicomdirtests/DICOMDIR"), dir + "/DICOMDIR");
  const DicomIndex index = indexPaths({dir + "/DICOMDIR"});
  EXPECT_EQ(index.files, 0u);
  ASSERT_FALSE(index.errors.empty());
  EXPECT_NE(index.errors[0].message.find("missing file"), std::string::npos);
  EXPECT_EQ(index.errors[0].path, dir + "/DICOMDIR");
}

TEST(Indexer, ReportsProgressAndCanBeCancelled) {
  std::atomic<size_t> calls{0};
  IndexOptions opt;
  opt.progress = [&](size_t done, size_t total) {
    EXPECT_LE(done, total);
    ++calls;
  };
  const DicomIndex index = indexPaths({fv::test::demoMr()}, opt);
  EXPECT_EQ(calls.load(), 32u);
  std::atomic<bool> cancel{true};
  opt.cancel = &cancel;
  const DicomIndex cancelled = indexPaths({fv::test::demoMr()}, opt);
  EXPECT_EQ(cancelled.files, 0u);
  ASSERT_FALSE(cancelled.errors.empty());
  EXPECT_EQ(cancelled.errors.back().code, ErrorCode::Cancelled);
}

TEST(Indexer, ReadsNoMetaHeaderDatasets) {
  auto info = readInstanceHeader(fv::test::testdata("public/pydicom/ExplVR_LitEndNoMeta.dcm"));
  ASSERT_TRUE(info) << info.error().toString();
  EXPECT_EQ(info->sopInstanceUid, "1.2.333.4444.5.6.7.8");
  EXPECT_FALSE(info->hasPixelData);
}

TEST(Indexer, HeaderCarriesPatientStudySeriesAndPixelModule) {
  auto info = readInstanceHeader(fv::test::demoXa());
  ASSERT_TRUE(info);
  EXPECT_EQ(info->patient.name, "Doe^Jane^Marie^^");
  EXPECT_EQ(info->series.modality, "XA");
  EXPECT_EQ(info->sopClassUid, "1.2.840.10008.5.1.4.1.1.12.1");
  EXPECT_EQ(info->transferSyntaxUid, "1.2.840.10008.1.2.5");
  EXPECT_EQ(info->pixels.rows, 512u);
  EXPECT_EQ(info->pixels.frames, 24u);
  EXPECT_EQ(info->pixels.bitsStored, 12);
  ASSERT_EQ(info->windows.size(), 1u);
  EXPECT_DOUBLE_EQ(info->windows[0].center, 2000);
  EXPECT_DOUBLE_EQ(*info->exposure.kvp, 78);
}
