// JPEG 2000 and HTJ2K (PS3.5 A.4.4, A.4.11). Lossless re-encodings made by the reference
// encoders (OpenJPEG's opj_compress, OpenJPH's ojph_compress, through scripts/make-j2k-dicom)
// decode to exactly the source's samples; lossy files agree with GDCM's decode; a damaged
// codestream fails only its frame; a codestream that does not fit the frame is refused before
// any decoder sees it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "J2kCodestream.h"
#include "J2kDecoders.h"
#include "J2kFuzzCase.h"
#include "Jpeg2000FrameSource.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"
#include "fv/dicom/TransferSyntax.h"

using namespace fv::dicom;
namespace fs = std::filesystem;

namespace {

struct Decoded {
  PixelDescription description;
  std::vector<std::vector<uint8_t>> frames;
  std::vector<std::string> errors;  // one per failed frame
};

Decoded decodeAll(const std::string& path) {
  Decoded out;
  auto info = readInstanceHeader(path);
  if (!info) {
    out.errors.push_back(info.error().toString());
    return out;
  }
  auto dec = InstanceDecoder::open(*info);
  if (!dec) {
    out.errors.push_back(dec.error().toString());
    return out;
  }
  out.description = (*dec)->description();
  for (uint32_t f = 0; f < (*dec)->frameCount(); ++f) {
    auto frame = (*dec)->decode(f);
    if (!frame) {
      out.errors.push_back(frame.error().toString());
      out.frames.emplace_back();
      continue;
    }
    const auto* p = static_cast<const uint8_t*>(frame->data());
    out.frames.emplace_back(p, p + frame->byteSize());
  }
  return out;
}

std::string pydicom(const std::string& file) {
  return fv::test::testdata("public/pydicom/" + file);
}

std::vector<uint8_t> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

int64_t sample(const std::vector<uint8_t>& bytes, size_t i, const PixelDescription& d) {
  if (d.bytesPerSample() == 1) return d.isSigned ? int8_t(bytes[i]) : bytes[i];
  uint16_t v;
  std::memcpy(&v, bytes.data() + 2 * i, 2);
  return d.isSigned ? int16_t(v) : v;
}

// Mean and largest absolute difference of two decoded frames, sample by sample.
std::pair<double, int64_t> difference(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b,
                                      const PixelDescription& d) {
  const size_t n = d.samplesPerFrame();
  double total = 0;
  int64_t worst = 0;
  for (size_t i = 0; i < n; ++i) {
    const int64_t delta = std::llabs(sample(a, i, d) - sample(b, i, d));
    total += double(delta);
    worst = std::max(worst, delta);
  }
  return {total / double(n), worst};
}

// The first byte of the `index`-th (0-based) JPEG 2000 codestream (SOC SIZ) in a file.
size_t codestreamStart(const std::vector<uint8_t>& bytes, int index) {
  for (size_t i = 0; i + 4 <= bytes.size(); ++i)
    if (bytes[i] == 0xFF && bytes[i + 1] == 0x4F && bytes[i + 2] == 0xFF && bytes[i + 3] == 0x51 &&
        index-- == 0)
      return i;
  return std::string::npos;
}

std::string copyTo(const std::string& source, const std::string& dir, const std::string& name) {
  const std::string out = dir + "/" + name;
  fs::copy_file(source, out, fs::copy_options::overwrite_existing);
  return out;
}

}  // namespace

// --- Lossless: exactly the source's samples --------------------------------------------------

struct Reencoding {
  const char* name;
  const char* source;  // "demo-xa" or a file of testdata/public/pydicom
  const char* args;
  const char* transferSyntax;
};

std::ostream& operator<<(std::ostream& os, const Reencoding& r) {
  return os << r.name;
}

class LosslessJpeg2000 : public ::testing::TestWithParam<Reencoding> {};

TEST_P(LosslessJpeg2000, DecodesToExactlyTheSourceSamples) {
  const Reencoding& r = GetParam();
  const std::string source =
      std::string(r.source) == "demo-xa" ? fv::test::demoXa() : pydicom(r.source);
  const std::string encoded = fv::test::reencodedJ2k(source, r.name, r.args);
  ASSERT_FALSE(encoded.empty());
  auto info = readInstanceHeader(encoded);
  ASSERT_TRUE(info) << info.error().toString();
  EXPECT_EQ(info->transferSyntaxUid, r.transferSyntax);
  EXPECT_TRUE(isJpeg2000(info->transferSyntaxUid));

  const Decoded expected = decodeAll(source), actual = decodeAll(encoded);
  ASSERT_TRUE(expected.errors.empty()) << expected.errors.front();
  ASSERT_TRUE(actual.errors.empty()) << actual.errors.front();
  // Re-encodings made with --frames N keep the source's first N frames.
  ASSERT_GE(actual.frames.size(), 1u);
  ASSERT_LE(actual.frames.size(), expected.frames.size());
  if (std::string(r.args).find("--frames") == std::string::npos) {
    ASSERT_EQ(actual.frames.size(), expected.frames.size());
  }
  EXPECT_EQ(actual.description.photometric,
            expected.description.photometric);  // RCT/none → RGB like the source
  EXPECT_EQ(actual.description.isSigned, expected.description.isSigned);
  for (size_t f = 0; f < actual.frames.size(); ++f)
    EXPECT_TRUE(actual.frames[f] == expected.frames[f]) << "frame " << f + 1 << " differs";
}

INSTANTIATE_TEST_SUITE_P(
    Jpeg2000, LosslessJpeg2000,
    ::testing::Values(
        // 12-bit multi-frame XA (24 frames, 512x512): one fragment per frame, with a Basic Offset
        // Table.
        Reencoding{"xa-j2k", "demo-xa", "", "1.2.840.10008.1.2.4.90"},
        // Several fragments per frame, with and without an offset table (frames found by SOC).
        Reencoding{"xa-j2k-fragments", "demo-xa", "--fragments 3 --frames 6",
                   "1.2.840.10008.1.2.4.90"},
        Reencoding{"xa-j2k-fragments-nobot", "demo-xa", "--fragments 3 --no-bot --frames 6",
                   "1.2.840.10008.1.2.4.90"},
        // Codestreams in a JP2 wrapper (forbidden by PS3.5 A.4.4 but found in archives).
        Reencoding{"xa-jp2", "demo-xa", "--jp2 --frames 4", "1.2.840.10008.1.2.4.90"},
        Reencoding{"xa-htj2k", "demo-xa", "--codec htj2k", "1.2.840.10008.1.2.4.201"},
        Reencoding{"xa-htj2k-rpcl", "demo-xa", "--codec htj2k --rpcl --frames 4",
                   "1.2.840.10008.1.2.4.202"},
        Reencoding{"xa-htj2k-fragments-nobot", "demo-xa",
                   "--codec htj2k --fragments 2 --no-bot --frames 4", "1.2.840.10008.1.2.4.201"},
        // Signed 16-bit CT; 8-bit greyscale.
        Reencoding{"ct-j2k", "CT_small.dcm", "", "1.2.840.10008.1.2.4.90"},
        Reencoding{"ct-htj2k", "CT_small.dcm", "--codec htj2k", "1.2.840.10008.1.2.4.201"},
        Reencoding{"grey8-j2k", "image_dfl.dcm", "", "1.2.840.10008.1.2.4.90"},
        Reencoding{"grey8-htj2k", "image_dfl.dcm", "--codec htj2k", "1.2.840.10008.1.2.4.201"},
        // RGB: reversible colour transform (YBR_RCT), none (RGB), Part 2 array transform; 8 and 16
        // bits.
        Reencoding{"rgb-j2k-rct", "SC_rgb_rle_2frame.dcm", "", "1.2.840.10008.1.2.4.90"},
        Reencoding{"rgb-j2k-none", "SC_rgb_rle_2frame.dcm", "--no-colour-transform",
                   "1.2.840.10008.1.2.4.90"},
        Reencoding{"rgb-j2k-part2", "SC_rgb_rle_2frame.dcm", "--part2", "1.2.840.10008.1.2.4.92"},
        Reencoding{"rgb-htj2k-rct", "SC_rgb_rle_2frame.dcm", "--codec htj2k",
                   "1.2.840.10008.1.2.4.201"},
        Reencoding{"rgb16-j2k-rct", "SC_rgb_rle_16bit_2frame.dcm", "", "1.2.840.10008.1.2.4.90"},
        Reencoding{"rgb16-htj2k-rct", "SC_rgb_rle_16bit_2frame.dcm", "--codec htj2k",
                   "1.2.840.10008.1.2.4.201"}),
    [](const auto& info) {
      std::string n = info.param.name;
      for (char& c : n) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return n;
    });

TEST(Jpeg2000, NemaXaLosslessInSevenFragmentsEqualsTheUncompressedFile) {
  FV_REQUIRE_SHARED_SAMPLES();
  const std::string xa = fv::test::sharedSamples() + "/xa/";
  const Decoded j2k = decodeAll(xa + "NEMA_XA1_J2KR.dcm"),
                plain = decodeAll(xa + "NEMA_XA1_UNC.dcm");
  ASSERT_TRUE(j2k.errors.empty()) << j2k.errors.front();
  ASSERT_EQ(j2k.frames.size(), 1u);
  EXPECT_TRUE(j2k.frames[0] == plain.frames[0]);
}

TEST(Jpeg2000, PublicColourWithReversibleTransformMatchesGdcm) {
  FV_REQUIRE_TOOL("gdcmconv");
  const Decoded ours = decodeAll(pydicom("GDCMJ2K_TextGBR.dcm"));
  const Decoded gdcm =
      decodeAll(fv::test::gdcmRaw(pydicom("GDCMJ2K_TextGBR.dcm"), "GDCMJ2K_TextGBR"));
  ASSERT_TRUE(ours.errors.empty()) << ours.errors.front();
  EXPECT_EQ(ours.description.photometric, Photometric::Rgb);  // YBR_RCT is undone by the decoder
  EXPECT_EQ(gdcm.description.photometric, Photometric::Rgb);
  EXPECT_TRUE(ours.frames.at(0) == gdcm.frames.at(0));
}

// --- Lossy: within one grey level of GDCM's decode on average -------------------------------

class LossyJpeg2000 : public ::testing::TestWithParam<Reencoding> {};

TEST_P(LossyJpeg2000, AgreesWithGdcmWithinOneGreyLevel) {
  FV_REQUIRE_TOOL("gdcmconv");
  const Reencoding& r = GetParam();
  std::string file;
  if (std::string(r.source) == "shared") {
    FV_REQUIRE_SHARED_SAMPLES();
    file = fv::test::sharedSamples() + "/xa/" + r.args;
  } else if (std::string(r.args).rfind("--", 0) == 0) {
    file = fv::test::reencodedJ2k(
        std::string(r.source) == "demo-xa" ? fv::test::demoXa() : pydicom(r.source), r.name,
        r.args);
  } else {
    file = pydicom(r.args);
  }
  ASSERT_FALSE(file.empty());
  const Decoded ours = decodeAll(file);
  const Decoded gdcm = decodeAll(fv::test::gdcmRaw(file, r.name));
  ASSERT_TRUE(ours.errors.empty()) << ours.errors.front();
  ASSERT_TRUE(gdcm.errors.empty()) << gdcm.errors.front();
  ASSERT_EQ(ours.frames.size(), gdcm.frames.size());
  ASSERT_EQ(ours.description.samplesPerFrame(), gdcm.description.samplesPerFrame());
  for (size_t f = 0; f < ours.frames.size(); ++f) {
    const auto [mean, worst] = difference(ours.frames[f], gdcm.frames[f], ours.description);
    EXPECT_LE(mean, 1.0) << "frame " << f + 1 << ", largest difference " << worst;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Jpeg2000, LossyJpeg2000,
    ::testing::Values(Reencoding{"nema-xa-j2ki", "shared", "NEMA_XA1_J2KI.dcm", ""},
                      Reencoding{"pydicom-693-j2ki", "file", "693_J2KI.dcm",
                                 ""},  // signed, 14 bits
                      Reencoding{"pydicom-jpeg2000", "file", "JPEG2000.dcm", ""},  // signed 16 bits
                      Reencoding{"pydicom-rgb-ky", "file", "SC_rgb_gdcm_KY.dcm", ""},
                      Reencoding{"xa-j2k-lossy", "demo-xa", "--lossy --frames 4", ""},
                      Reencoding{"rgb-j2k-ict", "SC_rgb_rle_2frame.dcm", "--lossy", ""}),
    [](const auto& info) {
      std::string n = info.param.name;
      for (char& c : n) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return n;
    });

TEST(Jpeg2000, LossyHtj2kFromGrokAgreesWithOpenJpeg) {
  // GDCM 3.0 cannot decode HTJ2K: OpenJPEG 2.5's own HT decoder is the second opinion.
  const std::string file = fv::test::reencodedJ2k(fv::test::demoXa(), "xa-htj2k-lossy",
                                                  "--codec htj2k --lossy --frames 2");
  ASSERT_FALSE(file.empty());
  auto info = readInstanceHeader(file);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->transferSyntaxUid, "1.2.840.10008.1.2.4.203");
  const Decoded ours = decodeAll(file), source = decodeAll(fv::test::demoXa());
  ASSERT_TRUE(ours.errors.empty()) << ours.errors.front();
  const std::vector<uint8_t> bytes = slurp(file);
  const size_t start = codestreamStart(bytes, 0);
  ASSERT_NE(start, std::string::npos);
  const PixelDescription& d = ours.description;
  std::vector<uint8_t> openjpeg(d.bytesPerFrame());
  J2kTarget target{openjpeg.data(), d.rows, d.columns, d.samplesPerPixel, d.bytesPerSample()};
  target.setRange(12, false);
  ASSERT_TRUE(decodeWithOpenJpeg(bytes.data() + start, bytes.size() - start, target, 1));
  EXPECT_LE(difference(ours.frames[0], openjpeg, d).first, 1.0);
  // And it is lossy but close to the source (12-bit data, quantisation step 0.005).
  const auto [mean, worst] = difference(ours.frames[0], source.frames[0], d);
  EXPECT_GT(worst, 0);
  EXPECT_LT(mean, 8.0);
}

// --- Headers, damage, mismatches ---------------------------------------------------------------

TEST(Jpeg2000, HeaderReaderNamesSizeComponentsAndHighThroughput) {
  const std::vector<uint8_t> j2k = slurp(fv::test::reencodedJ2k(fv::test::demoXa(), "xa-j2k", ""));
  const std::vector<uint8_t> ht =
      slurp(fv::test::reencodedJ2k(fv::test::demoXa(), "xa-htj2k", "--codec htj2k"));
  const size_t a = codestreamStart(j2k, 0), b = codestreamStart(ht, 0);
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  auto h = readJ2kHeader(j2k.data() + a, 4096);
  ASSERT_TRUE(h) << h.error().toString();
  EXPECT_EQ(h->width, 512u);
  EXPECT_EQ(h->height, 512u);
  ASSERT_EQ(h->components.size(), 1u);
  EXPECT_EQ(h->components[0].precision, 12);
  EXPECT_FALSE(h->components[0].isSigned);
  EXPECT_EQ(h->tiles, 1u);
  EXPECT_FALSE(h->highThroughput);
  EXPECT_TRUE(h->reversible);
  auto hh = readJ2kHeader(ht.data() + b, 4096);
  ASSERT_TRUE(hh) << hh.error().toString();
  EXPECT_TRUE(hh->highThroughput);
  // Complete codestreams end with EOC (Grok gets HT ones only then); a cut one does not.
  EXPECT_TRUE(endsWithEoc(ht.data() + b, codestreamStart(ht, 1) - b - 8));
  EXPECT_FALSE(endsWithEoc(ht.data() + b, (codestreamStart(ht, 1) - b) / 2));
  // Not a codestream, and a SIZ cut short.
  EXPECT_FALSE(readJ2kHeader(j2k.data(), 64));
  EXPECT_FALSE(readJ2kHeader(j2k.data() + a, 20));
}

TEST(Jpeg2000, TruncatedCodestreamIsAnErrorNotAPartialImage) {
  for (const char* args : {"", "--codec htj2k"}) {
    SCOPED_TRACE(args);
    const std::string name = std::string(args).empty() ? "xa-j2k" : "xa-htj2k";
    const std::vector<uint8_t> bytes =
        slurp(fv::test::reencodedJ2k(fv::test::demoXa(), name, args));
    const size_t start = codestreamStart(bytes, 0), next = codestreamStart(bytes, 1);
    ASSERT_NE(next, std::string::npos);
    PixelDescription d;
    d.rows = d.columns = 512;
    d.bitsAllocated = 16;
    d.bitsStored = 12;
    d.highBit = 11;
    std::vector<uint8_t> frame(d.bytesPerFrame());
    ASSERT_TRUE(decodeJpeg2000Frame(bytes.data() + start, next - start - 8, d, frame.data()));
    const Status cut =
        decodeJpeg2000Frame(bytes.data() + start, (next - start) / 2, d, frame.data());
    ASSERT_FALSE(cut);
    EXPECT_FALSE(cut.error().message.empty());
  }
}

TEST(Jpeg2000, DamagedCodestreamFailsOnlyItsFrame) {
  const std::string dir = fv::test::tempDir("j2k-damaged");
  for (const char* args : {"", "--codec htj2k"}) {
    SCOPED_TRACE(args);
    const std::string name = std::string(args).empty() ? "xa-j2k" : "xa-htj2k";
    const std::string file =
        copyTo(fv::test::reencodedJ2k(fv::test::demoXa(), name, args), dir, name + ".dcm");
    std::vector<uint8_t> bytes = slurp(file);
    const size_t sixth = codestreamStart(bytes, 5);
    ASSERT_NE(sixth, std::string::npos);
    std::fill(bytes.begin() + long(sixth) + 2, bytes.begin() + long(sixth) + 60,
              uint8_t(0x00));  // SIZ gone
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(bytes.data()), long(bytes.size()));

    const Decoded damaged = decodeAll(file), source = decodeAll(fv::test::demoXa());
    ASSERT_EQ(damaged.errors.size(), 1u);
    EXPECT_NE(damaged.errors[0].find("frame 6:"), std::string::npos) << damaged.errors[0];
    EXPECT_NE(damaged.errors[0].find("JPEG 2000"), std::string::npos) << damaged.errors[0];
    EXPECT_NE(damaged.errors[0].find(file), std::string::npos) << damaged.errors[0];
    ASSERT_EQ(damaged.frames.size(), 24u);
    for (size_t f = 0; f < 24; ++f)
      if (f != 5) {
        EXPECT_TRUE(damaged.frames[f] == source.frames[f]) << "frame " << f + 1;
      }
  }
}

TEST(Jpeg2000, CodestreamThatDoesNotFitTheFrameIsRefusedBeforeDecoding) {
  FV_REQUIRE_TOOL("dcmodify");
  const std::string dir = fv::test::tempDir("j2k-mismatch");
  const std::string encoded = fv::test::reencodedJ2k(fv::test::demoXa(), "xa-j2k", "");
  struct Case {
    const char* change;
    const char* expected;
  } cases[] = {
      {"(0028,0010)=256", "holds 512x512 pixels but Columns/Rows (0028,0011/0010) say 512x256"},
      {"(0028,0011)=1024", "holds 512x512 pixels but Columns/Rows (0028,0011/0010) say 1024x512"},
      {"(0028,0100)=8", "12-bit samples but Bits Allocated (0028,0100) is 8"},
  };
  int n = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.change);
    const std::string file = copyTo(encoded, dir, "case" + std::to_string(n++) + ".dcm");
    ASSERT_EQ(fv::test::run("dcmodify -nb -m " + fv::test::q(c.change) + " " + fv::test::q(file)),
              0);
    if (std::string(c.change) == "(0028,0100)=8") {
      ASSERT_EQ(
          fv::test::run("dcmodify -nb -m '(0028,0101)=8' -m '(0028,0102)=7' " + fv::test::q(file)),
          0);
    }
    const Decoded d = decodeAll(file);
    ASSERT_FALSE(d.errors.empty());
    EXPECT_NE(d.errors[0].find(c.expected), std::string::npos) << d.errors[0];
  }
}

TEST(Jpeg2000, Htj2kIndexesWithItsNameAlthoughDcmtkDoesNotKnowIt) {
  const std::string file = fv::test::reencodedJ2k(fv::test::demoXa(), "xa-htj2k", "--codec htj2k");
  const DicomIndex index = indexPaths({file});
  ASSERT_TRUE(index.errors.empty());
  ASSERT_EQ(index.allSeries().size(), 1u);
  const InstanceInfo& info =
      index.allSeries()[0]->instanceOf(index.allSeries()[0]->stacks.at(0).frames.front());
  EXPECT_EQ(transferSyntaxName(info.transferSyntaxUid), "HTJ2K Lossless");
  EXPECT_EQ(info.pixels.frames, 24u);
  EXPECT_FALSE(info.nativePixelData);  // read as encapsulated, never as native bytes
}

// Every codestream fuzz-j2k found a problem with (tests/fuzz/regressions-j2k, see
// docs/reliability.md) decodes to an error or a frame, and the process lives on.
TEST(Jpeg2000, FuzzRegressionsGiveAnErrorOrAFrame) {
  const fs::path dir = fs::path(FV_SOURCE_DIR) / "tests/fuzz/regressions-j2k";
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    SCOPED_TRACE(e.path().string());
    const std::vector<uint8_t> bytes = slurp(e.path().string());
    const Status s = fv::fuzz::decodeJ2kInput(bytes.data(), bytes.size());
    if (!s) {
      EXPECT_FALSE(s.error().message.empty());
    }
    ++n;
  }
  EXPECT_GE(n, 1u);
}
