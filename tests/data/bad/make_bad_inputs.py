#!/usr/bin/python3
"""Writes CrowdKD's bad-input corpus (tests/data/bad): small broken, odd and edge-case files that
tests/reliability/test_bad_inputs runs every `crowdkd` command on. Deterministic; run it again after
changing it and commit the files:

    /usr/bin/python3 tests/data/bad/make_bad_inputs.py [../shared]

Needs NumPy, SciPy (MAT v5 files) and PyTorch (.pth files). The ../shared folder gives the MCNN
state-dict key names for wrong_shapes.pth. Folder cases (empty, unreadable, symlink loops, Korean
names) cannot live in git and are made by the test itself.
"""
import io
import os
import struct
import sys
import zipfile
import zlib

import numpy as np
import scipy.io

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "..", "shared")


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def stored_zip(entries, aliases=(), prefix=""):
    """A ZIP of uncompressed `entries` (name, bytes), written by hand so that `aliases` (name,
    target) can add directory entries that point at another entry's bytes."""
    out, directory, offsets = bytearray(), bytearray(), {}

    def central(name, offset, data):
        name = (prefix + name).encode()
        return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0,
                           zlib.crc32(data), len(data), len(data), len(name), 0, 0, 0, 0, 0,
                           offset) + name
    contents = dict(entries)
    for name, data in entries:
        offsets[name] = len(out)
        encoded = (prefix + name).encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, zlib.crc32(data),
                           len(data), len(data), len(encoded), 0) + encoded + data
        directory += central(name, offsets[name], data)
    for name, target in aliases:
        directory += central(name, offsets[target], contents[target])
    count = len(entries) + len(aliases)
    return bytes(out + directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count,
                                               len(directory), len(out), 0))


# --- images -------------------------------------------------------------------------------------

def jpeg_gray(width, height, scan_blocks=None):
    """A baseline grayscale JPEG of a flat mid-grey image, written by hand: one-code Huffman tables
    (DC difference 0, end of block), so every 8x8 block costs two zero bits."""
    def segment(marker, payload):
        return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload
    out = b"\xFF\xD8"
    out += segment(0xDB, b"\x00" + bytes([1] * 64))                       # DQT
    out += segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")  # SOF0
    out += segment(0xC4, b"\x00" + bytes([1] + [0] * 15) + b"\x00")     # DHT DC: category 0
    out += segment(0xC4, b"\x10" + bytes([1] + [0] * 15) + b"\x00")     # DHT AC: EOB
    out += segment(0xDA, b"\x01\x01\x00\x00\x3F\x00")                   # SOS
    blocks = ((width + 7) // 8) * ((height + 7) // 8) if scan_blocks is None else scan_blocks
    bits = 2 * blocks
    data = bytearray(b"\x00" * (bits // 8))
    if bits % 8:
        data.append((1 << (8 - bits % 8)) - 1)                          # pad with one bits
    return out + bytes(data) + b"\xFF\xD9"


def png(width, height, channels=1, rows=None):
    """A PNG (8-bit grey or RGB) with a horizontal ramp; `rows` limits the rows actually stored."""
    def chunk(kind, payload):
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(
            ">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    colour = {1: 0, 3: 2}[channels]
    stored = height if rows is None else rows
    raw = bytearray()
    for y in range(stored):
        raw.append(0)
        raw.extend(bytes((x * 7 + y * 3) % 256 for x in range(width * channels)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


valid_jpeg = jpeg_gray(64, 48)
write("valid.jpg", valid_jpeg)
write("valid.png", png(64, 48, 3))
write("zero.jpg", b"")
write("zero.png", b"")
write("truncated.jpg", valid_jpeg[: len(valid_jpeg) - 8])               # scan cut, no end marker
valid_png = png(64, 48, 3)
write("truncated.png", valid_png[: len(valid_png) // 2])
write("text.jpg", b"This is a text file with a .jpg name, not an image.\n")
write("one_pixel.png", png(1, 1, 1))
write("one_pixel.jpg", jpeg_gray(1, 1))
write("huge_header.jpg", jpeg_gray(20000, 20000, scan_blocks=4))        # a tiny file claiming 400 MP
write("huge_header.png", png(20000, 20000, 1, rows=0))

# --- ground truth (.mat) ------------------------------------------------------------------------

def shanghaitech(location, number=None):
    """ShanghaiTech's layout: image_info = 1x1 cell -> 1x1 struct with location (N x 2) and number."""
    location = np.asarray(location, dtype=np.float64).reshape(-1, 2) if np.size(location) else np.zeros((0, 2))
    info = np.zeros((1, 1), dtype=[("location", "O"), ("number", "O")])
    info[0, 0]["location"] = location
    info[0, 0]["number"] = np.array([[location.shape[0] if number is None else number]], dtype=np.float64)
    cell = np.empty((1, 1), dtype=object)
    cell[0, 0] = info
    return {"image_info": cell}


def savemat(name, variables, compress=True):
    buffer = io.BytesIO()
    scipy.io.savemat(buffer, variables, do_compression=compress, oned_as="column")
    write(name, buffer.getvalue())
    return buffer.getvalue()


rng = np.random.default_rng(9)
many = np.column_stack([rng.uniform(0, 64, 40), rng.uniform(0, 48, 40)])
savemat("many_heads.mat", shanghaitech(many))
full = savemat("many_heads_raw.mat", shanghaitech(many), compress=False)
write("truncated.mat", full[: len(full) * 2 // 3])
savemat("zero_heads.mat", shanghaitech([]))
savemat("one_head.mat", shanghaitech([[20.5, 30.25]]))
savemat("duplicate_heads.mat", shanghaitech([[10.0, 10.0]] * 5 + [[40.0, 20.0]] * 2))
savemat("nan_location.mat", shanghaitech([[10.0, 10.0], [np.nan, 5.0]]))
savemat("inf_location.mat", shanghaitech([[10.0, 10.0], [5.0, np.inf]]))
savemat("negative_location.mat", shanghaitech([[10.0, 10.0], [-20.0, 5.0], [5.0, -3.0]]))
savemat("outside_location.mat", shanghaitech([[10.0, 10.0], [64.0, 5.0], [5.0, 48.5], [1e6, 1e6]]))
savemat("wrong_class.mat", {"image_info": "a char array where a cell of structs belongs"})
info = shanghaitech([[1, 2]])
info["image_info"][0, 0][0, 0]["location"] = np.ones((3, 3))
savemat("wrong_shape.mat", info)
savemat("no_image_info.mat", {"points": np.ones((2, 2))})
write("text.mat", b"MATLAB? no: a text file with a .mat name\n")
# MATLAB v7.3: the 128-byte MAT header with version 0x0200 in a 512-byte user block, then HDF5.
text = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Sat Nov 28 00:00:00 2026 HDF5 schema 1.00 ."
header = text.ljust(116, b" ") + b"\x00" * 8 + struct.pack("<H", 0x0200) + b"IM"
write("v73.mat", header.ljust(512, b"\x00") + b"\x89HDF\r\n\x1a\n" + b"\x00" * 56)

# --- PyTorch weights (.pth) and ONNX ------------------------------------------------------------
try:
    import torch
except ImportError:
    torch = None
    print("PyTorch missing: the .pth cases were not rewritten", file=sys.stderr)
if torch is not None:
    def save(obj):
        buffer = io.BytesIO()
        torch.save(obj, buffer)
        return buffer.getvalue()
    small = save({"branch1.0.conv.weight": torch.ones(2, 1, 3, 3), "branch1.0.conv.bias": torch.zeros(2)})
    write("truncated.pth", small[: len(small) // 2])
    write("wrong_keys.pth", save({"encoder.weight": torch.ones(2, 2), "decoder.bias": torch.zeros(3)}))
    reference = os.path.join(SHARED, "fixtures", "pytorch", "mcnn_state_dict.pth")
    keys = list(torch.load(reference, map_location="cpu").keys())
    write("wrong_shapes.pth", save({k: torch.zeros(1) for k in keys}))
    # MCNN weights of the right shapes holding NaN (and an infinity): each tensor is a broadcast
    # view (stride 0) of a one-value storage, so the file stays small.
    reference_dict = torch.load(reference, map_location="cpu")
    zero, nan, inf = torch.zeros(1), torch.full((1,), float("nan")), torch.full((1,), float("inf"))
    poisoned = {}
    for i, (k, v) in enumerate(reference_dict.items()):
        value = nan if i == 4 else inf if i == 7 else zero
        poisoned[k] = value.expand(v.shape) if v.dim() else value[0]
    write("nan_weights.pth", save(poisoned))
    # A first convolution declaring a million input channels (an empty tensor): a model sized by
    # the declaration would need 11.5 GB.
    write("wide_input.pth", save({"branch1.0.conv.weight": torch.empty(0, 1000000, 9, 9),
                                  "branch1.0.conv.bias": torch.zeros(0)}))
    # Twenty broadcast views (stride 0) of one stored value, each 4096x4096: 1.3 GB once copied
    # out of a 1 KB file.
    one = torch.zeros(1)
    write("broadcast_views.pth", save({f"w{i}": one.expand(4096, 4096) for i in range(20)}))
    # Storages that together outgrow the file. A legacy .pth (PyTorch < 1.6) keeps each storage
    # after its pickles; this one keeps the first of four 16 KB storages only, so each alone fits
    # in what follows the pickles but together they do not.
    legacy = io.BytesIO()
    torch.save({f"w{i}": torch.zeros(4096) for i in range(4)}, legacy,
               _use_new_zipfile_serialization=False)
    legacy = legacy.getvalue()
    write("legacy_storages_past_end.pth", legacy[: len(legacy) - 3 * (8 + 4096 * 4)])
    # Eight ZIP directory entries for tensor data that all point at one 16 KB entry: read as
    # written, the file's 17 KB would become 128 KB of tensors (and a bigger such file, gigabytes).
    shared = zipfile.ZipFile(io.BytesIO(save({f"w{i}": torch.zeros(4096) for i in range(8)})))
    write("aliased_storages.pth", stored_zip(
        [(n, shared.read("archive/" + n)) for n in ("data.pkl", "data/0", "version")],
        [(f"data/{i}", "data/0") for i in range(1, 8)], prefix="archive/"))

write("not_zip.pth", b"PK? no: a text file with a .pth name\n")
# long_code_line.pt: a CrowdKD LibTorch export (`crowdkd export --format libtorch` of the svishwa
# MCNN) whose first code/*.py entry starts with a one-megabyte declaration line (deflated), on
# which a recursive regex matcher overflows the stack. Made once from such an export:
#   src = zipfile.ZipFile(EXPORT); first .py entry: b"  a : " + b"a" * 1_000_000 + b"\n" + data,
#   written ZIP_DEFLATED, every other entry copied ZIP_STORED.
write("not_onnx.onnx", b"not an ONNX model, just text\n")
# A LibTorch archive (data.pkl and constants.pkl, no code) whose module holds a tuple of two
# copies of a tuple of two copies of ... 24 levels deep: a 300-byte pickle whose values, expanded,
# number 2^25.
import pickle
import types
torch_module = types.ModuleType("__torch__")
sys.modules["__torch__"] = torch_module


class Bomb:
    pass


Bomb.__module__, Bomb.__qualname__ = "__torch__", "Bomb"
torch_module.Bomb = Bomb
bomb, nested = Bomb(), ()
for _ in range(24):
    nested = (nested, nested)
bomb.__dict__["nested"] = nested
write("tuple_bomb.pt", stored_zip([("data.pkl", pickle.dumps(bomb, protocol=2)),
                                   ("constants.pkl", pickle.dumps((), protocol=2)),
                                   ("version", b"3\n")], prefix="bomb/"))
