// fv-bench-pacs-viewer: the viewer's PACS targets, measured in the running main window (run it
// under Xvfb, with XDG_CONFIG_HOME and FLUOROVIEW_PACS_CACHE pointing at scratch folders). Prints
// one JSON object; bench/pacs_cases.py turns it into rows with targets.
//
//   fv-bench-pacs-viewer NODE_URL [--retrieve STUDY_UID]
//
// 1. query: Search (no filter) in the PACS dock while a 5 ms timer measures the longest
//    event-loop stall; time to the first study row and to the end of the search;
// 2. retrieve (--retrieve): double-click on the study row; time from there to the first frame of
//    the study painted in a viewport, and to the end of the retrieve.
#include <algorithm>
#include <cstdio>
#include <string>

#include <time.h>

#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QStandardItemModel>
#include <QTest>
#include <QTimer>

#include "BenchUtil.h"
#include "PacsNodeStore.h"
#include "PacsQueryPanel.h"
#include "PacsUi.h"
#include "fv/net/Node.h"
#include "fv/viewer/HeapPolicy.h"
#include "fv/viewer/ImageViewport.h"
#include "fv/viewer/MainWindow.h"
#include "fv/viewer/ViewportGrid.h"

using namespace fv::viewer;
using fv::bench::waitFor;
using pacs::PacsQueryPanel;

namespace {

/// The longest gap between ticks of a 5 ms timer while it runs: how long the GUI thread was busy.
class StallMeter {
 public:
  StallMeter() {
    m_ticker.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_ticker, &QTimer::timeout, [this] {
      const double gap = double(m_gap.nsecsElapsed()) / 1e6, cpu = threadCpuMs();
      if (gap > m_worstMs)
        m_worstMs = gap, m_worstAtMs = double(m_since.nsecsElapsed()) / 1e6,
        m_worstCpuMs = cpu - m_cpuAtTick;
      m_cpuAtTick = cpu;
      m_gap.restart();
    });
  }
  /// CPU time of the GUI thread: a stall with little of it was the scheduler, not our work.
  static double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
  }
  void start() {
    m_worstMs = 0;
    m_cpuAtTick = threadCpuMs();
    m_since.start();
    m_gap.start();
    m_ticker.start(5);
  }
  double stop() {
    m_ticker.stop();
    return m_worstMs;
  }

 private:
  QTimer m_ticker;
  QElapsedTimer m_gap, m_since;
  double m_worstMs = 0;

 public:
  double m_worstAtMs = 0;   ///< when the worst stall ended, since start()
  double m_worstCpuMs = 0;  ///< GUI-thread CPU time spent during the worst stall
  double m_cpuAtTick = 0;
};

QStandardItem* findStudy(QStandardItemModel* model, const QString& uid) {
  for (int p = 0; p < model->rowCount(); ++p)
    for (int s = 0; s < model->item(p)->rowCount(); ++s) {
      QStandardItem* study = model->item(p)->child(s);
      if (study->data(PacsQueryPanel::StudyUidRole).toString() == uid) return study;
    }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: fv-bench-pacs-viewer NODE_URL [--retrieve STUDY_UID]\n");
    return 1;
  }
  QString retrieveUid;
  for (int i = 2; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--retrieve") retrieveUid = argv[++i];
  auto node = fv::net::parseNode(argv[1]);
  if (!node.ok()) {
    std::fprintf(stderr, "fv-bench-pacs-viewer: %s\n", node.error().toString().c_str());
    return 1;
  }
  node->name = "Bench PACS";
  applyHeapPolicy();
  VtkOpenGLWidget::setDefaultSurfaceFormat();
  QApplication app(argc, argv);
  MainWindow window;
  window.resize(1400, 900);
  window.show();
  if (!QTest::qWaitForWindowExposed(&window)) {
    std::fprintf(stderr, "fv-bench-pacs-viewer: the window was never exposed (no display?)\n");
    return 1;
  }
  window.pacs()->store().save({*node});
  PacsQueryPanel* panel = window.pacs()->queryPanel();
  panel->reloadNodes();
  window.pacs()->dock()->show();
  QTest::qWait(200);

  // 1. query.
  StallMeter meter;
  bool searched = false;
  int studies = 0;
  QString error;
  QObject::connect(panel, &PacsQueryPanel::searchFinished,
                   [&](int n, const QString& e) { searched = true, studies = n, error = e; });
  QElapsedTimer clock;
  meter.start();
  clock.start();
  panel->search();
  waitFor([&] { return panel->model()->rowCount() > 0 || searched; }, 120000);
  const double firstMs = double(clock.nsecsElapsed()) / 1e6;
  waitFor([&] { return searched; }, 600000);
  const double allMs = double(clock.nsecsElapsed()) / 1e6;
  const double queryStallMs = meter.stop();
  if (!error.isEmpty()) {
    std::fprintf(stderr, "fv-bench-pacs-viewer: search failed: %s\n", error.toStdString().c_str());
    return 2;
  }
  std::printf(
      "{\"query\": {\"studies\": %d, \"firstMs\": %.1f, \"allMs\": %.1f, \"worstStallMs\": %.1f, "
      "\"worstStallEndMs\": %.1f, \"worstStallCpuMs\": %.1f}",
      studies, firstMs, allMs, queryStallMs, meter.m_worstAtMs, meter.m_worstCpuMs);

  // 2. retrieve to the first frame on screen.
  if (!retrieveUid.isEmpty()) {
    QStandardItem* study = findStudy(panel->model(), retrieveUid);
    if (!study) {
      std::printf("}\n");
      std::fprintf(stderr, "fv-bench-pacs-viewer: study %s not in the results\n",
                   retrieveUid.toStdString().c_str());
      return 2;
    }
    bool finished = false;
    long files = 0;
    QObject::connect(
        panel, &PacsQueryPanel::retrieveFinished,
        [&](const QString&, long n, const QString& e) { finished = true, files = n, error = e; });
    double firstFrameMs = -1;
    auto watch = [&](ImageViewport* v) {
      QObject::connect(v, &VtkOpenGLWidget::painted, [&, v](double) {
        if (firstFrameMs < 0 && v->series()) firstFrameMs = double(clock.nsecsElapsed()) / 1e6;
      });
    };
    for (int i = 0; i < window.grid()->count(); ++i) watch(window.grid()->viewport(i));
    QObject::connect(&window, &MainWindow::indexLoaded,
                     [&] {  // a new layout may bring new viewports
                       for (int i = 0; i < window.grid()->count(); ++i)
                         watch(window.grid()->viewport(i));
                     });
    meter.start();
    clock.restart();
    panel->retrieve(study);
    waitFor([&] { return firstFrameMs >= 0 || (finished && !error.isEmpty()); }, 600000);
    waitFor([&] { return finished; }, 600000);
    const double retrieveMs = double(clock.nsecsElapsed()) / 1e6;
    const double retrieveStallMs = meter.stop();
    std::printf(
        ",\n \"retrieve\": {\"files\": %ld, \"firstFrameMs\": %.1f, \"allMs\": %.1f, "
        "\"worstStallMs\": %.1f%s%s%s}",
        files, firstFrameMs, retrieveMs, retrieveStallMs, error.isEmpty() ? "" : ", \"error\": \"",
        error.isEmpty() ? "" : "failed", error.isEmpty() ? "" : "\"");
  }
  std::printf("}\n");
  return 0;
}
