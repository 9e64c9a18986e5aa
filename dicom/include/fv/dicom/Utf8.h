// UTF-8 checks and repair: every text FluoroView passes on (JSON, display, burn-in) is valid UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fv::dicom {

/// U+FFFD REPLACEMENT CHARACTER, what undecodable bytes become.
inline constexpr char32_t kReplacementCharacter = 0xFFFD;

/// True when `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, ≤ U+10FFFF).
bool isValidUtf8(std::string_view text);

/// Decodes one code point at `pos`, advancing `pos`; an ill-formed sequence gives U+FFFD and
/// advances past its maximal ill-formed subpart (Unicode 15 §3.9, "substitution of maximal
/// subparts", as WHATWG and Python do).
char32_t nextCodePoint(std::string_view text, size_t& pos);

/// The code points of `text`, ill-formed sequences as U+FFFD.
std::u32string decodeUtf8(std::string_view text);

/// Appends `cp` as UTF-8 (surrogates and values above U+10FFFF as U+FFFD).
void appendUtf8(std::string& out, char32_t cp);

/// `text` with every ill-formed sequence replaced by U+FFFD; valid input comes back unchanged.
std::string sanitizeUtf8(std::string_view text);

}  // namespace fv::dicom
