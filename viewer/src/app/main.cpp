// fluoroview: the desktop viewer. See AppOptions.h for the command line.
#include <csignal>
#include <cstdio>

#include <QApplication>
#include <QBuffer>
#include <QElapsedTimer>
#include <QTimer>

#include "AppOptions.h"
#include "fv/dicom/AtomicFile.h"
#include "fv/viewer/HeapPolicy.h"
#include "fv/viewer/ImageViewport.h"
#include "fv/viewer/MainWindow.h"
#include "fv/viewer/PluginHost.h"
#include "fv/viewer/VtkOpenGLWidget.h"

using namespace fv::viewer;

namespace {

// Saves the whole main window as PNG, atomically.
bool saveScreenshot(MainWindow& w, const QString& path) {
  QByteArray png;
  QBuffer buffer(&png);
  buffer.open(QIODevice::WriteOnly);
  if (!w.screenshot().save(&buffer, "PNG")) return false;
  const auto s = fv::dicom::writeFileAtomically(path.toStdString(), png.constData(), size_t(png.size()),
                                                fv::dicom::Overwrite::Replace);
  if (!s) std::fprintf(stderr, "error: %s\n", s.error().toString().c_str());
  return bool(s);
}

}  // namespace

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f) must be a write error with a message, not a SIGXFSZ kill.
  std::signal(SIGXFSZ, SIG_IGN);
  applyHeapPolicy();  // closing or cancelling a study gives its memory back
  QStringList args;
  for (int i = 1; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);
  if (args.contains("--help") || args.contains("-h")) {
    std::fputs(appUsage().toLocal8Bit().constData(), stdout);
    return 0;
  }
  const AppOptions options = parseAppOptions(args);
  if (!options.error.isEmpty()) {
    std::fprintf(stderr, "error: %s\n%s", options.error.toLocal8Bit().constData(), appUsage().toLocal8Bit().constData());
    return 1;
  }
  if (options.listPlugins && qEnvironmentVariableIsEmpty("DISPLAY")) qputenv("QT_QPA_PLATFORM", "offscreen");

  VtkOpenGLWidget::setDefaultSurfaceFormat();
  QApplication app(argc, argv);
  QApplication::setOrganizationName("FluoroView");
  QApplication::setApplicationName("FluoroView");
  QApplication::setApplicationVersion(FV_VERSION);

  // --enable-plugin: start plugins again that the freeze record keeps from starting.
  for (const QString& id : options.enablePlugins) {
    if (PluginHost::clearFreeze(PluginHost::defaultFreezeRecordPath(), id))
      std::fprintf(stderr, "fluoroview: plugin %s will be started again\n",
                   id.toLocal8Bit().constData());
  }
  MainWindow window;
  if (options.listPlugins) {
    std::fputs(window.plugins()->listText().toLocal8Bit().constData(), stdout);
    return 0;
  }
  int exitCode = 0;
  const bool screenshot = !options.screenshot.isEmpty();
  QObject::connect(&window, &MainWindow::indexLoaded, &window, [&] {
    static bool applied = false;
    if (applied) return;
    applied = true;
    window.applyOptions(options);
    if (!screenshot) return;
    // Let every viewport render and the thumbnails arrive (at most 5 s), then capture and quit.
    auto* poll = new QTimer(&window);
    QElapsedTimer* waited = new QElapsedTimer;
    waited->start();
    QObject::connect(poll, &QTimer::timeout, &window, [&, poll, waited] {
      if (!(window.settled() && waited->elapsed() > 400) && waited->elapsed() < 5000) return;
      poll->stop();
      delete waited;
      if (!saveScreenshot(window, options.screenshot)) exitCode = 2;
      app.exit(exitCode);
    });
    poll->start(50);
  });
  window.show();
  if (!options.paths.isEmpty()) {
    window.openPaths(options.paths);
  } else if (screenshot) {
    QTimer::singleShot(400, &window, [&] {
      if (!saveScreenshot(window, options.screenshot)) exitCode = 2;
      app.exit(exitCode);
    });
  }
  return app.exec();
}
