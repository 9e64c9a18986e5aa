// The "Problems" list: files that could not be read and warnings about series.
#pragma once

#include <QString>
#include <QWidget>

#include "fv/dicom/Series.h"

class QTreeWidget;
class QTreeWidgetItem;

namespace fv::viewer {

/// Lists an index's errors (path, reason, code) and its series' and stacks' warnings (series,
/// text, "warning"), plus messages the application adds. Double-click copies the row's path
/// (for a series warning: the series' first file) to the clipboard.
class ProblemsPanel : public QWidget {
  Q_OBJECT
 public:
  /// The columns, left to right.
  enum Column { WhereColumn, ReasonColumn, CodeColumn, ColumnCount };

  /// An empty list.
  explicit ProblemsPanel(QWidget* parent = nullptr);
  ~ProblemsPanel() override;

  /// Replaces the rows that came from an index by those of `index` (added messages stay).
  void setIndex(const fv::dicom::DicomIndex& index);
  /// Adds one row, e.g. a failed save or a plugin error (`path` is what double-click copies).
  void addMessage(const QString& where, const QString& reason, const QString& code = QStringLiteral("error"),
                  const QString& path = {});
  /// Removes every row.
  void clear();
  /// Rows listed.
  int count() const;
  /// The list (for tests and for sizing).
  QTreeWidget* view() const { return m_view; }

 signals:
  /// The number of rows changed (for "N problems" in the status bar).
  void countChanged(int count);
  /// Double-click put `path` on the clipboard.
  void pathCopied(const QString& path);

 private:
  QTreeWidgetItem* addRow(const QString& where, const QString& reason, const QString& code, const QString& path,
                          const QString& toolTip, bool fromIndex);
  void copyPath(QTreeWidgetItem* item);

  QTreeWidget* m_view;
  int m_lastCount = 0;
};

}  // namespace fv::viewer
