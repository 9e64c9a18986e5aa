// Every public sample in ../shared/dicom-samples indexes and decodes (JPEG 2000 included);
// every file in malformed/ gives an error or a valid result, never a crash. Skips visibly when
// ../shared is absent (a fresh machine has none).
#include <gtest/gtest.h>

#include <filesystem>

#include "TestData.h"
#include "fv/dicom/Display.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/Positioner.h"
#include "fv/dicom/StackDecoder.h"
#include "fv/dicom/TransferSyntax.h"

using namespace fv::dicom;
namespace fs = std::filesystem;

namespace {
std::vector<std::string> filesUnder(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename() != "SOURCES.tsv" && e.path().extension() != ".txt")
      out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

TEST(SharedSamples, EveryWellFormedSampleIndexesAndDecodes) {
  FV_REQUIRE_SHARED_SAMPLES();
  size_t decodedFrames = 0, jpeg2000 = 0;
  for (const std::string& file : filesUnder(fv::test::sharedSamples())) {
    if (file.find("/malformed/") != std::string::npos) continue;
    SCOPED_TRACE(file);
    const DicomIndex index = indexPaths({file});
    EXPECT_TRUE(index.errors.empty()) << index.errors.front().toString();
    for (const Series* s : index.allSeries()) {
      for (const auto& st : s->stacks) {
        for (const auto& f : decodeStack(*s, st)) {
          if (!f) ADD_FAILURE() << f.error().toString();
          decodedFrames += f ? 1 : 0;
          jpeg2000 += f && isJpeg2000(s->instanceOf(st.frames.front()).transferSyntaxUid) ? 1 : 0;
        }
      }
    }
  }
  EXPECT_GT(decodedFrames, 200u);
  EXPECT_GE(jpeg2000, 2u);  // NEMA XA J2KR and J2KI
}

TEST(SharedSamples, MalformedFilesGiveErrorsOrValidResultsNeverCrashes) {
  FV_REQUIRE_SHARED_SAMPLES();
  for (const std::string& file : filesUnder(fv::test::sharedSamples() + "/malformed")) {
    SCOPED_TRACE(file);
    const DicomIndex index = indexPaths({file});
    for (const auto& e : index.errors) {
      EXPECT_EQ(e.path, file);
      EXPECT_FALSE(e.message.empty());
    }
    for (const Series* s : index.allSeries())
      for (const auto& st : s->stacks) {
        const auto frames = decodeStack(*s, st);
        for (size_t i = 0; i < frames.size(); ++i) {
          if (!frames[i]) {
            EXPECT_FALSE(frames[i].error().message.empty());
            continue;
          }
          auto img = renderFrame(s->instanceOf(st.frames[i]), *frames[i], st.frames[i].frame);
          EXPECT_TRUE(img || !img.error().message.empty());
        }
      }
  }
}

TEST(SharedSamples, RealXaCineHasTimingAndPositioner) {
  FV_REQUIRE_SHARED_SAMPLES();
  auto info = readInstanceHeader(fv::test::sharedSamples() + "/xa/XA_dbdicom_0002_96fr_JPEGBaseline.dcm");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->pixels.frames, 96u);
  EXPECT_DOUBLE_EQ(*info->cine.nominalFrameTimeMs(), 33);
  ASSERT_TRUE(info->positioner);
  EXPECT_EQ(positionerText(*info->positioner), "RAO 32\u00b0 CRAN 2\u00b0");
}

TEST(SharedSamples, EnhancedMrSplitsIntoOrientedStacks) {
  FV_REQUIRE_SHARED_SAMPLES();
  const DicomIndex index = indexPaths({fv::test::sharedSamples() + "/mr-enhanced/NEMA_DISCIMG_BRMULTI.dcm"});
  ASSERT_EQ(index.allSeries().size(), 1u);
  const Series& s = *index.allSeries()[0];
  EXPECT_EQ(s.frameCount(), 12u);
  EXPECT_GE(s.stacks.size(), 2u);
  for (const auto& st : s.stacks) EXPECT_FALSE(st.orientationName().empty());
}
