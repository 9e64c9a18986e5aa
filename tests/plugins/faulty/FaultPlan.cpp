#include "FaultPlan.h"

#include <stdexcept>

#include <QEventLoop>
#include <QStringList>
#include <QTimer>

namespace fv::test::faulty {
namespace {

Fault faultNamed(const QString& word) {
  if (word == QLatin1String("throw")) return Fault::Throw;
  if (word == QLatin1String("garbage")) return Fault::Garbage;
  if (word == QLatin1String("hang")) return Fault::Hang;
  if (word == QLatin1String("modal")) return Fault::Modal;
  return Fault::None;
}

}  // namespace

FaultPlan FaultPlan::fromEnvironment() {
  FaultPlan plan;
  const QStringList entries =
      qEnvironmentVariable("FV_FAULTY_MODE").split(u',', Qt::SkipEmptyParts);
  for (const QString& entry : entries) {
    const QStringList parts = entry.trimmed().split(u':');
    if (parts.size() < 2) continue;
    plan.m_faults.insert(parts[0], {faultNamed(parts[1]), parts.value(2)});
  }
  plan.m_hang = std::chrono::milliseconds(qEnvironmentVariableIntValue("FV_FAULTY_HANG_MS"));
  return plan;
}

void FaultControl::hang(std::chrono::milliseconds limit) {
  std::unique_lock lock(m_mutex);
  if (limit.count() > 0)
    m_released.wait_for(lock, limit, [&] { return m_releasedFlag; });
  else
    m_released.wait(lock, [&] { return m_releasedFlag; });
}

void FaultControl::release() {
  {
    std::lock_guard lock(m_mutex);
    m_releasedFlag = true;
  }
  m_released.notify_all();
}

void FaultControl::rearm() {
  std::lock_guard lock(m_mutex);
  m_releasedFlag = false;
  m_calls.clear();
}

void FaultControl::count(const QString& call) {
  std::lock_guard lock(m_mutex);
  ++m_calls[call];
}

int FaultControl::calls(const QString& call) const {
  std::lock_guard lock(m_mutex);
  return m_calls.value(call);
}

Fault act(const FaultPlan& plan, FaultControl& control, const QString& call) {
  control.count(call);
  const Fault fault = plan.fault(call);
  switch (fault) {
    case Fault::Throw:
      throw std::runtime_error("faulty " + call.toStdString() + " threw on purpose");
    case Fault::Hang:
      control.hang(plan.hangTime());
      break;
    case Fault::Modal: {
      // What QDialog::exec() does: the viewer's event loop keeps turning while we wait.
      QEventLoop loop;
      QTimer::singleShot(plan.hangTime().count() > 0 ? int(plan.hangTime().count()) : 300, &loop,
                         &QEventLoop::quit);
      loop.exec();
      break;
    }
    case Fault::None:
    case Fault::Garbage:
      break;
  }
  return fault;
}

}  // namespace fv::test::faulty
