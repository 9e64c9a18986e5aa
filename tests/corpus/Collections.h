// The public DICOM collections the corpus test runs: ../shared/dicom-samples and the test data
// that Debian packages ship (none of it written by us).
#pragma once

#include <string>
#include <vector>

namespace fv::corpus {

/// One collection: a stable name, where it is, and where it comes from.
struct Collection {
  std::string name;    ///< used in expectations.tsv and test names
  std::string root;    ///< folder, or "" when not present on this machine
  std::string source;  ///< the Debian package (or ../shared) that provides it
};

/// Every collection, present or not (a missing one makes its test skip visibly).
std::vector<Collection> corpusCollections();
/// The collection called `name` (root "" if unknown).
Collection collectionNamed(const std::string& name);

/// One file of a collection.
struct CorpusFile {
  std::string relative;  ///< path inside the collection, as the table names it
  std::string path;      ///< what is read: the file itself, or for "x.gz" its content unpacked
};

/// Every regular file under the collection (sorted). Gzip files are unpacked into `unpackDir`
/// (their content is what the collection means: nibabel ships DICOM files as .dcm.gz).
std::vector<CorpusFile> corpusFiles(const Collection& c, const std::string& unpackDir,
                                    std::string& error);

}  // namespace fv::corpus
