#include "FluoroPlugin.h"

#include "ConfirmationsPanel.h"
#include "FluoroSession.h"
#include "Tools.h"
#include "fv/viewer/plugin/ViewerServices.h"

namespace fv::fluoro::ui {
namespace {

using fv::plugin::Command;
using fv::plugin::SeriesLoadable;
using fv::plugin::ViewerServices;

/// Fluoroscopy runs (XA/RF with frames) are what this plugin is for: high confidence.
class FluoroSeriesHandler final : public fv::plugin::SeriesHandler {
 public:
  QString id() const override { return QStringLiteral("fluoro.handler.cine"); }
  std::vector<SeriesLoadable> examine(const fv::dicom::Series& series) const override {
    const auto& m = series.key.modality;
    if ((m != "XA" && m != "RF") || series.frameCount() == 0) return {};
    for (size_t s = 0; s < series.stacks.size(); ++s)
      if (series.stacks[s].kind == fv::dicom::StackKind::Cine)
        return {
            {QObject::tr("Fluoroscopy cine (needle review)"), 0.9, QString(), static_cast<int>(s)}};
    return {{QObject::tr("Fluoroscopy images (needle review)"), 0.7, QString(), 0}};
  }
};

/// "Save confirmation" as an exporter too (File → Export), into a chosen folder.
class ConfirmationExporter final : public fv::plugin::Exporter {
 public:
  explicit ConfirmationExporter(FluoroSession& session) : m_session(session) {}
  QString id() const override { return QStringLiteral("fluoro.exporter.confirmation"); }
  QString name() const override {
    return QObject::tr("Needle confirmation (SC, GSPS, KOS, record)");
  }
  fv::dicom::Status exportTo(ViewerServices&, const QString& folder) override {
    m_session.setOutputFolder(folder);
    auto result = m_session.save();
    if (!result) return result.error();
    return {};
  }

 private:
  FluoroSession& m_session;
};

Command command(const char* id, QString text, QKeySequence shortcut,
                std::function<void(ViewerServices&)> run, bool toolbar = false) {
  Command c;
  c.id = id;
  c.text = std::move(text);
  c.menu = QObject::tr("Needle");
  c.shortcut = std::move(shortcut);
  c.toolbar = toolbar;
  c.run = std::move(run);
  return c;
}

}  // namespace

FluoroPlugin::FluoroPlugin() = default;
FluoroPlugin::~FluoroPlugin() = default;

fv::plugin::PluginInfo FluoroPlugin::info() const {
  return {QStringLiteral("fluoro"), QObject::tr("Fluoroscopy review"), QStringLiteral("1.0.0"),
          QObject::tr("Needle-position confirmation frames, annotations and DICOM documentation.")};
}

void FluoroPlugin::registerContributions(fv::plugin::PluginContext& context) {
  ViewerServices& viewer = context.viewer();
  m_session = std::make_unique<FluoroSession>(viewer);
  FluoroSession* session = m_session.get();

  for (auto& tool : makeTools(*session)) context.addTool(tool);
  context.addPanel(std::make_shared<ConfirmationsPanelFactory>(*session));
  context.addSeriesHandler(std::make_shared<FluoroSeriesHandler>());
  context.addExporter(std::make_shared<ConfirmationExporter>(*session));

  context.addCommand(command(
      "fluoro.command.mark", QObject::tr("Mark / un-mark confirmation frame"),
      QKeySequence(Qt::Key_C),
      [session](ViewerServices& v) {
        if (auto* viewport = v.activeViewport()) {
          session->toggleConfirmation(*viewport);
          viewport->requestRepaint();
        }
      },
      true));
  context.addCommand(command(
      "fluoro.command.save", QObject::tr("Save confirmation"),
      QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
      [session](ViewerServices&) { (void)session->save(); }, true));
  context.addCommand(command("fluoro.command.undo", QObject::tr("Undo annotation edit"),
                             QKeySequence(Qt::CTRL | Qt::Key_Z),
                             [session](ViewerServices&) { session->undo(); }));
  context.addCommand(command("fluoro.command.redo", QObject::tr("Redo annotation edit"),
                             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z),
                             [session](ViewerServices&) { session->redo(); }));
  context.addCommand(command("fluoro.command.delete", QObject::tr("Delete selected annotation"),
                             QKeySequence(Qt::Key_Delete),
                             [session](ViewerServices&) { session->deleteSelected(); }));

  fv::plugin::Workflow workflow;
  workflow.id = QStringLiteral("fluoro.workflow.needle-confirmation");
  workflow.name = QObject::tr("Needle confirmation");
  workflow.rows = 1;
  workflow.columns = 2;
  workflow.panels = {QStringLiteral("fluoro.panel.confirmations")};
  workflow.tool = QStringLiteral("fluoro.tool.needle-tip");
  workflow.viewportModalities = {QStringLiteral("MR|CT"), QStringLiteral("XA|RF")};
  workflow.shortcut = QKeySequence(Qt::CTRL | Qt::Key_N);
  context.addWorkflow(std::move(workflow));

  // Repaint after edits made through commands; pick up earlier outputs whenever an index loads.
  QObject::connect(session, &FluoroSession::changed, session, [session] {
    if (auto* v = session->viewer().activeViewport()) v->requestRepaint();
  });
  QObject::connect(&viewer.events(), &fv::plugin::ViewerEvents::indexChanged, session,
                   [session] { session->reloadFromIndex(); });
  session->reloadFromIndex();
}

void FluoroPlugin::shutdown() {
  m_session.reset();
}

}  // namespace fv::fluoro::ui
