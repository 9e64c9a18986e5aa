// main() for the plugin host tests: a QApplication on the offscreen platform (these tests draw
// with QPainter only), but none when only listing tests, so discovery needs no platform at all.
#include <cstring>

#include <QApplication>

#include <gtest/gtest.h>

int main(int argc, char** argv) {
  bool listing = false;
  for (int i = 1; i < argc; ++i) listing |= std::strncmp(argv[i], "--gtest_list_tests", 18) == 0;
  ::testing::InitGoogleTest(&argc, argv);
  if (listing) return RUN_ALL_TESTS();
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  return RUN_ALL_TESTS();
}
