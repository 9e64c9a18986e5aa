// PACS in the viewer against a real Orthanc: nodes and where their secrets go, Test connection,
// the query dock (search, series, retrieve into the cache and the study browser), Send to PACS.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

#include "NetPeers.h"
#include "OrthancServer.h"
#include "PacsNodeStore.h"
#include "PacsNodesDialog.h"
#include "OutboxPanel.h"
#include "PacsQueryPanel.h"
#include "PacsSender.h"
#include "PacsUi.h"
#include "RenderTestUtil.h"
#include "TestData.h"
#include "fv/viewer/ImageViewport.h"
#include "fv/viewer/MainWindow.h"
#include "fv/viewer/ViewportGrid.h"
#include "fv/viewer/browser/StudyBrowser.h"

using namespace fv::viewer;
using namespace fv::viewer::pacs;

namespace {

// A fresh config folder (XDG_CONFIG_HOME), outbox and empty node list for each test (the
// outbox would otherwise be the user's, kept across runs).
struct FreshConfig {
  QTemporaryDir dir, outbox;
  FreshConfig() {
    qputenv("XDG_CONFIG_HOME", dir.path().toUtf8());
    qputenv("FLUOROVIEW_OUTBOX", outbox.path().toUtf8());
    QSettings().remove("pacs");
  }
  ~FreshConfig() { qunsetenv("FLUOROVIEW_OUTBOX"); }
};

fv::net::Node orthancNode(const fv::test::OrthancServer& s, const std::string& name = "Orthanc") {
  auto n = fv::net::parseNode(s.dicomNode());
  EXPECT_TRUE(n.ok());
  fv::net::Node node = n.ok() ? *n : fv::net::Node{};
  node.name = name;
  node.timeoutSeconds = 10;
  return node;
}

QString readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

std::vector<std::string> filesUnder(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec))
    if (it->is_regular_file()) out.push_back(it->path().string());
  return out;
}

// Opens `path` in `w` as File > Open does; true once it is indexed.
bool openAndIndex(MainWindow& w, const std::string& path) {
  bool loaded = false;
  const auto c = QObject::connect(&w, &MainWindow::indexLoaded, [&] { loaded = true; });
  w.openPaths({QString::fromStdString(path)});
  const bool ok = fv::test::waitFor([&] { return loaded; }, 30000);
  QObject::disconnect(c);  // `loaded` ends here; later loads must not reach it
  return ok;
}

std::unique_ptr<MainWindow> shownWindow() {
  auto w = std::make_unique<MainWindow>(QStringList{"/nonexistent"});
  w->resize(1200, 800);
  w->show();
  return w;
}

}  // namespace

TEST(PacsNodeStore, KeepsNodesInSettingsAndTheSecretOutOfTheSettingsFile) {
  FreshConfig config;
  fv::net::Node n;
  n.name = "Web PACS";
  n.protocol = fv::net::Protocol::DicomWeb;
  n.baseUrl = "https://pacs.example/dicom-web";
  n.credentials.kind = fv::net::AuthKind::Basic;
  n.credentials.user = "alice";
  n.credentials.secret = "s3cret-Passw0rd";
  n.timeoutSeconds = 17;
  n.tlsSettings.caFile = "/etc/ca.pem";
  PacsNodeStore store;
  store.save({n});

  QSettings settings;
  settings.sync();
  const QString conf = readAll(settings.fileName());
  ASSERT_FALSE(conf.isEmpty()) << settings.fileName().toStdString();
  EXPECT_TRUE(conf.contains("pacs.example"));
  EXPECT_FALSE(conf.contains("s3cret-Passw0rd"))
      << "the secret is in " << settings.fileName().toStdString();

  PacsNodeStore reread;
  const auto nodes = reread.nodes();
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].name, "Web PACS");
  EXPECT_EQ(nodes[0].protocol, fv::net::Protocol::DicomWeb);
  EXPECT_EQ(nodes[0].baseUrl, "https://pacs.example/dicom-web");
  EXPECT_EQ(nodes[0].credentials.kind, fv::net::AuthKind::Basic);
  EXPECT_EQ(nodes[0].credentials.user, "alice");
  EXPECT_EQ(nodes[0].timeoutSeconds, 17);
  EXPECT_EQ(nodes[0].tlsSettings.caFile, "/etc/ca.pem");
  EXPECT_TRUE(nodes[0].credentials.secret.empty());  // the list never carries secrets
  EXPECT_EQ(reread.node("Web PACS").credentials.secret, "s3cret-Passw0rd");

  if (store.lastPlace() == SecretPlace::Keyring) {
    GTEST_SKIP() << "a keyring answered: the secret is there, no fallback file to check";
  }
  ASSERT_EQ(store.lastPlace(), SecretPlace::File);
  const QString file = PacsNodeStore::defaultSecretsFile();
  EXPECT_TRUE(file.startsWith(config.dir.path())) << file.toStdString();
  EXPECT_TRUE(readAll(file).contains("s3cret-Passw0rd"));
  struct stat st {};
  ASSERT_EQ(::stat(file.toLocal8Bit().constData(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // Removing the node removes its secret.
  store.save({});
  EXPECT_FALSE(readAll(file).contains("s3cret-Passw0rd"));
  EXPECT_TRUE(PacsNodeStore().node("Web PACS").name.empty());
}

TEST(PacsNodesDialog, OneNodeAtMostIsTheArchiveAndARemovedNodeIsNoArchive) {
  FreshConfig config;
  PacsNodeStore store;
  fv::net::Node a, b;
  a.name = "Main PACS", a.host = "127.0.0.1", a.port = 104, a.calledAet = "MAIN";
  b.name = "Teaching", b.host = "127.0.0.1", b.port = 105, b.calledAet = "TEACH";
  {
    PacsNodesDialog dialog(store);
    dialog.addNode(a);
    dialog.archiveCheck()->setChecked(true);
    dialog.addNode(b);  // selecting another node keeps the mark where it was
    EXPECT_FALSE(dialog.archiveCheck()->isChecked());
    dialog.saveNodes();
  }
  EXPECT_EQ(store.archiveNode(), "Main PACS");
  {
    PacsNodesDialog dialog(store);  // marking the second moves the mark
    EXPECT_TRUE(dialog.archiveCheck()->isChecked());
    auto* list = dialog.findChild<QListWidget*>();
    ASSERT_NE(list, nullptr);
    list->setCurrentRow(1);
    dialog.archiveCheck()->setChecked(true);
    dialog.saveNodes();
  }
  EXPECT_EQ(store.archiveNode(), "Teaching");
  store.save({a});
  EXPECT_EQ(store.archiveNode(), "");
  store.setArchiveNode("Nowhere");
  EXPECT_EQ(store.archiveNode(), "");
}

TEST(PacsNodesDialog, TestConnectionReportsOkAgainstOrthancAndTheErrorOnAClosedPort) {
  FreshConfig config;
  fv::test::OrthancServer s;
  fv::test::OrthancOptions o;
  o.dicomWeb = false;
  if (auto why = s.start(o); !why.empty()) GTEST_SKIP() << why;
  PacsNodeStore store;
  PacsNodesDialog dialog(store);
  dialog.addNode(orthancNode(s));
  bool done = false, ok = false;
  QString text;
  QObject::connect(&dialog, &PacsNodesDialog::tested, [&](bool k, const QString& t) {
    done = true;
    ok = k;
    text = t;
  });
  QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
  ASSERT_TRUE(fv::test::waitFor([&] { return done; }, 20000));
  EXPECT_TRUE(ok) << text.toStdString();
  EXPECT_TRUE(
      QRegularExpression("^OK \\(\\d+ ms\\)$").match(dialog.testResult()->text()).hasMatch())
      << dialog.testResult()->text().toStdString();

  fv::net::Node closed = orthancNode(s, "Closed");
  closed.port = fv::test::OrthancServer::freePort();
  closed.timeoutSeconds = 3;
  dialog.addNode(closed);
  done = false;
  dialog.testConnection();
  ASSERT_TRUE(fv::test::waitFor([&] { return done; }, 20000));
  EXPECT_FALSE(ok);
  EXPECT_FALSE(text.startsWith("OK"));
  EXPECT_TRUE(text.contains(QString::number(closed.port)))
      << "the error names the node: " << text.toStdString();
  EXPECT_EQ(dialog.testResult()->text(), text);

  // Saving a password says where it went: without a keyring, the user-only file.
  dialog.secretEdit()->setText("pw-of-closed");
  dialog.saveNodes();
  if (store.lastPlace() == SecretPlace::File) {
    EXPECT_TRUE(dialog.secretNote()->text().contains("pacs-secrets"))
        << dialog.secretNote()->text().toStdString();
    EXPECT_TRUE(dialog.secretNote()->text().contains("0600"));
  } else {
    EXPECT_EQ(store.lastPlace(), SecretPlace::Keyring);
    EXPECT_TRUE(dialog.secretNote()->text().contains("keyring"));
  }
  EXPECT_EQ(PacsNodeStore().node("Closed").credentials.secret, "pw-of-closed");
  EXPECT_EQ(PacsNodeStore().nodes().size(), 2u);
}

TEST(PacsQueryPanel, ListsTheStudiesAndARetrieveShowsTheStudyInTheBrowser) {
  FreshConfig config;
  QTemporaryDir cache;
  qputenv("FLUOROVIEW_PACS_CACHE", cache.path().toUtf8());
  fv::test::OrthancServer s;
  fv::test::OrthancOptions o;
  o.dicomWeb = false;
  if (auto why = s.start(o); !why.empty()) GTEST_SKIP() << why;
  const std::string mr = fv::test::generated("pacs_mr", "mr --slices 12");
  const std::string xa = fv::test::generated("pacs_xa.dcm", "xa --frames 20");
  const auto mrFiles = filesUnder(mr);
  ASSERT_EQ(mrFiles.size(), 12u);
  for (const auto& f : mrFiles) ASSERT_EQ(s.upload(f), "");
  ASSERT_EQ(s.upload(xa), "");

  auto w = shownWindow();
  w->pacs()->store().save({orthancNode(s)});
  PacsQueryPanel* panel = w->pacs()->queryPanel();
  panel->reloadNodes();
  ASSERT_EQ(panel->nodeBox()->currentText(), "Orthanc");

  int studies = -1;
  QString error;
  QObject::connect(panel, &PacsQueryPanel::searchFinished, [&](int n, const QString& e) {
    studies = n;
    error = e;
  });
  panel->search();
  ASSERT_TRUE(fv::test::waitFor([&] { return studies >= 0; }, 20000));
  EXPECT_EQ(error, "");
  ASSERT_EQ(studies, 2);
  // Both studies, under their patients; find the MR one.
  QStandardItem* mrStudy = nullptr;
  int studyRows = 0;
  for (int p = 0; p < panel->model()->rowCount(); ++p) {
    QStandardItem* patient = panel->model()->item(p);
    for (int r = 0; r < patient->rowCount(); ++r) {
      ++studyRows;
      if (patient->child(r, 2)->text().contains("MR")) mrStudy = patient->child(r);
    }
  }
  EXPECT_EQ(studyRows, 2);
  ASSERT_NE(mrStudy, nullptr);

  // Expanding a study lists its series.
  bool fetched = false;
  QObject::connect(panel, &PacsQueryPanel::seriesFetched, [&] { fetched = true; });
  panel->view()->expand(mrStudy->index());
  ASSERT_TRUE(fv::test::waitFor([&] { return fetched; }, 20000));
  ASSERT_EQ(mrStudy->rowCount(), 1);
  EXPECT_EQ(mrStudy->child(0)->data(PacsQueryPanel::LevelRole).toInt(),
            PacsQueryPanel::SeriesLevel);
  EXPECT_EQ(mrStudy->child(0, 3)->text(), "12");

  // Retrieve: the first file opens the cache folder in the browser, the end re-indexes it.
  QString firstFolder, doneFolder, retrieveError;
  long files = -1;
  QObject::connect(panel, &PacsQueryPanel::firstFileArrived,
                   [&](const QString& f) { firstFolder = f; });
  QObject::connect(panel, &PacsQueryPanel::retrieveFinished,
                   [&](const QString& f, long n, const QString& e) {
                     doneFolder = f;
                     files = n;
                     retrieveError = e;
                   });
  const QString studyUid = mrStudy->data(PacsQueryPanel::StudyUidRole).toString();
  panel->retrieve(mrStudy);
  ASSERT_TRUE(fv::test::waitFor([&] { return files >= 0; }, 60000));
  EXPECT_EQ(retrieveError, "");
  EXPECT_EQ(files, 12);
  EXPECT_FALSE(firstFolder.isEmpty());
  EXPECT_EQ(firstFolder, doneFolder);
  EXPECT_TRUE(firstFolder.startsWith(cache.path())) << firstFolder.toStdString();
  EXPECT_EQ(filesUnder(firstFolder.toStdString()).size(), 12u);
  EXPECT_TRUE(panel->statusLine()->text().contains("12 file(s)"))
      << panel->statusLine()->text().toStdString();

  // The browser shows the study with all 12 instances once indexing settles.
  ASSERT_TRUE(fv::test::waitFor(
      [&] {
        if (w->loading()) return false;
        const auto index = w->studyBrowser()->dicomIndex();
        if (!index) return false;
        for (const auto* series : index->allSeries())
          if (!series->instances.empty() &&
              series->instances[0].study.instanceUid == studyUid.toStdString() &&
              series->instances.size() == 12)
            return true;
        return false;
      },
      30000));
  qunsetenv("FLUOROVIEW_PACS_CACHE");
}

TEST(PacsQueryPanel, OverASlowDicomWebLinkTheCinesFirstFrameIsShownBeforeTheCineArrives) {
  FreshConfig config;
  QTemporaryDir cache;
  qputenv("FLUOROVIEW_PACS_CACHE", cache.path().toUtf8());
  fv::test::OrthancServer s;
  if (!fv::test::OrthancServer::available()) GTEST_SKIP() << "Orthanc is not installed";
  ASSERT_EQ(s.start({}), "");
  const std::string xa = fv::test::generated("pacs_xa.dcm", "xa --frames 20");
  ASSERT_EQ(s.upload(xa), "");
  // 3 MB/s per connection: the 10 MB cine takes 3.5 s, its 0.5 MB first frame a sixth of a second.
  fv::test::StallingProxy link(s.httpPort(), UINT64_MAX, 3'000'000);
  auto web = fv::net::parseNode("http://127.0.0.1:" + std::to_string(link.port()) + "/dicom-web");
  ASSERT_TRUE(web.ok());
  web->name = "Web";
  auto w = shownWindow();
  w->pacs()->store().save({*web});
  PacsQueryPanel* panel = w->pacs()->queryPanel();
  panel->reloadNodes();
  int studies = -1;
  QObject::connect(panel, &PacsQueryPanel::searchFinished, [&](int n, const QString&) { studies = n; });
  panel->search();
  ASSERT_TRUE(fv::test::waitFor([&] { return studies >= 0; }, 20000));
  ASSERT_EQ(studies, 1);
  QStandardItem* study = panel->model()->item(0)->child(0);
  ASSERT_NE(study, nullptr);

  QString previewFolder, firstFolder;
  long files = -1;
  QObject::connect(panel, &PacsQueryPanel::previewShown, [&](const QString& f) { previewFolder = f; });
  QObject::connect(panel, &PacsQueryPanel::firstFileArrived, [&](const QString& f) { firstFolder = f; });
  QObject::connect(panel, &PacsQueryPanel::retrieveFinished, [&](const QString&, long n, const QString&) { files = n; });
  // What the viewports paint: the frame count of the series shown, and whether the cine's
  // instance had arrived by then.
  std::vector<std::pair<uint32_t, bool>> painted;
  auto watch = [&](ImageViewport* v) {
    QObject::connect(v, &VtkOpenGLWidget::painted, [&, v](double) {
      if (v->series() && !v->series()->instances.empty())
        painted.push_back({v->series()->instances[0].pixels.frames, !firstFolder.isEmpty()});
    });
  };
  for (int i = 0; i < w->grid()->count(); ++i) watch(w->grid()->viewport(i));
  QObject::connect(w.get(), &MainWindow::indexLoaded, [&] {
    for (int i = 0; i < w->grid()->count(); ++i) watch(w->grid()->viewport(i));
  });
  panel->retrieve(study);
  ASSERT_TRUE(fv::test::waitFor([&] { return files >= 0; }, 60000));
  EXPECT_EQ(files, 1);
  EXPECT_FALSE(previewFolder.isEmpty()) << "no preview";
  EXPECT_FALSE(previewFolder.startsWith(cache.path() + "/" + study->data(PacsQueryPanel::StudyUidRole).toString()));
  ASSERT_TRUE(fv::test::waitFor([&] { return !painted.empty() && painted.back().first == 20; }, 30000))
      << "the whole cine replaces the preview";
  ASSERT_FALSE(painted.empty());
  EXPECT_EQ(painted.front(), std::make_pair(1u, false)) << "the first paint is the one-frame preview, before the cine arrived";
  qunsetenv("FLUOROVIEW_PACS_CACHE");
}

TEST(PacsUi, EditAndViewMenusReachTheNodesDialogAndTheQueryDock) {
  FreshConfig config;
  auto w = shownWindow();
  QAction* nodes = w->findChild<QAction*>("pacs.nodes");
  QAction* dock = w->findChild<QAction*>("pacs.queryDock");
  QAction* send = w->findChild<QAction*>("pacs.send");
  ASSERT_NE(nodes, nullptr);
  ASSERT_NE(dock, nullptr);
  ASSERT_NE(send, nullptr);
  EXPECT_FALSE(w->pacs()->dock()->isVisible());
  dock->trigger();
  EXPECT_TRUE(w->pacs()->dock()->isVisible());
  // Send with nothing selected says so instead of asking for a node.
  send->trigger();
  EXPECT_EQ(w->findChildren<QDialog*>().size(), 0);
}

TEST(PacsSend, SendToPacsOfASeriesLandsItsInstancesInTheNode) {
  FreshConfig config;
  fv::test::OrthancServer s;
  fv::test::OrthancOptions o;
  o.dicomWeb = false;
  if (auto why = s.start(o); !why.empty()) GTEST_SKIP() << why;
  ASSERT_EQ(s.instanceCount(), 0);
  const std::string mr = fv::test::generated("pacs_mr", "mr --slices 12");

  auto w = shownWindow();
  w->pacs()->store().save({orthancNode(s)});
  ASSERT_TRUE(openAndIndex(*w, mr));
  const auto series = w->index().allSeries();
  ASSERT_EQ(series.size(), 1u);

  bool sent = false, ok = false;
  QString message;
  QObject::connect(w->pacs(), &PacsUi::sent, [&](bool k, const QString& m) {
    sent = true;
    ok = k;
    message = m;
  });
  w->pacs()->sendSeries(QString::fromStdString(series[0]->key.instanceUid), "Orthanc");
  ASSERT_TRUE(fv::test::waitFor([&] { return sent; }, 60000));
  EXPECT_TRUE(ok) << message.toStdString();
  EXPECT_TRUE(message.contains("Orthanc")) << message.toStdString();
  EXPECT_EQ(s.instanceCount(), 12);

  // A node that is down: the message names it and says why.
  fv::net::Node down = orthancNode(s, "Down PACS");
  down.port = fv::test::OrthancServer::freePort();
  down.timeoutSeconds = 3;
  w->pacs()->store().save({orthancNode(s), down});
  sent = false;
  w->pacs()->sendSeries(QString::fromStdString(series[0]->key.instanceUid), "Down PACS");
  ASSERT_TRUE(fv::test::waitFor([&] { return sent; }, 60000));
  EXPECT_FALSE(ok);
  EXPECT_TRUE(message.contains("Down PACS")) << message.toStdString();
  EXPECT_TRUE(message.contains("failed")) << message.toStdString();
}

TEST(OutboxPanel, AJobForADownNodeIsListedRemovableAndSentByRetryNowOnceThePacsIsBack) {
  FreshConfig config;
  fv::test::OrthancServer s;
  fv::test::OrthancOptions o;
  o.dicomWeb = false;
  if (auto why = s.start(o); !why.empty()) GTEST_SKIP() << why;
  const std::string mr = fv::test::generated("pacs_mr", "mr --slices 12");
  auto w = shownWindow();
  fv::net::Node later = orthancNode(s, "Later PACS");
  later.port = fv::test::OrthancServer::freePort();  // down for now
  later.timeoutSeconds = 3;
  w->pacs()->store().save({later});
  ASSERT_TRUE(openAndIndex(*w, mr));
  const QString series = QString::fromStdString(w->index().allSeries().at(0)->key.instanceUid);
  bool sent = false, ok = false;
  QObject::connect(w->pacs(), &PacsUi::sent, [&](bool k, const QString&) { sent = true, ok = k; });
  auto* panel = w->pacs()->outboxPanel();
  QTreeWidget* list = panel->list();
  auto button = [&](const QString& text) -> QPushButton* {
    for (auto* b : panel->findChildren<QPushButton*>())
      if (b->text() == text) return b;
    return nullptr;
  };
  ASSERT_NE(button("Retry now"), nullptr);
  ASSERT_NE(button("Remove"), nullptr);

  // A send to the down node is kept, listed with its node, progress, next try and the reason.
  w->pacs()->sendSeries(series, "Later PACS");
  ASSERT_TRUE(fv::test::waitFor([&] { return sent; }, 30000));
  EXPECT_FALSE(ok);
  ASSERT_TRUE(fv::test::waitFor([&] { return list->topLevelItemCount() == 1; }, 5000));
  QTreeWidgetItem* job = list->topLevelItem(0);
  EXPECT_EQ(job->text(0), "Later PACS");
  EXPECT_EQ(job->text(1), "0/12");
  EXPECT_TRUE(job->text(2).startsWith("retrying at ")) << job->text(2).toStdString();
  EXPECT_TRUE(job->text(3).contains("connection refused")) << job->text(3).toStdString();

  // Remove takes it out: nothing is sent later.
  list->setCurrentItem(job);
  QTest::mouseClick(button("Remove"), Qt::LeftButton);
  EXPECT_EQ(list->topLevelItemCount(), 0);
  EXPECT_TRUE(w->pacs()->sender()->outbox().snapshot().empty());

  // Again; then the node's port is corrected (same AE title): Retry now sends it there at once.
  sent = false;
  w->pacs()->sendSeries(series, "Later PACS");
  ASSERT_TRUE(fv::test::waitFor([&] { return sent; }, 30000));
  ASSERT_TRUE(fv::test::waitFor([&] { return list->topLevelItemCount() == 1; }, 5000));
  w->pacs()->store().save({orthancNode(s, "Later PACS")});
  w->pacs()->sender()->setNodes({w->pacs()->store().node("Later PACS")});
  sent = false;
  list->setCurrentItem(list->topLevelItem(0));
  QTest::mouseClick(button("Retry now"), Qt::LeftButton);
  ASSERT_TRUE(fv::test::waitFor([&] { return sent; }, 60000));
  EXPECT_TRUE(ok);
  EXPECT_EQ(s.instanceCount(), 12);
  ASSERT_TRUE(fv::test::waitFor([&] { return list->topLevelItemCount() == 1 && list->topLevelItem(0)->text(2) == "sent"; }, 5000));
  EXPECT_EQ(list->topLevelItem(0)->text(1), "12/12");
}
