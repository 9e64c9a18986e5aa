#include "FluoroSession.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QInputDialog>
#include <QLineEdit>
#include <QPixmap>
#include <QSettings>
#include <QStandardPaths>
#include <algorithm>
#include <set>

#include "fv/dicom/Indexer.h"
#include "fv/dicom/InstanceDecoder.h"
#include "fv/fluoro/LinkedOutputs.h"
#include "fv/fluoro/Retraction.h"
#include "fv/viewer/plugin/ViewerServices.h"

namespace fv::fluoro::ui {
namespace {

using fv::dicom::InstanceInfo;

std::optional<double> frameTime(const InstanceInfo& info, uint32_t frame) {
  if (info.pixels.frames <= 1 || !info.cine.nominalFrameTimeMs()) return std::nullopt;
  const auto times = info.cine.frameStartTimesMs(static_cast<int>(info.pixels.frames));
  return frame < times.size() ? std::optional<double>(times[frame] / 1000.0) : std::nullopt;
}

QIcon thumbnail(const InstanceInfo& info, uint32_t frame,
                const std::optional<fv::dicom::Window>& window, bool inverted) {
  auto decoder = fv::dicom::InstanceDecoder::open(info);
  if (!decoder) return {};
  auto decoded = (*decoder)->decode(frame);
  if (!decoded) return {};
  fv::dicom::DisplayOptions options;
  options.window = window;
  options.invert = inverted;
  auto image = fv::dicom::renderFrame(info, *decoded, frame, options);
  if (!image) return {};
  const QImage::Format format =
      image->channels == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8;
  const QImage view(image->pixels.data(), static_cast<int>(image->columns),
                    static_cast<int>(image->rows),
                    static_cast<qsizetype>(image->columns) * image->channels, format);
  return QIcon(
      QPixmap::fromImage(view.scaled(96, 96, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
}

// Series, stack and position in the stack where a source frame is shown.
struct Location {
  const fv::dicom::Series* series = nullptr;
  int stack = 0, position = 0;
};

std::optional<Location> locate(const fv::dicom::DicomIndex& index, const FrameKey& key) {
  for (const auto* series : index.allSeries()) {
    for (size_t s = 0; s < series->stacks.size(); ++s) {
      const auto& frames = series->stacks[s].frames;
      for (size_t i = 0; i < frames.size(); ++i) {
        const auto& info = series->instanceOf(frames[i]);
        if (frames[i].frame == key.frame && info.sopInstanceUid == key.sopInstanceUid)
          return Location{series, static_cast<int>(s), static_cast<int>(i)};
      }
    }
  }
  return std::nullopt;
}

}  // namespace

FluoroSession::FluoroSession(fv::plugin::ViewerServices& viewer, QObject* parent)
    : QObject(parent), m_viewer(viewer) {
  const QByteArray env = qgetenv("FV_FLUORO_OUTPUT");
  m_outputFolder = !env.isEmpty()
                       ? QString::fromLocal8Bit(env)
                       : QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) +
                             "/FluoroView/confirmations";
  m_operatorName = QSettings().value(QStringLiteral("fluoro/operatorName")).toString();
}

std::optional<FrameKey> FluoroSession::frameOf(const fv::plugin::ViewportContext& viewport) {
  const InstanceInfo* info = instanceOf(viewport);
  if (!info) return std::nullopt;
  return FrameKey{info->sopInstanceUid, viewport.frameRef().frame};
}

const InstanceInfo* FluoroSession::instanceOf(const fv::plugin::ViewportContext& viewport) {
  const auto* series = viewport.series();
  if (!series || viewport.frameCount() == 0) return nullptr;
  const auto ref = viewport.frameRef();
  if (ref.instance >= series->instances.size()) return nullptr;
  const InstanceInfo& info = series->instanceOf(ref);
  return info.hasPixelData ? &info : nullptr;
}

bool FluoroSession::isConfirmed(const FrameKey& key) const {
  return std::any_of(m_confirmations.begin(), m_confirmations.end(),
                     [&](const Confirmation& c) { return c.key == key; });
}

bool FluoroSession::isSaved(const Confirmation& c) const {
  return c.savedAnnotations && *c.savedAnnotations == m_model.annotations(c.key);
}

Confirmation FluoroSession::makeConfirmation(fv::plugin::ViewportContext& viewport,
                                             const FrameKey& key) const {
  Confirmation c;
  c.key = key;
  c.source = *instanceOf(viewport);
  c.seriesUid = QString::fromStdString(viewport.series()->key.instanceUid);
  c.stackIndex = viewport.stackIndex();
  c.stackFrame = viewport.frameIndex();
  c.window = viewport.window();
  c.inverted = viewport.inverted();
  c.timeS = frameTime(c.source, key.frame);
  c.thumbnail = thumbnail(c.source, key.frame, c.window, c.inverted);
  return c;
}

void FluoroSession::toggleConfirmation(fv::plugin::ViewportContext& viewport) {
  const auto key = frameOf(viewport);
  if (!key) {
    m_viewer.showMessage(tr("No image in the active viewport to confirm"), true);
    return;
  }
  if (isConfirmed(*key)) {
    unmark(*key);
    return;
  }
  Confirmation c = makeConfirmation(viewport, *key);
  c.markedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
  m_confirmations.push_back(std::move(c));
  std::sort(m_confirmations.begin(), m_confirmations.end(),
            [](const Confirmation& a, const Confirmation& b) { return a.key < b.key; });
  m_viewer.showMessage(tr("Frame %1 marked as needle confirmation").arg(key->frame + 1));
  emit changed();
}

void FluoroSession::unmark(const FrameKey& key) {
  const auto before = m_confirmations.size();
  m_confirmations.erase(std::remove_if(m_confirmations.begin(), m_confirmations.end(),
                                       [&](const Confirmation& c) { return c.key == key; }),
                        m_confirmations.end());
  if (m_confirmations.size() != before) {
    m_viewer.showMessage(tr("Frame %1 un-marked").arg(key.frame + 1));
    emit changed();
  }
}

void FluoroSession::jumpTo(const FrameKey& key) {
  auto it = std::find_if(m_confirmations.begin(), m_confirmations.end(),
                         [&](const Confirmation& c) { return c.key == key; });
  if (it == m_confirmations.end()) return;
  auto* viewport = m_viewer.activeViewport();
  if (!viewport || !viewport->series() ||
      QString::fromStdString(viewport->series()->key.instanceUid) != it->seriesUid) {
    if (!m_viewer.showSeries(it->seriesUid)) return;
    viewport = m_viewer.activeViewport();
  }
  if (viewport) viewport->setFrame(it->stackFrame);
}

fv::dicom::Calibration FluoroSession::calibrationFor(const InstanceInfo& instance) const {
  const fv::dicom::Calibration header = instance.calibration;
  // Runs on every frame change: look at the series' instances only for the (rare) frames that
  // carry a calibration line, never by collecting all of a 10,000-slice series' UIDs.
  const fv::dicom::Series* series = nullptr;
  bool looked = false;
  auto inSeries = [&](const std::string& uid) {
    if (uid == instance.sopInstanceUid) return true;
    if (!looked) series = m_viewer.index().findSeries(instance.series.instanceUid), looked = true;
    return series && std::any_of(series->instances.begin(), series->instances.end(),
                                 [&](const InstanceInfo& i) { return i.sopInstanceUid == uid; });
  };
  std::optional<Annotation> newest;
  for (const auto& key : m_model.annotatedFrames()) {
    std::optional<Annotation> candidate;
    for (const auto& a : m_model.annotations(key))
      if (a.kind == AnnotationKind::Calibration && a.valid() &&
          (!candidate || a.id > candidate->id))
        candidate = a;
    if (candidate && (!newest || candidate->id > newest->id) && inSeries(key.sopInstanceUid))
      newest = candidate;
  }
  if (newest)
    if (auto user = userCalibration(*newest, header)) return *user;
  return header;
}

FrameMeasurements FluoroSession::measurementsOf(const FrameKey& key,
                                                const InstanceInfo& instance) const {
  return measure(m_model.annotations(key), calibrationFor(instance));
}

QString FluoroSession::toPersonName(const QString& typed) {
  const QString t = typed.trimmed();
  if (t.contains('^') || !t.contains(',')) return t;
  const int comma = t.indexOf(',');
  return t.left(comma).trimmed() + '^' + t.mid(comma + 1).trimmed();
}

void FluoroSession::setOperatorName(const QString& name) {
  const QString pn = toPersonName(name);
  if (pn == m_operatorName) return;
  m_operatorName = pn;
  QSettings().setValue(QStringLiteral("fluoro/operatorName"), pn);
  emit changed();
}

void FluoroSession::setOutputFolder(const QString& folder) {
  if (folder == m_outputFolder) return;
  m_outputFolder = folder;
  emit changed();
}

fv::dicom::Result<FluoroSession::PendingSave> FluoroSession::prepareSave() {
  PendingSave pending;
  ConfirmationRequest& request = pending.request;
  for (size_t i = 0; i < m_confirmations.size(); ++i) {
    const auto& c = m_confirmations[i];
    if (isSaved(c)) continue;
    ConfirmedFrame f;
    f.source = c.source;
    f.frame = c.key.frame;
    f.annotations = m_model.annotations(c.key);
    f.window = c.window;
    f.inverted = c.inverted;
    f.markedAt = c.markedAt.toStdString();
    const auto calibration = calibrationFor(c.source);
    if (calibration.source == fv::dicom::CalibrationSource::User) f.calibration = calibration;
    request.frames.push_back(std::move(f));
    pending.included.push_back(i);
  }
  if (request.frames.empty()) {
    const auto e = fv::dicom::makeError(fv::dicom::ErrorCode::InvalidArgument,
                                        m_confirmations.empty()
                                            ? "no frame is marked as confirmation (press C)"
                                            : "all confirmations are saved already");
    m_viewer.showMessage(QString::fromStdString(e.message), true);
    return e;
  }
  const QString defaultFolder =
      QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) +
      "/FluoroView/confirmations";
  if (m_operatorName.isEmpty()) {
    // The record names who confirmed (SR observer, GSPS creator, Operators' Name): asked once.
    bool ok = false;
    const QString typed = QInputDialog::getText(
        QApplication::activeWindow(), tr("Operator"),
        tr("Your name for the procedure record (Family^Given or \"Family, Given\"):"),
        QLineEdit::Normal, QString(), &ok);
    if (ok && !typed.trimmed().isEmpty()) setOperatorName(typed);
  }
  if (m_operatorName.isEmpty()) {
    const auto e = fv::dicom::makeError(fv::dicom::ErrorCode::Cancelled,
                                        "not saved: the record needs the operator's name");
    m_viewer.showMessage(QString::fromStdString(e.message), true);
    return e;
  }
  request.operatorName = m_operatorName.toStdString();
  if (m_outputFolder == defaultFolder) QDir().mkpath(m_outputFolder);
  request.folder = m_outputFolder.toStdString();
  request.burnPatientDetails = m_burnPatientDetails;
  return pending;
}

void FluoroSession::finishSave(const PendingSave& pending,
                               const fv::dicom::Result<ConfirmationResult>& result) {
  if (!result) {
    m_viewer.showMessage(
        tr("Save confirmation failed: %1").arg(QString::fromStdString(result.error().toString())),
        true);
    return;
  }
  for (size_t k = 0; k < pending.included.size(); ++k)
    if (pending.included[k] < m_confirmations.size()) {
      Confirmation& c = m_confirmations[pending.included[k]];
      c.savedAnnotations = pending.request.frames[k].annotations;
      c.keyObject = QString::fromStdString(result->keyObjectSelection.path);
      c.reportPdf = QString::fromStdString(result->pdfPath);
      c.reportLines.clear();
      if (k < result->frames.size())
        for (const auto& line : result->frames[k].measurements.describe())
          c.reportLines << QString::fromStdString(line);
    }
  // Into the patient record: the DICOM objects go to the archive node through the outbox (the
  // procedure record files stay in the folder); without an archive they stay local.
  std::vector<std::string> files;
  for (const auto& object : result->written()) files.push_back(object.path);
  const fv::dicom::Status sent = m_viewer.sendToArchive(files);
  const QString folder = QString::fromStdString(pending.request.folder);
  const QString saved =
      tr("Saved %1 confirmation(s) to %2").arg(pending.included.size()).arg(folder);
  if (sent)
    m_viewer.showMessage(saved + tr("; sending %1 object(s) to the archive").arg(files.size()));
  else if (sent.error().code == fv::dicom::ErrorCode::InvalidArgument)  // no archive node set
    m_viewer.showMessage(saved +
                         tr(" (not sent: %1)").arg(QString::fromStdString(sent.error().message)));
  else
    m_viewer.showMessage(saved + tr("; sending to the archive failed: %1")
                                     .arg(QString::fromStdString(sent.error().toString())),
                         true);
  emit changed();
}

fv::dicom::Result<ConfirmationResult> FluoroSession::save() {
  auto pending = prepareSave();
  if (!pending) return pending.error();
  auto result = saveConfirmation(pending->request);
  finishSave(*pending, result);
  return result;
}

void FluoroSession::reloadFromIndex() {
  const auto& index = m_viewer.index();
  std::set<std::string> sources;
  for (const auto* series : index.allSeries())
    if (fv::dicom::isProjectionModality(series->key.modality))
      for (const auto& i : series->instances)
        if (i.hasPixelData) sources.insert(i.sopInstanceUid);
  m_confirmations.clear();
  if (sources.empty()) {
    m_model.reset({});
    emit changed();
    return;
  }
  auto linked = findLinkedOutputs(index, sources);
  for (const auto& problem : linked.problems)
    m_viewer.showMessage(QString::fromStdString(problem.toString()), true);
  m_model.reset(linked.annotations);
  std::set<FrameKey> keys = linked.keyFrames;
  for (const auto& key : keys) {
    const auto where = locate(index, key);
    if (!where) continue;
    Confirmation c;
    c.key = key;
    c.seriesUid = QString::fromStdString(where->series->key.instanceUid);
    c.stackIndex = where->stack;
    c.stackFrame = where->position;
    c.source =
        where->series->instanceOf(where->series->stacks[where->stack].frames[where->position]);
    c.timeS = frameTime(c.source, key.frame);
    c.thumbnail = thumbnail(c.source, key.frame, std::nullopt, false);
    c.savedAnnotations = m_model.annotations(key);
    if (auto k = linked.keyObjects.find(key); k != linked.keyObjects.end())
      c.keyObject = QString::fromStdString(k->second);
    if (auto r = linked.reports.find(key); r != linked.reports.end()) {
      for (const auto& line : r->second.lines) c.reportLines << QString::fromStdString(line);
      c.reportPdf = QString::fromStdString(r->second.pdf);
    }
    m_confirmations.push_back(std::move(c));
  }
  if (!m_confirmations.empty())
    m_viewer.showMessage(tr("Found %1 earlier needle confirmation(s)").arg(m_confirmations.size()));
  emit changed();
}

fv::dicom::Status FluoroSession::retract(const FrameKey& key, const QString& reason) {
  auto it = std::find_if(m_confirmations.begin(), m_confirmations.end(),
                         [&](const Confirmation& c) { return c.key == key; });
  auto fail = [&](fv::dicom::Error e) -> fv::dicom::Status {
    m_viewer.showMessage(tr("Retraction failed: %1").arg(QString::fromStdString(e.toString())),
                         true);
    return e;
  };
  if (it == m_confirmations.end() || it->keyObject.isEmpty())
    return fail(fv::dicom::makeError(fv::dicom::ErrorCode::InvalidArgument,
                                     "this confirmation was never saved: un-mark it instead"));
  const std::string folder = QFileInfo(it->keyObject).absolutePath().toStdString();
  RetractionRequest rq;
  rq.keyObjectPath = it->keyObject.toStdString();
  rq.reason = reason.toStdString();
  rq.operatorName = m_operatorName.toStdString();
  rq.folder = folder;
  auto written = retractConfirmation(fv::dicom::indexPaths({folder}), rq);
  if (!written) return fail(written.error());
  const int frame = int(key.frame) + 1;
  m_confirmations.erase(it);
  // The note goes where the confirmation went: the patient record.
  (void)m_viewer.sendToArchive({written->path});
  m_viewer.showMessage(tr("Confirmation of frame %1 retracted: %2")
                           .arg(frame)
                           .arg(QString::fromStdString(written->path)));
  emit changed();
  return {};
}

void FluoroSession::undo() {
  if (m_model.undo()) emit changed();
}

void FluoroSession::redo() {
  if (m_model.redo()) emit changed();
}

void FluoroSession::deleteSelected() {
  if (m_model.selected() && m_model.remove(m_model.selected())) emit changed();
}

}  // namespace fv::fluoro::ui
