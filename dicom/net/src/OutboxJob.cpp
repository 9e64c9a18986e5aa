#include "OutboxJob.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "fv/dicom/AtomicFile.h"

namespace fv::net {
using fv::dicom::ErrorCode;
using fv::dicom::makeError;
using nlohmann::json;

namespace {
json nodeJson(const Node& n) {
  return {{"name", n.name}, {"protocol", n.protocol == Protocol::DicomWeb ? "dicomweb" : "dimse"},
          {"calledAet", n.calledAet}, {"host", n.host}, {"port", n.port}, {"tls", n.tls},
          {"callingAet", n.callingAet}, {"baseUrl", n.baseUrl},
          {"auth", n.credentials.kind == AuthKind::Basic ? "basic" : n.credentials.kind == AuthKind::Bearer ? "bearer" : "none"},
          {"user", n.credentials.user}, {"verifyPeer", n.tlsSettings.verifyPeer},
          {"caFile", n.tlsSettings.caFile}, {"certFile", n.tlsSettings.certFile},
          {"keyFile", n.tlsSettings.keyFile}, {"timeoutSeconds", n.timeoutSeconds}};
}

Node nodeFrom(const json& j) {
  Node n;
  n.name = j.value("name", "");
  n.protocol = j.value("protocol", "dimse") == "dicomweb" ? Protocol::DicomWeb : Protocol::Dimse;
  n.calledAet = j.value("calledAet", "");
  n.host = j.value("host", "");
  n.port = j.value("port", static_cast<uint16_t>(104));
  n.tls = j.value("tls", false);
  n.callingAet = j.value("callingAet", "FLUOROVIEW");
  n.baseUrl = j.value("baseUrl", "");
  const std::string auth = j.value("auth", "none");
  n.credentials.kind = auth == "basic" ? AuthKind::Basic : auth == "bearer" ? AuthKind::Bearer : AuthKind::None;
  n.credentials.user = j.value("user", "");
  n.tlsSettings.verifyPeer = j.value("verifyPeer", true);
  n.tlsSettings.caFile = j.value("caFile", "");
  n.tlsSettings.certFile = j.value("certFile", "");
  n.tlsSettings.keyFile = j.value("keyFile", "");
  n.timeoutSeconds = j.value("timeoutSeconds", 30);
  return n;
}
}  // namespace

fv::dicom::Result<OutboxJob> readJob(const std::filesystem::path& dir) {
  const auto path = dir / "state.json";
  std::ifstream in(path);
  if (!in) return makeError(ErrorCode::NotFound, "outbox job has no state", path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return makeError(ErrorCode::Malformed, "outbox job state is not JSON", path.string());
  try {
    OutboxJob job;
    job.id = j.value("id", dir.filename().string());
    job.node = nodeFrom(j.at("node"));
    job.created = j.value("created", static_cast<time_t>(0));
    job.attempts = j.value("attempts", 0L);
    job.nextAttempt = j.value("nextAttempt", static_cast<time_t>(0));
    job.lastError = j.value("lastError", "");
    for (const auto& f : j.at("files")) {
      OutboxFile o;
      o.name = f.value("name", "");
      o.source = f.value("source", "");
      o.state = f.value("state", "pending");
      o.attempts = f.value("attempts", 0L);
      o.error = f.value("error", "");
      job.files.push_back(std::move(o));
    }
    return job;
  } catch (const std::exception& e) {
    return makeError(ErrorCode::Malformed, "outbox job state is incomplete", path.string(), e.what());
  }
}

fv::dicom::Status writeJob(const std::filesystem::path& dir, const OutboxJob& job) {
  json files = json::array();
  for (const auto& f : job.files)
    files.push_back({{"name", f.name}, {"source", f.source}, {"state", f.state},
                     {"attempts", f.attempts}, {"error", f.error}});
  const json j = {{"id", job.id}, {"node", nodeJson(job.node)}, {"created", job.created},
                  {"attempts", job.attempts}, {"nextAttempt", job.nextAttempt},
                  {"lastError", job.lastError}, {"files", files}};
  const std::string text = j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  return fv::dicom::writeFileAtomically((dir / "state.json").string(), text.data(), text.size(),
                                        fv::dicom::Overwrite::Replace);
}

}  // namespace fv::net
