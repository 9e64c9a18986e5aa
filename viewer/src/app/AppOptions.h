// The viewer's command line: fluoroview [PATH...] [--layout RxC] [--series UID] [--frame N]
// [--screenshot FILE.png] [--list-plugins]
// [--enable-plugin ID] [--hide-patient] [--workflow ID] [--mpr].
#pragma once

#include <optional>

#include <QString>
#include <QStringList>

namespace fv::viewer {

/// Parsed command line.
struct AppOptions {
  QStringList paths;             ///< files, folders, DICOMDIRs to open
  std::optional<int> rows, columns;  ///< --layout RxC
  QString series;                ///< --series UID: shown in the first viewport
  std::optional<int> frame;      ///< --frame N (1-based) in that viewport
  QString screenshot;            ///< --screenshot FILE.png: load, render, save, exit
  bool listPlugins = false;      ///< --list-plugins: print plugins and exit
  QStringList enablePlugins;     ///< --enable-plugin ID: run a plugin again that froze the viewer
  bool hidePatient = false;      ///< --hide-patient: corner text without identification
  QString workflow;              ///< --workflow ID: arrange a workflow after loading
  bool mpr = false;              ///< --mpr: MPR of the first volume
  bool priorMri = false;         ///< --prior-mri: prior MRI beside fluoroscopy (Ctrl+B)
  QString error;                 ///< non-empty: usage error
};

/// Parses arguments (without argv[0]).
AppOptions parseAppOptions(const QStringList& args);

/// The usage text printed for --help and errors.
QString appUsage();

}  // namespace fv::viewer
