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


class BaseConv(nn.Module):
    """The M-SFANet authors' BaseConv: same conv, BatchNorm when use_bn, then an activation."""

    def __init__(self, cin, cout, k, activation=nn.ReLU(inplace=True), use_bn=True):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, padding=k // 2)
        self.bn = nn.BatchNorm2d(cout)
        self.activation, self.use_bn = activation, use_bn

    def forward(self, x):
        x = self.conv(x)
        if self.use_bn:
            x = self.bn(x)
        return self.activation(x) if self.activation is not None else x


def up(x, factor):
    return nn.functional.interpolate(x, scale_factor=factor, mode="bilinear", align_corners=True)


class Msfanet(nn.Module):
    """M-SFANet as core/nn/msfanet.h describes it (VGG16-bn, CAN + ASPP, two decoders), for timing."""

    def __init__(self):
        super().__init__()
        channels = [(3, 64), (64, 64), (64, 128), (128, 128), (128, 256), (256, 256), (256, 256),
                    (256, 512), (512, 512), (512, 512), (512, 512), (512, 512), (512, 512)]
        self.vgg = nn.ModuleList(BaseConv(i, o, 3) for i, o in channels)

        def branch(k, d):
            return nn.Sequential(nn.Conv2d(512, 256, k, padding=0 if k == 1 else d, dilation=d, bias=False),
                                 nn.BatchNorm2d(256), nn.ReLU(inplace=True))
        self.aspp = nn.ModuleList([branch(1, 1), branch(3, 6), branch(3, 12), branch(3, 18)])
        self.pool = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(512, 256, 1, bias=False),
                                  nn.BatchNorm2d(256), nn.ReLU())
        self.aspp_out = nn.Sequential(nn.Conv2d(1280, 256, 1, bias=False), nn.BatchNorm2d(256),
                                      nn.ReLU(inplace=True), nn.Dropout(0.5))
        self.scales = nn.ModuleList(nn.Sequential(nn.AdaptiveAvgPool2d(s), nn.Conv2d(512, 512, 1, bias=False))
                                    for s in (1, 2, 3, 6))
        self.bottleneck = nn.Conv2d(1024, 512, 1)
        self.weight_net = nn.Conv2d(512, 512, 1)

        def backend():
            return nn.ModuleList([BaseConv(768, 256, 1), BaseConv(256, 256, 3), BaseConv(768, 128, 1),
                                  BaseConv(128, 128, 3), BaseConv(256, 64, 1), BaseConv(64, 64, 3),
                                  BaseConv(64, 32, 3)])
        self.amp, self.dmp = backend(), backend()
        self.conv_att = BaseConv(32, 1, 1, nn.Sigmoid())
        self.conv_out = BaseConv(32, 1, 1, None, use_bn=False)

    def decode(self, b, c2, c3, c4, c5):
        x = torch.cat([up(c5, 2), c4], 1)
        x = up(b[1](b[0](x)), 2)
        x = torch.cat([x, c3, up(c5, 4)], 1)
        x = up(b[3](b[2](x)), 2)
        x = torch.cat([x, c2], 1)
        return b[6](b[5](b[4](x)))

    def forward(self, x):
        v, pool = self.vgg, lambda t: nn.functional.max_pool2d(t, 2)
        x = v[1](v[0](x))
        c2 = v[3](v[2](pool(x)))
        c3 = v[6](v[5](v[4](pool(c2))))
        c4 = v[9](v[8](v[7](pool(c3))))
        c5 = v[12](v[11](v[10](pool(c4))))
        size = c4.shape[2:]
        total = weights = 0
        for stage in self.scales:
            scale = nn.functional.interpolate(stage(c4), size=size, mode="bilinear", align_corners=False)
            weight = torch.sigmoid(self.weight_net(c4 - scale))
            total, weights = total + scale * weight, weights + weight
        c4 = torch.relu(self.bottleneck(torch.cat([total / weights, c4], 1)))
        pooled = nn.functional.interpolate(self.pool(c5), size=c5.shape[2:], mode="bilinear", align_corners=True)
        c5 = self.aspp_out(torch.cat([b(c5) for b in self.aspp] + [pooled], 1))
        attention = self.conv_att(self.decode(self.amp, c2, c3, c4, c5))
        density = self.conv_out(attention * self.decode(self.dmp, c2, c3, c4, c5))
        return density, attention


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
    parser.add_argument("--teacher", action="store_true", help="also M-SFANet's training step")
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

    if args.teacher:
        # The teacher's step: M-SFANet on 2 crops of 256², the SFANet loss, Adam.
        teacher = Msfanet().train()
        optimizer = torch.optim.Adam(teacher.parameters(), lr=1e-4)
        crop = torch.randn(2, 3, 256, 256)
        target = torch.rand(2, 1, 128, 128) * 1e-2

        def teacher_step():
            optimizer.zero_grad()
            density, attention = teacher(crop)
            loss = ((density - target) ** 2).sum() / 2 + 0.1 * nn.functional.binary_cross_entropy(
                attention, (target > 1e-3).float(), reduction="sum") / 2
            loss.backward()
            optimizer.step()

        seconds = median_seconds(teacher_step, 5, warmup=1)
        print(f"  M-SFANet training step 2x3x256x256, Adam: median {seconds * 1000:.0f} ms "
              f"({2 / seconds:.2f} crops/s)")


if __name__ == "__main__":
    main()
