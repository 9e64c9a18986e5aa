// Error values and Result<T>: how every fallible call in FluoroView reports failure.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace fv::dicom {

/// What kind of failure an Error describes (stable; used by callers to decide what to do).
enum class ErrorCode {
  InvalidArgument,  ///< caller passed something impossible (bad frame number, bad option)
  NotFound,         ///< file, folder, series or tag does not exist
  NotDicom,         ///< the file is not DICOM at all
  Malformed,        ///< DICOM, but broken (bad length, missing Type 1 attribute, ...)
  Truncated,        ///< the file ends before the data it declares
  Unsupported,      ///< valid DICOM we cannot handle (e.g. JPEG 2000 for now)
  TooLarge,         ///< dimensions larger than the data can hold or than we allow
  Io,               ///< operating-system level read/write failure
  Cancelled,        ///< the user or caller cancelled
  Network,          ///< a peer cannot be reached or the connection broke (refused, reset)
  Timeout,          ///< a peer did not answer within the configured time
  Refused,          ///< a peer refused us (association rejected, HTTP 401/403, C-STORE refused)
  Internal,         ///< a bug: should never happen
};

/// A failure: a code, a sentence for people (naming file and reason), and the library's own text.
struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string message;  ///< human-readable reason, e.g. "Rows (0028,0010) is missing"
  std::string path;     ///< the file concerned, if any
  std::string detail;   ///< lower-level text (DCMTK's OFCondition text, errno text), if any

  /// "path: message (detail)" — what a user sees.
  std::string toString() const {
    std::string s;
    if (!path.empty()) s += path + ": ";
    s += message;
    if (!detail.empty() && detail != message) s += " (" + detail + ")";
    return s;
  }
};

/// Short name of an error code ("malformed", "unsupported", ...).
const char* toString(ErrorCode code);

/// Build an Error in one expression.
inline Error makeError(ErrorCode code, std::string message, std::string path = {},
                       std::string detail = {}) {
  return Error{code, std::move(message), std::move(path), std::move(detail)};
}

/// A value or an Error (a small std::expected for C++20).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}  // NOLINT implicit
  Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) {}  // NOLINT implicit

  bool ok() const { return m_v.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(m_v); }
  const T& value() const& { assert(ok()); return std::get<0>(m_v); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(m_v)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(m_v); }

 private:
  std::variant<T, Error> m_v;
};

/// Success or an Error, for calls that return nothing.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : m_error(std::move(error)), m_ok(false) {}  // NOLINT implicit
  static Status success() { return {}; }

  bool ok() const { return m_ok; }
  explicit operator bool() const { return m_ok; }
  const Error& error() const { assert(!m_ok); return m_error; }

 private:
  Error m_error;
  bool m_ok = true;
};

}  // namespace fv::dicom
