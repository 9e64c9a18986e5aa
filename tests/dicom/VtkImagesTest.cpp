#include <gtest/gtest.h>

#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkMatrix3x3.h>
#include <vtkPointData.h>
#include <vtkSmartPointer.h>

#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"
#include "fv/dicom/StackDecoder.h"
#include "fv/dicom/FrameProvider.h"
#include "fv/dicom/vtk/FrameImageSource.h"
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

TEST(FrameImageSource, YieldsTheSelectedFrameOnDemand) {
  const DicomIndex index = indexPaths({fv::test::demoXa()});
  const Series& s = *index.allSeries().at(0);
  auto provider = std::make_shared<FrameProvider>(s, s.stacks[0]);
  auto source = vtkSmartPointer<vtkio::FrameImageSource>::New();
  source->SetProvider(provider, 0.4, 0.4);
  source->SetFrame(5);
  source->Update();
  vtkImageData* out = source->GetOutput();
  int dims[3];
  out->GetDimensions(dims);
  EXPECT_EQ(dims[0], 512);
  EXPECT_DOUBLE_EQ(out->GetSpacing()[1], 0.4);
  EXPECT_EQ(out->GetScalarPointer(), provider->frame(5)->data());  // the cached frame, not a copy
  const double before = out->GetPointData()->GetScalars()->GetRange()[1];
  source->SetFrame(23);
  source->Update();
  EXPECT_EQ(source->GetOutput()->GetScalarPointer(), provider->frame(23)->data());
  EXPECT_NE(before, -1.0);
  EXPECT_FALSE(source->LastError());
}
