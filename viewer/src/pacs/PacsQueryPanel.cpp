#include "PacsQueryPanel.h"

#include <chrono>
#include <memory>
#include <vector>

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include "fv/net/PacsClient.h"

namespace fv::viewer::pacs {

using fv::net::QueryLevel;
using fv::net::QueryResult;

namespace {

QString opt(const std::optional<std::string>& v) {
  return v ? QString::fromStdString(*v) : QString();
}

// "2024-01-31" from a DICOM date "20240131" (other text as it is).
QString shownDate(const QString& da) {
  return da.size() == 8 && da.toInt() > 0 ? da.left(4) + '-' + da.mid(4, 2) + '-' + da.mid(6) : da;
}

// "20240131" from "2024-01-31" or "20240131"; "" stays "".
QString dicomDate(const QString& text) {
  return QString(text).remove('-').trimmed();
}

QList<QStandardItem*> row(const QString& a, const QString& date, const QString& modality,
                          const QString& count) {
  QList<QStandardItem*> r{new QStandardItem(a), new QStandardItem(date),
                          new QStandardItem(modality), new QStandardItem(count)};
  for (QStandardItem* i : r) i->setEditable(false);
  return r;
}

// Links a stop request of the worker thread (the panel going away) to `source`.
struct StopLink {
  StopLink(std::stop_token thread, std::stop_source source)
      : cb(std::move(thread), [source]() mutable { source.request_stop(); }) {}
  std::stop_callback<std::function<void()>> cb;
};

}  // namespace

PacsQueryPanel::PacsQueryPanel(PacsNodeStore& store, std::function<void(const QString&)> openFolder,
                               QWidget* parent)
    : QWidget(parent), m_store(store), m_openFolder(std::move(openFolder)) {
  m_node = new QComboBox(this);
  m_patientName = new QLineEdit(this);
  m_patientId = new QLineEdit(this);
  m_accession = new QLineEdit(this);
  m_dateFrom = new QLineEdit(this);
  m_dateTo = new QLineEdit(this);
  m_dateFrom->setPlaceholderText("YYYYMMDD");
  m_dateTo->setPlaceholderText("YYYYMMDD");
  m_modality = new QLineEdit(this);
  m_patientName->setPlaceholderText("e.g. DOE*");
  m_search = new QPushButton("Search", this);
  m_retrieve = new QPushButton("Retrieve", this);
  m_cancel = new QPushButton("Cancel", this);
  m_cancel->setEnabled(false);
  m_status = new QLabel(this);
  m_status->setWordWrap(true);

  m_model = new QStandardItemModel(this);
  m_model->setHorizontalHeaderLabels({"Patient / study / series", "Date", "Modality", "Images"});
  m_view = new QTreeView(this);
  m_view->setModel(m_model);
  m_view->setUniformRowHeights(true);
  m_view->header()->setStretchLastSection(false);
  m_view->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  for (int c = 1; c < 4; ++c)
    m_view->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
  // Sized from the first rows, not all of them: measuring 5,000 rows' text in every layout
  // stalled the window for ~40 ms at the end of a large search (dates, modalities and counts
  // are all about as wide).
  m_view->header()->setResizeContentsPrecision(100);

  auto* form = new QFormLayout;
  form->addRow("Node", m_node);
  form->addRow("Patient name", m_patientName);
  form->addRow("Patient ID", m_patientId);
  form->addRow("Accession", m_accession);
  auto* dates = new QHBoxLayout;
  dates->addWidget(m_dateFrom);
  dates->addWidget(new QLabel("to", this));
  dates->addWidget(m_dateTo);
  form->addRow("Study date", dates);
  form->addRow("Modality", m_modality);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_search);
  buttons->addWidget(m_retrieve);
  buttons->addWidget(m_cancel);
  auto* main = new QVBoxLayout(this);
  main->addLayout(form);
  main->addLayout(buttons);
  main->addWidget(m_view, 1);
  main->addWidget(m_status);

  connect(m_search, &QPushButton::clicked, this, &PacsQueryPanel::search);
  connect(m_cancel, &QPushButton::clicked, this, &PacsQueryPanel::cancel);
  connect(m_retrieve, &QPushButton::clicked, this, [this] {
    const QModelIndex i = m_view->currentIndex();
    if (i.isValid()) retrieve(m_model->itemFromIndex(i.siblingAtColumn(0)));
  });
  connect(m_view, &QTreeView::doubleClicked, this,
          [this](const QModelIndex& i) { retrieve(m_model->itemFromIndex(i.siblingAtColumn(0))); });
  connect(m_view, &QTreeView::expanded, this, [this](const QModelIndex& i) {
    QStandardItem* item = m_model->itemFromIndex(i);
    if (item && item->data(LevelRole).toInt() == StudyLevel && !item->data(LoadedRole).toBool())
      fetchSeries(item);
  });
  for (QLineEdit* e : {m_patientName, m_patientId, m_accession, m_dateFrom, m_dateTo, m_modality})
    connect(e, &QLineEdit::returnPressed, this, &PacsQueryPanel::search);
  reloadNodes();
}

PacsQueryPanel::~PacsQueryPanel() {
  m_searchStop.request_stop();
  m_retrieveStop.request_stop();
}

void PacsQueryPanel::reloadNodes() {
  const QString current = m_node->currentText();
  m_node->clear();
  for (const auto& n : m_store.nodes()) m_node->addItem(QString::fromStdString(n.name));
  if (const int i = m_node->findText(current); i >= 0) m_node->setCurrentIndex(i);
  m_search->setEnabled(m_node->count() > 0);
}

fv::net::Query PacsQueryPanel::filters() const {
  fv::net::Query q;
  q.patientName = m_patientName->text().trimmed().toStdString();
  q.patientId = m_patientId->text().trimmed().toStdString();
  q.accession = m_accession->text().trimmed().toStdString();
  const QString from = dicomDate(m_dateFrom->text()), to = dicomDate(m_dateTo->text());
  if (!from.isEmpty() || !to.isEmpty())
    q.studyDate = (from == to ? from : from + "-" + to).toStdString();
  q.modality = m_modality->text().trimmed().toUpper().toStdString();
  return q;
}

void PacsQueryPanel::cancel() {
  m_searchStop.request_stop();
  m_retrieveStop.request_stop();
}

void PacsQueryPanel::search() {
  if (m_node->currentText().isEmpty()) return;
  m_searchStop.request_stop();
  m_searchStop = std::stop_source();
  const int generation = ++m_generation;
  m_model->removeRows(0, m_model->rowCount());
  m_patients.clear();
  m_studies = 0;
  m_pending.clear();
  m_finish = nullptr;
  const fv::net::Node node = m_store.node(m_node->currentText());
  const fv::net::Query query = filters();
  m_status->setText("Searching " + QString::fromStdString(node.label()) + "...");
  m_cancel->setEnabled(true);
  m_workers.run([this, node, query, generation, stop = m_searchStop](std::stop_token t) {
    StopLink link(t, stop);
    // Results go to the GUI thread in batches (the first at once, then every 50 or 20 ms): one
    // event per result made 5,000 events that the GUI thread handles in one go (~50 ms).
    std::vector<QueryResult> batch;
    auto posted = std::chrono::steady_clock::time_point{};
    auto flush = [&] {
      if (batch.empty()) return;
      onGui(this, [this, generation, results = std::move(batch)]() mutable {
        if (generation != m_generation) return;
        for (auto& r : results) m_pending.push_back(std::move(r));
        scheduleDrain();
      });
      batch.clear();
      posted = std::chrono::steady_clock::now();
    };
    const fv::dicom::Status st = fv::net::makeClient(node)->find(
        query,
        [&](const QueryResult& r) {
          batch.push_back(r);
          if (batch.size() >= 50 || std::chrono::steady_clock::now() - posted > std::chrono::milliseconds(20)) flush();
        },
        stop.get_token());
    flush();
    const QString error = st.ok() ? QString() : QString::fromStdString(st.error().toString());
    onGui(this, [this, generation, error] {
      if (generation != m_generation) return;
      m_finish = [this, error] {
        m_cancel->setEnabled(false);
        m_status->setText(error.isEmpty() ? QString("%1 study(ies)").arg(m_studies) : error);
        emit searchFinished(m_studies, error);
      };
      scheduleDrain();
    });
  });
}

QStandardItem* PacsQueryPanel::patientItem(const QueryResult& r) {
  const QString key = opt(r.patientId) + '\n' + opt(r.patientName);
  if (auto it = m_patients.find(key); it != m_patients.end()) return it->second;
  QString text = opt(r.patientName).replace('^', ' ').trimmed();
  if (text.isEmpty()) text = "(no name)";
  if (r.patientId) text += " [" + opt(r.patientId) + "]";
  auto items = row(text, {}, {}, {});
  items[0]->setData(PatientLevel, LevelRole);
  m_model->appendRow(items);
  return m_patients[key] = items[0];
}

void PacsQueryPanel::scheduleDrain() {
  if (m_drainScheduled) return;
  m_drainScheduled = true;
  QTimer::singleShot(0, this, &PacsQueryPanel::drainResults);
}

void PacsQueryPanel::drainResults() {
  m_drainScheduled = false;
  QElapsedTimer budget;
  budget.start();
  while (!m_pending.empty() && budget.elapsed() < kDrainBudgetMs) {
    addResult(m_pending.front());
    m_pending.pop_front();
  }
  if (!m_pending.empty()) return scheduleDrain();
  if (m_finish) std::exchange(m_finish, nullptr)();
}

void PacsQueryPanel::addResult(const QueryResult& r) {
  if (!r.studyInstanceUid) return;
  QString text = opt(r.studyDescription);
  if (text.isEmpty()) text = "(study)";
  auto items = row(text, shownDate(opt(r.studyDate)), opt(r.modality),
                   r.numberOfInstances ? QString::number(*r.numberOfInstances) : QString());
  items[0]->setData(StudyLevel, LevelRole);
  items[0]->setData(opt(r.studyInstanceUid), StudyUidRole);
  items[0]->setToolTip(opt(r.studyInstanceUid));
  auto placeholder = row("Expand to list the series", {}, {}, {});
  placeholder[0]->setData(PlaceholderLevel, LevelRole);
  items[0]->appendRow(placeholder);
  QStandardItem* patient = patientItem(r);
  patient->appendRow(items);
  // Each expanded row costs the tree a full relayout per batch: a large answer stays collapsed.
  if (m_studies < kExpandedStudies) m_view->expand(patient->index());
  ++m_studies;
}

void PacsQueryPanel::fetchSeries(QStandardItem* study) {
  if (!study || study->data(LevelRole).toInt() != StudyLevel) return;
  study->setData(true, LoadedRole);
  fv::net::Query query;
  query.level = QueryLevel::Series;
  query.studyUid = study->data(StudyUidRole).toString().toStdString();
  const fv::net::Node node = m_store.node(m_node->currentText());
  // The item may go away with a new search: find it again by generation and UID.
  const int generation = m_generation;
  const QString studyUid = study->data(StudyUidRole).toString();
  auto findStudy = [this, generation, studyUid]() -> QStandardItem* {
    if (generation != m_generation) return nullptr;
    const auto hits = m_model->match(m_model->index(0, 0), StudyUidRole, studyUid, 1,
                                     Qt::MatchExactly | Qt::MatchRecursive);
    return hits.isEmpty() ? nullptr : m_model->itemFromIndex(hits.first());
  };
  m_workers.run([this, node, query, findStudy, stop = m_searchStop](std::stop_token t) {
    StopLink link(t, stop);
    auto series = std::make_shared<std::vector<QueryResult>>();
    const fv::dicom::Status st = fv::net::makeClient(node)->find(
        query, [&](const QueryResult& r) { series->push_back(r); }, stop.get_token());
    const QString error = st.ok() ? QString() : QString::fromStdString(st.error().toString());
    onGui(this, [this, series, error, findStudy] {
      QStandardItem* item = findStudy();
      if (!item) return;
      item->removeRows(0, item->rowCount());
      for (const QueryResult& r : *series) {
        if (!r.seriesInstanceUid) continue;
        QString text = opt(r.seriesDescription);
        if (text.isEmpty()) text = "(series)";
        auto items = row(text, {}, opt(r.modality),
                         r.numberOfInstances ? QString::number(*r.numberOfInstances) : "");
        items[0]->setData(SeriesLevel, LevelRole);
        items[0]->setData(item->data(StudyUidRole), StudyUidRole);
        items[0]->setData(opt(r.seriesInstanceUid), SeriesUidRole);
        items[0]->setToolTip(opt(r.seriesInstanceUid));
        item->appendRow(items);
      }
      if (!error.isEmpty()) m_status->setText(error);
      emit seriesFetched(item, error);
    });
  });
}

void PacsQueryPanel::retrieve(QStandardItem* item) {
  if (!item) return;
  const int level = item->data(LevelRole).toInt();
  if (level != StudyLevel && level != SeriesLevel) return;
  fv::net::RetrieveRequest request;
  request.studyUid = item->data(StudyUidRole).toString().toStdString();
  if (level == SeriesLevel) request.seriesUid = item->data(SeriesUidRole).toString().toStdString();
  const QString cache = pacsCacheDir();
  QDir().mkpath(cache);
  request.cacheDir = cache.toStdString();
  const fv::net::Node node = m_store.node(m_node->currentText());
  m_retrieveStop.request_stop();
  m_retrieveStop = std::stop_source();
  m_cancel->setEnabled(true);
  m_status->setText("Retrieving from " + QString::fromStdString(node.label()) + "...");
  m_workers.run([this, node, request, stop = m_retrieveStop](std::stop_token t) {
    StopLink link(t, stop);
    auto folder = std::make_shared<QString>();  // the study's cache folder, once known
    fv::net::TransferObserver observer;
    observer.onFile = [this, folder](const fv::net::ReceivedFile& f) {
      if (!folder->isEmpty()) return;
      *folder = QString::fromStdString(f.path.parent_path().parent_path().string());
      onGui(this, [this, dir = *folder] {
        if (m_openFolder) m_openFolder(dir);
        emit firstFileArrived(dir);
      });
    };
    observer.onPreview = [this](const fv::net::ReceivedFile& f) {
      onGui(this, [this, dir = QString::fromStdString(f.path.parent_path().string())] {
        if (m_openFolder) m_openFolder(dir);
        m_status->setText("Showing frame 1 while the rest arrives...");
        emit previewShown(dir);
      });
    };
    observer.onProgress = [this](const fv::net::Progress& p) {
      const QString text = QString("Retrieving: %1%2 file(s), %3 MB, %4 MB/s")
                               .arg(p.files)
                               .arg(p.expected >= 0 ? QString(" of %1").arg(p.expected) : QString())
                               .arg(p.bytes / 1e6, 0, 'f', 1)
                               .arg(p.megabytesPerSecond(), 0, 'f', 1);
      onGui(this, [this, text] { m_status->setText(text); });
    };
    const auto report = fv::net::makeClient(node)->retrieve(request, observer, stop.get_token());
    QString error;
    long files = 0;
    if (!report.ok()) {
      error = QString::fromStdString(report.error().toString());
    } else {
      files = report->files + report->skipped;
      if (!report->failed.empty())
        error = QString("%1 instance(s) failed: %2")
                    .arg(report->failed.size())
                    .arg(QString::fromStdString(report->failed.front().message));
    }
    const QString dir = folder->isEmpty()
                            ? QString::fromStdString((request.cacheDir / request.studyUid).string())
                            : *folder;
    onGui(this, [this, dir, files, error] {
      m_cancel->setEnabled(false);
      m_status->setText(
          error.isEmpty() ? QString("Retrieved %1 file(s) into %2").arg(files).arg(dir) : error);
      if (files > 0 && m_openFolder) m_openFolder(dir);  // re-index: everything that arrived
      emit retrieveFinished(dir, files, error);
    });
  });
}

}  // namespace fv::viewer::pacs
