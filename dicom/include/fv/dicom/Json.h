// A small ordered JSON value for --json output and procedure records (keys keep insertion order).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace fv::dicom {

/// A JSON value: null, bool, integer, number, string, array or object (ordered).
class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() = default;                                    ///< null
  Json(std::nullptr_t) {}                              ///< null
  Json(bool b) : m_v(b) {}
  Json(int v) : m_v(int64_t(v)) {}
  Json(unsigned v) : m_v(int64_t(v)) {}
  Json(long v) : m_v(int64_t(v)) {}
  Json(unsigned long v) : m_v(int64_t(v)) {}
  Json(long long v) : m_v(int64_t(v)) {}
  Json(double v) : m_v(v) {}
  Json(const char* s) : m_v(std::string(s)) {}
  Json(std::string s) : m_v(std::move(s)) {}
  Json(Array a) : m_v(std::move(a)) {}
  template <class T>
  Json(const std::optional<T>& o) { if (o) *this = Json(*o); }  ///< null when empty

  static Json object() { Json j; j.m_v = Object{}; return j; }
  static Json array() { Json j; j.m_v = Array{}; return j; }

  /// Adds (or appends) a member to an object; returns *this for chaining.
  Json& set(const std::string& key, Json value);
  /// Appends to an array.
  Json& push(Json value);

  /// Serialises; indent < 0 gives one line.
  std::string dump(int indent = 2) const;

 private:
  void write(std::string& out, int indent, int depth) const;
  std::variant<std::monostate, bool, int64_t, double, std::string, Array, Object> m_v;
};

}  // namespace fv::dicom
