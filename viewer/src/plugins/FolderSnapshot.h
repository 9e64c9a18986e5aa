// What a folder holds (names, sizes, modification times): did an exporter write anything?
#pragma once

#include <QHash>
#include <QString>

namespace fv::viewer {

/// The files under a folder (recursively, hidden ones included), each with its size and
/// modification time. Folders of more than kMaxEntries entries are not listed completely.
class FolderSnapshot {
 public:
  /// Larger folders are not compared (listing them on the GUI thread would take too long).
  static constexpr int kMaxEntries = 20000;

  /// Lists `folder` now (a missing folder is an empty, complete snapshot).
  static FolderSnapshot take(const QString& folder);

  /// False when the folder had more than kMaxEntries entries.
  bool complete() const { return m_complete; }
  /// True when both snapshots are complete and list the same files, unchanged.
  bool sameAs(const FolderSnapshot& other) const;

 private:
  /// Size and modification time (ms since the epoch) of one file.
  struct Stamp {
    qint64 size = 0;
    qint64 modified = 0;
    bool operator==(const Stamp&) const = default;
  };
  QHash<QString, Stamp> m_files;  ///< path relative to the folder → stamp
  bool m_complete = true;
};

}  // namespace fv::viewer
