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
  const QString subject = QStringLiteral("panel ") + m_id;
  QWidget* content = nullptr;
  // Not call(): a widget created by a slow create() must still be deleted.
  m_guard->run(subject, "create", [&] { content = m_panel->create(viewer); });
  if (content && content->parentWidget()) {
    const QString owner = QLatin1String(content->parentWidget()->metaObject()->className());
    content = nullptr;  // it belongs elsewhere: never ours to delete, even if the call was slow
    m_guard->reportInvalid(
        subject, "create",
        QStringLiteral("returned a widget that already has a parent (a %1): it belongs elsewhere")
            .arg(owner));
  } else if (!content && m_guard->enabled()) {
    m_guard->reportInvalid(subject, "create", QStringLiteral("returned no widget (nullptr)"));
  }
  if (!m_guard->enabled()) {
    delete content;
    return disabledLabel(disabledText(m_guard->pluginId(), m_guard->message()));
  }

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
