// Shared by the steps of one teaching-file export: cancel and progress.
#pragma once

#include <algorithm>
#include <mutex>

#include "fv/teaching/TeachingExport.h"

namespace fv::teaching::detail {

/// True once the request's cancel flag is set.
inline bool cancelled(const TeachingRequest& rq) {
  return rq.cancel && rq.cancel->load();
}

/// The error a cancelled export returns.
inline fv::dicom::Error cancelError(const TeachingRequest& rq) {
  return fv::dicom::makeError(fv::dicom::ErrorCode::Cancelled,
                              "the teaching-file export was cancelled", rq.out);
}

/// Reports progress from several threads, one call at a time; the total may grow.
class Progress {
 public:
  Progress(const TeachingRequest& rq, size_t total) : m_rq(rq), m_total(total) {}
  void step() {
    if (!m_rq.progress) return;
    std::lock_guard lock(m_mutex);
    ++m_done;
    m_rq.progress(m_done, std::max(m_total, m_done));
  }
  void addSteps(size_t n) {
    std::lock_guard lock(m_mutex);
    m_total += n;
  }

 private:
  const TeachingRequest& m_rq;
  std::mutex m_mutex;
  size_t m_done = 0, m_total;
};

}  // namespace fv::teaching::detail
