#!/usr/bin/env python3
"""Does every track of every built-in dialog fit a readable page?

Draws each track (`parley graph DIALOG --group track --only TRACK --format
svg`, through Graphviz's dot) and reports its size in points, the page and
orientation it fits, the scale it prints at and the size of its smallest text
once printed. Exits 1 if any track does not fit.

A readable page (docs/editors.md, "A readable page"): the drawing, scaled down
as far as needed, fits the printable area of both A4 (595 x 842 pt) and US
Letter (612 x 792 pt) with 1/4 inch (18 pt) margins, portrait or landscape,
and its smallest text still prints at 7 pt or more. The area both papers
share is 559 x 756 pt; with 10 pt text (the smallest parley graph uses) the
scale may go down to 0.7, so a drawing may be up to 798 x 1080 pt (portrait)
or 1080 x 798 pt (landscape).

Usage: tools/graph-pages.py [--parley PATH] [--dialogs DIR] [DIALOG...]
(default: .build/debug/parley, every folder of Dialogs/).
"""
import argparse
import os
import re
import subprocess
import sys

# Printable area common to A4 and US Letter, with 18 pt margins, portrait.
PAGE_WIDTH = min(595, 612) - 2 * 18
PAGE_HEIGHT = min(842, 792) - 2 * 18
SMALLEST_PRINTED_TEXT = 7.0


def tracks(parley, dialog):
    """The tracks of a dialog, as `parley graph --group track` names its clusters."""
    dot = subprocess.run([parley, "graph", dialog, "--group", "track", "--no-legend"],
                         check=True, capture_output=True, text=True).stdout
    return re.findall(r'subgraph "cluster_\d+" \{\n\s+label=("(?:[^"\\]|\\.)*");', dot)


def measure(svg):
    """(width, height, smallest font size) of an SVG drawn by dot, in points."""
    size = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if not size:
        raise ValueError("no size in the SVG")
    fonts = [float(f) for f in re.findall(r'font-size="([\d.]+)"', svg)]
    return float(size.group(1)), float(size.group(2)), min(fonts) if fonts else 14.0


def fit(width, height):
    """The best orientation and the scale that fits it on the page (at most 1)."""
    portrait = min(PAGE_WIDTH / width, PAGE_HEIGHT / height, 1.0)
    landscape = min(PAGE_HEIGHT / width, PAGE_WIDTH / height, 1.0)
    return ("portrait", portrait) if portrait >= landscape else ("landscape", landscape)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parley", default=".build/debug/parley")
    parser.add_argument("--dialogs", default="Dialogs")
    parser.add_argument("dialog", nargs="*", help="dialog folders (default: every folder of --dialogs)")
    args = parser.parse_args()
    dialogs = args.dialog or sorted(os.path.join(args.dialogs, d) for d in os.listdir(args.dialogs)
                                    if os.path.isdir(os.path.join(args.dialogs, d)))
    failures = 0
    count = 0
    print(f"readable page: {PAGE_WIDTH} x {PAGE_HEIGHT} pt printable (A4 and Letter, 18 pt margins), "
          f"smallest text printed >= {SMALLEST_PRINTED_TEXT} pt")
    print(f"{'dialog':<10} {'track':<14} {'width':>6} {'height':>6}  {'fits':<10} {'scale':>5} {'text':>5}")
    for dialog in dialogs:
        for quoted in tracks(args.parley, dialog):
            track = quoted[1:-1].replace('\\"', '"')
            drawn = subprocess.run([args.parley, "graph", dialog, "--group", "track", "--only", track, "--format", "svg"],
                                   capture_output=True, text=True)
            if drawn.returncode != 0:
                print(f"{dialog}: {track}: parley graph failed: {drawn.stderr.strip()}")
                failures += 1
                continue
            width, height, font = measure(drawn.stdout)
            orientation, scale = fit(width, height)
            printed = font * scale
            ok = printed >= SMALLEST_PRINTED_TEXT - 1e-6
            count += 1
            failures += not ok
            verdict = "" if ok else "  TOO BIG"
            print(f"{os.path.basename(dialog):<10} {track:<14} {width:>6.0f} {height:>6.0f}  {orientation:<10} "
                  f"{scale:>5.2f} {printed:>5.1f}{verdict}")
    if count == 0:
        sys.exit("no track was drawn")
    if failures:
        sys.exit(f"{failures} of {count} tracks do not fit a readable page")
    print(f"all {count} tracks fit a readable page")


if __name__ == "__main__":
    main()
