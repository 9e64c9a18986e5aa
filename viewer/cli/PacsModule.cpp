// The entry point of libfv_cli_pacs.so: `fluoroview-cli pacs ...`, found by main.cpp with dlsym.
#include "Commands.h"

extern "C" __attribute__((visibility("default"))) int fv_cli_pacs(int argc, char** argv) {
  return fv::cli::runPacs(argc, argv);
}
