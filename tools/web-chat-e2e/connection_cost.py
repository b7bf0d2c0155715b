#!/usr/bin/env python3
"""What one web chat connection costs: websocketd starts a `parley bridge` per
connection, so each costs a process start and its memory.

    python3 tools/web-chat-e2e/connection_cost.py .build/release/parley --bridges 20

Starts the bridges one after another, each on the same --store file in a
temporary folder, as websocketd does for that many open pages, and keeps them
all running. Prints the time from each start to its first answer (an `open`),
and the memory of all of them together, as the proportional set size (shared
library pages split between the processes that share them), per bridge.
Needs several bridges to share one store (docs/bridge-protocol.md).
"""
import argparse
import json
import pathlib
import statistics
import subprocess
import tempfile
import time


def pss_kib(pid):
    for line in pathlib.Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    raise SystemExit(f"no Pss in /proc/{pid}/smaps_rollup")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("parley", help="the parley binary")
    parser.add_argument("--bridges", type=int, default=20, help="how many bridges run at once (default 20)")
    parser.add_argument("--dialog", default=None, help="a dialog file or folder (default: the built-in one)")
    args = parser.parse_args()

    folder = pathlib.Path(tempfile.mkdtemp())
    command = [args.parley, "bridge", *([args.dialog] if args.dialog else []), "--store", str(folder / "state" / "web.db")]
    bridges, started = [], []
    try:
        for n in range(args.bridges):
            begin = time.monotonic()
            bridge = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            bridges.append(bridge)
            request = {"jsonrpc": "2.0", "id": 1, "method": "open", "params": {"session": f"web:cost-{n}"}}
            bridge.stdin.write(json.dumps(request) + "\n")
            bridge.stdin.flush()
            answer = json.loads(bridge.stdout.readline())
            if "result" not in answer:
                raise SystemExit(f"bridge {n} answered {answer}")
            started.append((time.monotonic() - begin) * 1000)
        total = sum(pss_kib(bridge.pid) for bridge in bridges)
    finally:
        for bridge in bridges:
            bridge.stdin.close()
        for bridge in bridges:
            bridge.wait()
    print(f"{args.bridges} bridges on one store: first answer {statistics.median(started):.0f} ms after start "
          f"(median; min {min(started):.0f}, max {max(started):.0f}); "
          f"memory {total / 1024 / args.bridges:.1f} MiB per bridge (PSS, {total / 1024:.0f} MiB in all)")


if __name__ == "__main__":
    main()
