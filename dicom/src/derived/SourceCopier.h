// Copies attributes from a source's header into a derived object faithfully but validly: padding
// trimmed, every value checked (ValueRules), and what cannot be copied as it is handled by the
// attribute's Type in the target IOD (PS3.3 7.4) — never "corrected" (private to fv_dicom).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcitem.h>

#include "derived/DatasetBuilder.h"
#include "derived/ValueRules.h"
#include "fv/dicom/DerivedObjects.h"
#include "fv/dicom/Result.h"

namespace fv::dicom::derived {

/// The Type of an attribute in the IOD we write (PS3.5 7.4).
enum class Requirement {
  Type1,  ///< must have a valid value: a source without one makes the save fail
  Type2,  ///< must be present: absent or invalid in the source → written empty (invalid: noted)
  Type3,  ///< optional: absent → absent; invalid → left out (noted)
};

/// What copy() wrote.
enum class Copied { Value, Empty, Nothing };

/// Copies from one source dataset into one output item, collecting notes and the first refusal.
class SourceCopier {
 public:
  /// `notes` and `refusal` are shared by all copiers of one object (items of sequences too).
  SourceCopier(DcmItem& source, const std::string& sourcePath, ItemBuilder& out,
               std::vector<OutputNote>* notes, Status* refusal);

  /// Copies `tag` (element or sequence) per `requirement`: string values with their padding
  /// trimmed, in the dictionary's VR; a value invalid for its VR, enumeration or multiplicity —
  /// or a sequence holding one, or an incomplete code (Code Sequence Macro, PS3.3 8.8) — is
  /// never copied. Private elements inside copied sequences are left out.
  Copied copy(const DcmTagKey& tag, Requirement requirement);

  /// The trimmed value of a string attribute if present and valid, else nullopt (no notes).
  std::optional<std::string> value(const DcmTagKey& tag) const;

  /// True when `tag` is present and would be copied as it is (no notes).
  bool valid(const DcmTagKey& tag) const;

  /// Adds a note about `tag` (what was done instead, and why).
  void note(const DcmTagKey& tag, const std::string& action, const std::string& reason);

  /// Fails the save unless `uid` (a source UID our object must repeat, e.g. in a reference) is a
  /// valid UID: Type 1 wherever we write it.
  void requireUid(const DcmTagKey& tag, const std::string& uid);

  /// The source dataset.
  DcmItem& source() const { return m_source; }
  /// The output builder.
  ItemBuilder& out() const { return m_out; }
  /// Where refusals go (shared by the copiers of one object).
  Status* refusal() const { return m_refusal; }

 private:
  void refuse(const DcmTagKey& tag, const std::string& reason);
  DcmItem& m_source;
  std::string m_path;
  ItemBuilder& m_out;
  std::vector<OutputNote>* m_notes;
  Status* m_refusal;
  Repertoire m_repertoire;
};

}  // namespace fv::dicom::derived
