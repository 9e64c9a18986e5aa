// Every file of public DICOM collections we did not write, through our index and decode, compared
// sample by sample with GDCM's decode (gdcmconv --raw, read with pydicom/numpy). Zero crashes, zero
// silent disagreements: a file whose outcome is anything but "equal" (or both sides agreeing there
// is nothing to decode) must be listed in tests/corpus/expectations.tsv with the reason, and an
// entry that no longer holds fails too. Each collection skips visibly when it is not installed.
// The per-file results go to <build>/tests/corpus/report-<collection>.md (docs/corpus.md).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>

#include "Collections.h"
#include "Expectations.h"
#include "GdcmReference.h"
#include "OurDecode.h"
#include "Outcome.h"
#include "TestData.h"
#include "fv/dicom/TransferSyntax.h"

using namespace fv::corpus;
namespace fs = std::filesystem;

namespace {

const fs::path kWork = fs::path(FV_BINARY_DIR) / "tests" / "corpus";
const std::string kTable =
    (fs::path(FV_SOURCE_DIR) / "tests" / "corpus" / "expectations.tsv").string();

std::string cell(std::string s) {
  for (char& c : s)
    if (c == '|' || c == '\n') c = ' ';
  return s;
}

std::string syntaxName(const std::string& uid) {
  return uid.empty() ? "" : fv::dicom::transferSyntaxName(uid);
}

// The Markdown report of one collection (docs/corpus.md shows the summary).
void writeReport(const Collection& c, const std::vector<std::pair<CorpusFile, Outcome>>& rows,
                 const std::map<std::string, size_t>& counts,
                 const std::vector<std::string>& syntaxes) {
  fs::create_directories(kWork);
  std::ofstream md(kWork / ("report-" + c.name + ".md"));
  md << "# Corpus: " << c.name << " (" << c.source << ", " << rows.size() << " files)\n\n";
  for (const auto& [kind, n] : counts) md << "- " << kind << ": " << n << "\n";
  md << "\n| file | transfer syntax | outcome | checksum | detail |\n|---|---|---|---|---|\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& [f, o] = rows[i];
    md << "| " << cell(f.relative) << " | " << syntaxName(syntaxes[i]) << " | " << o.kind << " | "
       << (o.kind == "equal" || o.kind == "differs" ? std::to_string(o.checksum) : "") << " | "
       << cell(o.detail) << " |\n";
  }
}

class CorpusCollection : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(CorpusCollection, EveryFileAgreesWithGdcmOrIsListedWithItsReason) {
  const Collection c = collectionNamed(GetParam());
  if (c.root.empty())
    GTEST_SKIP() << "collection " << c.name << " is not on this machine (" << c.source << ")";
  std::string missing;
  if (!referenceToolsPresent(missing)) GTEST_SKIP() << "the GDCM reference needs " << missing;

  std::string error;
  const auto files = corpusFiles(c, (kWork / "unpacked").string(), error);
  ASSERT_TRUE(error.empty()) << error;
  ASSERT_FALSE(files.empty()) << c.root << " holds no files";
  std::vector<std::string> paths;
  for (const auto& f : files) paths.push_back(f.path);
  const auto t0 = std::chrono::steady_clock::now();
  const auto refs = gdcmReferences(paths, (kWork / "gdcm-cache").string(), error);
  ASSERT_TRUE(error.empty()) << error;
  const auto t1 = std::chrono::steady_clock::now();

  std::vector<std::string> tableErrors;
  const auto table = readExpectations(kTable, tableErrors);
  ASSERT_TRUE(tableErrors.empty()) << tableErrors.front();
  std::map<std::string, const Expectation*> expected;
  for (const auto& e : table)
    if (e.collection == c.name) expected[e.file] = &e;

  std::vector<std::pair<CorpusFile, Outcome>> rows;
  std::vector<std::string> syntaxes;
  std::map<std::string, size_t> counts;
  size_t frames = 0;
  const bool verbose = std::getenv("FV_CORPUS_VERBOSE") != nullptr;
  for (const auto& f : files) {
    if (verbose) std::fprintf(stderr, "corpus: %s/%s\n", c.name.c_str(), f.relative.c_str());
    const OurDecode ours = decodeWithFluoroView(f.path);
    const Outcome o = compareWithGdcm(ours, refs.at(f.path));
    frames += ours.decoded.size();
    ++counts[o.kind];
    auto it = expected.find(f.relative);
    if (it == expected.end()) {
      EXPECT_TRUE(o.agrees()) << c.name << "/" << f.relative << ": " << o.kind << ": " << o.detail
                              << "\n  not in " << kTable << "; fix it, or review and add:\n  "
                              << suggestedRow(c.name, f.relative, o);
    } else {
      std::string why;
      EXPECT_TRUE(meets(*it->second, o, why))
          << c.name << "/" << f.relative << " (expectations.tsv:" << it->second->line
          << "): " << why;
      expected.erase(it);
    }
    syntaxes.push_back(ours.transferSyntaxUid);
    rows.emplace_back(f, o);
  }
  for (const auto& [file, e] : expected)
    ADD_FAILURE() << "expectations.tsv:" << e->line << " names " << c.name << "/" << file
                  << ", which the collection does not hold: remove the row";
  const auto t2 = std::chrono::steady_clock::now();
  writeReport(c, rows, counts, syntaxes);

  std::printf(
      "corpus %s: %zu files, %zu frames decoded; GDCM reference %.1f s, FluoroView %.1f s\n",
      c.name.c_str(), files.size(), frames, std::chrono::duration<double>(t1 - t0).count(),
      std::chrono::duration<double>(t2 - t1).count());
  for (const auto& [kind, n] : counts) std::printf("  %-24s %zu\n", kind.c_str(), n);
  std::printf("  report: %s\n", (kWork / ("report-" + c.name + ".md")).string().c_str());
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusCollection,
                         ::testing::Values("shared", "pydicom-test-files", "pydicom-charset-files",
                                           "nibabel-nicom", "octave-dicom", "gdcm-examples",
                                           "dicom3tools-examples"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& ch : n)
                             if (ch == '-') ch = '_';
                           return n;
                         });

TEST(CorpusExpectations, EveryRowIsWellFormedAndNamesAKnownCollection) {
  std::vector<std::string> errors;
  const auto table = readExpectations(kTable, errors);
  for (const auto& e : errors) ADD_FAILURE() << e;
  std::vector<std::string> names;
  for (const auto& c : corpusCollections()) names.push_back(c.name);
  for (const auto& e : table)
    EXPECT_NE(std::find(names.begin(), names.end(), e.collection), names.end())
        << "expectations.tsv:" << e.line << ": unknown collection " << e.collection;
  EXPECT_FALSE(table.empty());
}
