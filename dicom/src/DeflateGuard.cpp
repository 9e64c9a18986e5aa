#include "DeflateGuard.h"

#include <array>
#include <cstring>
#include <fstream>
#include <vector>

#include <zlib.h>

namespace fv::dicom {
namespace {

uint16_t u16(const uint8_t* p) { return uint16_t(p[0] | p[1] << 8); }
uint32_t u32(const uint8_t* p) { return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24; }

// Explicit VR with a 2-byte reserved field and a 4-byte length (PS3.5 7.1.2); DCMTK reads
// unknown VRs the same way.
bool longLength(const uint8_t* vr) {
  static const char* const shortVrs[] = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO",
                                         "LT", "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL", "US"};
  for (const char* s : shortVrs)
    if (vr[0] == s[0] && vr[1] == s[1]) return false;
  return true;
}

// The raw deflate stream after the meta header, inflated on demand into a small window.
class Inflater {
 public:
  Inflater(std::ifstream& in) : m_in(in) {
    std::memset(&m_z, 0, sizeof m_z);
    m_ok = inflateInit2(&m_z, -MAX_WBITS) == Z_OK;  // raw deflate, no zlib header (PS3.5 A.5)
  }
  ~Inflater() { inflateEnd(&m_z); }
  bool ok() const { return m_ok; }
  uint64_t produced() const { return m_total; }
  bool tooLarge() const { return m_total > kMaxInflatedBytes; }

  // Reads exactly n bytes (n <= 16); false at the end of the data.
  bool read(uint8_t* dst, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      if (m_pos == m_len && !refill()) return false;
      dst[i] = m_out[m_pos++];
    }
    return true;
  }
  // Skips n bytes; false if the data ends first.
  bool skip(uint64_t n) {
    while (n > 0) {
      if (m_pos == m_len && !refill()) return false;
      const uint64_t step = std::min<uint64_t>(n, m_len - m_pos);
      m_pos += size_t(step);
      n -= step;
    }
    return true;
  }

 private:
  bool refill() {
    if (m_end || tooLarge()) return false;
    m_z.next_out = m_out.data();
    m_z.avail_out = uInt(m_out.size());
    while (m_z.avail_out == m_out.size()) {
      if (m_z.avail_in == 0) {
        m_in.read(reinterpret_cast<char*>(m_inBuf.data()), std::streamsize(m_inBuf.size()));
        m_z.next_in = m_inBuf.data();
        m_z.avail_in = uInt(m_in.gcount());
        if (m_z.avail_in == 0) break;  // compressed data ends (truncated stream)
      }
      const int rc = inflate(&m_z, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        m_end = true;
        break;
      }
      if (rc != Z_OK && rc != Z_BUF_ERROR) {  // corrupt stream: DCMTK will say so
        m_end = true;
        break;
      }
    }
    m_len = m_out.size() - m_z.avail_out;
    m_pos = 0;
    m_total += m_len;
    if (m_len == 0) m_end = true;
    return m_len > 0;
  }

  std::ifstream& m_in;
  z_stream m_z;
  bool m_ok = false, m_end = false;
  std::array<uint8_t, 1 << 16> m_out{};
  std::array<uint8_t, 1 << 16> m_inBuf{};
  size_t m_pos = 0, m_len = 0;
  uint64_t m_total = 0;
};

// Reads the meta group (explicit VR little endian): the transfer syntax and where the dataset starts.
bool readMeta(std::ifstream& in, std::string& transferSyntax, std::streamoff& datasetStart) {
  in.seekg(132);
  std::streamoff groupEnd = -1;
  while (true) {
    const std::streamoff at = in.tellg();
    if (groupEnd >= 0 && at >= groupEnd) break;
    uint8_t h[12];
    if (!in.read(reinterpret_cast<char*>(h), 8)) return false;
    if (u16(h) != 0x0002) break;
    uint32_t length = u16(h + 6);
    if (longLength(h + 4)) {
      if (!in.read(reinterpret_cast<char*>(h + 8), 4)) return false;
      length = u32(h + 8);
    }
    if (length > (1u << 20)) return false;  // a meta element of a megabyte: not ours to judge
    std::string value(length, '\0');
    if (!in.read(value.data(), length)) return false;
    const uint16_t element = u16(h + 2);
    if (element == 0x0000 && length == 4) groupEnd = in.tellg() + std::streamoff(u32(reinterpret_cast<const uint8_t*>(value.data())));
    if (element == 0x0010) transferSyntax = value.substr(0, value.find_last_not_of(std::string("\0 ", 2)) + 1);
    datasetStart = in.tellg();
  }
  if (groupEnd >= 0) datasetStart = groupEnd;
  return true;
}

std::string tagText(uint16_t g, uint16_t e) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "(%04X,%04X)", g, e);
  return buf;
}

}  // namespace

Status checkDeflatedLengths(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  if (!in || !in.seekg(128) || !in.read(magic, 4) || std::memcmp(magic, "DICM", 4) != 0) return {};
  std::string ts;
  std::streamoff start = 0;
  if (!readMeta(in, ts, start) || ts != kDeflatedTransferSyntax) return {};
  in.clear();
  in.seekg(start);
  Inflater z(in);
  if (!z.ok()) return {};
  while (true) {
    uint8_t h[12];
    if (!z.read(h, 4)) break;  // end of data (a cut inside a header DCMTK reports itself)
    const uint16_t group = u16(h), element = u16(h + 2);
    uint32_t length = 0;
    bool container = false;
    if (group == 0xFFFE) {  // item and delimiters: no VR (PS3.5 7.5)
      if (!z.read(h + 4, 4)) break;
      length = u32(h + 4);
      container = true;  // an item's content is parsed as elements
    } else {
      if (!z.read(h + 4, 4)) break;
      const bool sq = h[4] == 'S' && h[5] == 'Q', un = h[4] == 'U' && h[5] == 'N';
      length = u16(h + 6);
      if (longLength(h + 4)) {
        if (!z.read(h + 8, 4)) break;
        length = u32(h + 8);
      }
      container = sq || (un && length == 0xFFFFFFFFu);
      if (length == 0xFFFFFFFFu && !container)
        return makeError(ErrorCode::Malformed,
                         "undefined length for " + tagText(group, element) +
                             " in a deflated dataset (encapsulated data is not allowed there, PS3.5 A.5)",
                         path);
    }
    if (container) continue;
    if (!z.skip(length)) {
      if (z.tooLarge()) break;
      return makeError(ErrorCode::Truncated,
                       "element " + tagText(group, element) + " claims " + std::to_string(length) +
                           " bytes but the deflated dataset ends after " + std::to_string(z.produced()) + " bytes",
                       path);
    }
  }
  if (z.tooLarge())
    return makeError(ErrorCode::TooLarge,
                     "deflated dataset inflates to more than " + std::to_string(kMaxInflatedBytes >> 20) + " MiB", path);
  return {};
}

}  // namespace fv::dicom
