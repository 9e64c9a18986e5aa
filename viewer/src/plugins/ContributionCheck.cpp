#include "ContributionCheck.h"

#include "ContributionId.h"

namespace fv::viewer {
namespace {

fv::dicom::Status invalid(const QString& text) {
  return fv::dicom::makeError(fv::dicom::ErrorCode::InvalidArgument, text.toStdString());
}

bool isDockArea(Qt::DockWidgetArea area) {
  return area == Qt::LeftDockWidgetArea || area == Qt::RightDockWidgetArea ||
         area == Qt::TopDockWidgetArea || area == Qt::BottomDockWidgetArea;
}

}  // namespace

fv::dicom::Status checkTool(const fv::plugin::ViewportTool& tool) {
  if (tool.name().trimmed().isEmpty())
    return invalid(QStringLiteral("tool \"%1\" has no name").arg(tool.id()));
  return fv::dicom::Status::success();
}

fv::dicom::Status checkPanel(const fv::plugin::PanelFactory& panel) {
  if (panel.title().trimmed().isEmpty())
    return invalid(QStringLiteral("panel \"%1\" has no title").arg(panel.id()));
  if (!isDockArea(panel.area()))
    return invalid(QStringLiteral("panel \"%1\" asks for dock area %2 (expected left 1, right 2, "
                                  "top 4 or bottom 8)")
                       .arg(panel.id())
                       .arg(static_cast<int>(panel.area())));
  return fv::dicom::Status::success();
}

fv::dicom::Status checkCommand(const fv::plugin::Command& command) {
  if (command.text.trimmed().isEmpty())
    return invalid(QStringLiteral("command \"%1\" has no text").arg(command.id));
  return fv::dicom::Status::success();
}

fv::dicom::Status checkExporter(const fv::plugin::Exporter& exporter) {
  if (exporter.name().trimmed().isEmpty())
    return invalid(QStringLiteral("exporter \"%1\" has no name").arg(exporter.id()));
  return fv::dicom::Status::success();
}

fv::dicom::Status checkWorkflow(const fv::plugin::Workflow& w) {
  if (w.name.trimmed().isEmpty())
    return invalid(QStringLiteral("workflow \"%1\" has no name").arg(w.id));
  if (w.rows < 1 || w.rows > kMaxWorkflowRows || w.columns < 1 ||
      w.columns > kMaxWorkflowColumns || w.rows * w.columns > kMaxWorkflowViewports)
    return invalid(QStringLiteral("workflow \"%1\" asks for a %2×%3 grid (rows 1..%4, columns "
                                  "1..%5, at most %6 viewports)")
                       .arg(w.id)
                       .arg(w.rows)
                       .arg(w.columns)
                       .arg(kMaxWorkflowRows)
                       .arg(kMaxWorkflowColumns)
                       .arg(kMaxWorkflowViewports));
  if (w.viewportModalities.size() > w.rows * w.columns)
    return invalid(QStringLiteral("workflow \"%1\" names %2 viewport modalities for %3 viewports")
                       .arg(w.id)
                       .arg(w.viewportModalities.size())
                       .arg(w.rows * w.columns));
  if (!w.tool.isEmpty() && !isContributionIdOfKind(w.tool, QStringLiteral("tool")))
    return invalid(QStringLiteral("workflow \"%1\" names tool \"%2\" (expected \"plugin.tool.name\" "
                                  "or \"\")")
                       .arg(w.id, w.tool));
  for (const QString& panel : w.panels)
    if (!isContributionIdOfKind(panel, QStringLiteral("panel")))
      return invalid(QStringLiteral("workflow \"%1\" names panel \"%2\" (expected "
                                    "\"plugin.panel.name\")")
                         .arg(w.id, panel));
  return fv::dicom::Status::success();
}

}  // namespace fv::viewer
