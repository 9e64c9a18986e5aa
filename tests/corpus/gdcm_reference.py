#!/usr/bin/python3
"""GDCM's decode of DICOM files, as the reference the corpus test compares FluoroView with.

For each input file: `gdcmconv --raw` (GDCM 3.0 decompresses into native little endian), then
pydicom reads the output and numpy turns its Pixel Data into stored values the way PS3.5 8.1.1
defines them (shifted by High Bit + 1 - Bits Stored, masked to Bits Stored, sign-extended when
Pixel Representation is 1). Results are cached in --cache by file content, so a re-run costs a
hash per file; gdcmconv runs in parallel (--jobs).

Usage: gdcm_reference.py --cache DIR [--jobs N] FILE...
Prints one line per FILE: "<FILE>\t<key>"; DIR/<key>.ref holds the result (text, see write_ref)
and DIR/<key>.<variant>.raw the values of all frames (native dtype, little endian, C order
frames x rows x columns x samples).

Variants: "stored" = the values as GDCM's output stores them. "pydicom" = a second opinion where
Debian's pydicom decodes the original file itself (native, RLE, deflate): it tells which side is
right when we and GDCM disagree, or when GDCM fails. "rgb" is added when GDCM's output
is 8-bit YBR_FULL/YBR_FULL_422 (GDCM keeps JPEG's YCbCr as it is): the same values converted to
RGB with the IJG library's integer formula (jdcolor.c, which DCMTK's JPEG decoder uses), because
FluoroView's JPEG path converts YCbCr to RGB as DCMTK's tools do.
"""
import argparse
import concurrent.futures
import hashlib
import os
import subprocess
import sys
import tempfile
import warnings

VERSION = "7"  # bump when the output changes: keys include it, so old cache entries are unused
MAX_REF_BYTES = 1 << 31


def content_key(path):
    h = hashlib.sha1(VERSION.encode())
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def clean_text(s):
    return " ".join(s.replace("\t", " ").split())[:400]


def tool_message(proc, path, out):
    """A tool's complaint without the file's path (the report names the file) or our temporary one."""
    lines = (proc.stderr.strip() or proc.stdout.strip() or "exit %d" % proc.returncode).splitlines()
    return " / ".join(line.replace(path, "<file>").replace(out, "<output>") for line in lines[:3])


def stored_values(ds, arr, np):
    """PS3.5 8.1.1: the value of a sample is its Bits Stored bits ending at High Bit."""
    bits_alloc = int(ds.BitsAllocated)
    if bits_alloc == 1:
        return arr.astype(np.uint8)
    stored = int(getattr(ds, "BitsStored", bits_alloc) or bits_alloc)
    high = int(getattr(ds, "HighBit", stored - 1))
    signed = int(getattr(ds, "PixelRepresentation", 0) or 0) == 1
    width = arr.dtype.itemsize * 8
    unsigned_type = {1: np.uint8, 2: np.uint16, 4: np.uint32}[arr.dtype.itemsize]
    signed_type = {1: np.int8, 2: np.int16, 4: np.int32}[arr.dtype.itemsize]
    u = arr.view(unsigned_type) if arr.dtype.kind in "iu" else arr.astype(unsigned_type)
    shift = max(high + 1 - stored, 0)
    if stored >= width and shift == 0:
        return u.view(signed_type) if signed else u
    mask = (1 << stored) - 1
    v = (u >> unsigned_type(shift)) & unsigned_type(mask)
    if signed:
        sign = unsigned_type(1 << (stored - 1))
        v = np.where(v & sign, v | unsigned_type(((1 << width) - 1) ^ mask), v).astype(unsigned_type)
        return v.view(signed_type)
    return v


def ijg_ycc_to_rgb(ybr, np):
    """IJG jdcolor.c ycc_rgb_convert, exactly (16-bit fixed point, ONE_HALF rounding, clamping)."""
    fix = lambda x: int(x * 65536 + 0.5)
    x = np.arange(256, dtype=np.int64) - 128
    cr_r = (fix(1.40200) * x + (1 << 15)) >> 16
    cb_b = (fix(1.77200) * x + (1 << 15)) >> 16
    cr_g = -fix(0.71414) * x
    cb_g = -fix(0.34414) * x + (1 << 15)
    y = ybr[..., 0].astype(np.int64)
    cb = ybr[..., 1].astype(np.int64)
    cr = ybr[..., 2].astype(np.int64)
    r = y + cr_r[cr]
    g = y + ((cb_g[cb] + cr_g[cr]) >> 16)
    b = y + cb_b[cb]
    return np.clip(np.stack([r, g, b], axis=-1), 0, 255).astype(np.uint8)


def checksums(frames, np):
    """Per frame: sum of values and a position-weighted sum (weights 1..65521), both mod 2**64."""
    out = []
    n = frames[0].size if len(frames) else 0
    weights = (np.arange(n, dtype=np.uint64) % np.uint64(65521)) + np.uint64(1)
    for f in frames:
        v = f.reshape(-1).astype(np.int64).view(np.uint64)
        with np.errstate(over="ignore"):
            out.append((int(v.sum(dtype=np.uint64)), int((v * weights).sum(dtype=np.uint64))))
    return out


def write_ref(cache, key, fields, variants):
    """<key>.ref: "name<TAB>value" lines; "frame<TAB>variant<TAB>index<TAB>sum<TAB>weighted"."""
    lines = ["%s\t%s" % (k, clean_text(str(v))) for k, v in fields.items()]
    import numpy as np
    written = {}
    for name, data in variants.items():
        shape = " ".join(str(n) for n in data.shape)
        same = [k for k, d in written.items() if d.dtype == data.dtype and d.shape == data.shape and np.array_equal(d, data)]
        # Identical values (pydicom agreeing with GDCM, the common case) share one raw file.
        lines.append("variant\t%s\t%s\t%s%s" % (name, data.dtype.str.lstrip("<|"), shape, "\t" + same[0] if same else ""))
        for i, (s, w) in enumerate(checksums(list(data), np)):
            lines.append("frame\t%s\t%d\t%d\t%d" % (name, i, s, w))
        if same:
            continue
        written[name] = data
        raw = os.path.join(cache, "%s.%s.raw" % (key, name))
        tmp = "%s.%d.tmp" % (raw, os.getpid())  # unique: two collections may hold the same file
        with open(tmp, "wb") as f:
            f.write(data.astype(data.dtype.newbyteorder("<")).tobytes())
        os.replace(tmp, raw)
    path = os.path.join(cache, key + ".ref")
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


def frames_of(ds, arr, np):
    """(frames, rows, columns, samples) stored values of a dataset's pixel_array, or None."""
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    samples = int(ds.get("SamplesPerPixel", 1) or 1)
    rows, cols = int(ds.Rows), int(ds.Columns)
    if arr.size != frames * rows * cols * samples:
        return None
    return stored_values(ds, arr.reshape(frames, rows, cols, samples), np)


def pydicom_values(path, np, pydicom):
    """A second opinion: pydicom's own decode of the original file (native, RLE, deflate only,
    as Debian's pydicom has no JPEG handlers), or None when it cannot decode it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = pydicom.dcmread(path)
            if "PixelData" not in ds or ds.file_meta.TransferSyntaxUID.is_compressed and \
                    ds.file_meta.TransferSyntaxUID != pydicom.uid.RLELossless:
                return None
            values = frames_of(ds, ds.pixel_array, np)
    except Exception:  # noqa: BLE001 - pydicom cannot: no second opinion
        return None
    return values if values is not None and values.nbytes <= MAX_REF_BYTES else None


def reference(path, cache, key):
    import numpy as np
    import pydicom

    second = pydicom_values(path, np, pydicom)
    extra = {"pydicom": second} if second is not None else {}

    def failed(status, message):
        write_ref(cache, key, {"status": status, "message": message} if message else {"status": status}, extra)

    with tempfile.TemporaryDirectory(prefix="fv-gdcm-") as tmp:
        out = os.path.join(tmp, "raw.dcm")
        p = subprocess.run(["gdcmconv", "--raw", "-i", path, "-o", out], capture_output=True, text=True,
                           errors="replace", timeout=300)
        if p.returncode != 0 or not os.path.exists(out):
            # Not an image for GDCM: is it DICOM at all (a plain rewrite reads any dataset)?
            plain = subprocess.run(["gdcmconv", "-i", path, "-o", out + ".plain"], capture_output=True, text=True,
                                   errors="replace", timeout=300)
            if "DICOMDIR is not supported" in plain.stderr + plain.stdout:
                # gdcmconv recognises a DICOMDIR and stops: a directory has no pixels to decode.
                failed("no-pixels", "GDCM: a DICOMDIR")
            elif plain.returncode != 0:
                failed("gdcm-unreadable", "gdcmconv: " + tool_message(plain, path, out))
            elif "PixelData" not in pydicom.dcmread(out + ".plain", force=True):
                failed("no-pixels", "")
            else:
                failed("gdcm-failed", "gdcmconv --raw: " + tool_message(p, path, out))
            return
        try:
            ds = pydicom.dcmread(out, force=True)
        except Exception as e:  # noqa: BLE001 - any reader failure is a result to report
            failed("gdcm-failed", "pydicom cannot read GDCM's output: %s" % e)
            return
        if "PixelData" not in ds:
            failed("no-pixels", "")
            return
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                values = frames_of(ds, ds.pixel_array, np)
        except Exception as e:  # noqa: BLE001
            failed("gdcm-failed", "GDCM's output has no readable pixels (pydicom: %s)" % e)
            return
        if values is None:
            failed("gdcm-failed", "GDCM's output holds fewer or more samples than its Rows, Columns and frames")
            return
        if values.nbytes > MAX_REF_BYTES:
            failed("gdcm-failed", "too large for the corpus reference")
            return
        fields = {"status": "ok", "photometric": str(ds.get("PhotometricInterpretation", "")),
                  "bits": "%s %s %s %s" % (ds.get("BitsAllocated", ""), ds.get("BitsStored", ""),
                                           ds.get("HighBit", ""), ds.get("PixelRepresentation", "")),
                  "shape": " ".join(str(n) for n in values.shape)}
        variants = {"stored": values}
        if values.shape[3] == 3 and values.dtype == np.uint8 and fields["photometric"].startswith("YBR_FULL"):
            variants["rgb"] = ijg_ycc_to_rgb(values, np)
        variants.update(extra)
        write_ref(cache, key, fields, variants)


def run_one(path, cache):
    try:
        key = content_key(path)
    except OSError as e:
        return path, "", str(e)
    if not os.path.exists(os.path.join(cache, key + ".ref")):
        try:
            reference(path, cache, key)
        except Exception as e:  # noqa: BLE001 - never lose the other files to one failure
            write_ref(cache, key, {"status": "gdcm-failed", "message": "reference helper: %s" % e}, {})
    return path, key, ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", required=True)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--list", help="file with one path per line (instead of FILE arguments)")
    a = ap.parse_args()
    files = list(a.files)
    if a.list:
        with open(a.list, encoding="utf-8") as f:
            files += [line.rstrip("\n") for line in f if line.strip()]
    os.makedirs(a.cache, exist_ok=True)
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        for path, key, err in pool.map(run_one, files, [a.cache] * len(files)):
            if err:
                print("error: %s: %s" % (path, err), file=sys.stderr)
            print("%s\t%s" % (path, key))
    return 0


if __name__ == "__main__":
    sys.exit(main())
