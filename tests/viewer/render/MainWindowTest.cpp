// The main window (added once the browser and plugin host are in).
#include <gtest/gtest.h>
