#include "fv/viewer/browser/StudyModel.h"

#include <QApplication>
#include <QIcon>
#include <QMimeData>
#include <QPalette>
#include <QStringList>
#include <QStyle>

#include "BrowserText.h"
#include "fv/viewer/MimeTypes.h"
#include "fv/viewer/browser/ThumbnailCache.h"

namespace fv::viewer {

using browser::dicomText;

namespace {

QString joinedModalities(const QStringList& modalities) {
  QStringList unique = modalities;
  unique.removeAll(QString());
  unique.removeDuplicates();
  unique.sort();
  return unique.join(QStringLiteral(", "));
}

QString stackSummary(const fv::dicom::Series& series) {
  QStringList parts;
  for (const auto& stack : series.stacks) {
    QString text = QStringLiteral("%1 %2 frame(s) %3×%4")
                       .arg(QString::fromLatin1(fv::dicom::toString(stack.kind)))
                       .arg(stack.size())
                       .arg(stack.columns)
                       .arg(stack.rows);
    const std::string orientation = stack.orientationName();
    if (!orientation.empty()) text += QLatin1Char(' ') + QString::fromStdString(orientation);
    parts << text;
  }
  return parts.join(QStringLiteral("; "));
}

}  // namespace

StudyModel::StudyModel(QObject* parent) : QAbstractItemModel(parent) {}

StudyModel::~StudyModel() = default;

void StudyModel::setIndex(std::shared_ptr<const fv::dicom::DicomIndex> index) {
  beginResetModel();
  m_index = std::move(index);
  m_nodes.clear();
  m_roots.clear();
  m_seriesNodes.clear();
  if (m_index) {
    for (const auto& patient : m_index->patients) {
      const int p = int(m_nodes.size());
      m_nodes.push_back({NodeKind::Patient, -1, int(m_roots.size()), &patient, nullptr, nullptr, {}, {}});
      m_roots.push_back(p);
      QStringList patientModalities;
      for (const auto& study : patient.studies) {
        const int st = int(m_nodes.size());
        m_nodes.push_back({NodeKind::Study, p, int(m_nodes[p].children.size()), &patient, &study, nullptr, {}, {}});
        m_nodes[p].children.push_back(st);
        QStringList studyModalities;
        for (const auto& series : study.series) {
          const int se = int(m_nodes.size());
          Node n{NodeKind::Series, st, int(m_nodes[st].children.size()), &patient, &study, &series, {}, {}};
          n.modalities = dicomText(series.key.modality).trimmed();
          n.frames = qint64(series.frameCount());
          n.instances = qint64(series.instances.size());
          studyModalities << n.modalities;
          m_nodes[st].frames += n.frames;
          m_nodes[st].instances += n.instances;
          m_nodes.push_back(std::move(n));
          m_nodes[st].children.push_back(se);
          m_seriesNodes.insert(dicomText(series.key.instanceUid), se);
        }
        m_nodes[st].modalities = joinedModalities(studyModalities);
        patientModalities << studyModalities;
        m_nodes[p].frames += m_nodes[st].frames;
        m_nodes[p].instances += m_nodes[st].instances;
      }
      m_nodes[p].modalities = joinedModalities(patientModalities);
    }
  }
  endResetModel();
}

void StudyModel::setThumbnailCache(ThumbnailCache* cache) {
  if (m_thumbnails) disconnect(m_thumbnails, nullptr, this, nullptr);
  m_thumbnails = cache;
  if (cache) connect(cache, &ThumbnailCache::thumbnailReady, this, &StudyModel::onThumbnailReady);
  for (auto it = m_seriesNodes.cbegin(); it != m_seriesNodes.cend(); ++it) onThumbnailReady(it.key());
}

const fv::dicom::Series* StudyModel::series(const QModelIndex& index) const {
  const Node* n = node(index);
  return n ? n->series : nullptr;
}

QModelIndex StudyModel::indexOfSeries(const QString& uid) const {
  const auto it = m_seriesNodes.constFind(uid);
  if (it == m_seriesNodes.constEnd()) return {};
  return createIndex(m_nodes[size_t(*it)].row, 0, quintptr(*it));
}

StudyModel::NodeKind StudyModel::kind(const QModelIndex& index) const {
  const Node* n = node(index);
  return n ? n->kind : NodeKind::Patient;
}

const StudyModel::Node* StudyModel::node(const QModelIndex& index) const {
  if (!index.isValid() || index.model() != this || index.internalId() >= m_nodes.size()) return nullptr;
  return &m_nodes[size_t(index.internalId())];
}

QModelIndex StudyModel::index(int row, int column, const QModelIndex& parent) const {
  if (row < 0 || column < 0 || column >= ColumnCount) return {};
  const std::vector<int>* children = &m_roots;
  if (parent.isValid()) {
    const Node* p = node(parent);
    if (!p || parent.column() != 0) return {};
    children = &p->children;
  }
  if (row >= int(children->size())) return {};
  return createIndex(row, column, quintptr((*children)[size_t(row)]));
}

QModelIndex StudyModel::parent(const QModelIndex& child) const {
  const Node* n = node(child);
  if (!n || n->parent < 0) return {};
  return createIndex(m_nodes[size_t(n->parent)].row, 0, quintptr(n->parent));
}

int StudyModel::rowCount(const QModelIndex& parent) const {
  if (!parent.isValid()) return int(m_roots.size());
  if (parent.column() != 0) return 0;
  const Node* n = node(parent);
  return n ? int(n->children.size()) : 0;
}

int StudyModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant StudyModel::data(const QModelIndex& index, int role) const {
  const Node* n = node(index);
  if (!n) return {};
  switch (role) {
    case Qt::DisplayRole:
      return displayData(*n, index.column());
    case Qt::ToolTipRole:
      return toolTip(*n);
    case Qt::DecorationRole:
      return index.column() == NameColumn ? decoration(*n) : QVariant();
    case Qt::TextAlignmentRole:
      return index.column() >= FramesColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ForegroundRole:
      if (n->kind == NodeKind::Series && n->frames == 0)
        return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
      return {};
    case SeriesUidRole:
      return n->series ? QVariant(dicomText(n->series->key.instanceUid)) : QVariant();
    case SeriesRole:
      return n->series ? QVariant::fromValue(n->series) : QVariant();
    case NodeKindRole:
      return int(n->kind);
    case SearchTextRole:  // folded like the filter's text (browser::searchKey)
      switch (n->kind) {
        case NodeKind::Patient:
          return browser::searchKey(browser::patientSearchText(n->patient->key));
        case NodeKind::Study:  // not its modalities: "MR" must not keep the XA
          return browser::searchKey(browser::studyLabel(n->study->key));
        case NodeKind::Series:
          return browser::searchKey(browser::seriesLabel(n->series->key) + QLatin1Char(' ') +
                                    n->modalities + QLatin1Char(' ') +
                                    dicomText(n->series->key.bodyPart));
      }
      return {};
    default:
      return {};
  }
}

QVariant StudyModel::displayData(const Node& n, int column) const {
  switch (column) {
    case NameColumn:
      switch (n.kind) {
        case NodeKind::Patient: return browser::patientLabel(n.patient->key);
        case NodeKind::Study: return browser::studyLabel(n.study->key);
        case NodeKind::Series: return browser::seriesLabel(n.series->key);
      }
      return {};
    case ModalityColumn:
      return n.modalities;
    case DateColumn:
      if (n.kind == NodeKind::Study) return browser::dicomDate(n.study->key.date);
      if (n.kind == NodeKind::Series) return browser::dicomDate(n.series->key.date);
      return {};
    case FramesColumn:
      return n.frames;
    case InstancesColumn:
      return n.instances;
    default:
      return {};
  }
}

QVariant StudyModel::toolTip(const Node& n) const {
  QStringList lines;
  auto add = [&](const QString& label, const QString& value) {
    if (!value.trimmed().isEmpty()) lines << label + QStringLiteral(": ") + value;
  };
  switch (n.kind) {
    case NodeKind::Patient: {
      const auto& k = n.patient->key;
      lines << browser::personName(k.name);
      add(QStringLiteral("Patient ID"), dicomText(k.id));
      add(QStringLiteral("Birth date"), browser::dicomDate(k.birthDate));
      add(QStringLiteral("Sex"), dicomText(k.sex));
      break;
    }
    case NodeKind::Study: {
      const auto& k = n.study->key;
      lines << browser::studyLabel(k);
      add(QStringLiteral("Date"), (browser::dicomDate(k.date) + QLatin1Char(' ') + browser::dicomTime(k.time)).trimmed());
      add(QStringLiteral("Accession"), dicomText(k.accessionNumber));
      add(QStringLiteral("Study ID"), dicomText(k.id));
      add(QStringLiteral("Study Instance UID"), dicomText(k.instanceUid));
      break;
    }
    case NodeKind::Series: {
      const fv::dicom::Series& s = *n.series;
      lines << browser::seriesLabel(s.key);
      add(QStringLiteral("Modality"), n.modalities);
      add(QStringLiteral("Date"),
          (browser::dicomDate(s.key.date) + QLatin1Char(' ') + browser::dicomTime(s.key.time)).trimmed());
      add(QStringLiteral("Body part"), dicomText(s.key.bodyPart));
      add(QStringLiteral("Laterality"), dicomText(s.key.laterality));
      lines << QStringLiteral("%1 frame(s) in %2 instance(s)").arg(n.frames).arg(n.instances);
      if (n.frames == 0) lines << QStringLiteral("No images (structured report, key objects or presentation states)");
      add(QStringLiteral("Stacks"), stackSummary(s));
      add(QStringLiteral("Series Instance UID"), dicomText(s.key.instanceUid));
      if (!s.warnings.empty()) lines << QStringLiteral("%1 warning(s): see Problems").arg(s.warnings.size());
      if (m_thumbnails) {
        const QString error = m_thumbnails->error(dicomText(s.key.instanceUid));
        if (!error.isEmpty()) lines << QStringLiteral("Thumbnail failed: ") + error;
      }
      break;
    }
  }
  return lines.join(QLatin1Char('\n'));
}

QVariant StudyModel::decoration(const Node& n) const {
  if (n.kind != NodeKind::Series) return {};
  if (n.frames == 0) return QApplication::style()->standardIcon(QStyle::SP_FileIcon);
  if (m_thumbnails) {
    // An icon (not a pixmap): views scale icons to their iconSize, pixmaps they do not.
    const QPixmap pixmap = m_thumbnails->thumbnail(dicomText(n.series->key.instanceUid));
    if (!pixmap.isNull()) return QIcon(pixmap);
  }
  if (m_pendingIcon.isNull()) {
    QPixmap blank(ThumbnailCache::kSize, ThumbnailCache::kSize);
    blank.fill(Qt::transparent);
    m_pendingIcon = QIcon(blank);
  }
  return m_pendingIcon;
}

QVariant StudyModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case NameColumn: return QStringLiteral("Patient / study / series");
    case ModalityColumn: return QStringLiteral("Modality");
    case DateColumn: return QStringLiteral("Date");
    case FramesColumn: return QStringLiteral("Frames");
    case InstancesColumn: return QStringLiteral("Instances");
    default: return {};
  }
}

Qt::ItemFlags StudyModel::flags(const QModelIndex& index) const {
  const Node* n = node(index);
  if (!n) return Qt::NoItemFlags;
  Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
  if (n->kind == NodeKind::Series && n->frames > 0) f |= Qt::ItemIsDragEnabled;
  return f;
}

Qt::DropActions StudyModel::supportedDragActions() const { return Qt::CopyAction; }

QStringList StudyModel::mimeTypes() const { return {QString::fromLatin1(kSeriesMimeType)}; }

QMimeData* StudyModel::mimeData(const QModelIndexList& indexes) const {
  for (const QModelIndex& index : indexes) {
    const Node* n = node(index);
    if (!n || !n->series) continue;
    auto* mime = new QMimeData;
    mime->setData(QString::fromLatin1(kSeriesMimeType), QByteArray::fromStdString(n->series->key.instanceUid));
    return mime;
  }
  return nullptr;
}

void StudyModel::onThumbnailReady(const QString& uid) {
  const QModelIndex row = indexOfSeries(uid);
  if (row.isValid()) emit dataChanged(row, row, {Qt::DecorationRole, Qt::ToolTipRole});
}

}  // namespace fv::viewer
