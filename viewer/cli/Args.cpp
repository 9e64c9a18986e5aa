#include "Args.h"

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

}  // namespace fv::cli
