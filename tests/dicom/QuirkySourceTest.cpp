// Sources carrying the quirks of real archives, made here with DCMTK's dcmodify from copies of
// the demo files: NUL padding, invalid enumerated values and dates, over-long values, missing
// Type 2 attributes, invalid Type 1 attributes, Pixel Aspect Ratio, laterality of unpaired body
// parts, multi-frame files of single-frame classes. Every output must be dciodvfy-clean, keep
// what is valid, empty (Type 2) or leave out (Type 3) what is not — with a note, never a guess —
// and refuse the save when a Type 1 attribute is invalid.
#include <gtest/gtest.h>

#include <fstream>

#include "DerivedTestSupport.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"

using namespace fv::dicom;
using fv::test::dumpValue;
using fv::test::hasNote;
using fv::test::q;

namespace {

std::string demoMrSlice() {
  return fv::test::testdata("demo/mr_hip_coronal/IM10000.dcm");
}

// A file holding exactly `bytes`, for dcmodify -mf (values with NUL bytes or Latin-1 text).
std::string valueFile(const std::string& name, const std::string& bytes) {
  const std::string path = fv::test::tempDir("value-" + name) + "/" + name + ".bin";
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// The save of frame `frame` of `path` (SC, PS, KOS), failing the test on an error.
fv::test::Save saveOf(const std::string& path, uint32_t frame = 16) {
  auto info = readInstanceHeader(path);
  EXPECT_TRUE(info) << (info ? "" : info.error().toString());
  auto save =
      fv::test::trySaveAll({info ? *info : InstanceInfo{}, frame}, fv::test::tempDir("quirk-out"));
  EXPECT_TRUE(save) << (save ? "" : save.error().toString());
  return save ? *save : fv::test::Save{};
}

std::vector<const WrittenObject*> all(const fv::test::Save& s) {
  return {&s.sc, &s.ps, &s.ko};
}

void expectClean(const fv::test::Save& s) {
  for (const WrittenObject* o : all(s)) {
    ASSERT_FALSE(o->path.empty());
    std::string output;
    EXPECT_TRUE(fv::test::dciodvfyErrors(o->path, &output).empty()) << o->path << "\n" << output;
    if (fv::test::haveTool("gdcmdump")) {
      EXPECT_EQ(fv::test::readBackProblems(o->path), "");
    }
  }
}

// True when `keyword` is present in `path` with an empty value (Type 2 written empty).
bool presentButEmpty(const std::string& path, const std::string& keyword) {
  std::string out;
  fv::test::run("dcmdump -q -s +P " + keyword + " " + q(path), &out);
  return out.find("(no value available)") != std::string::npos;
}

bool present(const std::string& path, const std::string& keyword) {
  std::string out;
  fv::test::run("dcmdump -q -s +P " + keyword + " " + q(path), &out);
  return !out.empty();
}

}  // namespace

TEST(QuirkySource, NulAndSpacePaddingIsTrimmedAndTheIdentityKept) {
  FV_REQUIRE_TOOL("dcmodify");
  FV_REQUIRE_TOOL("dciodvfy");
  const std::string path = fv::test::modifiedCopy(
      fv::test::demoXa(), "nul-padding",
      "-mf " + q("PatientID=" + valueFile("id", std::string("PID0047113\0\0", 12))) + " -mf " +
          q("PatientName=" + valueFile("name", std::string("Doe^Jane\0\0\0\0", 12))) + " -mf " +
          q("AccessionNumber=" + valueFile("acc", std::string("ACC42\0", 6))) + " -mf " +
          q("StudyTime=" + valueFile("time", std::string("093015\0\0", 8))) + " -m " +
          q("ReferringPhysicianName=Hibbert^Julius   "));
  auto source = readInstanceHeader(path);
  ASSERT_TRUE(source);
  const auto save = saveOf(path);
  expectClean(save);
  for (const WrittenObject* o : all(save)) {
    EXPECT_EQ(dumpValue(o->path, "PatientID"), "PID0047113");
    EXPECT_EQ(dumpValue(o->path, "PatientName"), "Doe^Jane");
    EXPECT_EQ(dumpValue(o->path, "AccessionNumber"), "ACC42");
    EXPECT_EQ(dumpValue(o->path, "StudyTime"), "093015");
    EXPECT_EQ(dumpValue(o->path, "ReferringPhysicianName"), "Hibbert^Julius");
    auto back = readInstanceHeader(o->path);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->patient.id, source->patient.id);
    EXPECT_EQ(back->patient.name, source->patient.name);
    EXPECT_EQ(back->study.instanceUid, source->study.instanceUid);
    EXPECT_TRUE(o->notes.empty()) << o->notes.front().text();  // trimming is not a change
  }
}

TEST(QuirkySource, InvalidType2ValuesAreWrittenEmptyAndNotedNeverGuessed) {
  FV_REQUIRE_TOOL("dcmodify");
  FV_REQUIRE_TOOL("dciodvfy");
  const std::string path = fv::test::modifiedCopy(
      fv::test::demoXa(), "invalid-type2",
      "-m PatientSex=? -m StudyDate=2024.01.17 -m StudyTime=09:30:15 -m PatientBirthDate=19611345 "
      "-m AccessionNumber=ACC-20240117-000001 -i StudyID=STUDY_ID_LONGER_THAN_SIXTEEN");
  const auto save = saveOf(path);
  expectClean(save);
  for (const WrittenObject* o : all(save)) {
    for (const char* keyword : {"PatientSex", "StudyDate", "StudyTime", "PatientBirthDate",
                                "AccessionNumber", "StudyID"}) {
      EXPECT_TRUE(presentButEmpty(o->path, keyword)) << keyword << " in " << o->path;
      EXPECT_TRUE(hasNote(o->notes, keyword, "written empty")) << keyword << " in " << o->path;
    }
    // The valid rest is copied as it was: patient and study stay the source's.
    EXPECT_EQ(dumpValue(o->path, "PatientID"), "PID0047113");
    // Notes name the attribute and the rule, never the (patient) value.
    for (const OutputNote& n : o->notes) {
      EXPECT_EQ(n.text().find("2024.01.17"), std::string::npos) << n.text();
      EXPECT_EQ(n.text().find("ACC-2024"), std::string::npos) << n.text();
    }
  }
}

TEST(QuirkySource, SexGivenAsZerosIsNotMadeIntoAGuess) {
  FV_REQUIRE_TOOL("dcmodify");
  const std::string path =
      fv::test::modifiedCopy(fv::test::demoXa(), "sex-zeros", "-m PatientSex=0000");
  const auto save = saveOf(path);
  expectClean(save);
  EXPECT_TRUE(presentButEmpty(save.sc.path, "PatientSex"));
  ASSERT_TRUE(hasNote(save.sc.notes, "PatientSex", "written empty"));
  EXPECT_NE(save.sc.notes.front().reason.find("M, F, O"), std::string::npos);
}

TEST(QuirkySource, MissingType2AttributesAreWrittenEmpty) {
  FV_REQUIRE_TOOL("dcmodify");
  FV_REQUIRE_TOOL("dciodvfy");
  const std::string path = fv::test::modifiedCopy(
      fv::test::demoXa(), "missing-type2",
      "-ea PatientName -ea PatientID -ea PatientBirthDate -ea PatientSex -ea StudyDate "
      "-ea StudyTime -ea ReferringPhysicianName -ea AccessionNumber -ea StudyID "
      "-ea PatientOrientation");
  const auto save = saveOf(path);
  expectClean(save);
  for (const WrittenObject* o : all(save))
    for (const char* keyword :
         {"PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyDate", "StudyTime",
          "ReferringPhysicianName", "AccessionNumber", "StudyID"})
      EXPECT_TRUE(presentButEmpty(o->path, keyword)) << keyword << " in " << o->path;
  EXPECT_TRUE(presentButEmpty(save.sc.path, "PatientOrientation"));  // Type 2C in an SC
}

TEST(QuirkySource, InvalidType3ValuesAndIncompleteCodesAreLeftOutAndNoted) {
  FV_REQUIRE_TOOL("dcmodify");
  FV_REQUIRE_TOOL("dciodvfy");
  const std::string path = fv::test::modifiedCopy(
      fv::test::demoXa(), "invalid-type3",
      "-m PatientAge=63 -i SmokingStatus=MAYBE -i " + q("ProcedureCodeSequence[0].CodeValue=P1") +
          " -i " + q("ProcedureCodeSequence[0].CodeMeaning=Hip injection"));
  const auto save = saveOf(path);
  expectClean(save);
  for (const WrittenObject* o : all(save)) {
    for (const char* keyword : {"PatientAge", "SmokingStatus", "ProcedureCodeSequence"}) {
      EXPECT_FALSE(present(o->path, keyword)) << keyword << " in " << o->path;
      EXPECT_TRUE(hasNote(o->notes, keyword, "left out")) << keyword << " in " << o->path;
    }
    EXPECT_EQ(dumpValue(o->path, "PatientWeight"), "68");  // valid Type 3 values stay
  }
}

TEST(QuirkySource, AnInvalidType1AttributeRefusesTheSaveNamingItAndTheSource) {
  FV_REQUIRE_TOOL("dcmodify");
  for (const auto& [args, attribute] :
       {std::pair{"-m StudyInstanceUID=999.999.2.19960619", "StudyInstanceUID (0020,000d)"},
        std::pair{"-m StudyInstanceUID=1.2.840.0123.4", "StudyInstanceUID (0020,000d)"},
        std::pair{"-m SOPInstanceUID=0.0.0.0.1.8811.2", "SOPInstanceUID (0008,0018)"},
        std::pair{"-m SeriesInstanceUID=1.2.3..4", "SeriesInstanceUID (0020,000e)"}}) {
    const std::string path = fv::test::modifiedCopy(fv::test::demoXa(), "invalid-type1", args);
    auto info = readInstanceHeader(path);
    ASSERT_TRUE(info) << info.error().toString();
    const std::string dir = fv::test::tempDir("quirk-refused");
    const SourceFrame source{*info, 16};
    KeyObjectRequest ko;
    ko.frames = {source};
    ko.series = {newUid(), 902, "x"};
    ko.folder = dir;
    ko.fileName = "KO.dcm";
    for (const Result<WrittenObject>& r :
         {writeSecondaryCapture(
              {source, fv::test::rgbFor(*info), {newUid(), 900, "x"}, 1, "", dir, "SC.dcm"}),
          writePresentationState(
              {source, fv::test::sampleContent(), {newUid(), 901, "x"}, 1, dir, "PR.dcm"}),
          writeKeyObjectSelection(ko)}) {
      ASSERT_FALSE(r) << args;
      EXPECT_EQ(r.error().code, ErrorCode::Malformed);
      EXPECT_EQ(r.error().path, path);  // the source is named
      EXPECT_NE(r.error().message.find(attribute), std::string::npos) << r.error().toString();
      EXPECT_NE(r.error().message.find("nothing was written"), std::string::npos);
    }
    EXPECT_EQ(fv::test::filesIn(dir), 0u) << args;
  }
}

TEST(QuirkySource, PixelAspectRatioOnlyWhereTheSecondaryCaptureAllowsIt) {
  FV_REQUIRE_TOOL("dcmodify");
  FV_REQUIRE_TOOL("dciodvfy");
  // With Pixel Spacing, a 1\1 Pixel Aspect Ratio must not be copied (Type 1C, PS3.3 C.7.6.3).
  const std::string withSpacing =
      fv::test::modifiedCopy(demoMrSlice(), "par-spacing", "-i " + q("PixelAspectRatio=1\\1"));
  const auto a = saveOf(withSpacing, 0);
  expectClean(a);
  EXPECT_FALSE(present(a.sc.path, "PixelAspectRatio"));
  EXPECT_EQ(dumpValue(a.sc.path, "PixelSpacing"), "0.78125\\0.78125");
  // Without any spacing, a non-square ratio is what the capture's pixels have: copied, and the
  // presentation state shows it.
  const std::string noSpacing = fv::test::modifiedCopy(
      fv::test::demoXa(), "par-nospacing",
      "-ea ImagerPixelSpacing -ea EstimatedRadiographicMagnificationFactor -ea "
      "DistanceSourceToDetector -ea DistanceSourceToPatient -i " +
          q("PixelAspectRatio=4\\3"));
  const auto b = saveOf(noSpacing);
  expectClean(b);
  EXPECT_EQ(dumpValue(b.sc.path, "PixelAspectRatio"), "4\\3");
  EXPECT_EQ(dumpValue(b.ps.path, "PresentationPixelAspectRatio"), "4\\3");
  // An empty one (seen in pydicom's CR files) is never copied.
  const std::string empty =
      fv::test::modifiedCopy(demoMrSlice(), "par-empty", "-ea PixelSpacing -i PixelAspectRatio=");
  const auto c = saveOf(empty, 0);
  expectClean(c);
  EXPECT_FALSE(present(c.sc.path, "PixelAspectRatio"));
}

TEST(QuirkySource, NonSquarePixelSpacingGivesTheStatesAspectRatio) {
  FV_REQUIRE_TOOL("dcmodify");
  const std::string path =
      fv::test::modifiedCopy(demoMrSlice(), "non-square", "-m " + q("PixelSpacing=0.5\\0.75"));
  const auto save = saveOf(path, 0);
  expectClean(save);
  EXPECT_EQ(dumpValue(save.ps.path, "PresentationPixelAspectRatio"), "2\\3");
}

TEST(QuirkySource, LateralityIsLeftOutForAnUnpairedBodyPart) {
  FV_REQUIRE_TOOL("dcmodify");
  FV_REQUIRE_TOOL("dciodvfy");
  const std::string head =
      fv::test::modifiedCopy(fv::test::demoXa(), "head", "-m BodyPartExamined=HEAD");
  const auto a = saveOf(head);
  expectClean(a);
  for (const WrittenObject* o : {&a.sc, &a.ps}) {
    EXPECT_FALSE(present(o->path, "Laterality")) << o->path;
    EXPECT_TRUE(hasNote(o->notes, "Laterality", "left out")) << o->path;
    EXPECT_EQ(dumpValue(o->path, "BodyPartExamined"), "HEAD");
  }
  // A paired one keeps it; without a known laterality it is present and empty (unknown).
  const std::string knee =
      fv::test::modifiedCopy(fv::test::demoXa(), "knee", "-m BodyPartExamined=KNEE -ea Laterality");
  const auto b = saveOf(knee);
  expectClean(b);
  EXPECT_TRUE(presentButEmpty(b.sc.path, "Laterality"));
  EXPECT_TRUE(presentButEmpty(b.ps.path, "Laterality"));
}

TEST(QuirkySource, FramesOfASingleFrameClassAreReferencedAsTheWholeImage) {
  FV_REQUIRE_TOOL("dcmodify");
  FV_REQUIRE_TOOL("dciodvfy");
  // Old MR cines: MR Image Storage (no Multi-frame Module) holding several frames.
  const std::string path = fv::test::modifiedCopy(
      fv::test::demoXa(), "mr-cine", "-m SOPClassUID=1.2.840.10008.5.1.4.1.1.4 -m Modality=MR");
  const auto save = saveOf(path);
  expectClean(save);
  for (const WrittenObject* o : all(save)) {
    EXPECT_FALSE(present(o->path, "ReferencedFrameNumber")) << o->path;
    EXPECT_TRUE(hasNote(o->notes, "ReferencedFrameNumber", "left out")) << o->path;
  }
  EXPECT_NE(dumpValue(save.sc.path, "DerivationDescription"), "");
}

TEST(QuirkySource, AnInvalidCharacterSetIsLeftOutAndTextItCannotCarryEmptied) {
  FV_REQUIRE_TOOL("dcmodify");
  FV_REQUIRE_TOOL("dciodvfy");
  const std::string path =
      fv::test::modifiedCopy(fv::test::demoXa(), "charset",
                             "-m SpecificCharacterSet=ISO-8859-1 -mf " +
                                 q("PatientName=" + valueFile("latin1", "M\xFCller^Hans ")));
  const auto save = saveOf(path);
  expectClean(save);
  for (const WrittenObject* o : all(save)) {
    EXPECT_FALSE(present(o->path, "SpecificCharacterSet")) << o->path;
    EXPECT_TRUE(hasNote(o->notes, "SpecificCharacterSet", "left out")) << o->path;
    EXPECT_TRUE(presentButEmpty(o->path, "PatientName")) << o->path;
    EXPECT_TRUE(hasNote(o->notes, "PatientName", "written empty")) << o->path;
    EXPECT_EQ(dumpValue(o->path, "PatientID"), "PID0047113");
  }
}

TEST(QuirkySource, ValidLatin1TextIsCopiedWithItsCharacterSet) {
  FV_REQUIRE_TOOL("dcmodify");
  const std::string path = fv::test::modifiedCopy(
      fv::test::demoXa(), "latin1",
      "-mf " + q("PatientName=" + valueFile("latin1-ok", "M\xFCller^Hans ")));
  auto source = readInstanceHeader(path);
  ASSERT_TRUE(source);
  const auto save = saveOf(path);
  expectClean(save);
  for (const WrittenObject* o : all(save)) {
    EXPECT_EQ(dumpValue(o->path, "SpecificCharacterSet"), "ISO_IR 100");
    auto back = readInstanceHeader(o->path);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->patient.name, source->patient.name);
    EXPECT_TRUE(o->notes.empty());
  }
}

TEST(QuirkySource, AttributesWhoseConditionsTheSourceMissesAreLeftOutTogether) {
  FV_REQUIRE_TOOL("dcmodify");
  FV_REQUIRE_TOOL("dciodvfy");
  // De-identified without saying how (seen in public CT collections), a clinical-trial module
  // without its sponsor: copied as they are, both make our objects invalid (Type 1C / Type 1).
  const std::string partial =
      fv::test::modifiedCopy(fv::test::demoXa(), "conditions-missed",
                             "-i PatientIdentityRemoved=YES -i ClinicalTrialProtocolName=HIP-42 "
                             "-i ClinicalTrialTimePointDescription=baseline");
  const auto a = saveOf(partial);
  expectClean(a);
  for (const WrittenObject* o : all(a)) {
    EXPECT_FALSE(present(o->path, "PatientIdentityRemoved")) << o->path;
    EXPECT_TRUE(hasNote(o->notes, "PatientIdentityRemoved", "left out")) << o->path;
    EXPECT_FALSE(present(o->path, "ClinicalTrialProtocolName")) << o->path;
    EXPECT_TRUE(presentButEmpty(o->path, "ClinicalTrialTimePointID")) << o->path;  // Type 2
  }
  // With what the conditions ask for, everything is copied (and the module's Type 2 added).
  const std::string complete = fv::test::modifiedCopy(
      fv::test::demoXa(), "conditions-met",
      "-i PatientIdentityRemoved=YES -i " + q("DeidentificationMethod=Basic Profile") +
          " -i ClinicalTrialSponsorName=Springfield -i ClinicalTrialProtocolID=HIP-42 -i "
          "ClinicalTrialSubjectID=S-007");
  const auto b = saveOf(complete);
  expectClean(b);
  for (const WrittenObject* o : all(b)) {
    EXPECT_EQ(dumpValue(o->path, "PatientIdentityRemoved"), "YES") << o->path;
    EXPECT_EQ(dumpValue(o->path, "ClinicalTrialSubjectID"), "S-007") << o->path;
    EXPECT_TRUE(presentButEmpty(o->path, "ClinicalTrialSiteName")) << o->path;
    EXPECT_TRUE(o->notes.empty()) << o->notes.front().text();
  }
}
