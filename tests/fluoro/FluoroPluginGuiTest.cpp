// The fluoroscopy plugin in the running viewer under Xvfb: the needle-confirmation workflow,
// C to mark a frame, tip/target/trajectory drawn with synthetic mouse events, Save, and the
// outputs found again when the folder is reopened.
#include <gtest/gtest.h>
#include <QLineEdit>
#include <QApplication>
#include <QTimer>
#include <QMessageBox>
#include <QInputDialog>

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListWidget>
#include <QPushButton>
#include <QTest>
#include <cstdlib>
#include <filesystem>

#include "DerivedTestSupport.h"
#include "FluoroGuiTestUtil.h"
#include "RenderTestUtil.h"
#include "TestData.h"
#include "fv/dicom/DerivedObjects.h"
#include "fv/dicom/Indexer.h"
#include "fv/viewer/ImageViewport.h"
#include "fv/viewer/MainWindow.h"
#include "fv/viewer/PluginHost.h"
#include "fv/viewer/ViewportGrid.h"

namespace fs = std::filesystem;
using namespace fv::viewer;

namespace {


QPoint widgetPos(ImageViewport& v, double row, double col) {
  return v.imageToWidget(QPointF(col, row)).toPoint();
}

QJsonObject readJson(const QString& path) {
  QFile f(path);
  EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << path.toStdString();
  return QJsonDocument::fromJson(f.readAll()).object();
}

// Answers the next modal dialog when it shows: a text input gets `text` and OK, a message box Yes.
void answerNextDialog(const QString& text = {}) {
  QTimer::singleShot(0, [text] {
    const bool shown = fv::test::waitFor(
        [] { return QApplication::activeModalWidget() != nullptr; }, 5000);
    if (!shown) return;
    QWidget* modal = QApplication::activeModalWidget();
    if (auto* input = qobject_cast<QInputDialog*>(modal)) {
      input->setTextValue(text);
      input->accept();
    } else if (auto* box = qobject_cast<QMessageBox*>(modal)) {
      box->button(QMessageBox::Yes)->click();
    }
  });
}

void trigger(MainWindow& w, const QString& name) {
  QAction* a = w.findChild<QAction*>(name);
  ASSERT_NE(a, nullptr) << name.toStdString();
  a->trigger();
}

}  // namespace

TEST(FluoroPlugin, LoadsAndContributesTheNeedleWorkflow) {
  auto w = fv::test::openFluoroWindow({QString::fromStdString(fv::test::demoXa())});
  bool loaded = false;
  for (const auto& rec : w->plugins()->plugins())
    if (rec.id == "fluoro") loaded = rec.status == PluginRecord::Status::Loaded;
  ASSERT_TRUE(loaded) << w->plugins()->listText().toStdString();
  for (const char* tool : {"needle-tip", "target", "trajectory", "reference-line", "arrow", "label",
                           "outline", "calibration", "select"})
    EXPECT_NE(w->findChild<QAction*>(QString("tool:fluoro.tool.") + tool), nullptr) << tool;
  EXPECT_NE(w->findChild<QDockWidget*>("fluoro.panel.confirmations"), nullptr);
}

TEST(FluoroPlugin, MarkDrawSaveAndReopen) {
  const std::string out = fv::test::tempDir("fluoro-gui-out");
  ::setenv("FV_FLUORO_OUTPUT", out.c_str(), 1);
  auto w = fv::test::openFluoroWindow({fv::test::testdata("demo").c_str()});
  ASSERT_TRUE(w->startWorkflow("fluoro.workflow.needle-confirmation"));
  QTest::qWait(100);
  ASSERT_EQ(w->grid()->rows(), 1);
  ASSERT_EQ(w->grid()->columns(), 2);
  ImageViewport* v = w->grid()->active();
  ASSERT_NE(v, nullptr);
  ASSERT_NE(v->series(), nullptr);
  ASSERT_EQ(v->series()->key.modality, "XA");
  EXPECT_EQ(w->grid()->viewport(0)->series()->key.modality, "MR");  // the prior MRI beside it
  v->setFrame(16);  // frame 17: the needle reaches the target
  QTest::qWait(50);

  // C marks the frame; the panel lists it.
  auto* list = w->findChild<QListWidget*>("confirmations");
  ASSERT_NE(list, nullptr);
  QTest::keyClick(w.get(), Qt::Key_C);
  ASSERT_TRUE(fv::test::waitFor([&] { return list->count() == 1; }, 2000));
  EXPECT_TRUE(list->item(0)->text().startsWith("Frame 17"));

  // Draw: tip (the workflow's tool), target, trajectory entry → tip with a drag.
  const double tipRow = 218, tipCol = 219, targetRow = 219.48, targetCol = 219.71, entryRow = 52,
               entryCol = 115;
  QTest::mouseClick(v, Qt::LeftButton, {}, widgetPos(*v, tipRow, tipCol));
  trigger(*w, "tool:fluoro.tool.target");
  QTest::mouseClick(v, Qt::LeftButton, {}, widgetPos(*v, targetRow, targetCol));
  trigger(*w, "tool:fluoro.tool.trajectory");
  QTest::mousePress(v, Qt::LeftButton, {}, widgetPos(*v, entryRow, entryCol));
  QTest::mouseMove(v, widgetPos(*v, (entryRow + tipRow) / 2, (entryCol + tipCol) / 2));
  QTest::mouseRelease(v, Qt::LeftButton, {}, widgetPos(*v, tipRow, tipCol));
  QTest::qWait(50);

  // The viewport shows the tip marker in its colour.
  v->requestRender();
  QTest::qWait(50);
  const QImage shot = v->grabFramebuffer();
  const QPoint tipWidget = widgetPos(*v, tipRow, tipCol);
  int yellow = 0;
  for (int y = tipWidget.y() - 10; y <= tipWidget.y() + 10; ++y)
    for (int x = tipWidget.x() - 10; x <= tipWidget.x() + 10; ++x) {
      const QColor c = shot.pixelColor(x, y);
      yellow += c.red() > 200 && c.green() > 200 && c.blue() < 80;
    }
  EXPECT_GT(yellow, 10);

  // Save asks once for the operator, then writes SC + GSPS + SR + PDF + KOS + record.
  auto* save = w->findChild<QPushButton*>("saveButton");
  ASSERT_NE(save, nullptr);
  answerNextDialog("Berg, Lena");
  QTest::mouseClick(save, Qt::LeftButton);
  for (const char* name : {"SC_frame017.dcm", "PR_frame017.dcm", "SR.dcm", "DOC.dcm", "KO.dcm",
                           "procedure.pdf"})
    ASSERT_TRUE(fs::exists(fs::path(out) / name)) << name;
  EXPECT_EQ(fv::test::dumpValue(out + "/PR_frame017.dcm", "ContentCreatorName"), "Berg^Lena");
  auto* operatorField = w->findChild<QLineEdit*>("operator");
  ASSERT_NE(operatorField, nullptr);
  EXPECT_EQ(operatorField->text(), "Berg^Lena") << "kept for the next save";
  EXPECT_TRUE(w->findChild<QPushButton*>("openReport")->isEnabled());
  const QJsonObject record = readJson(QString::fromStdString(out) + "/procedure.json");
  const auto c = record["confirmations"].toArray()[0].toObject();
  EXPECT_EQ(c["frame"].toInt(), 17);
  EXPECT_EQ(c["annotations"].toArray().size(), 3);
  const auto m = c["measurements"].toObject();
  EXPECT_EQ(m["calibrationSource"].toString(), "magnification-corrected");
  // Clicks land on whole widget pixels: at this zoom that is within a pixel of where we aimed.
  const double mmPerPixel = 0.585938 / 1.466667;
  EXPECT_NEAR(m["tipToTargetMm"].toDouble(),
              std::hypot(targetRow - tipRow, targetCol - tipCol) * mmPerPixel, 2.0 * mmPerPixel);
  EXPECT_NEAR(m["trajectoryAngleDeg"].toDouble(),
              std::atan2(std::abs(tipCol - entryCol), std::abs(tipRow - entryRow)) * 180 / M_PI,
              1.0);
  auto sc = fv::dicom::readInstanceHeader(out + "/SC_frame017.dcm");
  ASSERT_TRUE(sc);
  EXPECT_EQ(sc->study.instanceUid, v->series()->instances[0].study.instanceUid);
  EXPECT_TRUE(list->item(0)->text().contains("saved"));
  w.reset();

  // Reopen the source and the outputs: the frame is confirmed again, with its annotations.
  auto again =
      fv::test::openFluoroWindow({QString::fromStdString(fv::test::demoXa()), QString::fromStdString(out)});
  auto* list2 = again->findChild<QListWidget*>("confirmations");
  ASSERT_NE(list2, nullptr);
  ASSERT_TRUE(fv::test::waitFor([&] { return list2->count() == 1; }, 3000));
  EXPECT_TRUE(list2->item(0)->text().startsWith("Frame 17"));
  EXPECT_TRUE(list2->item(0)->text().contains("saved"));
  EXPECT_TRUE(list2->item(0)->text().contains("Distance")) << "the SR's measurements";
  list2->setCurrentRow(0);
  auto* openReport = again->findChild<QPushButton*>("openReport");
  ASSERT_NE(openReport, nullptr);
  EXPECT_TRUE(openReport->isEnabled()) << "procedure.pdf found beside the SR";

  // Retract: confirmed in a dialog, a reason given; a rejection note is filed, nothing deleted.
  auto* retract = again->findChild<QPushButton*>("retract");
  ASSERT_NE(retract, nullptr);
  ASSERT_TRUE(retract->isEnabled());
  answerNextDialog();
  QTimer::singleShot(300, [] { answerNextDialog("marked on the wrong frame"); });
  QTest::mouseClick(retract, Qt::LeftButton);
  ASSERT_TRUE(fv::test::waitFor([&] { return fs::exists(fs::path(out) / "KO_rejected.dcm"); }, 5000));
  EXPECT_EQ(list2->count(), 0);
  EXPECT_TRUE(fs::exists(fs::path(out) / "SC_frame017.dcm")) << "nothing is deleted";
  EXPECT_EQ(fv::test::dumpValue(out + "/KO_rejected.dcm", "TextValue"), "marked on the wrong frame");
  again.reset();
  // Reopened, the retracted confirmation is not linked any more.
  auto third =
      fv::test::openFluoroWindow({QString::fromStdString(fv::test::demoXa()), QString::fromStdString(out)});
  auto* list3 = third->findChild<QListWidget*>("confirmations");
  ASSERT_NE(list3, nullptr);
  QTest::qWait(500);
  EXPECT_EQ(list3->count(), 0);
  ::unsetenv("FV_FLUORO_OUTPUT");
}

TEST(FluoroPlugin, UndoRemovesTheLastAnnotation) {
  auto w = fv::test::openFluoroWindow({QString::fromStdString(fv::test::demoXa())});
  ImageViewport* v = w->grid()->active();
  ASSERT_NE(v, nullptr);
  trigger(*w, "tool:fluoro.tool.needle-tip");
  v->setShowOverlays(false);
  const QPoint p = widgetPos(*v, 100, 100);
  v->requestRender();
  QTest::qWait(50);
  const QImage before = v->grabFramebuffer();
  QTest::mouseClick(v, Qt::LeftButton, {}, p);
  v->requestRender();
  QTest::qWait(50);
  EXPECT_NE(v->grabFramebuffer().pixelColor(p), before.pixelColor(p));
  QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
  v->requestRender();
  QTest::qWait(50);
  EXPECT_EQ(v->grabFramebuffer().pixelColor(p), before.pixelColor(p));
}
