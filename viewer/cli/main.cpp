// fluoroview-cli: the headless face of FluoroView (same libraries as the viewer).
#include <dlfcn.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <iostream>

#include "Commands.h"
#include "fv/dicom/HeapPolicy.h"

namespace {
void usage() {
  std::cerr
      << "usage: fluoroview-cli COMMAND [OPTIONS]\n"
         "  info   [--json] PATH...                       index files, folders, DICOMDIRs\n"
         "  render PATH --out FILE.png [--series UID] [--frame N] [--window C/W]\n"
         "  decode [--json] [--frame N] [--series UID] PATH...  decode all frames, checksums\n"
         "  confirm SOURCE --frame N --tip ROW,COL [--target ROW,COL] [--entry ROW,COL]\n"
         "          [--label TEXT] [--window C/W] [--operator PN] --out DIR [--json]\n"
         "                                   needle confirmation: SC, GSPS, SR, PDF, KOS, record\n"
         "  retract KO.dcm --reason TEXT [--operator PN] [--json]  reject a saved confirmation\n"
         "  pacs   echo|find|get|store NODE ...              PACS over DIMSE or DICOMweb\n"
         "  export-teaching PATH... --out DIR [--case case.json] [--options ...] [--redact "
         "X,Y,W,H]...\n"
         "          [--dicom-only] [--json]        de-identified teaching-file bundle (PS3.15)\n"
         "exit codes: 0 ok, 1 usage, 2 some input could not be read or output not written\n"
         "see docs/cli.md\n";
}
// `pacs` from libfv_cli_pacs.so (see CMakeLists.txt): beside the build's targets or installed.
int runPacsModule(int argc, char** argv) {
  std::string reasons;
  for (const char* path : {FV_CLI_PACS_BUILD, FV_CLI_PACS_INSTALLED}) {
    if (::access(path, R_OK) != 0) continue;
    void* handle = ::dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char* e = ::dlerror();
      reasons += std::string(path) + ": " + (e ? e : "cannot load") + "; ";
      continue;
    }
    using Entry = int (*)(int, char**);
    if (auto entry = reinterpret_cast<Entry>(::dlsym(handle, "fv_cli_pacs")))
      return entry(argc, argv);
    reasons += std::string(path) + ": no fv_cli_pacs; ";
  }
  std::cerr << "error: the pacs command needs " << FV_CLI_PACS_INSTALLED
            << ", which is not installed" << (reasons.empty() ? "" : ": " + reasons) << "\n";
  return fv::cli::kInputError;
}

}  // namespace

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f) must be a write error with a message, not a SIGXFSZ kill.
  std::signal(SIGXFSZ, SIG_IGN);
  fv::dicom::applyHeapPolicy();  // fixed glibc thresholds, as in the viewer
  if (argc < 2) {
    usage();
    return fv::cli::kUsage;
  }
  const char* cmd = argv[1];
  if (!std::strcmp(cmd, "info")) return fv::cli::runInfo(argc, argv);
  if (!std::strcmp(cmd, "render")) return fv::cli::runRender(argc, argv);
  if (!std::strcmp(cmd, "decode")) return fv::cli::runDecode(argc, argv);
  if (!std::strcmp(cmd, "confirm")) return fv::cli::runConfirm(argc, argv);
  if (!std::strcmp(cmd, "retract")) return fv::cli::runRetract(argc, argv);
  if (!std::strcmp(cmd, "pacs")) return runPacsModule(argc, argv);
  if (!std::strcmp(cmd, "export-teaching")) return fv::cli::runTeachingExport(argc, argv);
  if (!std::strcmp(cmd, "--help") || !std::strcmp(cmd, "-h") || !std::strcmp(cmd, "help")) {
    usage();
    return fv::cli::kOk;
  }
  std::cerr << "error: unknown command '" << cmd << "'\n";
  usage();
  return fv::cli::kUsage;
}
