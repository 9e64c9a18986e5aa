#include "OrthancServer.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace fv::test {
namespace fs = std::filesystem;

namespace {
constexpr const char* kOrthanc = "/usr/sbin/Orthanc";
constexpr const char* kDicomWebPlugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

size_t appendBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

std::string jsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// One HTTP request with curl; returns the status (0 when it failed) and fills body.
long request(const std::string& url, const std::string& user, const std::string& password,
             const std::string* upload, std::string& body) {
  CURL* curl = curl_easy_init();
  if (!curl) return 0;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (!user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, password.c_str());
  }
  curl_slist* headers = nullptr;
  if (upload) {
    headers = curl_slist_append(headers, "Expect:");
    headers = curl_slist_append(headers, "Content-Type: application/dicom");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, upload->data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(upload->size()));
  }
  long status = 0;
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return status;
}
}  // namespace

bool OrthancServer::available() { return access(kOrthanc, X_OK) == 0; }

uint16_t OrthancServer::freePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  uint16_t port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

std::string OrthancServer::start(const OrthancOptions& options) {
  if (!available()) return std::string(kOrthanc) + " is not installed (apt-get install orthanc)";
  m_options = options;
  m_tls = options.dicomTls;
  char tmpl[] = "/tmp/fv-orthanc-XXXXXX";
  if (!mkdtemp(tmpl)) return "cannot create a temporary folder";
  m_dir = tmpl;
  m_dicomPort = options.dicomPort ? options.dicomPort : freePort();
  m_httpPort = freePort();
  while (m_httpPort == m_dicomPort) m_httpPort = freePort();

  std::ostringstream cfg;
  cfg << "{\n\"Name\": \"FluoroView test PACS\",\n"
      << "\"StorageDirectory\": " << jsonString((m_dir / "storage").string()) << ",\n"
      << "\"IndexDirectory\": " << jsonString((m_dir / "index").string()) << ",\n"
      << "\"HttpPort\": " << m_httpPort << ", \"DicomPort\": " << m_dicomPort << ",\n"
      << "\"DicomAet\": \"" << m_aet << "\", \"DicomCheckCalledAet\": false,\n"
      << "\"RemoteAccessAllowed\": false,\n"
      << "\"AuthenticationEnabled\": " << (options.users.empty() ? "false" : "true") << ",\n"
      << "\"DicomAlwaysAllowEcho\": true, \"DicomAlwaysAllowStore\": true,\n"
      << "\"DicomAlwaysAllowFind\": true, \"DicomAlwaysAllowGet\": true,\n"
      << "\"DicomAlwaysAllowMove\": true,\n"
      << "\"DicomScuTimeout\": 10, \"StorageCompression\": false, \"SaveJobs\": false,\n"
      << "\"HttpTimeout\": 60, \"StableAge\": 1, \"LimitFindResults\": 0, \"LimitFindInstances\": 0,\n"
      << "\"AcceptedTransferSyntaxes\": [" << options.acceptedTransferSyntaxes << "],\n"
      << "\"UnknownSopClassAccepted\": true,\n";
  if (!options.users.empty()) {
    cfg << "\"RegisteredUsers\": {";
    bool first = true;
    for (const auto& [u, p] : options.users) {
      cfg << (first ? "" : ", ") << jsonString(u) << ": " << jsonString(p);
      first = false;
    }
    cfg << "},\n";
  }
  if (options.dicomTls) {
    cfg << "\"DicomTlsEnabled\": true,\n"
        << "\"DicomTlsCertificate\": " << jsonString(options.tlsCertificate.string()) << ",\n"
        << "\"DicomTlsPrivateKey\": " << jsonString(options.tlsKey.string()) << ",\n"
        << "\"DicomTlsTrustedCertificates\": " << jsonString(options.tlsTrusted.string()) << ",\n"
        << "\"DicomTlsRemoteCertificateRequired\": false,\n";
  }
  cfg << "\"DicomModalities\": {";
  for (size_t i = 0; i < options.modalities.size(); ++i) {
    const auto& m = options.modalities[i];
    cfg << (i ? ", " : "") << "\"m" << i << "\": {\"AET\": " << jsonString(m.aet)
        << ", \"Host\": \"127.0.0.1\", \"Port\": " << m.port
        << ", \"AllowEcho\": true, \"AllowFind\": true, \"AllowGet\": true, \"AllowMove\": true, "
           "\"AllowStore\": true"
        << (options.dicomTls ? ", \"UseDicomTls\": true" : "") << "}";
  }
  cfg << "},\n";
  cfg << options.extraJson;
  if (options.dicomWeb && access(kDicomWebPlugin, R_OK) == 0)
    cfg << "\"Plugins\": [" << jsonString(kDicomWebPlugin) << "],\n"
        << "\"DicomWeb\": {\"Enable\": true, \"Root\": \"/dicom-web/\", \"EnableWado\": true},\n";
  cfg << "\"ConcurrentJobs\": 2\n}\n";
  const fs::path cfgPath = m_dir / "orthanc.json";
  std::ofstream(cfgPath) << cfg.str();

  const pid_t parent = getpid();
  m_pid = fork();
  if (m_pid < 0) return "fork failed";
  if (m_pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test
    if (getppid() != parent) _exit(127);
    const std::string log = (m_dir / "orthanc.log").string();
    FILE* f = freopen(log.c_str(), "w", stdout);
    (void)f;
    dup2(fileno(stdout), 2);
    execl(kOrthanc, kOrthanc, cfgPath.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
      m_pid = -1;
      std::ifstream in(m_dir / "orthanc.log");
      std::stringstream ss;
      ss << in.rdbuf();
      std::string log = ss.str();
      if (log.size() > 2000) log = log.substr(log.size() - 2000);
      return "Orthanc exited at start: " + log;
    }
    std::string body;
    const std::string user = options.users.empty() ? "" : options.users.begin()->first;
    const std::string pass = options.users.empty() ? "" : options.users.begin()->second;
    if (request(restUrl() + "/system", user, pass, nullptr, body) == 200) return "";
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stop();
  return "Orthanc did not answer within 20 s";
}

void OrthancServer::stop() {
  if (m_pid <= 0) return;
  kill(m_pid, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
      m_pid = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(m_pid, SIGKILL);
  int status = 0;
  waitpid(m_pid, &status, 0);
  m_pid = -1;
}

OrthancServer::~OrthancServer() {
  if (m_pid > 0) {  // the storage is thrown away: no need for a clean shutdown
    kill(m_pid, SIGKILL);
    int status = 0;
    waitpid(m_pid, &status, 0);
  }
  std::error_code ec;
  if (!m_dir.empty() && !std::getenv("FV_KEEP_ORTHANC")) fs::remove_all(m_dir, ec);
}

std::string OrthancServer::dicomNode() const {
  return std::string(m_tls ? "dicoms://" : "dicom://") + m_aet + "@127.0.0.1:" +
         std::to_string(m_dicomPort);
}
std::string OrthancServer::dicomWebUrl() const { return restUrl() + "/dicom-web"; }
std::string OrthancServer::restUrl() const {
  return "http://127.0.0.1:" + std::to_string(m_httpPort);
}

std::string OrthancServer::upload(const fs::path& file) const {
  std::ifstream in(file, std::ios::binary);
  if (!in) return "cannot read " + file.string();
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string body;
  const std::string user = m_options.users.empty() ? "" : m_options.users.begin()->first;
  const std::string pass = m_options.users.empty() ? "" : m_options.users.begin()->second;
  const long status = request(restUrl() + "/instances", user, pass, &data, body);
  if (status != 200) return "upload of " + file.string() + " answered " + std::to_string(status) + ": " + body;
  return "";
}

std::string OrthancServer::get(const std::string& path) const {
  std::string body;
  const std::string user = m_options.users.empty() ? "" : m_options.users.begin()->first;
  const std::string pass = m_options.users.empty() ? "" : m_options.users.begin()->second;
  return request(restUrl() + path, user, pass, nullptr, body) == 200 ? body : std::string();
}

long OrthancServer::instanceCount() const {
  const std::string body = get("/statistics");
  std::smatch m;
  static const std::regex re("\"CountInstances\"\\s*:\\s*(\\d+)");
  return std::regex_search(body, m, re) ? std::stol(m[1]) : -1;
}

}  // namespace fv::test
