// listElements: every element of a file, flattened, for verification of de-identified output.
#include <cstdio>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcvr.h>

#include "DatasetLoader.h"
#include "DcmtkBridge.h"
#include "fv/dicom/Deidentify.h"

namespace fv::dicom {
namespace {

std::string tagString(const DcmTag& t) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "(%04X,%04X)", t.getGTag(), t.getETag());
  return buf;
}

void collect(DcmItem& item, const std::string& prefix, int depth, std::vector<ElementRecord>& out) {
  for (DcmObject* o = item.nextInContainer(nullptr); o; o = item.nextInContainer(o)) {
    auto* e = static_cast<DcmElement*>(o);
    ElementRecord rec;
    rec.path = prefix + tagString(e->getTag());
    rec.tag = (uint32_t(e->getGTag()) << 16) | e->getETag();
    rec.vr = DcmVR(e->ident()).getVRName();
    rec.depth = depth;
    if (e->ident() == EVR_SQ) {
      auto* sq = static_cast<DcmSequenceOfItems*>(e);
      rec.length = uint32_t(sq->card());
      out.push_back(rec);
      for (unsigned long i = 0; i < sq->card(); ++i)
        collect(*sq->getItem(i), rec.path + "[" + std::to_string(i) + "]", depth + 1, out);
      continue;
    }
    rec.length = e->getLength();
    if (e->isaString()) {
      OFString v;
      if (e->getOFStringArray(v).good()) rec.value = v.c_str();
    }
    out.push_back(std::move(rec));
  }
}

}  // namespace

Result<std::vector<ElementRecord>> listElements(const std::string& path) {
  return bridge::guarded<Result<std::vector<ElementRecord>>>(
      "cannot list elements", path, [&]() -> Result<std::vector<ElementRecord>> {
        auto loaded = loadDataset(path);
        if (!loaded) return loaded.error();
        std::vector<ElementRecord> out;
        if (DcmMetaInfo* meta = (*loaded)->getMetaInfo()) collect(*meta, "", 0, out);
        collect(*(*loaded)->getDataset(), "", 0, out);
        return out;
      });
}

}  // namespace fv::dicom
