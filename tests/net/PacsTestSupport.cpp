#include "PacsTestSupport.h"

#include <regex>

#include "TestData.h"
#include "fv/dicom/AtomicFile.h"
#include "fv/dicom/Indexer.h"

namespace fv::test {
namespace fs = std::filesystem;

std::string pacsXa() { return generated("pacs_xa.dcm", "xa --frames 20"); }
std::string pacsMr() { return generated("pacs_mr", "mr --slices 12"); }

long long decodedChecksum(const std::string& path, int frame) {
  std::string out;
  const std::string only = frame > 0 ? " --frame " + std::to_string(frame) : "";
  if (run(q(FV_CLI) + " decode --json" + only + " " + q(path) + " 2>/dev/null", &out) != 0) return -1;
  static const std::regex re("\"checksum\"\\s*:\\s*(-?\\d+)");
  long long sum = 0;
  bool any = false;
  for (std::sregex_iterator it(out.begin(), out.end(), re), end; it != end; ++it) {
    sum += std::stoll((*it)[1]);
    any = true;
  }
  return any ? sum : -1;
}

std::vector<fs::path> filesUnder(const std::string& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file()) out.push_back(it->path());
  return out;
}

std::vector<fs::path> temporariesUnder(const std::string& dir) {
  std::vector<fs::path> out;
  for (const auto& p : filesUnder(dir))
    if (fv::dicom::isAtomicTemporaryName(p.filename().string())) out.push_back(p);
  return out;
}

std::string studyUidOf(const std::string& path) {
  auto index = fv::dicom::indexPaths({path});
  for (const auto& p : index.patients)
    for (const auto& st : p.studies) return st.key.instanceUid;
  return {};
}

std::string sopUidOf(const std::string& path) {
  auto index = fv::dicom::indexPaths({path});
  for (const auto* s : index.allSeries()) return s->instances.front().sopInstanceUid;
  return {};
}

std::vector<fv::net::QueryResult> findAll(fv::net::PacsClient& client, const fv::net::Query& q) {
  std::vector<fv::net::QueryResult> out;
  auto s = client.find(q, [&](const fv::net::QueryResult& r) { out.push_back(r); });
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().toString());
  return out;
}

double secondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

fv::net::Node webNode(const std::string& url, int timeoutSeconds) {
  auto n = fv::net::parseNode(url);
  EXPECT_TRUE(n.ok());
  fv::net::Node node = n.ok() ? *n : fv::net::Node{};
  node.timeoutSeconds = timeoutSeconds;
  return node;
}

fv::net::Node dimseNode(const OrthancServer& server, int timeoutSeconds) {
  auto n = fv::net::parseNode(server.dicomNode());
  EXPECT_TRUE(n.ok());
  fv::net::Node node = n.ok() ? *n : fv::net::Node{};
  node.timeoutSeconds = timeoutSeconds;
  return node;
}

}  // namespace fv::test
