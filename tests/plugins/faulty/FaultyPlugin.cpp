#include "FaultyPlugin.h"

#include "FaultyContributions.h"
#include "fv/viewer/plugin/ViewerServices.h"

namespace fv::test::faulty {

FaultyPlugin::FaultyPlugin() : m_control(std::make_shared<FaultControl>()) {}

fv::plugin::PluginInfo FaultyPlugin::info() const {
  const FaultPlan plan = FaultPlan::fromEnvironment();
  const bool garbage = act(plan, *m_control, QStringLiteral("info")) == Fault::Garbage;
  return {garbage ? QStringLiteral("faulty plugin!") : QStringLiteral("faulty"),
          QStringLiteral("Faulty (test)"), QStringLiteral("0.0.3"),
          QStringLiteral("Throws, returns garbage or hangs on demand.")};
}

void FaultyPlugin::registerContributions(fv::plugin::PluginContext& context) {
  m_plan = FaultPlan::fromEnvironment();
  m_context = &context;
  auto shared = std::make_shared<Shared>();
  shared->plan = m_plan;
  shared->control = m_control;
  shared->viewer = &context.viewer();

  context.addTool(std::make_shared<PinTool>(shared));
  context.addPanel(std::make_shared<StatusPanel>(shared));
  context.addSeriesHandler(std::make_shared<AllHandler>(shared));
  context.addExporter(std::make_shared<NoteExporter>(shared));

  fv::plugin::Command poke;
  poke.id = QStringLiteral("faulty.command.poke");
  poke.text = QStringLiteral("Poke the faulty plugin");
  poke.menu = QStringLiteral("Tools");
  poke.run = [this, shared](fv::plugin::ViewerServices& viewer) {
    if (act(shared->plan, *shared->control, QStringLiteral("command")) == Fault::Garbage) {
      // Uses the context after registration: the host must refuse, not crash.
      if (m_context) m_context->addTool(std::make_shared<PinTool>(
                         shared, QStringLiteral("faulty.tool.late"), QStringLiteral("Late")));
      return;
    }
    viewer.showMessage(QStringLiteral("faulty poked"));
  };
  context.addCommand(std::move(poke));

  fv::plugin::Workflow pin;
  pin.id = QStringLiteral("faulty.workflow.pin");
  pin.name = QStringLiteral("Faulty: pin");
  pin.rows = 1;
  pin.columns = 1;
  pin.tool = QStringLiteral("faulty.tool.pin");
  context.addWorkflow(std::move(pin));

  if (act(m_plan, *m_control, QStringLiteral("register")) == Fault::Garbage)
    registerGarbage(context, shared);
}

void FaultyPlugin::registerGarbage(fv::plugin::PluginContext& context,
                                   const std::shared_ptr<const Shared>& shared) {
  context.addTool(nullptr);
  context.addSeriesHandler(nullptr);
  context.addPanel(nullptr);
  context.addExporter(nullptr);
  context.addTool(std::make_shared<PinTool>(shared, QStringLiteral("faulty.tools.wrong-kind")));
  context.addTool(std::make_shared<PinTool>(shared, QStringLiteral("example.tool.marker")));
  context.addTool(std::make_shared<PinTool>(shared));  // duplicate id
  context.addTool(
      std::make_shared<PinTool>(shared, QStringLiteral("faulty.tool.nameless"), QString()));
  context.addPanel(std::make_shared<StatusPanel>(shared, QStringLiteral("faulty.panel.nowhere"),
                                                 static_cast<Qt::DockWidgetArea>(0x5)));  // left|top: in the enum's range (no UB), not one area

  fv::plugin::Command noRun;
  noRun.id = QStringLiteral("faulty.command.no-run");
  noRun.text = QStringLiteral("Nothing");
  context.addCommand(noRun);
  fv::plugin::Command noText;
  noText.id = QStringLiteral("faulty.command.no-text");
  noText.run = [](fv::plugin::ViewerServices&) {};
  context.addCommand(noText);

  fv::plugin::Workflow huge;
  huge.id = QStringLiteral("faulty.workflow.huge");
  huge.name = QStringLiteral("Huge");
  huge.rows = 3;
  huge.columns = 3;
  context.addWorkflow(huge);
  fv::plugin::Workflow crowded;
  crowded.id = QStringLiteral("faulty.workflow.crowded");
  crowded.name = QStringLiteral("Crowded");
  crowded.rows = 1;
  crowded.columns = 2;
  crowded.viewportModalities = {"MR", "XA", "CT", "US", "RF"};
  context.addWorkflow(crowded);
  fv::plugin::Workflow badPanel;
  badPanel.id = QStringLiteral("faulty.workflow.bad-panel");
  badPanel.name = QStringLiteral("Bad panel");
  badPanel.panels = {QStringLiteral("not a panel")};
  context.addWorkflow(badPanel);
}

void FaultyPlugin::shutdown() {
  act(m_plan, *m_control, QStringLiteral("shutdown"));
  m_context = nullptr;
}

}  // namespace fv::test::faulty
