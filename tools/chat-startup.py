#!/usr/bin/env python3
"""Time from starting `parley chat` to its first prompt.

On a pseudo-terminal (readline, colour, the built-in coach's greeting, the
history loaded): from just before fork to the moment "you>" appears on the
terminal; then Ctrl-D ends the run. Also piped (no terminal): from start to
exit with empty input, which prints the greeting and leaves.

    swift build -c release --product parley
    python3 tools/chat-startup.py                 # .build/release/parley, 50 runs
    python3 tools/chat-startup.py --runs 200 --binary path/to/parley
    python3 tools/chat-startup.py --dialog Dialogs/sample

Standard library only. Each run gets a fresh HOME and XDG_STATE_HOME.
"""
import argparse
import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import tempfile
import termios
import time

PROMPT = b"you>"


DIALOG = []  # extra arguments: a dialog to chat with instead of the built-in one


def terminal_run(binary, env, timeout=10.0):
    """Seconds from fork to the first prompt, on a 100x40 pseudo-terminal."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execve(binary, [binary, "chat"] + DIALOG, env)
        finally:
            os._exit(127)
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    except OSError:
        pass
    seen = b""
    elapsed = None
    deadline = start + timeout
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if PROMPT in seen:
            elapsed = time.perf_counter() - start
            break
    try:
        os.write(fd, b"\x04")  # Ctrl-D: leave
    except OSError:
        pass
    # Drain until the child closes the terminal, then reap it.
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                if not os.read(fd, 65536):
                    break
            except OSError:
                break
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    if elapsed is None:
        raise SystemExit(f"no prompt within {timeout} s; the terminal showed: {seen[-400:]!r}")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"parley exited with {os.waitstatus_to_exitcode(status)}")
    return elapsed


def pipe_run(binary, env):
    """Seconds from start to exit with empty piped input."""
    start = time.perf_counter()
    result = subprocess.run([binary, "chat"] + DIALOG, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"parley exited with {result.returncode}")
    return elapsed


def environment(folder):
    home = os.path.join(folder, "home")
    os.makedirs(home, exist_ok=True)
    return {"PATH": "/usr/bin:/bin", "HOME": home, "XDG_STATE_HOME": os.path.join(folder, "state"),
            "TERM": "xterm-256color", "LANG": "C.UTF-8"}


def summary(name, samples):
    samples = sorted(samples)
    ms = [s * 1000 for s in samples]
    p90 = ms[min(len(ms) - 1, int(round(0.9 * (len(ms) - 1))))]
    return f"{name:<44} min {ms[0]:6.1f}  median {statistics.median(ms):6.1f}  p90 {p90:6.1f}  max {ms[-1]:6.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=".build/release/parley")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--dialog", help="a dialog to chat with (default: the built-in coach)")
    args = parser.parse_args()
    if args.dialog:
        DIALOG.append(os.path.abspath(args.dialog))
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"{binary} not found: swift build -c release --product parley")

    folder = tempfile.mkdtemp(prefix="parley-startup-")
    try:
        env = environment(folder)
        lines = []
        # A dialog on disk keeps its history under a hashed name; the history case is for the built-in one.
        for case in ("empty history",) if DIALOG else ("empty history", "1,000-line history"):
            if case != "empty history":
                state = os.path.join(env["XDG_STATE_HOME"], "parley")
                os.makedirs(state, mode=0o700, exist_ok=True)
                # The built-in dialog's history file is named after it.
                for name in ("trust", "sample"):
                    path = os.path.join(state, name + ".history")
                    with open(path, "w") as history:
                        history.writelines(f"an earlier line about trust, number {n}\n" for n in range(1000))
                    os.chmod(path, 0o600)
            for _ in range(args.warmup):
                terminal_run(binary, env)
            lines.append(summary(f"terminal, first prompt ({case})", [terminal_run(binary, env) for _ in range(args.runs)]))
        for _ in range(args.warmup):
            pipe_run(binary, env)
        lines.append(summary("pipe, greeting and exit (empty input)", [pipe_run(binary, env) for _ in range(args.runs)]))
        print(f"{binary}, {args.runs} runs each after {args.warmup} warm-up runs")
        print("\n".join(lines))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
