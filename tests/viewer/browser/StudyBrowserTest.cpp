#include <gtest/gtest.h>

#include <functional>

#include <QAbstractItemModel>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

#include "BrowserTestUtil.h"
#include "fv/viewer/browser/StudyBrowser.h"
#include "fv/viewer/browser/StudyModel.h"

using fv::viewer::StudyBrowser;
using fv::viewer::StudyModel;

namespace {

// Every row of the view's (filtered) model, depth first.
void forEachRow(const QAbstractItemModel* model, const std::function<void(const QModelIndex&)>& f,
                const QModelIndex& parent = {}) {
  for (int r = 0; r < model->rowCount(parent); ++r) {
    const QModelIndex index = model->index(r, 0, parent);
    f(index);
    forEachRow(model, f, index);
  }
}

QStringList visibleModalities(const StudyBrowser& browser) {
  QStringList modalities;
  forEachRow(browser.view()->model(), [&](const QModelIndex& index) {
    if (index.data(StudyModel::NodeKindRole).toInt() == int(StudyModel::NodeKind::Series))
      modalities << index.sibling(index.row(), StudyModel::ModalityColumn).data().toString();
  });
  return modalities;
}

QModelIndex viewIndexOf(const StudyBrowser& browser, const QString& uid) {
  QModelIndex found;
  forEachRow(browser.view()->model(), [&](const QModelIndex& index) {
    if (index.data(StudyModel::SeriesUidRole).toString() == uid) found = index;
  });
  return found;
}

}  // namespace

TEST(StudyBrowser, ExpandsEverythingAfterLoading) {
  StudyBrowser browser;
  browser.setIndex(fv::test::indexed({fv::test::testdata("demo"), fv::test::testdata("public/pydicom")}));
  int parents = 0;
  forEachRow(browser.view()->model(), [&](const QModelIndex& index) {
    if (browser.view()->model()->rowCount(index) == 0) return;
    ++parents;
    EXPECT_TRUE(browser.view()->isExpanded(index)) << index.data().toString().toStdString();
  });
  EXPECT_GT(parents, 4);
  EXPECT_GE(browser.view()->iconSize().height(), 64);
  EXPECT_LE(browser.view()->iconSize().height(), 96);
}

TEST(StudyBrowser, EmitsSeriesActivatedOnDoubleClickAndEnter) {
  const auto index = fv::test::demoIndex();
  StudyBrowser browser;
  browser.resize(600, 500);
  browser.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&browser));
  browser.setIndex(index);
  QSignalSpy activated(&browser, &StudyBrowser::seriesActivated);

  const QString mr = fv::test::demoUid(*index, "MR"), xa = fv::test::demoUid(*index, "XA");
  QTreeView* view = browser.view();
  const QModelIndex mrRow = viewIndexOf(browser, mr);
  ASSERT_TRUE(mrRow.isValid());
  view->scrollTo(mrRow);
  const QPoint centre = view->visualRect(mrRow).center();
  QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, centre);
  QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, centre);
  ASSERT_EQ(activated.size(), 1);
  EXPECT_EQ(activated.takeFirst().at(0).toString(), mr);

  ASSERT_TRUE(browser.selectSeries(xa));
  EXPECT_EQ(browser.currentSeriesUid(), xa);
  QTest::keyClick(view, Qt::Key_Return);
  ASSERT_EQ(activated.size(), 1);
  EXPECT_EQ(activated.takeFirst().at(0).toString(), xa);

  // Enter on the patient row is not a series: nothing to show.
  view->setCurrentIndex(view->model()->index(0, 0));
  QTest::keyClick(view, Qt::Key_Enter);
  EXPECT_TRUE(activated.isEmpty());
}

TEST(StudyBrowser, FiltersByPatientDescriptionOrModality) {
  StudyBrowser browser;
  browser.setIndex(fv::test::indexed({fv::test::testdata("demo"), fv::test::testdata("public/pydicom")}));
  const int all = int(visibleModalities(browser).size());

  browser.setFilterText("xa");  // modality, case-insensitive
  EXPECT_EQ(visibleModalities(browser), QStringList{"XA"});
  EXPECT_EQ(browser.view()->model()->rowCount(), 1);  // only the demo patient remains

  browser.setFilterText("DOE, JANE");  // patient name: all of the patient's series
  EXPECT_EQ(visibleModalities(browser), (QStringList{"XA", "MR"}));

  browser.setFilterText("nothing matches this");
  EXPECT_EQ(browser.view()->model()->rowCount(), 0);

  browser.setFilterText("");
  EXPECT_EQ(visibleModalities(browser).size(), all);
  EXPECT_GT(all, 10);
}

TEST(StudyBrowser, DragsSeriesRowsOnly) {
  StudyBrowser browser;
  browser.setIndex(fv::test::demoIndex());
  QTreeView* view = browser.view();
  EXPECT_TRUE(view->dragEnabled());
  EXPECT_EQ(view->dragDropMode(), QAbstractItemView::DragOnly);
  EXPECT_FALSE(view->model()->flags(view->model()->index(0, 0)) & Qt::ItemIsDragEnabled);
  const QModelIndex xa = viewIndexOf(browser, fv::test::demoUid(*browser.dicomIndex(), "XA"));
  EXPECT_TRUE(view->model()->flags(xa) & Qt::ItemIsDragEnabled);
}

TEST(StudyBrowser, KeepsTheCurrentSeriesWhenAFolderIsAdded) {
  StudyBrowser browser;
  QSignalSpy current(&browser, &StudyBrowser::currentSeriesChanged);
  browser.setIndex(fv::test::indexed({fv::test::demoXa()}));
  const QString xa = fv::test::demoUid(*browser.dicomIndex(), "XA");
  ASSERT_TRUE(browser.selectSeries(xa));
  ASSERT_FALSE(current.isEmpty());
  EXPECT_EQ(current.last().at(0).toString(), xa);

  browser.setIndex(fv::test::demoIndex());  // XA + MR
  EXPECT_EQ(browser.currentSeriesUid(), xa);
  EXPECT_EQ(visibleModalities(browser).size(), 2);
}
