#include "Args.h"

#include <cmath>
#include <cstdlib>

namespace fv::cli {

Args parseArgs(int argc, char** argv, int first, const std::set<std::string>& valued,
               const std::set<std::string>& known) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--") {
      for (++i; i < argc; ++i) a.positional.emplace_back(argv[i]);
      break;
    }
    if (s.rfind("--", 0) == 0 && s.size() > 2) {
      std::string name = s.substr(2), value;
      const auto eq = name.find('=');
      const bool inlineValue = eq != std::string::npos;
      if (inlineValue) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      if (valued.count(name)) {
        if (!inlineValue) {
          if (i + 1 >= argc) { a.error = "option --" + name + " needs a value"; return a; }
          value = argv[++i];
        }
        a.options[name] = value;
        a.repeated[name].push_back(value);
      } else if (known.count(name) && !inlineValue) {
        a.flags.insert(name);
      } else {
        a.error = "unknown option --" + name;
        return a;
      }
    } else {
      a.positional.push_back(std::move(s));
    }
  }
  return a;
}

std::optional<long> parsePositive(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const long v = std::strtol(s.c_str(), &end, 10);
  if (!end || *end != '\0' || v < 1) return std::nullopt;
  return v;
}

std::optional<fv::dicom::Window> parseWindow(const std::string& s) {
  const auto slash = s.find('/');
  if (slash == std::string::npos) return std::nullopt;
  char* e1 = nullptr;
  char* e2 = nullptr;
  const std::string c = s.substr(0, slash), w = s.substr(slash + 1);
  const double center = std::strtod(c.c_str(), &e1);
  const double width = std::strtod(w.c_str(), &e2);
  if (c.empty() || w.empty() || *e1 || *e2 || !(width > 0)) return std::nullopt;
  return fv::dicom::Window{center, width, fv::dicom::VoiFunction::Linear};
}

std::optional<std::pair<double, double>> parseRowCol(const std::string& s) {
  const auto comma = s.find(',');
  if (comma == std::string::npos) return std::nullopt;
  const std::string r = s.substr(0, comma), c = s.substr(comma + 1);
  char* e1 = nullptr;
  char* e2 = nullptr;
  const double row = std::strtod(r.c_str(), &e1);
  const double col = std::strtod(c.c_str(), &e2);
  if (r.empty() || c.empty() || *e1 || *e2 || !std::isfinite(row) || !std::isfinite(col)) return std::nullopt;
  return std::make_pair(row, col);
}

}  // namespace fv::cli
