#include "fv/viewer/browser/ProblemsPanel.h"

#include <set>
#include <string>

#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "BrowserText.h"

namespace fv::viewer {
namespace {

// Item data: the path double-click copies, and whether the row came from an index.
constexpr int kPathRole = Qt::UserRole + 1;
constexpr int kFromIndexRole = Qt::UserRole + 2;

QString seriesWhere(const fv::dicom::Series& series) {
  const QString modality = browser::dicomText(series.key.modality).trimmed();
  QString where = browser::seriesLabel(series.key);
  if (!modality.isEmpty()) where = modality + QLatin1Char(' ') + where;
  return where;
}

}  // namespace

ProblemsPanel::ProblemsPanel(QWidget* parent) : QWidget(parent), m_view(new QTreeWidget(this)) {
  m_view->setColumnCount(ColumnCount);
  m_view->setHeaderLabels({tr("File / series"), tr("Problem"), tr("Code")});
  m_view->setRootIsDecorated(false);
  m_view->setUniformRowHeights(true);
  m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
  m_view->setTextElideMode(Qt::ElideMiddle);  // long paths keep their file name visible
  m_view->header()->setStretchLastSection(false);
  m_view->header()->setSectionResizeMode(WhereColumn, QHeaderView::Interactive);
  m_view->header()->setSectionResizeMode(ReasonColumn, QHeaderView::Stretch);
  m_view->header()->setSectionResizeMode(CodeColumn, QHeaderView::ResizeToContents);
  m_view->setColumnWidth(WhereColumn, 320);
  connect(m_view, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) { copyPath(item); });

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_view);
}

ProblemsPanel::~ProblemsPanel() = default;

void ProblemsPanel::setIndex(const fv::dicom::DicomIndex& index) {
  m_view->setUpdatesEnabled(false);
  for (int i = m_view->topLevelItemCount() - 1; i >= 0; --i)
    if (m_view->topLevelItem(i)->data(0, kFromIndexRole).toBool()) delete m_view->takeTopLevelItem(i);

  for (const fv::dicom::Error& e : index.errors) {
    const QString path = browser::pathText(e.path);
    QString reason = browser::dicomText(e.message);
    if (!e.detail.empty() && e.detail != e.message) reason += QStringLiteral(" (") + browser::dicomText(e.detail) + QLatin1Char(')');
    addRow(path.isEmpty() ? tr("(indexing)") : path, reason, browser::errorCodeText(e.code), path,
           browser::dicomText(e.toString()), true);
  }
  // The indexer lists a truncated file both as an error and as "path: text" on its series.
  std::set<std::string> listed;
  for (const fv::dicom::Error& e : index.errors) listed.insert(e.path + ": " + e.message);
  for (const fv::dicom::Series* series : index.allSeries()) {
    const QString path = series->instances.empty() ? QString() : browser::pathText(series->instances.front().path);
    const QString where = seriesWhere(*series);
    const QString tip = where + QStringLiteral("\nSeries Instance UID: ") + browser::dicomText(series->key.instanceUid);
    for (const std::string& w : series->warnings)
      if (!listed.count(w)) addRow(where, browser::dicomText(w), QStringLiteral("warning"), path, tip, true);
    for (size_t s = 0; s < series->stacks.size(); ++s)
      for (const std::string& w : series->stacks[s].warnings)
        addRow(where, tr("stack %1: %2").arg(s + 1).arg(browser::dicomText(w)), QStringLiteral("warning"), path, tip,
               true);
  }
  m_view->setUpdatesEnabled(true);
  if (count() != m_lastCount) emit countChanged(m_lastCount = count());
}

void ProblemsPanel::addMessage(const QString& where, const QString& reason, const QString& code, const QString& path) {
  addRow(where, reason, code, path, where + QStringLiteral(": ") + reason, false);
  emit countChanged(m_lastCount = count());
}

void ProblemsPanel::clear() {
  m_view->clear();
  if (m_lastCount != 0) emit countChanged(m_lastCount = 0);
}

int ProblemsPanel::count() const { return m_view->topLevelItemCount(); }

QTreeWidgetItem* ProblemsPanel::addRow(const QString& where, const QString& reason, const QString& code,
                                       const QString& path, const QString& toolTip, bool fromIndex) {
  auto* item = new QTreeWidgetItem(m_view, {where, reason, code});
  const bool warning = code == QLatin1String("warning");
  item->setIcon(WhereColumn, style()->standardIcon(warning ? QStyle::SP_MessageBoxWarning : QStyle::SP_MessageBoxCritical));
  for (int c = 0; c < ColumnCount; ++c) item->setToolTip(c, toolTip);
  item->setData(0, kPathRole, path);
  item->setData(0, kFromIndexRole, fromIndex);
  return item;
}

void ProblemsPanel::copyPath(QTreeWidgetItem* item) {
  const QString path = item ? item->data(0, kPathRole).toString() : QString();
  if (path.isEmpty()) return;
  QGuiApplication::clipboard()->setText(path);
  emit pathCopied(path);
}

}  // namespace fv::viewer
