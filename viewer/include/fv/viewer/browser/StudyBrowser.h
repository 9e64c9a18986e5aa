// The study browser: a filterable patient → study → series tree with thumbnails.
#pragma once

#include <functional>
#include <memory>

#include <QString>
#include <QWidget>

#include "fv/dicom/Series.h"

class QLineEdit;
class QMenu;
class QModelIndex;
class QPoint;
class QSortFilterProxyModel;
class QTreeView;

namespace fv::viewer {

class StudyModel;
class ThumbnailCache;

/// A filter line over a tree of the open studies. Double-click or Enter on a series with frames
/// (or its context menu's "Show in active viewport") emits seriesActivated(); series rows can be
/// dragged onto viewports (kSeriesMimeType). Thumbnails are rendered in the background.
class StudyBrowser : public QWidget {
  Q_OBJECT
 public:
  /// Thumbnails are shown at this size (px) in the tree.
  static constexpr int kIconSize = 64;

  /// An empty browser; call setIndex().
  explicit StudyBrowser(QWidget* parent = nullptr);
  ~StudyBrowser() override;

  /// Shows `index` (null: nothing), queues its thumbnails, expands every row and keeps the
  /// current series selected if it is still there.
  void setIndex(std::shared_ptr<const fv::dicom::DicomIndex> index);
  /// The index shown (keep it alive while using its Series).
  std::shared_ptr<const fv::dicom::DicomIndex> dicomIndex() const;
  /// The Series Instance UID of the current row, or "" when it is not a series.
  QString currentSeriesUid() const;
  /// Makes the series `uid` current (clearing a filter that hides it); false when unknown.
  bool selectSeries(const QString& uid);
  /// Filters rows by a case-insensitive substring of patient name, description or modality.
  void setFilterText(const QString& text);
  /// The filter text ("" when not filtering).
  QString filterText() const;

  /// Called with a series' context menu before it opens, to add the host's actions (Send to PACS).
  void setSeriesMenuHook(std::function<void(QMenu*, const QString& uid)> hook) { m_menuHook = std::move(hook); }

  /// The model (source, unfiltered).
  StudyModel* model() const { return m_model; }
  /// The thumbnails shown.
  ThumbnailCache* thumbnails() const { return m_thumbnails; }
  /// The tree view (its model is a filter proxy over model()).
  QTreeView* view() const { return m_view; }

 signals:
  /// The user asked to show series `uid` (double-click, Enter, context menu).
  void seriesActivated(const QString& uid);
  /// The current row changed; `uid` is "" when it is not a series.
  void currentSeriesChanged(const QString& uid);

 protected:
  /// Return/Enter on a series row of the tree activates it.
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QString uidAt(const QModelIndex& proxyIndex) const;
  bool activate(const QModelIndex& proxyIndex);
  void showContextMenu(const QPoint& pos);

  StudyModel* m_model;
  QSortFilterProxyModel* m_proxy;
  ThumbnailCache* m_thumbnails;
  QLineEdit* m_filter;
  QTreeView* m_view;
  std::function<void(QMenu*, const QString&)> m_menuHook;
};

}  // namespace fv::viewer
