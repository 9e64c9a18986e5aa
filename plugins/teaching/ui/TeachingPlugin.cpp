#include "TeachingPlugin.h"

#include "TeachingExporter.h"

namespace fv::teaching::ui {

fv::plugin::PluginInfo TeachingPlugin::info() const {
  return {QStringLiteral("teaching"), QObject::tr("Teaching files"), QStringLiteral("1.0.0"),
          QObject::tr("De-identified teaching-file bundles: DICOM + DICOMDIR, key frames, videos, "
                      "case page, IHE TCE manifest.")};
}

void TeachingPlugin::registerContributions(fv::plugin::PluginContext& context) {
  context.addExporter(std::make_shared<TeachingExporter>());
}

}  // namespace fv::teaching::ui
