#include "StructureGuard.h"

#include <array>
#include <cstring>
#include <fstream>
#include <vector>

#include <zlib.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctag.h>

namespace fv::dicom {
namespace {

constexpr uint32_t kUndefined = 0xFFFFFFFFu;

// Explicit VRs with a 2-byte length (PS3.5 7.1.2). Other VRs have a 2-byte reserved field and a
// 4-byte length — as DCMTK reads an unknown VR of two capital letters; an unknown VR of other
// bytes DCMTK reads with a 2-byte length (its EVR_UNKNOWN2B), and so do we.
bool shortLength(const uint8_t* vr) {
  static const char* const vrs[] = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO",
                                    "LT", "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL", "US"};
  for (const char* s : vrs)
    if (vr[0] == s[0] && vr[1] == s[1]) return true;
  return !(vr[0] >= 'A' && vr[0] <= 'Z' && vr[1] >= 'A' && vr[1] <= 'Z');
}

std::string tagText(uint16_t g, uint16_t e) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "(%04X,%04X)", g, e);
  return buf;
}

// Sequential bytes of the dataset: read, skip, position.
class Source {
 public:
  virtual ~Source() = default;
  virtual bool read(uint8_t* dst, size_t n) = 0;  // false at the end of the data
  virtual bool skip(uint64_t n) = 0;               // false if the data ends first
  virtual uint64_t position() const = 0;
};

class FileSource final : public Source {
 public:
  FileSource(std::istream& in, uint64_t start, uint64_t size) : m_in(in), m_pos(start), m_size(size) {
    m_in.seekg(std::streamoff(start));
  }
  bool read(uint8_t* dst, size_t n) override {
    if (!m_in.read(reinterpret_cast<char*>(dst), std::streamsize(n))) return false;
    m_pos += n;
    return true;
  }
  bool skip(uint64_t n) override {
    if (n > m_size - m_pos) return false;
    m_pos += n;
    return bool(m_in.seekg(std::streamoff(m_pos)));
  }
  uint64_t position() const override { return m_pos; }

 private:
  std::istream& m_in;
  uint64_t m_pos, m_size;
};

// The raw deflate stream after the meta header, inflated on demand through a small window.
class InflateSource final : public Source {
 public:
  InflateSource(std::istream& in, uint64_t start) : m_in(in) {
    m_in.seekg(std::streamoff(start));
    m_ok = inflateInit2(&m_z, -MAX_WBITS) == Z_OK;  // raw deflate, no zlib header (PS3.5 A.5)
  }
  ~InflateSource() override { inflateEnd(&m_z); }
  bool ok() const { return m_ok; }
  bool tooLarge() const { return m_total > kMaxInflatedBytes; }
  bool read(uint8_t* dst, size_t n) override {
    for (size_t i = 0; i < n; ++i) {
      if (m_at == m_len && !refill()) return false;
      dst[i] = m_out[m_at++];
    }
    return true;
  }
  bool skip(uint64_t n) override {
    while (n > 0) {
      if (m_at == m_len && !refill()) return false;
      const uint64_t step = std::min<uint64_t>(n, m_len - m_at);
      m_at += size_t(step);
      n -= step;
    }
    return true;
  }
  uint64_t position() const override { return m_total - (m_len - m_at); }

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
        if (m_z.avail_in == 0) break;  // the compressed data ends (a truncated stream)
      }
      const int rc = inflate(&m_z, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_BUF_ERROR) {  // the end, or a corrupt stream DCMTK will report
        m_end = true;
        break;
      }
    }
    m_len = m_out.size() - m_z.avail_out;
    m_at = 0;
    m_total += m_len;
    if (m_len == 0) m_end = true;
    return m_len > 0;
  }

  std::istream& m_in;
  z_stream m_z{};
  bool m_ok = false, m_end = false;
  std::array<uint8_t, 1 << 16> m_out{}, m_inBuf{};
  size_t m_at = 0, m_len = 0;
  uint64_t m_total = 0;
};

struct Encoding {
  bool explicitVr = true;
  bool bigEndian = false;
  bool deflated = false;
};

// The meta group (always explicit VR little endian, PS3.10 7.1): transfer syntax and where the
// dataset starts. Without a meta group, the encoding is guessed the way DCMTK does.
Encoding readMeta(std::istream& in, uint64_t fileSize, uint64_t& datasetStart) {
  uint8_t h[12] = {};
  char magic[4] = {};
  uint64_t pos = (in.seekg(128) && in.read(magic, 4) && std::memcmp(magic, "DICM", 4) == 0) ? 132 : 0;
  datasetStart = pos;
  std::string ts;
  bool sawTs = false;
  int64_t groupEnd = -1;
  while (pos + 8 <= fileSize && (groupEnd < 0 || int64_t(pos) < groupEnd)) {
    in.clear();
    in.seekg(std::streamoff(pos));
    if (!in.read(reinterpret_cast<char*>(h), 8)) break;
    // Like DCMTK: with a group length the meta header ends there, whatever tags it holds.
    if ((h[0] | h[1] << 8) != 0x0002 && groupEnd < 0) break;
    uint32_t length = uint32_t(h[6] | h[7] << 8), header = 8;
    if (!shortLength(h + 4)) {
      if (!in.read(reinterpret_cast<char*>(h + 8), 4)) break;
      length = uint32_t(h[8]) | uint32_t(h[9]) << 8 | uint32_t(h[10]) << 16 | uint32_t(h[11]) << 24;
      header = 12;
    }
    if (length > fileSize - pos - header) break;
    const uint16_t group = uint16_t(h[0] | h[1] << 8), element = uint16_t(h[2] | h[3] << 8);
    std::string value(std::min<uint32_t>(length, 256), '\0');
    in.read(value.data(), std::streamsize(value.size()));
    if (group == 0x0002 && element == 0x0000 && length == 4)
      groupEnd = int64_t(pos + header + 4) + int64_t(uint32_t(uint8_t(value[0])) | uint32_t(uint8_t(value[1])) << 8 |
                                                     uint32_t(uint8_t(value[2])) << 16 | uint32_t(uint8_t(value[3])) << 24);
    if (group == 0x0002 && element == 0x0010) {  // other groups' elements can sit in a bad meta
      // Of doubled elements DCMTK keeps the first ("found twice ... ignoring second entry"), and
      // so reads the dataset in that transfer syntax: a later copy must not hide an inflate stream.
      const std::string pad("\0 ", 2);
      const size_t first = value.find_first_not_of(pad);
      if (!sawTs && first != std::string::npos) ts = value.substr(first, value.find_last_not_of(pad) + 1 - first);
      sawTs = true;
    }
    pos += header + length;
    datasetStart = pos;
  }
  in.clear();
  Encoding enc;
  if (ts == "1.2.840.10008.1.2") enc.explicitVr = false;
  else if (ts == "1.2.840.10008.1.2.2") enc.bigEndian = true;
  else if (ts == kDeflatedTransferSyntax) enc.deflated = true;
  else if (ts.empty()) {  // no meta: explicit if a VR-like pair follows the first tag
    in.seekg(std::streamoff(datasetStart));
    enc.explicitVr = in.read(reinterpret_cast<char*>(h), 6) && std::isupper(h[4]) && std::isupper(h[5]);
    in.clear();
  }
  return enc;
}

// One open sequence or item: where it ends (defined length) and which it is.
struct Open {
  uint64_t end;  // UINT64_MAX: undefined length, closed by a delimiter
  bool sequence;
};

Status walk(Source& src, const Encoding& enc, const std::string& path) {
  auto u16 = [&](const uint8_t* p) { return enc.bigEndian ? uint16_t(p[0] << 8 | p[1]) : uint16_t(p[0] | p[1] << 8); };
  auto u32 = [&](const uint8_t* p) {
    return enc.bigEndian ? uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]
                         : uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
  };
  std::vector<Open> open;
  int depth = 0;  // open sequences
  auto pop = [&] {
    depth -= open.back().sequence ? 1 : 0;
    open.pop_back();
  };
  auto push = [&](uint32_t length, bool sequence, uint16_t g, uint16_t e) -> Status {
    open.push_back({length == kUndefined ? UINT64_MAX : src.position() + length, sequence});
    if (sequence && ++depth > kMaxSequenceDepth)
      return makeError(ErrorCode::Malformed,
                       "sequences nest deeper than " + std::to_string(kMaxSequenceDepth) + " levels at " + tagText(g, e),
                       path);
    return {};
  };
  uint8_t h[12];
  while (true) {
    while (!open.empty() && src.position() >= open.back().end) pop();
    if (!src.read(h, 4)) break;  // the end (a cut inside a header DCMTK reports itself)
    const uint16_t g = u16(h), e = u16(h + 2);
    if (g == 0xFFFE) {  // items and delimiters have no VR (PS3.5 7.5)
      if (!src.read(h + 4, 4)) break;
      if (e == 0xE000) {
        if (Status s = push(u32(h + 4), false, g, e); !s) return s;
      } else if (e == 0xE00D) {
        if (!open.empty() && !open.back().sequence) pop();
      } else if (e == 0xE0DD) {
        while (!open.empty() && !open.back().sequence) pop();
        if (!open.empty()) pop();
      }
      continue;
    }
    // DCMTK defers Pixel Data in a file (and stops parsing there), but an inflate stream cannot be
    // read later: there it allocates the claimed length at once, so deflated Pixel Data is checked.
    if (open.empty() && g == 0x7FE0 && e == 0x0010 && !enc.deflated) break;
    uint32_t length = 0;
    bool sequence = false;
    if (enc.explicitVr) {
      if (!src.read(h + 4, 4)) break;
      length = u16(h + 6);
      if (!shortLength(h + 4)) {
        if (!src.read(h + 8, 4)) break;
        length = u32(h + 8);
      }
      sequence = (h[4] == 'S' && h[5] == 'Q') || (h[4] == 'U' && h[5] == 'N' && length == kUndefined);
    } else {
      if (!src.read(h + 4, 4)) break;
      length = u32(h + 4);
      sequence = length == kUndefined || DcmTag(g, e).getEVR() == EVR_SQ;
    }
    if (sequence) {
      if (Status s = push(length, true, g, e); !s) return s;
      continue;
    }
    if (length == kUndefined) {
      if (!enc.deflated) break;  // encapsulated data inside a sequence: DCMTK's to judge
      return makeError(ErrorCode::Malformed,
                       "undefined length for " + tagText(g, e) +
                           " in a deflated dataset (encapsulated data is not allowed there, PS3.5 A.5)",
                       path);
    }
    if (!src.skip(length)) {
      if (!enc.deflated) break;  // a cut-off file: DCMTK keeps what precedes the cut
      return makeError(ErrorCode::Truncated,
                       "element " + tagText(g, e) + " claims " + std::to_string(length) +
                           " bytes but the deflated dataset ends after " + std::to_string(src.position()) + " bytes",
                       path);
    }
  }
  return {};
}

}  // namespace

namespace {

// A read-only, seekable stream over bytes in memory (a file read whole).
class MemoryBuffer : public std::streambuf {
 public:
  MemoryBuffer(const char* data, size_t size) {
    char* p = const_cast<char*>(data);
    setg(p, p, p + size);
  }

 protected:
  pos_type seekoff(off_type off, std::ios_base::seekdir dir, std::ios_base::openmode) override {
    const off_type base = dir == std::ios_base::beg ? 0
                          : dir == std::ios_base::cur ? gptr() - eback()
                                                      : egptr() - eback();
    return seekpos(pos_type(base + off), std::ios_base::in);
  }
  pos_type seekpos(pos_type pos, std::ios_base::openmode) override {
    if (off_type(pos) < 0 || off_type(pos) > egptr() - eback()) return pos_type(off_type(-1));
    setg(eback(), eback() + off_type(pos), egptr());
    return pos;
  }
};

Status checkStream(std::istream& in, const std::string& path) {
  in.seekg(0, std::ios::end);
  const uint64_t size = uint64_t(std::max<std::streamoff>(0, in.tellg()));
  in.seekg(0);
  uint64_t start = 0;
  const Encoding enc = readMeta(in, size, start);
  if (!enc.deflated) {
    FileSource src(in, start, size);
    return walk(src, enc, path);
  }
  InflateSource src(in, start);
  if (!src.ok()) return {};
  Status s = walk(src, enc, path);
  if (s && src.tooLarge())
    return makeError(ErrorCode::TooLarge,
                     "deflated dataset inflates to more than " + std::to_string(kMaxInflatedBytes >> 20) + " MiB", path);
  return s;
}

}  // namespace

Status checkStructure(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};  // opening errors are reported by the caller
  return checkStream(in, path);
}

Status checkStructure(const std::string& path, const uint8_t* data, size_t size) {
  MemoryBuffer buffer(reinterpret_cast<const char*>(data), size);
  std::istream in(&buffer);
  return checkStream(in, path);
}

}  // namespace fv::dicom
