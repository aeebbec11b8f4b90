#!/usr/bin/env python3
"""PyTorch eager reference figures for CrowdKD's benchmarks, measured on the same machine and at the
same time as bench_inference and bench_training (the issues quote 0.58 s per MCNN forward at 1024x768,
7.8 s per M-SFANet forward and 92 ms per MCNN training step on a 256x256 crop for this machine).

    /usr/bin/python3 bench/reference/pytorch_reference.py [--threads N] [--runs N]

Prints the median times; needs torch (Debian's python3-torch). MCNN is svishwa's architecture with
random weights (the time does not depend on the values)."""
import argparse
import statistics
import time

import torch
import torch.nn as nn


def conv(cin, cout, k):
    return nn.Sequential(nn.Conv2d(cin, cout, k, padding=(k - 1) // 2), nn.ReLU(inplace=True))


class Mcnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.branch1 = nn.Sequential(conv(1, 16, 9), nn.MaxPool2d(2), conv(16, 32, 7), nn.MaxPool2d(2),
                                     conv(32, 16, 7), conv(16, 8, 7))
        self.branch2 = nn.Sequential(conv(1, 20, 7), nn.MaxPool2d(2), conv(20, 40, 5), nn.MaxPool2d(2),
                                     conv(40, 20, 5), conv(20, 10, 5))
        self.branch3 = nn.Sequential(conv(1, 24, 5), nn.MaxPool2d(2), conv(24, 48, 3), nn.MaxPool2d(2),
                                     conv(48, 24, 3), conv(24, 12, 3))
        self.fuse = conv(30, 1, 1)

    def forward(self, x):
        return self.fuse(torch.cat((self.branch1(x), self.branch2(x), self.branch3(x)), 1))


def median_seconds(function, runs, warmup=2):
    for _ in range(warmup):
        function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--training-only", action="store_true",
                        help="only the training steps (bench_training runs it so)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = Mcnn()
    print(f"PyTorch {torch.__version__}, {args.threads} threads, mkldnn "
          f"{torch.backends.mkldnn.is_available()}")

    if not args.training_only:
        model.eval()
        with torch.no_grad():
            for width, height in ((1024, 768), (640, 480)):
                image = torch.rand(1, 1, height, width) * 255
                seconds = median_seconds(lambda: model(image), args.runs)
                print(f"MCNN forward {width}x{height}: median {seconds * 1000:.1f} ms")

    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    for batch in (1, 4):
        crop = torch.rand(batch, 1, 256, 256) * 255
        target = torch.rand(batch, 1, 64, 64) * 1e-2

        def step():
            optimizer.zero_grad()
            loss = ((model(crop) - target) ** 2).sum() / batch
            loss.backward()
            optimizer.step()

        seconds = median_seconds(step, args.runs * 3)
        print(f"  MCNN training step {batch}x256x256, Adam: median {seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main()
