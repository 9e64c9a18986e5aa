#include "fv/teaching/CaseText.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace fv::teaching {

using fv::dicom::ErrorCode;
using fv::dicom::makeError;

std::string CaseText::manifestDescription() const {
  std::string out = title.empty() ? "Teaching file" : title;
  for (const std::string& p : teachingPoints) out += "\n" + p;
  return out;
}

fv::dicom::Result<CaseText> readCaseJson(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return makeError(ErrorCode::Io, "cannot read the case file", path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(buffer.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return makeError(ErrorCode::InvalidArgument, "the case file is not a JSON object", path);
  CaseText text;
  std::string problem;
  const auto field = [&](const char* key, std::string& out) {
    if (!j.contains(key) || j[key].is_null()) return;
    if (!j[key].is_string()) {
      problem = std::string("\"") + key + "\" must be a string";
      return;
    }
    out = j[key].get<std::string>();
  };
  field("title", text.title);
  field("history", text.history);
  field("findings", text.findings);
  field("diagnosis", text.diagnosis);
  field("discussion", text.discussion);
  if (j.contains("teachingPoints")) {
    const auto& tp = j["teachingPoints"];
    if (tp.is_string()) {
      text.teachingPoints.push_back(tp.get<std::string>());
    } else if (tp.is_array()) {
      for (const auto& p : tp) {
        if (!p.is_string()) {
          problem = "\"teachingPoints\" must hold strings";
          break;
        }
        text.teachingPoints.push_back(p.get<std::string>());
      }
    } else if (!tp.is_null()) {
      problem = "\"teachingPoints\" must be a string or a list of strings";
    }
  }
  if (!problem.empty()) return makeError(ErrorCode::InvalidArgument, problem, path);
  return text;
}

}  // namespace fv::teaching
