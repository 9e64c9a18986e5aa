#!/usr/bin/python3
"""Writes a multi-frame Bits Allocated 1 image with pydicom, and pydicom's own unpacking of it.

Usage: make_bit_packed.py OUT_DIR ROWS COLS FRAMES
Writes OUT_DIR/le.dcm (Explicit VR Little Endian), OUT_DIR/be.dcm (Explicit VR Big Endian) and
OUT_DIR/expected.raw: pydicom's pixel_array of le.dcm, one byte (0/1) per pixel, all frames. The
bits are random; rows x columns is meant to be odd so frames start inside a byte (PS3.5 8.1.1).
"""
import os
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.pixel_data_handlers.numpy_handler import pack_bits
from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian, generate_uid

out, rows, cols, frames = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(20240601)
bits = rng.integers(0, 2, size=frames * rows * cols, dtype=np.uint8)


def write(path, syntax, little):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7.1"  # Multi-frame Single Bit SC
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = syntax
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian, ds.is_implicit_VR = little, False
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.PatientName, ds.PatientID, ds.Modality = "Bits^One", "BIT1", "OT"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.Rows, ds.Columns, ds.NumberOfFrames = rows, cols, frames
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 1, 1, 0, 0
    packed = pack_bits(bits)
    if not little:  # OW in big endian: each 16-bit word byte-swapped (PS3.5 7.3)
        packed = packed + b"\0" * (len(packed) % 2)
        packed = np.frombuffer(packed, dtype="<u2").astype(">u2").tobytes()
    ds.PixelData = packed
    ds["PixelData"].VR = "OW"
    ds.save_as(path, write_like_original=False)


write(os.path.join(out, "le.dcm"), ExplicitVRLittleEndian, True)
write(os.path.join(out, "be.dcm"), ExplicitVRBigEndian, False)
arr = pydicom.dcmread(os.path.join(out, "le.dcm")).pixel_array
with open(os.path.join(out, "expected.raw"), "wb") as f:
    f.write(np.ascontiguousarray(arr, dtype=np.uint8).tobytes())
