#include "FramePreview.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <unistd.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcvrobow.h>
#include <nlohmann/json.hpp>

#include "HttpSession.h"
#include "JsonDataset.h"
#include "MultipartReader.h"
#include "NetError.h"
#include "fv/net/RetrieveCache.h"

namespace fv::net {
namespace fs = std::filesystem;
using fv::dicom::ErrorCode;
using fv::dicom::Result;

namespace {
constexpr const char* kJson = "application/dicom+json";
// Frames decoded by the server: any viewer can show them at once (PS3.18 8.7.3.5.2).
constexpr const char* kRawFrames =
    "multipart/related; type=\"application/octet-stream\"; transfer-syntax=1.2.840.10008.1.2.1";
constexpr size_t kMaxJson = 16u << 20;

std::string firstString(const nlohmann::json& item, const char* tag) {
  auto it = item.find(tag);
  if (it == item.end() || !it->is_object()) return {};
  auto v = it->find("Value");
  if (v == it->end() || !v->is_array() || v->empty()) return {};
  const auto& e = v->front();
  if (e.is_string()) return e.get<std::string>();
  if (e.is_number_integer()) return std::to_string(e.get<long long>());
  return {};
}

long firstNumber(const nlohmann::json& item, const char* tag) {
  try {
    return std::stol(firstString(item, tag));
  } catch (...) {
    return 0;
  }
}

// GET a DICOM JSON answer (an array); an empty array for 204.
Result<nlohmann::json> getJson(HttpSession& http, const std::string& url, const char* what,
                               std::stop_token stop) {
  std::string body;
  auto r = http.get(url, kJson, [&](const char* d, size_t n) {
    body.append(d, n);
    return body.size() < kMaxJson && !stop.stop_requested();
  }, what);
  if (!r) return r.error();
  if (r->status == 204) return nlohmann::json::array();
  if (r->status != 200) return http.statusError(r->status, what);
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_array())
    return fv::dicom::makeError(ErrorCode::Malformed, std::string(what) + ": the answer is not DICOM JSON");
  return json;
}

}  // namespace

// The first instance with more than one frame: of the request's series, else of the study's.
Result<PreviewTarget> findPreviewTarget(const Node& node, const RetrieveRequest& request,
                                        std::stop_token stop) {
  HttpSession http(node);
  const std::string study = node.baseUrl + "/studies/" + request.studyUid;
  std::vector<std::string> series;
  if (!request.seriesUid.empty()) {
    series.push_back(request.seriesUid);
  } else {
    auto list = getJson(http, study + "/series?includefield=00200011", "QIDO-RS", stop);
    if (!list) return list.error();
    for (const auto& s : *list)
      if (auto uid = firstString(s, "0020000E"); !uid.empty() && safeComponent(uid) == uid) series.push_back(uid);
  }
  constexpr size_t kMaxSeries = 8;  // a preview must come quickly or not at all
  for (size_t i = 0; i < series.size() && i < kMaxSeries; ++i) {
    auto list = getJson(http, study + "/series/" + series[i] + "/instances?includefield=00280008&includefield=00280010&includefield=00280011&includefield=00280100",
                        "QIDO-RS", stop);
    if (!list) return list.error();
    for (const auto& inst : *list) {
      const std::string sop = firstString(inst, "00080018");
      if (sop.empty() || safeComponent(sop) != sop || (!request.sopInstanceUid.empty() && sop != request.sopInstanceUid)) continue;
      const long frames = firstNumber(inst, "00280008");
      if (frames > 1)
        return PreviewTarget{series[i], sop,
                             static_cast<uint64_t>(frames) * std::max(0L, firstNumber(inst, "00280010")) *
                                 std::max(0L, firstNumber(inst, "00280011")) *
                                 std::max(8L, firstNumber(inst, "00280100")) / 8};
    }
  }
  return nodeError(ErrorCode::NotFound, node, "no multi-frame instance to preview");
}

namespace {

// Frame 1's bytes, at most `limit` of them.
Result<std::string> getFrame(HttpSession& http, const Node& node, const std::string& url,
                             size_t limit, std::stop_token stop) {
  std::string frame;
  bool ended = false;
  std::unique_ptr<MultipartReader> reader;
  auto r = http.get(url, kRawFrames, [&](const char* d, size_t n) {
    if (stop.stop_requested()) return false;
    if (!reader) {
      const std::string boundary = multipartBoundary(http.currentContentType());
      if (boundary.empty()) return true;  // an error page: see the status
      reader = std::make_unique<MultipartReader>(
          boundary, [](const std::string&) { return true; },
          [&](const char* p, size_t m) {
            if (ended) return true;  // one frame asked for: later parts are ignored
            frame.append(p, m);
            return frame.size() <= limit;
          },
          [&] { ended = true; return true; });
    }
    return reader->feed(d, n);
  }, "WADO-RS frames");
  if (!r) return r.error();
  if (r->status != 200 && r->status != 206) return http.statusError(r->status, "WADO-RS frames");
  if (!ended) return nodeError(ErrorCode::Malformed, node, "WADO-RS frames: no complete frame in the answer");
  return frame;
}

// Keeps only the first item of the Per-frame Functional Groups (5200,9230): the file has one frame.
void keepFirstFrameGroups(DcmDataset& ds) {
  DcmSequenceOfItems* perFrame = nullptr;
  if (ds.findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrame).bad() || !perFrame) return;
  while (perFrame->card() > 1) delete perFrame->remove(perFrame->card() - 1);
}

}  // namespace

fs::path previewFolder(const fs::path& cacheDir) { return cacheDir / ".preview"; }

void removeStalePreviews(const fs::path& cacheDir) {
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(previewFolder(cacheDir), ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code e;
    const auto age = now - fs::last_write_time(it->path(), e);
    if (!e && age > std::chrono::hours(1)) fs::remove_all(it->path(), e);
  }
}

Result<ReceivedFile> fetchFirstFrame(const Node& node, const RetrieveRequest& request,
                                     const PreviewTarget& target, const fs::path& folder,
                                     std::stop_token stop) {
  HttpSession http(node);
  const std::string instance = node.baseUrl + "/studies/" + request.studyUid + "/series/" +
                               target.seriesUid + "/instances/" + target.sopInstanceUid;
  auto meta = getJson(http, instance + "/metadata", "WADO-RS metadata", stop);
  if (!meta) return meta.error();
  if (meta->empty() || !meta->front().is_object())
    return nodeError(ErrorCode::Malformed, node, "WADO-RS metadata: no instance in the answer");
  const auto& m = meta->front();
  const long rows = firstNumber(m, "00280010"), cols = firstNumber(m, "00280011");
  const long spp = std::max(1L, firstNumber(m, "00280002")), bits = firstNumber(m, "00280100");
  if (rows <= 0 || cols <= 0 || (bits != 8 && bits != 16) || spp > 4)
    return nodeError(ErrorCode::Unsupported, node, "WADO-RS metadata: no previewable pixel module");
  const size_t frameBytes = static_cast<size_t>(rows) * cols * spp * (bits / 8);
  auto frame = getFrame(http, node, instance + "/frames/1", frameBytes, stop);
  if (!frame) return frame.error();
  if (frame->size() != frameBytes)
    return nodeError(ErrorCode::Malformed, node,
                     "WADO-RS frames: frame 1 has " + std::to_string(frame->size()) + " bytes, the pixel module says " +
                         std::to_string(frameBytes));

  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  if (auto s = readDicomJson(m, ds); !s) return nodeError(ErrorCode::Malformed, node, "WADO-RS metadata: " + s.error().message);
  ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");  // DICOM JSON is UTF-8 (PS3.18 F.2.1)
  ds.putAndInsertString(DCM_NumberOfFrames, "1");
  keepFirstFrameGroups(ds);
  OFString photometric;
  ds.findAndGetOFString(DCM_PhotometricInterpretation, photometric);
  if (spp == 3 && photometric.compare(0, 3, "YBR") == 0)  // the server decoded to RGB
    ds.putAndInsertString(DCM_PhotometricInterpretation, "RGB");
  if (spp == 3) ds.putAndInsertUint16(DCM_PlanarConfiguration, 0);
  auto* pixels = new DcmOtherByteOtherWord(DcmTag(DCM_PixelData, bits == 8 ? EVR_OB : EVR_OW));
  ds.insert(pixels, true);
  const OFCondition put =
      bits == 8 ? pixels->putUint8Array(reinterpret_cast<const Uint8*>(frame->data()), frame->size())
                : pixels->putUint16Array(reinterpret_cast<const Uint16*>(frame->data()), frame->size() / 2);
  if (put.bad()) return networkError(put, node, "preview: cannot hold frame 1");

  std::error_code ec;
  fs::create_directories(folder, ec);
  static std::atomic<unsigned> counter{0};
  const fs::path tmp = folder / (".preview-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".fvtmp");
  const fs::path path = folder / (safeComponent(target.sopInstanceUid) + ".dcm");
  const OFCondition saved = file.saveFile(tmp.c_str(), EXS_LittleEndianExplicit);
  if (saved.bad()) {
    fs::remove(tmp, ec);
    return networkError(saved, node, "preview: cannot write it");
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return nodeError(ErrorCode::Io, node, "preview: cannot write it");
  }
  return ReceivedFile{path, request.studyUid, target.seriesUid, target.sopInstanceUid,
                      static_cast<uint64_t>(fs::file_size(path, ec))};
}

}  // namespace fv::net
