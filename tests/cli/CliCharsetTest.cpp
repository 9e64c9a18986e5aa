// fluoroview-cli's output is valid UTF-8 — valid JSON — whatever the input: national character
// sets decoded, damaged bytes replaced (U+FFFD) and reported, never passed through.
#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <filesystem>
#include <fstream>

#include "TestData.h"
#include "fv/dicom/Utf8.h"

namespace fs = std::filesystem;
using fv::test::q;

namespace {

const char* kPython = "/usr/bin/python3";
const char* kPydicomData = "/usr/lib/python3/dist-packages/pydicom/data";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs the CLI with stdout into `file`; returns the exit code.
int cliTo(const std::string& args, const std::string& file) {
  return fv::test::run(q(FV_CLI) + " " + args + " > " + q(file) + " 2>/dev/null");
}

// Python's strict json.load(encoding="utf-8") over every file in `dir`: "" when all parse,
// else the failures.
std::string pythonRejects(const std::string& dir) {
  const std::string script =
      "import json, os, sys\n"
      "bad = []\n"
      "for f in sorted(os.listdir(sys.argv[1])):\n"
      "    try:\n"
      "        json.load(open(os.path.join(sys.argv[1], f), encoding='utf-8'))\n"
      "    except Exception as e:\n"
      "        bad.append(f + ': ' + str(e)[:120])\n"
      "print('\\n'.join(bad))\n";
  const std::string scriptPath = dir + "/../check.py";
  std::ofstream(scriptPath) << script;
  std::string out;
  EXPECT_EQ(fv::test::run(std::string(kPython) + " " + q(scriptPath) + " " + q(dir), &out), 0)
      << out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string latin1Copy(const std::string& dir, const std::string& name,
                       const std::string& charset) {
  const std::string path = dir + "/" + name;
  fs::copy_file(fv::test::demoXa(), path);
  std::string out;
  EXPECT_EQ(fv::test::run("dcmodify -nb -i \"(0008,0005)=" + charset +
                              "\" -i \"(0010,0010)=Buc^J\xE9r\xF4me\" " +
                              "-i \"(0008,1030)=IRM c\xE9r\xE9"
                              "brale\" " +
                              q(path),
                          &out),
            0)
      << out;
  return path;
}

QJsonObject parse(const std::string& file) {
  QJsonParseError err{};
  const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(slurp(file)), &err);
  EXPECT_EQ(err.error, QJsonParseError::NoError) << file;
  return doc.object();
}

}  // namespace

TEST(CliCharsets, InfoAndDecodeJsonAreValidUtf8OnEveryDamagedAndCharsetFile) {
  std::vector<std::string> inputs;
  const std::string shared = fv::test::sharedSamples();
  for (const std::string& dir :
       {shared.empty() ? std::string() : shared + "/malformed",
        std::string(kPydicomData) + "/test_files", std::string(kPydicomData) + "/charset_files"}) {
    if (dir.empty() || !fs::is_directory(dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.is_regular_file()) inputs.push_back(e.path().string());
  }
  if (inputs.empty())
    GTEST_SKIP() << "neither ../shared/dicom-samples nor python3-pydicom's data is present";
  if (shared.empty())
    std::cout << "[ skipped  ] ../shared/dicom-samples/malformed is not present\n";
  const std::string out = fv::test::tempDir("cli-charset-json") + "/json";
  fs::create_directory(out);
  size_t n = 0;
  for (const std::string& input : inputs) {
    for (const char* command : {"info", "decode"}) {
      const std::string file = out + "/" + std::to_string(n++) + "-" + command + ".json";
      const int rc = cliTo(std::string(command) + " --json " + q(input), file);
      EXPECT_TRUE(rc == 0 || rc == 2) << command << " " << input << ": exit " << rc;
      const std::string text = slurp(file);
      EXPECT_TRUE(fv::dicom::isValidUtf8(text)) << command << " " << input;
      EXPECT_FALSE(text.empty()) << command << " " << input;
    }
  }
  if (fv::test::haveTool(kPython)) {
    EXPECT_EQ(pythonRejects(out), "");
  }
  std::cout << "[ json     ] " << n << " outputs of " << inputs.size() << " files\n";
}

TEST(CliCharsets, InfoShowsDecodedNamesAndWarnsAboutUndecodableBytes) {
  FV_REQUIRE_TOOL("dcmodify");
  const std::string dir = fv::test::tempDir("cli-charset-names");
  const std::string good = latin1Copy(dir, "latin1.dcm", "ISO_IR 100");
  // The same bytes, but the file claims UTF-8: they cannot be decoded. The file name itself is
  // not UTF-8 either (Linux allows any bytes): it reaches the JSON through paths and warnings.
  const std::string bad = latin1Copy(dir, "claims-utf8-J\xE9r\xF4me.dcm", "ISO_IR 192");

  const std::string goodJson = dir + "/good.json", badJson = dir + "/bad.json";
  ASSERT_EQ(cliTo("info --json " + q(good), goodJson), 0);
  const QJsonObject g = parse(goodJson)["series"].toArray()[0].toObject();
  EXPECT_EQ(g["patientName"].toString(), QString::fromUtf8("Buc^Jérôme"));
  EXPECT_EQ(g["studyDescription"].toString(), QString::fromUtf8("IRM cérébrale"));
  EXPECT_TRUE(g["warnings"].toArray().isEmpty());

  ASSERT_EQ(cliTo("info --json " + q(bad), badJson), 0);  // a warning is not a failure
  const std::string text = slurp(badJson);
  EXPECT_TRUE(fv::dicom::isValidUtf8(text));
  const QJsonObject index = parse(badJson);
  EXPECT_TRUE(index["errors"].toArray().isEmpty());
  const QJsonObject b = index["series"].toArray()[0].toObject();
  EXPECT_EQ(b["patientName"].toString(), QString::fromUtf8("Buc^J\uFFFDr\uFFFDme"));
  const QJsonArray warnings = b["warnings"].toArray();
  ASSERT_EQ(warnings.size(), 2) << text;  // PatientName and StudyDescription
  for (const auto w : warnings) {
    const QString s = w.toString();
    EXPECT_TRUE(s.contains("U+FFFD")) << s.toStdString();
    EXPECT_TRUE(s.contains("(0010,0010)") || s.contains("(0008,1030)")) << s.toStdString();
    EXPECT_TRUE(s.contains(QString::fromUtf8("claims-utf8-J\uFFFDr\uFFFDme.dcm")))
        << s.toStdString();
  }
  if (fv::test::haveTool(kPython)) {
    const std::string check = dir + "/check";
    fs::create_directory(check);
    fs::copy_file(goodJson, check + "/good.json");
    fs::copy_file(badJson, check + "/bad.json");
    EXPECT_EQ(pythonRejects(check), "");
  }

  // The text form is UTF-8 as well.
  std::string plain;
  EXPECT_EQ(fv::test::run(q(FV_CLI) + " info " + q(good) + " " + q(bad) + " 2>&1", &plain), 0)
      << plain;
  EXPECT_NE(plain.find("Buc^Jérôme"), std::string::npos) << plain;
}

TEST(CliCharsets, TheProcedureRecordShowsTheDecodedName) {
  FV_REQUIRE_TOOL("dcmodify");
  const std::string dir = fv::test::tempDir("cli-charset-record");
  const std::string source = latin1Copy(dir, "latin1.dcm", "ISO_IR 100");
  const std::string out = dir + "/out";
  fs::create_directory(out);
  std::string log;
  ASSERT_EQ(fv::test::run(q(FV_CLI) + " confirm " + q(source) + " --frame 17 --tip 218,219 --out " +
                              q(out) + " --json 2>&1",
                          &log),
            0)
      << log;
  const QJsonObject record = parse(out + "/procedure.json");
  EXPECT_EQ(record["patient"].toObject()["name"].toString(), QString::fromUtf8("Buc^Jérôme"));
  EXPECT_EQ(record["study"].toObject()["description"].toString(),
            QString::fromUtf8("IRM cérébrale"));
  const std::string html = slurp(out + "/procedure.html");
  EXPECT_TRUE(fv::dicom::isValidUtf8(html));
  EXPECT_NE(html.find("Buc, Jérôme (ID PID0047113)"), std::string::npos);
}
