// What a contribution must look like beyond its id (the registry checks ids).
#pragma once

#include "fv/dicom/Result.h"
#include "fv/viewer/plugin/Contributions.h"

namespace fv::viewer {

/// The viewport grid a workflow can ask for (ViewportGrid: 1..2 rows × 1..3 columns, 4 at most).
inline constexpr int kMaxWorkflowRows = 2;
/// See kMaxWorkflowRows.
inline constexpr int kMaxWorkflowColumns = 3;
/// See kMaxWorkflowRows.
inline constexpr int kMaxWorkflowViewports = 4;

/// A tool needs a name (its toolbar and menu text). The error names the bad value.
fv::dicom::Status checkTool(const fv::plugin::ViewportTool& tool);
/// A panel needs a title and one dock area (left, right, top or bottom).
fv::dicom::Status checkPanel(const fv::plugin::PanelFactory& panel);
/// A command needs menu text.
fv::dicom::Status checkCommand(const fv::plugin::Command& command);
/// An exporter needs a name.
fv::dicom::Status checkExporter(const fv::plugin::Exporter& exporter);
/// A workflow needs a name, a grid the viewer has (kMaxWorkflow*), no more viewport modalities
/// than viewports, and "plugin.tool.name" / "plugin.panel.name" references.
fv::dicom::Status checkWorkflow(const fv::plugin::Workflow& workflow);

}  // namespace fv::viewer
