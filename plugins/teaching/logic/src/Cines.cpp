#include "fv/teaching/Cines.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "fv/dicom/InstanceDecoder.h"
#include "fv/teaching/Media.h"

namespace fv::teaching {

using namespace fv::dicom;

namespace {

constexpr int kGifMaxSide = 512;

// Frames rendered on a worker thread, a few ahead of the encoders.
class RenderQueue {
 public:
  void push(Result<Image8> image) {
    std::unique_lock lock(m_mutex);
    m_space.wait(lock, [&] { return m_items.size() < 4 || m_stop; });
    m_items.push_back(std::move(image));
    m_ready.notify_one();
  }
  std::optional<Result<Image8>> pop() {
    std::unique_lock lock(m_mutex);
    m_ready.wait(lock, [&] { return !m_items.empty() || m_done; });
    if (m_items.empty()) return std::nullopt;
    auto item = std::move(m_items.front());
    m_items.pop_front();
    m_space.notify_one();
    return item;
  }
  void done() {
    std::lock_guard lock(m_mutex);
    m_done = true;
    m_ready.notify_all();
  }
  void stop() {
    std::lock_guard lock(m_mutex);
    m_stop = true;
    m_space.notify_all();
  }
  bool stopped() {
    std::lock_guard lock(m_mutex);
    return m_stop;
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_ready, m_space;
  std::deque<Result<Image8>> m_items;
  bool m_done = false, m_stop = false;
};

}  // namespace

double cineFrameRate(const InstanceInfo& info) {
  double fps = 15;
  if (const auto ms = info.cine.nominalFrameTimeMs(); ms && *ms > 0)
    fps = 1000.0 / *ms;
  else if (info.cine.cineRate && *info.cine.cineRate > 0)
    fps = *info.cine.cineRate;
  else if (info.cine.recommendedFps && *info.cine.recommendedFps > 0)
    fps = *info.cine.recommendedFps;
  // Frame Time is stored to 0.01 ms (66.67 for 15 frames/s): a rate within 0.2% of a whole
  // number is that number, so players see 15/1, not 100000/6667.
  if (std::abs(fps - std::round(fps)) < 0.002 * fps) fps = std::round(fps);
  return std::clamp(fps, 1.0, 60.0);
}

std::vector<Cine> findCines(const DicomIndex& index, const std::vector<KeyFrame>& keys) {
  std::vector<Cine> out;
  for (const Series* s : index.allSeries())
    for (const Stack& stack : s->stacks) {
      if (stack.kind != StackKind::Cine || stack.frames.size() < 2) continue;
      Cine c;
      c.instance = &s->instanceOf(stack.frames.front());
      for (const FrameRef& f : stack.frames)
        if (&s->instanceOf(f) == c.instance) c.frames.push_back(f.frame);
      if (c.frames.size() < 2) continue;
      for (const KeyFrame& k : keys)
        if (k.image == c.instance && k.window) c.window = k.window;
      c.fps = cineFrameRate(*c.instance);
      out.push_back(std::move(c));
    }
  return out;
}

Status writeCineVideos(const Cine& cine, const VideoPaths& paths, const std::atomic<bool>* cancel) {
  const InstanceInfo& info = *cine.instance;
  auto decoder = InstanceDecoder::open(info);
  if (!decoder) return decoder.error();
  DisplayOptions display;
  display.window = cine.window;
  if (!display.window) {
    // One window for the whole loop (a per-frame min/max would flicker): the file's, else the
    // middle frame's range.
    auto middle = (*decoder)->decode(cine.frames[cine.frames.size() / 2]);
    if (!middle) return middle.error();
    display.window = defaultWindow(info, *middle);
  }
  auto first = (*decoder)->decode(cine.frames.front());
  if (!first) return first.error();
  auto probe = renderFrame(info, *first, cine.frames.front(), display);
  if (!probe) return probe.error();
  const int w = int(probe->columns), h = int(probe->rows), channels = probe->channels;

  auto api = media();
  if (!api) return api.error();
  std::unique_ptr<VideoSink> mp4, gif;
  if (!paths.mp4.empty()) {
    auto e = (*api)->openVideo(paths.mp4, MediaApi::VideoFormat::Mp4, w, h, channels, cine.fps, 0);
    if (!e) return e.error();
    mp4 = std::move(*e);
  }
  if (!paths.gif.empty()) {
    auto e = (*api)->openVideo(paths.gif, MediaApi::VideoFormat::Gif, w, h, channels, cine.fps,
                               kGifMaxSide);
    if (!e) return e.error();
    gif = std::move(*e);
  }

  RenderQueue queue;
  std::jthread renderer([&] {
    for (size_t i = 0; i < cine.frames.size() && !queue.stopped(); ++i) {
      if (i == 0) {
        queue.push(std::move(*probe));
        continue;
      }
      auto frame = (*decoder)->decode(cine.frames[i]);
      if (!frame) {
        queue.push(frame.error());
        break;
      }
      queue.push(renderFrame(info, *frame, cine.frames[i], display));
    }
    queue.done();
  });
  Status status;
  while (auto image = queue.pop()) {
    if (cancel && cancel->load()) {
      status = makeError(ErrorCode::Cancelled, "the export was cancelled", info.path);
    } else if (!*image) {
      status = image->error();
    } else {
      if (mp4) status = mp4->add(**image);
      if (status && gif) status = gif->add(**image);
    }
    if (!status) {
      queue.stop();
      while (queue.pop()) {
      }
      return status;
    }
  }
  if (mp4)
    if (Status s = mp4->finish(); !s) return s;
  if (gif)
    if (Status s = gif->finish(); !s) return s;
  return {};
}

}  // namespace fv::teaching
