#include "fv/dicom/FrameProvider.h"

#include <condition_variable>
#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "fv/dicom/InstanceDecoder.h"
#include "fv/dicom/ThreadPriority.h"

namespace fv::dicom {

struct FrameProvider::Impl {
  const Series& series;
  Stack stack;
  size_t budget;

  std::mutex decoderMutex;
  std::map<uint32_t, Result<std::shared_ptr<InstanceDecoder>>> decoders;

  mutable std::mutex mutex;
  std::condition_variable changed;
  struct Entry {
    Frame frame;
    std::list<size_t>::iterator lru;
  };
  std::unordered_map<size_t, Entry> cache;
  std::list<size_t> lru;  // most recent first
  size_t bytes = 0;
  std::deque<size_t> queue;
  std::set<size_t> inFlight;
  bool stop = false;
  std::thread worker;

  Impl(const Series& s, const Stack& st, size_t b) : series(s), stack(st), budget(b) {}

  Result<Frame> decode(size_t index) {
    const FrameRef& ref = stack.frames[index];
    std::shared_ptr<InstanceDecoder> dec;
    {
      std::lock_guard lock(decoderMutex);
      auto it = decoders.find(ref.instance);
      if (it == decoders.end())
        it = decoders.emplace(ref.instance, InstanceDecoder::open(series.instances.at(ref.instance))).first;
      if (!it->second) return it->second.error();
      dec = *it->second;
    }
    return dec->decode(ref.frame);
  }

  // Inserts under `mutex`; evicts least recently used frames beyond the budget.
  void insertLocked(size_t index, const Frame& f) {
    if (cache.count(index)) return;
    lru.push_front(index);
    cache.emplace(index, Entry{f, lru.begin()});
    bytes += f.byteSize();
    while (bytes > budget && lru.size() > 1) {
      const size_t victim = lru.back();
      lru.pop_back();
      auto it = cache.find(victim);
      bytes -= it->second.frame.byteSize();
      cache.erase(it);
    }
  }

  void run() {
    lowerCurrentThreadPriority(5);  // decode-ahead yields to the GUI thread that shows frames
    std::unique_lock lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return stop || !queue.empty(); });
      if (stop) return;
      const size_t index = queue.front();
      queue.pop_front();
      if (cache.count(index) || inFlight.count(index)) continue;
      inFlight.insert(index);
      lock.unlock();
      Result<Frame> f = decode(index);
      lock.lock();
      inFlight.erase(index);
      if (f) insertLocked(index, *f);
      changed.notify_all();
    }
  }
};

FrameProvider::FrameProvider(const Series& series, const Stack& stack, size_t cacheBytes)
    : m_impl(std::make_unique<Impl>(series, stack, cacheBytes)) {
  m_impl->worker = std::thread([this] { m_impl->run(); });
}

FrameProvider::~FrameProvider() {
  {
    std::lock_guard lock(m_impl->mutex);
    m_impl->stop = true;
  }
  m_impl->changed.notify_all();
  m_impl->worker.join();
}

size_t FrameProvider::size() const { return m_impl->stack.frames.size(); }

Result<Frame> FrameProvider::frame(size_t index) {
  Impl& d = *m_impl;
  if (index >= d.stack.frames.size())
    return makeError(ErrorCode::InvalidArgument, "frame " + std::to_string(index + 1) + " is outside the stack");
  std::unique_lock lock(d.mutex);
  d.changed.wait(lock, [&] { return !d.inFlight.count(index); });  // the worker is on it
  if (auto it = d.cache.find(index); it != d.cache.end()) {
    d.lru.splice(d.lru.begin(), d.lru, it->second.lru);
    return it->second.frame;
  }
  d.inFlight.insert(index);
  lock.unlock();
  Result<Frame> f = d.decode(index);
  lock.lock();
  d.inFlight.erase(index);
  if (f) d.insertLocked(index, *f);
  d.changed.notify_all();
  return f;
}

void FrameProvider::prefetch(size_t index, size_t count, int step) {
  Impl& d = *m_impl;
  const long n = long(d.stack.frames.size());
  if (n == 0 || step == 0) return;
  std::lock_guard lock(d.mutex);
  d.queue.clear();  // only the newest play position matters
  for (size_t k = 1; k <= count; ++k) {
    long i = long(index) + long(k) * step;
    i = ((i % n) + n) % n;  // wrap like looping cine
    if (!d.cache.count(size_t(i))) d.queue.push_back(size_t(i));
  }
  d.changed.notify_all();
}

size_t FrameProvider::cachedFrames() const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->cache.size();
}

size_t FrameProvider::cachedBytes() const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->bytes;
}

}  // namespace fv::dicom
