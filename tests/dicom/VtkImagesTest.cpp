#include <gtest/gtest.h>

#include <filesystem>

#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkMatrix3x3.h>
#include <vtkPNGReader.h>
#include <vtkPointData.h>
#include <vtkSmartPointer.h>

#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"
#include "fv/dicom/StackDecoder.h"
#include "fv/dicom/vtk/VtkImages.h"

using namespace fv::dicom;

TEST(VtkImages, FrameImageSharesTheFrameMemory) {
  auto info = readInstanceHeader(fv::test::demoXa());
  ASSERT_TRUE(info);
  auto dec = InstanceDecoder::open(*info);
  ASSERT_TRUE(dec);
  auto f = (*dec)->decode(2);
  ASSERT_TRUE(f);
  auto img = vtkio::frameToImage(*f, 0.4, 0.5);
  int dims[3];
  img->GetDimensions(dims);
  EXPECT_EQ(dims[0], 512);
  EXPECT_EQ(dims[1], 512);
  EXPECT_EQ(img->GetScalarPointer(), f->data());  // no copy
  EXPECT_EQ(img->GetScalarType(), VTK_UNSIGNED_SHORT);
  EXPECT_DOUBLE_EQ(img->GetSpacing()[0], 0.5);
  const void* data = f->data();
  f = Frame();  // the image keeps the pixels alive on its own
  EXPECT_EQ(img->GetScalarPointer(), data);
  EXPECT_GE(img->GetPointData()->GetScalars()->GetRange()[1], 1.0);
}

TEST(VtkImages, VolumeImageCarriesSpacingOriginAndDirection) {
  const DicomIndex index = indexPaths({fv::test::demoMr()});
  const Series& s = *index.allSeries().at(0);
  auto v = buildVolume(s, s.stacks[0]);
  ASSERT_TRUE(v);
  auto img = vtkio::volumeToImage(*v);
  EXPECT_DOUBLE_EQ(img->GetSpacing()[2], v->spacing[2]);
  EXPECT_DOUBLE_EQ(img->GetOrigin()[1], v->origin.y);
  // Coronal: columns run toward the feet (−z), slices along the normal (+y here).
  EXPECT_DOUBLE_EQ(img->GetDirectionMatrix()->GetElement(2, 1), -1.0);
}

TEST(VtkImages, PngWriterPutsDicomRowZeroAtTheTop) {
  Image8 img;
  img.rows = 2;
  img.columns = 3;
  img.pixels = {255, 255, 255, 0, 0, 0};
  const std::string path = fv::test::tempDir("png") + "/x.png";
  ASSERT_TRUE(vtkio::writePng(img, path));
  auto reader = vtkSmartPointer<vtkPNGReader>::New();
  reader->SetFileName(path.c_str());
  reader->Update();
  // VTK reads PNGs bottom-up: its y = 1 is the PNG's first (top) row.
  EXPECT_EQ(*static_cast<unsigned char*>(reader->GetOutput()->GetScalarPointer(0, 1, 0)), 255);
  EXPECT_EQ(*static_cast<unsigned char*>(reader->GetOutput()->GetScalarPointer(0, 0, 0)), 0);
  // No temporary files left behind.
  size_t files = 0;
  for (auto& e : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path())) (void)e, ++files;
  EXPECT_EQ(files, 1u);
}

TEST(VtkImages, PngIntoMissingFolderFailsCleanly) {
  Image8 img;
  img.rows = img.columns = 1;
  img.pixels = {1};
  const Status s = vtkio::writePng(img, "/nonexistent/dir/x.png");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().path, "/nonexistent/dir/x.png");
}
