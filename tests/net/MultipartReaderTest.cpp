#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "MultipartReader.h"

using fv::net::MultipartReader;

namespace {
std::vector<std::string> parse(const std::string& body, size_t chunk, bool* finished = nullptr) {
  std::vector<std::string> parts;
  MultipartReader r(
      "B0undary", [&](const std::string&) { parts.emplace_back(); return true; },
      [&](const char* d, size_t n) { parts.back().append(d, n); return true; }, [] { return true; });
  for (size_t i = 0; i < body.size(); i += chunk)
    EXPECT_TRUE(r.feed(body.data() + i, std::min(chunk, body.size() - i)));
  if (finished) *finished = r.finished();
  return parts;
}
}  // namespace

TEST(MultipartReader, PartsComeOutWholeWhateverTheChunkSize) {
  const std::string a = "first\r\n--B0undar not yet\r\n", b(70000, 'x');
  const std::string body = "preamble\r\n--B0undary\r\nContent-Type: application/dicom\r\n\r\n" + a +
                           "\r\n--B0undary\r\nContent-Type: application/dicom\r\n\r\n" + b +
                           "\r\n--B0undary--\r\nepilogue";
  for (size_t chunk : {1u, 2u, 7u, 13u, 4096u, 1000000u}) {
    bool finished = false;
    auto parts = parse(body, chunk, &finished);
    ASSERT_EQ(parts.size(), 2u) << chunk;
    EXPECT_EQ(parts[0], a) << chunk;
    EXPECT_EQ(parts[1], b) << chunk;
    EXPECT_TRUE(finished);
  }
}

TEST(MultipartReader, ATruncatedBodyIsSeenAsUnfinished) {
  bool finished = true;
  auto parts = parse("--B0undary\r\n\r\nhalf a fi", 3, &finished);
  EXPECT_EQ(parts.size(), 1u);
  EXPECT_FALSE(finished);
}
