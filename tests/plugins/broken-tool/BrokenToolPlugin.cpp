// Test plugin: registers fine, but its tool throws on mouse press and its command throws a
// non-standard exception. It also tries a foreign and a duplicate id, which the host rejects.
#include <stdexcept>

#include <QLabel>
#include <QObject>
#include <QPainter>

#include "fv/viewer/plugin/Plugin.h"
#include "fv/viewer/plugin/PluginContext.h"

namespace fv::test {

/// mousePress throws; paint would draw a filled square if it were ever called after that.
class BombTool final : public fv::plugin::ViewportTool {
 public:
  explicit BombTool(QString id = QStringLiteral("broken-tool.tool.bomb")) : m_id(std::move(id)) {}
  QString id() const override { return m_id; }
  QString name() const override { return QStringLiteral("Bomb"); }
  bool mousePress(fv::plugin::ViewportContext&, const fv::plugin::ToolEvent&) override {
    throw std::logic_error("the bomb tool went off");
  }
  void paint(fv::plugin::ViewportContext&, QPainter& painter) override {
    painter.fillRect(0, 0, 8, 8, Qt::red);
  }

 private:
  QString m_id;
};

/// A working panel: shown until its plugin is disabled.
class StatusPanel final : public fv::plugin::PanelFactory {
 public:
  QString id() const override { return QStringLiteral("broken-tool.panel.status"); }
  QString title() const override { return QStringLiteral("Bomb status"); }
  QWidget* create(fv::plugin::ViewerServices&) override {
    return new QLabel(QStringLiteral("armed"));
  }
};

/// Contributes the bomb tool, the status panel, a command throwing an int and two bad ids.
class BrokenToolPlugin : public QObject, public fv::plugin::Plugin {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID FV_PLUGIN_IID FILE "broken-tool.json")
  Q_INTERFACES(fv::plugin::Plugin)

 public:
  fv::plugin::PluginInfo info() const override {
    return {QStringLiteral("broken-tool"), QStringLiteral("Broken tool (test)"),
            QStringLiteral("0.0.2"), QStringLiteral("Its tool and command throw.")};
  }
  void registerContributions(fv::plugin::PluginContext& context) override {
    context.addTool(std::make_shared<BombTool>());
    context.addPanel(std::make_shared<StatusPanel>());
    fv::plugin::Command fail;
    fail.id = QStringLiteral("broken-tool.command.fail");
    fail.text = QStringLiteral("Fail");
    fail.menu = QStringLiteral("Tools");
    fail.run = [](fv::plugin::ViewerServices&) { throw 42; };
    context.addCommand(std::move(fail));
    context.addTool(
        std::make_shared<BombTool>(QStringLiteral("example.tool.stolen")));  // foreign id
    context.addTool(std::make_shared<BombTool>());                           // duplicate id
  }
};

}  // namespace fv::test

#include "BrokenToolPlugin.moc"
