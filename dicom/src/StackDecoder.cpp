#include "fv/dicom/StackDecoder.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "fv/dicom/InstanceDecoder.h"

namespace fv::dicom {

namespace {

unsigned workerCount(unsigned requested, size_t jobs) {
  unsigned n = requested ? requested : std::max(1u, std::thread::hardware_concurrency());
  return unsigned(std::clamp<size_t>(n, 1, std::max<size_t>(1, jobs)));
}

// Opens each instance's decoder once, on first use, from any thread.
class DecoderSet {
 public:
  explicit DecoderSet(const Series& s) : m_series(s) {}
  Result<std::shared_ptr<InstanceDecoder>> get(uint32_t instance) {
    {
      std::lock_guard lock(m_mutex);
      auto it = m_open.find(instance);
      if (it != m_open.end()) return it->second;
    }
    // Open outside the lock so that many small files open in parallel; a racing duplicate
    // open of the same instance is harmless and the first one stored wins.
    auto d = InstanceDecoder::open(m_series.instances.at(instance));
    std::lock_guard lock(m_mutex);
    return m_open.emplace(instance, std::move(d)).first->second;
  }

 private:
  const Series& m_series;
  std::mutex m_mutex;
  std::map<uint32_t, Result<std::shared_ptr<InstanceDecoder>>> m_open;
};

template <class Job>
void runParallel(size_t jobs, unsigned threads, Job&& job) {
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < jobs;) job(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

// Whole-instance read-ahead hints for a full load (one syscall per file instead of a page fault
// per 4 KiB).
void hintWholeInstances(DecoderSet& decoders, const Stack& stack) {
  std::map<uint32_t, uint32_t> frames;
  for (const auto& r : stack.frames) frames[r.instance]++;
  for (const auto& [instance, count] : frames) {
    (void)count;
    if (auto d = decoders.get(instance)) (*d)->willNeed(0, (*d)->frameCount());
  }
}

}  // namespace

std::vector<Result<Frame>> decodeStack(const Series& series, const Stack& stack, unsigned threads) {
  DecoderSet decoders(series);
  const size_t n = stack.frames.size();
  std::vector<std::optional<Result<Frame>>> slots(n);
  if (stack.frames.size() > 1 && stack.frames.front().instance == stack.frames.back().instance)
    hintWholeInstances(decoders, stack);
  runParallel(n, workerCount(threads, n), [&](size_t i) {
    const FrameRef& ref = stack.frames[i];
    auto d = decoders.get(ref.instance);
    if (!d) slots[i].emplace(d.error());
    else slots[i].emplace((*d)->decode(ref.frame));
  });
  std::vector<Result<Frame>> out;
  out.reserve(n);
  for (auto& s : slots) out.push_back(std::move(*s));
  return out;
}

Result<Volume> buildVolume(const Series& series, const Stack& stack, unsigned threads) {
  if (stack.frames.empty()) return makeError(ErrorCode::InvalidArgument, "empty stack");
  if (stack.kind != StackKind::Volume || !stack.orientation)
    return makeError(ErrorCode::InvalidArgument, "the stack has no slice geometry",
                     series.instanceOf(stack.frames.front()).path);
  DecoderSet decoders(series);
  auto first = decoders.get(stack.frames.front().instance);
  if (!first) return first.error();
  const PixelDescription& d = (*first)->description();
  Volume v;
  v.dims = {stack.columns, stack.rows, uint32_t(stack.frames.size())};
  const auto& plane = series.instanceOf(stack.frames.front()).planeOf(stack.frames.front().frame);
  const auto spacing = plane.pixelSpacing.value_or(std::array<double, 2>{1.0, 1.0});
  v.spacing = {spacing[1], spacing[0], stack.sliceSpacing.value_or(1.0)};
  v.origin = stack.positions.empty() ? Vec3{} : stack.positions.front();
  v.orientation = *stack.orientation;
  v.type = d.bitsAllocated <= 8 ? (d.isSigned ? SampleType::I8 : SampleType::U8)
           : d.bitsAllocated <= 16 ? (d.isSigned ? SampleType::I16 : SampleType::U16)
                                   : (d.isSigned ? SampleType::I32 : SampleType::U32);
  v.samplesPerPixel = d.samplesPerPixel;
  const size_t sliceBytes = v.sliceBytes();
  if (sliceBytes != d.bytesPerFrame() || stack.rows != d.rows || stack.columns != d.columns)
    return makeError(ErrorCode::Malformed, "the first slice does not match its stack", series.instanceOf(stack.frames.front()).path);
  // Not zero-filled: every byte is written by a slice decode, or the whole build fails.
  v.data = std::shared_ptr<uint8_t[]>(new uint8_t[v.byteSize()]);
  std::mutex errorMutex;
  std::optional<Error> firstError;
  runParallel(stack.frames.size(), workerCount(threads, stack.frames.size()), [&](size_t k) {
    const FrameRef& ref = stack.frames[k];
    auto dec = decoders.get(ref.instance);
    Status s = dec ? Status() : Status(dec.error());
    if (s && ((*dec)->description().bytesPerFrame() != sliceBytes ||
              (*dec)->description().bitsAllocated != d.bitsAllocated || (*dec)->description().isSigned != d.isSigned))
      s = makeError(ErrorCode::Malformed, "slice " + std::to_string(k + 1) + " differs in size or type from the first",
                    series.instanceOf(ref).path);
    if (s) s = (*dec)->decodeInto(ref.frame, v.data.get() + k * sliceBytes, sliceBytes);
    if (!s) {
      std::lock_guard lock(errorMutex);
      if (!firstError) firstError = s.error();
    }
  });
  if (firstError) return *firstError;
  return v;
}

}  // namespace fv::dicom
