#include "InfoPanel.h"

#include <QLabel>

#include "fv/viewer/plugin/ViewerServices.h"

namespace fv::example {
namespace {

QString frameText(const fv::plugin::ViewportContext* viewport, int frame) {
  if (!viewport || !viewport->series()) return QStringLiteral("No image");
  return QStringLiteral("Frame %1 / %2").arg(frame + 1).arg(viewport->frameCount());
}

QString frameText(const fv::plugin::ViewportContext* viewport) {
  return frameText(viewport, viewport ? viewport->frameIndex() : 0);
}

}  // namespace

QWidget* InfoPanel::create(fv::plugin::ViewerServices& viewer) {
  auto* label = new QLabel(frameText(viewer.activeViewport()));
  label->setObjectName(QStringLiteral("example-frame"));
  label->setAlignment(Qt::AlignCenter);
  fv::plugin::ViewerEvents& events = viewer.events();
  QObject::connect(&events, &fv::plugin::ViewerEvents::frameChanged, label,
                   [label, &viewer](fv::plugin::ViewportContext* viewport, int frame) {
                     if (viewport == viewer.activeViewport())
                       label->setText(frameText(viewport, frame));
                   });
  QObject::connect(
      &events, &fv::plugin::ViewerEvents::activeViewportChanged, label,
      [label](fv::plugin::ViewportContext* viewport) { label->setText(frameText(viewport)); });
  return label;
}

}  // namespace fv::example
