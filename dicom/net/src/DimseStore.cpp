#include "DimseStore.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>

#include "DcmtkBridge.h"
#include "DimseAssociation.h"
#include "NetError.h"

namespace fv::net {
namespace fs = std::filesystem;
using fv::dicom::ErrorCode;

namespace {
struct Outgoing {
  fs::path path;
  std::string sopClass, sopInstance, transferSyntax;
  uint64_t bytes = 0;
};

// The SOP class, instance and transfer syntax from the file meta information (PS3.10 7.1).
fv::dicom::Result<Outgoing> describe(const fs::path& path) {
  Outgoing o;
  o.path = path;
  DcmFileFormat ff;
  const OFCondition c = ff.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, 256, ERM_metaOnly);
  if (c.bad()) return fv::dicom::bridge::toError(c, "cannot read the file to send", path.string());
  OFString v;
  DcmMetaInfo* meta = ff.getMetaInfo();
  if (meta->findAndGetOFString(DCM_MediaStorageSOPClassUID, v).good()) o.sopClass = v.c_str();
  if (meta->findAndGetOFString(DCM_MediaStorageSOPInstanceUID, v).good()) o.sopInstance = v.c_str();
  if (meta->findAndGetOFString(DCM_TransferSyntaxUID, v).good()) o.transferSyntax = v.c_str();
  if (o.sopClass.empty() || o.sopInstance.empty() || o.transferSyntax.empty())
    return fv::dicom::makeError(ErrorCode::Malformed,
                                "not a DICOM file with meta information (PS3.10): cannot be sent",
                                path.string());
  std::error_code ec;
  o.bytes = fs::file_size(path, ec);
  return o;
}

// DCMTK's decoders, for sending a compressed file over an uncompressed context.
void registerDecoders() {
  static std::once_flag once;
  std::call_once(once, [] {
    DcmRLEDecoderRegistration::registerCodecs();
    DJDecoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();
  });
}

bool storeSucceeded(Uint16 status) {
  // Success, and the warnings of PS3.4 B.2.3 (coercion, elements discarded, no match).
  return status == STATUS_Success || (status & 0xF000) == 0xB000;
}

std::string hex(Uint16 s) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", s);
  return buf;
}

class StoreAssociation final : public DimseAssociation {
 public:
  using DimseAssociation::DimseAssociation;
};
}  // namespace

fv::dicom::Result<TransferReport> dimseStore(const Node& node, const std::vector<fs::path>& files,
                                             const TransferObserver& observer, std::stop_token stop) {
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  registerDecoders();
  TransferReport report;
  std::vector<Outgoing> out;
  for (const auto& f : files) {
    auto d = describe(f);
    if (!d) {
      report.failed.push_back({f.string(), "", d.error().toString(), true});
      continue;
    }
    out.push_back(std::move(*d));
  }
  // Batches of at most 60 SOP classes: two presentation contexts each stay within 128.
  size_t next = 0;
  while (next < out.size()) {
    std::set<std::string> classes;
    size_t end = next;
    while (end < out.size() && (classes.count(out[end].sopClass) || classes.size() < 60))
      classes.insert(out[end++].sopClass);
    std::map<std::string, std::set<std::string>> syntaxes;
    for (size_t i = next; i < end; ++i) syntaxes[out[i].sopClass].insert(out[i].transferSyntax);
    std::vector<ProposedContext> contexts;
    for (const auto& [cls, ts] : syntaxes) {
      contexts.push_back({cls, std::vector<std::string>(ts.begin(), ts.end())});
      contexts.push_back({cls, uncompressedTransferSyntaxes()});  // the fallback
    }
    StoreAssociation a(node);
    a.setDatasetConversionMode(OFTrue);  // compressed file over an uncompressed context
    if (auto s = a.open(contexts, "C-STORE"); !s) {
      if (report.files == 0 && report.failed.empty()) return s.error();
      for (size_t i = next; i < out.size(); ++i)
        report.failed.push_back({out[i].path.string(), out[i].sopInstance, s.error().message});
      break;
    }
    for (size_t i = next; i < end; ++i) {
      const Outgoing& o = out[i];
      if (stop.stop_requested()) {
        a.close();
        report.seconds = elapsed();
        return nodeError(ErrorCode::Cancelled, node, "C-STORE cancelled");
      }
      T_ASC_PresentationContextID pc = a.findPresentationContextID(o.sopClass.c_str(), o.transferSyntax.c_str());
      if (pc == 0) pc = a.findPresentationContextID(o.sopClass.c_str(), UID_LittleEndianExplicitTransferSyntax);
      if (pc == 0) pc = a.findPresentationContextID(o.sopClass.c_str(), UID_LittleEndianImplicitTransferSyntax);
      if (pc == 0) {
        report.failed.push_back({o.path.string(), o.sopInstance,
                                 node.label() + ": the PACS accepts no storage of SOP class " + o.sopClass,
                                 true});
        continue;
      }
      Uint16 status = 0;
      const OFCondition c = a.sendSTORERequest(pc, o.path.c_str(), nullptr, status);
      if (c.bad()) {
        const auto e = networkError(c, node, "C-STORE of " + o.path.filename().string());
        report.failed.push_back({o.path.string(), o.sopInstance, e.message});
        if (!a.isConnected()) {  // the association is gone: the rest cannot be sent now
          for (size_t k = i + 1; k < out.size(); ++k)
            report.failed.push_back({out[k].path.string(), out[k].sopInstance, e.message});
          report.seconds = elapsed();
          return report;
        }
        continue;
      }
      if (!storeSucceeded(status)) {
        report.failed.push_back({o.path.string(), o.sopInstance,
                                 node.label() + ": the PACS refused " + o.path.filename().string() +
                                     " (C-STORE status " + hex(status) + ")",
                                 true});
        continue;
      }
      ++report.files;
      report.bytes += o.bytes;
      if (observer.onFile) observer.onFile(ReceivedFile{o.path, "", "", o.sopInstance, o.bytes});
      if (observer.onProgress)
        observer.onProgress(Progress{report.files, report.bytes, elapsed(), static_cast<long>(out.size())});
    }
    a.close();
    next = end;
  }
  report.seconds = elapsed();
  return report;
}

}  // namespace fv::net
