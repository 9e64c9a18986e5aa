// fv-bench-viewer: the viewer's speed and memory targets, measured on real rendering (run it
// under Xvfb). Prints one JSON object; bench/run-benchmarks turns it into a table with targets.
//
//   fv-bench-viewer CINE.dcm [--frames 300] [--size 1000x800]
//
// 1. cine: plays CINE at its file rate until --frames frames were shown: late and dropped
//    frames, achieved fps, render cost per frame (VTK: texture upload + W/L + draw, GPU work
//    waited for) and paint-to-screen time (render + overlays + present);
// 2. window/level: 40 synthetic left-drag steps, time from each mouse move to its repaint;
// 3. loading: opens CINE through the main window (background index + first frame) while a 5 ms
//    timer measures the longest event-loop stall, then pages through every frame; memory growth
//    over the empty viewer is compared with the raw pixel bytes.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <string>

#include <QApplication>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <QTest>
#include <QTimer>

#include "BenchUtil.h"
#include "fv/dicom/Indexer.h"
#include "fv/viewer/CineController.h"
#include "fv/viewer/HeapPolicy.h"
#include "fv/viewer/ImageViewport.h"
#include "fv/viewer/MainWindow.h"
#include "fv/viewer/ViewportGrid.h"

using namespace fv::viewer;

using fv::bench::rssMiB;
using fv::bench::waitFor;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: fv-bench-viewer CINE.dcm [--frames N] [--size WxH]\n");
    return 1;
  }
  const std::string file = argv[1];
  int frames = 300, width = 1000, height = 800;
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--frames") frames = std::atoi(argv[++i]);
    else if (std::string(argv[i]) == "--size") std::sscanf(argv[++i], "%dx%d", &width, &height);
  }
  // The VTK render time then includes the GPU work (glFinish): upload + W/L + draw, as targeted.
  qputenv("FV_MEASURE_GL", "1");
  applyHeapPolicy();  // as fluoroview's main() does
  VtkOpenGLWidget::setDefaultSurfaceFormat();
  QApplication app(argc, argv);

  // 3 first (memory baseline must be the empty viewer): the main window loads the file.
  MainWindow window;
  window.resize(width + 300, height + 100);
  window.show();
  if (!QTest::qWaitForWindowExposed(&window)) {
    std::fprintf(stderr, "fv-bench-viewer: the window was never exposed (no display?)\n");
    return 1;
  }
  QTest::qWait(200);
  const double emptyRss = rssMiB();
  double worstGapMs = 0;
  QElapsedTimer gap;
  gap.start();
  QTimer ticker;
  ticker.setTimerType(Qt::PreciseTimer);
  QObject::connect(&ticker, &QTimer::timeout, [&] {
    worstGapMs = std::max(worstGapMs, double(gap.nsecsElapsed()) / 1e6);
    gap.restart();
  });
  bool loaded = false;
  QObject::connect(&window, &MainWindow::indexLoaded, [&] { loaded = true; });
  QElapsedTimer loadClock;
  loadClock.start();
  ticker.start(5);
  gap.restart();
  window.openPaths({QString::fromStdString(file)});
  waitFor([&] { return loaded; }, 120000);
  ImageViewport* view = window.grid()->viewport(0);
  int paints = 0;
  QObject::connect(view, &VtkOpenGLWidget::painted, [&](double) { ++paints; });
  waitFor([&] { return paints > 0; }, 10000);
  const double loadMs = double(loadClock.nsecsElapsed()) / 1e6;
  ticker.stop();
  const int n = view->frameCount();
  for (int f = 0; f < n; ++f) {  // every frame decoded and shown once: the full series resident
    view->setFrame(f);
    QCoreApplication::processEvents();
  }
  QTest::qWait(100);
  const double loadedRss = rssMiB();
  const auto* info = view->series() ? &view->series()->instanceOf(view->frameRef()) : nullptr;
  const double rawMiB = info ? double(info->pixels.bytesPerFrame()) * n / (1024.0 * 1024.0) : 0;

  // 1. cine on a viewport of the requested size.
  window.setGrid(1, 1);
  QTest::qWait(100);
  CineController* cine = window.grid()->cine(0);
  view->setFrame(0);
  QTest::qWait(100);
  std::vector<double> vtkMs;
  auto vtkProbe = QObject::connect(view, &VtkOpenGLWidget::painted, [&](double) {
    vtkMs.push_back(view->lastVtkRenderMs());
  });
  cine->play();
  waitFor([&] { return cine->stats().shown >= frames; }, 600000);
  cine->pause();
  QObject::disconnect(vtkProbe);
  const double vtkMean = vtkMs.empty() ? 0 : std::accumulate(vtkMs.begin(), vtkMs.end(), 0.0) / double(vtkMs.size());
  const double vtkMax = vtkMs.empty() ? 0 : *std::max_element(vtkMs.begin(), vtkMs.end());
  const CineStats stats = cine->stats();
  std::vector<double> lateness;
  for (const auto& [frame, due, painted] : cine->timeline()) lateness.push_back(painted - due);
  std::sort(lateness.begin(), lateness.end());

  // 2. window/level drag latency.
  std::vector<double> wl;
  QTest::mousePress(view, Qt::LeftButton, {}, QPoint(300, 300));
  for (int k = 1; k <= 40; ++k) {
    const int before = paints;
    QElapsedTimer t;
    t.start();
    QMouseEvent move(QEvent::MouseMove, QPointF(300 + 3 * k, 300), view->mapToGlobal(QPointF(300 + 3 * k, 300)),
                     Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view, &move);
    waitFor([&] { return paints > before; }, 2000);
    wl.push_back(double(t.nsecsElapsed()) / 1e6);
  }
  QTest::mouseRelease(view, Qt::LeftButton, {}, QPoint(420, 300));
  std::sort(wl.begin(), wl.end());

  std::printf(
      "{\"file\": \"%s\", \"frames\": %d, \"rows\": %u, \"columns\": %u, \"viewport\": \"%dx%d\",\n"
      " \"cine\": {\"fileFps\": %.3f, \"shown\": %d, \"late\": %d, \"dropped\": %d, \"achievedFps\": %.2f,\n"
      "          \"renderMeanMs\": %.3f, \"renderMaxMs\": %.3f, \"presentMeanMs\": %.3f, \"presentMaxMs\": %.3f,\n"
      "          \"latenessMedianMs\": %.2f, \"latenessMaxMs\": %.2f},\n"
      " \"windowLevel\": {\"medianMs\": %.2f, \"maxMs\": %.2f},\n"
      " \"load\": {\"ms\": %.1f, \"worstStallMs\": %.1f, \"emptyRssMiB\": %.1f, \"loadedRssMiB\": %.1f,\n"
      "          \"rawMiB\": %.1f, \"growthFactor\": %.3f}}\n",
      file.c_str(), n, info ? info->pixels.rows : 0, info ? info->pixels.columns : 0, view->width(), view->height(),
      cine->fileFps(), stats.shown, stats.late, stats.dropped, stats.achievedFps, vtkMean, vtkMax, stats.meanRenderMs, stats.maxRenderMs,
      lateness.empty() ? 0 : lateness[lateness.size() / 2], lateness.empty() ? 0 : lateness.back(), wl[wl.size() / 2],
      wl.back(), loadMs, worstGapMs, emptyRss, loadedRss, rawMiB, rawMiB > 0 ? (loadedRss - emptyRss) / rawMiB : 0);
  return 0;
}
