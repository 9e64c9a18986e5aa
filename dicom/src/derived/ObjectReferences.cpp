#include "derived/ObjectReferences.h"

#include <algorithm>

#include <dcmtk/dcmdata/dcdeftag.h>

#include "DcmtkBridge.h"
#include "fv/dicom/DerivedObjects.h"

namespace fv::dicom {

using bridge::TagReader;

namespace {

// One Image SOP Instance Reference (PS3.3 10.3): each Referenced Frame Number, or 0 for all.
void addImage(DcmItem* item, std::vector<FrameReference>& out) {
  if (!item) return;
  TagReader r(item);
  const std::string uid = r.str(DCM_ReferencedSOPInstanceUID);
  if (uid.empty()) return;
  std::vector<uint32_t> frames;
  for (double f : r.reals(DCM_ReferencedFrameNumber))
    if (f >= 1 && f <= 4294967295.0) frames.push_back(uint32_t(f));
  if (frames.empty()) frames.push_back(0);
  for (uint32_t f : frames) {
    FrameReference ref{uid, f};
    if (std::find(out.begin(), out.end(), ref) == out.end()) out.push_back(std::move(ref));
  }
}

// IMAGE content items anywhere in an SR content tree (KOS content is flat; nesting tolerated,
// depth-limited against hostile files).
void addContentImages(DcmItem* item, std::vector<FrameReference>& out, int depth) {
  if (!item || depth > 32) return;
  TagReader r(item);
  for (unsigned long i = 0, n = r.items(DCM_ContentSequence); i < n; ++i) {
    DcmItem* content = r.item(DCM_ContentSequence, i);
    if (TagReader(content).str(DCM_ValueType) == "IMAGE")
      addImage(TagReader(content).item(DCM_ReferencedSOPSequence), out);
    addContentImages(content, out, depth + 1);
  }
}

}  // namespace

bool isPresentationState(const std::string& sopClassUid) {
  return sopClassUid.rfind("1.2.840.10008.5.1.4.1.1.11.", 0) == 0;
}

std::vector<FrameReference> readObjectReferences(DcmItem& dataset, const std::string& sopClassUid) {
  std::vector<FrameReference> out;
  TagReader r(&dataset);
  if (isPresentationState(sopClassUid)) {
    for (unsigned long s = 0, ns = r.items(DCM_ReferencedSeriesSequence); s < ns; ++s) {
      TagReader series(r.item(DCM_ReferencedSeriesSequence, s));
      for (unsigned long i = 0, ni = series.items(DCM_ReferencedImageSequence); i < ni; ++i)
        addImage(series.item(DCM_ReferencedImageSequence, i), out);
    }
  } else if (sopClassUid == kKeyObjectSelectionUid) {
    addContentImages(&dataset, out, 0);
  }
  return out;
}

}  // namespace fv::dicom
