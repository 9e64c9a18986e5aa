#include "fv/viewer/CineController.h"

#include <algorithm>
#include <cmath>

#include "fv/viewer/ImageViewport.h"

namespace fv::viewer {

using namespace fv::dicom;

CineController::CineController(ImageViewport* viewport, QObject* parent) : QObject(parent), m_view(viewport) {
  m_timer.setTimerType(Qt::PreciseTimer);
  m_timer.setSingleShot(true);
  connect(&m_timer, &QTimer::timeout, this, &CineController::tick);
  connect(m_view, &VtkOpenGLWidget::painted, this, &CineController::onPainted);
}

void CineController::reloadTiming() {
  m_starts.clear();
  m_cycleMs = 0;
  const Series* s = m_view->series();
  const int n = m_view->frameCount();
  if (!s || n < 2) return;
  const FrameRef first = s->stacks[size_t(m_view->stackIndex())].frames.front();
  const InstanceInfo& info = s->instanceOf(first);
  if (info.isMultiFrame() && int(info.pixels.frames) == n && info.cine.nominalFrameTimeMs()) {
    m_starts = info.cine.frameStartTimesMs(n);  // Frame Time Vector honoured
    m_cycleMs = m_starts.back() + *info.cine.nominalFrameTimeMs();
  } else {
    const double step = 1000.0 / 10.0;  // slices without timing: 10 per second
    for (int i = 0; i < n; ++i) m_starts.push_back(step * i);
    m_cycleMs = step * n;
  }
}

double CineController::fileFps() const {
  const Series* s = m_view->series();
  if (!s || m_view->frameCount() < 2) return 0;
  const auto& info = s->instanceOf(s->stacks[size_t(m_view->stackIndex())].frames.front());
  const auto ft = info.cine.nominalFrameTimeMs();
  return ft && info.isMultiFrame() ? 1000.0 / *ft : 0;
}

double CineController::fps() const {
  if (m_userFps > 0) return m_userFps;
  const double f = fileFps();
  return f > 0 ? f : 10.0;
}

void CineController::setFps(double fps) {
  const bool wasPlaying = m_playing;
  if (wasPlaying) pause();
  m_userFps = std::max(0.0, fps);
  if (wasPlaying) play();
}

void CineController::setMode(CineMode mode) { m_mode = mode; }

// Speed factor: the file's timing scaled so that its mean rate becomes fps().
double CineController::dueMs(long long seq) const {
  const int n = int(m_starts.size());
  const double fileRate = m_cycleMs > 0 ? 1000.0 * n / m_cycleMs : fps();
  const double scale = fileRate / fps();
  const long long pos = m_startFrame + seq;
  const long long cycles = pos / n;
  const int within = int(pos % n);
  const double fromStart = m_starts[size_t(within)] - m_starts[size_t(m_startFrame)];
  return (double(cycles) * m_cycleMs + fromStart) * scale;
}

int CineController::frameForSequence(long long seq) const {
  const int n = int(m_starts.size());
  const long long pos = m_startFrame + seq;
  switch (m_mode) {
    case CineMode::Bounce: {
      const long long period = 2LL * (n - 1);
      const long long k = pos % period;
      return int(k < n ? k : period - k);
    }
    case CineMode::Once:
      return int(std::min<long long>(pos, n - 1));
    case CineMode::Loop:
    default:
      return int(pos % n);
  }
}

void CineController::play() {
  reloadTiming();
  if (m_starts.size() < 2 || m_playing) return;
  m_playing = true;
  m_startFrame = m_view->frameIndex() == m_view->frameCount() - 1 && m_mode == CineMode::Once ? 0 : m_view->frameIndex();
  m_sequence = 0;
  m_timeline.clear();
  m_stats = {};
  m_renderSum = 0;
  m_pendingFrame = -1;
  m_clock.start();
  m_lastStatsMs = 0;
  emit playingChanged(true);
  tick();
}

void CineController::pause() {
  if (!m_playing) return;
  m_playing = false;
  m_timer.stop();
  emit playingChanged(false);
  emit statsChanged();
}

void CineController::toggle() { m_playing ? pause() : play(); }

void CineController::step(int delta) {
  pause();
  const int n = m_view->frameCount();
  if (n > 0) m_view->setFrame(((m_view->frameIndex() + delta) % n + n) % n);
}

void CineController::first() {
  pause();
  m_view->setFrame(0);
}

void CineController::last() {
  pause();
  m_view->setFrame(m_view->frameCount() - 1);
}

void CineController::tick() {
  if (!m_playing) return;
  const double now = double(m_clock.nsecsElapsed()) / 1e6;
  // The newest frame whose time has come; frames passed over are dropped (real time wins).
  long long seq = m_sequence;
  while (dueMs(seq + 1) <= now) ++seq;
  if (seq > m_sequence) m_stats.dropped += int(seq - m_sequence - 1);
  if (m_mode == CineMode::Once && m_startFrame + seq >= (long long)m_starts.size() - 1) {
    m_view->setFrame(int(m_starts.size()) - 1);
    pause();
    return;
  }
  const int frame = frameForSequence(seq);
  m_pendingDue = dueMs(seq);
  m_pendingFrame = frame;
  if (frame != m_view->frameIndex()) m_view->setFrame(frame);
  else m_view->requestRender();
  m_sequence = seq + 1;
  // Keep the decoder ahead of the play head (in play order).
  if (auto p = m_view->provider()) p->prefetch(size_t(frame), 8, m_mode == CineMode::Bounce && frame > 0 &&
                                                                      frameForSequence(seq + 1) < frame ? -1 : 1);
  const double wait = std::max(0.0, dueMs(m_sequence) - double(m_clock.nsecsElapsed()) / 1e6);
  m_timer.start(int(std::floor(wait)));
}

void CineController::onPainted(double renderMs) {
  if (!m_playing || m_pendingFrame < 0) return;
  const double now = double(m_clock.nsecsElapsed()) / 1e6;
  const double period = 1000.0 / fps();
  m_timeline.emplace_back(m_pendingFrame, m_pendingDue, now);
  ++m_stats.shown;
  if (now - m_pendingDue > period) ++m_stats.late;
  m_renderSum += renderMs;
  m_stats.maxRenderMs = std::max(m_stats.maxRenderMs, renderMs);
  m_stats.meanRenderMs = m_renderSum / m_stats.shown;
  m_stats.achievedFps = now > 0 ? 1000.0 * m_stats.shown / now : 0;
  m_pendingFrame = -1;
  if (now - double(m_lastStatsMs) > 500) {
    m_lastStatsMs = qint64(now);
    emit statsChanged();
  }
}

CineStats CineController::stats() const { return m_stats; }

}  // namespace fv::viewer
