// main() for GUI test executables: a QApplication (not when only listing tests, so discovery
// needs no display), our OpenGL surface format, and per-test settings in a temporary folder.
#include <cstring>

#include <QApplication>
#include <QDir>
#include <QSettings>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include "fv/viewer/VtkOpenGLWidget.h"

int main(int argc, char** argv) {
  bool listing = false;
  for (int i = 1; i < argc; ++i) listing |= std::strncmp(argv[i], "--gtest_list_tests", 18) == 0;
  ::testing::InitGoogleTest(&argc, argv);
  if (listing) return RUN_ALL_TESTS();
  QTemporaryDir settings;
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings.path());  // never the user's own
  fv::viewer::VtkOpenGLWidget::setDefaultSurfaceFormat();
  QApplication app(argc, argv);
  QApplication::setOrganizationName("FluoroViewTests");
  QApplication::setApplicationName("FluoroViewTests");
  return RUN_ALL_TESTS();
}
