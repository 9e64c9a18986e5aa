// Cine playback of one viewport at the file's own frame rate, dropping frames to keep real time.
#pragma once

#include <vector>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace fv::viewer {

class ImageViewport;

/// How playback continues at the last frame.
enum class CineMode { Loop, Bounce, Once };

/// What playback achieved (for the status text, tests and the cine benchmark).
struct CineStats {
  int shown = 0;         ///< frames painted
  int late = 0;          ///< frames painted later than one frame period after they were due
  int dropped = 0;       ///< frames skipped to keep real time
  double achievedFps = 0;
  double meanRenderMs = 0, maxRenderMs = 0;
};

/// Plays the viewport's stack: frame k is due at its Frame Time (Vector) start time divided by
/// the speed factor; the timer wakes for each due time, frames whose time has passed are skipped,
/// and the decode-ahead worker is kept a few frames ahead of the play head.
class CineController : public QObject {
  Q_OBJECT
 public:
  explicit CineController(ImageViewport* viewport, QObject* parent = nullptr);

  bool playing() const { return m_playing; }
  /// Frames per second in effect (file rate × speed), 0 when the file has no timing.
  double fps() const;
  /// The file's own rate (Frame Time / Frame Time Vector / Cine Rate), or 0.
  double fileFps() const;
  /// Plays at `fps` instead of the file's rate (0: back to the file's rate).
  void setFps(double fps);
  void setMode(CineMode mode);
  CineMode mode() const { return m_mode; }
  CineStats stats() const;
  /// Per shown frame: (frame index, due ms, painted ms) since play() — for timing tests.
  const std::vector<std::tuple<int, double, double>>& timeline() const { return m_timeline; }

 public slots:
  void play();
  void pause();
  void toggle();
  /// Steps one frame (pauses first).
  void step(int delta);
  void first();
  void last();

 signals:
  void playingChanged(bool playing);
  /// Emitted about twice a second while playing.
  void statsChanged();

 private:
  void reloadTiming();
  void tick();
  void onPainted(double ms);
  double dueMs(long long sequence) const;
  int frameForSequence(long long sequence) const;

  ImageViewport* m_view;
  QTimer m_timer;
  QElapsedTimer m_clock;
  bool m_playing = false;
  CineMode m_mode = CineMode::Loop;
  double m_userFps = 0;
  std::vector<double> m_starts;  // file start times of the frames (ms), one cycle
  double m_cycleMs = 0;
  long long m_sequence = 0;      // frames since play(), counting loops/bounces
  int m_startFrame = 0;
  double m_pendingDue = -1;      // due time of the frame waiting to be painted
  int m_pendingFrame = -1;
  std::vector<std::tuple<int, double, double>> m_timeline;
  CineStats m_stats;
  double m_renderSum = 0;
  qint64 m_lastStatsMs = 0;
};

}  // namespace fv::viewer
