// Deflated datasets (PS3.5 A.5): DCMTK reads them through an inflate stream, where it cannot
// defer a value and allocates whatever an element's length claims; our guard refuses such claims.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include <zlib.h>

#include "TestData.h"
#include "fv/dicom/Indexer.h"

using namespace fv::dicom;

namespace {

void put16(std::string& s, uint16_t v) { s += char(v & 0xFF), s += char(v >> 8); }
void put32(std::string& s, uint32_t v) { put16(s, uint16_t(v & 0xFFFF)), put16(s, uint16_t(v >> 16)); }
void shortElement(std::string& s, uint16_t g, uint16_t e, const char* vr, const std::string& value) {
  put16(s, g), put16(s, e), s += vr, put16(s, uint16_t(value.size())), s += value;
}
void longElementHeader(std::string& s, uint16_t g, uint16_t e, const char* vr, uint32_t length) {
  put16(s, g), put16(s, e), s += vr, put16(s, 0), put32(s, length);
}

std::string rawDeflate(const std::string& in) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, uLong(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = uInt(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// A Deflated Explicit VR Little Endian file: meta header, then `dataset` raw-deflated; `extraMeta`
// follows the Transfer Syntax UID in the meta group.
std::string writeDeflated(const std::string& name, const std::string& dataset, const std::string& extraMeta = {}) {
  std::string meta;
  shortElement(meta, 0x0002, 0x0002, "UI", std::string("1.2.840.10008.5.1.4.1.1.7") + '\0');
  shortElement(meta, 0x0002, 0x0003, "UI", "1.2.3.4.5.6");
  shortElement(meta, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1.99");
  meta += extraMeta;
  std::string file(128, '\0');
  file += "DICM";
  std::string group;
  shortElement(group, 0x0002, 0x0000, "UL", "");
  group.resize(group.size() - 2);
  put16(group, 4);
  put32(group, uint32_t(meta.size()));
  file += group + meta + rawDeflate(dataset);
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path, std::ios::binary).write(file.data(), std::streamsize(file.size()));
  return path;
}

std::string smallDataset() {
  std::string ds;
  shortElement(ds, 0x0008, 0x0016, "UI", std::string("1.2.840.10008.5.1.4.1.1.7") + '\0');
  shortElement(ds, 0x0008, 0x0018, "UI", "1.2.3.4.5.6");
  shortElement(ds, 0x0008, 0x0060, "CS", "OT");
  shortElement(ds, 0x0010, 0x0010, "PN", "Doe^Jane");
  shortElement(ds, 0x0020, 0x000D, "UI", "1.2.3.4.7.");
  shortElement(ds, 0x0020, 0x000E, "UI", "1.2.3.4.8.");
  return ds;
}

}  // namespace

TEST(DeflatedInput, WellFormedDeflatedHeaderIsRead) {
  const std::string path = writeDeflated("fv-deflated-ok.dcm", smallDataset());
  auto info = readInstanceHeader(path);
  ASSERT_TRUE(info) << info.error().toString();
  EXPECT_EQ(info->sopInstanceUid, "1.2.3.4.5.6");
  std::filesystem::remove(path);
}

TEST(DeflatedInput, ElementClaimingGigabytesIsRefusedBeforeAllocating) {
  std::string ds = smallDataset();
  longElementHeader(ds, 0x0009, 0x1010, "OB", 0xF0000000u);  // 3.75 GiB claimed, 16 bytes present
  ds += std::string(16, 'x');
  const std::string path = writeDeflated("fv-deflated-huge.dcm", ds);
  auto info = readInstanceHeader(path);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::Truncated);
  EXPECT_EQ(info.error().path, path);
  EXPECT_NE(info.error().message.find("(0009,1010) claims 4026531840 bytes"), std::string::npos)
      << info.error().message;
  std::filesystem::remove(path);
}

TEST(DeflatedInput, PixelDataClaimingGigabytesIsRefusedBeforeAllocating) {
  // Found by fuzz-decode (tests/fuzz/regressions/deflated-pixeldata-1.5GB.dcm): DCMTK cannot
  // defer Pixel Data in an inflate stream either, and allocated the 1.5 GB it claimed.
  std::string ds = smallDataset();
  longElementHeader(ds, 0x7FE0, 0x0010, "OW", 1583242752u);
  ds += std::string(16, 'x');
  const std::string path = writeDeflated("fv-deflated-huge-pixels.dcm", ds);
  auto info = readInstanceHeader(path);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::Truncated);
  EXPECT_NE(info.error().message.find("(7FE0,0010) claims 1583242752 bytes"), std::string::npos)
      << info.error().message;
  std::filesystem::remove(path);
}

TEST(DeflatedInput, DoubledTransferSyntaxIsJudgedByTheFirstAsDcmtkReadsIt) {
  // Found by fuzz-decode in CI: a bit flip doubled (0002,0010); DCMTK keeps the first (deflated)
  // and inflated a dataset whose element claims 3.75 GiB, while the guard read the second.
  std::string second;
  shortElement(second, 0x0002, 0x0010, "UI", std::string("1.2.840.10008.1.2.1") + '\0');
  std::string ds = smallDataset();
  longElementHeader(ds, 0x0009, 0x1010, "OB", 0xF0000000u);
  ds += std::string(16, 'x');
  const std::string path = writeDeflated("fv-deflated-doubled-ts.dcm", ds, second);
  auto info = readInstanceHeader(path);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::Truncated);
  EXPECT_NE(info.error().message.find("(0009,1010) claims 4026531840 bytes"), std::string::npos)
      << info.error().message;
  std::filesystem::remove(path);
}

TEST(DeflatedInput, ForeignElementInTheMetaGroupDoesNotHideTheTransferSyntax) {
  // Found by fuzz-decode: a damaged meta group holds (2000,0010) before (0002,0010); only the
  // latter is the transfer syntax (deflated), and the dataset claims 1.1 GB in one element.
  const std::string path = std::string(FV_SOURCE_DIR) + "/tests/fuzz/regressions/deflated-meta-foreign-0010.dcm";
  auto info = readInstanceHeader(path);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::Truncated);
  EXPECT_NE(info.error().message.find("claims 1180326490 bytes"), std::string::npos) << info.error().message;
}

TEST(DeflatedInput, EncapsulatedDataInADeflatedDatasetIsMalformed) {
  std::string ds = smallDataset();
  longElementHeader(ds, 0x7FE0, 0x0010, "OB", 0xFFFFFFFFu);
  put16(ds, 0xFFFE), put16(ds, 0xE000), put32(ds, 0x7FFFFFF0u);  // a fragment claiming 2 GiB
  const std::string path = writeDeflated("fv-deflated-encapsulated.dcm", ds);
  auto info = readInstanceHeader(path);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::Malformed);
  std::filesystem::remove(path);
}

TEST(DeflatedInput, PublicDeflatedImageStillDecodes) {
  auto info = readInstanceHeader(fv::test::testdata("public/pydicom/image_dfl.dcm"));
  ASSERT_TRUE(info) << info.error().toString();
  EXPECT_GT(info->pixels.rows, 0u);
}
