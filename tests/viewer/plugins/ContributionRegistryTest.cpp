// ContributionRegistry: id rules, order, removal and ranking of loadables (no plugins loaded).
#include <gtest/gtest.h>

#include <cmath>

#include "PluginTestUtil.h"
#include "fv/viewer/ContributionRegistry.h"

using fv::plugin::SeriesLoadable;
using fv::viewer::ContributionRegistry;

namespace {

class NamedTool final : public fv::plugin::ViewportTool {
 public:
  explicit NamedTool(QString id) : m_id(std::move(id)) {}
  QString id() const override { return m_id; }
  QString name() const override { return m_id; }

 private:
  QString m_id;
};

/// Offers fixed confidences for series of one modality ("" = any).
class FixedHandler final : public fv::plugin::SeriesHandler {
 public:
  FixedHandler(QString id, std::vector<double> confidences, std::string modality = {})
      : m_id(std::move(id)),
        m_confidences(std::move(confidences)),
        m_modality(std::move(modality)) {}
  QString id() const override { return m_id; }
  std::vector<SeriesLoadable> examine(const fv::dicom::Series& series) const override {
    if (!m_modality.empty() && series.key.modality != m_modality) return {};
    std::vector<SeriesLoadable> out;
    for (double c : m_confidences) out.push_back({m_id + QStringLiteral(" %1").arg(c), c, {}, -1});
    return out;
  }

 private:
  QString m_id;
  std::vector<double> m_confidences;
  std::string m_modality;
};

fv::plugin::Command command(const QString& id) {
  fv::plugin::Command c;
  c.id = id;
  c.run = [](fv::plugin::ViewerServices&) {};
  return c;
}

fv::plugin::Workflow workflow(const QString& id) {
  fv::plugin::Workflow w;
  w.id = id;
  return w;
}

std::string message(const fv::dicom::Status& s) {
  return s ? std::string() : s.error().message;
}

}  // namespace

struct IdCase {
  const char* id;
  bool accepted;
  const char* why;  ///< part of the rejection message
};

TEST(ContributionRegistry, AcceptsOnlyIdsOfTheFormPluginKindName) {
  const IdCase cases[] = {
      {"mine.tool.ruler", true, ""},
      {"mine.tool.needle-tip_2", true, ""},
      {"other.tool.ruler", false, "does not belong to plugin \"mine\""},
      {"mine2.tool.ruler", false, "does not belong"},  // a prefix of the id is not enough
      {"mine.panel.ruler", false, "wrong kind word"},
      {"mine.tools.ruler", false, "wrong kind word"},
      {"mine.tool.", false, "invalid name"},
      {"mine.tool.a.b", false, "invalid name"},
      {"mine.tool.a b", false, "invalid name"},
      {"", false, "without an id"},
  };
  for (const IdCase& c : cases) {
    ContributionRegistry registry;
    const fv::dicom::Status status = registry.addTool("mine", std::make_shared<NamedTool>(c.id));
    EXPECT_EQ(bool(status), c.accepted) << c.id;
    if (!c.accepted) {
      EXPECT_NE(message(status).find(c.why), std::string::npos) << c.id << ": " << message(status);
      EXPECT_TRUE(registry.tools().empty());
    }
  }
}

TEST(ContributionRegistry, RejectsForeignOrDuplicateContributionIds) {
  ContributionRegistry registry;
  ASSERT_TRUE(registry.addTool("mine", std::make_shared<NamedTool>("mine.tool.ruler")));
  const fv::dicom::Status duplicate =
      registry.addTool("mine", std::make_shared<NamedTool>("mine.tool.ruler"));
  ASSERT_FALSE(duplicate);
  EXPECT_NE(message(duplicate).find("already registered"), std::string::npos) << message(duplicate);
  // Another plugin cannot take over (or shadow) the id either.
  EXPECT_FALSE(registry.addTool("other", std::make_shared<NamedTool>("mine.tool.ruler")));
  EXPECT_FALSE(registry.addCommand("mine", command("other.command.x")));
  EXPECT_FALSE(registry.addWorkflow("mine", workflow("mine.workflow")));
  EXPECT_FALSE(registry.addTool("mine", nullptr));
  fv::plugin::Command noRun = command("mine.command.empty");
  noRun.run = nullptr;
  EXPECT_FALSE(registry.addCommand("mine", noRun));

  ASSERT_EQ(registry.tools().size(), 1u);
  EXPECT_EQ(registry.ownerOf("mine.tool.ruler"), "mine");
  EXPECT_EQ(registry.ids(), QStringList{"mine.tool.ruler"});
}

TEST(ContributionRegistry, ListsContributionsInRegistrationOrderAndFindsThemById) {
  ContributionRegistry registry;
  ASSERT_TRUE(registry.addTool("b", std::make_shared<NamedTool>("b.tool.zoom")));
  ASSERT_TRUE(registry.addTool("a", std::make_shared<NamedTool>("a.tool.angle")));
  ASSERT_TRUE(registry.addCommand("a", command("a.command.save")));
  ASSERT_TRUE(registry.addWorkflow("b", workflow("b.workflow.review")));

  ASSERT_EQ(registry.tools().size(), 2u);
  EXPECT_EQ(registry.tools()[0]->id(), "b.tool.zoom");
  EXPECT_EQ(registry.tools()[1]->id(), "a.tool.angle");
  EXPECT_EQ(registry.ids(),
            (QStringList{"b.tool.zoom", "a.tool.angle", "a.command.save", "b.workflow.review"}));
  EXPECT_EQ(registry.tool("a.tool.angle"), registry.tools()[1]);
  EXPECT_EQ(registry.tool("a.tool.missing"), nullptr);
  ASSERT_TRUE(registry.command("a.command.save"));
  EXPECT_FALSE(registry.command("a.tool.angle"));  // ids are per kind
  EXPECT_TRUE(registry.workflow("b.workflow.review"));
}

TEST(ContributionRegistry, RemovesEverythingOfOnePlugin) {
  ContributionRegistry registry;
  ASSERT_TRUE(registry.addTool("a", std::make_shared<NamedTool>("a.tool.one")));
  ASSERT_TRUE(registry.addTool("b", std::make_shared<NamedTool>("b.tool.two")));
  ASSERT_TRUE(registry.addCommand("a", command("a.command.three")));
  registry.removePlugin("a");
  EXPECT_EQ(registry.ids(), QStringList{"b.tool.two"});
  EXPECT_EQ(registry.tools().size(), 1u);
  EXPECT_TRUE(registry.commands().empty());
  EXPECT_EQ(registry.ownerOf("a.tool.one"), "");
  EXPECT_TRUE(
      registry.addTool("a", std::make_shared<NamedTool>("a.tool.one")));  // the id is free again
}

TEST(ContributionRegistry, PrefersTheMostConfidentLoadable) {
  const fv::dicom::Series* xa = fv::test::demoSeries("XA");
  const fv::dicom::Series* mr = fv::test::demoSeries("MR");
  ASSERT_TRUE(xa && mr);
  ContributionRegistry registry;
  ASSERT_TRUE(registry.addSeriesHandler(
      "a", std::make_shared<FixedHandler>("a.handler.generic", std::vector{0.2})));
  ASSERT_TRUE(registry.addSeriesHandler(
      "b", std::make_shared<FixedHandler>("b.handler.fluoro", std::vector{0.4, 0.9}, "XA")));
  ASSERT_TRUE(registry.addSeriesHandler(
      "c", std::make_shared<FixedHandler>("c.handler.other", std::vector{0.2})));

  const auto ranked = registry.bestLoadables(*xa);
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_EQ(ranked[0].handlerId, "b.handler.fluoro");
  EXPECT_DOUBLE_EQ(ranked[0].loadable.confidence, 0.9);
  EXPECT_EQ(ranked[1].handlerId, "b.handler.fluoro");
  EXPECT_DOUBLE_EQ(ranked[1].loadable.confidence, 0.4);
  EXPECT_EQ(ranked[2].handlerId, "a.handler.generic");  // equal confidence: registration order
  EXPECT_EQ(ranked[3].handlerId, "c.handler.other");

  const auto forMr = registry.bestLoadables(*mr);  // the fluoroscopy handler does not apply
  ASSERT_EQ(forMr.size(), 2u);
  EXPECT_EQ(forMr[0].handlerId, "a.handler.generic");
}

TEST(ContributionRegistry, ClampsConfidenceSoNoHandlerCanOutbidCertainty) {
  const fv::dicom::Series* xa = fv::test::demoSeries("XA");
  ASSERT_TRUE(xa);
  ContributionRegistry registry;
  ASSERT_TRUE(registry.addSeriesHandler(
      "a", std::make_shared<FixedHandler>("a.handler.sure", std::vector{1.0})));
  ASSERT_TRUE(registry.addSeriesHandler(
      "b",
      std::make_shared<FixedHandler>("b.handler.greedy", std::vector{7.0, -3.0, std::nan("")})));
  const auto ranked = registry.bestLoadables(*xa);
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_EQ(ranked[0].handlerId, "a.handler.sure");  // 7 became 1: a tie, and "a" came first
  EXPECT_DOUBLE_EQ(ranked[1].loadable.confidence, 1.0);
  EXPECT_DOUBLE_EQ(ranked[2].loadable.confidence, 0.0);
  EXPECT_DOUBLE_EQ(ranked[3].loadable.confidence, 0.0);
}
