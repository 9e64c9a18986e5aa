#include "FluoroPlugin.h"

#include <QPointer>

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

/// The unsaved confirmations, taken on the GUI thread, saved on a worker into the chosen folder.
class ConfirmationJob final : public fv::plugin::ExportJob {
 public:
  ConfirmationJob(FluoroSession& session, FluoroSession::PendingSave pending)
      : m_session(&session), m_pending(std::move(pending)) {}
  fv::dicom::Status run(const QString& folder, fv::plugin::ExportControl& control) override {
    control.progress(0, 1);
    m_pending.request.folder = folder.toStdString();
    m_result = saveConfirmation(m_pending.request);
    control.progress(1, 1);
    if (!m_result) return m_result.error();
    return {};
  }
  void finished(ViewerServices&, const fv::dicom::Status&) override {
    if (m_session) m_session->finishSave(m_pending, m_result);
  }

 private:
  QPointer<FluoroSession> m_session;  // GUI-thread object: touched in finished() only
  FluoroSession::PendingSave m_pending;
  fv::dicom::Result<ConfirmationResult> m_result =
      fv::dicom::makeError(fv::dicom::ErrorCode::Cancelled, "not saved");
};

/// "Save confirmation" as an exporter too (File → Export), into a chosen folder.
class ConfirmationExporter final : public fv::plugin::Exporter {
 public:
  explicit ConfirmationExporter(FluoroSession& session) : m_session(session) {}
  QString id() const override { return QStringLiteral("fluoro.exporter.confirmation"); }
  QString name() const override {
    return QObject::tr("Needle confirmation (SC, GSPS, SR, PDF, KOS, record)...");
  }
  fv::dicom::Result<std::shared_ptr<fv::plugin::ExportJob>> prepare(ViewerServices&,
                                                                    QWidget*) override {
    auto pending = m_session.prepareSave();
    if (!pending) return pending.error();
    return std::shared_ptr<fv::plugin::ExportJob>(
        std::make_shared<ConfirmationJob>(m_session, std::move(*pending)));
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
