// The patient → study → series tree of an index, for the study browser's tree view.
#pragma once

#include <memory>
#include <vector>

#include <QAbstractItemModel>
#include <QHash>
#include <QIcon>
#include <QMetaType>
#include <QPointer>

#include "fv/dicom/Series.h"

Q_DECLARE_METATYPE(const fv::dicom::Series*)

namespace fv::viewer {

class ThumbnailCache;

/// Read-only tree model over a DicomIndex: patients, their studies, their series. Series rows
/// carry their UID and Series, show their thumbnail (a QIcon), are greyed when they have no
/// frames (SR, KOS, presentation states) and can be dragged (kSeriesMimeType, the UID as UTF-8).
class StudyModel : public QAbstractItemModel {
  Q_OBJECT
 public:
  /// The columns, left to right.
  enum Column { NameColumn, ModalityColumn, DateColumn, FramesColumn, InstancesColumn, ColumnCount };
  /// What a row is.
  enum class NodeKind { Patient, Study, Series };
  Q_ENUM(NodeKind)
  /// Custom data roles (any column).
  enum Role {
    SeriesUidRole = Qt::UserRole + 1,  ///< QString Series Instance UID (series rows; else invalid)
    SeriesRole,                        ///< const fv::dicom::Series* (series rows; else invalid)
    NodeKindRole,                      ///< NodeKind as int
    SearchTextRole,                    ///< filter text: name, description, modality (folded)
  };

  /// An empty model; call setIndex().
  explicit StudyModel(QObject* parent = nullptr);
  ~StudyModel() override;

  /// Shows `index` (may be null: empty). Resets the model; the index is kept alive by the model.
  void setIndex(std::shared_ptr<const fv::dicom::DicomIndex> index);
  /// The index shown (keep this shared_ptr while using Series pointers taken from the model).
  std::shared_ptr<const fv::dicom::DicomIndex> dicomIndex() const { return m_index; }
  /// Takes series thumbnails (DecorationRole) and failure tooltips from `cache` (may be null).
  void setThumbnailCache(ThumbnailCache* cache);
  /// The series of a series row (any column), or nullptr for patient/study rows.
  const fv::dicom::Series* series(const QModelIndex& index) const;
  /// The row (column 0) of the series with this UID, or an invalid index.
  QModelIndex indexOfSeries(const QString& uid) const;
  /// What kind of row `index` is (Patient for an invalid index).
  NodeKind kind(const QModelIndex& index) const;

  /// Row `row` under `parent` (patients at the top level).
  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  /// Patient of a study row, study of a series row; invalid for patients.
  QModelIndex parent(const QModelIndex& child) const override;
  /// Patients, a patient's studies or a study's series (0 under series).
  int rowCount(const QModelIndex& parent = {}) const override;
  /// ColumnCount.
  int columnCount(const QModelIndex& parent = {}) const override;
  /// Text, tooltip, thumbnail, greying and the custom roles.
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  /// Column titles.
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  /// Enabled and selectable; series rows with frames also drag-enabled.
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  /// Series rows with frames can be dragged (copy).
  Qt::DropActions supportedDragActions() const override;
  /// kSeriesMimeType.
  QStringList mimeTypes() const override;
  /// kSeriesMimeType with the UID of the first series row in `indexes`; nullptr if none.
  QMimeData* mimeData(const QModelIndexList& indexes) const override;

 private:
  struct Node {
    NodeKind kind;
    int parent;  // node id, -1 for patients
    int row;     // row under the parent
    const fv::dicom::Patient* patient;
    const fv::dicom::Study* study;      // null for patients
    const fv::dicom::Series* series;    // null for patients and studies
    std::vector<int> children;          // node ids
    QString modalities;                 // "MR, XA" (patients and studies)
    qint64 frames = 0, instances = 0;   // sums over the series below (or of the series)
  };
  const Node* node(const QModelIndex& index) const;
  QVariant displayData(const Node& node, int column) const;
  QVariant toolTip(const Node& node) const;
  QVariant decoration(const Node& node) const;
  void onThumbnailReady(const QString& uid);

  std::shared_ptr<const fv::dicom::DicomIndex> m_index;
  std::vector<Node> m_nodes;
  std::vector<int> m_roots;  // patient node ids
  QHash<QString, int> m_seriesNodes;  // UID → node id
  QPointer<ThumbnailCache> m_thumbnails;
  mutable QIcon m_pendingIcon;  // transparent, thumbnail-sized: rows keep their height
};

}  // namespace fv::viewer
