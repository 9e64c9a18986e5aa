#include <gtest/gtest.h>

#include "fv/net/Node.h"

using fv::net::parseNode;
using fv::net::Protocol;

TEST(NodeParsing, DicomUrlGivesAeHostAndPort) {
  auto n = parseNode("dicom://ORTHANC@127.0.0.1:4242");
  ASSERT_TRUE(n.ok()) << n.error().toString();
  EXPECT_EQ(n->protocol, Protocol::Dimse);
  EXPECT_EQ(n->calledAet, "ORTHANC");
  EXPECT_EQ(n->host, "127.0.0.1");
  EXPECT_EQ(n->port, 4242);
  EXPECT_FALSE(n->tls);
  EXPECT_EQ(n->callingAet, "FLUOROVIEW");
  EXPECT_EQ(n->timeoutSeconds, 30);
  EXPECT_EQ(n->label(), "ORTHANC@127.0.0.1:4242");
}

TEST(NodeParsing, DicomsMeansTlsWithVerificationOn) {
  auto n = parseNode("dicoms://PACS@pacs.example.org:2762");
  ASSERT_TRUE(n.ok());
  EXPECT_TRUE(n->tls);
  EXPECT_TRUE(n->tlsSettings.verifyPeer);
}

TEST(NodeParsing, HttpUrlIsDicomWebWithoutTrailingSlash) {
  auto n = parseNode("http://127.0.0.1:8042/dicom-web/");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->protocol, Protocol::DicomWeb);
  EXPECT_EQ(n->baseUrl, "http://127.0.0.1:8042/dicom-web");
  EXPECT_EQ(n->label(), "http://127.0.0.1:8042/dicom-web");
}

TEST(NodeParsing, MalformedNodesAreRefusedWithTheReason) {
  for (const char* bad : {"ORTHANC@127.0.0.1:4242", "dicom://127.0.0.1:4242", "dicom://A@host",
                          "dicom://A@host:0", "dicom://A@host:70000", "dicom://A@host:12x",
                          "dicom://THIS_AE_TITLE_IS_TOO_LONG@h:1", "ftp://x", "http://"}) {
    auto n = parseNode(bad);
    ASSERT_FALSE(n.ok()) << bad;
    EXPECT_NE(n.error().message.find("is not a PACS node"), std::string::npos) << bad;
  }
}

TEST(NodeParsing, CredentialsInAUrlAreRefusedAndNotEchoed) {
  auto n = parseNode("https://alice:s3cret@pacs.example.org/dicom-web");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().toString().find("s3cret"), std::string::npos);
}
