// Background work of the PACS UI: std::jthreads owned by a widget, stopped and joined when it
// goes away; results go back to the GUI thread with QMetaObject::invokeMethod (queued).
#pragma once

#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <stop_token>
#include <thread>
#include <utility>

#include <QMetaObject>
#include <QObject>

#include "fv/net/Node.h"

namespace fv::viewer::pacs {

/// Threads of one owner. The owner's destructor must destroy this first (declare it last).
class PacsWorkers {
 public:
  PacsWorkers() = default;
  PacsWorkers(const PacsWorkers&) = delete;
  PacsWorkers& operator=(const PacsWorkers&) = delete;
  ~PacsWorkers() { stopAll(); }

  /// Runs `work` on a new thread with `stop` (a stop request from stopAll() or `external`).
  void run(std::function<void(std::stop_token)> work) {
    m_threads.remove_if([](const Entry& e) { return e.done->load(); });
    auto done = std::make_shared<std::atomic<bool>>(false);
    m_threads.push_back(
        Entry{done, std::jthread([work = std::move(work), done](std::stop_token st) {
                try {
                  work(st);
                } catch (...) {  // never across the thread boundary
                }
                done->store(true);
              })});
  }
  /// Requests every thread to stop and waits for them.
  void stopAll() {
    for (auto& e : m_threads) e.thread.request_stop();
    m_threads.clear();  // joins
  }

 private:
  struct Entry {
    std::shared_ptr<std::atomic<bool>> done;
    std::jthread thread;
  };
  std::list<Entry> m_threads;
};

/// Calls `f` on `context`'s thread later (dropped if context is gone by then).
template <class F>
void onGui(QObject* context, F&& f) {
  QMetaObject::invokeMethod(context, std::forward<F>(f), Qt::QueuedConnection);
}

/// C-ECHO / QIDO ping of `node` (blocking: call on a worker): "OK (12 ms)" or the error; `ok`.
QString echoText(const fv::net::Node& node, bool* ok);

}  // namespace fv::viewer::pacs
