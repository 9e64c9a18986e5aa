#include <gtest/gtest.h>

#include <QClipboard>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

#include "BrowserTestUtil.h"
#include "fv/viewer/browser/ProblemsPanel.h"

using fv::viewer::ProblemsPanel;

namespace {

QTreeWidgetItem* rowWith(const ProblemsPanel& panel, const QString& where) {
  const auto items = panel.view()->findItems(where, Qt::MatchEndsWith, ProblemsPanel::WhereColumn);
  return items.isEmpty() ? nullptr : items.first();
}

}  // namespace

TEST(ProblemsPanel, ListsUnreadableFilesWithTheirReasons) {
  ProblemsPanel panel;
  QSignalSpy count(&panel, &ProblemsPanel::countChanged);
  const auto index = fv::test::indexed({fv::test::testdata("public"), "/nonexistent/fluoroview/problems"});
  panel.setIndex(*index);

  ASSERT_EQ(count.size(), 1);
  EXPECT_EQ(count.first().at(0).toInt(), panel.count());
  EXPECT_GE(panel.count(), int(index->errors.size()));

  const QTreeWidgetItem* truncated = rowWith(panel, "MR_truncated.dcm");
  ASSERT_NE(truncated, nullptr);
  EXPECT_TRUE(truncated->text(ProblemsPanel::ReasonColumn).contains("Pixel Data"));
  EXPECT_EQ(truncated->text(ProblemsPanel::CodeColumn), "truncated");
  EXPECT_EQ(panel.view()->findItems("MR_truncated.dcm", Qt::MatchContains, ProblemsPanel::WhereColumn).size(), 1)
      << "listed once, not again as a series warning";

  const QTreeWidgetItem* missing = rowWith(panel, "/nonexistent/fluoroview/problems");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->text(ProblemsPanel::CodeColumn), "not-found");
}

TEST(ProblemsPanel, ListsSeriesWarnings) {
  ProblemsPanel panel;
  panel.setIndex(*fv::test::indexed({fv::test::testdata("public/pydicom")}));
  // The pydicom samples hold copies of the same SOP instance (one MR in several encodings, RGB
  // secondary captures): each extra copy is a warning on its series.
  int duplicates = 0;
  bool secondaryCapture = false;
  for (int i = 0; i < panel.view()->topLevelItemCount(); ++i) {
    const QTreeWidgetItem* item = panel.view()->topLevelItem(i);
    const QString reason = item->text(ProblemsPanel::ReasonColumn);
    if (!reason.contains("duplicate SOP Instance UID")) continue;
    ++duplicates;
    EXPECT_EQ(item->text(ProblemsPanel::CodeColumn), "warning");
    EXPECT_TRUE(item->toolTip(ProblemsPanel::WhereColumn).contains("Series Instance UID"));
    if (reason.contains("SC_rgb_rle_2frame.dcm")) {
      secondaryCapture = true;
      EXPECT_TRUE(item->text(ProblemsPanel::WhereColumn).startsWith("OT ")) << item->text(0).toStdString();
    }
  }
  EXPECT_GE(duplicates, 2);
  EXPECT_TRUE(secondaryCapture);
}

TEST(ProblemsPanel, CopiesThePathOnDoubleClick) {
  ProblemsPanel panel;
  panel.resize(800, 300);
  panel.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&panel));
  panel.setIndex(*fv::test::indexed({fv::test::testdata("public/pydicom/MR_truncated.dcm")}));
  QTreeWidgetItem* item = rowWith(panel, "MR_truncated.dcm");
  ASSERT_NE(item, nullptr);
  QSignalSpy copied(&panel, &ProblemsPanel::pathCopied);
  const QPoint centre = panel.view()->visualItemRect(item).center();
  QTest::mouseClick(panel.view()->viewport(), Qt::LeftButton, {}, centre);
  QTest::mouseDClick(panel.view()->viewport(), Qt::LeftButton, {}, centre);
  ASSERT_EQ(copied.size(), 1);
  const QString path = QString::fromStdString(fv::test::testdata("public/pydicom/MR_truncated.dcm"));
  EXPECT_EQ(copied.first().at(0).toString(), path);
  EXPECT_EQ(QGuiApplication::clipboard()->text(), path);
}

TEST(ProblemsPanel, KeepsAddedMessagesWhenTheIndexChanges) {
  ProblemsPanel panel;
  QSignalSpy count(&panel, &ProblemsPanel::countChanged);
  panel.addMessage("plugin fluoro", "failed to save the annotation", "error", "/tmp/out.dcm");
  EXPECT_EQ(count.last().at(0).toInt(), 1);
  panel.setIndex(*fv::test::indexed({fv::test::testdata("public/pydicom/MR_truncated.dcm")}));
  EXPECT_EQ(panel.count(), 2);
  panel.setIndex(*fv::test::demoIndex());  // no problems in the demo
  EXPECT_EQ(panel.count(), 1);
  EXPECT_EQ(count.last().at(0).toInt(), 1);
  EXPECT_NE(rowWith(panel, "plugin fluoro"), nullptr);
  panel.clear();
  EXPECT_EQ(panel.count(), 0);
  EXPECT_EQ(count.last().at(0).toInt(), 0);
}
