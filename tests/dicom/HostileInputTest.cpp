// Hostile input (issue 5): every sample of testdata/ and ../shared/dicom-samples, damaged in
// every way tests/dicom/Mutations.h knows, must give a described error naming the file or a
// valid result — within a bounded time and without an allocation the file cannot justify.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "AllocationProbe.h"
#include "Mutations.h"
#include "TestData.h"
#include "fv/dicom/Display.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"

using namespace fv::dicom;
namespace fs = std::filesystem;

namespace {

// Seconds one damaged file may take through index + decode + render (generous: sanitizer builds
// and a loaded CI machine; a hang is what this catches).
constexpr double kSecondsPerFile = 10.0;

// Largest allocation a file of `size` bytes may cause: a decoded frame may be bigger than its
// compressed bytes, but never gigabytes because a header said so.
size_t allocationBudget(size_t size) { return std::max<size_t>(size_t(96) << 20, size * 16); }

std::vector<std::string> samplesUnder(const std::string& root) {
  std::vector<std::string> out;
  if (root.empty() || !fs::exists(root)) return out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const std::string ext = e.path().extension().string();
    if (e.is_regular_file() && ext != ".json" && ext != ".md" && ext != ".tsv" && ext != ".txt" && ext != ".png")
      out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<char> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<char>(std::istreambuf_iterator<char>(in), {});
}

// Index, decode (first, middle, last frame of each instance) and render one file; checks errors.
void readEverything(const std::string& path) {
  const DicomIndex index = indexPaths({path}, IndexOptions{1, {}, nullptr});
  for (const auto& e : index.errors) {
    EXPECT_FALSE(e.message.empty()) << e.toString();
    EXPECT_EQ(e.path, path) << e.toString();
  }
  for (const Series* s : index.allSeries()) {
    for (const InstanceInfo& info : s->instances) {
      auto decoder = InstanceDecoder::open(info);
      if (!decoder) {
        EXPECT_FALSE(decoder.error().message.empty());
        EXPECT_EQ(decoder.error().path, path) << decoder.error().toString();
        continue;
      }
      const uint32_t n = (*decoder)->frameCount();
      for (uint32_t f : {0u, n / 2, n - 1}) {
        if (f >= n) continue;
        auto frame = (*decoder)->decode(f);
        if (!frame) {
          EXPECT_EQ(frame.error().path, path) << frame.error().toString();
          continue;
        }
        auto image = renderFrame(info, *frame, f);
        if (image) {
          EXPECT_EQ(image->pixels.size(), size_t(image->rows) * image->columns * image->channels);
        }
      }
    }
  }
}

// Writes `bytes` to a scratch file, reads it back completely, checks time and allocations.
void survive(const std::string& what, const std::vector<char>& bytes) {
  SCOPED_TRACE(what);
  static const std::string dir = fv::test::tempDir("hostile");
  const std::string path = dir + "/damaged.dcm";
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
  fv::test::resetAllocationProbe();
  const auto start = std::chrono::steady_clock::now();
  readEverything(path);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, kSecondsPerFile);
  if (fv::test::allocationProbeActive()) {
    EXPECT_LE(fv::test::largestAllocation(), allocationBudget(bytes.size()))
        << "largest allocation " << fv::test::largestAllocation() << " for a file of " << bytes.size() << " bytes";
    EXPECT_LE(fv::test::peakLiveBytes(), 2 * allocationBudget(bytes.size()));
  }
}

class HostileInput : public ::testing::TestWithParam<std::string> {};

std::string testName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = fs::path(info.param).parent_path().filename().string() + "_" +
                     fs::path(info.param).filename().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name + "_" + std::to_string(info.index);
}

}  // namespace

TEST_P(HostileInput, EveryDamagedVariantGivesAnErrorOrAResult) {
  const std::vector<char> original = slurp(GetParam());
  ASSERT_FALSE(original.empty());
  for (const auto& m : fv::test::mutationsOf(original)) survive(m.name, m.bytes);
}

INSTANTIATE_TEST_SUITE_P(Testdata, HostileInput, ::testing::ValuesIn(samplesUnder(fv::test::testdata())), testName);
INSTANTIATE_TEST_SUITE_P(Shared, HostileInput, ::testing::ValuesIn(samplesUnder(fv::test::sharedSamples())),
                         testName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(HostileInput);

TEST(HostileInput, SharedSamplesArePresent) { FV_REQUIRE_SHARED_SAMPLES(); }

// DCMTK parses sequences recursively (dcmdump itself dies of a stack overflow at 10,000 levels):
// our structure check refuses more than 100 levels before DCMTK sees the file.
TEST(HostileInput, DeepSequenceNestingIsRefusedBeforeItOverflowsTheStack) {
  const std::string dir = fv::test::tempDir("nesting");
  for (int depth : {50, 101, 10000, 100000}) {
    SCOPED_TRACE(depth);
    const std::vector<char> bytes = fv::test::deeplyNestedFile(depth);
    const std::string path = dir + "/nested" + std::to_string(depth) + ".dcm";
    std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
    auto info = readInstanceHeader(path);
    if (depth <= 100) {
      EXPECT_TRUE(info) << info.error().toString();
    } else {
      ASSERT_FALSE(info);
      EXPECT_EQ(info.error().code, ErrorCode::Malformed);
      EXPECT_NE(info.error().message.find("nest deeper than 100 levels"), std::string::npos) << info.error().message;
    }
    survive("nesting depth " + std::to_string(depth), bytes);
  }
}

TEST(HostileInput, AllocationProbeSeesDcmtkAllocations) {
  if (!fv::test::allocationProbeActive()) GTEST_SKIP() << "sanitizer build: ASan's max_allocation_size_mb guards instead";
  fv::test::resetAllocationProbe();
  auto info = readInstanceHeader(fv::test::testdata("public/pydicom/MR_small.dcm"));
  ASSERT_TRUE(info);
  EXPECT_GT(fv::test::largestAllocation(), 0u);
}
