// UTF-8 repair, JSON strings, Person Name display and the character-set decoder on its own.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "CharsetDecoder.h"
#include "TestData.h"
#include "fv/dicom/Json.h"
#include "fv/dicom/PersonName.h"
#include "fv/dicom/Utf8.h"

using namespace fv::dicom;

namespace {
const std::string kFffd = "\uFFFD";
}  // namespace

TEST(Utf8, ValidTextPassesUnchanged) {
  for (const std::string s :
       {"", "Buc^Jérôme", "Διονυσιος", "山田^太郎", "\U0001F600 emoji", "\uFFFD"}) {
    EXPECT_TRUE(isValidUtf8(s)) << s;
    EXPECT_EQ(sanitizeUtf8(s), s);
  }
}

TEST(Utf8, IllFormedSequencesBecomeOneReplacementPerMaximalSubpart) {
  // Unicode §3.9 / WHATWG: the same results as Python's bytes.decode('utf-8', 'replace').
  const std::pair<std::string, std::string> cases[] = {
      {"J\xE9r\xF4me", "J" + kFffd + "r" + kFffd + "me"},   // Latin-1 bytes
      {"\xC0\x80", kFffd + kFffd},                          // overlong NUL
      {"\xE0\x80\x80", kFffd + kFffd + kFffd},              // overlong, E0 needs A0..BF next
      {"\xED\xA0\x80", kFffd + kFffd + kFffd},              // a surrogate
      {"\xF4\x90\x80\x80", kFffd + kFffd + kFffd + kFffd},  // above U+10FFFF
      {"\xE2\x82", kFffd},                                  // truncated €
      {"\xE2\x82x", kFffd + "x"},                           // truncated, then ASCII
      {"\x80\xBF", kFffd + kFffd},                          // lone continuation bytes
      {"\xF5\xFF", kFffd + kFffd},                          // bytes never used
  };
  for (const auto& [in, out] : cases) {
    EXPECT_FALSE(isValidUtf8(in));
    EXPECT_EQ(sanitizeUtf8(in), out);
    EXPECT_TRUE(isValidUtf8(sanitizeUtf8(in)));
  }
}

TEST(Utf8, DecodesAndEncodesCodePoints) {
  EXPECT_EQ(decodeUtf8("aé日\U0001F600"), (std::u32string{U'a', U'é', U'日', U'\U0001F600'}));
  std::string s;
  for (char32_t cp : {U'a', U'é', U'日', U'\U0001F600'}) appendUtf8(s, cp);
  EXPECT_EQ(s, "aé日\U0001F600");
  s.clear();
  appendUtf8(s, char32_t(0xD800));
  appendUtf8(s, char32_t(0x110000));
  EXPECT_EQ(s, kFffd + kFffd);
}

TEST(Json, StringsAreValidUtf8WithControlCharactersEscaped) {
  const Json j = Json::object()
                     .set("name", "Buc^J\xE9r\xF4me")  // Latin-1 bytes that reached the writer
                     .set("ok", "Jérôme \"q\" \\")
                     .set("control", std::string("a\x01\x1B\nb\0c", 7))
                     .set("J\xFF", 1);
  const std::string out = j.dump(-1);
  EXPECT_TRUE(isValidUtf8(out)) << out;
  EXPECT_EQ(out,
            "{\"name\":\"Buc^J\uFFFDr\uFFFDme\",\"ok\":\"Jérôme \\\"q\\\" \\\\\","
            "\"control\":\"a\\u0001\\u001b\\nb\\u0000c\",\"J\uFFFD\":1}");
}

TEST(Json, ARandomByteSoupStillGivesValidJson) {
  std::string bytes;
  uint32_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 1103515245u + 12345u;
    bytes += char(x >> 16);
  }
  const std::string out = Json::object().set("v", bytes).dump();
  EXPECT_TRUE(isValidUtf8(out));
  if (!fv::test::haveTool("/usr/bin/python3")) return;
  const std::string path = fv::test::tempDir("json-soup") + "/soup.json";
  std::ofstream(path, std::ios::binary) << out;
  std::string log;
  EXPECT_EQ(fv::test::run("/usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1], "
                          "encoding=\"utf-8\"))' " +
                              fv::test::q(path),
                          &log),
            0)
      << log;
}

TEST(PersonName, FamilyCommaGivenWithPrefixAndSuffixInReadingOrder) {
  EXPECT_EQ(formatPersonName("Buc^Jérôme"), "Buc, Jérôme");
  EXPECT_EQ(formatPersonName("Doe^Jane^Marie^^"), "Doe, Jane Marie");
  EXPECT_EQ(formatPersonName("Doe^Jane^Marie^Dr^Jr"), "Doe, Dr Jane Marie Jr");
  EXPECT_EQ(formatPersonName("Äneas^Rüdiger"), "Äneas, Rüdiger");
  EXPECT_EQ(formatPersonName("Διονυσιος"), "Διονυσιος");
  EXPECT_EQ(formatPersonName(" Buc ^  Jean  Paul "), "Buc, Jean Paul");
  EXPECT_EQ(formatPersonName("^Jérôme"), "Jérôme");
  EXPECT_EQ(formatPersonName("^^^^"), "");
  EXPECT_EQ(formatPersonName(""), "");
}

TEST(PersonName, ShowsTheAlphabeticGroupElseTheIdeographicOne) {
  EXPECT_EQ(formatPersonName("Yamada^Tarou=山田^太郎=やまだ^たろう"), "Yamada, Tarou");
  EXPECT_EQ(formatPersonName("Wang^XiaoDong=王^小東="), "Wang, XiaoDong");
  EXPECT_EQ(formatPersonName("=山田^太郎=やまだ^たろう"), "山田, 太郎");
  EXPECT_EQ(formatPersonName("^^=김희중"), "김희중");
  EXPECT_EQ(formatPersonName("==やまだ^たろう"), "やまだ, たろう");  // phonetic as a last resort
}

TEST(CharsetDecoder, TheTolerantDecoderAgreesWithDcmtkWhereDcmtkDecodes) {
  // Values of pydicom's charset files and PS3.5 Annex examples, raw bytes.
  const struct {
    const char* charset;
    std::string raw;
  } cases[] = {
      {"ISO_IR 100", "Buc^J\xE9r\xF4me"},
      {"ISO_IR 126", "\xC4\xE9\xEF\xED\xF5\xF3\xE9\xEF\xF2"},
      {"ISO_IR 138", "\xF9\xF8\xE5\xEF^\xE3\xE1\xE5\xF8\xE4"},
      {"ISO_IR 127", "\xE2\xC8\xC7\xE6\xEA^\xE4\xE6\xD2\xC7\xD1"},
      {"ISO_IR 144",
       "\xBB\xEE\xDA"
       "ce\xDC\xD1yp\xD3"},
      {"GB18030", "Wang^XiaoDong=\xCD\xF5^\xD0\xA1\xB6\xAB="},
      {"\\ISO 2022 IR 149",
       "Hong^Gildong=\x1B$)C\xFB\xF3^\x1B$)C\xD1\xCE\xD4\xD7=\x1B$)C\xC8\xAB^\x1B$)"
       "C\xB1\xE6\xB5\xBF"},
      {"ISO 2022 IR 100\\ISO 2022 IR 126", "Buc^J\xE9r\xF4me=\x1B-F\xC4\xE9\xEF"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.charset);
    CharsetDecoder decoder(c.charset);
    EXPECT_TRUE(decoder.known());
    const auto dcmtk = decoder.decode(c.raw, "\\^=");
    const auto ours = decoder.decodeTolerant(c.raw, "\\^=");
    EXPECT_FALSE(dcmtk.replaced);
    EXPECT_FALSE(ours.replaced);
    EXPECT_EQ(ours.text, dcmtk.text);
    EXPECT_TRUE(isValidUtf8(ours.text));
  }
  EXPECT_EQ(CharsetDecoder("\\ISO 2022 IR 149")
                .decode("Hong^Gildong=\x1B$)C\xFB\xF3^\x1B$)C\xD1\xCE\xD4\xD7", "\\^=")
                .text,
            "Hong^Gildong=洪^吉洞");
}

TEST(CharsetDecoder, JisDelimitersInsideDoubleByteTextAreNotDelimiters) {
  // In JIS X 0208 the bytes of '^' (0x5E) and '=' (0x3D) occur inside characters: "や" is 0x24
  // 0x64, "ま" 0x24 0x5E. They switch back to the initial set only when G0 is ASCII
  // (PS3.5 6.1.2.5.3).
  CharsetDecoder decoder("\\ISO 2022 IR 87");
  const auto d = decoder.decode("=\x1B$B$d$^$@\x1B(B^\x1B$B$?$m$&\x1B(B", "\\^=");
  EXPECT_FALSE(d.replaced);
  EXPECT_EQ(d.text, "=やまだ^たろう");
}

TEST(CharsetDecoder, ThreadDecodersAreReusedPerCharacterSet) {
  CharsetDecoder& a = CharsetDecoder::forThread("ISO_IR 100");
  CharsetDecoder& b = CharsetDecoder::forThread(" ISO_IR 100 ");
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &CharsetDecoder::forThread("ISO_IR 126"));
  EXPECT_EQ(CharsetDecoder::forThread("ISO_IR 100").decode("\xE9", "").text, "é");
}

TEST(CharsetDecoder, RandomBytesInEveryCharacterSetGiveValidUtf8) {
  // Byte soup with escape sequences, delimiters and high bytes mixed in, through both decoders.
  const char* charsets[] = {"",
                            "ISO_IR 100",
                            "ISO_IR 126",
                            "ISO_IR 13",
                            "ISO_IR 166",
                            "ISO_IR 192",
                            "GB18030",
                            "GBK",
                            "ISO 2022 IR 100",
                            "\\ISO 2022 IR 87\\ISO 2022 IR 159",
                            "ISO 2022 IR 13\\ISO 2022 IR 87",
                            "\\ISO 2022 IR 149",
                            "\\ISO 2022 IR 58",
                            "ISO 2022 IR 6\\ISO 2022 IR 100\\ISO 2022 IR 126",
                            "NOT A CHARSET"};
  const char pieces[][5] = {"\x1B$B",  "\x1B(B", "\x1B(J", "\x1B$)C", "\x1B$)A", "\x1B-F", "\x1B)I",
                            "\x1B$(D", "^",      "=",      "\\",      "\r\n",    "\x1B",   "$"};
  uint32_t x = 2024;
  auto next = [&x] { return x = x * 1664525u + 1013904223u; };
  for (const char* charset : charsets) {
    SCOPED_TRACE(charset);
    CharsetDecoder decoder(charset);
    for (int round = 0; round < 300; ++round) {
      std::string raw;
      const int n = int(next() % 40);
      for (int i = 0; i < n; ++i) {
        const uint32_t r = next();
        if (r % 5 == 0)
          raw += pieces[(r >> 8) % std::size(pieces)];
        else
          raw += char(r >> 16);
      }
      const auto d = decoder.decode(raw, "\\^=");
      const auto t = decoder.decodeTolerant(raw, "\\^=");
      ASSERT_TRUE(isValidUtf8(d.text)) << round;
      ASSERT_TRUE(isValidUtf8(t.text)) << round;
      if (isPlainAscii(raw)) {
        EXPECT_FALSE(t.replaced);
      }
    }
  }
}
