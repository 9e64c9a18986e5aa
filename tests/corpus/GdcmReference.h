// GDCM's decode of corpus files (gdcmconv --raw + pydicom/numpy, see gdcm_reference.py): the
// peer the corpus test compares FluoroView's decoded stored values with.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fv::corpus {

/// One form of the reference values: "stored" as GDCM's output holds them, "rgb" (its YCbCr
/// converted with IJG's integer formula, to compare with our JPEG path, which converts as DCMTK
/// does), or "pydicom" (pydicom's own decode of the original file, a second opinion).
struct ReferenceVariant {
  std::string name;
  std::string dtype;  ///< numpy's "u1", "i2", ... (little endian)
  uint32_t frames = 0, rows = 0, columns = 0, samples = 0;
  /// Samples of one frame.
  size_t frameSamples() const { return size_t(rows) * columns * samples; }
  std::string rawPath;  ///< frames × rows × columns × samples values
  std::vector<std::pair<uint64_t, uint64_t>>
      checksums;  ///< per frame: sum, weighted sum (mod 2^64)
};

/// What GDCM made of one file.
struct GdcmReference {
  enum class Status { Decoded, NoPixels, Unreadable, Failed };
  Status status = Status::Failed;
  std::string message;      ///< GDCM's complaint when not Decoded
  std::string photometric;  ///< of GDCM's output
  uint32_t frames = 0, rows = 0, columns = 0, samples = 0;
  std::vector<ReferenceVariant> variants;

  /// The variant called `name`, or nullptr.
  const ReferenceVariant* variant(const std::string& name) const;
  /// Reads frame `frame` of `v` as 64-bit values; false (and `error`) when the cache is damaged.
  bool loadFrame(const ReferenceVariant& v, uint32_t frame, std::vector<int64_t>& out,
                 std::string& error) const;
};

/// Short stable name of a status ("decoded", "no-pixels", "unreadable", "failed").
const char* toString(GdcmReference::Status s);

/// Runs gdcm_reference.py over `files` (in parallel, cached by content under `cacheDir`).
/// Returns path → reference; on a failure of the helper itself, `error` says why.
std::map<std::string, GdcmReference> gdcmReferences(const std::vector<std::string>& files,
                                                    const std::string& cacheDir,
                                                    std::string& error);

/// True when the reference tools (gdcmconv, /usr/bin/python3 with pydicom and numpy) exist;
/// otherwise `missing` names what is absent.
bool referenceToolsPresent(std::string& missing);

}  // namespace fv::corpus
