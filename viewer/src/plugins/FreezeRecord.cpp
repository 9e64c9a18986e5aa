#include "FreezeRecord.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include "TsvField.h"
#include "fv/dicom/AtomicFile.h"

namespace fv::viewer {
namespace {

// Writes `entries` atomically; no entries: no file.
bool write(const QString& path, const QList<FreezeEntry>& entries) {
  if (entries.isEmpty()) return !QFileInfo::exists(path) || QFile::remove(path);
  if (!QDir().mkpath(QFileInfo(path).absolutePath())) return false;
  QByteArray text;
  for (const FreezeEntry& e : entries)
    text += (tsvField(e.pluginId) + u'\t' + tsvField(e.what) + u'\n').toUtf8();
  return bool(fv::dicom::writeFileAtomically(QFile::encodeName(path).toStdString(),
                                             text.constData(), size_t(text.size()),
                                             fv::dicom::Overwrite::Replace));
}

}  // namespace

QList<FreezeEntry> readFreezes(const QString& path) {
  QList<FreezeEntry> entries;
  QFile file(path);
  if (path.isEmpty() || !file.open(QIODevice::ReadOnly)) return entries;
  const QByteArray text = file.read(1 << 20);  // a few lines; never a huge read
  for (const QByteArray& line : text.split('\n')) {
    const int tab = line.indexOf('\t');
    if (tab <= 0) continue;
    entries.push_back(
        {QString::fromUtf8(line.left(tab)).trimmed(), QString::fromUtf8(line.mid(tab + 1))});
  }
  return entries;
}

bool addFreeze(const QString& path, const FreezeEntry& entry) {
  QList<FreezeEntry> entries = readFreezes(path);
  entries.removeIf([&](const FreezeEntry& e) { return e.pluginId == entry.pluginId; });
  entries.push_back(entry);
  return write(path, entries);
}

bool removeFreeze(const QString& path, const QString& pluginId) {
  QList<FreezeEntry> entries = readFreezes(path);
  if (entries.removeIf([&](const FreezeEntry& e) { return e.pluginId == pluginId; }) == 0)
    return false;
  return write(path, entries);
}

}  // namespace fv::viewer
