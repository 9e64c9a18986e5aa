// `fluoroview-cli export-teaching`: the --json contract, exit codes and refusals (docs/cli.md).
#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "TestData.h"

namespace fs = std::filesystem;
using fv::test::q;

namespace {

int cli(const std::string& args, std::string* out) {
  return fv::test::run(q(FV_CLI) + " " + args, out);
}

}  // namespace

TEST(CliTeaching, JsonListsEveryWrittenFileWithItsKindTheProfileAndTheRedactions) {
  const std::string out = fv::test::tempDir("cli-teaching") + "/case";
  // stdout alone (fv::test::run merges stderr, where sanitizer builds may report at exit).
  const std::string jsonFile = fs::path(out).parent_path().string() + "/out.json";
  std::string log;
  const int rc = fv::test::run(q(FV_CLI) + " export-teaching " + q(fv::test::demoXa()) + " " +
                                   q(fv::test::demoMr()) + " --out " + q(out) +
                                   " --options clean-descriptors,retain-modified-dates" +
                                   " --redact 0,0,512,24 --json > " + q(jsonFile),
                               &log);
  std::ifstream in(jsonFile, std::ios::binary);
  const std::string stdoutText((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
  ASSERT_EQ(rc, 0) << log;
  QJsonParseError err{};
  const QJsonObject j =
      QJsonDocument::fromJson(QByteArray::fromStdString(stdoutText), &err).object();
  ASSERT_EQ(err.error, QJsonParseError::NoError) << stdoutText;
  std::set<std::string> kinds;
  for (const auto v : j["written"].toArray()) {
    const std::string path = v.toObject()["path"].toString().toStdString();
    kinds.insert(v.toObject()["kind"].toString().toStdString());
    EXPECT_TRUE(fs::is_regular_file(path)) << path;
    EXPECT_EQ(path.rfind(out + "/", 0), 0u) << path;
  }
  for (const char* kind : {"image", "dicomdir", "key-frame", "tce-manifest", "case-page"})
    EXPECT_TRUE(kinds.count(kind)) << kind;
  QStringList profile;
  for (const auto v : j["profile"].toArray()) profile << v.toString();
  EXPECT_TRUE(profile.contains("Basic Application Confidentiality Profile")) << stdoutText;
  EXPECT_TRUE(profile.contains("Clean Descriptors Option")) << stdoutText;
  EXPECT_TRUE(profile.contains("Clean Pixel Data Option")) << stdoutText;
  EXPECT_EQ(j["redactions"].toInt(), 24 + 32) << "every frame: the 24-frame XA, the 32 MR slices";
  EXPECT_TRUE(j["warnings"].toArray().isEmpty());

  // The same folder again: refused, exit 2, the first bundle untouched.
  const auto before = fs::last_write_time(out + "/DICOMDIR");
  std::string second;
  EXPECT_EQ(cli("export-teaching " + q(fv::test::demoXa()) + " --out " + q(out) + " 2>&1", &second),
            2);
  EXPECT_NE(second.find("not empty"), std::string::npos) << second;
  EXPECT_EQ(fs::last_write_time(out + "/DICOMDIR"), before);
}

TEST(CliTeaching, UnknownOptionsAndMalformedRedactionsAreUsageErrors) {
  const std::string out = fv::test::tempDir("cli-teaching-usage") + "/case";
  std::string text;
  EXPECT_EQ(cli("export-teaching " + q(fv::test::demoXa()) + " --out " + q(out) +
                    " --options retain-everything 2>&1",
                &text),
            1);
  EXPECT_NE(text.find("unknown option 'retain-everything'"), std::string::npos) << text;
  EXPECT_EQ(cli("export-teaching " + q(fv::test::demoXa()) + " --out " + q(out) +
                    " --redact 10,10,0,5 2>&1",
                &text),
            1);
  EXPECT_NE(text.find("--redact needs X,Y,W,H"), std::string::npos) << text;
  EXPECT_EQ(cli("export-teaching " + q(fv::test::demoXa()) + " 2>&1", &text), 1);
  EXPECT_NE(text.find("--out DIR is required"), std::string::npos) << text;
  EXPECT_FALSE(fs::exists(out));
}
