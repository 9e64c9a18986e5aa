// Shared helpers of the plugin host tests.
#pragma once

#include <algorithm>
#include <optional>
#include <string>

#include <QByteArray>
#include <QThread>
#include <utility>
#include <vector>
#include <QString>

#include "TestData.h"
#include "fv/dicom/Indexer.h"
#include "fv/viewer/PluginHost.h"
#include "fv/viewer/plugin/Contributions.h"

namespace fv::test {

/// Where the test plugins are built (tests/plugins): example, broken-*, wrong-version, notaplugin.
inline QString testPluginDir() {
  return QStringLiteral(FV_TEST_PLUGIN_DIR);
}

/// Where the faulty test plugin is built (a folder of its own: tests/plugins/faulty).
inline QString faultyPluginDir() {
  return QStringLiteral(FV_FAULTY_PLUGIN_DIR);
}

/// Sets an environment variable for one scope (then restores it).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const QByteArray& value)
      : m_name(name), m_wasSet(qEnvironmentVariableIsSet(name)), m_old(qgetenv(name)) {
    qputenv(name, value);
  }
  ~ScopedEnv() { m_wasSet ? qputenv(m_name, m_old) : qunsetenv(m_name); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* m_name;
  bool m_wasSet;
  QByteArray m_old;
};

/// The record of plugin `id`, if the host saw one.
inline std::optional<fv::viewer::PluginRecord> recordOf(const fv::viewer::PluginHost& host,
                                                        const QString& id) {
  const auto records = host.plugins();
  const auto it =
      std::find_if(records.begin(), records.end(), [&](const auto& r) { return r.id == id; });
  return it == records.end() ? std::nullopt : std::optional(*it);
}

/// The demo study (fluoroscopy cine + hip MR), indexed once per test program.
inline const fv::dicom::DicomIndex& demoIndex() {
  static const fv::dicom::DicomIndex index = fv::dicom::indexPaths({fv::test::testdata("demo")});
  return index;
}

/// The demo's series of `modality` ("XA" or "MR").
inline const fv::dicom::Series* demoSeries(const std::string& modality) {
  for (const fv::dicom::Series* s : demoIndex().allSeries())
    if (s->key.modality == modality) return s;
  return nullptr;
}

/// An ExportControl that records where and how often progress came, and can cancel.
struct RecordingExportControl final : fv::plugin::ExportControl {
  void progress(int done, int total) override {
    last = {done, total};
    threads.push_back(QThread::currentThread());
  }
  bool cancelled() const override { return cancel; }
  std::pair<int, int> last{-1, -1};
  std::vector<QThread*> threads;
  bool cancel = false;
};

/// What File → Export does, without the dialogs: prepare() (no parent), run() into `folder`,
/// finished(). A cancelled prepare is an error "cancelled".
inline fv::dicom::Status runExport(fv::plugin::Exporter& exporter, fv::plugin::ViewerServices& viewer,
                                   const QString& folder, RecordingExportControl* control = nullptr) {
  auto job = exporter.prepare(viewer, nullptr);
  if (!job) return job.error();
  if (!*job) return fv::dicom::makeError(fv::dicom::ErrorCode::Cancelled, "cancelled");
  RecordingExportControl own;
  const fv::dicom::Status status = (*job)->run(folder, control ? *control : own);
  (*job)->finished(viewer, status);
  return status;
}

}  // namespace fv::test
