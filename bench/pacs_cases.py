"""Case 10 of run-benchmarks: retrieving from a real PACS (issue 11), us beside DCMTK's getscu and curl.

10a C-GET of the 250 MB multi-frame XA (1024x1024x120) from a local Orthanc: `pacs get` vs `getscu`
10b C-GET of the 200-file MR series: `pacs get` vs `getscu`
10c WADO-RS of the XA study: `pacs get http://...` vs `curl` fetching the same multipart/related
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
        peer = bench.run("10", "curl", ["curl", "-sf", "-H", 'Accept: multipart/related; type="application/dicom"',
                                        f"{web}/studies/{uid}", "-o", "{out}"], mbps=xa.raw_bytes)
        bench.speed_case("10c", f"WADO-RS {xa.label} from Orthanc", ours, [peer], TARGETS["wado"], "curl / ours")
    finally:
        server.close()
