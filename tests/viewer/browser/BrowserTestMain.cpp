// main() for the study browser tests: widgets on the offscreen platform (no display needed), a
// QApplication unless only listing tests (discovery), and settings in a temporary folder.
#include <cstring>

#include <QApplication>
#include <QSettings>
#include <QTemporaryDir>

#include <gtest/gtest.h>

int main(int argc, char** argv) {
  bool listing = false;
  for (int i = 1; i < argc; ++i) listing |= std::strncmp(argv[i], "--gtest_list_tests", 18) == 0;
  ::testing::InitGoogleTest(&argc, argv);
  if (listing) return RUN_ALL_TESTS();
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QTemporaryDir settings;
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings.path());  // never the user's own
  QApplication app(argc, argv);
  QApplication::setOrganizationName("FluoroViewTests");
  QApplication::setApplicationName("FluoroViewBrowserTests");
  return RUN_ALL_TESTS();
}
