// Crash-safe saving (docs/reliability.md): fluoroview-cli's writers killed with SIGKILL at random
// moments, and saving into read-only, vanishing and full folders. Every file with a final name is
// complete, the source never changes, a failure is exit 2 naming the path and the reason.
#include <gtest/gtest.h>

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "CrashHarness.h"
#include "TestData.h"
#include "fv/dicom/AtomicFile.h"

namespace fs = std::filesystem;
using namespace fv::test::crash;
using fv::test::q;

namespace {

std::vector<std::string> confirmArgs(const std::string& source, const std::string& out) {
  return {"confirm", source, "--frame", "17", "--tip", "218,219", "--target", "219.48,219.71",
          "--entry", "52,115", "--label", "R hip", "--out", out, "--json"};
}

std::vector<std::string> renderArgs(const std::string& source, int frame, const std::string& png) {
  return {"render", source, "--frame", std::to_string(frame), "--out", png};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The five paths a completed `confirm --json` reports.
std::vector<std::string> writtenPaths(const std::string& jsonOut) {
  const QJsonObject r = QJsonDocument::fromJson(QByteArray::fromStdString(jsonOut)).object();
  std::vector<std::string> paths;
  for (const auto v : r["written"].toArray()) paths.push_back(v.toObject()["path"].toString().toStdString());
  for (const char* key : {"pdf", "json", "html"}) paths.push_back(r["record"].toObject()[key].toString().toStdString());
  return paths;
}

// `info --json DIR` as a user sees it: exit 0, no errors, no series warnings (duplicates).
QJsonObject expectCleanIndex(const std::string& dir) {
  const Outcome o = run({"info", "--json", dir});
  EXPECT_EQ(o.exitCode, 0) << o.out << o.err;
  const QJsonObject index = QJsonDocument::fromJson(QByteArray::fromStdString(o.out)).object();
  EXPECT_TRUE(index["errors"].toArray().isEmpty()) << o.out;
  for (const auto s : index["series"].toArray())
    EXPECT_TRUE(s.toObject()["warnings"].toArray().isEmpty()) << o.out;
  return index;
}

// DCMTK's dcmdump reads every final DICOM file of the ledger (a second, independent parser).
void expectDcmdumpReads(const std::string& dir, const FolderLedger& ledger) {
  if (!fv::test::haveTool("dcmdump")) {
    std::cout << "[ note     ] dcmdump is not installed: DCMTK cross-check skipped\n";
    return;
  }
  for (const auto& [name, hash] : ledger.finals()) {
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".dcm") == 0) {
      EXPECT_EQ(fv::test::run("dcmdump -q " + q(dir + "/" + name) + " >/dev/null"), 0) << name;
    }
  }
}

size_t countDicom(const FolderLedger& ledger) {
  size_t n = 0;
  for (const auto& [name, hash] : ledger.finals()) n += classify(name) <= Entry::Ko;
  return n;
}

bool isEmptyFolder(const std::string& dir) { return fs::is_directory(dir) && fs::is_empty(dir); }

// Children with the fault shim (FaultShim.c) preloaded and switched on by `env`.
ChildOptions withFaultShim(std::vector<std::string> env) {
  const char* asan = std::getenv("ASAN_OPTIONS");
  env.push_back(std::string("LD_PRELOAD=") + FV_FAULT_SHIM);
  env.push_back(std::string("ASAN_OPTIONS=") + (asan ? std::string(asan) + ":" : "") + "verify_asan_link_order=0");
  return {-1, env};
}

// A slow disk: writes in 16 KiB pieces 300 µs apart (the SC takes ~15 ms), so kills land mid-file.
ChildOptions slowDisk() { return withFaultShim({"FV_FAULT_SLOW_WRITES=300"}); }

}  // namespace

// SIGKILL at random moments of `confirm`, all saves into the folder that holds the source (the
// usual case). Half the delays are spread over a whole normal run; half over the writing phase
// (from the first file the writer creates, seen with inotify) on a slow disk (fault shim).
TEST(CrashSafeSave, KilledConfirmLeavesCompleteFilesOrNone) {
  const std::string dir = fv::test::tempDir("crash-confirm");
  const std::string source = copyDemo(dir);
  const auto mtime = fs::last_write_time(source);
  const auto args = [&](const std::string& out) { return confirmArgs(source, out); };
  const Timing t = measure(args, 3), slow = measure(args, 2, slowDisk());
  FolderLedger ledger;
  const std::set<std::string> ignore = {"source.dcm"};
  int nothing = 0, someFiles = 0, wholeSave = 0;
  size_t temporaries = 0;
  auto killAfter = [&](double delay, bool fromFirstWrite) {
    std::optional<CreateWatch> watch;
    if (fromFirstWrite) watch.emplace(dir);
    Cli cli(confirmArgs(source, dir), fromFirstWrite ? slowDisk() : ChildOptions{});
    if (fromFirstWrite) watch->wait(cli, 30);
    sleepFor(delay);
    cli.kill();
    const Outcome o = cli.wait();
    EXPECT_TRUE(o.killed || o.exitCode == 0) << o.err;
    const FolderLedger::Scan s = ledger.scan(dir, ignore);
    (s.newFinals == 0 ? nothing : s.newFinals < 8 ? someFiles : wholeSave)++;
    temporaries = s.temporaries;
  };
  for (double delay : spread(20, 1.25 * t.total)) killAfter(delay, false);
  for (double delay : spread(20, 1.25 * slow.writing)) killAfter(delay, true);
  std::cout << "[ kills    ] 40: " << nothing << " before any file, " << someFiles << " part of a save, "
            << wholeSave << " after the whole save; " << temporaries << " temporaries left\n";

  // A following save works, takes new names and changes nothing that is there.
  const auto before = ledger.finals();
  const Outcome o = run(confirmArgs(source, dir));
  ASSERT_EQ(o.exitCode, 0) << o.err;
  const std::vector<std::string> written = writtenPaths(o.out);
  ASSERT_EQ(written.size(), 8u) << o.out;
  for (const auto& p : written) EXPECT_FALSE(p.empty() || before.count(fs::path(p).filename().string())) << p;
  EXPECT_EQ(ledger.scan(dir, ignore).newFinals, 8u);

  // The index sees every complete DICOM file and the source, never a temporary, and no errors.
  const QJsonObject index = expectCleanIndex(dir);
  EXPECT_EQ(size_t(index["files"].toInt()), countDicom(ledger) + 1);
  expectDcmdumpReads(dir, ledger);
  EXPECT_TRUE(sameAsDemo(source));
  EXPECT_EQ(fs::last_write_time(source), mtime);
}

// `render --out FILE.png` replaces a PNG atomically: after a kill FILE.png is the old PNG, the new
// one (byte for byte) or, when there was none, absent. Delays as for confirm (slow disk included).
TEST(CrashSafeSave, KilledRenderLeavesTheOldOrTheNewPngNeverAPartialOne) {
  const std::string refs = fv::test::tempDir("crash-render-refs");
  const std::string source = copyDemo(refs);
  ASSERT_EQ(run(renderArgs(source, 1, refs + "/old.png")).exitCode, 0);
  ASSERT_EQ(run(renderArgs(source, 17, refs + "/new.png")).exitCode, 0);
  const std::string oldPng = slurp(refs + "/old.png"), newPng = slurp(refs + "/new.png");
  ASSERT_NE(oldPng, newPng);
  const std::string dir = fv::test::tempDir("crash-render"), png = dir + "/out.png";
  const auto args = [&](const std::string& out) { return renderArgs(source, 17, out + "/x.png"); };
  const Timing t = measure(args, 3), slow = measure(args, 2, slowDisk());
  int old = 0, none = 0, fresh = 0;
  auto killAfter = [&](int i, double delay, bool fromFirstWrite) {
    const bool hadOld = i % 2 == 0;
    if (hadOld) fs::copy_file(refs + "/old.png", png, fs::copy_options::overwrite_existing);
    else fs::remove(png);
    std::optional<CreateWatch> watch;
    if (fromFirstWrite) watch.emplace(dir);
    Cli cli(renderArgs(source, 17, png), fromFirstWrite ? slowDisk() : ChildOptions{});
    if (fromFirstWrite) watch->wait(cli, 30);
    sleepFor(delay);
    cli.kill();
    const Outcome o = cli.wait();
    EXPECT_TRUE(o.killed || o.exitCode == 0) << o.err;
    if (!fs::exists(png)) {
      EXPECT_FALSE(hadOld) << "the old PNG vanished";
      ++none;
    } else {
      const std::string now = slurp(png);
      EXPECT_TRUE(now == newPng || (hadOld && now == oldPng)) << "partial or foreign PNG, " << now.size() << " bytes";
      (now == newPng ? fresh : old)++;
    }
    for (const auto& e : fs::directory_iterator(dir)) {
      EXPECT_TRUE(e.path() == png || classify(e.path().filename().string()) == Entry::Temporary) << e.path();
    }
  };
  const auto whole = spread(15, 1.25 * t.total), writing = spread(15, 1.25 * slow.writing);
  for (int i = 0; i < 15; ++i) killAfter(i, whole[size_t(i)], false);
  for (int i = 0; i < 15; ++i) killAfter(i, writing[size_t(i)], true);
  std::cout << "[ kills    ] 30: " << old << " old PNG kept, " << none << " no PNG, " << fresh << " new PNG\n";
  ASSERT_EQ(run(renderArgs(source, 17, png)).exitCode, 0);  // and the next render works
  EXPECT_EQ(slurp(png), newPng);
  EXPECT_TRUE(sameAsDemo(source));
}

// What a kill can leave behind — a partial temporary, a complete one (killed between fsync and
// link) — is invisible to the indexer, and the next save into the folder works around it.
TEST(CrashSafeSave, TemporariesOfAKilledSaveAreIgnoredByTheIndexerAndTheNextSave) {
  const std::string scratch = fv::test::tempDir("crash-temps-scratch");
  const std::string source = copyDemo(scratch);
  ASSERT_EQ(run(confirmArgs(source, scratch)).exitCode, 0);
  const std::string dir = fv::test::tempDir("crash-temps");
  copyDemo(dir);
  const std::string sc = slurp(scratch + "/SC_frame017.dcm");
  const std::map<std::string, std::string> leftovers = {
      {".SC_frame017.dcm.fvtmp-Ab12Cd", sc.substr(0, sc.size() / 2)},
      {".KO.dcm.fvtmp-Xy98Zw", slurp(scratch + "/KO.dcm")},
      {".procedure.json.fvtmp-Qq11Rr", slurp(scratch + "/procedure.json").substr(0, 100)}};
  for (const auto& [name, bytes] : leftovers) {
    ASSERT_TRUE(fv::dicom::isAtomicTemporaryName(name)) << name;
    std::ofstream(dir + "/" + name, std::ios::binary) << bytes;
  }
  QJsonObject index = expectCleanIndex(dir);
  EXPECT_EQ(index["series"].toArray().size(), 1);  // the source only
  EXPECT_EQ(index["files"].toInt(), 1);
  EXPECT_EQ(index["skipped"].toInt(), 0);

  const Outcome o = run(confirmArgs(dir + "/source.dcm", dir));
  ASSERT_EQ(o.exitCode, 0) << o.err;
  EXPECT_TRUE(contains(o.out, dir + "/SC_frame017.dcm")) << o.out;  // no final name was taken
  for (const auto& [name, bytes] : leftovers) EXPECT_EQ(slurp(dir + "/" + name), bytes) << name;
  FolderLedger ledger;
  const FolderLedger::Scan s = ledger.scan(dir, {"source.dcm"});
  EXPECT_EQ(s.newFinals, 8u);
  EXPECT_EQ(s.temporaries, leftovers.size());  // fresh: kept
  index = expectCleanIndex(dir);
  EXPECT_EQ(index["series"].toArray().size(), 6);  // XA + SC + PR + SR + DOC + KO: no duplicate
  EXPECT_TRUE(sameAsDemo(dir + "/source.dcm"));
}

// A successful write removes our own temporaries that nobody touched for an hour — and nothing
// else: not rsync's ".name.XXXXXX", not a fresh one, not a symbolic link or a folder.
TEST(CrashSafeSave, StaleTemporariesOfOurOwnPatternAreRemovedAndNothingElse) {
  EXPECT_TRUE(fv::dicom::isAtomicTemporaryName(".a.fvtmp-Ab12Cd"));
  for (const char* name : {".SC_frame017.dcm.Ab12Cd", "SC.dcm.fvtmp-Ab12Cd", ".x.fvtmp-Ab12C", ".x.fvtmp-Ab12C!",
                           ".fvtmp-Ab12Cd", ".x.fvtmp-Ab12Cde"})
    EXPECT_FALSE(fv::dicom::isAtomicTemporaryName(name)) << name;

  const std::string dir = fv::test::tempDir("crash-stale");
  const std::string source = copyDemo(fv::test::tempDir("crash-stale-src"));
  const std::set<std::string> removed = {".SC_frame017.dcm.fvtmp-Old111", ".procedure.html.fvtmp-Old222"};
  const std::set<std::string> kept = {".SC_frame017.dcm.fvtmp-New333", ".SC_frame017.dcm.Old444",
                                      "SC_frame017.dcm.fvtmp-Old555", ".notes.fvtmp-Old66"};
  for (const auto& name : removed) std::ofstream(dir + "/" + name) << "partial";
  for (const auto& name : kept) std::ofstream(dir + "/" + name) << "not ours to delete";
  fs::create_directory(dir + "/.folder.fvtmp-Old777");
  fs::create_symlink(source, dir + "/.link.fvtmp-Old888");
  const timespec old[2] = {{::time(nullptr) - 2 * fv::dicom::kStaleTemporarySeconds, 0},
                           {::time(nullptr) - 2 * fv::dicom::kStaleTemporarySeconds, 0}};
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!contains(e.path().string(), "New333")) {
      ASSERT_EQ(::utimensat(AT_FDCWD, e.path().c_str(), old, AT_SYMLINK_NOFOLLOW), 0) << e.path();
    }
  }

  const Outcome o = run(confirmArgs(source, dir));
  ASSERT_EQ(o.exitCode, 0) << o.err;
  for (const auto& name : removed) EXPECT_FALSE(fs::exists(dir + "/" + name)) << name;
  for (const auto& name : kept) EXPECT_EQ(slurp(dir + "/" + name), "not ours to delete") << name;
  EXPECT_TRUE(fs::is_directory(dir + "/.folder.fvtmp-Old777"));
  EXPECT_TRUE(fs::is_symlink(dir + "/.link.fvtmp-Old888"));
  EXPECT_TRUE(sameAsDemo(source));
}

// A read-only folder: confirm and render are exit 2 naming the folder or file and "read-only";
// the folder is as it was (a PNG already there is kept). Made read-only by a read-only bind
// mount (EROFS, as for a write-protected medium); else chattr +i as root, chmod otherwise.
TEST(CrashSafeSave, ReadOnlyFolderIsExitTwoWithPathAndReasonAndWritesNothing) {
  const std::string dir = fv::test::tempDir("crash-readonly");
  const std::string source = copyDemo(fv::test::tempDir("crash-readonly-src"));
  ASSERT_EQ(run(renderArgs(source, 1, dir + "/out.png")).exitCode, 0);
  const std::string oldPng = slurp(dir + "/out.png");
  std::unique_ptr<Mount> mount = Mount::readOnly(dir);
  std::string how = "read-only bind mount";
  const bool root = ::geteuid() == 0;
  if (!mount && root) {
    how = "chattr +i";
    if (fv::test::run("chattr +i " + q(dir)) != 0) GTEST_SKIP() << "cannot make a folder read-only for root here";
  } else if (!mount) {
    how = "chmod 0555";
    ::chmod(dir.c_str(), 0555);
  }
  std::cout << "[ method   ] " << how << "\n";
  const Outcome confirm = run(confirmArgs(source, dir));
  const Outcome render = run(renderArgs(source, 17, dir + "/out.png"));
  if (mount) mount.reset();
  else if (root) fv::test::run("chattr -i " + q(dir));
  else ::chmod(dir.c_str(), 0755);

  EXPECT_EQ(confirm.exitCode, 2) << confirm.err;
  EXPECT_TRUE(contains(confirm.err, dir)) << confirm.err;
  EXPECT_TRUE(contains(confirm.err, "read-only")) << confirm.err;
  EXPECT_EQ(render.exitCode, 2) << render.err;
  EXPECT_TRUE(contains(render.err, dir + "/out.png")) << render.err;
  EXPECT_TRUE(contains(render.err, "read-only")) << render.err;
  std::vector<std::string> entries;
  for (const auto& e : fs::directory_iterator(dir)) entries.push_back(e.path().filename().string());
  EXPECT_EQ(entries, std::vector<std::string>{"out.png"});
  EXPECT_EQ(slurp(dir + "/out.png"), oldPng);
  EXPECT_TRUE(sameAsDemo(source));
}

// The output folder is removed — or moved away, as when a share or stick goes — while `confirm`
// runs: exit 0 (it was done) or exit 2 naming the path and the reason; the folder is never
// re-created, nothing is written elsewhere, and a moved folder holds only complete files.
TEST(CrashSafeSave, VanishingFolderIsExitTwoWithTheReasonAndLeavesNoPartialFile) {
  const std::string base = fv::test::tempDir("crash-vanish");
  const std::string source = copyDemo(fv::test::tempDir("crash-vanish-src"));
  const Timing t = measure([&](const std::string& out) { return confirmArgs(source, out); }, 2);
  const auto whole = spread(10, 1.25 * t.total), writing = spread(10, 1.25 * t.writing);
  int beforeStart = 0, midSave = 0, done = 0;
  for (int i = 0; i < 20; ++i) {
    const std::string out = base + "/out" + std::to_string(i), moved = base + "/moved" + std::to_string(i);
    fs::create_directory(out);
    const bool fromFirstWrite = i >= 10, moveAway = i % 2 == 1;
    std::optional<CreateWatch> watch;
    if (fromFirstWrite) watch.emplace(out);
    Cli cli(confirmArgs(source, out));
    if (fromFirstWrite) watch->wait(cli, 30);
    sleepFor(fromFirstWrite ? writing[size_t(i - 10)] : whole[size_t(i)]);
    std::error_code ec;
    if (moveAway) fs::rename(out, moved, ec);
    else
      for (int k = 0; k < 100 && fs::exists(out); ++k) fs::remove_all(out, ec);  // races with new files
    ASSERT_FALSE(fs::exists(out)) << ec.message();
    const Outcome o = cli.wait();
    ASSERT_TRUE(o.exitCode == 0 || o.exitCode == 2) << o.exitCode << " " << o.err;
    if (o.exitCode == 2) {
      EXPECT_TRUE(contains(o.err, out)) << o.err;
      EXPECT_TRUE(contains(o.err, "does not exist") || contains(o.err, "No such file")) << o.err;
      (contains(o.err, "output folder does not exist") ? beforeStart : midSave)++;
    } else {
      ++done;
    }
    EXPECT_FALSE(fs::exists(out)) << "the vanished folder was re-created";
    if (moveAway) FolderLedger().scan(moved);
  }
  std::cout << "[ vanish   ] 20: " << beforeStart << " before the save, " << midSave << " during it, " << done
            << " after it\n";
  for (const auto& e : fs::directory_iterator(base))
    EXPECT_EQ(e.path().filename().string().rfind("moved", 0), 0u) << "written elsewhere: " << e.path();
  EXPECT_TRUE(sameAsDemo(source));
}

// A disk that fills up (a small tmpfs, resized for each run so that the save fails at its first,
// a middle or its last file): exit 2 with the path and "the disk is full", and no file of the
// save — those already written are removed again; a PNG already there is kept.
TEST(CrashSafeSave, FullDiskIsExitTwoAndRemovesTheWholeSave) {
  const std::string scratch = fv::test::tempDir("crash-full-scratch");
  const std::string source = copyDemo(fv::test::tempDir("crash-full-src"));
  const Outcome normal = run(confirmArgs(source, scratch));
  ASSERT_EQ(normal.exitCode, 0) << normal.err;
  auto pages = [](const std::string& path) { return (fs::file_size(path) + 4095) / 4096; };
  size_t firstFour = 0, all = 0;  // pages of SC+PR+KO+JSON, and of all five
  for (const auto& p : writtenPaths(normal.out)) (contains(p, ".html") ? all : firstFour) += pages(p);
  all += firstFour;
  const std::string disk = fv::test::tempDir("crash-full-disk");
  std::unique_ptr<Mount> mount = Mount::tmpfs(disk, 4096);
  if (!mount) GTEST_SKIP() << "cannot mount a tmpfs here; FileSizeLimitIsExitTwoAndLeavesNoFile covers EFBIG";
  int laterFileFailed = 0;
  const size_t scPages = pages(scratch + "/SC_frame017.dcm");
  for (size_t size : {size_t(1), scPages - 2, scPages + 1, firstFour, firstFour + 8, all - 4, all + 64}) {
    for (const auto& e : fs::directory_iterator(disk)) fs::remove_all(e.path());
    ASSERT_TRUE(mount->resize(size * 4096));
    const Outcome o = run(confirmArgs(source, disk));
    if (size == all + 64) {
      EXPECT_EQ(o.exitCode, 0) << o.err;
      EXPECT_EQ(FolderLedger().scan(disk).newFinals, 8u);
      continue;
    }
    EXPECT_EQ(o.exitCode, 2) << size << " pages: " << o.err;
    EXPECT_TRUE(contains(o.err, disk + "/")) << o.err;
    EXPECT_TRUE(contains(o.err, "the disk is full")) << o.err;
    laterFileFailed += !contains(o.err, "SC_frame017.dcm");
    EXPECT_TRUE(isEmptyFolder(disk)) << size << " pages: files of a failed save are left";
  }
  EXPECT_GE(laterFileFailed, 2) << "no run failed after the SC was written (rollback untested)";

  // render into a full disk: the PNG already there stays as it was.
  for (const auto& e : fs::directory_iterator(disk)) fs::remove_all(e.path());
  ASSERT_EQ(run(renderArgs(source, 1, disk + "/out.png")).exitCode, 0);
  const std::string oldPng = slurp(disk + "/out.png");
  ASSERT_TRUE(mount->resize((pages(disk + "/out.png") + 4) * 4096));
  const Outcome o = run(renderArgs(source, 17, disk + "/out.png"));
  EXPECT_EQ(o.exitCode, 2) << o.err;
  EXPECT_TRUE(contains(o.err, disk + "/out.png") && contains(o.err, "the disk is full")) << o.err;
  EXPECT_EQ(slurp(disk + "/out.png"), oldPng);
  EXPECT_EQ(std::distance(fs::directory_iterator(disk), fs::directory_iterator()), 1);
  EXPECT_TRUE(sameAsDemo(source));
}

// The same through RLIMIT_FSIZE in the child (no mount needed, works anywhere): write() fails
// part-way with EFBIG, as on a quota or a file-size-limited file system.
TEST(CrashSafeSave, FileSizeLimitIsExitTwoAndLeavesNoFile) {
  const std::string dir = fv::test::tempDir("crash-fsize");
  const std::string source = copyDemo(fv::test::tempDir("crash-fsize-src"));
  ChildOptions limited;
  limited.fileSizeLimit = 200 * 1024;  // the 770 KB SC cannot be written
  const Outcome confirm = run(confirmArgs(source, dir), limited);
  EXPECT_EQ(confirm.exitCode, 2) << confirm.err;
  EXPECT_TRUE(contains(confirm.err, dir + "/SC_frame017.dcm")) << confirm.err;
  EXPECT_TRUE(contains(confirm.err, "larger than the disk or quota allows")) << confirm.err;
  EXPECT_TRUE(isEmptyFolder(dir));

  ASSERT_EQ(run(renderArgs(source, 1, dir + "/out.png")).exitCode, 0);
  const std::string oldPng = slurp(dir + "/out.png");
  limited.fileSizeLimit = 16 * 1024;
  const Outcome render = run(renderArgs(source, 17, dir + "/out.png"), limited);
  EXPECT_EQ(render.exitCode, 2) << render.err;
  EXPECT_TRUE(contains(render.err, dir + "/out.png")) << render.err;
  EXPECT_EQ(slurp(dir + "/out.png"), oldPng);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  EXPECT_TRUE(sameAsDemo(source));
}

// FAT/exFAT (USB sticks) and some shares have no hard links: link() fails with EPERM (simulated
// with the fault shim). Saving still works, atomically and without overwriting.
TEST(CrashSafeSave, FolderWithoutHardLinksStillSavesWithoutOverwriting) {
  const std::string dir = fv::test::tempDir("crash-nolinks");
  const std::string source = copyDemo(fv::test::tempDir("crash-nolinks-src"));
  const std::string mark = fv::test::tempDir("crash-nolinks-mark") + "/link-called";
  const ChildOptions noLinks = withFaultShim({"FV_FAULT_NO_LINKS=1", "FV_FAULT_MARK=" + mark});
  FolderLedger ledger;
  const Outcome first = run(confirmArgs(source, dir), noLinks);
  ASSERT_EQ(first.exitCode, 0) << first.err;
  ASSERT_TRUE(fs::exists(mark)) << "the shim was not used";
  EXPECT_EQ(ledger.scan(dir).newFinals, 8u);
  const Outcome second = run(confirmArgs(source, dir), noLinks);
  ASSERT_EQ(second.exitCode, 0) << second.err;
  EXPECT_TRUE(contains(second.out, dir + "/SC_frame017-2.dcm")) << second.out;
  const FolderLedger::Scan s = ledger.scan(dir);  // the first save's files unchanged
  EXPECT_EQ(s.newFinals, 8u);
  EXPECT_EQ(s.temporaries, 0u);
  EXPECT_TRUE(sameAsDemo(source));
}
