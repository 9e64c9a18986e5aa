// The export dialog: the author's case text, the profile options, the redactions, the outputs.
#pragma once

#include <QDialog>
#include <map>

#include "RedactionPreview.h"
#include "fv/teaching/TeachingExport.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace fv::teaching::ui {

/// Modal; every field has an objectName (title, history, findings, diagnosis, teachingPoints,
/// discussion, redactions, redactionPreview, ocr, dicomOnly, mp4, gif, and each option's
/// command-line key).
class TeachingExportDialog : public QDialog {
  Q_OBJECT
 public:
  /// `files`: how many DICOM files the export takes (shown); `previews`: the first frame of each
  /// image series, for the redaction step.
  TeachingExportDialog(QWidget* parent, int files, std::vector<PreviewFrame> previews);
  /// Writes what the author entered into `request` (text, options, redactions, outputs).
  void fill(TeachingRequest& request) const;

 protected:
  void done(int result) override;

 private:
  QLineEdit* m_title = nullptr;
  QPlainTextEdit *m_history = nullptr, *m_findings = nullptr, *m_diagnosis = nullptr,
                 *m_points = nullptr, *m_discussion = nullptr, *m_redactions = nullptr;
  QCheckBox *m_dicomOnly = nullptr, *m_mp4 = nullptr, *m_gif = nullptr, *m_ocr = nullptr;
  std::map<std::string, QCheckBox*> m_options;
  QLabel* m_problem = nullptr;
};

}  // namespace fv::teaching::ui
