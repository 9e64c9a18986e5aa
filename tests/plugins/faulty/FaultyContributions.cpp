#include "FaultyContributions.h"

#include <limits>

#include <QFile>
#include <QLabel>
#include <QPainter>

namespace fv::test::faulty {

PinTool::PinTool(std::shared_ptr<const Shared> shared, QString id, QString name)
    : m_shared(std::move(shared)), m_id(std::move(id)), m_name(std::move(name)) {}

void PinTool::act() const {
  faulty::act(m_shared->plan, *m_shared->control, QStringLiteral("tool"));
}

bool PinTool::mousePress(fv::plugin::ViewportContext& viewport,
                         const fv::plugin::ToolEvent& event) {
  act();
  m_pins.append(event.imagePos);
  viewport.requestRepaint();
  return true;
}

bool PinTool::mouseMove(fv::plugin::ViewportContext&, const fv::plugin::ToolEvent&) {
  act();
  return false;
}

bool PinTool::mouseRelease(fv::plugin::ViewportContext&, const fv::plugin::ToolEvent&) {
  act();
  return false;
}

bool PinTool::keyPress(fv::plugin::ViewportContext&, const fv::plugin::ToolEvent&) {
  act();
  return false;
}

void PinTool::activated(fv::plugin::ViewportContext*) {
  act();
}

void PinTool::deactivated() {
  act();
}

void PinTool::paint(fv::plugin::ViewportContext& viewport, QPainter& painter) {
  const QString call = QStringLiteral("paint");
  if (faulty::act(m_shared->plan, *m_shared->control, call) == Fault::Garbage) {
    if (m_shared->plan.argument(call) == QLatin1String("end")) {
      painter.end();
      return;
    }
    painter.save();  // never restored
    painter.setOpacity(0.1);
    painter.translate(1000, 1000);
    return;
  }
  for (const QPointF& pin : m_pins)
    painter.fillRect(QRectF(viewport.imageToWidget(pin) - QPointF(3, 3), QSizeF(6, 6)), Qt::red);
}

StatusPanel::StatusPanel(std::shared_ptr<const Shared> shared, QString id, Qt::DockWidgetArea area)
    : m_shared(std::move(shared)), m_id(std::move(id)), m_area(area) {}

QWidget* StatusPanel::create(fv::plugin::ViewerServices&) {
  const QString call = QStringLiteral("panel");
  if (act(m_shared->plan, *m_shared->control, call) == Fault::Garbage) {
    if (m_shared->plan.argument(call) != QLatin1String("parented")) return nullptr;
    if (!m_owner) m_owner = std::make_unique<QWidget>();
    return new QLabel(QStringLiteral("owned elsewhere"), m_owner.get());
  }
  auto* label = new QLabel(QStringLiteral("faulty panel"));
  label->setObjectName(QStringLiteral("faulty-status"));
  return label;
}

std::vector<fv::plugin::SeriesLoadable> AllHandler::examine(const fv::dicom::Series&) const {
  const QString call = QStringLiteral("handler");
  const Fault fault = act(m_shared->plan, *m_shared->control, call);
  if (fault == Fault::Hang && m_shared->viewer)
    m_shared->viewer->showMessage(QStringLiteral("faulty handler woke up"));
  fv::plugin::SeriesLoadable loadable{QStringLiteral("Faulty view"), 0.5, QString(), 0};
  if (fault != Fault::Garbage) return {loadable};
  const QString kind = m_shared->plan.argument(call);
  if (kind == QLatin1String("inf")) {
    loadable.confidence = std::numeric_limits<double>::infinity();
  } else if (kind == QLatin1String("negative")) {
    loadable.confidence = -5;
  } else if (kind == QLatin1String("above")) {
    loadable.confidence = 7;
  } else if (kind == QLatin1String("noname")) {
    loadable.name.clear();
  } else if (kind == QLatin1String("stack")) {
    loadable.stack = 99;
  } else if (kind == QLatin1String("stack-negative")) {
    loadable.stack = -7;
  } else if (kind == QLatin1String("many")) {
    return std::vector<fv::plugin::SeriesLoadable>(1000, loadable);
  } else {
    loadable.confidence = std::numeric_limits<double>::quiet_NaN();
  }
  return {loadable};
}

namespace {

class NoteJob final : public fv::plugin::ExportJob {
 public:
  explicit NoteJob(std::shared_ptr<const Shared> shared) : m_shared(std::move(shared)) {}
  fv::dicom::Status run(const QString& folder, fv::plugin::ExportControl& control) override {
    const QString call = QStringLiteral("exporter");
    if (act(m_shared->plan, *m_shared->control, call) == Fault::Garbage) {
      if (m_shared->plan.argument(call) == QLatin1String("silent"))
        return fv::dicom::makeError(fv::dicom::ErrorCode::Io, "");  // an error without a reason
      return fv::dicom::Status::success();                          // nothing written
    }
    control.progress(0, 1);
    QFile note(folder + QStringLiteral("/faulty-note.txt"));
    if (!note.open(QIODevice::WriteOnly) || note.write("written by the faulty plugin\n") < 0)
      return fv::dicom::makeError(fv::dicom::ErrorCode::Io, "cannot write the note",
                                  note.fileName().toStdString());
    note.close();
    control.progress(1, 1);
    m_folder = folder;
    return fv::dicom::Status::success();
  }
  void finished(fv::plugin::ViewerServices& viewer, const fv::dicom::Status& status) override {
    if (status) viewer.showMessage(QStringLiteral("faulty exported to %1").arg(m_folder));
  }

 private:
  const std::shared_ptr<const Shared> m_shared;
  QString m_folder;
};

}  // namespace

fv::dicom::Result<std::shared_ptr<fv::plugin::ExportJob>> NoteExporter::prepare(
    fv::plugin::ViewerServices&, QWidget*) {
  const QString call = QStringLiteral("prepare");
  if (act(m_shared->plan, *m_shared->control, call) == Fault::Garbage)
    return fv::dicom::makeError(fv::dicom::ErrorCode::Io, "");
  return std::shared_ptr<fv::plugin::ExportJob>(std::make_shared<NoteJob>(m_shared));
}

}  // namespace fv::test::faulty
