// Shared by the fluoro plugin's GUI tests (Xvfb): the main window with the plugins of this build.
#pragma once

#include <memory>

#include <QStringList>
#include <QTest>

#include "RenderTestUtil.h"
#include "fv/viewer/MainWindow.h"

namespace fv::test {

/// A shown, active main window loading the plugins built here, with `paths` opened and indexed.
inline std::unique_ptr<fv::viewer::MainWindow> openFluoroWindow(const QStringList& paths) {
  auto w = std::make_unique<fv::viewer::MainWindow>(QStringList{QString(FV_BINARY_DIR) + "/plugins"});
  w->resize(1400, 800);
  w->show();
  w->activateWindow();
  EXPECT_TRUE(QTest::qWaitForWindowActive(w.get()));
  bool loaded = false;
  const auto c = QObject::connect(w.get(), &fv::viewer::MainWindow::indexLoaded, [&] { loaded = true; });
  w->openPaths(paths);
  EXPECT_TRUE(waitFor([&] { return loaded; }, 30000));
  QObject::disconnect(c);  // `loaded` ends here; later loads must not reach it
  QTest::qWait(100);
  return w;
}

}  // namespace fv::test
