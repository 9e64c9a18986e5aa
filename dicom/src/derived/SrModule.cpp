// The entry point of libfv_dicom_sr.so, found by MeasurementReport.cpp with dlsym.
#include "derived/SrApi.h"

extern "C" __attribute__((visibility("default"))) const fv::dicom::SrApi* fv_dicom_sr_api() {
  static const fv::dicom::SrApi api{fv::dicom::SrApi::kAbi, &fv::dicom::sr::write,
                                    &fv::dicom::sr::read};
  return &api;
}
