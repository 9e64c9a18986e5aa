// "teaching.exporter.bundle": the study in the active viewport as a teaching-file bundle.
#pragma once

#include <QObject>

#include "fv/viewer/plugin/Contributions.h"

namespace fv::teaching::ui {

/// prepare() takes the files of the study shown in the active viewport (its sources and the
/// confirmations saved into it) and asks the author for the case text, the profile options and
/// the redactions; the job builds the bundle in the new folder the host gives it.
class TeachingExporter final : public fv::plugin::Exporter {
 public:
  QString id() const override { return QStringLiteral("teaching.exporter.bundle"); }
  QString name() const override { return QObject::tr("Teaching file (de-identified)..."); }
  bool createsFolder() const override { return true; }
  fv::dicom::Result<std::shared_ptr<fv::plugin::ExportJob>> prepare(
      fv::plugin::ViewerServices& viewer, QWidget* parent) override;
};

}  // namespace fv::teaching::ui
