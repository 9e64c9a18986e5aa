// Command-line parsing for fluoroview-cli: positionals, --flags and --options with values.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fv/dicom/Display.h"

namespace fv::cli {

/// Parsed arguments of one sub-command.
struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  ///< --name value (the last one given)
  std::map<std::string, std::vector<std::string>> repeated;  ///< every value of --name, in order
  std::set<std::string> flags;                 ///< --name
  std::string error;                           ///< non-empty when parsing failed

  bool flag(const std::string& name) const { return flags.count(name) > 0; }
  std::optional<std::string> option(const std::string& name) const {
    auto it = options.find(name);
    return it == options.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
  /// Every value given for an option that may repeat (e.g. --redact X,Y,W,H ...).
  std::vector<std::string> all(const std::string& name) const {
    auto it = repeated.find(name);
    return it == repeated.end() ? std::vector<std::string>{} : it->second;
  }
};

/// Parses argv[first..]; `valued` names options that take a value, `known` flags that do not.
Args parseArgs(int argc, char** argv, int first, const std::set<std::string>& valued,
               const std::set<std::string>& known);

/// Parses a positive 1-based number ("12"); nullopt if not a positive integer.
std::optional<long> parsePositive(const std::string& s);

/// Parses "CENTER/WIDTH" (WIDTH > 0) into a linear window; nullopt when malformed.
std::optional<fv::dicom::Window> parseWindow(const std::string& s);

/// Parses "ROW,COL" (decimals allowed) into image coordinates; nullopt when malformed.
std::optional<std::pair<double, double>> parseRowCol(const std::string& s);

}  // namespace fv::cli
