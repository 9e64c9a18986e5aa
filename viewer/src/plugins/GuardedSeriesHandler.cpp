#include "GuardedSeriesHandler.h"

#include <cmath>

#include "PluginWorker.h"

namespace fv::viewer {
namespace {

/// What the worker hands back (shared: an abandoned worker may write it late).
struct Outcome {
  std::vector<fv::plugin::SeriesLoadable> loadables;
  std::exception_ptr error;
};

}  // namespace

QString checkLoadables(const std::vector<fv::plugin::SeriesLoadable>& loadables,
                       const fv::dicom::Series& series) {
  if (loadables.size() > GuardedSeriesHandler::kMaxLoadables)
    return QStringLiteral("%1 loadables for one series (at most %2)")
        .arg(loadables.size())
        .arg(GuardedSeriesHandler::kMaxLoadables);
  const long long stacks = static_cast<long long>(series.stacks.size());
  for (size_t i = 0; i < loadables.size(); ++i) {
    const fv::plugin::SeriesLoadable& l = loadables[i];
    const QString which = QStringLiteral("loadable %1 (\"%2\")").arg(i + 1).arg(l.name);
    if (l.name.trimmed().isEmpty()) return QStringLiteral("loadable %1 has no name").arg(i + 1);
    if (!std::isfinite(l.confidence) || l.confidence < 0.0 || l.confidence > 1.0)
      return QStringLiteral("%1 has confidence %2 (expected 0..1)")
          .arg(which, QString::number(l.confidence));
    if (l.stack < -1 || l.stack >= stacks)
      return QStringLiteral("%1 names stack %2, but the series has %3 stack(s) (expected -1..%4)")
          .arg(which)
          .arg(l.stack)
          .arg(stacks)
          .arg(stacks - 1);
  }
  return {};
}

GuardedSeriesHandler::GuardedSeriesHandler(std::shared_ptr<fv::plugin::SeriesHandler> handler,
                                           std::shared_ptr<PluginGuard> guard,
                                           std::shared_ptr<const void> keepAlive)
    : m_handler(std::move(handler)),
      m_guard(std::move(guard)),
      m_keepAlive(std::move(keepAlive)),
      m_id(m_handler->id()) {}

std::vector<fv::plugin::SeriesLoadable> GuardedSeriesHandler::examine(
    const fv::dicom::Series& series) const {
  if (!m_guard->enabled()) return {};
  const QString subject = QStringLiteral("handler ") + m_id;
  std::shared_ptr<Outcome> outcome;
  std::shared_ptr<const fv::dicom::Series> copy;  // the caller's series may go before the worker
  try {
    outcome = std::make_shared<Outcome>();
    copy = std::make_shared<const fv::dicom::Series>(series);
  } catch (...) {
    return {};  // out of memory: nothing offered, nobody to blame
  }
  const auto limit = m_guard->limits().handler;
  const WorkerOutcome ran = runOnWorker(
      [handler = m_handler, keepAlive = m_keepAlive, copy, outcome] {
        try {
          outcome->loadables = handler->examine(*copy);
        } catch (...) {
          outcome->error = std::current_exception();
        }
      },
      limit);
  switch (ran) {
    case WorkerOutcome::NotStarted:
      return {};
    case WorkerOutcome::TimedOut:
      m_guard->reportTimeout(subject, "examine", limit);
      return {};
    case WorkerOutcome::Finished:
      break;
  }
  if (outcome->error) {
    m_guard->reportException(subject, "examine", outcome->error);
    return {};
  }
  if (const QString problem = checkLoadables(outcome->loadables, series); !problem.isEmpty()) {
    m_guard->reportInvalid(subject, "examine", problem);
    return {};
  }
  if (!m_guard->enabled()) return {};  // disabled meanwhile (another thread)
  return std::move(outcome->loadables);
}

}  // namespace fv::viewer
