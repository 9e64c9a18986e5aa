#include "TeachingExportDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "fv/teaching/ProfileOptions.h"

namespace fv::teaching::ui {
namespace {

QPlainTextEdit* textBox(const char* name, int lines) {
  auto* box = new QPlainTextEdit;
  box->setObjectName(name);
  box->setTabChangesFocus(true);
  box->setFixedHeight(box->fontMetrics().lineSpacing() * lines + 12);
  return box;
}

QStringList lines(const QPlainTextEdit* box) {
  QStringList out;
  for (const QString& line : box->toPlainText().split('\n'))
    if (!line.trimmed().isEmpty()) out << line.trimmed();
  return out;
}

}  // namespace

TeachingExportDialog::TeachingExportDialog(QWidget* parent, int files,
                                           std::vector<PreviewFrame> previews)
    : QDialog(parent) {
  setObjectName("teachingExportDialog");
  setWindowTitle(tr("Export teaching file"));
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(
      tr("%1 DICOM file(s) of the study in the active viewport, de-identified (PS3.15 Basic "
         "Profile) into a new folder with a DICOMDIR, key frames, videos and a case page.")
          .arg(files)));

  auto* text = new QGroupBox(tr("Case (your text; nothing is taken from the patient record)"));
  auto* form = new QFormLayout(text);
  m_title = new QLineEdit;
  m_title->setObjectName("title");
  form->addRow(tr("Title"), m_title);
  form->addRow(tr("History"), m_history = textBox("history", 2));
  form->addRow(tr("Findings"), m_findings = textBox("findings", 2));
  form->addRow(tr("Diagnosis"), m_diagnosis = textBox("diagnosis", 1));
  form->addRow(tr("Teaching points\n(one per line)"), m_points = textBox("teachingPoints", 3));
  form->addRow(tr("Discussion"), m_discussion = textBox("discussion", 3));
  layout->addWidget(text);

  auto* profile = new QGroupBox(tr("De-identification options (PS3.15 Table E.1-1)"));
  auto* options = new QVBoxLayout(profile);
  for (const ProfileOptionName& n : profileOptionNames()) {
    auto* box = new QCheckBox(tr(n.label));
    box->setObjectName(n.key);
    options->addWidget(box);
    m_options[n.key] = box;
  }
  options->addWidget(new QLabel(
      tr("Regions to black out on every frame of every image: drag on a frame below, or type one "
         "X,Y,W,H per line (pixels). Our own confirmation images always lose the line that may "
         "show the patient's name.")));
  auto* preview = new RedactionPreview(std::move(previews));
  auto* scroll = new QScrollArea;
  scroll->setWidget(preview);
  scroll->setWidgetResizable(false);
  scroll->setMinimumHeight(preview->sizeHint().height() + 20);
  options->addWidget(scroll);
  options->addWidget(m_redactions = textBox("redactions", 2));
  connect(preview, &RedactionPreview::regionDrawn, this, [this](const fv::dicom::Redaction& r) {
    m_redactions->appendPlainText(
        QStringLiteral("%1,%2,%3,%4").arg(r.x).arg(r.y).arg(r.width).arg(r.height));
  });
  connect(m_redactions, &QPlainTextEdit::textChanged, this, [this, preview] {
    std::vector<fv::dicom::Redaction> regions;
    for (const QString& line : lines(m_redactions))
      if (auto r = parseRedaction(line.toStdString())) regions.push_back(*r);
    preview->setRegions(std::move(regions));
  });
  m_ocr = new QCheckBox(tr("Also find burned-in text (OCR) in each series and black it out"));
  m_ocr->setObjectName("ocr");
  options->addWidget(m_ocr);
  layout->addWidget(profile);

  auto* outputs = new QGroupBox(tr("Outputs"));
  auto* out = new QVBoxLayout(outputs);
  m_dicomOnly = new QCheckBox(tr("DICOM and DICOMDIR only"));
  m_dicomOnly->setObjectName("dicomOnly");
  m_mp4 = new QCheckBox(tr("Each cine as MP4 (H.264)"));
  m_mp4->setObjectName("mp4");
  m_mp4->setChecked(true);
  m_gif = new QCheckBox(tr("Each cine as animated GIF"));
  m_gif->setObjectName("gif");
  m_gif->setChecked(true);
  for (QCheckBox* b : {m_dicomOnly, m_mp4, m_gif}) out->addWidget(b);
  connect(m_dicomOnly, &QCheckBox::toggled, this, [this](bool on) {
    m_mp4->setEnabled(!on);
    m_gif->setEnabled(!on);
  });
  layout->addWidget(outputs);

  m_problem = new QLabel;
  m_problem->setObjectName("problem");
  m_problem->setStyleSheet("color: #b00020");
  layout->addWidget(m_problem);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
}

void TeachingExportDialog::done(int result) {
  if (result == QDialog::Accepted)
    for (const QString& line : lines(m_redactions))
      if (!parseRedaction(line.toStdString())) {
        m_problem->setText(
            tr("Not a region: \"%1\" (give X,Y,W,H with W and H above 0)").arg(line));
        return;  // stays open
      }
  QDialog::done(result);
}

void TeachingExportDialog::fill(TeachingRequest& rq) const {
  rq.text.title = m_title->text().trimmed().toStdString();
  rq.text.history = m_history->toPlainText().trimmed().toStdString();
  rq.text.findings = m_findings->toPlainText().trimmed().toStdString();
  rq.text.diagnosis = m_diagnosis->toPlainText().trimmed().toStdString();
  rq.text.discussion = m_discussion->toPlainText().trimmed().toStdString();
  rq.text.teachingPoints.clear();
  for (const QString& p : lines(m_points)) rq.text.teachingPoints.push_back(p.toStdString());
  for (const auto& [key, box] : m_options)
    if (box->isChecked()) setProfileOption(rq.deidentify, key);
  for (const QString& line : lines(m_redactions))
    if (auto r = parseRedaction(line.toStdString())) rq.deidentify.redactions.push_back(*r);
  if (!rq.deidentify.redactions.empty()) rq.deidentify.cleanPixelData = true;
  rq.ocr = m_ocr->isChecked();
  rq.dicomOnly = m_dicomOnly->isChecked();
  rq.mp4 = m_mp4->isChecked();
  rq.gif = m_gif->isChecked();
}

}  // namespace fv::teaching::ui
