// Deterministic hostile variants of a DICOM file's bytes, for tests/dicom/HostileInputTest.cpp.
#pragma once

#include <string>
#include <vector>

namespace fv::test {

/// One damaged variant: what was done, and the resulting bytes.
struct Mutation {
  std::string name;
  std::vector<char> bytes;
};

/// The variants of `original`: truncated at many offsets (around Pixel Data too), element lengths
/// flipped to huge and to odd values, Rows/Columns/Samples/Bits/Number of Frames far beyond the
/// data, the transfer syntax swapped for another, and garbage appended after the pixel data.
std::vector<Mutation> mutationsOf(const std::vector<char>& original);

/// A small explicit-VR file whose one sequence nests `depth` levels deep (undefined lengths).
std::vector<char> deeplyNestedFile(int depth);

}  // namespace fv::test
