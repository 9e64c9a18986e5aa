// Tesseract behind the media module's readText (see fv/teaching/TextDetector.h).
#include "TesseractText.h"

#include <algorithm>
#include <cctype>
#include <memory>

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

namespace fv::teaching {

using namespace fv::dicom;

namespace {

// Grey 8-bit copy (luma of RGB) for Tesseract.
std::vector<uint8_t> toGrey(const Image8& image) {
  if (image.channels == 1) return image.pixels;
  std::vector<uint8_t> grey(size_t(image.rows) * image.columns);
  for (size_t i = 0; i < grey.size(); ++i) {
    const uint8_t* p = &image.pixels[i * size_t(image.channels)];
    grey[i] = uint8_t((299 * p[0] + 587 * p[1] + 114 * p[2]) / 1000);
  }
  return grey;
}

}  // namespace

Result<std::vector<Redaction>> readTextBoxes(const Image8& image, int minConfidence) {
  if (image.rows == 0 || image.columns == 0 || (image.channels != 1 && image.channels != 3))
    return makeError(ErrorCode::InvalidArgument, "text detection needs a grey or RGB image");
  const std::vector<uint8_t> grey = toGrey(image);
  tesseract::TessBaseAPI api;
  // Debian's tesseract-ocr-eng data; no user configuration files are read.
  if (api.Init(nullptr, "eng", tesseract::OEM_LSTM_ONLY) != 0)
    return makeError(
        ErrorCode::Unsupported,
        "Tesseract could not start: is the English model (tesseract-ocr-eng) installed?");
  api.SetPageSegMode(tesseract::PSM_SPARSE_TEXT);
  api.SetVariable("debug_file", "/dev/null");  // Tesseract's own chatter: never on stderr
  api.SetImage(grey.data(), int(image.columns), int(image.rows), 1, int(image.columns));
  api.SetSourceResolution(96);
  if (api.Recognize(nullptr) != 0) return makeError(ErrorCode::Internal, "Tesseract failed");
  std::vector<Redaction> boxes;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (it) {
    do {
      int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
      if (!it->BoundingBox(tesseract::RIL_WORD, &x0, &y0, &x1, &y1)) continue;
      if (it->Confidence(tesseract::RIL_WORD) < float(minConfidence)) continue;
      const std::unique_ptr<char[]> word(it->GetUTF8Text(tesseract::RIL_WORD));
      const std::string text = word ? word.get() : "";
      const auto letters = std::count_if(
          text.begin(), text.end(), [](unsigned char c) { return std::isalnum(c) || c >= 0x80; });
      if (letters < 2) continue;  // specks and single marks are not text worth blanking
      const int margin = std::max(2, (y1 - y0) / 4);
      Redaction r;
      r.x = std::max(0, x0 - margin);
      r.y = std::max(0, y0 - margin);
      r.width = std::min(int(image.columns), x1 + margin) - r.x;
      r.height = std::min(int(image.rows), y1 + margin) - r.y;
      if (r.width > 0 && r.height > 0) boxes.push_back(r);
    } while (it->Next(tesseract::RIL_WORD));
  }
  api.End();
  return boxes;
}

}  // namespace fv::teaching
