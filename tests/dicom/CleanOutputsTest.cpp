// Clean outputs from real sources (issue 10): every image file of ../shared/dicom-samples and of
// Debian's pydicom test files that we can index and decode gives a Secondary Capture, a
// presentation state and a Key Object Selection that dciodvfy, DCMTK and GDCM accept, in the
// source's patient and study — or a clear refusal naming a Type 1 attribute that the peers
// agree is invalid (or absent) in the source, with nothing written.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "DerivedTestSupport.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"

using namespace fv::dicom;
namespace fs = std::filesystem;

namespace {

const char* const kPydicomTestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

std::vector<std::string> filesUnder(const std::string& root) {
  std::vector<std::string> out;
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) return out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const std::string name = e.path().filename().string();
    const std::string ext = e.path().extension().string();
    if (!e.is_regular_file() || name.rfind("DICOMDIR", 0) == 0) continue;
    if (ext == ".json" || ext == ".tsv" || ext == ".txt" || ext == ".dump" || ext == ".gz")
      continue;
    out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string testName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = fs::path(info.param).parent_path().filename().string() + "_" +
                     fs::path(info.param).filename().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name + "_" + std::to_string(info.index);
}

// "(0x0020,0x000d)" as dciodvfy prints the tag named at the start of `attribute`
// ("StudyInstanceUID (0020,000d)").
std::string dciodvfyTag(const std::string& message) {
  const size_t open = message.find(" (");
  if (open == std::string::npos || message.size() < open + 12 || message[open + 6] != ',')
    return "";
  std::string tag = "(0x" + message.substr(open + 2, 4) + ",0x" + message.substr(open + 7, 4) + ")";
  std::transform(tag.begin(), tag.end(), tag.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return tag;
}

}  // namespace

class CleanOutputsFromRealSources : public ::testing::TestWithParam<std::string> {};

TEST_P(CleanOutputsFromRealSources, AreValidInTheSourcesStudyOrRefusedNamingTheAttribute) {
  FV_REQUIRE_TOOL("dciodvfy");
  const std::string path = GetParam();
  auto info = readInstanceHeader(path);
  if (!info) GTEST_SKIP() << "not indexable: " << info.error().toString();
  if (!info->hasPixelData || info->pixels.rows == 0) GTEST_SKIP() << "not an image";
  const uint32_t frame = info->isMultiFrame() ? 1 : 0;  // a frame other than the first
  auto decoder = InstanceDecoder::open(*info);
  if (!decoder) GTEST_SKIP() << "cannot decode: " << decoder.error().toString();
  if (auto f = (*decoder)->decode(frame); !f)
    GTEST_SKIP() << "cannot decode: " << f.error().toString();

  const std::string dir = fv::test::tempDir("clean-" + fs::path(path).filename().string());
  auto save = fv::test::trySaveAll({*info, frame}, dir);
  if (!save) {
    // Refused: only because of a Type 1 attribute, named, in the source — which DCMTK finds
    // absent or dciodvfy finds invalid there too; nothing was written.
    const Error& e = save.error();
    EXPECT_EQ(e.code, ErrorCode::Malformed) << e.toString();
    EXPECT_EQ(e.path, path) << e.toString();
    EXPECT_NE(e.message.find("Type 1"), std::string::npos) << e.toString();
    EXPECT_EQ(fv::test::filesIn(dir), 0u) << e.toString();
    const std::string tag = dciodvfyTag(e.message.substr(e.message.find("its ") + 4));
    ASSERT_FALSE(tag.empty()) << e.toString();
    if (e.message.find("is missing") != std::string::npos) {
      std::string dump;
      fv::test::run("dcmdump -q +P " + fv::test::q(tag.substr(3, 4) + "," + tag.substr(10, 4)) +
                        " " + fv::test::q(path),
                    &dump);
      EXPECT_EQ(dump.find('['), std::string::npos) << e.toString() << "\n" << dump;
    } else {
      std::string source;
      fv::test::dciodvfyErrors(path, &source);
      bool named = false;
      for (const auto& line : fv::test::dciodvfyErrors(path))
        named = named || line.find(tag) != std::string::npos;
      EXPECT_TRUE(named) << e.toString() << "\ndciodvfy on the source:\n" << source;
    }
    return;
  }
  for (const WrittenObject* o : {&save->sc, &save->ps, &save->ko}) {
    std::string output;
    EXPECT_TRUE(fv::test::dciodvfyErrors(o->path, &output).empty()) << o->path << "\n" << output;
    if (fv::test::haveTool("gdcmdump")) {
      EXPECT_EQ(fv::test::readBackProblems(o->path), "") << o->path;
    }
    auto back = readInstanceHeader(o->path);
    ASSERT_TRUE(back) << back.error().toString();
    // Identity: equal after trimming padding — unless the source's value was invalid, which a
    // note then says was written empty.
    EXPECT_EQ(back->study.instanceUid, info->study.instanceUid) << o->path;
    for (const auto& [keyword, ours, theirs] :
         {std::tuple{"PatientID", &back->patient.id, &info->patient.id},
          std::tuple{"PatientName", &back->patient.name, &info->patient.name}}) {
      if (fv::test::hasNote(o->notes, keyword, "written empty"))
        EXPECT_EQ(*ours, "") << o->path;
      else
        EXPECT_EQ(*ours, *theirs) << keyword << " of " << o->path;
    }
  }
  EXPECT_EQ(save->ps.sopClassUid, info->pixels.monochrome() ? kGrayscalePresentationStateUid
                                                            : kColorPresentationStateUid);
}

INSTANTIATE_TEST_SUITE_P(Shared, CleanOutputsFromRealSources,
                         ::testing::ValuesIn(filesUnder(fv::test::sharedSamples())), testName);
INSTANTIATE_TEST_SUITE_P(Pydicom, CleanOutputsFromRealSources,
                         ::testing::ValuesIn(filesUnder(kPydicomTestFiles)), testName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CleanOutputsFromRealSources);

TEST(CleanOutputsFromRealSources, SharedSamplesArePresent) {
  FV_REQUIRE_SHARED_SAMPLES();
  EXPECT_GT(filesUnder(fv::test::sharedSamples()).size(), 50u);
}

TEST(CleanOutputsFromRealSources, PydicomTestFilesArePresent) {
  if (!fs::is_directory(kPydicomTestFiles))
    GTEST_SKIP() << kPydicomTestFiles << " is not present (Debian package python3-pydicom)";
  EXPECT_GT(filesUnder(kPydicomTestFiles).size(), 50u);
}
