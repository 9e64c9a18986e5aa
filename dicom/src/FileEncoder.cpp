#include "FileEncoder.h"

#include <memory>

#include <dcmtk/dcmdata/dcostrmb.h>

#include "DcmtkBridge.h"

namespace fv::dicom::bridge {

namespace {

void drain(DcmOutputBufferStream& stream, std::vector<uint8_t>& bytes) {
  void* data = nullptr;
  offile_off_t length = 0;
  stream.flushBuffer(data, length);
  if (length > 0)
    bytes.insert(bytes.end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + length);
}

}  // namespace

Result<std::vector<uint8_t>> encodeFile(DcmFileFormat& file, E_TransferSyntax xfer,
                                        const std::string& path) {
  // A 64 KiB chunk, not zero-filled: it stays in the heap (below the mmap threshold), so small
  // files cost no page faults; the output vector is reserved at the encoded size. DCMTK asks for
  // the chunk to be emptied whenever it is full (EC_StreamNotifyClient).
  constexpr size_t kChunk = size_t(1) << 16;
  const std::unique_ptr<char[]> chunk(new char[kChunk]);
  std::vector<uint8_t> bytes;
  bytes.reserve(size_t(file.calcElementLength(xfer, EET_ExplicitLength)) + 4096);
  DcmOutputBufferStream stream(chunk.get(), offile_off_t(kChunk));
  file.transferInit();
  OFCondition c;
  for (;;) {
    c = file.write(stream, xfer, EET_ExplicitLength, nullptr, EGL_withoutGL);
    drain(stream, bytes);
    if (c != EC_StreamNotifyClient) break;
  }
  // A deflated transfer syntax leaves compressed bytes in the zlib filter until flushed.
  for (int guard = 0; c.good() && !stream.isFlushed() && guard < 1 << 20; ++guard) {
    stream.flush();
    drain(stream, bytes);
  }
  file.transferEnd();
  if (c.bad()) return toError(c, "cannot encode the DICOM file", path);
  return bytes;
}

}  // namespace fv::dicom::bridge
