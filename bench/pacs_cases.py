"""Case 10 of run-benchmarks: retrieving from a real PACS (issue 11), us beside DCMTK's getscu and curl.

10a C-GET of the 250 MB multi-frame XA (1024x1024x120) from a local Orthanc: `pacs get` vs `getscu`
10b C-GET of the 200-file MR series: `pacs get` vs `getscu`
10c WADO-RS of the XA study: `pacs get http://...` vs `curl` fetching the same multipart/related
10d C-FIND returning 5,000 studies: time to the first result printed, and to all
10e the viewer (fv-bench-pacs-viewer, Xvfb): retrieve of the XA from the query dock to its first
    frame on screen
10f the viewer: the longest event-loop stall while the query dock receives 5,000 studies
Orthanc (Debian's, with the DICOMweb plugin) is started here on loopback from a temporary
configuration and storage folder, loaded through its REST API, and stopped at the end.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ORTHANC = "/usr/sbin/Orthanc"
DICOMWEB = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so"
TARGETS = {"get_xa": 1.0, "get_mr": 1.0, "wado": 1.0}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Orthanc:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="fv-bench-orthanc-"))
        self.http, self.dicom = free_port(), free_port()
        cfg = {"Name": "bench", "StorageDirectory": str(self.dir / "db"), "IndexDirectory": str(self.dir / "db"),
               "HttpPort": self.http, "DicomPort": self.dicom, "DicomAet": "ORTHANC",
               "RemoteAccessAllowed": False, "AuthenticationEnabled": False, "DicomCheckCalledAet": False,
               "DicomAlwaysAllowEcho": True, "DicomAlwaysAllowStore": True, "DicomAlwaysAllowFind": True,
               "DicomAlwaysAllowGet": True, "DicomAlwaysAllowMove": True, "StorageCompression": False,
               "SaveJobs": False, "HttpTimeout": 600,
               "DicomModalities": {"fv": {"AET": "FLUOROVIEW", "Host": "127.0.0.1", "Port": free_port(),
                                          "AllowGet": True, "AllowFind": True, "AllowEcho": True}}}
        if os.path.exists(DICOMWEB):
            cfg["Plugins"] = [DICOMWEB]
            cfg["DicomWeb"] = {"Enable": True, "Root": "/dicom-web/"}
        (self.dir / "cfg.json").write_text(json.dumps(cfg))
        self.log = open(self.dir / "orthanc.log", "w")
        self.proc = subprocess.Popen([ORTHANC, str(self.dir / "cfg.json")], stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(400):
            try:
                urllib.request.urlopen(f"{self.rest}/system", timeout=1).read()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("Orthanc did not start")

    @property
    def rest(self):
        return f"http://127.0.0.1:{self.http}"

    def upload(self, path):
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        for f in files:
            req = urllib.request.Request(f"{self.rest}/instances", data=f.read_bytes(), method="POST",
                                         headers={"Content-Type": "application/dicom"})
            urllib.request.urlopen(req, timeout=600).read()

    def close(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def study_uid(cli, path):
    out = subprocess.run([cli, "info", "--json", str(path)], capture_output=True, text=True, check=True).stdout
    return json.loads(out)["series"][0]["studyInstanceUid"]


def run_case(bench, fmt_s, judge):
    """Adds rows 10a-10c to `bench` (a run-benchmarks Bench)."""
    if not os.access(ORTHANC, os.X_OK):
        bench.rows.append(["10", "PACS retrieve", "n/a (Orthanc not installed)", "-", "n/a", "-", "SKIP"])
        return
    cli, data, paths = bench.args.cli, bench.data, bench.paths
    xa, mr = data["xa"], data["mr"]
    server = Orthanc()
    try:
        print("  [10] loading Orthanc ...", flush=True)
        server.upload(paths["xa"])
        server.upload(paths["mr"])
        node = f"dicom://ORTHANC@127.0.0.1:{server.dicom}"
        for case, key, d in (("10a", "xa", xa), ("10b", "mr", mr)):
            uid = study_uid(cli, paths[key])
            ours = bench.run("10", "ours", [cli, "pacs", "get", node, "--study-uid", uid, "--out", "{outdir}"],
                             mbps=d.raw_bytes)
            peer = bench.run("10", "getscu", ["getscu", "-aet", "FLUOROVIEW", "-aec", "ORTHANC", "127.0.0.1",
                                              str(server.dicom), "-k", "QueryRetrieveLevel=STUDY", "-k",
                                              f"StudyInstanceUID={uid}", "-od", "{outdir}"], mbps=d.raw_bytes)
            bench.speed_case(case, f"C-GET {d.label} from Orthanc", ours, [peer],
                             TARGETS["get_" + key], "getscu / ours")
        uid = study_uid(cli, paths["xa"])
        web = f"http://127.0.0.1:{server.http}/dicom-web"
        ours = bench.run("10", "ours (WADO-RS)", [cli, "pacs", "get", web, "--study-uid", uid, "--out", "{outdir}"],
                         mbps=xa.raw_bytes)
        peer = bench.run("10", "curl", ["curl", "-sf", "-H",
                                        'Accept: multipart/related; type="application/dicom"; transfer-syntax=*',
                                        f"{web}/studies/{uid}", "-o", "{out}"], mbps=xa.raw_bytes)
        bench.speed_case("10c", f"WADO-RS {xa.label} from Orthanc", ours, [peer], TARGETS["wado"], "curl / ours")
        result = viewer_bench(bench, node, ["--retrieve", uid])
        if result is not None:
            r = result.get("retrieve", {})
            first = r.get("firstFrameMs", -1) / 1000.0
            ok = first >= 0 and "error" not in r
            bench.rows.append(["10e", f"viewer: retrieve {xa.label} from the query dock, first frame on screen",
                               f"{fmt_s(first)} (all {fmt_s(r.get('allMs', 0) / 1000.0)})" if ok else "n/a",
                               "-", "-", "<= 1 s", judge(first if ok else None, "<=", 1.0)])
    finally:
        server.close()


def viewer_bench(bench, node, extra):
    """Runs fv-bench-pacs-viewer under Xvfb on `node` with scratch settings and cache; its JSON."""
    exe = Path(bench.args.viewer_bench).with_name("fv-bench-pacs-viewer")
    if bench.args.no_viewer or not exe.exists() or not shutil.which("xvfb-run"):
        return None
    scratch = Path(tempfile.mkdtemp(prefix="fv-bench-pacs-viewer-"))
    env = dict(os.environ, XDG_CONFIG_HOME=str(scratch / "config"), FLUOROVIEW_PACS_CACHE=str(scratch / "cache"),
               FLUOROVIEW_PACS_NO_KEYRING="1", FLUOROVIEW_OUTBOX=str(scratch / "outbox"))
    try:
        out = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", str(exe), node, *extra],
                             capture_output=True, text=True, env=env, timeout=900)
        if out.returncode != 0:
            print(f"  [10] fv-bench-pacs-viewer failed ({out.returncode}): {out.stderr.strip()[-300:]}")
            return None
        return json.loads(out.stdout)
    except (subprocess.TimeoutExpired, json.JSONDecodeError) as e:
        print(f"  [10] fv-bench-pacs-viewer: {e}")
        return None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


MANY_STUDIES = """
import pydicom, sys, pathlib
from pydicom.uid import generate_uid
src, out, n = pydicom.dcmread(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
out.mkdir()
for i in range(n):
    src.StudyInstanceUID = generate_uid(entropy_srcs=["study", str(i)])
    src.SeriesInstanceUID = generate_uid(entropy_srcs=["series", str(i)])
    src.SOPInstanceUID = generate_uid(entropy_srcs=["sop", str(i)])
    src.file_meta.MediaStorageSOPInstanceUID = src.SOPInstanceUID
    src.PatientID = f"P{i:05d}"
    src.AccessionNumber = f"A{i:05d}"
    src.save_as(out / f"{i:05d}.dcm")
"""


def many_studies(tiny, n):
    """n one-instance studies made from `tiny` with fresh UIDs, once, beside it."""
    out = tiny.parent / f"studies_{n}"
    if not out.exists():
        part = tiny.parent / f"studies_{n}.part"
        shutil.rmtree(part, ignore_errors=True)
        subprocess.run(["/usr/bin/python3", "-c", MANY_STUDIES, str(tiny), str(part), str(n)], check=True)
        part.rename(out)
    return out


def first_and_all(argv, runs):
    """Median seconds to the first line on stdout and to the end, over `runs` runs."""
    firsts, alls = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        p.stdout.readline()
        firsts.append(time.perf_counter() - t0)
        p.stdout.read()
        p.wait()
        alls.append(time.perf_counter() - t0)
    firsts.sort()
    alls.sort()
    return firsts[len(firsts) // 2], alls[len(alls) // 2], p.returncode


def run_find_case(bench, fmt_s, judge, n=5000):
    """Row 10d: a C-FIND returning n studies shows its first result within 0.5 s."""
    if not os.access(ORTHANC, os.X_OK):
        return
    folder = many_studies(bench.paths["tiny"], n)
    server = Orthanc()
    try:
        print(f"  [10d] loading {n} studies into Orthanc ...", flush=True)
        server.upload(folder)
        node = f"dicom://ORTHANC@127.0.0.1:{server.dicom}"
        first, total, rc = first_and_all([bench.args.cli, "pacs", "find", node], max(3, bench.args.runs))
        ok = rc == 0
        bench.rows.append(["10d", f"C-FIND of {n} studies: first result / all",
                           f"{fmt_s(first)} / {fmt_s(total)}" if ok else f"n/a (exit {rc})", "-", "-",
                           "first <= 0.5 s", judge(first if ok else None, "<=", 0.5)])
        result = viewer_bench(bench, node, [])
        if result is not None:
            q = result["query"]
            stall = q["worstStallMs"] / 1000.0
            bench.rows.append(["10f", f"viewer: query dock receiving {q['studies']} studies, longest stall",
                               f"{fmt_s(stall)} (first {fmt_s(q['firstMs'] / 1000.0)}, all {fmt_s(q['allMs'] / 1000.0)})",
                               "-", "-", "stall <= 50 ms", judge(stall, "<=", 0.05)])
    finally:
        server.close()
