#include <atomic>
#include <chrono>
#include <thread>
#include <cstdio>
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "FrameSelection.h"
#include "fv/dicom/Json.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"
#include "fv/dicom/StackDecoder.h"

namespace fv::cli {

using namespace fv::dicom;
using Clock = std::chrono::steady_clock;

namespace {

struct SeriesResult {
  const Series* series = nullptr;
  size_t frames = 0;
  uint64_t bytes = 0;
  int64_t checksum = 0;
  double seconds = 0;
  std::vector<Error> errors;
};

// Decodes all frames (or one) of a series as a viewer's full load: every frame resident at once.
SeriesResult decodeSeries(const Series& s, std::optional<long> only, unsigned threads, bool volumes) {
  SeriesResult r;
  r.series = &s;
  const auto t0 = Clock::now();
  std::vector<Frame> resident;
  if (only) {
    auto ref = locateFrame(s, *only);
    if (!ref) {
      r.errors.push_back(ref.error());
    } else {
      auto dec = InstanceDecoder::open(s.instanceOf(*ref));
      Result<Frame> f = dec ? (*dec)->decode(ref->frame) : Result<Frame>(dec.error());
      if (f) resident.push_back(*f);
      else r.errors.push_back(f.error());
    }
  } else {
    for (const auto& st : s.stacks) {
      if (volumes && st.kind == StackKind::Volume) {
        // As the viewer's MPR does: every slice straight into one volume buffer.
        auto v = buildVolume(s, st, threads);
        if (!v) {
          r.errors.push_back(v.error());
          continue;
        }
        for (uint32_t k = 0; k < v->dims[2]; ++k) {
          PixelDescription d;
          d.rows = v->dims[1];
          d.columns = v->dims[0];
          d.samplesPerPixel = v->samplesPerPixel;
          d.bitsAllocated = uint16_t(sampleSize(v->type) * 8);
          const uint8_t* p = v->data.get() + k * v->sliceBytes();
          resident.emplace_back(d, v->type, p, std::shared_ptr<const void>(v->data, p));
        }
        continue;
      }
      for (auto& f : decodeStack(s, st, threads)) {
        if (f) resident.push_back(std::move(*f));
        else r.errors.push_back(f.error());
      }
    }
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  // The checksum pass touches every sample once; share it between the cores like the decode.
  std::vector<int64_t> sums(resident.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < resident.size();) sums[i] = resident[i].sum();
  };
  std::vector<std::thread> pool;
  const unsigned n = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
  for (unsigned t = 1; t < n; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  for (size_t i = 0; i < resident.size(); ++i) {
    r.checksum += sums[i];
    r.bytes += resident[i].byteSize();
  }
  r.frames = resident.size();
  return r;
}

}  // namespace

int runDecode(int argc, char** argv) {
  const Args a = parseArgs(argc, argv, 2, {"frame", "threads", "series"}, {"json", "volume"});
  std::optional<long> only;
  if (auto f = a.option("frame")) only = parsePositive(*f);
  if (!a.error.empty() || a.positional.empty() || (a.option("frame") && !only)) {
    std::cerr << "usage: fluoroview-cli decode [--json] [--frame N] [--volume] [--series UID] [--threads N] PATH...\n";
    if (!a.error.empty()) std::cerr << "error: " << a.error << "\n";
    return kUsage;
  }
  const unsigned threads = a.option("threads") ? unsigned(parsePositive(*a.option("threads")).value_or(0)) : 0;
  const auto t0 = Clock::now();
  const DicomIndex index = indexPaths(a.positional);
  const double indexSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
  std::vector<Error> errors = index.errors;
  std::vector<SeriesResult> results;
  const std::string wanted = a.option("series").value_or("");
  for (const Series* s : index.allSeries()) {
    if (s->frameCount() == 0 || (!wanted.empty() && s->key.instanceUid != wanted)) continue;
    results.push_back(decodeSeries(*s, only, threads, a.flag("volume")));
    errors.insert(errors.end(), results.back().errors.begin(), results.back().errors.end());
  }
  const double total = std::chrono::duration<double>(Clock::now() - t0).count();
  if (a.flag("json")) {
    Json series = Json::array();
    for (const auto& r : results) {
      series.push(Json::object()
                      .set("seriesInstanceUid", r.series->key.instanceUid)
                      .set("modality", r.series->key.modality)
                      .set("transferSyntaxUid", r.series->transferSyntaxUid)
                      .set("frames", r.frames)
                      .set("bytes", (long long)r.bytes)
                      .set("seconds", r.seconds)
                      .set("mbPerSecond", r.seconds > 0 ? double(r.bytes) / 1e6 / r.seconds : 0.0)
                      .set("checksum", (long long)r.checksum));
    }
    Json errs = Json::array();
    for (const auto& e : errors) errs.push(Json::object().set("path", e.path).set("message", e.toString()).set("code", toString(e.code)));
    std::cout << Json::object().set("series", series).set("errors", errs).set("indexSeconds", indexSeconds)
                     .set("totalSeconds", total).dump() << "\n";
  } else {
    for (const auto& r : results) {
      std::printf("%s %s frames=%zu bytes=%llu seconds=%.4f MB/s=%.1f checksum=%lld\n",
                  r.series->key.instanceUid.c_str(), r.series->key.modality.c_str(), r.frames,
                  (unsigned long long)r.bytes, r.seconds, r.seconds > 0 ? double(r.bytes) / 1e6 / r.seconds : 0.0,
                  (long long)r.checksum);
    }
    for (const auto& e : errors) std::fprintf(stderr, "error: %s\n", e.toString().c_str());
    std::printf("index %.4f s, total %.4f s\n", indexSeconds, total);
  }
  return errors.empty() ? kOk : kInputError;
}

}  // namespace fv::cli
