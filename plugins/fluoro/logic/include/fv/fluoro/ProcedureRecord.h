// The procedure record written with every confirmation: procedure.json (for programs) and
// procedure.html (for people) — frames, times, annotations, measurements with their
// calibration source, and whatever the header has of fluoroscopy time, kVp, mA and dose.
#pragma once

#include <string>

#include "fv/fluoro/Confirmation.h"

namespace fv::fluoro {

/// The current time as the records write it: ISO 8601, UTC, to the second ("2026-12-07T10:15:00Z").
std::string utcNow();

/// procedure.json: see docs/fluoro-plugin.md for the schema. Paths are file names relative to
/// the record's folder.
std::string procedureJson(const ConfirmationRequest& request, const ConfirmationResult& result);

/// procedure.html: a self-contained page (inline CSS) with the same content, showing the
/// Secondary Capture files by name.
std::string procedureHtml(const ConfirmationRequest& request, const ConfirmationResult& result);

}  // namespace fv::fluoro
