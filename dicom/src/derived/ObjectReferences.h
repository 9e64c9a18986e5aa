// The images a presentation state or key object selection refers to (private to fv_dicom).
#pragma once

#include <string>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcitem.h>

#include "fv/dicom/InstanceInfo.h"

namespace fv::dicom {

/// True for every Softcopy Presentation State SOP Class (1.2.840.10008.5.1.4.1.1.11.x, PS3.4 B.5).
bool isPresentationState(const std::string& sopClassUid);

/// Image references of a loaded presentation state (Presentation State Relationship Module,
/// PS3.3 C.11.11) or Key Object Selection Document (IMAGE content items, PS3.3 C.17.3,
/// TID 2010): SOP Instance UID + each 1-based Referenced Frame Number (0 = all frames),
/// duplicates removed, in file order. Empty for any other SOP class.
std::vector<FrameReference> readObjectReferences(DcmItem& dataset, const std::string& sopClassUid);

}  // namespace fv::dicom
