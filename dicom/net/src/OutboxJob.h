// The state file of one outbox job (state.json), read and written atomically. Private to fv_net.
#pragma once

#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "fv/dicom/Result.h"
#include "fv/net/Node.h"

namespace fv::net {

/// One file of a job.
struct OutboxFile {
  std::string name;         ///< the copy inside the job's files/ folder
  std::string source;       ///< where it came from (for the panel)
  std::string state = "pending";  ///< pending, sent, failed
  long attempts = 0;        ///< times it was handed to a send
  std::string error;
};

/// A job: the node (without its secret), the files, the retry schedule.
struct OutboxJob {
  std::string id;
  Node node;
  time_t created = 0;
  long attempts = 0;
  time_t nextAttempt = 0;
  std::string lastError;
  std::vector<OutboxFile> files;
};

/// Reads dir/state.json.
fv::dicom::Result<OutboxJob> readJob(const std::filesystem::path& dir);
/// Writes dir/state.json atomically (temp, fsync, rename). The node's secret is never written.
fv::dicom::Status writeJob(const std::filesystem::path& dir, const OutboxJob& job);

}  // namespace fv::net
