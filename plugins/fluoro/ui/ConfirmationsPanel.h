// The "Needle confirmation" dock: confirmed frames (thumbnail, frame, time, saved state), jump,
// un-mark, the current frame's measurements, the operator, the output folder, "Save
// confirmation", and for saved ones their report's measurements, "Open report" and "Retract".
#pragma once

#include <QWidget>

#include "FluoroSession.h"
#include "fv/viewer/plugin/Contributions.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace fv::fluoro::ui {

/// The panel widget (object names are stable for tests: "confirmations", "saveButton", ...).
class ConfirmationsPanel final : public QWidget {
  Q_OBJECT
 public:
  ConfirmationsPanel(FluoroSession& session, QWidget* parent = nullptr);

 private:
  void rebuild();
  void updateMeasurements();
  void updateRecordButtons();
  /// The confirmation selected in the list, or null.
  const Confirmation* selected() const;
  /// Opens the saved PDF report of `key` with the desktop's PDF viewer.
  void openReport(const FrameKey& key);
  FluoroSession& m_session;
  QListWidget* m_list;
  QLabel* m_measurements;
  QLineEdit* m_operator = nullptr;
  QPushButton* m_openReport = nullptr;
  QPushButton* m_retract = nullptr;
  QLineEdit* m_folder;
  QPushButton* m_save;
  QPushButton* m_unmark;
};

/// Registers the panel with the host.
class ConfirmationsPanelFactory final : public fv::plugin::PanelFactory {
 public:
  explicit ConfirmationsPanelFactory(FluoroSession& session) : m_session(session) {}
  QString id() const override { return QStringLiteral("fluoro.panel.confirmations"); }
  QString title() const override { return QObject::tr("Needle confirmation"); }
  QWidget* create(fv::plugin::ViewerServices&) override {
    return new ConfirmationsPanel(m_session);
  }

 private:
  FluoroSession& m_session;
};

}  // namespace fv::fluoro::ui
