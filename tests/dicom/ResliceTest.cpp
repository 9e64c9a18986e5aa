#include <gtest/gtest.h>

#include <cmath>

#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"
#include "fv/dicom/Reslice.h"

using namespace fv::dicom;

namespace {
struct DemoVolume {
  DicomIndex index;
  Volume volume;
};

const DemoVolume& demo() {
  static DemoVolume d = [] {
    DemoVolume x;
    x.index = indexPaths({fv::test::demoMr()});
    const Series& s = *x.index.allSeries().at(0);
    auto v = buildVolume(s, s.stacks[0]);
    EXPECT_TRUE(v);
    x.volume = *v;
    return x;
  }();
  return d;
}

double sampleAt(const Frame& f, const ReslicePlane& p, const Vec3& patient) {
  const Vec3 d = patient - p.origin;
  const long c = std::lround(d.dot(p.orientation.row) / p.columnMm);
  const long r = std::lround(d.dot(p.orientation.column) / p.rowMm);
  return f.sample(size_t(r) * f.columns() + size_t(c));
}
}  // namespace

TEST(Reslice, VoxelAndPatientCoordinatesRoundTrip) {
  const Volume& v = demo().volume;
  const Vec3 p = voxelToPatient(v, 10, 20, 5);
  const Vec3 q = patientToVoxel(v, p);
  EXPECT_NEAR(q.x, 10, 1e-9);
  EXPECT_NEAR(q.y, 20, 1e-9);
  EXPECT_NEAR(q.z, 5, 1e-9);
}

TEST(Reslice, CoronalPlaneThroughASliceReproducesThatSlice) {
  const DemoVolume& d = demo();
  const Volume& v = d.volume;
  const Series& s = *d.index.allSeries().at(0);
  const Vec3 through = voxelToPatient(v, 128, 128, 12);
  ReslicePlane plane = standardPlane(v, AnatomicalPlane::Coronal, through);
  plane.rowMm = v.spacing[1];  // the acquisition grid itself
  plane.columnMm = v.spacing[0];
  plane.origin = voxelToPatient(v, 0, 0, 12);
  plane.rows = v.dims[1];
  plane.columns = v.dims[0];
  auto f = reslice(v, plane);
  ASSERT_TRUE(f) << f.error().toString();
  auto dec = InstanceDecoder::open(s.instanceOf(s.stacks[0].frames[12]));
  ASSERT_TRUE(dec);
  auto slice = (*dec)->decode(0);
  ASSERT_TRUE(slice);
  EXPECT_EQ(f->sum(), slice->sum());
}

TEST(Reslice, AxialPlaneThroughTheFemoralHeadCentreShowsTheHead) {
  // make-dicom-series puts the right femoral head centre at LPS (-92, 14, -20) mm.
  const Vec3 head{-92, 14, -20};
  const Volume& v = demo().volume;
  for (AnatomicalPlane which : {AnatomicalPlane::Axial, AnatomicalPlane::Sagittal, AnatomicalPlane::Coronal}) {
    const ReslicePlane p = standardPlane(v, which, head);
    auto f = reslice(v, p);
    ASSERT_TRUE(f);
    // The head is fatty marrow (bright on T2) inside a dark cortex: bright at the centre,
    // and the centre value is what the original voxel nearest to it holds.
    const Vec3 q = patientToVoxel(v, head);
    const double original = reinterpret_cast<const uint16_t*>(v.data.get())
        [(size_t(std::lround(q.z)) * v.dims[1] + size_t(std::lround(q.y))) * v.dims[0] + size_t(std::lround(q.x))];
    EXPECT_NEAR(sampleAt(*f, p, head), original, 0.15 * original);
    EXPECT_GT(sampleAt(*f, p, head), 900.0);
  }
}
