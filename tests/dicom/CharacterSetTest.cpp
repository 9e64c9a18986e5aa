// Character sets: every text value the index reads is decoded per Specific Character Set
// (0008,0005) to UTF-8 (PS3.5 6.1), checked against DCMTK's `dcmdump +U8` — and against pydicom
// where Debian's DCMTK cannot decode (ISO 2022 IR 87/159: glibc's iconv lacks the names DCMTK
// asks for; item-level character sets: dcmdump applies the dataset's). Bytes that cannot be
// decoded become U+FFFD with a warning naming the attribute.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/Utf8.h"

using namespace fv::dicom;
namespace fs = std::filesystem;
using fv::test::q;

namespace {

const char* kCharsetFiles = "/usr/lib/python3/dist-packages/pydicom/data/charset_files";
const char* kPython = "/usr/bin/python3";

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
  size_t b = 0;
  while (b < s.size() && s[b] == ' ') ++b;
  return s.substr(b);
}

// The value of `keyword` as `dcmdump +U8` prints it ("" when absent or empty); false when
// dcmdump cannot convert the file's character set.
bool dcmdumpUtf8(const std::string& path, const std::string& keyword, std::string& value) {
  std::string out;
  if (fv::test::run("dcmdump +U8 -q -s +P " + keyword + " " + q(path), &out) != 0) return false;
  value.clear();
  const size_t eol = out.find('\n');
  const std::string line = out.substr(0, eol);
  const size_t open = line.find('['), hash = line.rfind('#');
  if (open == std::string::npos || hash == std::string::npos)
    return true;  // "(no value available)"
  const size_t close = line.rfind(']', hash);
  if (close == std::string::npos || close < open) return true;
  value = trimmed(line.substr(open + 1, close - open - 1));
  return true;
}

// Top-level (and, for "Seq.Keyword", first-item) values as pydicom decodes them, one per line.
std::map<std::string, std::string> pydicomValues(const std::string& path,
                                                 const std::vector<std::string>& keywords) {
  std::string script =
      "import sys, pydicom\n"
      "ds = pydicom.dcmread(sys.argv[1])\n"
      "for k in sys.argv[2:]:\n"
      "    item = ds\n"
      "    for part in k.split('.')[:-1]: item = item[part].value[0]\n"
      "    v = item.get(k.split('.')[-1])\n"
      "    v = '' if v is None else ('\\\\'.join(str(x) for x in v) if isinstance(v, "
      "pydicom.multival.MultiValue) else str(v))\n"
      "    sys.stdout.buffer.write((k + '\\t' + v + '\\n').encode('utf-8'))\n";
  const std::string scriptPath = fv::test::tempDir("pydicom-charset") + "/values.py";
  std::ofstream(scriptPath) << script;
  std::string command = std::string(kPython) + " " + q(scriptPath) + " " + q(path);
  for (const auto& k : keywords) command += " " + k;
  std::string out;
  EXPECT_EQ(fv::test::run(command, &out), 0) << out;
  std::map<std::string, std::string> values;
  size_t start = 0;
  while (start < out.size()) {
    const size_t end = out.find('\n', start);
    const std::string line = out.substr(start, end - start);
    const size_t tab = line.find('\t');
    if (tab != std::string::npos) values[line.substr(0, tab)] = trimmed(line.substr(tab + 1));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return values;
}

// Every text value of InstanceInfo that comes from a string attribute, by keyword.
const std::vector<std::pair<std::string, std::function<std::string(const InstanceInfo&)>>>&
textValues() {
  static const std::vector<std::pair<std::string, std::function<std::string(const InstanceInfo&)>>>
      v = {
          {"PatientName", [](const InstanceInfo& i) { return i.patient.name; }},
          {"PatientID", [](const InstanceInfo& i) { return i.patient.id; }},
          {"PatientSex", [](const InstanceInfo& i) { return i.patient.sex; }},
          {"StudyDescription", [](const InstanceInfo& i) { return i.study.description; }},
          {"AccessionNumber", [](const InstanceInfo& i) { return i.study.accessionNumber; }},
          {"StudyID", [](const InstanceInfo& i) { return i.study.id; }},
          {"SeriesDescription", [](const InstanceInfo& i) { return i.series.description; }},
          {"Modality", [](const InstanceInfo& i) { return i.series.modality; }},
          {"BodyPartExamined", [](const InstanceInfo& i) { return i.series.bodyPart; }},
      };
  return v;
}

// A copy of `source` in a temp folder, changed with dcmodify `args` (-nb: no backup).
std::string modified(const std::string& source, const std::string& name, const std::string& args) {
  const std::string path = fv::test::tempDir("charset-" + name) + "/" + name + ".dcm";
  fs::copy_file(source, path);
  std::string out;
  EXPECT_EQ(fv::test::run("dcmodify -nb " + args + " " + q(path), &out), 0) << out;
  return path;
}

bool hasWarning(const InstanceInfo& info, const std::string& attribute, const std::string& text) {
  return std::any_of(info.warnings.begin(), info.warnings.end(), [&](const std::string& w) {
    return w.find(attribute) != std::string::npos && w.find(text) != std::string::npos &&
           w.find("U+FFFD") != std::string::npos;
  });
}

}  // namespace

TEST(CharacterSets, EveryPydicomCharsetFileReadsAsDcmdumpU8OrPydicomDecodesIt) {
  if (!fs::is_directory(kCharsetFiles))
    GTEST_SKIP() << kCharsetFiles << " is not installed (python3-pydicom)";
  FV_REQUIRE_TOOL("dcmdump");
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kCharsetFiles))
    if (e.path().extension() == ".dcm") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 15u);  // Arabic, French, German, Greek, Hebrew, Japanese, Korean, ...
  std::vector<std::string> keywords;
  for (const auto& [k, f] : textValues()) keywords.push_back(k);
  int viaDcmdump = 0, viaPydicom = 0, nonAscii = 0;
  for (const std::string& path : files) {
    SCOPED_TRACE(path);
    auto info = readInstanceHeader(path);
    ASSERT_TRUE(info) << info.error().toString();
    EXPECT_TRUE(info->warnings.empty()) << info->warnings.front();
    std::map<std::string, std::string> peer;
    bool dcmtk = true;
    for (const auto& k : keywords) dcmtk = dcmtk && dcmdumpUtf8(path, k, peer[k]);
    if (!dcmtk) {
      // DCMTK on Debian: "Cannot open character encoding" for ISO 2022 IR 87/159.
      ASSERT_TRUE(fv::test::haveTool(kPython)) << "dcmdump +U8 cannot convert and no pydicom";
      peer = pydicomValues(path, keywords);
      // pydicom drops a trailing empty component group ("...=" → "..."); DICOM keeps it.
      std::string& pn = peer["PatientName"];
      if (info->patient.name.size() == pn.size() + 1 && info->patient.name.back() == '=') pn += '=';
    }
    (dcmtk ? viaDcmdump : viaPydicom)++;
    for (const auto& [keyword, ours] : textValues()) {
      EXPECT_TRUE(isValidUtf8(ours(*info))) << keyword;
      EXPECT_EQ(ours(*info), peer[keyword])
          << keyword << (dcmtk ? " vs dcmdump +U8" : " vs pydicom");
    }
    nonAscii += std::any_of(info->patient.name.begin(), info->patient.name.end(),
                            [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  }
  EXPECT_GE(viaDcmdump, 10);
  EXPECT_GE(nonAscii, 13);  // all but the two sequence-encoding files have a non-ASCII name
  std::cout << "[ charsets ] " << files.size() << " files: " << viaDcmdump
            << " compared with dcmdump +U8, " << viaPydicom
            << " with pydicom (Japanese ISO 2022 IR 87/159)\n";
}

TEST(CharacterSets, JapaneseIso2022NamesDecodeAllThreeComponentGroups) {
  const std::string h31 = std::string(kCharsetFiles) + "/chrH31.dcm";
  const std::string h32 = std::string(kCharsetFiles) + "/chrH32.dcm";
  if (!fs::exists(h31) || !fs::exists(h32)) GTEST_SKIP() << "pydicom charset files not installed";
  // PS3.5 Annex H examples H.3.1 (ISO 2022 IR 87) and H.3.2 (ISO 2022 IR 13 + IR 87).
  auto a = readInstanceHeader(h31), b = readInstanceHeader(h32);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->patient.name, "Yamada^Tarou=山田^太郎=やまだ^たろう");
  EXPECT_EQ(b->patient.name, "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう");
}

TEST(CharacterSets, ASequenceItemWithItsOwnCharacterSetUsesIt) {
  FV_REQUIRE_TOOL("dump2dcm");
  // Dataset Latin-1; the VOI LUT item declares Greek (ISO 8859-7) for its LUT Explanation.
  const std::string dir = fv::test::tempDir("charset-nested");
  const std::string dump =
      "(0002,0010) UI =LittleEndianExplicit\n"
      "(0008,0005) CS [ISO_IR 100]\n"
      "(0008,0016) UI =SecondaryCaptureImageStorage\n"
      "(0008,0018) UI [1.2.826.0.1.3680043.2.1143.7.1]\n"
      "(0010,0010) PN [Buc^J\xE9r\xF4me]\n"
      "(0020,000d) UI [1.2.826.0.1.3680043.2.1143.7.2]\n"
      "(0020,000e) UI [1.2.826.0.1.3680043.2.1143.7.3]\n"
      "(0028,1050) DS [40]\n"
      "(0028,1051) DS [400]\n"
      "(0028,1055) LO [C\xE9r\xE9"
      "bral]\n"
      "(0028,3010) SQ (Sequence with undefined length #=1)\n"
      "  (fffe,e000) na (Item with undefined length #=2)\n"
      "    (0008,0005) CS [ISO_IR 126]\n"
      "    (0028,3003) LO [\xC5\xEB\xEB\xE7\xED\xE9\xEA\xDC]\n"
      "  (fffe,e00d) na (ItemDelimitationItem)\n"
      "(fffe,e0dd) na (SequenceDelimitationItem)\n";
  std::ofstream(dir + "/nested.dump", std::ios::binary) << dump;
  std::string out;
  ASSERT_EQ(
      fv::test::run("dump2dcm +te " + q(dir + "/nested.dump") + " " + q(dir + "/nested.dcm"), &out),
      0)
      << out;
  auto info = readInstanceHeader(dir + "/nested.dcm");
  ASSERT_TRUE(info) << info.error().toString();
  EXPECT_EQ(info->patient.name, "Buc^Jérôme");
  ASSERT_EQ(info->windows.size(), 1u);
  EXPECT_EQ(info->windows[0].explanation, "Cérébral");
  EXPECT_EQ(info->voiLut.explanation, "Ελληνικά");  // not "ÅëëçíéêÜ" (the dataset's Latin-1)
  EXPECT_TRUE(info->warnings.empty());
  if (fv::test::haveTool(kPython)) {
    auto peer = pydicomValues(dir + "/nested.dcm", {"VOILUTSequence.LUTExplanation"});
    EXPECT_EQ(peer["VOILUTSequence.LUTExplanation"], info->voiLut.explanation);
  }
}

TEST(CharacterSets, ALatin1FileMadeWithDcmodifyDecodesLikeDcmdump) {
  FV_REQUIRE_TOOL("dcmodify");
  const std::string path =
      modified(fv::test::demoXa(), "latin1",
               "-i \"(0008,0005)=ISO_IR 100\" -i \"(0010,0010)=Buc^J\xE9r\xF4me\" "
               "-i \"(0008,1030)=IRM c\xE9r\xE9"
               "brale\" -i \"(0008,103e)=Hanche \xC0 droite\"");
  auto info = readInstanceHeader(path);
  ASSERT_TRUE(info) << info.error().toString();
  EXPECT_EQ(info->patient.name, "Buc^Jérôme");
  EXPECT_EQ(info->study.description, "IRM cérébrale");
  EXPECT_EQ(info->series.description, "Hanche À droite");
  EXPECT_TRUE(info->warnings.empty());
  std::string peer;
  ASSERT_TRUE(dcmdumpUtf8(path, "PatientName", peer));
  EXPECT_EQ(info->patient.name, peer);
}

TEST(CharacterSets, UndecodableBytesBecomeReplacementCharactersAndAWarningNamingTheAttribute) {
  FV_REQUIRE_TOOL("dcmodify");
  const std::string xa = fv::test::demoXa();
  struct Case {
    const char* name;
    std::string args;
    std::string expectedName;
    std::string warning;  // part of the warning text
  };
  const std::vector<Case> cases = {
      // Latin-1 bytes in a file that declares UTF-8.
      {"utf8-latin1-bytes", "-i \"(0008,0005)=ISO_IR 192\" -i \"(0010,0010)=Buc^J\xE9r\xF4me\"",
       "Buc^J\uFFFDr\uFFFDme", "ISO_IR 192"},
      // No Specific Character Set at all: the default repertoire is 7-bit ASCII (PS3.5 6.1.2.1).
      {"undeclared", "-ea \"(0008,0005)\" -i \"(0010,0010)=Buc^J\xE9r\xF4me\"",
       "Buc^J\uFFFDr\uFFFDme", "no Specific Character Set"},
      // 0xAE and 0xD2 are not assigned in ISO 8859-7 (Greek).
      {"greek-unassigned", "-i \"(0008,0005)=ISO_IR 126\" -i \"(0010,0010)=\xC4\xE9\xAE^\xD2\xEF\"",
       "Δι\uFFFD^\uFFFDο", "ISO_IR 126"},
      // A character set DICOM does not define.
      {"unknown-charset", "-i \"(0008,0005)=ISO_IR 999\" -i \"(0010,0010)=Buc^J\xE9r\xF4me\"",
       "Buc^J\uFFFDr\uFFFDme", "ISO_IR 999"},
      // An escape sequence nobody defines, then Latin-1 text (ISO 2022).
      {"bad-escape", "-i \"(0008,0005)=ISO 2022 IR 100\" -i \"(0010,0010)=A\x1B$)Zxy^B\xE9\"",
       "A\uFFFDxy^Bé", "ISO 2022 IR 100"},
      // Half of a JIS X 0208 character.
      {"half-kanji",
       "-i \"(0008,0005)=\\\\ISO 2022 IR 87\" -i \"(0010,0010)=Yamada^Tarou=\x1B\\$B;3E\x1B(B\"",
       "Yamada^Tarou=山\uFFFD", "ISO 2022 IR 87"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = modified(xa, c.name, c.args);
    auto info = readInstanceHeader(path);
    ASSERT_TRUE(info) << info.error().toString();
    EXPECT_EQ(info->patient.name, c.expectedName);
    EXPECT_TRUE(isValidUtf8(info->patient.name));
    EXPECT_TRUE(hasWarning(*info, "PatientName (0010,0010)", c.warning))
        << (info->warnings.empty() ? "no warnings" : info->warnings.front());
    for (const auto& w : info->warnings)
      EXPECT_EQ(w.find("J\xE9"), std::string::npos) << "no file bytes in " << w;
  }
}

TEST(CharacterSets, NonAsciiBytesInACodeStringAreReplacedWhateverTheCharacterSet) {
  FV_REQUIRE_TOOL("dcmodify");
  // CS, DA, UI ... are 7-bit in every character set (PS3.5 6.2): Latin-1 does not apply.
  const std::string path = modified(fv::test::demoXa(), "cs-bytes",
                                    "-i \"(0008,0005)=ISO_IR 100\" -i \"(0018,0015)=H\xDC"
                                    "FTE\"");
  auto info = readInstanceHeader(path);
  ASSERT_TRUE(info) << info.error().toString();
  EXPECT_EQ(info->series.bodyPart, "H\uFFFDFTE");
  EXPECT_TRUE(hasWarning(*info, "BodyPartExamined (0018,0015)", "default character repertoire"));
}

TEST(CharacterSets, CharacterSetWarningsReachTheSeriesButAreNotIndexErrors) {
  FV_REQUIRE_TOOL("dcmodify");
  const std::string path =
      modified(fv::test::demoXa(), "index-warning",
               "-i \"(0008,0005)=ISO_IR 192\" -i \"(0010,0010)=Buc^J\xE9r\xF4me\"");
  const DicomIndex index = indexPaths({path});
  EXPECT_TRUE(index.errors.empty()) << index.errors.front().toString();
  ASSERT_EQ(index.allSeries().size(), 1u);
  const Series& s = *index.allSeries().front();
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_NE(s.warnings[0].find("PatientName (0010,0010)"), std::string::npos) << s.warnings[0];
  EXPECT_EQ(s.key.modality, "XA");
}

TEST(CharacterSets, AsciiValuesComeBackByteForByte) {
  // The fast path: nothing to decode, values as stored (trimmed), no warnings.
  auto info = readInstanceHeader(fv::test::demoXa());
  ASSERT_TRUE(info);
  EXPECT_EQ(info->patient.name, "Doe^Jane^Marie^^");
  EXPECT_EQ(info->patient.id, "PID0047113");
  EXPECT_TRUE(info->warnings.empty());
}
