// The guard and the guarded proxies on their own (white box: viewer/src/plugins).
#include <gtest/gtest.h>

#include <stdexcept>

#include <QSignalSpy>

#include "GuardedExporter.h"
#include "GuardedSeriesHandler.h"
#include "PluginGuard.h"
#include "PluginTestUtil.h"
#include "RecordingViewerServices.h"

using fv::viewer::PluginGuard;

namespace {

class ThrowingExporter final : public fv::plugin::Exporter {
 public:
  QString id() const override { return QStringLiteral("p.exporter.record"); }
  QString name() const override { return QStringLiteral("Record"); }
  fv::dicom::Result<std::shared_ptr<fv::plugin::ExportJob>> prepare(fv::plugin::ViewerServices&,
                                                                    QWidget*) override {
    ++calls;
    throw std::runtime_error("disk on fire");
  }
  int calls = 0;
};

class ThrowingHandler final : public fv::plugin::SeriesHandler {
 public:
  QString id() const override { return QStringLiteral("p.handler.bad"); }
  std::vector<fv::plugin::SeriesLoadable> examine(const fv::dicom::Series&) const override {
    throw std::out_of_range("tag missing");
  }
};

}  // namespace

TEST(PluginGuard, DisablesOnTheFirstExceptionAndNeverCallsThePluginAgain) {
  PluginGuard guard("p");
  QSignalSpy spy(&guard, &PluginGuard::disabled);
  int calls = 0;
  EXPECT_EQ(guard.call("tool p.tool.x", "mousePress", -1, [&] { return ++calls; }), 1);
  EXPECT_EQ(guard.call("tool p.tool.x", "mousePress", -1,
                       [&]() -> int {
                         ++calls;
                         throw std::runtime_error("boom");
                       }),
            -1);
  EXPECT_FALSE(guard.enabled());
  EXPECT_EQ(guard.message(), "p: tool p.tool.x threw in mousePress: boom");
  EXPECT_EQ(guard.call("tool p.tool.x", "mousePress", -1, [&] { return ++calls; }), -1);
  EXPECT_EQ(calls, 2);
  ASSERT_EQ(spy.count(), 1);
  EXPECT_EQ(spy[0][0].toString(), guard.message());
}

TEST(PluginGuard, ReportsExceptionsThatAreNotStdExceptions) {
  PluginGuard guard("p");
  EXPECT_FALSE(guard.run("command p.command.c", "run", [] { throw 42; }));
  EXPECT_EQ(guard.message(),
            "p: command p.command.c threw in run: unknown exception (not a std::exception)");
}

TEST(GuardedExporter, ReturnsAnErrorInsteadOfThrowing) {
  auto guard = std::make_shared<PluginGuard>("p");
  auto exporter = std::make_shared<ThrowingExporter>();
  fv::viewer::GuardedExporter guarded(exporter, guard);
  fv::test::RecordingViewerServices viewer;
  const fv::dicom::Status first = fv::test::runExport(guarded, viewer, "/tmp/out");
  ASSERT_FALSE(first);
  EXPECT_NE(
      first.error().message.find("exporter p.exporter.record threw in prepare: disk on fire"),
      std::string::npos)
      << first.error().message;
  const fv::dicom::Status second = fv::test::runExport(guarded, viewer, "/tmp/out");
  EXPECT_FALSE(second);
  EXPECT_EQ(exporter->calls, 1);
}

TEST(GuardedSeriesHandler, OffersNothingWhenItsPluginThrows) {
  const fv::dicom::Series* xa = fv::test::demoSeries("XA");
  ASSERT_TRUE(xa);
  auto guard = std::make_shared<PluginGuard>("p");
  fv::viewer::GuardedSeriesHandler handler(std::make_shared<ThrowingHandler>(), guard);
  EXPECT_EQ(handler.id(), "p.handler.bad");
  EXPECT_TRUE(handler.examine(*xa).empty());
  EXPECT_EQ(guard->message(), "p: handler p.handler.bad threw in examine: tag missing");
}
