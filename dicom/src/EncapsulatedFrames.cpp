#include "EncapsulatedFrames.h"

#include <algorithm>
#include <string>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcistrmf.h>
#include <dcmtk/dcmdata/dcpxitem.h>

namespace fv::dicom {

namespace {

// Every fragment after the Basic Offset Table item, with the offset of its item tag relative to
// the first fragment's (the origin both offset tables use, PS3.5 A.4).
struct Fragments {
  std::vector<Fragment> items;
  std::vector<uint64_t> positions;
};

Result<Fragments> listFragments(DcmPixelSequence& seq, const std::string& path) {
  Fragments out;
  uint64_t position = 0;
  for (unsigned long i = 1; i < seq.card(); ++i) {
    DcmPixelItem* item = nullptr;
    if (seq.getItem(item, i).bad() || !item)
      return makeError(ErrorCode::Malformed,
                       "pixel data fragment " + std::to_string(i) + " is unreadable", path);
    Fragment f;
    const DcmInputStreamFactory* in = item->getInputStream();
    if (in && in->ident() == DFT_DcmInputFileStreamFactory) {
      f.offset = uint64_t(static_cast<const DcmInputFileStreamFactory*>(in)->getOffset());
      f.length = item->getLengthField();
    } else {
      Uint8* bytes = nullptr;
      if (item->getUint8Array(bytes).bad() || (!bytes && item->getLength() > 0))
        return makeError(ErrorCode::Malformed,
                         "pixel data fragment " + std::to_string(i) + " is unreadable", path);
      f.inMemory = true;
      f.bytes.assign(bytes, bytes + item->getLength());
      f.length = item->getLength();
    }
    out.positions.push_back(position);
    position += 8 + uint64_t(item->getLengthField());
    out.items.push_back(std::move(f));
  }
  return out;
}

// Frame f begins at fragment starts[f]; it runs up to the next frame's first fragment.
std::vector<FrameFragments> split(Fragments& all, const std::vector<size_t>& starts,
                                  uint32_t frames) {
  std::vector<FrameFragments> out(frames);
  for (size_t f = 0; f < starts.size() && f < frames; ++f) {
    const size_t end = f + 1 < starts.size() ? starts[f + 1] : all.items.size();
    for (size_t i = starts[f]; i < end; ++i) out[f].push_back(std::move(all.items[i]));
  }
  return out;
}

// Fragment indices of the given item-tag offsets, or empty when one is not a fragment boundary.
std::vector<size_t> startsAt(const Fragments& all, const std::vector<uint64_t>& offsets) {
  std::vector<size_t> starts;
  for (uint64_t o : offsets) {
    auto it = std::lower_bound(all.positions.begin(), all.positions.end(), o);
    if (it == all.positions.end() || *it != o ||
        (!starts.empty() && size_t(it - all.positions.begin()) <= starts.back()))
      return {};
    starts.push_back(size_t(it - all.positions.begin()));
  }
  return starts;
}

std::vector<uint64_t> extendedOffsets(DcmItem& dataset, uint32_t frames) {
  const Uint64* values = nullptr;
  unsigned long count = 0;
  if (dataset.findAndGetUint64Array(DCM_ExtendedOffsetTable, values, &count, OFFalse).bad() ||
      !values || count != frames)
    return {};
  return std::vector<uint64_t>(values, values + count);
}

std::vector<uint64_t> basicOffsets(DcmPixelSequence& seq, uint32_t frames) {
  DcmPixelItem* table = nullptr;
  Uint8* bytes = nullptr;
  if (seq.getItem(table, 0).bad() || !table || table->getLength() != 4 * uint64_t(frames) ||
      table->getUint8Array(bytes).bad() || !bytes)
    return {};
  std::vector<uint64_t> offsets(frames);
  for (uint32_t f = 0; f < frames; ++f) {  // little endian: encapsulated syntaxes are (PS3.5 A.4)
    const Uint8* p = bytes + 4 * size_t(f);
    offsets[f] = uint64_t(p[0]) | uint64_t(p[1]) << 8 | uint64_t(p[2]) << 16 | uint64_t(p[3]) << 24;
  }
  return offsets;
}

}  // namespace

Result<std::vector<FrameFragments>> locateFrameFragments(DcmPixelSequence& seq, DcmItem& dataset,
                                                         uint32_t frames, const FragmentFile& file,
                                                         FrameStartTest startsFrame) {
  auto all = listFragments(seq, file.path());
  if (!all) return all.error();
  if (all->items.empty())
    return makeError(ErrorCode::Malformed, "encapsulated Pixel Data has no fragments", file.path());
  if (frames == 0) return std::vector<FrameFragments>{};
  for (const auto& offsets : {extendedOffsets(dataset, frames), basicOffsets(seq, frames)}) {
    if (offsets.empty()) continue;
    if (auto starts = startsAt(*all, offsets); starts.size() == frames)
      return split(*all, starts, frames);
  }
  std::vector<size_t> starts;
  if (all->items.size() == frames || frames == 1) {
    for (uint32_t f = 0; f < frames; ++f) starts.push_back(f);
    return split(*all, starts, frames);
  }
  // No usable offset table and several fragments per frame: a frame begins where a fragment
  // begins a codestream.
  if (!startsFrame)
    return makeError(ErrorCode::Malformed,
                     std::to_string(all->items.size()) + " pixel data fragments for " +
                         std::to_string(frames) + " frames and no usable offset table",
                     file.path());
  std::vector<uint8_t> head;
  for (size_t i = 0; i < all->items.size(); ++i) {
    if (Status s = file.head(all->items[i], 16, head); !s) return s.error();
    if (startsFrame(head.data(), head.size())) starts.push_back(i);
  }
  if (starts.empty() || starts.front() != 0)
    return makeError(ErrorCode::Malformed, "the first pixel data fragment does not begin a frame",
                     file.path());
  if (starts.size() > frames)
    return makeError(ErrorCode::Malformed,
                     "the pixel data holds " + std::to_string(starts.size()) +
                         " frames but Number of Frames (0028,0008) is " + std::to_string(frames),
                     file.path());
  return split(*all, starts, frames);
}

}  // namespace fv::dicom
