#!/usr/bin/python3
"""imgdiff.py A B: max and mean absolute difference of two 8-bit images (PNG non-interlaced or PGM/PPM)."""
import struct
import sys
import zlib

import numpy as np


def read_pnm(data):
    parts = []
    pos = 0
    while len(parts) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        parts.append(data[pos:end])
        pos = end
    pos += 1
    magic, w, h, maxv = parts[0], int(parts[1]), int(parts[2]), int(parts[3])
    ch = 3 if magic == b"P6" else 1
    return np.frombuffer(data[pos:pos + w * h * ch], np.uint8).reshape(h, w * ch)


def read_png(data):
    pos, idat = 8, b""
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind, chunk = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            w, h, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            if depth != 8 or interlace:
                raise SystemExit("only 8-bit non-interlaced PNG")
        elif kind == b"IDAT":
            idat += chunk
    ch = {0: 1, 2: 3, 4: 2, 6: 4}[color]
    raw = zlib.decompress(idat)
    stride = w * ch
    out = np.zeros((h, stride), np.int32)
    prev = np.zeros(stride, np.int32)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = np.frombuffer(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)], np.uint8).astype(np.int32)
        cur = np.zeros(stride, np.int32)
        if f == 0:
            cur = line
        elif f == 2:
            cur = (line + prev) & 255
        else:
            for x in range(stride):
                a = cur[x - ch] if x >= ch else 0
                b = prev[x]
                c = prev[x - ch] if x >= ch else 0
                if f == 1:
                    cur[x] = (line[x] + a) & 255
                elif f == 3:
                    cur[x] = (line[x] + (a + b) // 2) & 255
                else:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                    cur[x] = (line[x] + pr) & 255
        out[y] = cur
        prev = cur
    return out.astype(np.uint8)


def read(path):
    data = open(path, "rb").read()
    return read_png(data) if data[:4] == b"\x89PNG" else read_pnm(data)


a, b = read(sys.argv[1]).astype(int), read(sys.argv[2]).astype(int)
if a.shape != b.shape:
    raise SystemExit(f"shape differs: {a.shape} vs {b.shape}")
d = abs(a - b)
print(f"max {d.max()} mean {d.mean():.4f}")
