// fv-bench-resources: the viewer with many files and with a huge series (issue 5, resource
// behaviour), measured on the real main window (run it under Xvfb). Prints one JSON object;
// bench/run-benchmarks turns it into table rows with targets.
//
//   fv-bench-resources MANY_DIR HUGE.dcm TINY.dcm
//
// The baseline is the empty viewer after it showed and closed TINY once: one-time caches (the
// data dictionary, compiled shaders, glyphs) are in it, so what remains above it after closing
// or cancelling is memory a study failed to give back.
// 1. many: opens MANY_DIR (thousands of small files) — load time, worst event-loop stall, memory
//    above the empty viewer; then File → Close all studies, and the memory left afterwards;
// 2. cancel: opens MANY_DIR again and cancels once a third of the files are indexed — the
//    memory left above the empty viewer once the job stopped;
// 3. huge: opens HUGE.dcm (a 1 GiB multi-frame) — worst stall while it loads, then every frame
//    shown once (the whole series resident): growth over the raw pixel bytes; then Close all and
//    the memory left.
#include <cstdio>
#include <string>

#include <QApplication>

#include "BenchUtil.h"
#include "fv/viewer/HeapPolicy.h"
#include "fv/viewer/ImageViewport.h"
#include "fv/viewer/MainWindow.h"
#include "fv/viewer/ViewportGrid.h"
#include "fv/viewer/VtkOpenGLWidget.h"

using namespace fv::viewer;
using fv::bench::rssMiB;
using fv::bench::StallWatch;
using fv::bench::waitFor;

namespace {

struct Load {
  double ms = 0, worstStallMs = 0, rssMiB = 0;
  size_t files = 0;
};

// Opens `path` and waits until the index is loaded and the first image is on screen.
Load open(MainWindow& window, const QString& path) {
  bool loaded = false;
  auto c = QObject::connect(&window, &MainWindow::indexLoaded, [&] { loaded = true; });
  StallWatch stalls;
  QElapsedTimer clock;
  clock.start();
  stalls.start();
  window.openPaths({path});
  waitFor([&] { return loaded; }, 600000);
  waitFor([&] { return window.settled(); }, 120000);
  Load r;
  r.ms = double(clock.nsecsElapsed()) / 1e6;
  r.worstStallMs = stalls.stop();
  QObject::disconnect(c);
  QTest::qWait(200);
  r.rssMiB = rssMiB();
  r.files = window.index().files;
  return r;
}

// Closes everything and returns the resident memory once the freed heap went back.
double closeAll(MainWindow& window) {
  window.closeAll();
  QTest::qWait(500);
  return rssMiB();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: fv-bench-resources MANY_DIR HUGE.dcm TINY.dcm\n");
    return 1;
  }
  const QString many = QString::fromLocal8Bit(argv[1]), huge = QString::fromLocal8Bit(argv[2]),
                tiny = QString::fromLocal8Bit(argv[3]);
  applyHeapPolicy();  // as fluoroview's main() does
  VtkOpenGLWidget::setDefaultSurfaceFormat();
  QApplication app(argc, argv);
  MainWindow window;
  window.resize(1300, 900);
  window.show();
  if (!QTest::qWaitForWindowExposed(&window)) {
    std::fprintf(stderr, "fv-bench-resources: the window was never exposed (no display?)\n");
    return 1;
  }
  QTest::qWait(300);
  const double coldRss = rssMiB();
  open(window, tiny);
  const double emptyRss = closeAll(window);

  // 1. many small files.
  const Load m = open(window, many);
  const double manyClosedRss = closeAll(window);

  // 2. cancel part-way.
  bool cancelled = false;
  auto c = QObject::connect(&window, &MainWindow::loadingCancelled, [&] { cancelled = true; });
  window.openPaths({many});
  const size_t total = m.files;
  QElapsedTimer sinceStart;
  sinceStart.start();
  // A third of the previous load time in, the job is about a third through.
  waitFor([&] { return sinceStart.elapsed() > m.ms / 3; }, 600000);
  const double rssBeforeCancel = rssMiB();
  window.cancelLoading();
  waitFor([&] { return cancelled; }, 60000);
  QTest::qWait(500);
  const double cancelledRss = rssMiB();
  QObject::disconnect(c);

  // 3. one huge multi-frame series.
  const double beforeHuge = rssMiB();
  const Load h = open(window, huge);
  ImageViewport* view = window.grid()->viewport(0);
  const int frames = view->frameCount();
  for (int f = 0; f < frames; ++f) {  // every frame shown once
    view->setFrame(f);
    QCoreApplication::processEvents();
  }
  QTest::qWait(300);
  const double hugeRss = rssMiB();
  const auto* info = view->series() ? &view->series()->instanceOf(view->frameRef()) : nullptr;
  const double rawMiB = info ? double(info->pixels.bytesPerFrame()) * frames / (1024.0 * 1024.0) : 0;
  const double hugeClosedRss = closeAll(window);

  std::printf(
      "{\"coldRssMiB\": %.1f, \"emptyRssMiB\": %.1f,\n"
      " \"many\": {\"files\": %zu, \"ms\": %.0f, \"worstStallMs\": %.1f, \"rssMiB\": %.1f, \"closedRssMiB\": %.1f},\n"
      " \"cancel\": {\"files\": %zu, \"cancelledAfterMs\": %.0f, \"rssBeforeCancelMiB\": %.1f, \"rssAfterMiB\": %.1f},\n"
      " \"huge\": {\"frames\": %d, \"rawMiB\": %.1f, \"ms\": %.0f, \"worstStallMs\": %.1f, \"rssBeforeMiB\": %.1f,\n"
      "          \"rssAllFramesMiB\": %.1f, \"growthFactor\": %.3f, \"closedRssMiB\": %.1f}}\n",
      coldRss, emptyRss, m.files, m.ms, m.worstStallMs, m.rssMiB, manyClosedRss, total, m.ms / 3, rssBeforeCancel,
      cancelledRss, frames, rawMiB, h.ms, h.worstStallMs, beforeHuge, hugeRss,
      rawMiB > 0 ? (hugeRss - beforeHuge) / rawMiB : 0, hugeClosedRss);
  return 0;
}
