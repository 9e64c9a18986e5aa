// A fuzz input as a file our readers can open: an in-memory file (memfd) reached by its
// /proc/self/fd path, rewritten for every input (no disk I/O, no temp-file clutter).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace fv::fuzz {

/// Stores `size` bytes in the process's fuzz file and returns its path (empty on failure).
const std::string& storeInput(const uint8_t* data, size_t size);

}  // namespace fv::fuzz
