#include "fv/viewer/browser/StudyBrowser.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

#include "BrowserText.h"
#include "fv/viewer/browser/StudyModel.h"
#include "fv/viewer/browser/ThumbnailCache.h"

namespace fv::viewer {

StudyBrowser::StudyBrowser(QWidget* parent)
    : QWidget(parent),
      m_model(new StudyModel(this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_thumbnails(new ThumbnailCache(this)),
      m_filter(new QLineEdit(this)),
      m_view(new QTreeView(this)) {
  m_model->setThumbnailCache(m_thumbnails);

  // A row stays when it, a row above it or a row below it matches: filtering "MR" keeps the MR
  // series with their patient and study; filtering a patient's name keeps all of theirs.
  m_proxy->setSourceModel(m_model);
  m_proxy->setFilterRole(StudyModel::SearchTextRole);
  m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
  m_proxy->setRecursiveFilteringEnabled(true);
  m_proxy->setAutoAcceptChildRows(true);

  m_filter->setPlaceholderText(tr("Filter: patient, description, modality"));
  m_filter->setClearButtonEnabled(true);
  connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
    m_proxy->setFilterFixedString(browser::searchKey(text.trimmed()));  // accents optional
    m_view->expandAll();
  });

  m_view->setModel(m_proxy);
  m_view->setIconSize(QSize(kIconSize, kIconSize));
  m_view->setUniformRowHeights(false);
  m_view->setSelectionMode(QAbstractItemView::SingleSelection);
  m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_view->setDragEnabled(true);
  m_view->setDragDropMode(QAbstractItemView::DragOnly);
  m_view->setDefaultDropAction(Qt::CopyAction);
  m_view->setContextMenuPolicy(Qt::CustomContextMenu);
  m_view->setAllColumnsShowFocus(true);
  m_view->header()->setStretchLastSection(false);
  m_view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_view->header()->setSectionResizeMode(StudyModel::NameColumn, QHeaderView::Stretch);
  m_view->installEventFilter(this);
  connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex& index) { activate(index); });
  connect(m_view, &QWidget::customContextMenuRequested, this, &StudyBrowser::showContextMenu);
  connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
          [this](const QModelIndex& current) { emit currentSeriesChanged(uidAt(current)); });

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);
  layout->addWidget(m_filter);
  layout->addWidget(m_view);
}

StudyBrowser::~StudyBrowser() = default;

void StudyBrowser::setIndex(std::shared_ptr<const fv::dicom::DicomIndex> index) {
  const QString current = currentSeriesUid();
  m_thumbnails->setIndex(index);
  m_model->setIndex(std::move(index));
  m_view->expandAll();
  // Keep the user's place, but never undo their filter for it.
  const QModelIndex proxy = m_proxy->mapFromSource(m_model->indexOfSeries(current));
  if (proxy.isValid()) m_view->setCurrentIndex(proxy);
}

std::shared_ptr<const fv::dicom::DicomIndex> StudyBrowser::dicomIndex() const { return m_model->dicomIndex(); }

QString StudyBrowser::currentSeriesUid() const { return uidAt(m_view->currentIndex()); }

bool StudyBrowser::selectSeries(const QString& uid) {
  const QModelIndex source = m_model->indexOfSeries(uid);
  if (!source.isValid()) return false;
  QModelIndex proxy = m_proxy->mapFromSource(source);
  if (!proxy.isValid()) {  // hidden by the filter
    m_filter->clear();
    proxy = m_proxy->mapFromSource(source);
  }
  m_view->setCurrentIndex(proxy);
  m_view->scrollTo(proxy);
  return proxy.isValid();
}

void StudyBrowser::setFilterText(const QString& text) { m_filter->setText(text); }

QString StudyBrowser::filterText() const { return m_filter->text(); }

bool StudyBrowser::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_view && event->type() == QEvent::KeyPress) {
    const int key = static_cast<QKeyEvent*>(event)->key();
    if ((key == Qt::Key_Return || key == Qt::Key_Enter) && activate(m_view->currentIndex())) return true;
  }
  return QWidget::eventFilter(watched, event);
}

QString StudyBrowser::uidAt(const QModelIndex& proxyIndex) const {
  return proxyIndex.data(StudyModel::SeriesUidRole).toString();
}

bool StudyBrowser::activate(const QModelIndex& proxyIndex) {
  const fv::dicom::Series* series = m_model->series(m_proxy->mapToSource(proxyIndex));
  if (!series || series->frameCount() == 0) return false;  // nothing a viewport could show
  emit seriesActivated(uidAt(proxyIndex));
  return true;
}

void StudyBrowser::showContextMenu(const QPoint& pos) {
  const QModelIndex proxyIndex = m_view->indexAt(pos);
  const fv::dicom::Series* series = m_model->series(m_proxy->mapToSource(proxyIndex));
  if (!series) return;
  const QString uid = uidAt(proxyIndex);
  QMenu menu(this);
  QAction* show = menu.addAction(tr("Show in active viewport"));
  show->setEnabled(series->frameCount() > 0);
  connect(show, &QAction::triggered, this, [this, uid] { emit seriesActivated(uid); });
  connect(menu.addAction(tr("Copy Series Instance UID")), &QAction::triggered, this,
          [uid] { QGuiApplication::clipboard()->setText(uid); });
  if (m_menuHook) m_menuHook(&menu, uid);
  menu.exec(m_view->viewport()->mapToGlobal(pos));
}

}  // namespace fv::viewer
