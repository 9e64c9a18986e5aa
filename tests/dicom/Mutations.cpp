#include "Mutations.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <set>

namespace fv::test {
namespace {

using Bytes = std::vector<char>;

const std::set<std::string> kLongVr = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"};
const std::set<std::string> kShortVr = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO",
                                        "LT", "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL", "US"};

uint8_t at(const Bytes& b, size_t i) { return uint8_t(b[i]); }
void put16(Bytes& b, size_t i, uint16_t v) { b[i] = char(v & 0xFF), b[i + 1] = char(v >> 8); }
void put32(Bytes& b, size_t i, uint32_t v) { put16(b, i, uint16_t(v & 0xFFFF)), put16(b, i + 2, uint16_t(v >> 16)); }
uint16_t get16(const Bytes& b, size_t i) { return uint16_t(at(b, i) | at(b, i + 1) << 8); }

// Offsets where an explicit-VR little-endian element header with a VR from `vrs` seems to start.
std::vector<size_t> headerSites(const Bytes& b, const std::set<std::string>& vrs, bool longForm) {
  std::vector<size_t> sites;
  for (size_t i = 132; i + 12 <= b.size(); ++i) {
    if (at(b, i) % 2 != 0 && at(b, i + 1) == 0) continue;  // odd groups are private: still fine, skip noise
    const std::string vr{b[i + 4], b[i + 5]};
    if (!vrs.count(vr)) continue;
    if (longForm && (at(b, i + 6) != 0 || at(b, i + 7) != 0)) continue;
    sites.push_back(i);
    i += 7;
  }
  return sites;
}

// At most `n` of `sites`, spread from first to last.
std::vector<size_t> spread(const std::vector<size_t>& sites, size_t n) {
  if (sites.size() <= n) return sites;
  std::vector<size_t> out;
  for (size_t k = 0; k < n; ++k) out.push_back(sites[k * (sites.size() - 1) / (n - 1)]);
  return out;
}

// Offsets of a little-endian tag (group, element).
std::vector<size_t> tagSites(const Bytes& b, uint16_t group, uint16_t element) {
  std::vector<size_t> out;
  for (size_t i = 0; i + 10 <= b.size(); ++i)
    if (get16(b, i) == group && get16(b, i + 2) == element) out.push_back(i);
  return out;
}

std::string hex(size_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%zx", v);
  return buf;
}

void truncations(const Bytes& b, std::vector<Mutation>& out) {
  std::set<size_t> cuts = {132, 200};
  for (size_t k = 1; k <= 10; ++k) cuts.insert(b.size() * k / 11);
  const auto pixels = tagSites(b, 0x7FE0, 0x0010);
  if (!pixels.empty())
    for (size_t d : {2, 6, 10, 12, 13, 100, 1000, 4097}) cuts.insert(pixels.back() + d);
  for (size_t c : cuts)
    if (c > 0 && c < b.size()) out.push_back({"truncated at " + hex(c), Bytes(b.begin(), b.begin() + long(c))});
}

void lengths(const Bytes& b, std::vector<Mutation>& out) {
  for (size_t s : spread(headerSites(b, kLongVr, true), 4)) {
    Bytes m = b;
    put32(m, s + 8, 0xFFFFFFF0u);
    out.push_back({"4-byte length at " + hex(s) + " -> 0xFFFFFFF0", std::move(m)});
  }
  for (size_t s : spread(headerSites(b, kShortVr, false), 4)) {
    Bytes huge = b;
    put16(huge, s + 6, 0xFFFF);
    out.push_back({"2-byte length at " + hex(s) + " -> 0xFFFF", std::move(huge)});
    if (get16(b, s + 6) % 2 == 0) {
      Bytes odd = b;
      put16(odd, s + 6, uint16_t(get16(b, s + 6) + 1));
      out.push_back({"odd length at " + hex(s), std::move(odd)});
    }
  }
}

void dimensions(const Bytes& b, std::vector<Mutation>& out) {
  // US values (explicit and implicit VR both put a 2-byte value at tag + 8).
  const struct { uint16_t element; uint16_t value; const char* what; } us[] = {
      {0x0010, 0xFFFF, "Rows 65535"}, {0x0011, 0xFFFF, "Columns 65535"}, {0x0002, 0xFFFF, "Samples per Pixel 65535"},
      {0x0100, 64, "Bits Allocated 64"}, {0x0101, 0, "Bits Stored 0"}, {0x0011, 0, "Columns 0"}};
  for (const auto& u : us) {
    const auto sites = tagSites(b, 0x0028, u.element);
    if (sites.empty()) continue;
    Bytes m = b;
    put16(m, sites.front() + 8, u.value);
    out.push_back({u.what, std::move(m)});
  }
  const auto frames = tagSites(b, 0x0028, 0x0008);  // Number of Frames, IS: digits kept in place
  if (!frames.empty()) {
    const size_t p = frames.front();
    const bool explicitVr = b[p + 4] == 'I' && b[p + 5] == 'S';
    const size_t len = explicitVr ? get16(b, p + 6) : get16(b, p + 4);
    if (len > 0 && p + 8 + len <= b.size()) {
      Bytes m = b;
      std::fill(m.begin() + long(p + 8), m.begin() + long(p + 8 + len), '9');
      out.push_back({"Number of Frames all nines", std::move(m)});
    }
  }
}

void transferSyntaxes(const Bytes& b, std::vector<Mutation>& out) {
  const auto sites = tagSites(b, 0x0002, 0x0010);
  if (sites.empty() || b[sites.front() + 4] != 'U' || b[sites.front() + 5] != 'I') return;
  const size_t p = sites.front(), len = get16(b, p + 6);
  if (p + 8 + len > b.size()) return;
  const std::string current(b.begin() + long(p + 8), b.begin() + long(p + 8 + len));
  for (std::string uid : {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.5",
                          "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.70",
                          "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.90"}) {
    if (uid.size() % 2) uid += '\0';
    if (current.compare(0, uid.size(), uid) == 0) continue;
    Bytes m(b.begin(), b.begin() + long(p + 6));  // the meta group length is now wrong, too
    m.push_back(char(uid.size())), m.push_back(0);
    m.insert(m.end(), uid.begin(), uid.end());
    m.insert(m.end(), b.begin() + long(p + 8 + len), b.end());
    out.push_back({"transfer syntax -> " + std::string(uid.c_str()), std::move(m)});
  }
}

}  // namespace

std::vector<Mutation> mutationsOf(const Bytes& original) {
  std::vector<Mutation> out;
  truncations(original, out);
  lengths(original, out);
  dimensions(original, out);
  transferSyntaxes(original, out);
  Bytes garbage = original;
  std::mt19937 rng(12345);
  for (int i = 0; i < 65536; ++i) garbage.push_back(char(rng() & 0xFF));
  out.push_back({"64 KiB of garbage appended", std::move(garbage)});
  return out;
}

Bytes deeplyNestedFile(int depth) {
  Bytes b(128, '\0');
  for (char c : std::string("DICM")) b.push_back(c);
  auto element = [&b](uint16_t g, uint16_t e, const char* vr, const std::string& value) {
    b.push_back(char(g & 0xFF)), b.push_back(char(g >> 8)), b.push_back(char(e & 0xFF)), b.push_back(char(e >> 8));
    b.push_back(vr[0]), b.push_back(vr[1]);
    b.push_back(char(value.size() & 0xFF)), b.push_back(char(value.size() >> 8));
    b.insert(b.end(), value.begin(), value.end());
  };
  auto raw = [&b](uint16_t g, uint16_t e, const char* vr, uint32_t length) {
    Bytes h(vr ? 12 : 8, '\0');
    put16(h, 0, g), put16(h, 2, e);
    if (vr) h[4] = vr[0], h[5] = vr[1], put32(h, 8, length);
    else put32(h, 4, length);
    b.insert(b.end(), h.begin(), h.end());
  };
  element(0x0002, 0x0010, "UI", std::string("1.2.840.10008.1.2.1") + '\0');
  element(0x0008, 0x0016, "UI", std::string("1.2.840.10008.5.1.4.1.1.7") + '\0');
  element(0x0008, 0x0018, "UI", "1.2.3.4.5.6.7.8");
  element(0x0010, 0x0010, "PN", "Nested^Deep ");
  for (int d = 0; d < depth; ++d) {
    raw(0x0040, 0xA730, "SQ", 0xFFFFFFFFu);  // Content Sequence, undefined length
    raw(0xFFFE, 0xE000, nullptr, 0xFFFFFFFFu);
  }
  for (int d = 0; d < depth; ++d) {
    raw(0xFFFE, 0xE00D, nullptr, 0);
    raw(0xFFFE, 0xE0DD, nullptr, 0);
  }
  return b;
}

}  // namespace fv::test
