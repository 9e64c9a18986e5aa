// Helpers shared by the study browser tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <QModelIndex>
#include <QString>

#include "TestData.h"
#include "fv/dicom/Indexer.h"

namespace fv::test {

/// Indexes `paths` synchronously (tests only; the viewer uses IndexJob).
inline std::shared_ptr<const fv::dicom::DicomIndex> indexed(const std::vector<std::string>& paths) {
  return std::make_shared<const fv::dicom::DicomIndex>(fv::dicom::indexPaths(paths));
}

/// The demo study (XA cine + MR series) as an index.
inline std::shared_ptr<const fv::dicom::DicomIndex> demoIndex() { return indexed({testdata("demo")}); }

/// The Series Instance UID of the demo series with `modality` ("XA" or "MR").
inline QString demoUid(const fv::dicom::DicomIndex& index, const std::string& modality) {
  for (const fv::dicom::Series* s : index.allSeries())
    if (s->key.modality == modality) return QString::fromStdString(s->key.instanceUid);
  return {};
}

}  // namespace fv::test
