// Queries (C-FIND / QIDO-RS) and their results, the same on both protocols.
#pragma once

#include <optional>
#include <string>

namespace fv::net {

/// Query/Retrieve level (PS3.4 C.3, Study Root).
enum class QueryLevel { Study, Series, Instance };

/// "study", "series", "instance".
const char* toString(QueryLevel level);

/// The matching keys; an empty field does not restrict the query.
struct Query {
  QueryLevel level = QueryLevel::Study;
  std::string patientName;   ///< wildcards * and ? (PS3.4 C.2.2.2.4)
  std::string patientId;
  std::string accession;
  std::string studyDate;     ///< YYYYMMDD, YYYYMMDD-YYYYMMDD, -YYYYMMDD or YYYYMMDD-
  std::string modality;      ///< Modalities in Study (study level) / Modality (series, instance)
  std::string studyUid;      ///< required at series and instance level
  std::string seriesUid;     ///< required at instance level
};

/// One match. Absent fields (not returned by the peer) are nullopt. Text is UTF-8.
struct QueryResult {
  QueryLevel level = QueryLevel::Study;
  std::optional<std::string> studyInstanceUid, seriesInstanceUid, sopInstanceUid;
  std::optional<std::string> sopClassUid;  ///< (0008,0016), instance level
  std::optional<std::string> patientId, patientName, studyDate, modality;
  std::optional<std::string> studyDescription, seriesDescription;
  std::optional<long> numberOfInstances;  ///< (0020,1208) / (0020,1209) or instances found
};

}  // namespace fv::net
