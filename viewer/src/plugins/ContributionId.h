// Contribution and plugin ids: "pluginId.kind.name" (as OHIF extensions name what they provide).
#pragma once

#include <QString>

#include "fv/dicom/Result.h"

namespace fv::viewer {

/// True for a usable plugin id: letters, digits, '-' and '_' (no dots: it prefixes every id).
bool isValidPluginId(const QString& pluginId);

/// Checks that `id` is "<pluginId>.<kind>.<name>" with a name of letters, digits, '-' and '_';
/// the error says what is wrong (foreign plugin, wrong kind word, bad name).
fv::dicom::Status checkContributionId(const QString& id, const QString& pluginId,
                                      const QString& kind);

/// True when `id` is "<any plugin id>.<kind>.<name>" (a reference to another contribution).
bool isContributionIdOfKind(const QString& id, const QString& kind);

}  // namespace fv::viewer
