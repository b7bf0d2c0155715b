#!/usr/bin/env python3
"""Wall time of `parley chat DIALOG` from fork to exit, for two binaries
interleaved, so that a shared machine's load falls on both alike.

    tools/bench/first-reply-wall.py BEFORE AFTER [--line FILE] [--dialog NAME] [--rounds 15] [--runs 20] [--version]

Each round runs BEFORE `--runs` times, then AFTER as often, each with the
line file on stdin (the greeting, one reply, exit; with --version,
`parley --version` instead). Prints each binary's median, mean, 10th and
90th percentiles and minimum in ms. Standard library only. Times mean
little at a high load: prefer instruction counts (callgrind) and say the
load with any time (docs/performance.md, "Chat start-up").
"""
import argparse
import statistics
import subprocess
import time

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("before")
parser.add_argument("after")
parser.add_argument("--line", help="a file for stdin of each run (default: the line \"my boyfriend cheated on me\")")
parser.add_argument("--dialog", default="trust")
parser.add_argument("--rounds", type=int, default=15)
parser.add_argument("--runs", type=int, default=20)
parser.add_argument("--version", action="store_true", help="time `parley --version` instead")
options = parser.parse_args()

if options.version:
    stdin = b""
elif options.line:
    stdin = open(options.line, "rb").read()
else:
    stdin = b"my boyfriend cheated on me\n"
arguments = ["--version"] if options.version else ["chat", options.dialog]
times = {options.before: [], options.after: []}
for _ in range(options.rounds):
    for binary, samples in times.items():
        for _ in range(options.runs):
            start = time.perf_counter()
            subprocess.run([binary, *arguments], input=stdin, stdout=subprocess.DEVNULL, check=True)
            samples.append((time.perf_counter() - start) * 1000)
for binary, samples in times.items():
    samples.sort()
    n = len(samples)
    print(f"{binary}: n={n} median {statistics.median(samples):.2f} mean {statistics.mean(samples):.2f} "
          f"p10 {samples[n // 10]:.2f} p90 {samples[9 * n // 10]:.2f} min {samples[0]:.2f} ms")
