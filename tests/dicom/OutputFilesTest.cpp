#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <csignal>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vtkImageData.h>
#include <vtkPNGReader.h>
#include <vtkSmartPointer.h>

#include "DerivedTestSupport.h"
#include "TestData.h"
#include "fv/dicom/AtomicFile.h"
#include "fv/dicom/PngWriter.h"

using namespace fv::dicom;
namespace fs = std::filesystem;

using fv::test::filesIn;
using fv::test::slurp;

TEST(AtomicFile, NeverModeRefusesToClobberAndLeavesNoTemporaryFile) {
  const std::string dir = fv::test::tempDir("atomic-never");
  const std::string path = dir + "/a.bin";
  ASSERT_TRUE(writeFileAtomically(path, "first", 5, Overwrite::Never));
  const Status again = writeFileAtomically(path, "second", 6, Overwrite::Never);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().path, path);
  EXPECT_NE(again.error().message.find("already exists"), std::string::npos);
  EXPECT_EQ(slurp(path), "first");
  EXPECT_EQ(filesIn(dir), 1u);
}

TEST(AtomicFile, ReplaceModeSwapsTheWholeFile) {
  const std::string dir = fv::test::tempDir("atomic-replace");
  const std::string path = dir + "/a.bin";
  ASSERT_TRUE(writeFileAtomically(path, "first", 5, Overwrite::Replace));
  ASSERT_TRUE(writeFileAtomically(path, "second", 6, Overwrite::Replace));
  EXPECT_EQ(slurp(path), "second");
  EXPECT_EQ(filesIn(dir), 1u);
}

TEST(AtomicFile, MissingFolderIsAClearError) {
  const Status s = writeFileAtomically("/nonexistent/folder/a.bin", "x", 1, Overwrite::Never);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::Io);
  EXPECT_NE(s.error().message.find("does not exist"), std::string::npos);
}

TEST(AtomicFile, ReadOnlyFolderIsAClearErrorWithNoPartialFile) {
  const std::string dir = fv::test::tempDir("atomic-readonly");
  // As root, permissions do not stop writes; the immutable attribute does (ext4, xfs).
  const bool root = ::geteuid() == 0;
  if (root && fv::test::run("chattr +i " + fv::test::q(dir)) != 0)
    GTEST_SKIP() << "cannot make a folder read-only for root here (chattr +i failed)";
  if (!root) ::chmod(dir.c_str(), 0555);
  const Status s = writeFileAtomically(dir + "/a.bin", "x", 1, Overwrite::Never);
  if (root) fv::test::run("chattr -i " + fv::test::q(dir));
  else ::chmod(dir.c_str(), 0755);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("read-only"), std::string::npos) << s.error().toString();
  EXPECT_EQ(filesIn(dir), 0u);
}

TEST(AtomicFile, FullDiskIsAClearErrorWithNoPartialFile) {
  // Simulated with RLIMIT_FSIZE (no mount privileges needed): write() fails part-way through
  // the file, exactly as it does when the disk fills up.
  const std::string dir = fv::test::tempDir("atomic-full");
  struct rlimit old {};
  ::getrlimit(RLIMIT_FSIZE, &old);
  struct rlimit small = {4096, old.rlim_max};
  std::signal(SIGXFSZ, SIG_IGN);  // exceeding the limit gives EFBIG instead of killing us
  ::setrlimit(RLIMIT_FSIZE, &small);
  const std::vector<char> big(1 << 20, 'x');
  const Status s = writeFileAtomically(dir + "/big.bin", big.data(), big.size(), Overwrite::Never);
  ::setrlimit(RLIMIT_FSIZE, &old);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().path, dir + "/big.bin");
  EXPECT_EQ(filesIn(dir), 0u);  // the temporary file is gone too
}

TEST(PngWriter, WritesARealPngWithDicomRowZeroAtTheTop) {
  Image8 img;
  img.rows = 2;
  img.columns = 3;
  img.pixels = {255, 200, 100, 0, 10, 20};
  const std::string path = fv::test::tempDir("png") + "/x.png";
  ASSERT_TRUE(writePng(img, path));
  auto reader = vtkSmartPointer<vtkPNGReader>::New();
  ASSERT_TRUE(reader->CanReadFile(path.c_str()));
  reader->SetFileName(path.c_str());
  reader->Update();
  vtkImageData* out = reader->GetOutput();
  // VTK reads PNGs bottom-up: its y = 1 is the PNG's first (top) row.
  EXPECT_EQ(*static_cast<unsigned char*>(out->GetScalarPointer(2, 1, 0)), 100);
  EXPECT_EQ(*static_cast<unsigned char*>(out->GetScalarPointer(1, 0, 0)), 10);
}

TEST(PngWriter, WritesRgb) {
  Image8 img;
  img.rows = 1;
  img.columns = 2;
  img.channels = 3;
  img.pixels = {255, 0, 0, 0, 0, 255};
  const std::string path = fv::test::tempDir("png-rgb") + "/x.png";
  ASSERT_TRUE(writePng(img, path));
  auto reader = vtkSmartPointer<vtkPNGReader>::New();
  reader->SetFileName(path.c_str());
  reader->Update();
  EXPECT_EQ(reader->GetOutput()->GetNumberOfScalarComponents(), 3);
  EXPECT_EQ(*static_cast<unsigned char*>(reader->GetOutput()->GetScalarPointer(1, 0, 0)), 0);
  EXPECT_EQ(static_cast<unsigned char*>(reader->GetOutput()->GetScalarPointer(1, 0, 0))[2], 255);
}

TEST(PngWriter, NeverOverwritesADicomFile) {
  const std::string dir = fv::test::tempDir("png-dicom");
  const std::string victim = dir + "/image.dcm";
  fs::copy_file(fv::test::testdata("public/pydicom/MR_small.dcm"), victim);
  const auto before = fs::file_size(victim);
  Image8 img;
  img.rows = img.columns = 1;
  img.pixels = {1};
  const Status s = writePng(img, victim);
  ASSERT_FALSE(s);
  EXPECT_EQ(fs::file_size(victim), before);
}
