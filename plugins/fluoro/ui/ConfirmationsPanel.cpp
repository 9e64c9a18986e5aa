#include "ConfirmationsPanel.h"

#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>
#include <QUrl>

#include "fv/dicom/MeasurementReport.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

#include "fv/viewer/plugin/ViewerServices.h"

namespace fv::fluoro::ui {
namespace {
constexpr int kKeyRole = Qt::UserRole;
}

ConfirmationsPanel::ConfirmationsPanel(FluoroSession& session, QWidget* parent)
    : QWidget(parent), m_session(session) {
  auto* layout = new QVBoxLayout(this);
  auto* hint =
      new QLabel(tr("Press <b>C</b> to mark the shown frame. Tools: T tip, G target, J trajectory, "
                    "E reference, W arrow, L label, U outline, K calibrate, S select."));
  hint->setWordWrap(true);
  layout->addWidget(hint);

  m_list = new QListWidget;
  m_list->setObjectName("confirmations");
  m_list->setIconSize(QSize(64, 64));
  layout->addWidget(m_list, 1);

  auto* buttons = new QHBoxLayout;
  auto* jump = new QPushButton(tr("Show"));
  jump->setObjectName("jumpButton");
  m_unmark = new QPushButton(tr("Un-mark"));
  m_unmark->setObjectName("unmarkButton");
  buttons->addWidget(jump);
  buttons->addWidget(m_unmark);
  layout->addLayout(buttons);

  m_measurements = new QLabel;
  m_measurements->setObjectName("measurements");
  m_measurements->setWordWrap(true);
  m_measurements->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(m_measurements);

  auto* folderRow = new QHBoxLayout;
  m_folder = new QLineEdit(session.outputFolder());
  m_folder->setObjectName("outputFolder");
  m_folder->setToolTip(
      tr("Folder the Secondary Captures, presentation states, key object selection and "
         "procedure record are written to (nothing is ever overwritten)"));
  auto* choose = new QToolButton;
  choose->setText(QStringLiteral("…"));
  folderRow->addWidget(new QLabel(tr("Save to")));
  folderRow->addWidget(m_folder, 1);
  folderRow->addWidget(choose);
  layout->addLayout(folderRow);

  auto* operatorRow = new QHBoxLayout;
  m_operator = new QLineEdit(session.operatorName());
  m_operator->setObjectName("operator");
  m_operator->setPlaceholderText(tr("Family^Given"));
  m_operator->setToolTip(tr("Who confirms: named in every saved object and the report"));
  operatorRow->addWidget(new QLabel(tr("Operator")));
  operatorRow->addWidget(m_operator, 1);
  layout->addLayout(operatorRow);
  connect(m_operator, &QLineEdit::editingFinished, this,
          [this] { m_session.setOperatorName(m_operator->text()); });

  auto* burnPatient = new QCheckBox(tr("Burn patient name and ID into the images"));
  burnPatient->setObjectName("burnPatient");
  burnPatient->setChecked(session.burnPatientDetails());
  connect(burnPatient, &QCheckBox::toggled, this,
          [this](bool on) { m_session.setBurnPatientDetails(on); });
  layout->addWidget(burnPatient);

  m_save = new QPushButton(tr("Save confirmation"));
  m_save->setObjectName("saveButton");
  layout->addWidget(m_save);
  auto* recordRow = new QHBoxLayout;
  m_openReport = new QPushButton(tr("Open report"));
  m_openReport->setObjectName("openReport");
  m_openReport->setToolTip(tr("The saved PDF report of the selected confirmation"));
  m_retract = new QPushButton(tr("Retract..."));
  m_retract->setObjectName("retract");
  m_retract->setToolTip(
      tr("File a rejection note for the selected saved confirmation (nothing is deleted)"));
  recordRow->addWidget(m_openReport);
  recordRow->addWidget(m_retract);
  layout->addLayout(recordRow);

  auto selectedKey = [this]() -> std::optional<FrameKey> {
    auto* item = m_list->currentItem();
    if (!item) return std::nullopt;
    const QStringList parts = item->data(kKeyRole).toString().split('#');
    return FrameKey{parts.value(0).toStdString(), parts.value(1).toUInt()};
  };
  connect(m_list, &QListWidget::currentItemChanged, this, [this] { updateRecordButtons(); });
  connect(m_list, &QListWidget::itemActivated, this, [this, selectedKey] {
    if (auto k = selectedKey()) m_session.jumpTo(*k);
  });
  connect(jump, &QPushButton::clicked, this, [this, selectedKey] {
    if (auto k = selectedKey()) m_session.jumpTo(*k);
  });
  connect(m_unmark, &QPushButton::clicked, this, [this, selectedKey] {
    if (auto k = selectedKey()) m_session.unmark(*k);
  });
  connect(m_folder, &QLineEdit::editingFinished, this,
          [this] { m_session.setOutputFolder(m_folder->text()); });
  connect(choose, &QToolButton::clicked, this, [this] {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Save confirmations to"), m_folder->text());
    if (!dir.isEmpty()) m_session.setOutputFolder(dir);
  });
  connect(m_save, &QPushButton::clicked, this, [this] {
    m_session.setOutputFolder(m_folder->text());
    if (!m_operator->text().trimmed().isEmpty()) m_session.setOperatorName(m_operator->text());
    (void)m_session.save();
  });
  connect(m_openReport, &QPushButton::clicked, this, [this, selectedKey] {
    if (auto k = selectedKey()) openReport(*k);
  });
  connect(m_retract, &QPushButton::clicked, this, [this, selectedKey] {
    const auto k = selectedKey();
    if (!k) return;
    if (QMessageBox::question(
            this, tr("Retract confirmation"),
            tr("Retract the saved confirmation of frame %1?\n\nA rejection note (\"Rejected for "
               "Quality Reasons\") is filed with the record; the archive hides the rejected "
               "objects. Nothing is deleted here.")
                .arg(k->frame + 1)) != QMessageBox::Yes)
      return;
    bool ok = false;
    const QString reason = QInputDialog::getText(this, tr("Retract confirmation"),
                                                 tr("Reason (goes into the record):"),
                                                 QLineEdit::Normal, QString(), &ok);
    if (ok && !reason.trimmed().isEmpty()) (void)m_session.retract(*k, reason.trimmed());
  });
  connect(&m_session, &FluoroSession::changed, this, &ConfirmationsPanel::rebuild);
  connect(&m_session.viewer().events(), &fv::plugin::ViewerEvents::frameChanged, this,
          &ConfirmationsPanel::updateMeasurements);
  connect(&m_session.viewer().events(), &fv::plugin::ViewerEvents::activeViewportChanged, this,
          &ConfirmationsPanel::updateMeasurements);
  rebuild();
}

void ConfirmationsPanel::rebuild() {
  const QString current =
      m_list->currentItem() ? m_list->currentItem()->data(kKeyRole).toString() : QString();
  m_list->clear();
  for (const auto& c : m_session.confirmations()) {
    QString text = tr("Frame %1").arg(c.key.frame + 1);
    if (c.timeS) text += tr(" at %1 s").arg(*c.timeS, 0, 'f', 2);
    const auto measurements = m_session.measurementsOf(c.key, c.source);
    if (measurements.tipToTarget)
      text +=
          "\n" + QString::fromStdString(measurements.tipToTarget->toString()) + tr(" to target");
    text += m_session.isSaved(c) ? tr("\nsaved") : tr("\nnot saved");
    if (!c.reportLines.isEmpty()) text += "\n" + c.reportLines.join(", ");
    auto* item = new QListWidgetItem(c.thumbnail, text);
    const QString key =
        QString::fromStdString(c.key.sopInstanceUid) + '#' + QString::number(c.key.frame);
    item->setData(kKeyRole, key);
    m_list->addItem(item);
    if (key == current) m_list->setCurrentItem(item);
  }
  if (!m_list->currentItem() && m_list->count()) m_list->setCurrentRow(m_list->count() - 1);
  if (m_folder->text() != m_session.outputFolder()) m_folder->setText(m_session.outputFolder());
  if (!m_operator->hasFocus() && m_operator->text() != m_session.operatorName())
    m_operator->setText(m_session.operatorName());
  m_save->setEnabled(!m_session.confirmations().empty());
  m_unmark->setEnabled(m_list->count() > 0);
  updateRecordButtons();
  updateMeasurements();
}

const Confirmation* ConfirmationsPanel::selected() const {
  auto* item = m_list->currentItem();
  if (!item) return nullptr;
  const QString key = item->data(kKeyRole).toString();
  for (const auto& c : m_session.confirmations())
    if (QString::fromStdString(c.key.sopInstanceUid) + '#' + QString::number(c.key.frame) == key)
      return &c;
  return nullptr;
}

void ConfirmationsPanel::updateRecordButtons() {
  const Confirmation* c = selected();
  m_openReport->setEnabled(c && !c->reportPdf.isEmpty());
  m_retract->setEnabled(c && !c->keyObject.isEmpty());
}

void ConfirmationsPanel::openReport(const FrameKey& key) {
  for (const auto& c : m_session.confirmations()) {
    if (!(c.key == key) || c.reportPdf.isEmpty()) continue;
    QString pdf = c.reportPdf;
    if (pdf.endsWith(".dcm")) {  // retrieved from the archive: the PDF inside the DICOM
      auto bytes = fv::dicom::readEncapsulatedPdf(pdf.toStdString());
      if (!bytes) {
        m_session.viewer().showMessage(QString::fromStdString(bytes.error().toString()), true);
        return;
      }
      pdf = QDir::temp().filePath(QFileInfo(pdf).completeBaseName() + ".pdf");
      QFile out(pdf);
      if (!out.open(QIODevice::WriteOnly) ||
          out.write(bytes->data(), qint64(bytes->size())) != qint64(bytes->size())) {
        m_session.viewer().showMessage(tr("Cannot write %1").arg(pdf), true);
        return;
      }
    }
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(pdf)))
      m_session.viewer().showMessage(tr("No PDF viewer opened %1").arg(pdf), true);
    return;
  }
}

void ConfirmationsPanel::updateMeasurements() {
  auto* viewport = m_session.viewer().activeViewport();
  const auto key = viewport ? FluoroSession::frameOf(*viewport) : std::nullopt;
  if (!key) {
    m_measurements->clear();
    return;
  }
  const auto* info = FluoroSession::instanceOf(*viewport);
  const auto m = m_session.measurementsOf(*key, *info);
  const auto calibration = m_session.calibrationFor(*info);
  QStringList lines;
  lines << tr("Frame %1%2")
               .arg(key->frame + 1)
               .arg(m_session.isConfirmed(*key) ? tr(" (confirmed)") : QString());
  for (const auto& line : m.describe()) lines << QString::fromStdString(line);
  lines << tr("Calibration: %1")
               .arg(fv::dicom::toString(calibration.calibrated()
                                            ? calibration.source
                                            : fv::dicom::CalibrationSource::None));
  if (calibration.calibrated())
    lines.back() += QString(" (%1 mm/pixel)").arg(*calibration.columnMm, 0, 'f', 4);
  m_measurements->setText(lines.join('\n'));
}

}  // namespace fv::fluoro::ui
