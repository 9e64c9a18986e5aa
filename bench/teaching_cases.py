"""Case 11 of run-benchmarks: the teaching-file export (issue 12), beside gdcmanon and ffmpeg.

11a de-identification only (`export-teaching --dicom-only`: de-identified DICOM + DICOMDIR) of the
    200-file MR series vs `gdcmanon -e` (GDCM's Basic Profile, throwaway certificate) on the same files
11b the same for the 250 MB multi-frame XA (1024x1024x120)
11c the whole bundle (DICOM, DICOMDIR, PNG key frame, MP4, GIF, case.html, TCE manifest) for that XA
    and one needle confirmation of it: an absolute target
11d MP4 encoding: (bundle --video mp4) - (bundle --video none), i.e. rendering and encoding the cine,
    vs the ffmpeg command line making the same video (libx264, same preset and CRF) from the same
    frames as PNG files
"""
import shutil
import subprocess
from pathlib import Path

TARGETS = {"deid_mr": 1.0, "deid_xa": 1.0, "bundle_s": 10.0, "mp4": 1.0}
PRESET, CRF = "veryfast", "18"  # fv::teaching::VideoEncoder::kPreset / kCrf


def certificate(data_dir):
    """A throwaway self-signed certificate for gdcmanon -e (it encrypts the original attributes)."""
    cert, key = data_dir / "bench-cert.pem", data_dir / "bench-key.pem"
    if not cert.exists():
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-keyout", str(key), "-out", str(cert),
                        "-days", "2", "-nodes", "-subj", "/CN=fluoroview-bench"],
                       check=True, capture_output=True)
    return cert


def confirmation(bench, data_dir):
    """One confirmation (SC + GSPS + KOS + record) of the XA's middle frame, made once."""
    out = data_dir / (bench.paths["xa"].stem + "_confirmation")
    if not out.exists():
        part = Path(str(out) + ".part")
        shutil.rmtree(part, ignore_errors=True)
        part.mkdir()
        argv = [a if a != "{outdir}" else str(part) for a in bench.confirm_argv("xa", bench.data["xa"])]
        subprocess.run(argv, check=True, capture_output=True)
        part.rename(out)
    return out


def png_frames(bench, data_dir):
    """Every frame of the XA as PNG (fluoroview-cli render), the input of the ffmpeg command line."""
    d = bench.data["xa"]
    out = data_dir / (bench.paths["xa"].stem + "_png")
    if not out.exists():
        part = Path(str(out) + ".part")
        shutil.rmtree(part, ignore_errors=True)
        part.mkdir()
        for n in range(1, d.count + 1):
            subprocess.run([bench.args.cli, "render", str(bench.paths["xa"]), "--frame", str(n),
                            "--out", str(part / f"f{n:04d}.png")], check=True, capture_output=True)
        part.rename(out)
    return out


def run_case(bench, fmt_s, judge):
    """Adds rows 11a-11d to `bench` (a run-benchmarks Bench)."""
    cli, data, paths = bench.args.cli, bench.data, bench.paths
    data_dir = paths["xa"].parent
    cert = certificate(data_dir)
    mr, xa = data["mr"], data["xa"]

    ours = bench.run("11", "ours", [cli, "export-teaching", str(paths["mr"]), "--out", "{outdir}/case",
                                    "--dicom-only"])
    peer = bench.run("11", "gdcmanon", ["gdcmanon", "-e", "-c", str(cert), "-r", "-i", str(paths["mr"]),
                                        "-o", "{outdir}"])
    bench.speed_case("11a", f"De-identify {mr.label} (200 files, --dicom-only)", ours, [peer],
                     TARGETS["deid_mr"], "peer / ours")

    ours = bench.run("11", "ours", [cli, "export-teaching", str(paths["xa"]), "--out", "{outdir}/case",
                                    "--dicom-only"])
    peer = bench.run("11", "gdcmanon", ["gdcmanon", "-e", "-c", str(cert), "-i", str(paths["xa"]),
                                        "-o", "{out}"])
    bench.speed_case("11b", f"De-identify {xa.label} (250 MB, --dicom-only)", ours, [peer],
                     TARGETS["deid_xa"], "peer / ours")

    conf = confirmation(bench, data_dir)
    bundle = [cli, "export-teaching", str(paths["xa"]), str(conf), "--out", "{outdir}/case"]
    whole = bench.run("11", "ours", bundle)
    bench.rows.append(["11c", f"Whole teaching bundle {xa.label} + confirmation (DICOM, DICOMDIR, PNG, MP4, GIF, "
                       "HTML)", fmt_s(whole.seconds) if whole.ok else f"n/a ({whole.note})", "-", "-",
                       f"<= {TARGETS['bundle_s']:.0f} s",
                       "ERROR" if not whole.ok else judge(whole.seconds, "<=", TARGETS["bundle_s"])])

    frames = png_frames(bench, data_dir)
    with_mp4 = bench.run("11", "ours --video mp4", bundle + ["--video", "mp4"])
    without = bench.run("11", "ours --video none", bundle + ["--video", "none"])
    fps = "15"  # the generator's XA: Frame Time 66.67 ms
    peer = bench.run("11", "ffmpeg", ["ffmpeg", "-nostdin", "-loglevel", "error", "-framerate", fps,
                                      "-i", str(frames / "f%04d.png"), "-c:v", "libx264", "-preset", PRESET,
                                      "-crf", CRF, "-pix_fmt", "yuv420p", "{out}.mp4"])
    mp4 = with_mp4.seconds - without.seconds if with_mp4.ok and without.ok else None
    ratio = peer.seconds / mp4 if mp4 and mp4 > 0 and peer.ok else None
    bench.rows.append(["11d", f"MP4 of the {xa.count}-frame cine: ours (with - without video) vs ffmpeg from PNGs",
                       "n/a" if mp4 is None else fmt_s(mp4), f"ffmpeg {fmt_s(peer.seconds)}" if peer.ok else
                       f"ffmpeg n/a ({peer.note})", "n/a" if ratio is None else f"{ratio:.2f}x",
                       f">= {TARGETS['mp4']:.1f}x (ffmpeg / ours)",
                       "ERROR" if ratio is None else judge(ratio, ">=", TARGETS["mp4"])])
