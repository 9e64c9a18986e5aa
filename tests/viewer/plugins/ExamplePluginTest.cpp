// The example plugin's contributions, used through the host's guarded proxies as the viewer does.
#include <gtest/gtest.h>

#include <QImage>
#include <QLabel>
#include <QPainter>

#include "PluginTestUtil.h"
#include "RecordingViewerServices.h"

using fv::test::demoSeries;
using fv::test::FakeViewport;
using fv::test::RecordingViewerServices;

namespace {

struct ExampleHost {
  RecordingViewerServices viewer{fv::test::demoIndex()};
  fv::viewer::PluginHost host{viewer};
  ExampleHost() { host.loadAll({fv::test::testPluginDir()}); }
};

QImage paintTool(fv::plugin::ViewportTool& tool, fv::plugin::ViewportContext& viewport) {
  QImage image(200, 200, QImage::Format_ARGB32);
  image.fill(Qt::transparent);
  QPainter painter(&image);
  tool.paint(viewport, painter);
  return image;
}

fv::plugin::ToolEvent press(QPointF image, Qt::MouseButton button = Qt::LeftButton) {
  fv::plugin::ToolEvent e;
  e.imagePos = image;
  e.button = button;
  return e;
}

}  // namespace

TEST(ExamplePlugin, MarkerToolCirclesEachClickedPointOnItsFrame) {
  ExampleHost t;
  const auto marker = t.host.registry().tool("example.tool.marker");
  ASSERT_TRUE(marker);
  FakeViewport viewport(demoSeries("XA"));  // image (x, y) is at widget (x / 2 + 10, y / 2 + 20)
  viewport.setFrame(3);

  EXPECT_FALSE(marker->mousePress(viewport, press({100, 60}, Qt::RightButton)));
  EXPECT_TRUE(marker->mousePress(viewport, press({100, 60})));
  EXPECT_EQ(viewport.repaints, 1);
  EXPECT_TRUE(t.viewer.hasMessage("Marker: 1 click(s)"));

  const QImage drawn = paintTool(*marker, viewport);
  EXPECT_GT(drawn.pixelColor(60 + 6, 50).alpha(), 0);  // on the circle around widget (60, 50)
  EXPECT_GT(drawn.pixelColor(60, 50 - 6).alpha(), 0);
  EXPECT_EQ(drawn.pixelColor(60, 50).alpha(), 0);  // its centre stays clear
  EXPECT_EQ(drawn.pixelColor(150, 150).alpha(), 0);

  viewport.setFrame(4);  // points belong to the frame they were set on
  EXPECT_EQ(paintTool(*marker, viewport).pixelColor(66, 50).alpha(), 0);
  EXPECT_TRUE(marker->mousePress(viewport, press({10, 10})));
  EXPECT_TRUE(t.viewer.hasMessage("Marker: 2 click(s)"));

  FakeViewport empty;
  EXPECT_FALSE(marker->mousePress(empty, press({10, 10})));
}

TEST(ExamplePlugin, InfoPanelFollowsTheActiveViewportsFrame) {
  ExampleHost t;
  FakeViewport xa(demoSeries("XA"));
  FakeViewport mr(demoSeries("MR"));
  t.viewer.setActiveViewport(&xa);
  std::unique_ptr<QWidget> panel(t.host.registry().panel("example.panel.info")->create(t.viewer));
  auto* label = panel->findChild<QLabel*>("example-frame");
  ASSERT_TRUE(label);
  EXPECT_EQ(label->text(), "Frame 1 / 24");

  xa.setFrame(7);
  emit t.viewer.events().frameChanged(&xa, 7);
  EXPECT_EQ(label->text(), "Frame 8 / 24");
  emit t.viewer.events().frameChanged(&mr, 2);  // not the active viewport
  EXPECT_EQ(label->text(), "Frame 8 / 24");
  t.viewer.setActiveViewport(&mr);
  EXPECT_EQ(label->text(), "Frame 1 / 32");
  t.viewer.setActiveViewport(nullptr);
  EXPECT_EQ(label->text(), "No image");
}

TEST(ExamplePlugin, HelloCommandShowsAMessage) {
  ExampleHost t;
  const auto hello = t.host.registry().command("example.command.hello");
  ASSERT_TRUE(hello);
  hello->run(t.viewer);
  EXPECT_TRUE(t.viewer.hasMessage("Hello from the example plugin"))
      << t.viewer.allMessages().toStdString();
  EXPECT_FALSE(t.viewer.messages.back().error);
}
