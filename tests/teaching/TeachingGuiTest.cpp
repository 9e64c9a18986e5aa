// File → Export → Teaching file... in the running viewer (Xvfb): the menu lists the exporter, the
// folder and export dialogs lead to a bundle built off the GUI thread; Cancel writes nothing.
#include <filesystem>
#include <functional>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include "DerivedTestSupport.h"
#include "FluoroGuiTestUtil.h"
#include "TestData.h"
#include "fv/viewer/ContributionRegistry.h"
#include "fv/viewer/ExportRunner.h"
#include "fv/viewer/PluginHost.h"

namespace fs = std::filesystem;

namespace {

// Calls `handle` with each modal widget that appears until it returns true (polled every 50 ms).
void whenModal(std::function<bool(QWidget*)> handle) {
  auto* timer = new QTimer(qApp);
  QObject::connect(timer, &QTimer::timeout, timer, [timer, handle] {
    if (QWidget* modal = QApplication::activeModalWidget(); modal && handle(modal))
      timer->deleteLater();
  });
  timer->start(50);
}

// Fills and accepts the teaching export dialog (or cancels it).
bool answerTeachingDialog(QWidget* modal, bool accept) {
  if (modal->objectName() != "teachingExportDialog") return false;
  auto* dialog = qobject_cast<QDialog*>(modal);
  if (!accept) {
    QMetaObject::invokeMethod(dialog, &QDialog::reject, Qt::QueuedConnection);
    return true;
  }
  modal->findChild<QLineEdit*>("title")->setText("Hip injection under fluoroscopy");
  modal->findChild<QPlainTextEdit*>("teachingPoints")->setPlainText("Head-neck junction\nSpread");
  modal->findChild<QCheckBox*>("clean-descriptors")->setChecked(true);
  modal->findChild<QCheckBox*>("gif")->setChecked(false);
  // The redaction step: a drag across the top of the first frame shown adds a region.
  auto* preview = modal->findChild<QWidget*>("redactionPreview");
  auto* regions = modal->findChild<QPlainTextEdit*>("redactions");
  if (preview && regions) {
    QTest::mousePress(preview, Qt::LeftButton, {}, QPoint(10, 10));
    QTest::mouseMove(preview, QPoint(120, 20));
    QTest::mouseRelease(preview, Qt::LeftButton, {}, QPoint(120, 20));
  }
  QMetaObject::invokeMethod(dialog, &QDialog::accept, Qt::QueuedConnection);
  return true;
}

struct Finished {
  bool done = false;
  fv::dicom::Status status;
  QString folder;
};

}  // namespace

TEST(TeachingPlugin, FileExportAsksForANewFolderThenTheDialogAndBuildsTheBundleOffTheGuiThread) {
  auto w = fv::test::openFluoroWindow({QString::fromStdString(fv::test::testdata("demo"))});
  auto* action = w->findChild<QAction*>("export:teaching.exporter.bundle");
  ASSERT_NE(action, nullptr) << "File → Export lists the teaching exporter";
  ASSERT_TRUE(w->findChild<QAction*>("export:fluoro.exporter.confirmation"));
  const QString out = QString::fromStdString(fv::test::tempDir("teaching-gui")) + "/hip-case";

  Finished finished;
  QObject::connect(w->exports(), &fv::viewer::ExportRunner::finished, w.get(),
                   [&](const QString&, const QString& folder, const fv::dicom::Status& s) {
                     finished = {true, s, folder};
                   });
  whenModal([&](QWidget* modal) {
    auto* files = qobject_cast<QFileDialog*>(modal);
    if (!files) return false;
    // As a user does: go to the folder, type the new name (Qt's own dialog under Xvfb).
    files->setDirectory(QFileInfo(out).path());
    if (auto* name = files->findChild<QLineEdit*>("fileNameEdit")) name->setText("hip-case");
    QMetaObject::invokeMethod(files, &QDialog::accept, Qt::QueuedConnection);
    return true;
  });
  whenModal([](QWidget* modal) { return answerTeachingDialog(modal, true); });
  action->trigger();
  ASSERT_TRUE(fv::test::waitFor([&] { return finished.done; }, 60000));
  ASSERT_TRUE(finished.status) << finished.status.error().toString();
  EXPECT_EQ(finished.folder.toStdString(), out.toStdString());
  EXPECT_TRUE(fs::exists(out.toStdString() + "/DICOMDIR"));
  EXPECT_TRUE(fs::exists(out.toStdString() + "/videos/cine-01.mp4"));
  EXPECT_FALSE(fs::exists(out.toStdString() + "/videos/cine-01.gif")) << "GIF unticked";
  const std::string page = fv::test::slurp(out.toStdString() + "/case.html");
  EXPECT_NE(page.find("Hip injection under fluoroscopy"), std::string::npos);
  EXPECT_NE(page.find("<li>Head-neck junction</li>"), std::string::npos);
  EXPECT_NE(page.find("Clean Descriptors Option"), std::string::npos);
  EXPECT_NE(page.find("Clean Pixel Data Option"), std::string::npos)
      << "the region dragged in the redaction step was blanked";
  const QString status = w->findChild<QLabel*>("statusMessage")->text();
  EXPECT_TRUE(status.startsWith("Exported to")) << status.toStdString();
}

TEST(TeachingPlugin, CancelInTheExportDialogWritesNothing) {
  auto w = fv::test::openFluoroWindow({QString::fromStdString(fv::test::testdata("demo"))});
  auto exporter = w->plugins()->registry().exporter("teaching.exporter.bundle");
  ASSERT_TRUE(exporter);
  const QString parent = QString::fromStdString(fv::test::tempDir("teaching-gui-cancel"));
  Finished finished;
  QObject::connect(w->exports(), &fv::viewer::ExportRunner::finished, w.get(),
                   [&](const QString&, const QString&, const fv::dicom::Status& s) {
                     finished = {true, s};
                   });
  whenModal([](QWidget* modal) { return answerTeachingDialog(modal, false); });
  w->exports()->startInto(exporter, parent + "/case");
  ASSERT_TRUE(fv::test::waitFor([&] { return finished.done; }, 30000));
  ASSERT_FALSE(finished.status);
  EXPECT_EQ(finished.status.error().code, fv::dicom::ErrorCode::Cancelled);
  EXPECT_TRUE(fs::is_empty(parent.toStdString()));
}
