// Shared pieces of the PACS tests: a real Orthanc loaded with a fake patient's XA and MR.
#pragma once

#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "OrthancServer.h"
#include "fv/net/Node.h"
#include "fv/net/PacsClient.h"

namespace fv::test {

/// The generated XA cine (512x512, 20 frames) and MR series (12 slices) of the fake patient.
std::string pacsXa();
std::string pacsMr();

/// The checksum `fluoroview-cli decode --json` gives for the decoded pixels of `path`
/// (summed over its series; only frame `frame`, 1-based, when given), or -1 when it cannot be decoded.
long long decodedChecksum(const std::string& path, int frame = 0);

/// All regular files under `dir` (recursively), and those of them with temporary names.
std::vector<std::filesystem::path> filesUnder(const std::string& dir);
std::vector<std::filesystem::path> temporariesUnder(const std::string& dir);

/// The Study / SOP Instance UID of the first instance our index finds under `path`.
std::string studyUidOf(const std::string& path);
std::string sopUidOf(const std::string& path);

/// Every match of `q` (a failed query is a test failure).
std::vector<fv::net::QueryResult> findAll(fv::net::PacsClient& client, const fv::net::Query& q);
/// Seconds since `t`.
double secondsSince(std::chrono::steady_clock::time_point t);
/// A DICOMweb node at `url` with `timeoutSeconds`.
fv::net::Node webNode(const std::string& url, int timeoutSeconds = 30);

/// The node of a running server (DIMSE), our AE title FLUOROVIEW.
fv::net::Node dimseNode(const OrthancServer& server, int timeoutSeconds = 30);

/// Starts `server` (skipping the test when Orthanc is absent) and uploads `files`.
#define FV_START_ORTHANC(server, options, files)                                         \
  do {                                                                                   \
    if (!fv::test::OrthancServer::available()) GTEST_SKIP() << "Orthanc is not installed"; \
    const std::string why_ = (server).start(options);                                    \
    ASSERT_TRUE(why_.empty()) << why_;                                                   \
    for (const auto& f_ : (files)) ASSERT_EQ((server).upload(f_), "");                    \
  } while (0)

}  // namespace fv::test
