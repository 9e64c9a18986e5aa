#include <gtest/gtest.h>

#include <memory>

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QMimeData>
#include <QPixmap>
#include <QSignalSpy>

#include "BrowserTestUtil.h"
#include "fv/viewer/MimeTypes.h"
#include "fv/viewer/browser/StudyModel.h"
#include "fv/viewer/browser/ThumbnailCache.h"

using fv::viewer::StudyModel;

namespace {

QString text(const QModelIndex& index, int column) {
  return index.sibling(index.row(), column).data().toString();
}

}  // namespace

TEST(StudyModel, ShowsPatientStudySeriesOfTheDemo) {
  StudyModel model;
  model.setIndex(fv::test::demoIndex());
  ASSERT_EQ(model.rowCount(), 1);
  EXPECT_EQ(model.columnCount(), StudyModel::ColumnCount);
  const QModelIndex patient = model.index(0, 0);
  EXPECT_EQ(patient.data().toString(), "Doe, Jane Marie (PID0047113)");
  EXPECT_EQ(model.kind(patient), StudyModel::NodeKind::Patient);
  ASSERT_EQ(model.rowCount(patient), 1);

  const QModelIndex study = model.index(0, 0, patient);
  EXPECT_EQ(model.kind(study), StudyModel::NodeKind::Study);
  EXPECT_EQ(text(study, StudyModel::ModalityColumn), "MR, XA");
  EXPECT_EQ(text(study, StudyModel::FramesColumn), "56");
  EXPECT_EQ(text(study, StudyModel::InstancesColumn), "33");
  EXPECT_EQ(text(study, StudyModel::DateColumn).size(), 10);  // YYYY-MM-DD
  ASSERT_EQ(model.rowCount(study), 2);

  const QModelIndex xa = model.index(0, 0, study), mr = model.index(1, 0, study);
  EXPECT_EQ(model.kind(xa), StudyModel::NodeKind::Series);
  EXPECT_EQ(text(xa, StudyModel::ModalityColumn), "XA");
  EXPECT_EQ(text(xa, StudyModel::FramesColumn), "24");
  EXPECT_EQ(text(xa, StudyModel::InstancesColumn), "1");
  EXPECT_EQ(text(mr, StudyModel::ModalityColumn), "MR");
  EXPECT_EQ(text(mr, StudyModel::FramesColumn), "32");
  EXPECT_EQ(text(mr, StudyModel::InstancesColumn), "32");
  EXPECT_EQ(model.rowCount(xa), 0);
  EXPECT_EQ(model.parent(xa), study);
  EXPECT_EQ(model.parent(study), patient);
  EXPECT_FALSE(model.parent(patient).isValid());
  EXPECT_FALSE(xa.data(Qt::ToolTipRole).toString().isEmpty());
  EXPECT_EQ(model.headerData(StudyModel::FramesColumn, Qt::Horizontal).toString(), "Frames");
}

TEST(StudyModel, GivesEachSeriesRowItsUidAndSeries) {
  const auto index = fv::test::demoIndex();
  StudyModel model;
  model.setIndex(index);
  for (const fv::dicom::Series* series : index->allSeries()) {
    const QString uid = QString::fromStdString(series->key.instanceUid);
    const QModelIndex row = model.indexOfSeries(uid);
    ASSERT_TRUE(row.isValid());
    EXPECT_EQ(row.data(StudyModel::SeriesUidRole).toString(), uid);
    EXPECT_EQ(row.data(StudyModel::SeriesRole).value<const fv::dicom::Series*>(), series);
    EXPECT_EQ(model.series(row.sibling(row.row(), StudyModel::FramesColumn)), series);
  }
  EXPECT_FALSE(model.indexOfSeries("1.2.3.unknown").isValid());
  EXPECT_FALSE(model.index(0, 0).data(StudyModel::SeriesUidRole).isValid());
  EXPECT_EQ(model.series(model.index(0, 0)), nullptr);
  EXPECT_EQ(model.dicomIndex(), index);
}

TEST(StudyModel, DragsASeriesUid) {
  const auto index = fv::test::demoIndex();
  StudyModel model;
  model.setIndex(index);
  EXPECT_EQ(model.mimeTypes(), QStringList{fv::viewer::kSeriesMimeType});
  EXPECT_TRUE(model.supportedDragActions() & Qt::CopyAction);

  const QString uid = fv::test::demoUid(*index, "MR");
  const QModelIndex mr = model.indexOfSeries(uid);
  EXPECT_TRUE(model.flags(mr) & Qt::ItemIsDragEnabled);
  std::unique_ptr<QMimeData> mime(model.mimeData({mr, mr.sibling(mr.row(), StudyModel::DateColumn)}));
  ASSERT_TRUE(mime);
  EXPECT_TRUE(mime->hasFormat(fv::viewer::kSeriesMimeType));
  EXPECT_EQ(QString::fromUtf8(mime->data(fv::viewer::kSeriesMimeType)), uid);

  const QModelIndex patient = model.index(0, 0);
  EXPECT_FALSE(model.flags(patient) & Qt::ItemIsDragEnabled);
  EXPECT_EQ(model.mimeData({patient}), nullptr);
}

TEST(StudyModel, GreysOutSeriesWithoutFrames) {
  const auto index = fv::test::indexed({fv::test::testdata("public")});
  StudyModel model;
  model.setIndex(index);
  int withoutFrames = 0;
  for (const fv::dicom::Series* series : index->allSeries()) {
    const QModelIndex row = model.indexOfSeries(QString::fromStdString(series->key.instanceUid));
    ASSERT_TRUE(row.isValid());
    const bool empty = series->frameCount() == 0;
    withoutFrames += empty;
    EXPECT_EQ(row.data(Qt::ForegroundRole).isValid(), empty) << series->key.modality;
    EXPECT_EQ(bool(model.flags(row) & Qt::ItemIsDragEnabled), !empty);
    EXPECT_TRUE(model.flags(row) & Qt::ItemIsEnabled);
  }
  EXPECT_GE(withoutFrames, 1) << "testdata/public has an RT Plan (no pixel data)";
}

TEST(StudyModel, IsAConsistentQtModel) {
  StudyModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
  QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
  model.setIndex(fv::test::indexed({fv::test::testdata("public")}));
  EXPECT_GT(model.rowCount(), 3);
  model.setIndex(fv::test::demoIndex());
  EXPECT_EQ(model.rowCount(), 1);
  model.setIndex(nullptr);
  EXPECT_EQ(model.rowCount(), 0);
  EXPECT_EQ(reset.size(), 3);
}

TEST(StudyModel, ShowsThumbnailsOfSeriesRows) {
  const auto index = fv::test::demoIndex();
  fv::viewer::ThumbnailCache cache;
  StudyModel model;
  model.setThumbnailCache(&cache);
  model.setIndex(index);
  QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
  QSignalSpy idle(&cache, &fv::viewer::ThumbnailCache::idle);
  cache.setIndex(index);
  ASSERT_TRUE(idle.wait(60000));
  EXPECT_EQ(changed.size(), 2);
  const QModelIndex xa = model.indexOfSeries(fv::test::demoUid(*index, "XA"));
  const QIcon icon = xa.data(Qt::DecorationRole).value<QIcon>();
  ASSERT_FALSE(icon.isNull());
  const QPixmap thumbnail = cache.thumbnail(fv::test::demoUid(*index, "XA"));
  EXPECT_EQ(icon.pixmap(thumbnail.size()).toImage(), thumbnail.toImage());
  EXPECT_FALSE(model.index(0, 0).data(Qt::DecorationRole).isValid());  // patients have none
}
