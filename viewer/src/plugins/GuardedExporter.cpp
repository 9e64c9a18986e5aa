#include "GuardedExporter.h"

namespace fv::viewer {

GuardedExporter::GuardedExporter(std::shared_ptr<fv::plugin::Exporter> exporter,
                                 std::shared_ptr<PluginGuard> guard)
    : m_exporter(std::move(exporter)),
      m_guard(std::move(guard)),
      m_id(m_exporter->id()),
      m_name(m_exporter->name()) {}

fv::dicom::Status GuardedExporter::exportTo(fv::plugin::ViewerServices& viewer,
                                            const QString& folder) {
  fv::dicom::Status status;
  if (m_guard->run(QStringLiteral("exporter ") + m_id, "exportTo",
                   [&] { status = m_exporter->exportTo(viewer, folder); }))
    return status;
  return fv::dicom::makeError(fv::dicom::ErrorCode::Internal,
                              QStringLiteral("%1 did not export: plugin disabled (%2)")
                                  .arg(m_id, m_guard->message())
                                  .toStdString(),
                              folder.toStdString());
}

}  // namespace fv::viewer
