// The record of plugins that froze the viewer until it was ended: a small text file that the
// freeze watchdog writes while a GUI-thread call is frozen and the host reads at start
// (docs/reliability.md, "Plugin faults").
#pragma once

#include <QList>
#include <QString>

namespace fv::viewer {

/// One plugin that froze the viewer: its id and what it was doing ("<subject> in <method> ...").
struct FreezeEntry {
  QString pluginId;
  QString what;
};

/// The entries of the record at `path` ("id<TAB>what" lines); none when the file is missing or
/// unreadable; malformed lines are skipped.
QList<FreezeEntry> readFreezes(const QString& path);
/// Adds (or replaces) the entry of `entry.pluginId`; writes atomically (temp file, fsync,
/// rename), creating the folder. False when the file cannot be written.
bool addFreeze(const QString& path, const FreezeEntry& entry);
/// Removes the entry of `pluginId` (the file goes when it empties); true if there was one.
bool removeFreeze(const QString& path, const QString& pluginId);

}  // namespace fv::viewer
