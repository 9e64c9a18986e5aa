// The faulty test plugin's contributions: each does its job unless the plan says otherwise.
#pragma once

#include <memory>

#include <QHash>
#include <QList>
#include <QPointF>
#include <QWidget>

#include "FaultPlan.h"
#include "fv/viewer/plugin/Contributions.h"
#include "fv/viewer/plugin/ViewerServices.h"

namespace fv::test::faulty {

/// What every contribution of one registration shares.
struct Shared {
  FaultPlan plan;                                 ///< read at registration
  std::shared_ptr<FaultControl> control;          ///< hangs and call counts (outlives the plugin)
  fv::plugin::ViewerServices* viewer = nullptr;   ///< from the registration's context
};

/// "faulty.tool.pin": a click pins the image point (consumed); paint draws a 6×6 red square on
/// each pin. Faults: "tool" (every event handler, activated and deactivated), "paint" (garbage
/// "end": ends the painter; otherwise leaves a save() open with opacity and transform changed).
class PinTool final : public fv::plugin::ViewportTool {
 public:
  /// A tool with the given id and name (the garbage registration makes bad ones).
  explicit PinTool(std::shared_ptr<const Shared> shared,
                   QString id = QStringLiteral("faulty.tool.pin"),
                   QString name = QStringLiteral("Pin"));
  QString id() const override { return m_id; }
  QString name() const override { return m_name; }
  bool mousePress(fv::plugin::ViewportContext& viewport,
                  const fv::plugin::ToolEvent& event) override;
  bool mouseMove(fv::plugin::ViewportContext&, const fv::plugin::ToolEvent&) override;
  bool mouseRelease(fv::plugin::ViewportContext&, const fv::plugin::ToolEvent&) override;
  bool keyPress(fv::plugin::ViewportContext&, const fv::plugin::ToolEvent&) override;
  void paint(fv::plugin::ViewportContext& viewport, QPainter& painter) override;
  void activated(fv::plugin::ViewportContext*) override;
  void deactivated() override;

 private:
  const std::shared_ptr<const Shared> m_shared;
  const QString m_id;
  const QString m_name;
  QList<QPointF> m_pins;

  /// The "tool" fault, for every call but paint.
  void act() const;
};

/// "faulty.panel.status": a label "faulty panel". Fault "panel" (garbage "parented": a label
/// that already has a parent; otherwise nullptr).
class StatusPanel final : public fv::plugin::PanelFactory {
 public:
  /// A panel with the given id and area (the garbage registration makes a bad one).
  explicit StatusPanel(std::shared_ptr<const Shared> shared,
                       QString id = QStringLiteral("faulty.panel.status"),
                       Qt::DockWidgetArea area = Qt::LeftDockWidgetArea);
  QString id() const override { return m_id; }
  QString title() const override { return QStringLiteral("Faulty status"); }
  Qt::DockWidgetArea area() const override { return m_area; }
  QWidget* create(fv::plugin::ViewerServices& viewer) override;

 private:
  const std::shared_ptr<const Shared> m_shared;
  const QString m_id;
  const Qt::DockWidgetArea m_area;
  std::unique_ptr<QWidget> m_owner;  ///< parent of the "parented" garbage label
};

/// "faulty.handler.all": offers every series ("Faulty view", 0.5, stack 0). Fault "handler"
/// (garbage: nan, inf, negative, above, noname, stack, stack-negative, many). After a hang it
/// says "faulty handler woke up" through the viewer (dropped when the host abandoned it).
class AllHandler final : public fv::plugin::SeriesHandler {
 public:
  /// A handler of the plugin's shared state.
  explicit AllHandler(std::shared_ptr<const Shared> shared) : m_shared(std::move(shared)) {}
  QString id() const override { return QStringLiteral("faulty.handler.all"); }
  std::vector<fv::plugin::SeriesLoadable> examine(const fv::dicom::Series& series) const override;

 private:
  const std::shared_ptr<const Shared> m_shared;
};

/// "faulty.exporter.note": its job writes faulty-note.txt into the folder and says "faulty
/// exported" through the viewer when finished. Fault "exporter" applies to the job's run()
/// (garbage: reports success without writing; "silent": an error without a message), fault
/// "prepare" to prepare() (throw, garbage: an error without a message, hang, modal).
class NoteExporter final : public fv::plugin::Exporter {
 public:
  /// An exporter of the plugin's shared state.
  explicit NoteExporter(std::shared_ptr<const Shared> shared) : m_shared(std::move(shared)) {}
  QString id() const override { return QStringLiteral("faulty.exporter.note"); }
  QString name() const override { return QStringLiteral("Faulty note"); }
  fv::dicom::Result<std::shared_ptr<fv::plugin::ExportJob>> prepare(
      fv::plugin::ViewerServices& viewer, QWidget* parent) override;

 private:
  const std::shared_ptr<const Shared> m_shared;
};

}  // namespace fv::test::faulty
