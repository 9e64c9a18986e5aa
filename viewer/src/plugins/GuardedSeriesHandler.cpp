#include "GuardedSeriesHandler.h"

namespace fv::viewer {

GuardedSeriesHandler::GuardedSeriesHandler(std::shared_ptr<fv::plugin::SeriesHandler> handler,
                                           std::shared_ptr<PluginGuard> guard)
    : m_handler(std::move(handler)), m_guard(std::move(guard)), m_id(m_handler->id()) {}

std::vector<fv::plugin::SeriesLoadable> GuardedSeriesHandler::examine(
    const fv::dicom::Series& series) const {
  return m_guard->call(QStringLiteral("handler ") + m_id, "examine",
                       std::vector<fv::plugin::SeriesLoadable>{},
                       [&] { return m_handler->examine(series); });
}

}  // namespace fv::viewer
