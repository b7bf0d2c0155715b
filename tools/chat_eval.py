#!/usr/bin/env python3
"""Score a dialog's understanding of free text through `parley chat`, the way
../shared/tools/intent_eval.py does through `parley bridge`.

Usage: chat_eval.py [--parley PATH] [--dialog DIR] [--labels FILE] [--verbose] UTTERANCES.tsv...

Mirrors intent_eval.py exactly: for every utterance a fresh conversation hears
the line right after the greeting ('start' pass); for labels that are not
tracks, another hears it after "my partner cheated on me" ('mid' pass). A turn
passes when its text (replies and option labels) matches the label's pattern
from labels.tsv; a pattern starting with '!' must not match. Useful before the
bridge exists, and for trying extra utterance files of one's own.
"""
import argparse
import collections
import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
MID_PREFIX = "my partner cheated on me"


def load_tsv(path):
    rows = []
    for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        a, b = line.split("\t", 1)
        rows.append((a.strip(), b.strip()))
    return rows


def last_turn(parley, dialog, lines):
    """The text of the turn that answers the last of `lines`."""
    proc = subprocess.run([parley, "chat", dialog, "--seed", "1"], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise SystemExit(f"parley chat failed (exit {proc.returncode}) for {lines!r}: {proc.stderr.strip()[-2000:]}")
    turns = proc.stdout.rstrip("\n").split("\n\n")
    if len(turns) != len(lines) + 1:
        raise SystemExit(f"expected {len(lines) + 1} turns, got {len(turns)} for {lines!r}")
    # Option lines are printed as "  N. label"; keep the label, as the bridge would.
    return "\n".join(re.sub(r"^  \d+\. ", "", l) for l in turns[-1].splitlines())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("utterances", nargs="+")
    ap.add_argument("--parley", default=str(ROOT / ".build" / "debug" / "parley"))
    ap.add_argument("--dialog", default=str(ROOT / "Dialogs" / "trust"))
    ap.add_argument("--labels", default=str(SHARED / "eval" / "labels.tsv"))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    patterns = dict(load_tsv(args.labels))
    cases = [case for path in args.utterances for case in load_tsv(path)]
    per_label = collections.defaultdict(lambda: [0, 0])
    safety = collections.Counter()
    passed = total = 0
    for label, text in cases:
        passes = ["start"] if label.startswith("track:") else ["start", "mid"]
        for when in passes:
            lines = [MID_PREFIX, text] if when == "mid" else [text]
            out = last_turn(args.parley, args.dialog, lines)
            pat = patterns[label]
            negate = pat.startswith("!")
            hit = re.search(pat.lstrip("!"), out, re.I) is not None
            ok = hit != negate
            flagged = re.search(patterns["safety"], out, re.I) is not None
            if label in ("safety", "not-safety"):
                safety[(label, flagged)] += 1
            per_label[label][0] += ok
            per_label[label][1] += 1
            passed += ok
            total += 1
            if not ok or args.verbose:
                shown = " | ".join(out.splitlines())[:160]
                print(f"{'ok  ' if ok else 'FAIL'} [{label} @{when}] {text!r} -> {shown}")
    print()
    for label, (ok, n) in sorted(per_label.items()):
        print(f"{label}: {ok}/{n}")
    tp, fn = safety[("safety", True)], safety[("safety", False)]
    fp = safety[("not-safety", True)]
    if tp + fn:
        prec = tp / (tp + fp) if tp + fp else 0.0
        print(f"safety: recall {tp}/{tp + fn}, precision {prec:.2f} ({fp} false alarms)")
    print(f"accuracy: {100.0 * passed / max(1, total):.1f}% ({passed}/{total})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
