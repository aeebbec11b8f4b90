#!/usr/bin/env python3
"""PyTorch's Gloo all-reduce of one flattened gradient bucket between two processes over loopback:
the reference bench_training prints beside CrowdKD's (same sizes, same machine, same run).

Usage: allreduce_reference.py MEGABYTES [MEGABYTES ...]
Prints one line per size (in MiB): "<MiB> MiB: median <ms> ms".
"""
import os
import socket
import statistics
import sys
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

REPEATS = 20


def rank_main(rank, port, sizes, results):
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=2)
    for megabytes in sizes:
        bucket = torch.ones(int(megabytes * 1024 * 1024 / 4))
        dist.all_reduce(bucket)  # warm-up: connections, buffers
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            dist.all_reduce(bucket)
            bucket /= 2
            times.append((time.perf_counter() - start) * 1000)
        if rank == 0:
            results.append((megabytes, statistics.median(times)))
    dist.destroy_process_group()


def main():
    sizes = [float(s) for s in sys.argv[1:]] or [0.5, 92.0]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with mp.Manager() as manager:
        results = manager.list()
        mp.spawn(rank_main, args=(port, sizes, results), nprocs=2)
        for megabytes, ms in results:
            print(f"{megabytes:g} MiB: median {ms:.2f} ms")


if __name__ == "__main__":
    main()
