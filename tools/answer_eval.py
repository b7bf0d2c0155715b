#!/usr/bin/env python3
"""Score how the trust coach reads answers to its reflective questions.

Usage: answer_eval.py [--cmd 'COMMAND'] [--verbose] ANSWERS.tsv

Each line of ANSWERS.tsv is `class<TAB>track<TAB>utterance`. For each, a fresh
bridge session opens the track (betrayer, betrayed or couple), picks its first
tip ("1"), answers the tip's question with the utterance, and checks which
intent the bridge reports for that turn: the class's intent (excuse, blame,
self-blame, anger, hurt, feel, dont-know, skip, refuse, leave), or, for the
class `answer`, none at all (the line was taken as a real answer). `hurt`
also accepts `feel`, since a feeling put into words is heard either way, and
`skip` accepts `next-step` ("next", "continue"), which every answer class
treats exactly as `skip` (`on skip, next-step -> next`).
The class `nonsense` (gibberish, an emoji alone, a line that is not about the
question) is scored by what the coach does, whatever intent it reports: it
passes when the line is not kept as an answer, that is when the session stays
at the tip and its question is asked again (a re-ask), rather than moving on.
`off-topic` (a question about something else, chat) is scored the same way.

Prints each miss, a line per class, and last 'accuracy: N.N% (passed/total)'.
"""
import argparse
import collections
import json
import shlex
import subprocess

OPENERS = {
    "betrayer": "I cheated on my partner",
    "betrayed": "my partner cheated on me",
    "couple": "we both want to work on it together",
}


class Bridge:
    def __init__(self, cmd):
        self.p = subprocess.Popen(shlex.split(cmd), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True, encoding="utf-8", bufsize=1)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.p.stdin.write(json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}) + "\n")
        self.p.stdin.flush()
        response = json.loads(self.p.stdout.readline())
        if "error" in response:
            raise SystemExit(f"bridge error: {response['error']}")
        return response["result"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cmd", default=".build/release/parley bridge")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("answers")
    args = parser.parse_args()
    rows = []
    for line in open(args.answers, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            label, track, text = [part.strip() for part in line.rstrip("\n").split("\t", 2)]
            rows.append((label, track, text))
    bridge = Bridge(args.cmd)
    per_class = collections.defaultdict(lambda: [0, 0])
    passed = 0
    for n, (label, track, text) in enumerate(rows):
        session = f"answers-{n}"
        bridge.call("open", session=session)
        bridge.call("say", session=session, text=OPENERS[track])
        tip = bridge.call("say", session=session, text="1")
        turn = bridge.call("say", session=session, text=text)
        intent = turn.get("intent")
        if label in ("nonsense", "off-topic"):
            ok = turn.get("state") == tip.get("state") and not turn.get("ended")
        else:
            expected = {"answer": {None}, "hurt": {"hurt", "feel"}, "skip": {"skip", "next-step"}}.get(label, {label})
            ok = intent in expected
        per_class[label][1] += 1
        if ok:
            per_class[label][0] += 1
            passed += 1
        if not ok or args.verbose:
            print(f"{'ok  ' if ok else 'MISS'} [{label} in {track}] {text!r} -> intent {intent!r}: "
                  f"{' | '.join(turn.get('replies', []))[:160]}")
    print()
    for label, (ok, total) in sorted(per_class.items()):
        print(f"{label}: {ok}/{total}")
    print(f"accuracy: {100.0 * passed / max(1, len(rows)):.1f}% ({passed}/{len(rows)})")


if __name__ == "__main__":
    main()
