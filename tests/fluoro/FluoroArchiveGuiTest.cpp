// Confirmations reach the patient record: with an archive node set (Edit > PACS nodes), each Save
// of the needle workflow sends its SC, GSPS and KOS through the outbox to a real Orthanc; without
// one they stay in the folder and the status bar says so.
#include <gtest/gtest.h>
#include <QLineEdit>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "OrthancServer.h"
#include "PacsSender.h"
#include "PacsUi.h"
#include "FluoroGuiTestUtil.h"
#include "RenderTestUtil.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/net/Node.h"
#include "fv/viewer/ImageViewport.h"
#include "fv/viewer/MainWindow.h"
#include "fv/viewer/ViewportGrid.h"

namespace fs = std::filesystem;
using namespace fv::viewer;

namespace {

// A fresh config folder, outbox and output folder per test.
struct FreshPlace {
  QTemporaryDir config, outbox;
  std::string out;
  explicit FreshPlace(const char* name) : out(fv::test::tempDir(name)) {
    qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
    qputenv("FLUOROVIEW_OUTBOX", outbox.path().toUtf8());
    ::setenv("FV_FLUORO_OUTPUT", out.c_str(), 1);
    QSettings().remove("pacs");
  }
  ~FreshPlace() {
    ::unsetenv("FV_FLUORO_OUTPUT");
    qunsetenv("FLUOROVIEW_OUTBOX");
  }
};

std::unique_ptr<MainWindow> openDemoInWorkflow() {
  auto w = fv::test::openFluoroWindow({QString::fromStdString(fv::test::demoXa())});
  EXPECT_TRUE(w->startWorkflow("fluoro.workflow.needle-confirmation"));
  QTest::qWait(100);
  return w;
}

// Marks frame 17, puts the needle tip on it and presses Save.
void confirmAndSave(MainWindow& w) {
  ImageViewport* v = w.grid()->active();
  ASSERT_NE(v, nullptr);
  v->setFrame(16);
  QTest::qWait(50);
  auto* list = w.findChild<QListWidget*>("confirmations");
  ASSERT_NE(list, nullptr);
  QTest::keyClick(&w, Qt::Key_C);
  ASSERT_TRUE(fv::test::waitFor([&] { return list->count() == 1; }, 2000));
  QTest::mouseClick(v, Qt::LeftButton, {}, v->imageToWidget(QPointF(219, 218)).toPoint());
  auto* who = w.findChild<QLineEdit*>("operator");
  ASSERT_NE(who, nullptr);
  who->setText("Berg^Lena");
  auto* save = w.findChild<QPushButton*>("saveButton");
  ASSERT_NE(save, nullptr);
  QTest::mouseClick(save, Qt::LeftButton);
}

QString statusText(MainWindow& w) {
  auto* label = w.findChild<QLabel*>("statusMessage");
  return label ? label->text() : QString("(no status label)");
}

std::set<std::string> sopUidsIn(const std::string& folder) {
  std::set<std::string> uids;
  for (const auto& e : fs::directory_iterator(folder))
    if (e.path().extension() == ".dcm")
      if (auto h = fv::dicom::readInstanceHeader(e.path().string())) uids.insert(h->sopInstanceUid);
  return uids;
}

std::set<std::string> sopUidsIn(const fv::test::OrthancServer& s) {
  std::set<std::string> uids;
  const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(s.get("/instances?expand")));
  for (const auto& i : doc.array())
    uids.insert(
        i.toObject()["MainDicomTags"].toObject()["SOPInstanceUID"].toString().toStdString());
  return uids;
}

}  // namespace

TEST(FluoroArchive, SavedConfirmationsAreSentToTheArchiveNode) {
  FreshPlace place("fluoro-archive-out");
  fv::test::OrthancServer s;
  fv::test::OrthancOptions o;
  o.dicomWeb = false;
  if (auto why = s.start(o); !why.empty()) GTEST_SKIP() << why;

  auto w = openDemoInWorkflow();
  auto node = fv::net::parseNode(s.dicomNode());
  ASSERT_TRUE(node.ok());
  node->name = "Archive PACS";
  node->timeoutSeconds = 10;
  w->pacs()->store().save({*node});
  w->pacs()->store().setArchiveNode("Archive PACS");
  ASSERT_EQ(w->pacs()->store().archiveNode(), "Archive PACS");

  bool sent = false, ok = false;
  QString message;
  QObject::connect(w->pacs(), &pacs::PacsUi::sent,
                   [&](bool k, const QString& m) { sent = true, ok = k, message = m; });
  confirmAndSave(*w);
  ASSERT_TRUE(fs::exists(fs::path(place.out) / "KO.dcm"));
  EXPECT_TRUE(statusText(*w).contains("sending 5 object(s) to the archive"))
      << statusText(*w).toStdString();
  ASSERT_TRUE(fv::test::waitFor([&] { return sent; }, 60000));
  EXPECT_TRUE(ok) << message.toStdString();
  EXPECT_TRUE(message.contains("Archive PACS")) << message.toStdString();

  // What the PACS holds is exactly what was saved: SC, GSPS, SR, PDF and KOS, by SOP Instance UID.
  const auto saved = sopUidsIn(place.out);
  ASSERT_EQ(saved.size(), 5u);
  EXPECT_EQ(sopUidsIn(s), saved);
}

TEST(FluoroArchive, WithoutAnArchiveTheConfirmationStaysLocalAndTheStatusSaysSo) {
  FreshPlace place("fluoro-no-archive-out");
  auto w = openDemoInWorkflow();
  ASSERT_TRUE(w->pacs()->store().archiveNode().isEmpty());
  confirmAndSave(*w);
  ASSERT_TRUE(fs::exists(fs::path(place.out) / "SC_frame017.dcm"));
  const QString status = statusText(*w);
  EXPECT_TRUE(status.contains("not sent: no archive node is set")) << status.toStdString();
  EXPECT_EQ(w->pacs()->sender()->outbox().snapshot().size(), 0u);
}
