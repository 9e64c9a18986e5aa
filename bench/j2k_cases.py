"""Case 9 of run-benchmarks: JPEG 2000 and HTJ2K decoding (issue 10), us beside the peers.

9a  200-file 256x256 MR series in JPEG 2000 lossless: `decode --volume` vs `dcm2niix -z n` (OpenJPEG)
9b  XA 1024x1024x12 in JPEG 2000 lossless: `decode` vs `gdcmconv --raw` (OpenJPEG)
9c  the same XA in HTJ2K lossless: our HTJ2K decode vs our JPEG 2000 decode
9d  first frame of a 120-frame JPEG 2000 cine vs of the 12-frame one
The JPEG 2000 files are made once from the generated data by scripts/make-j2k-dicom (the reference
encoders opj_compress and ojph_compress), cached next to it in --data.
"""
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REENCODE = Path(__file__).resolve().parent.parent / "scripts/make-j2k-dicom"
TARGETS = {"j2k_mr": 2.0, "j2k_xa": 2.0, "htj2k": 5.0, "j2k_first": 1.2}


def reencoded(source, name, codec):
    """`source` (a file, or a folder of files) re-encoded with `codec` as `name` beside it, once."""
    out = source.parent / name
    if out.exists():
        return out
    part = source.parent / (name + ".part")
    subprocess.run(["rm", "-rf", str(part)], check=True)
    print(f"  encoding {name} ({codec}) ...", flush=True)
    if source.is_dir():
        part.mkdir()
        files = sorted(p for p in source.iterdir() if p.is_file())
        with ThreadPoolExecutor() as pool:
            list(pool.map(lambda p: subprocess.run([str(REENCODE), "--codec", codec, str(p), str(part / p.name)],
                                                   check=True), files))
    else:
        subprocess.run([str(REENCODE), "--codec", codec, str(source), str(part)], check=True)
    part.rename(out)
    return out


def run_case(bench, fmt_s, judge):
    """Adds rows 9a-9d to `bench` (a run-benchmarks Bench)."""
    cli, data, paths = bench.args.cli, bench.data, bench.paths
    mr, xa, few = data["mr"], data["xa"], data["xa_few"]
    mr_j2k = reencoded(paths["mr"], paths["mr"].name + "_j2k", "j2k")
    few_j2k = reencoded(paths["xa_few"], paths["xa_few"].stem + "_j2k.dcm", "j2k")
    few_ht = reencoded(paths["xa_few"], paths["xa_few"].stem + "_htj2k.dcm", "htj2k")
    xa_j2k = reencoded(paths["xa"], paths["xa"].stem + "_j2k.dcm", "j2k")

    ours = bench.run("9", "ours", [cli, "decode", "--volume", str(mr_j2k)], mbps=mr.raw_bytes)
    peer = bench.run("9", "dcm2niix", ["dcm2niix", "-z", "n", "-o", "{outdir}", str(mr_j2k)], mbps=mr.raw_bytes)
    bench.speed_case("9a", f"JPEG 2000 {mr.label} folder -> volume", ours, [peer], TARGETS["j2k_mr"], "peer / ours")

    ours_xa = bench.run("9", "ours", [cli, "decode", str(few_j2k)], mbps=few.raw_bytes)
    peer = bench.run("9", "gdcmconv", ["gdcmconv", "--raw", str(few_j2k), "{out}"], mbps=few.raw_bytes)
    bench.speed_case("9b", f"JPEG 2000 decode {few.label}", ours_xa, [peer], TARGETS["j2k_xa"], "peer / ours")

    ours_ht = bench.run("9", "ours (HTJ2K)", [cli, "decode", str(few_ht)], mbps=few.raw_bytes)
    bench.speed_case("9c", f"HTJ2K decode {few.label} vs our JPEG 2000", ours_ht, [ours_xa], TARGETS["htj2k"],
                     "our J2K / our HTJ2K")

    first = bench.run("9", "ours", [cli, "decode", "--frame", "1", str(xa_j2k)])
    first_few = bench.run("9", f"ours ({few.count} frames)", [cli, "decode", "--frame", "1", str(few_j2k)])
    ratio = first.seconds / first_few.seconds if first.ok and first_few.ok else None
    bench.rows.append(["9d", f"JPEG 2000 first frame: {xa.count} vs {few.count} frames",
                       f"{fmt_s(first.seconds)} vs {fmt_s(first_few.seconds)}", "-",
                       "n/a" if ratio is None else f"{ratio:.2f}x",
                       f"<= {TARGETS['j2k_first']:.1f}x (t{xa.count} / t{few.count})",
                       "ERROR" if ratio is None else judge(ratio, "<=", TARGETS["j2k_first"])])
