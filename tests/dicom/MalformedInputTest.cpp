// Damaged files must give an error or a valid result — never a crash, hang or huge allocation.
// Runs under the ASan/UBSan build in CI.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "TestData.h"
#include "fv/dicom/Display.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"
#include "fv/dicom/StackDecoder.h"

using namespace fv::dicom;
namespace fs = std::filesystem;

namespace {

std::vector<char> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<char>(std::istreambuf_iterator<char>(in), {});
}

void spit(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

// Indexes, decodes and renders everything in `path`; every failure must be a described error.
void exercise(const std::string& path) {
  const DicomIndex index = indexPaths({path});
  for (const auto& e : index.errors) {
    EXPECT_FALSE(e.message.empty());
    EXPECT_FALSE(e.path.empty());
  }
  for (const Series* s : index.allSeries()) {
    for (const auto& st : s->stacks) {
      const auto frames = decodeStack(*s, st, 2);
      for (size_t i = 0; i < frames.size(); ++i) {
        if (!frames[i]) {
          EXPECT_FALSE(frames[i].error().message.empty());
          continue;
        }
        const auto& info = s->instanceOf(st.frames[i]);
        auto img = renderFrame(info, *frames[i], st.frames[i].frame);
        if (img) {
          EXPECT_EQ(img->pixels.size(), size_t(img->rows) * img->columns * img->channels);
        }
      }
    }
  }
}

class DamagedFiles : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(DamagedFiles, TruncatedAnywhereGiveErrorsNotCrashes) {
  const std::vector<char> bytes = slurp(fv::test::testdata(GetParam()));
  ASSERT_FALSE(bytes.empty());
  const std::string dir = fv::test::tempDir("truncated-anywhere");
  const std::string path = dir + "/cut.dcm";
  for (int k = 1; k <= 40; ++k) {
    const size_t cut = bytes.size() * size_t(k) / 41;
    spit(path, std::vector<char>(bytes.begin(), bytes.begin() + long(cut)));
    SCOPED_TRACE("cut at " + std::to_string(cut));
    exercise(path);
  }
}

TEST_P(DamagedFiles, CorruptedBytesGiveErrorsNotCrashes) {
  const std::vector<char> bytes = slurp(fv::test::testdata(GetParam()));
  const std::string path = fv::test::tempDir("corrupted") + "/bad.dcm";
  std::mt19937 rng(20261128);
  for (int trial = 0; trial < 60; ++trial) {
    std::vector<char> bad = bytes;
    // Half the trials hit the header (where lengths and VRs live), half anywhere.
    const size_t span = trial % 2 ? bad.size() : std::min<size_t>(bad.size(), 2048);
    for (int k = 0; k < 6; ++k) bad[rng() % span] = char(rng());
    spit(path, bad);
    SCOPED_TRACE("trial " + std::to_string(trial));
    exercise(path);
  }
}

INSTANTIATE_TEST_SUITE_P(MalformedInput, DamagedFiles,
                         ::testing::Values("public/pydicom/MR_small.dcm", "public/pydicom/MR_small_RLE.dcm",
                                           "public/pydicom/MR_small_jpeg_ls_lossless.dcm",
                                           "public/pydicom/JPGExtended.dcm", "public/pydicom/SC_rgb_rle_2frame.dcm",
                                           "public/pydicom/image_dfl.dcm", "public/pydicom/dicomdirtests/DICOMDIR"),
                         [](const auto& info) {
                           std::string n = fs::path(info.param).stem().string();
                           for (char& c : n) if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

TEST(MalformedInput, PublicTruncatedMrIsIndexedWithItsProblem) {
  const std::string path = fv::test::testdata("public/pydicom/MR_truncated.dcm");
  const DicomIndex index = indexPaths({path});
  ASSERT_EQ(index.errors.size(), 1u);
  EXPECT_EQ(index.errors[0].code, ErrorCode::Truncated);
  ASSERT_EQ(index.allSeries().size(), 1u);
  const auto frames = decodeStack(*index.allSeries()[0], index.allSeries()[0]->stacks[0]);
  ASSERT_EQ(frames.size(), 1u);
  ASSERT_FALSE(frames[0]);
  EXPECT_EQ(frames[0].error().code, ErrorCode::Truncated);
  EXPECT_EQ(frames[0].error().path, path);
}

// Every input the fuzzers ever found a problem with (tests/fuzz/regressions, see
// docs/reliability.md) goes through the whole read path again: an error or a result, no crash.
TEST(MalformedInput, FuzzerFindingsStayFixed) {
  const fs::path dir = fs::path(FV_SOURCE_DIR) / "tests/fuzz/regressions";
  size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    SCOPED_TRACE(entry.path().string());
    exercise(entry.path().string());
    const DicomIndex index = indexPaths({entry.path().string()});
    for (const auto& e : index.errors) EXPECT_EQ(e.path, entry.path().string());
    ++n;
  }
  EXPECT_GE(n, 2u);
}
