#include "Expectations.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace fv::corpus {

namespace {

const char* kKinds[] = {"differs", "shape"};
const char* kOurs[] = {"decoded", "no-pixels", "not-dicom", "error"};
const char* kTheirs[] = {"decoded", "no-pixels", "unreadable", "failed"};

bool knownKind(const std::string& k) {
  for (const char* x : kKinds)
    if (k == x) return true;
  for (const char* a : kOurs)
    for (const char* b : kTheirs)
      if (k == std::string(a) + "/" + b) return true;
  return false;
}

const std::string kPydicomEqual = "pydicom=equal";

// Removes the token "pydicom=equal" (pydicom's own decode must equal ours); true if it was there.
bool takePydicomToken(std::string& bound) {
  const auto at = bound.find(kPydicomEqual);
  if (at == std::string::npos) return false;
  bound.erase(at, kPydicomEqual.size());
  while (!bound.empty() && bound.back() == ' ') bound.pop_back();
  while (!bound.empty() && bound.front() == ' ') bound.erase(0, 1);
  return true;
}

// "max<=N mean<=M" → limits (missing ones stay infinite); false on anything else.
bool parseBound(const std::string& bound, double& maxAbs, double& meanAbs) {
  maxAbs = meanAbs = INFINITY;
  std::istringstream in(bound);
  std::string part;
  bool any = false;
  while (in >> part) {
    const auto at = part.find("<=");
    if (at == std::string::npos) return false;
    const std::string name = part.substr(0, at);
    char* end = nullptr;
    const double v = std::strtod(part.c_str() + at + 2, &end);
    if (*end != '\0') return false;
    if (name == "max")
      maxAbs = v;
    else if (name == "mean")
      meanAbs = v;
    else
      return false;
    any = true;
  }
  return any;
}

}  // namespace

std::vector<Expectation> readExpectations(const std::string& path,
                                          std::vector<std::string>& errors) {
  std::vector<Expectation> out;
  std::ifstream in(path);
  if (!in) {
    errors.push_back(path + ": cannot open");
    return out;
  }
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> c;
    std::string cell;
    std::istringstream cells(line);
    while (std::getline(cells, cell, '\t')) c.push_back(cell);
    const std::string where = "expectations.tsv:" + std::to_string(n) + ": ";
    if (c.size() != 5 || c[4].empty()) {
      errors.push_back(where +
                       "needs 5 tab-separated cells (collection, file, outcome, bound, reason)");
      continue;
    }
    Expectation e{c[0], c[1], c[2], c[3], c[4], n};
    double a, b;
    std::string limits = e.bound;
    const bool pydicom = takePydicomToken(limits);
    if (!knownKind(e.kind))
      errors.push_back(where + "unknown outcome '" + e.kind + "'");
    else if (e.kind == "differs" && !parseBound(limits, a, b) && !(pydicom && limits.empty()))
      errors.push_back(where +
                       "a 'differs' row needs a bound like 'max<=1 mean<=0.5' or 'pydicom=equal'");
    else if (e.kind == "equal" || e.kind == "no-pixels/no-pixels" ||
             e.kind == "not-dicom/unreadable")
      errors.push_back(where + "'" + e.kind + "' agrees and needs no row");
    for (const auto& other : out)
      if (other.collection == e.collection && other.file == e.file)
        errors.push_back(where + "duplicate of line " + std::to_string(other.line));
    out.push_back(std::move(e));
  }
  return out;
}

bool meets(const Expectation& e, const Outcome& o, std::string& why) {
  if (o.agrees()) {
    why = "the file now agrees with GDCM (" + o.kind + ": " + o.detail + "): remove the row";
    return false;
  }
  if (e.kind != o.kind) {
    why = "expected " + e.kind + ", got " + o.kind + " (" + o.detail + ")";
    return false;
  }
  std::string bound = e.bound == "-" ? "" : e.bound;
  if (takePydicomToken(bound) && o.pydicom != "equal") {
    why = "pydicom's own decode no longer equals ours (" +
          (o.pydicom.empty() ? "none" : o.pydicom) + "): " + o.detail;
    return false;
  }
  if (bound.empty()) return true;
  if (e.kind == "differs") {
    double maxAbs, meanAbs;
    parseBound(bound, maxAbs, meanAbs);
    if (o.maxAbs <= maxAbs && o.meanAbs <= meanAbs) return true;
    why = "differs beyond the bound " + e.bound + ": " + o.detail;
    return false;
  }
  const bool ourText = e.kind.rfind("error/", 0) == 0;
  const std::string& text = ourText ? o.ourMessage : o.gdcmMessage;
  if (text.find(bound) != std::string::npos) return true;
  why = std::string(ourText ? "our" : "GDCM's") + " message no longer contains '" + bound +
        "': " + o.detail;
  return false;
}

std::string suggestedRow(const std::string& collection, const std::string& file, const Outcome& o) {
  std::string bound = "-";
  if (o.kind == "differs") {
    char buf[64];
    std::snprintf(buf, sizeof buf, "max<=%g mean<=%.2g", o.maxAbs,
                  std::ceil(o.meanAbs * 100) / 100);
    bound = buf;
  } else if (o.kind.rfind("error/", 0) == 0) {
    bound = o.ourMessage.substr(0, 60);
  } else if (!o.gdcmMessage.empty()) {
    bound = o.gdcmMessage.substr(0, 60);
  }
  if (o.pydicom == "equal")
    bound = o.kind == "differs" ? bound + " " + kPydicomEqual : kPydicomEqual;
  return collection + "\t" + file + "\t" + o.kind + "\t" + bound + "\t<why>";
}

}  // namespace fv::corpus
