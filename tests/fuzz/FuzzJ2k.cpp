// libFuzzer target: JPEG 2000 / HTJ2K codestreams straight into the frame decoder — our main
// header check, then OpenJPEG or Grok — for the frame the codestream claims to be and for a
// frame it does not fit (the check must refuse it before any decoder runs).
#include "J2kFuzzCase.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)fv::fuzz::decodeJ2kInput(data, size);
  return 0;
}
