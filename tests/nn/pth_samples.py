# Writes the .pth samples test_pth reads: the same tensors in the ZIP format and the legacy format.
# Usage: /usr/bin/python3 pth_samples.py OUT_DIR
import collections
import sys

import torch

out = sys.argv[1]
base = torch.arange(24, dtype=torch.float32) * 0.5 - 3.0
tensors = collections.OrderedDict()
tensors["contiguous"] = base.reshape(2, 3, 4)
tensors["transposed"] = base.reshape(4, 6).t()           # strides (1, 6)
tensors["offset_view"] = base[5:17].reshape(3, 4)        # storage offset 5, shared storage
tensors["half"] = (base / 8).to(torch.float16)
tensors["double"] = base.to(torch.float64) / 3
tensors["int64"] = torch.arange(-5, 7, dtype=torch.int64).reshape(3, 4)
tensors["scalar"] = torch.tensor(7, dtype=torch.int64)
tensors["flag"] = torch.tensor([True, False, True])
tensors["param"] = torch.nn.Parameter(base[:6].clone().reshape(2, 3))
checkpoint = {"epoch": 12, "mae": 57.25, "arch": "sample", "best": True,
              "big": 2 ** 40, "negative": -300, "model": tensors,
              "nested": {"inner": collections.OrderedDict(w=base[:4].clone())}}
torch.save(checkpoint, out + "/sample_zip.pth")
torch.save(checkpoint, out + "/sample_legacy.pth", _use_new_zipfile_serialization=False)
