#include "GuardedPanelFactory.h"

#include <QLabel>
#include <QPointer>
#include <QStackedWidget>

namespace fv::viewer {
namespace {

QLabel* disabledLabel(const QString& text) {
  auto* label = new QLabel(text);
  label->setObjectName(QString::fromLatin1(GuardedPanelFactory::kDisabledLabelName));
  label->setWordWrap(true);
  label->setAlignment(Qt::AlignCenter);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return label;
}

QString disabledText(const QString& pluginId, const QString& message) {
  return QStringLiteral("Plugin \"%1\" is disabled.\n%2").arg(pluginId, message);
}

}  // namespace

GuardedPanelFactory::GuardedPanelFactory(std::shared_ptr<fv::plugin::PanelFactory> panel,
                                         std::shared_ptr<PluginGuard> guard)
    : m_panel(std::move(panel)),
      m_guard(std::move(guard)),
      m_id(m_panel->id()),
      m_title(m_panel->title()),
      m_area(m_panel->area()) {}

QWidget* GuardedPanelFactory::create(fv::plugin::ViewerServices& viewer) {
  QWidget* content =
      m_guard->call(QStringLiteral("panel ") + m_id, "create", static_cast<QWidget*>(nullptr),
                    [&] { return m_panel->create(viewer); });
  if (!m_guard->enabled()) {
    delete content;
    return disabledLabel(disabledText(m_guard->pluginId(), m_guard->message()));
  }
  if (!content) return disabledLabel(QStringLiteral("Panel %1 created no widget.").arg(m_id));

  auto* container = new QStackedWidget;
  container->addWidget(content);
  // Later disabling: the plugin's widget goes (so none of its slots runs again), a label stays.
  QObject::connect(m_guard.get(), &PluginGuard::disabled, container,
                   [container, content = QPointer<QWidget>(content),
                    pluginId = m_guard->pluginId()](const QString& message) {
                     QLabel* label = disabledLabel(disabledText(pluginId, message));
                     container->addWidget(label);
                     container->setCurrentWidget(label);
                     if (content) content->deleteLater();
                   });
  return container;
}

}  // namespace fv::viewer
