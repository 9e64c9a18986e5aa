// Whole-file de-identification: UID consistency across files, no PHI byte left, dciodvfy and
// dcmdump on the outputs, public samples, Burned In Annotation and pixel redaction.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "DeidentifyTestSupport.h"
#include "DerivedTestSupport.h"
#include "TestData.h"
#include "fv/dicom/Deidentify.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"

using namespace fv;
namespace fs = std::filesystem;

namespace {

struct Batch {
  std::vector<std::string> outputs;
  std::vector<dicom::DeidentifiedFile> results;
};

Batch deidentifyAll(const std::vector<std::string>& files, dicom::DeidentifyOptions o,
                    const std::string& name) {
  Batch batch;
  auto d = test::deid::make(std::move(o));
  if (!d) return batch;
  const std::string dir = test::tempDir("deid-" + name);
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string out = dir + "/" + std::to_string(i) + ".dcm";
    auto r = d->deidentifyFile(files[i], out);
    if (!r) {
      ADD_FAILURE() << r.error().toString();
      continue;
    }
    batch.outputs.push_back(out);
    batch.results.push_back(*r);
  }
  return batch;
}

}  // namespace

TEST(DeidentifyFiles, ReferencesPointAtTheNewUidsOfTheDeidentifiedSource) {
  FV_REQUIRE_TOOL("dump2dcm");
  const auto sources = test::deid::generatedSources();
  ASSERT_GE(sources.size(), 3u);
  const auto src = test::deid::elementsByPath(sources[1]);
  // A Secondary Capture derived from the first MR slice, referencing it (PS3.3 C.7.6.1.1.4).
  const std::string sc = test::tempDir("deid-sc") + "/sc.dcm";
  ASSERT_TRUE(test::deid::writeDump(
      "(0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]\n(0008,0018) UI [1.2.826.0.1.3680043.9.7777.99]\n"
      "(0010,0010) PN [" +
          src.at("(0010,0010)").value + "]\n(0010,0020) LO [" + src.at("(0010,0020)").value +
          "]\n(0020,000d) UI [" + src.at("(0020,000D)").value +
          "]\n(0020,000e) UI [1.2.826.0.1.3680043.9.7777.98]\n"
          "(0008,2112) SQ (Sequence)\n(fffe,e000) na (Item)\n(0008,1150) UI [" +
          src.at("(0008,0016)").value + "]\n(0008,1155) UI [" + src.at("(0008,0018)").value +
          "]\n(fffe,e00d) na\n(fffe,e0dd) na\n(0020,0052) UI [" + src.at("(0020,0052)").value +
          "]\n",
      sc));
  auto d = test::deid::make();
  ASSERT_TRUE(d);
  const std::string dir = test::tempDir("deid-refs");
  auto a = d->deidentifyFile(sources[1], dir + "/mr1.dcm");
  auto b = d->deidentifyFile(sources[2], dir + "/mr2.dcm");
  auto c = d->deidentifyFile(sc, dir + "/sc.dcm");
  ASSERT_TRUE(a && b && c);
  const auto mr1 = test::deid::elementsByPath(dir + "/mr1.dcm");
  const auto mr2 = test::deid::elementsByPath(dir + "/mr2.dcm");
  const auto out = test::deid::elementsByPath(dir + "/sc.dcm");
  EXPECT_EQ(out.at("(0008,2112)[0](0008,1155)").value, mr1.at("(0008,0018)").value);
  EXPECT_EQ(out.at("(0008,2112)[0](0008,1155)").value, a->sopInstanceUid);
  EXPECT_NE(a->sopInstanceUid, src.at("(0008,0018)").value);
  EXPECT_EQ(out.at("(0020,000D)").value, mr1.at("(0020,000D)").value);
  EXPECT_EQ(mr2.at("(0020,000D)").value, mr1.at("(0020,000D)").value);
  EXPECT_EQ(mr2.at("(0020,0052)").value, mr1.at("(0020,0052)").value);
  EXPECT_EQ(out.at("(0020,0052)").value, mr1.at("(0020,0052)").value);
  EXPECT_NE(mr2.at("(0008,0018)").value, mr1.at("(0008,0018)").value);
  EXPECT_EQ(mr1.at("(0002,0003)").value, mr1.at("(0008,0018)").value);
  EXPECT_EQ(a->patientId, c->patientId) << "one source patient, one case number";
  EXPECT_EQ(d->replacementUid(src.at("(0008,0018)").value), a->sopInstanceUid);
}

TEST(DeidentifyFiles, LeaveNoByteOfTheGeneratedPhiAsAsciiOrUtf16) {
  const auto sources = test::deid::generatedSources();
  ASSERT_FALSE(sources.empty());
  const auto phi = test::deid::phiOf(sources);
  ASSERT_GT(phi.size(), 15u);
  dicom::DeidentifyOptions modified;
  modified.retainLongitudinalModifiedDates = true;
  for (auto& [name, options] :
       {std::pair{"basic", dicom::DeidentifyOptions{}}, std::pair{"dates", modified}}) {
    const Batch batch = deidentifyAll(sources, options, std::string("phi-") + name);
    ASSERT_EQ(batch.outputs.size(), sources.size());
    for (const std::string& out : batch.outputs) {
      const std::string bytes = test::slurp(out);
      for (const std::string& value : phi)
        EXPECT_EQ(test::deid::hits(bytes, value), 0u) << out << ": " << value;
    }
  }
}

TEST(DeidentifyFiles, OutputsHaveNoDciodvfyErrorsTheSourceHasNot) {
  FV_REQUIRE_TOOL("dciodvfy");
  const auto sources = test::deid::generatedSources();
  const Batch batch = deidentifyAll(sources, {}, "dciodvfy");
  ASSERT_EQ(batch.outputs.size(), sources.size());
  for (size_t i = 0; i < sources.size(); ++i) {
    const auto before = test::dciodvfyErrors(sources[i]);
    std::string log;
    const std::set<std::string> known(before.begin(), before.end());
    for (const std::string& e : test::dciodvfyErrors(batch.outputs[i], &log))
      EXPECT_TRUE(known.count(e)) << batch.outputs[i] << ": new error " << e << "\n" << log;
  }
}

TEST(DeidentifyFiles, PublicSamplesDeidentifyAndReadBackWithDcmdump) {
  FV_REQUIRE_TOOL("dcmdump");
  std::vector<std::string> files;
  if (!test::sharedSamples().empty())
    for (const auto& f : test::deid::filesUnder(test::sharedSamples()))
      if (f.find("/malformed/") == std::string::npos && f.find("DICOMDIR") == std::string::npos &&
          fs::path(f).extension() != ".tsv" && fs::path(f).extension() != ".md")
        files.push_back(f);
  const std::string pydicom = "/usr/lib/python3/dist-packages/pydicom/data/test_files";
  if (fs::exists(pydicom))
    for (const auto& f : fs::directory_iterator(pydicom))
      if (f.path().extension() == ".dcm") files.push_back(f.path().string());
  if (files.empty())
    GTEST_SKIP() << "neither ../shared/dicom-samples nor pydicom's test files are present";
  auto d = test::deid::make();
  ASSERT_TRUE(d);
  const std::string dir = test::tempDir("deid-public");
  size_t written = 0, refused = 0, unreadable = 0;
  std::string reasons;
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string before = test::slurp(files[i]);
    const std::string out = dir + "/" + std::to_string(i) + ".dcm";
    auto r = d->deidentifyFile(files[i], out);
    EXPECT_EQ(test::slurp(files[i]), before) << "source changed: " << files[i];
    if (!r) {
      // Files our reader refuses (truncated, not DICOM) and burned-in sources are not written.
      if (r.error().message.find("Burned In Annotation") != std::string::npos) {
        ++refused;
      } else {
        ++unreadable;
        reasons += "\n  " + fs::path(files[i]).filename().string() + ": " +
                   dicom::toString(r.error().code) + ", " + r.error().message;
      }
      EXPECT_FALSE(fs::exists(out));
      continue;
    }
    ++written;
    std::string log;
    EXPECT_EQ(test::run("dcmdump -q " + test::q(out) + " >/dev/null", &log), 0) << files[i] << "\n"
                                                                                << log;
    EXPECT_EQ(log.find("E: "), std::string::npos) << files[i] << "\n" << log;
    const auto e = test::deid::elementsByPath(out);
    EXPECT_EQ(e.count("(0012,0062)") ? e.at("(0012,0062)").value : "", "YES") << files[i];
  }
  std::cout << "[ public   ] " << written << " written, " << refused << " refused (burned in), "
            << unreadable << " not written of " << files.size() << reasons << "\n";
  EXPECT_GT(written, files.size() / 2);
}

TEST(DeidentifyFiles, BurnedInAnnotationYesIsRefusedUnlessThePixelsAreCleaned) {
  FV_REQUIRE_TOOL("dcmodify");
  const auto sources = test::deid::generatedSources();
  const std::string burned =
      test::modifiedCopy(sources[0], "deid-burned", "-m BurnedInAnnotation=YES");
  const std::string before = test::slurp(burned);
  const std::string dir = test::tempDir("deid-burned-out");
  auto plain = test::deid::make();
  auto r = plain->deidentifyFile(burned, dir + "/plain.dcm");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("Burned In Annotation (0028,0301) is YES"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir + "/plain.dcm"));
  EXPECT_EQ(test::slurp(burned), before);

  dicom::DeidentifyOptions o;
  o.cleanPixelData = true;
  o.redactions = {{-1, 0, 0, 16, 8}, {2, 40, 40, 8, 8}};
  auto cleaner = test::deid::make(o);
  auto ok = cleaner->deidentifyFile(burned, dir + "/cleaned.dcm");
  ASSERT_TRUE(ok) << ok.error().toString();
  EXPECT_EQ(ok->redactedFrames, 4);
  EXPECT_EQ(test::slurp(burned), before);
  const auto e = test::deid::elementsByPath(dir + "/cleaned.dcm");
  EXPECT_EQ(e.at("(0028,0301)").value, "NO");
  EXPECT_EQ(e.at("(0012,0064)[1](0008,0100)").value, "113101");
  // Frame 1, first row: 16 black pixels (MONOCHROME2 unsigned: 0) at the start of Pixel Data.
  std::string dump;
  test::run("dcmdump -q +L +P PixelData " + test::q(dir + "/cleaned.dcm"), &dump);
  EXPECT_NE(dump.find("0000\\0000\\0000\\0000"), std::string::npos) << dump.substr(0, 200);
}

TEST(DeidentifyFiles, RedactingRleCompressedPixelsDecompressesThemAndBlanksTheRegion) {
  FV_REQUIRE_TOOL("dcmcrle");
  const auto sources = test::deid::generatedSources();
  const std::string rle = test::tempDir("deid-rle") + "/rle.dcm";
  ASSERT_EQ(test::run("dcmcrle " + test::q(sources[0]) + " " + test::q(rle)), 0);
  dicom::DeidentifyOptions o;
  o.cleanPixelData = true;
  o.redactions = {{-1, 0, 0, 8, 8}};
  const std::string out = test::tempDir("deid-rle-out") + "/x.dcm";
  auto r = test::deid::make(o)->deidentifyFile(rle, out);
  ASSERT_TRUE(r) << r.error().toString();
  EXPECT_EQ(r->transferSyntaxUid, "1.2.840.10008.1.2.1") << "written decompressed";
  EXPECT_EQ(r->redactedFrames, 4);
  auto info = dicom::readInstanceHeader(out);
  ASSERT_TRUE(info) << info.error().toString();
  auto decoder = dicom::InstanceDecoder::open(*info);
  ASSERT_TRUE(decoder) << decoder.error().toString();
  for (uint32_t f = 0; f < 4; ++f) {
    auto frame = (*decoder)->decode(f);
    ASSERT_TRUE(frame) << frame.error().toString();
    for (uint32_t y = 0; y < 8; ++y)
      for (uint32_t x = 0; x < 8; ++x)
        ASSERT_EQ(frame->sample(size_t(y) * frame->columns() + x), 0.0) << f << " " << y << "," << x;
  }
  // Without redaction the compressed file goes through in its own transfer syntax.
  const std::string plainOut = test::tempDir("deid-rle-plain") + "/x.dcm";
  auto plain = test::deid::make()->deidentifyFile(rle, plainOut);
  ASSERT_TRUE(plain) << plain.error().toString();
  EXPECT_EQ(plain->transferSyntaxUid, "1.2.840.10008.1.2.5");
}

TEST(DeidentifyFiles, RedactingJpeg2000PixelsIsUnsupportedAndWritesNothing) {
  const auto sources = test::deid::generatedSources();
  const std::string j2k = test::reencodedJ2k(sources[0], "deid-j2k", "--codec j2k");
  if (j2k.empty()) GTEST_SKIP() << "make-j2k-dicom could not encode the source";
  dicom::DeidentifyOptions o;
  o.cleanPixelData = true;
  o.redactions = {{-1, 0, 0, 8, 8}};
  const std::string out = test::tempDir("deid-j2k-out") + "/x.dcm";
  auto r = test::deid::make(o)->deidentifyFile(j2k, out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, dicom::ErrorCode::Unsupported);
  EXPECT_NE(r.error().message.find("JPEG 2000"), std::string::npos) << r.error().message;
  EXPECT_FALSE(fs::exists(out));
}

TEST(DeidentifyFiles, TwoHundredMrSlicesOfOneExportShareTheirNewStudyAndSeriesUids) {
  // Speed is measured in bench/, beside gdcmanon; here: a whole series through one Deidentifier.
  const std::string mr = test::deid::makeSeries("mr200", "mr --rows 64 --cols 64 --slices 200");
  const auto files = test::deid::filesUnder(mr);
  ASSERT_EQ(files.size(), 200u);
  const Batch batch = deidentifyAll(files, {}, "series-200");
  ASSERT_EQ(batch.outputs.size(), 200u);
  std::set<std::string> studies, series, sops;
  for (const auto& o : batch.results) {
    studies.insert(o.studyInstanceUid);
    series.insert(o.seriesInstanceUid);
    sops.insert(o.sopInstanceUid);
  }
  EXPECT_EQ(studies.size(), 1u);
  EXPECT_EQ(series.size(), 1u);
  EXPECT_EQ(sops.size(), 200u);
}
