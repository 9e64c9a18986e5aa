// The PACS query dock: node, filters, Search (streamed into patient → study → series), Cancel,
// Retrieve (double-click) into the cache, opened in the study browser as files arrive.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <stop_token>

#include <QWidget>

#include "PacsNodeStore.h"
#include "PacsWorkers.h"
#include "fv/net/Query.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStandardItem;
class QStandardItemModel;
class QTreeView;

namespace fv::viewer::pacs {

class PacsQueryPanel : public QWidget {
  Q_OBJECT
 public:
  /// Item data roles of the result model.
  enum Role { LevelRole = Qt::UserRole + 1, StudyUidRole, SeriesUidRole, LoadedRole };
  /// LevelRole values.
  enum Level { PatientLevel, StudyLevel, SeriesLevel, PlaceholderLevel };

  /// `openFolder(folder)` opens a cache folder in the study browser (File > Open folder).
  PacsQueryPanel(PacsNodeStore& store, std::function<void(const QString&)> openFolder,
                 QWidget* parent = nullptr);
  ~PacsQueryPanel() override;

  /// Re-reads the node list (after Edit > PACS nodes).
  void reloadNodes();
  /// Runs the query of the filters on the selected node (replaces the results).
  void search();
  /// Cancels a running search or retrieve.
  void cancel();
  /// Fetches the series of a study row (done when the row is expanded).
  void fetchSeries(QStandardItem* study);
  /// Retrieves the study or series of `item` into the cache.
  void retrieve(QStandardItem* item);

  QStandardItemModel* model() const { return m_model; }
  QTreeView* view() const { return m_view; }
  QComboBox* nodeBox() const { return m_node; }
  QLineEdit* patientNameEdit() const { return m_patientName; }
  QLineEdit* modalityEdit() const { return m_modality; }
  QLabel* statusLine() const { return m_status; }
  QString cacheDir() const { return pacsCacheDir(); }

 signals:
  /// A search ended: `studies` found, `error` "" unless it failed or was cancelled.
  void searchFinished(int studies, const QString& error);
  /// The series of a study were listed.
  void seriesFetched(QStandardItem* study, const QString& error);
  /// DICOMweb: frame 1 of a cine arrived ahead of its instance (frame-level WADO-RS); `folder`,
  /// holding that one-frame preview, was opened.
  void previewShown(const QString& folder);
  /// The first file of a retrieve is in the cache (`folder` was opened).
  void firstFileArrived(const QString& folder);
  /// A retrieve ended (`folder` was opened again, re-indexed); `error` "" on success.
  void retrieveFinished(const QString& folder, long files, const QString& error);

 private:
  fv::net::Query filters() const;
  void addResult(const fv::net::QueryResult& r);
  /// Adds queued results for at most kDrainBudgetMs, then yields to the event loop (a 5,000-study
  /// answer arrives in one burst: added at once, it froze the window for ~90 ms).
  void drainResults();
  void scheduleDrain();
  static constexpr int kDrainBudgetMs = 8;
  /// Patients are shown expanded for the first results only.
  static constexpr int kExpandedStudies = 200;
  QStandardItem* patientItem(const fv::net::QueryResult& r);

  PacsNodeStore& m_store;
  std::function<void(const QString&)> m_openFolder;
  QStandardItemModel* m_model;
  QTreeView* m_view;
  QComboBox* m_node;
  QLineEdit *m_patientName, *m_patientId, *m_accession, *m_dateFrom, *m_dateTo, *m_modality;
  QPushButton *m_search, *m_retrieve, *m_cancel;
  QLabel* m_status;
  std::map<QString, QStandardItem*> m_patients;
  int m_generation = 0;
  int m_studies = 0;
  std::deque<fv::net::QueryResult> m_pending;  // results received, not yet in the model
  bool m_drainScheduled = false;
  std::function<void()> m_finish;  // the end of the search, once m_pending is drained
  std::stop_source m_searchStop, m_retrieveStop;
  PacsWorkers m_workers;  // last: joined first
};

}  // namespace fv::viewer::pacs
