#include "fv/net/Outbox.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "OutboxJob.h"
#include "fv/dicom/AtomicFile.h"

namespace fv::net {
namespace fs = std::filesystem;
using fv::dicom::ErrorCode;
using fv::dicom::makeError;
using nlohmann::json;

namespace {
constexpr size_t kHistory = 50;

/// An exclusive flock() on `path` for as long as it lives (another process sending the job).
class FileLock {
 public:
  FileLock(const fs::path& path, bool wait) {
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd >= 0 && ::flock(m_fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
      ::close(m_fd);
      m_fd = -1;
    }
  }
  ~FileLock() {
    if (m_fd >= 0) ::close(m_fd);
  }
  bool held() const { return m_fd >= 0; }

 private:
  int m_fd = -1;
};

std::string newId(time_t now) {
  char stamp[32];
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  static const char* alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device rd;
  std::string id = std::string(stamp) + "-";
  for (int i = 0; i < 6; ++i) id += alphabet[rd() % 36];
  return id;
}

json entryJson(const OutboxEntry& e) {
  return {{"id", e.id}, {"node", e.nodeName}, {"files", e.files}, {"sent", e.sent},
          {"failed", e.failed}, {"attempts", e.attempts},
          {"state", e.state == OutboxState::Done ? "done" : "failed"}, {"lastError", e.lastError}};
}

OutboxEntry entryOf(const OutboxJob& job) {
  OutboxEntry e;
  e.id = job.id;
  e.nodeName = job.node.name.empty() ? job.node.label() : job.node.name;
  e.files = static_cast<long>(job.files.size());
  for (const auto& f : job.files) {
    if (f.state == "sent") ++e.sent;
    if (f.state == "failed") ++e.failed;
  }
  e.attempts = job.attempts;
  e.nextAttempt = job.nextAttempt;
  e.lastError = job.lastError;
  e.state = job.attempts > 0 ? OutboxState::Retrying : OutboxState::Waiting;
  return e;
}

std::vector<OutboxEntry> readHistory(const fs::path& path) {
  std::vector<OutboxEntry> out;
  std::ifstream in(path);
  if (!in) return out;
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    if (!e.is_object()) continue;
    OutboxEntry o;
    o.id = e.value("id", "");
    o.nodeName = e.value("node", "");
    o.files = e.value("files", 0L);
    o.sent = e.value("sent", 0L);
    o.failed = e.value("failed", 0L);
    o.attempts = e.value("attempts", 0L);
    o.state = e.value("state", "done") == "done" ? OutboxState::Done : OutboxState::Failed;
    o.lastError = e.value("lastError", "");
    out.push_back(std::move(o));
  }
  return out;
}
}  // namespace

long outboxBackoffSeconds(long attempt) {
  static const long steps[] = {10, 30, 60, 120, 300};
  if (attempt <= 0) return 0;
  return attempt <= 5 ? steps[attempt - 1] : 600;
}

Outbox::Outbox(fs::path folder, ClientFactory factory, Resolver resolve)
    : m_folder(std::move(folder)), m_factory(std::move(factory)), m_resolve(std::move(resolve)) {
  std::error_code ec;
  fs::create_directories(m_folder / "jobs", ec);
  // A job folder without a state file is an enqueue that was killed half-way: its files were
  // never promised to anybody. Remove it.
  for (fs::directory_iterator it(m_folder / "jobs", ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_directory() && (name.rfind(".tmp-", 0) == 0 || !fs::exists(it->path() / "state.json"))) {
      FileLock lock(m_folder / "lock", true);
      std::error_code rm;
      fs::remove_all(it->path(), rm);
    }
  }
}

fv::dicom::Result<std::string> Outbox::enqueue(const Node& node, const std::vector<fs::path>& files) {
  if (files.empty()) return makeError(ErrorCode::InvalidArgument, "nothing to send");
  OutboxJob job;
  job.created = std::time(nullptr);
  job.id = newId(job.created);
  job.node = node;
  job.node.credentials.secret.clear();  // never on disk: the resolver supplies it
  const fs::path tmp = m_folder / "jobs" / (".tmp-" + job.id);
  std::error_code ec;
  fs::create_directories(tmp / "files", ec);
  if (ec) return makeError(ErrorCode::Io, "cannot create the outbox job: " + ec.message(), tmp.string());
  int n = 0;
  for (const auto& f : files) {
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "%04d-", n++);
    const std::string name = prefix + f.filename().string();
    const fs::path copy = tmp / "files" / name;
    if (::link(f.c_str(), copy.c_str()) != 0) {  // a hard link costs nothing; else a copy
      fs::copy_file(f, copy, ec);
      if (ec) {
        fs::remove_all(tmp, ec);
        return makeError(ErrorCode::Io, "cannot copy the file into the outbox: " + ec.message(), f.string());
      }
    }
    job.files.push_back(OutboxFile{name, f.string()});
  }
  if (auto s = writeJob(tmp, job); !s) {
    fs::remove_all(tmp, ec);
    return s.error();
  }
  fs::rename(tmp, m_folder / "jobs" / job.id, ec);
  if (ec) {
    fs::remove_all(tmp, ec);
    return makeError(ErrorCode::Io, "cannot add the outbox job: " + ec.message(), m_folder.string());
  }
  if (m_onChange) m_onChange();
  return job.id;
}

long Outbox::processDue(time_t now, std::stop_token stop) {
  long sent = 0;
  std::error_code ec;
  std::vector<fs::path> dirs;
  for (fs::directory_iterator it(m_folder / "jobs", ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory() && it->path().filename().string()[0] != '.') dirs.push_back(it->path());
  std::sort(dirs.begin(), dirs.end());  // oldest first (ids start with the time)
  for (const auto& d : dirs) {
    if (stop.stop_requested()) break;
    sent += processJob(d, now, stop);
  }
  return sent;
}

long Outbox::processJob(const fs::path& dir, time_t now, std::stop_token stop) {
  FileLock lock(dir / "lock", false);
  if (!lock.held()) return 0;  // another process is sending it
  auto loaded = readJob(dir);
  if (!loaded) return 0;
  OutboxJob job = std::move(*loaded);
  if (job.nextAttempt > now) return 0;
  std::vector<fs::path> paths;
  std::vector<size_t> index;
  for (size_t i = 0; i < job.files.size(); ++i) {
    if (job.files[i].state != "pending") continue;
    ++job.files[i].attempts;
    paths.push_back(dir / "files" / job.files[i].name);
    index.push_back(i);
  }
  long acknowledged = 0;
  if (!paths.empty()) {
    (void)writeJob(dir, job);  // the attempt counts even if we are killed during it
    const Node node = m_resolve ? m_resolve(job.node) : job.node;
    auto client = m_factory(node);
    TransferObserver obs;
    obs.onFile = [&](const ReceivedFile& f) {
      for (size_t k = 0; k < paths.size(); ++k)
        if (paths[k] == f.path) {
          job.files[index[k]].state = "sent";
          job.files[index[k]].error.clear();
        }
      ++acknowledged;
      (void)writeJob(dir, job);  // before the next file: an acknowledged file is never re-sent
      if (m_onChange) m_onChange();
    };
    auto report = client->store(paths, obs, stop);
    if (!report) {
      job.lastError = report.error().message;
    } else {
      job.lastError.clear();
      for (const auto& f : report->failed)
        for (size_t k = 0; k < paths.size(); ++k)
          if (paths[k].string() == f.path) {
            job.files[index[k]].error = f.message;
            if (f.permanent) job.files[index[k]].state = "failed";
            else job.lastError = f.message;
          }
    }
  }
  const bool open = std::any_of(job.files.begin(), job.files.end(),
                                [](const OutboxFile& f) { return f.state == "pending"; });
  if (open) {
    ++job.attempts;
    job.nextAttempt = now + outboxBackoffSeconds(job.attempts);
    (void)writeJob(dir, job);
  } else {
    OutboxEntry e = entryOf(job);
    ++e.attempts;
    e.state = e.failed ? OutboxState::Failed : OutboxState::Done;
    if (e.failed && e.lastError.empty())
      for (const auto& f : job.files)
        if (f.state == "failed") e.lastError = f.error;
    FileLock historyLock(m_folder / "lock", true);
    auto history = readHistory(m_folder / "history.json");
    history.insert(history.begin(), e);
    if (history.size() > kHistory) history.resize(kHistory);
    json j = json::array();
    for (const auto& h : history) j.push_back(entryJson(h));
    const std::string text = j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    if (fv::dicom::writeFileAtomically((m_folder / "history.json").string(), text.data(), text.size(),
                                       fv::dicom::Overwrite::Replace)) {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  }
  if (m_onChange) m_onChange();
  return acknowledged;
}

std::vector<OutboxEntry> Outbox::snapshot() const {
  std::vector<OutboxEntry> out;
  std::error_code ec;
  std::vector<fs::path> dirs;
  for (fs::directory_iterator it(m_folder / "jobs", ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory() && it->path().filename().string()[0] != '.') dirs.push_back(it->path());
  std::sort(dirs.begin(), dirs.end());
  for (const auto& d : dirs)
    if (auto job = readJob(d)) out.push_back(entryOf(*job));
  for (auto& h : readHistory(m_folder / "history.json")) out.push_back(std::move(h));
  return out;
}

fv::dicom::Status Outbox::retryNow(const std::string& id) {
  const fs::path dir = m_folder / "jobs" / id;
  FileLock lock(dir / "lock", true);
  auto job = readJob(dir);
  if (!job) return job.error();
  job->nextAttempt = 0;
  return writeJob(dir, *job);
}

fv::dicom::Status Outbox::remove(const std::string& id) {
  const fs::path dir = m_folder / "jobs" / id;
  if (id.empty() || id.find('/') != std::string::npos || id[0] == '.' || !fs::exists(dir / "state.json"))
    return makeError(ErrorCode::NotFound, "no such outbox job", id);
  FileLock lock(dir / "lock", true);
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec) return makeError(ErrorCode::Io, "cannot remove the outbox job: " + ec.message(), dir.string());
  return {};
}

time_t Outbox::nextDue() const {
  time_t due = 0;
  for (const auto& e : snapshot())
    if (e.state == OutboxState::Waiting || e.state == OutboxState::Retrying)
      due = due == 0 ? e.nextAttempt : std::min(due, e.nextAttempt);
  return due;
}

OutboxWorker::OutboxWorker(Outbox& outbox) : m_outbox(outbox) {
  m_thread = std::jthread([this](std::stop_token stop) {
    while (!stop.stop_requested()) {
      m_outbox.processDue(std::time(nullptr), stop);
      const time_t due = m_outbox.nextDue();
      const time_t now = std::time(nullptr);
      const long wait = due == 0 ? 60 : std::clamp<long>(static_cast<long>(due - now), 1, 60);
      std::unique_lock lock(m_mutex);
      m_cv.wait_for(lock, stop, std::chrono::seconds(wait), [this] { return m_woken; });
      m_woken = false;
    }
  });
}

OutboxWorker::~OutboxWorker() {
  m_thread.request_stop();
  m_cv.notify_all();
}

void OutboxWorker::wake() {
  {
    std::lock_guard lock(m_mutex);
    m_woken = true;
  }
  m_cv.notify_all();
}

}  // namespace fv::net
