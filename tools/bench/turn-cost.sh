#!/usr/bin/env bash
# Per-turn cost of Parley, counted in instructions (callgrind: steady on a
# shared machine) and in wall-clock time, through the real binary:
# `parley bridge` and piped `parley chat`, on the sample dialog, the trust
# coach and keyword dialogs of 20, 500 and 5,000 rules (docs/performance.md).
#
# Usage: tools/bench/turn-cost.sh [--turns N] [--no-build] [--bin DIR] [--no-chat] [--no-time] [--only NAMES] [--keep DIR]
#   --turns N   lines per dialog (default 2000)
#   --no-build  use the release binaries already in .build/release
#   --bin DIR   use parley and parley-bench from DIR (implies --no-build), e.g. a copy of an older build
#   --no-chat   the bridge only
#   --no-time   instructions only (wall-clock time means little on a loaded machine)
#   --only N    only these dialogs, a space-separated list of: sample trust kw20 kw500 kw5000
#   --keep DIR  write inputs, outputs and callgrind profiles to DIR and keep them
#
# Instructions per turn = (instructions of the run with N lines - those of a run
# with no input, i.e. start-up and compiling the dialog) / N, all threads
# together; "longest/turn" is the same for the thread that did the most (the
# in-memory bridge runs a read of many lines on two lanes, two threads: the
# longest bounds its throughput). Each thread is counted apart (callgrind
# --separate-threads=yes) and less the same thread of the run with no input.
# Time per turn is the same difference in wall-clock time (best of 3 runs
# each). Needs valgrind and python3; nothing outside the package.
set -euo pipefail
cd "$(dirname "$0")/../.."
turns=2000 build=1 chat=1 keep="" bindir=.build/release timed=1 names="sample trust kw20 kw500 kw5000"
while [ $# -gt 0 ]; do
  case "$1" in
    --turns) turns=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --bin) bindir=$2; build=0; shift 2 ;;
    --no-chat) chat=0; shift ;;
    --no-time) timed=0; shift ;;
    --only) names=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "turn-cost.sh: unknown argument '$1' (see the usage at the top of the script)" >&2; exit 2 ;;
  esac
done
command -v valgrind >/dev/null || { echo "turn-cost.sh: valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
if [ $build = 1 ]; then
  swift build -c release --product parley >&2
  swift build -c release --product parley-bench >&2
fi
bindir=$(cd "$bindir" && pwd)
bin=$bindir/parley
if [ -n "$keep" ]; then work=$keep; mkdir -p "$work"; else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$work/home"
# Valgrind 3.19 gives up on the DWARF 5 debug information Swift writes
# ("Possibly corrupted debuginfo file"): callgrind runs a copy without it
# (the symbol table stays, so callgrind_annotate still names functions).
counted=$work/parley-for-callgrind
objcopy --strip-debug "$bin" "$counted" 2>/dev/null || cp "$bin" "$counted"
"$bindir/parley-bench" corpus "$work" "$turns" >&2

# instructions FILE-PREFIX COMMAND... : runs the command under callgrind (stdin
# as given), prints the instructions it executed; each thread's are in the
# profile FILE-PREFIX.callgrind-NN (NN: the thread's number).
instructions() {
  local out=$1; shift
  valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$out.callgrind" "$@" > "$out.stdout" 2> "$out.valgrind"
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out.valgrind"
}
# longest FULL-PREFIX EMPTY-PREFIX N : the instructions per turn of the thread
# that did the most, each thread less the same thread of the run with no input.
longest() {
  python3 - "$@" <<'PY'
import glob, re, sys
full, empty, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
def threads(prefix):
    counts = {}
    for path in glob.glob(prefix + ".callgrind-*"):
        with open(path) as f:
            for line in f:
                if line.startswith("summary:"):
                    counts[path.rsplit("-", 1)[1]] = int(line.split()[1])
                    break
    return counts
f, e = threads(full), threads(empty)
print(max(count - e.get(thread, 0) for thread, count in f.items()) // n)
PY
}
# seconds COMMAND... : the best wall-clock time of 3 runs, in seconds.
seconds() {
  python3 - "$@" <<'PY'
import subprocess, sys, time
best = None
stdin_path = sys.argv[1]
for _ in range(3):
    with open(stdin_path, "rb") as stdin:
        start = time.perf_counter()
        subprocess.run(sys.argv[2:], stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        elapsed = time.perf_counter() - start
    best = elapsed if best is None else min(best, elapsed)
print("%.6f" % best)
PY
}

printf '%-8s %-7s %14s %14s %12s %14s %10s\n' dialog front "instr (N)" "instr (0)" "instr/turn" "longest/turn" "µs/turn"
for name in $names; do
  case $name in sample|trust) dialog=$name ;; *) dialog=$work/$name.dialog ;; esac
  fronts="bridge"; [ $chat = 1 ] && fronts="bridge chat"
  for front in $fronts; do
    if [ $front = bridge ]; then
      args=(bridge "$dialog"); input=$work/$name.jsonl
    else
      args=(chat --no-color --incognito --seed 1 "$dialog"); input=$work/$name.txt
    fi
    export HOME="$work/home" XDG_STATE_HOME="$work/home"
    full=$(instructions "$work/$name.$front" "$counted" "${args[@]}" < "$input")
    empty=$(instructions "$work/$name.$front.empty" "$counted" "${args[@]}" < /dev/null)
    cmd=("$bin" "${args[@]}")
    if [ $front = bridge ]; then
      answered=$(grep -c '"result"' "$work/$name.$front.stdout" || true)
      [ "$answered" = "$turns" ] || { echo "turn-cost.sh: $name: $answered of $turns requests answered" >&2; exit 1; }
    fi
    t_full=0 t_empty=0
    if [ $timed = 1 ]; then
      t_full=$(seconds "$input" "${cmd[@]}")
      t_empty=$(seconds /dev/null "${cmd[@]}")
    fi
    most=$(longest "$work/$name.$front" "$work/$name.$front.empty" "$turns")
    python3 -c 'import sys; n,f,e,m,tf,te,name,front=sys.argv[1:]; n=int(n)
print("%-8s %-7s %14s %14s %12s %14s %10.1f" % (name, front, f, e, "{:,}".format((int(f)-int(e))//n), "{:,}".format(int(m)), (float(tf)-float(te))/n*1e6))' \
      "$turns" "$full" "$empty" "$most" "$t_full" "$t_empty" "$name" "$front"
  done
done
