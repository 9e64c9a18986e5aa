#include "fv/teaching/TeachingExport.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "DeidentifyPass.h"
#include "ExportSupport.h"
#include "fv/dicom/DerivedObjects.h"
#include "fv/dicom/DicomDirWriter.h"
#include "fv/dicom/Indexer.h"
#include "fv/dicom/PngWriter.h"
#include "fv/dicom/StagingFolder.h"
#include "fv/fluoro/BurnIn.h"
#include "fv/fluoro/Confirmation.h"
#include "fv/fluoro/Measurements.h"
#include "fv/teaching/CaseHtml.h"
#include "fv/teaching/Cines.h"
#include "fv/teaching/KeyFrames.h"
#include "fv/teaching/TextDetector.h"

namespace fv::teaching {

using namespace fv::dicom;
namespace fs = std::filesystem;

using detail::cancelError;
using detail::cancelled;
using detail::Progress;

namespace {

constexpr const char* kFileSetId = "TEACHING_FILE";  // CS, ≤ 16 characters

// Writes the key frames as PNG (annotations and measurements burned in, the renderer of our
// Secondary Captures) and says what the case page shows for each.
Result<std::vector<PageFigure>> writeKeyFrames(const std::vector<KeyFrame>& keys,
                                               StagingFolder& staging,
                                               std::vector<BundleFile>& written) {
  std::vector<PageFigure> figures;
  for (size_t i = 0; i < keys.size(); ++i) {
    const KeyFrame& k = keys[i];
    fv::fluoro::ConfirmedFrame frame;
    frame.source = *k.image;
    frame.frame = k.frame;
    frame.annotations = k.annotations;
    frame.window = k.window;
    fv::fluoro::BurnInOptions burn;
    burn.measurements = !k.annotations.empty();
    auto rgb = fv::fluoro::renderAnnotatedFrame(frame, burn);
    if (!rgb) return rgb.error();
    auto png = encodePng(*rgb);
    if (!png) return png.error();
    char name[48];
    std::snprintf(name, sizeof name, "images/key-%02zu.png", i + 1);
    if (Status s = staging.writeFile(name, png->data(), png->size()); !s) return s.error();
    written.push_back({staging.finalPath(name), "key-frame"});

    PageFigure f;
    f.image = name;
    char caption[96];
    std::snprintf(caption, sizeof caption, "%s, frame %u of %u", k.image->series.modality.c_str(),
                  k.frame + 1, std::max<uint32_t>(1, k.image->pixels.frames));
    f.caption = caption;
    if (!k.annotations.empty()) {
      const auto m = fv::fluoro::measure(k.annotations, frame.effectiveCalibration());
      f.measurements = m.describe();
      f.calibration = toString(m.calibrationSource);
    }
    figures.push_back(std::move(f));
  }
  return figures;
}

// One IHE TCE manifest per study with key frames: a KOS titled (TCE001, IHERADTF, "For Teaching
// File Export") in a new series of that study's folder, referencing the key frames and their
// presentation states, the author's notes as Key Object Description. Returns relative paths.
Result<std::vector<std::string>> writeManifests(const std::vector<KeyFrame>& keys,
                                                const CaseText& text, StagingFolder& staging,
                                                std::vector<BundleFile>& written) {
  std::map<std::string, std::vector<const KeyFrame*>> byStudy;
  for (const KeyFrame& k : keys) byStudy[k.image->study.instanceUid].push_back(&k);
  std::vector<std::string> relative;
  for (const auto& [study, frames] : byStudy) {
    const fs::path imagePath(frames.front()->image->path);
    const fs::path studyFolder = imagePath.parent_path().parent_path();
    int series = 1;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(studyFolder, ec)) {
      (void)e;
      ++series;
    }
    char seriesName[16];
    std::snprintf(seriesName, sizeof seriesName, "SE%06d", series);
    const fs::path folder = studyFolder / seriesName;
    fs::create_directories(folder, ec);
    if (ec)
      return makeError(ErrorCode::Io, "cannot create folder: " + ec.message(), folder.string());

    KeyObjectRequest ko;
    for (const KeyFrame* k : frames) {
      ko.frames.push_back({*k->image, k->frame});
      if (k->presentationState)
        ko.alsoReference.push_back({k->presentationState->path,
                                    k->presentationState->sopClassUid,
                                    k->presentationState->sopInstanceUid,
                                    {}});
    }
    ko.title = kTitleForTeachingFileExport;
    ko.description = text.manifestDescription();
    ko.series = {newUid(), 9000 + series, "Teaching file manifest"};
    ko.folder = folder.string();
    ko.fileName = "IM000001";
    auto w = writeKeyObjectSelection(ko);
    if (!w) return w.error();
    const std::string rel = fs::relative(w->path, staging.path()).generic_string();
    relative.push_back(rel);
    written.push_back({staging.finalPath(rel), "tce-manifest"});
  }
  return relative;
}

// Each cine as MP4 and GIF in videos/, and what the case page shows for it.
Result<std::vector<PageVideo>> writeVideos(const std::vector<Cine>& cines, StagingFolder& staging,
                                           const TeachingRequest& rq,
                                           std::vector<BundleFile>& written, Progress& progress) {
  std::vector<PageVideo> videos;
  for (size_t i = 0; i < cines.size(); ++i) {
    char base[48];
    std::snprintf(base, sizeof base, "videos/cine-%02zu", i + 1);
    const std::string mp4 = std::string(base) + ".mp4", gif = std::string(base) + ".gif";
    if (Status s = staging.makeParents(mp4); !s) return s.error();
    const VideoPaths paths{rq.mp4 ? staging.path() + "/" + mp4 : "",
                           rq.gif ? staging.path() + "/" + gif : ""};
    if (Status s = writeCineVideos(cines[i], paths, rq.cancel); !s) return s.error();
    if (rq.mp4) written.push_back({staging.finalPath(mp4), "video-mp4"});
    if (rq.gif) written.push_back({staging.finalPath(gif), "video-gif"});
    char caption[96];
    std::snprintf(caption, sizeof caption, "%s cine, %zu frames at %.3g frames/s",
                  cines[i].instance->series.modality.c_str(), cines[i].frames.size(), cines[i].fps);
    videos.push_back({rq.mp4 ? mp4 : "", rq.gif ? gif : "", caption});
    progress.step();
  }
  return videos;
}

}  // namespace

Result<TeachingResult> exportTeachingFile(const TeachingRequest& rq) {
  if (rq.inputs.empty()) return makeError(ErrorCode::InvalidArgument, "nothing to export");
  auto deid = Deidentifier::create(rq.deidentify);
  if (!deid) return deid.error();
  auto staging = StagingFolder::create(rq.out);
  if (!staging) return staging.error();

  TeachingResult result;
  detail::TextBoxes text;
  if (rq.ocr) {
    auto found = detail::findText(rq);
    if (!found) return found.error();
    text = std::move(*found);
  }
  if (cancelled(rq)) return cancelError(rq);
  const std::vector<std::string> sources = detail::listSources(rq.inputs);
  Progress progress(rq, sources.size() + (rq.dicomOnly ? 1 : 4));
  auto pass =
      detail::deidentifySources(rq, sources, text, **deid, **staging, progress, result.warnings);
  if (!pass) return pass.error();
  if (pass->files.empty())
    return makeError(ErrorCode::NotFound, "no DICOM files to export in the paths given");
  std::vector<std::string> listed = pass->relative;
  std::set<std::string> ocrFolders;
  for (size_t i = 0; i < pass->files.size(); ++i) {
    const DeidentifiedFile& f = pass->files[i];
    result.written.push_back({f.path, f.kind});
    result.redactedFrames += f.redactedFrames;
    const std::string folder = fs::path(pass->relative[i]).parent_path().generic_string();
    if (const auto t = text.find(pass->sources[i]);
        t != text.end() && ocrFolders.insert(folder).second)
      for (const Redaction& r : t->second) result.textRegions.push_back({folder, r});
  }
  // The profile as applied: Clean Pixel Data also when only some files were cleaned (our own
  // confirmation images, OCR), as those files' De-identification Method says.
  result.profile = (*deid)->methodDescription();
  if (result.redactedFrames > 0 && !rq.deidentify.cleanPixelData)
    result.profile.insert(result.profile.begin() + 1, "Clean Pixel Data Option");

  std::vector<BundleFile> extra;
  if (!rq.dicomOnly) {
    // Everything below is made from the de-identified files only.
    IndexOptions indexing;
    indexing.threads = rq.threads;
    indexing.cancel = rq.cancel;
    const DicomIndex bundle = indexPaths({(*staging)->path() + "/DICOM"}, indexing);
    for (const Error& e : bundle.errors)
      return makeError(ErrorCode::Internal, "a de-identified file does not read back: " + e.message,
                       e.path);
    const std::vector<KeyFrame> keys = chooseKeyFrames(bundle, result.warnings);
    progress.step();
    if (cancelled(rq)) return cancelError(rq);
    auto figures = writeKeyFrames(keys, **staging, extra);
    if (!figures) return figures.error();
    progress.step();
    if (!keys.empty()) {
      auto manifests = writeManifests(keys, rq.text, **staging, extra);
      if (!manifests) return manifests.error();
      listed.insert(listed.end(), manifests->begin(), manifests->end());
    } else {
      result.warnings.push_back("no key frames: the selection holds no image frames");
    }
    progress.step();
    std::vector<Cine> cines = findCines(bundle, keys);
    for (Cine& c : cines)  // the window the author looked at wins (it is in the new UIDs' terms)
      for (const auto& [sourceSeries, window] : rq.displayedWindows)
        if ((rq.deidentify.retainUids ? sourceSeries : (*deid)->replacementUid(sourceSeries)) ==
            c.instance->series.instanceUid)
          c.window = window;
    auto videos = rq.mp4 || rq.gif ? writeVideos(cines, **staging, rq, extra, progress)
                                   : Result<std::vector<PageVideo>>(std::vector<PageVideo>{});
    if (!videos) return videos.error();
    const std::string page = caseHtml(rq.text, *figures, *videos, result.profile);
    if (Status s = (*staging)->writeFile("case.html", page.data(), page.size()); !s)
      return s.error();
    extra.push_back({(*staging)->finalPath("case.html"), "case-page"});
  }
  if (cancelled(rq)) return cancelError(rq);
  if (Status s = writeDicomDir((*staging)->path(), listed, kFileSetId, (*staging)->target()); !s)
    return s.error();
  result.written.push_back({(*staging)->finalPath("DICOMDIR"), "dicomdir"});
  result.written.insert(result.written.end(), extra.begin(), extra.end());
  progress.step();
  if (cancelled(rq)) return cancelError(rq);
  if (Status s = (*staging)->publish(); !s) return s.error();
  return result;
}

}  // namespace fv::teaching
