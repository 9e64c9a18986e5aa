// The example plugin's panel: which frame the active viewport shows.
#pragma once

#include "fv/viewer/plugin/Contributions.h"

namespace fv::example {

/// A label "Frame n / N" (1-based) for the active viewport, kept current via ViewerEvents.
class InfoPanel final : public fv::plugin::PanelFactory {
 public:
  QString id() const override { return QStringLiteral("example.panel.info"); }
  QString title() const override { return QStringLiteral("Example info"); }
  QWidget* create(fv::plugin::ViewerServices& viewer) override;
};

}  // namespace fv::example
