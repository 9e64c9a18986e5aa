// The study browser shows names as the index decoded them (UTF-8 per Specific Character Set),
// never a Latin-1 guess, and its filter finds them with or without accents.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

#include <QAbstractItemModel>
#include <QTest>
#include <QTreeView>

#include "BrowserTestUtil.h"
#include "fv/viewer/browser/StudyBrowser.h"
#include "fv/viewer/browser/StudyModel.h"

using fv::viewer::StudyBrowser;
using fv::viewer::StudyModel;
namespace fs = std::filesystem;

namespace {

const char* kGreek = "/usr/lib/python3/dist-packages/pydicom/data/charset_files/chrGreek.dcm";

// The text of every patient row the view shows (through the filter).
QStringList patientRows(const StudyBrowser& browser) {
  QStringList rows;
  const QAbstractItemModel* model = browser.view()->model();
  std::function<void(const QModelIndex&)> walk = [&](const QModelIndex& parent) {
    for (int r = 0; r < model->rowCount(parent); ++r) {
      const QModelIndex index = model->index(r, 0, parent);
      if (index.data(StudyModel::NodeKindRole).toInt() == int(StudyModel::NodeKind::Patient))
        rows << index.data().toString();
      walk(index);
    }
  };
  walk({});
  return rows;
}

// The demo cine with a Latin-1 Patient's Name (ISO_IR 100, as written by many European systems).
std::string latin1File() {
  const std::string path = fv::test::tempDir("browser-latin1") + "/latin1.dcm";
  fs::copy_file(fv::test::demoXa(), path);
  std::string out;
  EXPECT_EQ(fv::test::run(
                "dcmodify -nb -i \"(0008,0005)=ISO_IR 100\" -i \"(0010,0010)=Buc^J\xE9r\xF4me\" " +
                    fv::test::q(path),
                &out),
            0)
      << out;
  return path;
}

}  // namespace

TEST(BrowserCharsets, ShowsLatin1AndGreekNamesInTheirOwnLetters) {
  FV_REQUIRE_TOOL("dcmodify");
  if (!fs::exists(kGreek)) GTEST_SKIP() << kGreek << " is not installed (python3-pydicom)";
  StudyBrowser browser;
  browser.resize(600, 400);
  browser.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&browser));
  browser.setIndex(fv::test::indexed({latin1File(), kGreek}));
  const QStringList rows = patientRows(browser);
  EXPECT_TRUE(rows.contains(QString::fromUtf8("Buc, Jérôme (PID0047113)")))
      << rows.join(" | ").toStdString();
  EXPECT_TRUE(rows.contains(QString::fromUtf8("Διονυσιος (SCSGREEK)")))
      << rows.join(" | ").toStdString();
  EXPECT_FALSE(rows.join(' ').contains(QString::fromUtf8("Äéïíõóéïò")));  // the old Latin-1 guess
  EXPECT_FALSE(rows.join(' ').contains(QChar(0xFFFD)));
}

TEST(BrowserCharsets, TheFilterFindsNamesWithOrWithoutAccentsAndInAnyCase) {
  FV_REQUIRE_TOOL("dcmodify");
  if (!fs::exists(kGreek)) GTEST_SKIP() << kGreek << " is not installed (python3-pydicom)";
  StudyBrowser browser;
  browser.setIndex(fv::test::indexed({latin1File(), kGreek}));
  const QString buc = QString::fromUtf8("Buc, Jérôme (PID0047113)");
  const QString greek = QString::fromUtf8("Διονυσιος (SCSGREEK)");
  const struct {
    const char* filter;
    QStringList expected;
  } cases[] =
      {
          {"Jérôme", {buc}},      {"jerome", {buc}},      {"JÉRÔME", {buc}},
          {"Buc, Jer", {buc}},    {"Διονυσιος", {greek}}, {"ΔΙΟΝΥΣΙΟΣ", {greek}},
          {"Διονύσιος", {greek}},  // with tonos: accents are optional both ways
          {"Jérômes", {}},
      };
  for (const auto& c : cases) {
    browser.setFilterText(QString::fromUtf8(c.filter));
    EXPECT_EQ(patientRows(browser), c.expected) << c.filter;
  }
  browser.setFilterText({});
  EXPECT_EQ(patientRows(browser).size(), 2);
}
