#!/usr/bin/env python3
"""No sentence of the seed article is taken for a sign of danger.

The trust coach is built from the article in ../shared/seed, which lives
outside the package, so `swift test` checks only the sentences the dialog
quotes; this checks every sentence of the article, through the real bridge,
in a fresh conversation and after "my partner cheated on me", "1".

usage: article_is_not_danger.py ARTICLE --cmd 'parley bridge'
"""
import argparse
import json
import shlex
import subprocess
import sys


def sentences(text):
    out = []
    for line in text.splitlines():
        line = line.strip().replace("•", "").strip()
        if not line:
            continue
        current, previous = "", " "
        for c in line:
            if c == " " and previous in ".?!”\"" and current:
                out.append(current)
                current = ""
            else:
                current += c
            previous = c
        if current:
            out.append(current)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("article")
    parser.add_argument("--cmd", required=True, help="the bridge command, e.g. '.build/debug/parley bridge'")
    args = parser.parse_args()
    with open(args.article, encoding="utf-8-sig") as f:
        found = sentences(f.read())
    if len(found) < 200:
        sys.exit(f"only {len(found)} sentences read from {args.article}")

    requests, checked = [], []
    for n, sentence in enumerate(found):
        for prefix in ([], ["my partner cheated on me", "1"]):
            session = f"article:{n}:{len(prefix)}"
            for line in prefix:
                requests.append({"jsonrpc": "2.0", "method": "say", "params": {"session": session, "text": line}})
            requests.append({"jsonrpc": "2.0", "id": len(checked), "method": "say",
                             "params": {"session": session, "text": sentence}})
            checked.append((sentence, prefix))
    lines = "".join(json.dumps(r) + "\n" for r in requests)
    result = subprocess.run(shlex.split(args.cmd), input=lines, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"the bridge exited with {result.returncode}: {result.stderr.strip()}")
    responses = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    if len(responses) != len(checked):
        sys.exit(f"{len(checked)} requests, {len(responses)} responses")
    failures = 0
    for response in responses:
        sentence, prefix = checked[response["id"]]
        state = response.get("result", {}).get("state", "")
        if "error" in response or state.startswith("safety."):
            failures += 1
            print(f"the article's sentence {sentence!r} (after {prefix}) went to {state or response.get('error')}")
    print(f"{len(found)} sentences of the article, {len(checked)} turns, {failures} taken for danger")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
