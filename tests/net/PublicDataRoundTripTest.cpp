// Data we did not make, through a real Orthanc and back: public files from other projects (pydicom,
// dbdicom, NEMA, GDCM; bundled in testdata/public and, when present, ../shared/dicom-samples), in
// every transfer syntax they come in, each stored (C-STORE / STOW-RS) and retrieved (C-GET /
// WADO-RS) on its own. What comes back must be the same dataset as DCMTK's dcmdump prints it and
// decode to the same pixels as the file that went in.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

#include "PacsTestSupport.h"
#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/net/PacsClient.h"

namespace fs = std::filesystem;
using namespace fv::net;
using fv::test::OrthancOptions;
using fv::test::OrthancServer;

namespace {

// The public image files (each has pixel data and a valid meta header; damaged ones are
// MalformedInputTest's): the bundled ones, and the shared samples when present.
std::vector<fs::path> publicFiles() {
  std::vector<fs::path> files;
  const fs::path bundled = fv::test::testdata("public/pydicom");
  for (const char* name :
       {"CT_small.dcm", "MR_small.dcm", "MR_small_bigendian.dcm", "MR_small_implicit.dcm",
        "MR_small_RLE.dcm", "MR_small_jpeg_ls_lossless.dcm", "MR_small_jp2klossless.dcm",
        "JPEG2000.dcm", "693_J2KI.dcm", "GDCMJ2K_TextGBR.dcm", "JPGExtended.dcm",
        "SC_rgb_jpeg_dcmtk.dcm", "SC_rgb_rle_16bit_2frame.dcm", "SC_ybr_full_422_uncompressed.dcm",
        "image_dfl.dcm"})
    files.push_back(bundled / name);
  files.push_back(fv::test::testdata("public/dbdicom/RF_dbdicom_0015_GE_shutters.dcm"));
  const std::string shared = fv::test::sharedSamples();
  if (!shared.empty())
    for (const char* dir : {"xa", "mr-enhanced", "mr-cine"})
      for (const auto& e : fs::directory_iterator(fs::path(shared) / dir))
        if (e.path().extension() == ".dcm") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

// dcmdump's view of the dataset (the peer's reading; long values shortened, the pixels are compared
// decoded): meta group left out (each writer makes its own), comments (lengths), item
// delimiters and explicit/undefined length left out (a sender may re-encode sequence lengths).
std::string dumpOf(const fs::path& file) {
  std::string out;
  fv::test::run("dcmdump -q +U8 " + fv::test::q(file.string()) + " 2>&1", &out);
  std::istringstream in(out);
  std::string line, kept;
  while (std::getline(in, line)) {
    const auto first = line.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    const std::string body = line.substr(first);
    if (body.rfind("(0002,", 0) == 0 || body.rfind("(fffe,e00d)", 0) == 0 ||
        body.rfind("(fffe,e0dd)", 0) == 0 || body.rfind("(fffc,fffc)", 0) == 0 || body[0] == '#')
      continue;  // (FFFC,FFFC) Data Set Trailing Padding has no meaning (PS3.10 7.2)
    static const std::regex groupLength("^\\([0-9a-f]{4},0000\\)");
    if (std::regex_search(body, groupLength))
      continue;  // retired, recomputed by writers (PS3.5 7.2)
    static const std::regex length(" with (explicit|undefined) length"), trailing(" +$");
    kept += std::regex_replace(std::regex_replace(line.substr(0, line.find('#')), length, ""),
                               trailing, "") +
            "\n";
  }
  return kept;
}

// "" when equal, else the first line where `a` and `b` differ (both, shortened).
std::string firstDifference(const std::string& a, const std::string& b) {
  std::istringstream ia(a), ib(b);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool ga = bool(std::getline(ia, la)), gb = bool(std::getline(ib, lb));
    if (!ga && !gb) return "";
    if (!ga || !gb || la != lb)
      return "line " + std::to_string(line) + ": back [" + la.substr(0, 160) + "] sent [" +
             lb.substr(0, 160) + "]";
  }
}

// The file under `dir` whose SOP Instance UID is `sop` ("" when none).
fs::path findInstance(const std::string& dir, const std::string& sop) {
  for (const auto& f : fv::test::filesUnder(dir))
    if (fv::test::sopUidOf(f.string()) == sop) return f;
  return {};
}

// Stores each file alone, retrieves its instance alone and compares; returns the files checked.
int roundTrip(PacsClient& client, const std::string& label) {
  int checked = 0;
  for (const fs::path& file : publicFiles()) {
    SCOPED_TRACE(label + " " + file.filename().string());
    auto sent = client.store({file});
    if (!sent.ok() || !sent->failed.empty()) {
      ADD_FAILURE() << "store: "
                    << (sent.ok() ? sent->failed.front().message : sent.error().toString());
      continue;
    }
    RetrieveRequest r;
    r.studyUid = fv::test::studyUidOf(file.string());
    r.cacheDir = fv::test::tempDir("public-roundtrip");
    auto got = client.retrieve(r);
    if (!got.ok()) {
      ADD_FAILURE() << "retrieve: " << got.error().toString();
      continue;
    }
    const fs::path back = findInstance(r.cacheDir.string(), fv::test::sopUidOf(file.string()));
    if (back.empty()) {
      ADD_FAILURE() << "the instance did not come back";
      continue;
    }
    EXPECT_EQ(firstDifference(dumpOf(back), dumpOf(file)), "");
    const long long before = fv::test::decodedChecksum(file.string());
    EXPECT_NE(before, -1) << "the public file itself does not decode";
    EXPECT_EQ(fv::test::decodedChecksum(back.string()), before);
    EXPECT_TRUE(fv::test::temporariesUnder(r.cacheDir.string()).empty());
    ++checked;
  }
  return checked;
}

// Several of these files share a SOP Instance UID (one image in several transfer syntaxes): the
// PACS keeps the last one stored.
OrthancOptions overwriting() {
  OrthancOptions o;
  o.extraJson = "\"OverwriteInstances\": true, ";
  return o;
}

}  // namespace

TEST(PublicDataRoundTrip, DimseStoreAndGetGiveBackTheSameDatasetAndPixels) {
  OrthancServer server;
  OrthancOptions o = overwriting();
  o.dicomWeb = false;
  FV_START_ORTHANC(server, o, std::vector<std::string>{});
  auto client = makeClient(fv::test::dimseNode(server));
  EXPECT_GE(roundTrip(*client, "DIMSE"), 16);
}

TEST(PublicDataRoundTrip, StowAndWadoGiveBackTheSameDatasetAndPixels) {
  OrthancServer server;
  FV_START_ORTHANC(server, overwriting(), std::vector<std::string>{});
  auto client = makeClient(fv::test::webNode(server.dicomWebUrl()));
  EXPECT_GE(roundTrip(*client, "DICOMweb"), 16);
}
