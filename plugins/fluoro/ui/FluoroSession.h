// The state of one needle-confirmation review, shared by the plugin's tools, panel and commands:
// annotations per frame, confirmed frames, user calibration, output folder, save.
#pragma once

#include <QIcon>
#include <QObject>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

#include "fv/dicom/Calibration.h"
#include "fv/dicom/Display.h"
#include "fv/dicom/InstanceInfo.h"
#include "fv/fluoro/AnnotationModel.h"
#include "fv/fluoro/Confirmation.h"
#include "fv/fluoro/Measurements.h"

namespace fv::plugin {
class ViewerServices;
class ViewportContext;
}  // namespace fv::plugin

namespace fv::fluoro::ui {

/// One confirmed frame as the panel lists it.
struct Confirmation {
  FrameKey key;  ///< source instance + 0-based frame
  QString seriesUid;
  int stackIndex = 0, stackFrame = 0;  ///< where the viewer shows it (for "jump to")
  fv::dicom::InstanceInfo source;
  std::optional<fv::dicom::Window> window;  ///< as displayed when marked
  bool inverted = false;
  std::optional<double> timeS;  ///< from the file's cine timing
  QString markedAt;             ///< when it was marked (ISO 8601, UTC)
  QIcon thumbnail;
  QStringList reportLines;  ///< the saved report's measurements, e.g. "Distance 14.40 mm"
  QString reportPdf;        ///< the readable report (procedure*.pdf or DOC*.dcm); "" = none
  QString keyObject;        ///< the KOS of the save that flagged it; "" = never saved
  /// The annotations as last saved (or found on disk); empty when never saved.
  std::optional<std::vector<Annotation>> savedAnnotations;
};

/// Shared state of the fluoroscopy plugin (lives as long as the plugin).
class FluoroSession : public QObject {
  Q_OBJECT
 public:
  explicit FluoroSession(fv::plugin::ViewerServices& viewer, QObject* parent = nullptr);

  fv::plugin::ViewerServices& viewer() { return m_viewer; }
  AnnotationModel& model() { return m_model; }
  const AnnotationModel& model() const { return m_model; }

  /// The source frame a viewport shows (nothing when it shows no image).
  static std::optional<FrameKey> frameOf(const fv::plugin::ViewportContext& viewport);
  /// The header of the instance a viewport shows.
  static const fv::dicom::InstanceInfo* instanceOf(const fv::plugin::ViewportContext& viewport);

  /// Marks the viewport's current frame as confirmed, or un-marks it when it already is (key C).
  void toggleConfirmation(fv::plugin::ViewportContext& viewport);
  /// Removes a confirmation (its annotations stay, for undo).
  void unmark(const FrameKey& key);
  /// Shows a confirmed frame in the active viewport.
  void jumpTo(const FrameKey& key);
  const std::vector<Confirmation>& confirmations() const { return m_confirmations; }
  bool isConfirmed(const FrameKey& key) const;
  /// True when `c` was saved and its annotations did not change since.
  bool isSaved(const Confirmation& c) const;

  /// Calibration for measurements on `instance`: the newest calibration line drawn on any frame of
  /// its series (source "user"), else the header's.
  fv::dicom::Calibration calibrationFor(const fv::dicom::InstanceInfo& instance) const;
  /// Measurements of one frame under calibrationFor().
  FrameMeasurements measurementsOf(const FrameKey& key,
                                   const fv::dicom::InstanceInfo& instance) const;

  /// Where saves go (created if missing when it is the default).
  QString outputFolder() const { return m_outputFolder; }
  void setOutputFolder(const QString& folder);

  /// Who confirms (PN "Family^Given"), kept in the settings; the first save asks for it.
  QString operatorName() const { return m_operatorName; }
  void setOperatorName(const QString& name);
  /// "Family, Given" → "Family^Given"; a name already in PN form is kept (trimmed).
  static QString toPersonName(const QString& typed);

  /// Whether saves burn patient name and ID into the SC pixels (off unless the user asks).
  bool burnPatientDetails() const { return m_burnPatientDetails; }
  void setBurnPatientDetails(bool on) { m_burnPatientDetails = on; }

  /// Writes SC + GSPS per unsaved confirmation, one KOS and the procedure record. Reports to the
  /// status bar; returns the result or the error (never throws). GUI thread: prepareSave(),
  /// saveConfirmation(), finishSave() in one go.
  fv::dicom::Result<ConfirmationResult> save();

  /// What one save needs, taken on the GUI thread: plain data a worker can write from.
  struct PendingSave {
    ConfirmationRequest request;   ///< its folder is the output folder (an exporter replaces it)
    std::vector<size_t> included;  ///< indexes into confirmations(), one per request frame
  };
  /// The unsaved confirmations as a request; an error (also in the status bar) when there are
  /// none. GUI thread.
  fv::dicom::Result<PendingSave> prepareSave();
  /// After saveConfirmation(pending.request) returned `result` (on any thread): marks the frames
  /// saved, sends the DICOM objects to the archive, reports. GUI thread.
  void finishSave(const PendingSave& pending, const fv::dicom::Result<ConfirmationResult>& result);

  /// Files a rejection note (KOS, CID 7011, `reason`) for the save that holds `key` and un-marks
  /// it; nothing already written changes. GUI thread; the error is also in the status bar.
  fv::dicom::Status retract(const FrameKey& key, const QString& reason);

  /// Reads earlier outputs (KOS, GSPS) from the viewer's index: key frames become
  /// confirmations (saved), GSPS graphics become annotations.
  void reloadFromIndex();

  /// Undo/redo of annotation edits.
  void undo();
  void redo();
  /// Deletes the selected annotation.
  void deleteSelected();
  /// Tools call this after editing model() directly.
  void notifyEdited() { emit changed(); }

 signals:
  /// Anything changed (annotations, confirmations, folder): views repaint.
  void changed();

 private:
  Confirmation makeConfirmation(fv::plugin::ViewportContext& viewport, const FrameKey& key) const;

  fv::plugin::ViewerServices& m_viewer;
  AnnotationModel m_model;
  std::vector<Confirmation> m_confirmations;
  QString m_outputFolder;
  QString m_operatorName;
  bool m_burnPatientDetails = false;
};

}  // namespace fv::fluoro::ui
