#include <gtest/gtest.h>

#include <filesystem>

#include "fv/net/RetrieveCache.h"

namespace fs = std::filesystem;
using fv::net::RetrieveCache;
using fv::net::safeComponent;

TEST(RetrieveCache, ValidUidsAreUsedAsTheyAre) {
  EXPECT_EQ(safeComponent("1.2.840.113619.2.1"), "1.2.840.113619.2.1");
}

TEST(RetrieveCache, HostileUidsCannotLeaveTheCache) {
  RetrieveCache cache("/tmp/fv-cache-root");
  for (const char* uid : {"../../x", "..", ".", "/etc/passwd", "1.2/../../3", "a\\b", ""}) {
    const std::string c = safeComponent(uid);
    EXPECT_EQ(c.find('/'), std::string::npos) << uid;
    EXPECT_NE(c, "..");
    EXPECT_NE(c, ".");
    const fs::path p = cache.pathOf(uid, uid, uid).lexically_normal();
    EXPECT_EQ(p.string().rfind("/tmp/fv-cache-root/", 0), 0u) << uid << " -> " << p;
  }
  EXPECT_NE(safeComponent("../../x"), safeComponent("../../y"));
}
