// The viewport's corner text shows patient names in their own characters: a Latin-1 file's
// "Buc^Jérôme" as "Buc, Jérôme", pydicom's Greek (ISO 8859-7) name as Greek letters.
//
// Pixels, not strings: the corner of a file with a national character set must be pixel for
// pixel the corner of a UTF-8 file whose name is the expected text, and differ from the corner
// of the garbled or accent-less spellings.
#include <gtest/gtest.h>

#include <filesystem>

#include <QTest>

#include "RenderTestUtil.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/viewer/ImageViewport.h"

using namespace fv::dicom;
using fv::viewer::ImageViewport;
namespace fs = std::filesystem;
using fv::test::q;

namespace {

const char* kGreek = "/usr/lib/python3/dist-packages/pydicom/data/charset_files/chrGreek.dcm";

// A copy of `source` changed by dcmodify `args`.
std::string variant(const std::string& source, const std::string& name, const std::string& args) {
  const std::string path = fv::test::tempDir("corner-" + name) + "/" + name + ".dcm";
  fs::copy_file(source, path);
  std::string out;
  EXPECT_EQ(fv::test::run("dcmodify -nb " + args + " " + q(path), &out), 0) << out;
  return path;
}

// A UTF-8 copy of `source` whose Patient's Name is `name` (UTF-8 bytes).
std::string utf8Named(const std::string& source, const std::string& tag, const std::string& name) {
  return variant(source, tag, "-i \"(0008,0005)=ISO_IR 192\" -i \"(0010,0010)=" + name + "\"");
}

// The top-left quarter of a 512×512 viewport showing `path` with its corner text.
QImage corner(const std::string& path) {
  const DicomIndex index = indexPaths({path});
  EXPECT_TRUE(index.errors.empty());
  EXPECT_EQ(index.allSeries().size(), 1u);
  if (index.allSeries().empty()) return {};
  ImageViewport view;
  view.resize(512, 512);
  view.setShowOverlays(true);
  view.setShowPatientDetails(true);
  view.show();
  EXPECT_TRUE(QTest::qWaitForWindowExposed(&view));
  view.setStack(index.allSeries().at(0), 0);
  int paints = 0;
  QObject::connect(&view, &fv::viewer::VtkOpenGLWidget::painted, [&paints](double) { ++paints; });
  view.repaintView();
  EXPECT_TRUE(fv::test::waitFor([&] { return paints > 0; }));
  view.requestRender();
  QTest::qWait(20);
  return view.grabFramebuffer().convertToFormat(QImage::Format_RGB32).copy(0, 0, 256, 80);
}

int differingPixels(const QImage& a, const QImage& b) {
  if (a.size() != b.size()) return -1;
  int n = 0;
  for (int y = 0; y < a.height(); ++y)
    for (int x = 0; x < a.width(); ++x) n += a.pixel(x, y) != b.pixel(x, y);
  return n;
}

}  // namespace

TEST(CornerText, ALatin1NameShowsAsFamilyCommaGiven) {
  FV_REQUIRE_TOOL("dcmodify");
  const std::string xa = fv::test::demoXa();  // ISO_IR 100
  const QImage latin1 = corner(variant(xa, "latin1", "-i \"(0010,0010)=Buc^J\xE9r\xF4me\""));
  const QImage expected = corner(utf8Named(xa, "expected", "Buc, Jérôme"));
  const QImage garbled = corner(utf8Named(xa, "garbled", "Buc, J\uFFFDr\uFFFDme"));
  const QImage plain = corner(utf8Named(xa, "plain", "Buc, Jerome"));
  ASSERT_FALSE(latin1.isNull());
  EXPECT_EQ(differingPixels(latin1, expected), 0);
  EXPECT_GT(differingPixels(latin1, garbled), 20);  // what FluoroView used to show
  EXPECT_GT(differingPixels(latin1, plain), 10);    // the accents are drawn
}

TEST(CornerText, TheGreekNameOfPydicomsChrGreekShowsInGreek) {
  if (!fs::exists(kGreek)) GTEST_SKIP() << kGreek << " is not installed (python3-pydicom)";
  FV_REQUIRE_TOOL("dcmodify");
  const QImage greek = corner(kGreek);  // ISO_IR 126: "Διονυσιος" in ISO 8859-7
  const QImage expected = corner(utf8Named(kGreek, "greek-expected", "Διονυσιος"));
  const QImage latin1Guess = corner(utf8Named(kGreek, "greek-latin1", "Äéïíõóéïò"));
  ASSERT_FALSE(greek.isNull());
  EXPECT_EQ(differingPixels(greek, expected), 0);
  EXPECT_GT(differingPixels(greek, latin1Guess), 20);  // the study browser's old guess
}
