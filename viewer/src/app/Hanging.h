// Which series goes where: default hanging and "prior MRI beside fluoroscopy".
#pragma once

#include <optional>
#include <vector>

#include <QString>
#include <QStringList>

#include "fv/dicom/Series.h"

namespace fv::viewer {

/// A series and the stack of it to show.
struct SeriesChoice {
  const fv::dicom::Series* series = nullptr;
  int stack = 0;
};

/// The stack a viewer shows first: the largest volume, else the longest cine, else the first.
int preferredStack(const fv::dicom::Series& series);

/// Series with images in index order.
std::vector<SeriesChoice> imageSeries(const fv::dicom::DicomIndex& index);

/// For each entry of `modalities` ("MR|CT", "XA|RF", ...), the best matching series of one
/// patient (the patient of the most recent fluoroscopy, else the first): MR/CT prefer volumes,
/// XA/RF prefer multi-frame cine. Missing matches are empty.
std::vector<std::optional<SeriesChoice>> hangByModality(const fv::dicom::DicomIndex& index,
                                                        const QStringList& modalities);

}  // namespace fv::viewer
