#include "ContributionId.h"

#include <QStringList>

namespace fv::viewer {
namespace {

bool isNameCharacter(QChar c) {
  return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
         c == u'-' || c == u'_';
}

bool isName(const QString& s) {
  if (s.isEmpty()) return false;
  for (QChar c : s)
    if (!isNameCharacter(c)) return false;
  return true;
}

fv::dicom::Error invalid(const QString& text) {
  return fv::dicom::makeError(fv::dicom::ErrorCode::InvalidArgument, text.toStdString());
}

}  // namespace

bool isValidPluginId(const QString& pluginId) {
  return isName(pluginId);
}

bool isContributionIdOfKind(const QString& id, const QString& kind) {
  const QStringList parts = id.split(u'.');
  return parts.size() == 3 && isName(parts[0]) && parts[1] == kind && isName(parts[2]);
}

fv::dicom::Status checkContributionId(const QString& id, const QString& pluginId,
                                      const QString& kind) {
  const QString expected = QStringLiteral("%1.%2.<name>").arg(pluginId, kind);
  if (id.isEmpty())
    return invalid(QStringLiteral("%1 without an id (expected \"%2\")").arg(kind, expected));
  const QString prefix = pluginId + u'.';
  if (!id.startsWith(prefix))
    return invalid(QStringLiteral("%1 id \"%2\" does not belong to plugin \"%3\" (expected \"%4\")")
                       .arg(kind, id, pluginId, expected));
  const QString rest = id.mid(prefix.size());
  if (!rest.startsWith(kind + u'.'))
    return invalid(QStringLiteral("%1 id \"%2\" has the wrong kind word (expected \"%3\")")
                       .arg(kind, id, expected));
  if (!isName(rest.mid(kind.size() + 1)))
    return invalid(
        QStringLiteral("%1 id \"%2\" has an invalid name (expected \"%3\" with letters, digits, "
                       "'-' and '_')")
            .arg(kind, id, expected));
  return fv::dicom::Status::success();
}

}  // namespace fv::viewer
