// Applies Table E.1-1 to a DCMTK dataset in place: every element, every nested sequence item.
// Private to fv_dicom.
#pragma once

#include <string>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcitem.h>

#include "UidMapper.h"
#include "fv/dicom/ConfidentialityProfile.h"
#include "fv/dicom/Deidentify.h"

namespace fv::dicom::deid {

/// The single action chosen for one element (PS3.15 E.1.1, Table E.1-1 action codes).
enum class Action { Remove, Zero, Dummy, Keep, Clean, Uid, KeepWithUids };

/// The action for `row` under `options`: an option's K beats its C beats its X beats the Basic
/// Profile; a combined code (Z/D, X/Z, X/D, X/Z/D, X/Z/U*) resolves by the source's own encoding:
/// a value present → D (or U*) when allowed, else Z when allowed, else X; empty → Z, else X.
Action resolveAction(const ProfileRow& row, const DeidentifyOptions& options, bool hasValue);

/// Walks one dataset (or item) and applies the resolved actions.
class DatasetWalker {
 public:
  DatasetWalker(const DeidentifyOptions& options, UidMapper& uids, int dateShiftDays)
      : m_options(options), m_uids(uids), m_shift(dateShiftDays) {}
  /// Applies the profile to `item` and everything under it; fails only if DCMTK refuses a value.
  Status apply(DcmItem& item) { return walk(item, false); }

 private:
  Status walk(DcmItem& item, bool dummyText);
  Status applyTo(DcmItem& item, DcmElement& e, Action a, bool dummyText, bool& removed);
  Status dummy(DcmElement& e);
  Status clean(DcmElement& e, bool dummyText);
  Status replaceUids(DcmElement& e);
  Status dateLike(DcmElement& e);
  Status recurse(DcmElement& e, bool dummyText);
  bool keepPrivate(DcmItem& item, uint16_t group, uint16_t element) const;

  const DeidentifyOptions& m_options;
  UidMapper& m_uids;
  int m_shift;
};

}  // namespace fv::dicom::deid
