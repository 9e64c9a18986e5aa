// A new output folder built under a hidden temporary name and renamed into place when complete,
// so that a failed, cancelled or killed export leaves nothing behind under the chosen name.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "fv/dicom/Result.h"

namespace fv::dicom {

/// The hidden sibling folder `.<name>.fvstage-XXXXXX` an export is built in, published by one
/// rename. Files written into it are not fsynced one by one: publish() syncs the whole tree once
/// (one sync per file instead of two, and no folder sync per file), then renames.
class StagingFolder {
 public:
  /// Creates the staging folder beside `target`. Fails (AlreadyExists-style Io error naming
  /// `target`) when `target` exists and is not an empty folder; the parent must exist.
  static Result<std::unique_ptr<StagingFolder>> create(const std::string& target);
  /// Removes the staging folder and everything in it unless published.
  ~StagingFolder();
  StagingFolder(const StagingFolder&) = delete;
  StagingFolder& operator=(const StagingFolder&) = delete;

  /// The staging folder's path (where files go until publish()).
  const std::string& path() const { return m_path; }
  /// The final folder's path.
  const std::string& target() const { return m_target; }
  /// The final path of `relative` once published.
  std::string finalPath(const std::string& relative) const { return m_target + "/" + relative; }
  /// Writes a new file `relative` (folders created; never overwrites) inside the staging folder.
  Status writeFile(const std::string& relative, const void* data, size_t size);
  /// Creates the folders of `relative` (a file path) inside the staging folder.
  Status makeParents(const std::string& relative);
  /// fsyncs every file and folder, renames the staging folder to the target (an empty target
  /// folder is replaced) and fsyncs the parent. After success the destructor removes nothing.
  Status publish();

 private:
  StagingFolder(std::string path, std::string target)
      : m_path(std::move(path)), m_target(std::move(target)) {}
  std::string m_path, m_target;
  bool m_published = false;
};

/// True for the names StagingFolder uses: ".<name>.fvstage-XXXXXX".
bool isStagingFolderName(const std::string& fileName);

}  // namespace fv::dicom
