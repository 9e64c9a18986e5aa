// The sub-commands of fluoroview-cli (documented in docs/cli.md).
#pragma once

namespace fv::cli {

/// Exit codes: a contract with scripts and tests.
enum ExitCode { kOk = 0, kUsage = 1, kInputError = 2 };

/// `info [--json] PATH...`: the index of everything under PATH.
int runInfo(int argc, char** argv);
/// `render PATH --out FILE.png [--series UID] [--frame N] [--window C/W]`.
int runRender(int argc, char** argv);
/// `decode [--json] [--frame N] [--threads N] PATH...`: full decode with checksums and speed.
int runDecode(int argc, char** argv);
/// `confirm SOURCE --frame N --tip ROW,COL ... --out DIR [--json]`: needle confirmation outputs.
int runConfirm(int argc, char** argv);
/// `retract`: a rejection note (KOS, CID 7011) for a saved confirmation.
int runRetract(int argc, char** argv);
/// `export-teaching PATH... --out DIR ...`: a de-identified teaching-file bundle.
int runTeachingExport(int argc, char** argv);
/// `pacs echo|find|get|store NODE ...`: query, retrieve and send over DIMSE or DICOMweb.
int runPacs(int argc, char** argv);

}  // namespace fv::cli
