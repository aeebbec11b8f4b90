#!/usr/bin/python3
"""Makes a "trojan" copy of a CrowdKD LibTorch archive (an export or a training checkpoint).

The copy has the same module tree, tensors and CrowdKD keys, so LibTorch loads it as the original,
but the first convolution's class restores itself with TorchScript code (`__setstate__`) that
writes MARKER when the archive is loaded (and, with --loop, then loops forever). Loading it with
LibTorch's torch::serialize::InputArchive or torch::jit::load runs that code; CrowdKD must refuse
the file without running anything (tests/support/trojan_archive.h).

usage: make_trojan_archive.py CLEAN OUT MARKER [--loop]
"""
import sys
from typing import Tuple

import torch

# Keys of CrowdKD archives that are plain values, not tensors or modules.
CROWDKD_VALUE_KEYS = ("crowdkd_metadata", "crowdkd_checkpoint_format", "metadata")


class Trojan(torch.nn.Module):
    """A convolution's weight and bias, restored by code that writes a marker file."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor, marker: str, loop: bool):
        super().__init__()
        self.weight = torch.nn.Parameter(weight.detach().clone(), requires_grad=False)
        self.bias = torch.nn.Parameter(bias.detach().clone(), requires_grad=False)
        self.marker = marker
        self.loop = loop

    @torch.jit.export
    def __getstate__(self) -> Tuple[torch.Tensor, torch.Tensor, str, bool, bool]:
        return (self.weight, self.bias, self.marker, self.loop, self.training)

    @torch.jit.export
    def __setstate__(self, state: Tuple[torch.Tensor, torch.Tensor, str, bool, bool]) -> None:
        self.weight = state[0]
        self.bias = state[1]
        self.marker = state[2]
        self.loop = state[3]
        self.training = state[4]
        torch.save(torch.ones(1), self.marker)
        while self.loop:
            self.training = not self.training

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x


class Plain(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x


def mirror(source, marker: str, loop: bool, planted: list):
    parameters = dict(source.named_parameters(recurse=False))
    buffers = dict(source.named_buffers(recurse=False))
    children = list(source.named_children())
    if not planted and not children and not buffers and set(parameters) == {"weight", "bias"}:
        planted.append(True)
        return Trojan(parameters["weight"], parameters["bias"], marker, loop)
    module = Plain()
    for name, value in parameters.items():
        module.register_parameter(name, torch.nn.Parameter(value.detach().clone(),
                                                           requires_grad=False))
    for name, value in buffers.items():
        module.register_buffer(name, value.detach().clone())
    for name, child in children:
        if name == "optimizer":  # its keys hold '/', which scripting refuses; not needed here
            continue
        module.add_module(name, mirror(child, marker, loop, planted))
    return module


def main() -> int:
    if len(sys.argv) not in (4, 5) or (len(sys.argv) == 5 and sys.argv[4] != "--loop"):
        print(__doc__, file=sys.stderr)
        return 2
    clean, out, marker = sys.argv[1:4]
    loop = len(sys.argv) == 5
    source = torch.jit.load(clean)
    planted = []
    trojan = mirror(source, marker, loop, planted)
    if not planted:
        print("no convolution with a weight and a bias to plant the code in", file=sys.stderr)
        return 1
    for key in CROWDKD_VALUE_KEYS:
        if source._c.hasattr(key):
            setattr(trojan, key, getattr(source, key))
    torch.jit.script(trojan).save(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
