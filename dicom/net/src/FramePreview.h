// Frame-level WADO-RS: the first frame of a long cine as a one-frame file, before the instance.
// Private to fv_net.
#pragma once

#include <filesystem>
#include <stop_token>
#include <string>

#include "fv/dicom/Result.h"
#include "fv/net/Node.h"
#include "fv/net/Transfer.h"

namespace fv::net {

/// Where a retrieve's preview files go: a hidden folder beside the studies of the cache, never
/// inside a study folder (the cache holds only complete instances).
std::filesystem::path previewFolder(const std::filesystem::path& cacheDir);

/// Removes preview folders of retrieves that ended without cleaning up (a killed viewer).
void removeStalePreviews(const std::filesystem::path& cacheDir);

/// The instance a preview is made of, and its size.
struct PreviewTarget {
  std::string seriesUid, sopInstanceUid;
  uint64_t pixelBytes = 0;  ///< Rows x Columns x Number of Frames x Bits Allocated / 8
};

/// The first multi-frame instance the request covers (QIDO-RS, Number of Frames (0028,0008) > 1).
/// NotFound when the request holds none (nothing to preview).
fv::dicom::Result<PreviewTarget> findPreviewTarget(const Node& node, const RetrieveRequest& request,
                                                   std::stop_token stop);

/// Fetches the target's metadata (PS3.18 10.4.1.1.2) and frame 1 uncompressed (PS3.18
/// 10.4.1.1.3, transfer-syntax=1.2.840.10008.1.2.1), and writes them as a one-frame DICOM file
/// under `folder`, with the instance's own identifiers so the viewer files it under its study.
fv::dicom::Result<ReceivedFile> fetchFirstFrame(const Node& node, const RetrieveRequest& request,
                                                const PreviewTarget& target,
                                                const std::filesystem::path& folder,
                                                std::stop_token stop);

}  // namespace fv::net
