#include "fv/net/Query.h"

namespace fv::net {

const char* toString(QueryLevel level) {
  switch (level) {
    case QueryLevel::Study: return "study";
    case QueryLevel::Series: return "series";
    case QueryLevel::Instance: return "instance";
  }
  return "study";
}

}  // namespace fv::net
