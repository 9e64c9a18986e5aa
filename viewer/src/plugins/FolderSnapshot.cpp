#include "FolderSnapshot.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

namespace fv::viewer {

FolderSnapshot FolderSnapshot::take(const QString& folder) {
  FolderSnapshot snapshot;
  const QDir root(folder);
  if (folder.isEmpty() || !root.exists()) return snapshot;
  QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                  QDirIterator::Subdirectories);
  int entries = 0;
  while (it.hasNext()) {
    if (++entries > kMaxEntries) {
      snapshot.m_complete = false;
      snapshot.m_files.clear();
      break;
    }
    it.next();
    const QFileInfo info = it.fileInfo();
    snapshot.m_files.insert(root.relativeFilePath(info.filePath()),
                            {info.size(), info.lastModified().toMSecsSinceEpoch()});
  }
  return snapshot;
}

bool FolderSnapshot::sameAs(const FolderSnapshot& other) const {
  return m_complete && other.m_complete && m_files == other.m_files;
}

}  // namespace fv::viewer
