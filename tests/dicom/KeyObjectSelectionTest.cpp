#include <gtest/gtest.h>

#include "DerivedTestSupport.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"

using namespace fv::dicom;

TEST(KeyObjectSelection, OfDemoFrame17IsValidForDciodvfy) {
  FV_REQUIRE_TOOL("dciodvfy");
  const auto save = fv::test::saveAll(fv::test::demoFrame17(), fv::test::tempDir("ko-valid"));
  std::string output;
  EXPECT_TRUE(fv::test::dciodvfyErrors(save.ko.path, &output).empty()) << output;
  EXPECT_NE(output.find("KeyObjectSelectionDocument"), std::string::npos) << output;
}

TEST(KeyObjectSelection, StaysInTheSourcesStudyAsAKeyObjectSeries) {
  const SourceFrame source = fv::test::demoFrame17();
  const auto save = fv::test::saveAll(source, fv::test::tempDir("ko-study"));
  auto ko = readInstanceHeader(save.ko.path);
  ASSERT_TRUE(ko) << ko.error().toString();
  EXPECT_EQ(ko->sopClassUid, kKeyObjectSelectionUid);
  EXPECT_EQ(ko->patient.id, source.instance.patient.id);
  EXPECT_EQ(ko->study.instanceUid, source.instance.study.instanceUid);
  EXPECT_EQ(ko->series.instanceUid, save.koSeries.seriesInstanceUid);
  EXPECT_EQ(ko->series.modality, "KO");
}

TEST(KeyObjectSelection, RoundTripGivesTheFlaggedFrameAndTheCapture) {
  const SourceFrame source = fv::test::demoFrame17();
  const auto save = fv::test::saveAll(source, fv::test::tempDir("ko-roundtrip"));
  auto refs = readKeyObjectSelection(save.ko.path);
  ASSERT_TRUE(refs) << refs.error().toString();
  // The source frame (1-based 17) and the SC (a whole single-frame image); the GSPS is referenced
  // as the presentation of frame 17, not as an image of its own.
  const std::vector<FrameReference> expected = {{source.instance.sopInstanceUid, 17},
                                                {save.sc.sopInstanceUid, 0}};
  EXPECT_EQ(*refs, expected);
}

TEST(KeyObjectSelection, HasTitleDescriptionPresentationAndEvidence) {
  FV_REQUIRE_TOOL("dsrdump");
  const auto save = fv::test::saveAll(fv::test::demoFrame17(), fv::test::tempDir("ko-content"));
  std::string tree;
  ASSERT_EQ(fv::test::run("dsrdump " + fv::test::q(save.ko.path), &tree), 0) << tree;
  EXPECT_NE(tree.find("\"Of Interest\""), std::string::npos) << tree;
  EXPECT_NE(tree.find("\"Key Object Description\")=\"Needle position confirmed\""),
            std::string::npos)
      << tree;
  EXPECT_NE(tree.find("IMAGE:=(XA image,,17),(GSPS,)"), std::string::npos)
      << tree;  // frame 17 + its GSPS
  EXPECT_NE(tree.find("IMAGE:=(SC image,)"), std::string::npos) << tree;
  // Current Requested Procedure Evidence lists all three referenced instances.
  std::string dump;
  fv::test::run("dcmdump -q -Un " + fv::test::q(save.ko.path), &dump);
  for (const std::string& uid : {fv::test::demoFrame17().instance.sopInstanceUid,
                                 save.sc.sopInstanceUid, save.ps.sopInstanceUid}) {
    size_t n = 0;
    for (size_t at = dump.find(uid); at != std::string::npos; at = dump.find(uid, at + 1)) ++n;
    EXPECT_EQ(n, 2u) << uid << " once in the content, once in the evidence";
  }
}

TEST(KeyObjectSelection, FlagsSeveralFramesOfTheCine) {
  SourceFrame a = fv::test::demoFrame17();
  SourceFrame b = a;
  b.frame = 0;
  KeyObjectRequest rq;
  rq.frames = {a, b};
  rq.series = {newUid(), 902, "Key images"};
  rq.folder = fv::test::tempDir("ko-frames");
  rq.fileName = "ko.dcm";
  auto ko = writeKeyObjectSelection(rq);
  ASSERT_TRUE(ko) << ko.error().toString();
  auto refs = readKeyObjectSelection(ko->path);
  ASSERT_TRUE(refs);
  const std::vector<FrameReference> expected = {{a.instance.sopInstanceUid, 17},
                                                {a.instance.sopInstanceUid, 1}};
  EXPECT_EQ(*refs, expected);
  if (fv::test::haveTool("dciodvfy")) {
    std::string output;
    EXPECT_TRUE(fv::test::dciodvfyErrors(ko->path, &output).empty()) << output;
  }
}

TEST(KeyObjectSelection, RefusesAnEmptySelectionAndAnUnreadableReference) {
  KeyObjectRequest rq;
  rq.series = {newUid(), 902, "Key images"};
  rq.folder = fv::test::tempDir("ko-reject");
  rq.fileName = "ko.dcm";
  auto empty = writeKeyObjectSelection(rq);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::InvalidArgument);
  rq.frames = {fv::test::demoFrame17()};
  rq.alsoReference = {{rq.folder + "/missing.dcm", kSecondaryCaptureUid, newUid()}};
  auto missing = writeKeyObjectSelection(rq);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().path, rq.folder + "/missing.dcm");
  EXPECT_EQ(fv::test::filesIn(rq.folder), 0u);
}

TEST(KeyObjectSelection, ReaderRefusesOtherObjects) {
  auto r = readKeyObjectSelection(fv::test::demoXa());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
}
