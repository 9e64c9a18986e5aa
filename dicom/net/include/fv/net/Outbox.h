// The persistent outbox: sends to PACS nodes that survive failures, restarts and kills.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fv/dicom/Result.h"
#include "fv/net/Node.h"
#include "fv/net/PacsClient.h"

namespace fv::net {

/// How far a job has come.
enum class OutboxState { Waiting, Retrying, Done, Failed };

/// One job of the outbox as the Outbox panel shows it.
struct OutboxEntry {
  std::string id;
  std::string nodeName;      ///< Node::name (never credentials)
  long files = 0, sent = 0, failed = 0;
  long attempts = 0;         ///< sends tried so far
  time_t nextAttempt = 0;    ///< when it is tried next (Retrying), seconds since the epoch
  OutboxState state = OutboxState::Waiting;
  std::string lastError;
};

/// Seconds to wait before attempt `attempt` + 1 after `attempt` failed ones: 10 s, 30 s,
/// 1, 2, 5 min, then every 10 min.
long outboxBackoffSeconds(long attempt);

/// A folder of send jobs. Each job keeps its own copies (hard links where possible) of the
/// files, so moving or deleting a source never loses a send, and a state file written
/// atomically after every acknowledged file: a file the PACS acknowledged is never sent again,
/// even when the process is killed right after (docs/outbox.md). Credentials are not stored:
/// `resolve` fills them in by node name before each send.
class Outbox {
 public:
  using ClientFactory = std::function<std::unique_ptr<PacsClient>(const Node&)>;
  using Resolver = std::function<Node(const Node&)>;

  explicit Outbox(std::filesystem::path folder, ClientFactory factory = makeClient,
                  Resolver resolve = {});
  /// Adds a job; the files are linked or copied in before this returns. Returns its id.
  fv::dicom::Result<std::string> enqueue(const Node& node,
                                         const std::vector<std::filesystem::path>& files);
  /// Sends every job that is due at `now`; returns how many files were acknowledged.
  long processDue(time_t now = std::time(nullptr), std::stop_token stop = {});
  /// The jobs, open ones first, then the last finished ones (newest first).
  std::vector<OutboxEntry> snapshot() const;
  /// Makes a job due now.
  fv::dicom::Status retryNow(const std::string& id);
  /// Removes an open job and its copies.
  fv::dicom::Status remove(const std::string& id);
  /// The earliest time an open job is due, or 0 when none is open.
  time_t nextDue() const;
  /// Called (on the sending thread) after each acknowledged file and each finished attempt.
  void setOnChange(std::function<void()> onChange) { m_onChange = std::move(onChange); }

  const std::filesystem::path& folder() const { return m_folder; }

 private:
  long processJob(const std::filesystem::path& dir, time_t now, std::stop_token stop);
  std::filesystem::path m_folder;
  ClientFactory m_factory;
  Resolver m_resolve;
  std::function<void()> m_onChange;
};

/// Runs Outbox::processDue on its own thread whenever a job is due or added; stops with it.
class OutboxWorker {
 public:
  explicit OutboxWorker(Outbox& outbox);
  ~OutboxWorker();
  /// Wakes the worker (a job was added or retried).
  void wake();

 private:
  Outbox& m_outbox;
  std::mutex m_mutex;
  std::condition_variable_any m_cv;
  bool m_woken = false;
  std::jthread m_thread;
};

}  // namespace fv::net
