#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <set>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "DerivedTestSupport.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"

using namespace fv::dicom;
namespace fs = std::filesystem;

namespace {

// A copy of the demo cine in `dir` (so that indexing the folder finds source and outputs).
SourceFrame demoFrame17CopiedTo(const std::string& dir) {
  SourceFrame f = fv::test::demoFrame17();
  f.instance.path = dir + "/xa.dcm";
  fs::copy_file(fv::test::demoXa(), f.instance.path);
  return f;
}

const InstanceInfo* findInstance(const DicomIndex& index, const std::string& sopInstanceUid) {
  for (const auto& p : index.patients)
    for (const auto& st : p.studies)
      for (const auto& se : st.series)
        for (const auto& i : se.instances)
          if (i.sopInstanceUid == sopInstanceUid) return &i;
  return nullptr;
}

}  // namespace

TEST(DerivedObjects, NewUidIsAUuidDerivedUidAndNeverRepeats) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string uid = newUid();
    ASSERT_EQ(uid.rfind("2.25.", 0), 0u) << uid;  // PS3.5 B.2
    ASSERT_LE(uid.size(), 64u);
    ASSERT_NE(uid[5], '0') << uid;  // no leading zero in a UID component (PS3.5 9.1)
    ASSERT_EQ(uid.find_first_not_of("0123456789", 5), std::string::npos) << uid;
    ASSERT_TRUE(seen.insert(uid).second) << "repeated " << uid;
  }
}

TEST(DerivedObjects, IndexingTheSourceAndOutputsGivesOnePatientOneStudyAndLinks) {
  const std::string dir = fv::test::tempDir("derived-index");
  const SourceFrame source = demoFrame17CopiedTo(dir);
  const auto save = fv::test::saveAll(source, dir);
  const DicomIndex index = indexPaths({dir});
  EXPECT_TRUE(index.errors.empty());
  EXPECT_EQ(index.files, 4u);
  ASSERT_EQ(index.patients.size(), 1u);
  ASSERT_EQ(index.patients[0].studies.size(), 1u);
  const Study& study = index.patients[0].studies[0];
  EXPECT_EQ(study.key.instanceUid, source.instance.study.instanceUid);
  std::set<std::string> modalities;
  for (const Series& s : study.series) modalities.insert(s.key.modality);
  EXPECT_EQ(modalities, (std::set<std::string>{"XA", "OT", "PR", "KO"}));
  EXPECT_EQ(study.series.size(), 4u);

  const InstanceInfo* ps = findInstance(index, save.ps.sopInstanceUid);
  const InstanceInfo* ko = findInstance(index, save.ko.sopInstanceUid);
  const InstanceInfo* sc = findInstance(index, save.sc.sopInstanceUid);
  ASSERT_TRUE(ps && ko && sc);
  const FrameReference frame17{source.instance.sopInstanceUid, 17};
  EXPECT_EQ(ps->references, std::vector<FrameReference>{frame17});
  EXPECT_EQ(ko->references, (std::vector<FrameReference>{frame17, {save.sc.sopInstanceUid, 0}}));
  EXPECT_TRUE(sc->references.empty());  // images are not linked (only PR and KO)
  EXPECT_TRUE(findInstance(index, source.instance.sopInstanceUid)->references.empty());
}

TEST(DerivedObjects, NeverOverwriteAnExistingFile) {
  const std::string dir = fv::test::tempDir("derived-exists");
  const SourceFrame source = fv::test::demoFrame17();
  const auto save = fv::test::saveAll(source, dir);
  const std::string before = fv::test::slurp(save.sc.path);
  const size_t files = fv::test::filesIn(dir);

  auto sc = writeSecondaryCapture({source, fv::test::rgbFor(source.instance), save.scSeries, 2,
                                   "again", dir, "SC_frame017.dcm"});
  ASSERT_FALSE(sc);
  EXPECT_EQ(sc.error().code, ErrorCode::Io);
  EXPECT_EQ(sc.error().path, save.sc.path);
  EXPECT_NE(sc.error().message.find("already exists"), std::string::npos) << sc.error().toString();
  auto ps = writePresentationState(
      {source, fv::test::sampleContent(), save.psSeries, 2, dir, "PR_frame017.dcm"});
  ASSERT_FALSE(ps);
  EXPECT_NE(ps.error().message.find("already exists"), std::string::npos);
  KeyObjectRequest ko;
  ko.frames = {source};
  ko.series = save.koSeries;
  ko.folder = dir;
  ko.fileName = "KO_needle.dcm";
  auto k = writeKeyObjectSelection(ko);
  ASSERT_FALSE(k);
  EXPECT_NE(k.error().message.find("already exists"), std::string::npos);

  EXPECT_EQ(fv::test::slurp(save.sc.path), before);
  EXPECT_EQ(fv::test::filesIn(dir), files);  // no temporary files left behind
}

TEST(DerivedObjects, MissingOutputFolderIsAClearError) {
  const SourceFrame source = fv::test::demoFrame17();
  const std::string dir = fv::test::tempDir("derived-missing") + "/not/there";
  auto sc = writeSecondaryCapture(
      {source, fv::test::rgbFor(source.instance), {newUid(), 900, "x"}, 1, "", dir, "sc.dcm"});
  ASSERT_FALSE(sc);
  EXPECT_EQ(sc.error().code, ErrorCode::Io);
  EXPECT_EQ(sc.error().path, dir + "/sc.dcm");
  EXPECT_NE(sc.error().message.find("folder does not exist"), std::string::npos)
      << sc.error().toString();
  auto ps = writePresentationState(
      {source, fv::test::sampleContent(), {newUid(), 901, "x"}, 1, dir, "ps.dcm"});
  ASSERT_FALSE(ps);
  EXPECT_NE(ps.error().message.find("folder does not exist"), std::string::npos);
  auto noFolder = writeSecondaryCapture(
      {source, fv::test::rgbFor(source.instance), {newUid(), 900, "x"}, 1, "", "", "sc.dcm"});
  ASSERT_FALSE(noFolder);
  EXPECT_EQ(noFolder.error().code, ErrorCode::InvalidArgument);
  auto badName = writeSecondaryCapture(
      {source, fv::test::rgbFor(source.instance), {newUid(), 900, "x"}, 1, "", dir, "a/b.dcm"});
  ASSERT_FALSE(badName);
  EXPECT_EQ(badName.error().code, ErrorCode::InvalidArgument);
}

TEST(DerivedObjects, ReadOnlyFolderIsAClearErrorWithNoFileLeft) {
  const std::string dir = fv::test::tempDir("derived-readonly");
  const SourceFrame source = fv::test::demoFrame17();
  // As root, permissions do not stop writes; the immutable attribute does (ext4, xfs).
  const bool root = ::geteuid() == 0;
  if (root && fv::test::run("chattr +i " + fv::test::q(dir)) != 0)
    GTEST_SKIP() << "cannot make a folder read-only for root here (chattr +i failed)";
  if (!root) ::chmod(dir.c_str(), 0555);
  auto sc = writeSecondaryCapture(
      {source, fv::test::rgbFor(source.instance), {newUid(), 900, "x"}, 1, "", dir, "sc.dcm"});
  auto ps = writePresentationState(
      {source, fv::test::sampleContent(), {newUid(), 901, "x"}, 1, dir, "ps.dcm"});
  if (root)
    fv::test::run("chattr -i " + fv::test::q(dir));
  else
    ::chmod(dir.c_str(), 0755);
  ASSERT_FALSE(sc);
  EXPECT_EQ(sc.error().path, dir + "/sc.dcm");
  EXPECT_NE(sc.error().message.find("read-only"), std::string::npos) << sc.error().toString();
  ASSERT_FALSE(ps);
  EXPECT_NE(ps.error().message.find("read-only"), std::string::npos) << ps.error().toString();
  EXPECT_EQ(fv::test::filesIn(dir), 0u);
}

TEST(DerivedObjects, FullDiskIsAClearErrorWithNoPartialOrTemporaryFile) {
  // Simulated with RLIMIT_FSIZE: write() fails part-way through the file, as on a full disk.
  const std::string dir = fv::test::tempDir("derived-full");
  const SourceFrame source = fv::test::demoFrame17();
  const Image8 rgb = fv::test::rgbFor(source.instance);
  struct rlimit old {};
  ::getrlimit(RLIMIT_FSIZE, &old);
  struct rlimit small = {64 * 1024, old.rlim_max};
  std::signal(SIGXFSZ, SIG_IGN);  // exceeding the limit gives EFBIG instead of killing us
  ::setrlimit(RLIMIT_FSIZE, &small);
  auto sc = writeSecondaryCapture(
      {source, rgb, {newUid(), 900, "x"}, 1, "", dir, "sc.dcm"});  // 768 KiB of pixels
  ::setrlimit(RLIMIT_FSIZE, &old);
  ASSERT_FALSE(sc);
  EXPECT_EQ(sc.error().code, ErrorCode::Io);
  EXPECT_EQ(sc.error().path, dir + "/sc.dcm");
  EXPECT_NE(sc.error().message.find("cannot write file"), std::string::npos)
      << sc.error().toString();
  EXPECT_EQ(fv::test::filesIn(dir), 0u);
}

TEST(DerivedObjects, WritersNeverReadTheSourcePixelData) {
  // A copy of the demo cine cut just before Pixel Data: the header is all the writers may use.
  const std::string dir = fv::test::tempDir("derived-nopixels");
  SourceFrame source = fv::test::demoFrame17();
  std::string bytes = fv::test::slurp(fv::test::demoXa());
  const size_t pixelData = bytes.find(std::string("\xE0\x7F\x10\x00OB", 6));
  ASSERT_NE(pixelData, std::string::npos);
  source.instance.path = dir + "/header-only.dcm";
  std::ofstream(source.instance.path, std::ios::binary)
      .write(bytes.data(), std::streamsize(pixelData));
  auto noPixels = readInstanceHeader(source.instance.path);
  ASSERT_TRUE(noPixels);
  ASSERT_FALSE(noPixels->hasPixelData);

  const auto save = fv::test::saveAll(source, dir);  // fails the test on any error
  EXPECT_FALSE(save.sc.path.empty());
  EXPECT_FALSE(save.ps.path.empty());
  EXPECT_FALSE(save.ko.path.empty());
  if (fv::test::haveTool("dciodvfy")) {
    for (const auto* o : {&save.sc, &save.ps, &save.ko}) {
      std::string output;
      EXPECT_TRUE(fv::test::dciodvfyErrors(o->path, &output).empty()) << output;
    }
  }
}

TEST(DerivedObjects, NonAsciiTextTurnsTheObjectIntoUtf8WithTheCopiedNamesConverted) {
  FV_REQUIRE_TOOL("dcmodify");
  const std::string dir = fv::test::tempDir("derived-charset");
  const std::string latin1 = dir + "/latin1.dcm";
  fs::copy_file(fv::test::demoXa(), latin1);
  // The demo is ISO_IR 100 (Latin-1): give it a name with ü (0xFC in Latin-1).
  ASSERT_EQ(
      fv::test::run("dcmodify -nb -m \"(0010,0010)=M\xFCller^J\xFCrgen\" " + fv::test::q(latin1)),
      0);
  auto info = readInstanceHeader(latin1);
  ASSERT_TRUE(info);
  ASSERT_EQ(info->patient.name, "Müller^Jürgen");  // the index decodes Latin-1 to UTF-8
  const SourceFrame source{*info, 16};

  PresentationContent c;
  c.texts = {{"Nadel bestätigt – Hüftkopf", {10, 10}, true, "ANNOTATIONS"}};
  auto ps =
      writePresentationState({source, c, {newUid(), 901, "Nadelkontrolle"}, 1, dir, "ps.dcm"});
  ASSERT_TRUE(ps) << ps.error().toString();
  auto header = readInstanceHeader(ps->path);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->patient.name, "Müller^Jürgen");  // now UTF-8
  auto read = readPresentationState(ps->path);
  ASSERT_TRUE(read);
  ASSERT_EQ(read->content.texts.size(), 1u);
  EXPECT_EQ(read->content.texts[0].text, c.texts[0].text);
  if (fv::test::haveTool("dcmdump")) {
    EXPECT_EQ(fv::test::dumpValue(ps->path, "SpecificCharacterSet"), "ISO_IR 192");
  }

  // ASCII-only text keeps the source's character set and bytes untouched.
  auto sc = writeSecondaryCapture(
      {source, fv::test::rgbFor(*info), {newUid(), 900, "Needle"}, 1, "ascii", dir, "sc.dcm"});
  ASSERT_TRUE(sc) << sc.error().toString();
  auto scHeader = readInstanceHeader(sc->path);
  ASSERT_TRUE(scHeader);
  EXPECT_EQ(scHeader->patient.name, "Müller^Jürgen");
  if (fv::test::haveTool("dcmdump")) {
    EXPECT_EQ(fv::test::dumpValue(sc->path, "SpecificCharacterSet"), "ISO_IR 100");
    EXPECT_EQ(fv::test::dumpValue(sc->path, "PatientName"), "M\xFCller^J\xFCrgen");  // bytes kept
  }
}

TEST(DerivedObjects, OneSaveOfA1024FrameIsFast) {
  // Target: SC + GSPS + KOS of a 1024×1024 frame well inside the 150 ms a save may take
  // (rendering included). Generous bound here: sanitizer builds and busy CI machines.
  const std::string xa =
      fv::test::generated("xa_1024_2frames.dcm", "xa --rows 1024 --cols 1024 --frames 2");
  auto info = readInstanceHeader(xa);
  ASSERT_TRUE(info) << info.error().toString();
  const SourceFrame source{*info, 1};
  const std::string dir = fv::test::tempDir("derived-speed");
  const auto start = std::chrono::steady_clock::now();
  const auto save = fv::test::saveAll(source, dir);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ timing   ] SC + GSPS + KOS of a 1024x1024 frame: " << ms << " ms\n";
  EXPECT_FALSE(save.ko.path.empty());
  EXPECT_LT(ms, 1000.0);
}

TEST(DerivedObjects, ReadersGiveErrorsNotCrashesOnDamagedFiles) {
  const std::string dir = fv::test::tempDir("derived-damaged");
  const auto save = fv::test::saveAll(fv::test::demoFrame17(), dir);
  std::mt19937 rng(20261128);
  for (const std::string& original : {save.ps.path, save.ko.path}) {
    const std::string bytes = fv::test::slurp(original);
    const std::string path = dir + "/bad.dcm";
    for (int trial = 0; trial < 200; ++trial) {
      std::string bad = bytes;
      if (trial % 4 == 0) {
        bad.resize(rng() % bad.size());  // cut anywhere
      } else {
        for (int k = 0; k < 6; ++k) bad[rng() % bad.size()] = char(rng());
      }
      std::ofstream(path, std::ios::binary | std::ios::trunc)
          .write(bad.data(), std::streamsize(bad.size()));
      SCOPED_TRACE(original + ", trial " + std::to_string(trial));
      (void)readPresentationState(path);  // must return (value or error), never crash or throw
      (void)readKeyObjectSelection(path);
      (void)readInstanceHeader(path);
    }
  }
}
