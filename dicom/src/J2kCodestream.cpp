#include "J2kCodestream.h"

#include <string>

namespace fv::dicom {

namespace {

constexpr uint16_t kSoc = 0xFF4F, kSiz = 0xFF51, kCap = 0xFF50, kCod = 0xFF52, kSot = 0xFF90;
constexpr uint16_t kCoc = 0xFF53, kSod = 0xFF93;
constexpr uint8_t kHtCodeBlocks = 0x40;  // code-block style bit: HT code-blocks (T.814 A.3)
constexpr uint32_t kMaxTiles =
    4096;  // real encoders use 1 to a few hundred; OpenJPEG allocates per tile
constexpr uint32_t kPcapPart15 = 0x00020000;  // Pcap bit 15 (MSB = bit 1): HTJ2K, T.814 A.2

uint16_t be16(const uint8_t* p) {
  return uint16_t(p[0] << 8 | p[1]);
}
uint32_t be32(const uint8_t* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

// Offset of the codestream inside a JP2 file (the 'jp2c' box), or 0 when `data` is no JP2 file.
Result<size_t> jp2CodestreamOffset(const uint8_t* data, size_t size) {
  static const uint8_t signature[12] = {0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', 0x0D, 0x0A, 0x87, 0x0A};
  if (size < 12 ||
      std::char_traits<char>::compare(reinterpret_cast<const char*>(data),
                                      reinterpret_cast<const char*>(signature), 12) != 0)
    return size_t(0);
  size_t pos = 0;
  while (pos + 8 <= size) {
    uint64_t length = be32(data + pos);
    const uint32_t type = be32(data + pos + 4);
    size_t header = 8;
    if (length == 1) {
      if (pos + 16 > size) break;
      length = uint64_t(be32(data + pos + 8)) << 32 | be32(data + pos + 12);
      header = 16;
    }
    if (type == 0x6A703263) return pos + header;  // 'jp2c'
    if (length == 0 || length < header || length > size - pos) break;
    pos += size_t(length);
  }
  return makeError(ErrorCode::Malformed, "JP2 data without a codestream box (jp2c)");
}

Status readSiz(const uint8_t* p, size_t length, J2kHeader& h) {
  // Lsiz Rsiz Xsiz Ysiz XOsiz YOsiz XTsiz YTsiz XTOsiz YTOsiz Csiz (A.5.1)
  if (length < 38)
    return makeError(ErrorCode::Malformed, "JPEG 2000 SIZ marker segment is too short");
  const uint32_t xsiz = be32(p + 4), ysiz = be32(p + 8), xo = be32(p + 12), yo = be32(p + 16);
  const uint32_t xt = be32(p + 20), yt = be32(p + 24), xto = be32(p + 28), yto = be32(p + 32);
  const uint16_t csiz = be16(p + 36);
  if (xsiz <= xo || ysiz <= yo || xt == 0 || yt == 0 || xto > xo || yto > yo ||
      uint64_t(xto) + xt <= xo || uint64_t(yto) + yt <= yo || csiz == 0 ||
      length < 38 + 3 * size_t(csiz))
    return makeError(ErrorCode::Malformed, "JPEG 2000 SIZ marker segment is inconsistent");
  h.width = xsiz - xo;
  h.height = ysiz - yo;
  const uint64_t across = (uint64_t(xsiz) - xto + xt - 1) / xt,
                 down = (uint64_t(ysiz) - yto + yt - 1) / yt;
  h.tiles = across * down;
  h.components.resize(csiz);
  for (uint16_t c = 0; c < csiz; ++c) {
    const uint8_t* s = p + 38 + 3 * c;
    h.components[c] = {uint8_t((s[0] & 0x7F) + 1), (s[0] & 0x80) != 0, s[1], s[2]};
  }
  return {};
}

}  // namespace

bool endsWithEoc(const uint8_t* data, size_t size) {
  size_t end = size;
  while (end > 2 && size - end < 8 && data[end - 1] == 0) --end;
  return end >= 2 && data[end - 2] == 0xFF && data[end - 1] == 0xD9;
}

bool startsJ2kCodestream(const uint8_t* data, size_t size) {
  if (size >= 4 && be16(data) == kSoc && be16(data + 2) == kSiz) return true;
  return size >= 12 && be32(data) == 0x0C && be32(data + 4) == 0x6A502020;  // JP2 signature box
}

Result<J2kHeader> readJ2kHeader(const uint8_t* data, size_t size) {
  auto jp2 = jp2CodestreamOffset(data, size);
  if (!jp2) return jp2.error();
  J2kHeader h;
  h.codestreamOffset = *jp2;
  const uint8_t* p = data + h.codestreamOffset;
  const size_t n = size - h.codestreamOffset;
  if (n < 4 || be16(p) != kSoc || be16(p + 2) != kSiz)
    return makeError(ErrorCode::Malformed,
                     "the data is not a JPEG 2000 codestream (no SOC and SIZ markers)");
  bool haveSiz = false;
  size_t pos = 2;
  // Marker segments up to the first tile-part (SOT): SIZ, CAP, COD and the ones we skip.
  while (pos + 4 <= n) {
    const uint16_t marker = be16(p + pos);
    if (marker == kSot) break;
    if ((marker >> 8) != 0xFF)
      return makeError(ErrorCode::Malformed, "JPEG 2000 main header is damaged");
    const uint16_t length = be16(p + pos + 2);
    if (length < 2 || pos + 2 + length > n) break;  // runs past what we were given: enough read
    const uint8_t* seg = p + pos + 2;
    if (marker == kSiz) {
      if (Status s = readSiz(seg, length, h); !s) return s.error();
      haveSiz = true;
    } else if (marker == kCap && length >= 6) {
      h.highThroughput = (be32(seg + 2) & kPcapPart15) != 0;
    } else if (marker == kCod && length >= 12) {
      // Lcod Scod | progression layers(2) MCT | levels cbw cbh cbstyle transform (A.6.1)
      h.colourTransform = seg[6] != 0;
      h.reversible = seg[11] == 1;
      if (seg[10] & kHtCodeBlocks) h.highThroughput = true;
    } else if (marker == kCoc && length >= 9) {
      if (seg[h.components.size() < 257 ? 7 : 8] & kHtCodeBlocks) h.highThroughput = true;
    }
    pos += 2 + length;
  }
  // Tile-part headers may switch HT code-blocks on too (COD/COC before SOD, A.4.2): look at each
  // tile-part header in the data we were given, so that no HT code-block reaches a decoder that
  // is not meant for it.
  for (size_t parts = 0; pos + 14 <= n && be16(p + pos) == kSot && parts < 4096; ++parts) {
    const uint32_t psot = be32(p + pos + 6);
    size_t q = pos + 12;
    while (q + 4 <= n && be16(p + q) != kSod && (be16(p + q) >> 8) == 0xFF) {
      const uint16_t m = be16(p + q), len = be16(p + q + 2);
      if (len < 2 || q + 2 + len > n) break;
      const uint8_t* seg = p + q + 2;
      if (m == kCod && len >= 12 && (seg[10] & kHtCodeBlocks)) h.highThroughput = true;
      if (m == kCoc && len >= 9 && (seg[h.components.size() < 257 ? 7 : 8] & kHtCodeBlocks))
        h.highThroughput = true;
      q += 2 + len;
    }
    if (psot == 0) break;  // the last tile-part runs to EOC
    pos += psot;
  }
  if (!haveSiz) return makeError(ErrorCode::Malformed, "JPEG 2000 SIZ marker segment is damaged");
  if (h.tiles > 65535)  // Isot is 16 bits (A.4.2): such a SIZ is damaged
    return makeError(ErrorCode::Malformed, "JPEG 2000 SIZ marker segment is damaged (" +
                                               std::to_string(h.tiles) +
                                               " tiles; the standard allows 65535)");
  if (h.tiles > kMaxTiles)
    return makeError(ErrorCode::Unsupported, "JPEG 2000 codestream has " + std::to_string(h.tiles) +
                                                 " tiles (at most " + std::to_string(kMaxTiles) +
                                                 " are accepted)");
  return h;
}

Status checkJ2kFitsFrame(const J2kHeader& h, const PixelDescription& d) {
  if (h.width != d.columns || h.height != d.rows)
    return makeError(ErrorCode::Malformed,
                     "the JPEG 2000 codestream holds " + std::to_string(h.width) + "x" +
                         std::to_string(h.height) +
                         " pixels but Columns/Rows (0028,0011/0010) say " +
                         std::to_string(d.columns) + "x" + std::to_string(d.rows));
  if (h.components.size() != d.samplesPerPixel)
    return makeError(ErrorCode::Malformed, "the JPEG 2000 codestream has " +
                                               std::to_string(h.components.size()) +
                                               " components but Samples per Pixel (0028,0002) is " +
                                               std::to_string(d.samplesPerPixel));
  for (const J2kComponent& c : h.components) {
    if (c.dx != 1 || c.dy != 1)
      return makeError(ErrorCode::Unsupported,
                       "JPEG 2000 components with sub-sampling are not supported");
    if (c.precision > d.bitsAllocated || c.precision > 16)
      return makeError(ErrorCode::Malformed, "the JPEG 2000 codestream has " +
                                                 std::to_string(c.precision) +
                                                 "-bit samples but Bits Allocated (0028,0100) is " +
                                                 std::to_string(d.bitsAllocated));
  }
  return {};
}

}  // namespace fv::dicom
