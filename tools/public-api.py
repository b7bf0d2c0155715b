#!/usr/bin/env python3
"""Lists a Swift module's public declarations and whether each has a doc comment.

    tools/public-api.py [--check] [--undocumented] [FOLDER…]   # default: Sources/ParleyKit

A declaration is public when it carries the `public` or `open` modifier
(enum cases and implicit members, such as a memberwise init, are not
counted: their type's comment covers them). It is documented when a `///` line or
a `/** … */` block ends right above it (attribute lines such as
`@discardableResult` may stand between). Prints one line per declaration,
`path:line: kind name` with ` (undocumented)` where the comment is missing,
then the totals, one line per folder (each folder is one module). With
--check, exits 1 when any declaration is undocumented (CI runs it so, on the
library modules: their public API stays documented).
"""
import argparse
import os
import re
import sys

MODIFIERS = r"(?:(?:nonisolated|final|override|static|class|indirect|mutating|nonmutating|convenience|required|lazy|dynamic|weak|unowned)\s+)*"
ATTRIBUTES = r"(?:@\w+(?:\([^)]*\))?\s+)*"
DECLARATION = re.compile(
    r"^\s*" + ATTRIBUTES + MODIFIERS + r"(?:public|open)(?:\s+(?:internal|private|fileprivate)\(set\))?\s+"
    + ATTRIBUTES + MODIFIERS
    + r"(?P<kind>func|var|let|class|struct|enum|protocol|typealias|init[?!]?|subscript|case|extension|actor|associatedtype|macro)\b"
    + r"\s*(?P<name>`?[\w.]+`?|[^\s(<:]+)?"
)
ATTRIBUTE_LINE = re.compile(r"^\s*@\w+(?:\([^)]*\))?\s*$")


def declarations(path):
    """Yields (line number, kind, name, documented) for each public declaration in one file."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    in_string = False  # inside a """ multi-line string literal
    in_block = False   # inside a /* … */ comment
    for i, line in enumerate(lines):
        stripped = line.strip()
        if in_string:
            if stripped.count('"""') % 2 == 1:
                in_string = False
            continue
        if in_block:
            if "*/" in stripped:
                in_block = False
            continue
        if stripped.startswith("/*") and "*/" not in stripped:
            in_block = True
            continue
        match = DECLARATION.match(line)
        if match:
            kind = match.group("kind").rstrip("?!")
            name = match.group("name") or ""
            if kind in ("init", "subscript"):
                name = kind
            yield i + 1, kind, name, documented(lines, i)
        if not stripped.startswith("//") and line.count('"""') % 2 == 1:
            in_string = True


def documented(lines, i):
    """True when a doc comment ends right above line i (attribute lines may stand between)."""
    j = i - 1
    # An attribute written on the declaration's line is part of it; one on a line of its own is skipped.
    while j >= 0 and ATTRIBUTE_LINE.match(lines[j]):
        j -= 1
    if j < 0:
        return False
    above = lines[j].strip()
    if above.startswith("///"):
        return True
    if above.endswith("*/"):
        while j >= 0 and "/*" not in lines[j]:
            j -= 1
        return j >= 0 and lines[j].strip().startswith("/**")
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", default=["Sources/ParleyKit"], metavar="folder")
    parser.add_argument("--check", action="store_true", help="exit 1 if any public declaration is undocumented")
    parser.add_argument("--undocumented", action="store_true", help="list only the undocumented ones")
    args = parser.parse_args()
    any_missing = False
    for folder in args.folders:
        if not os.path.isdir(folder):
            print(f"error: {folder} is not a folder", file=sys.stderr)
            return 2
        total = missing = 0
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(root, name)
                for line, kind, decl, doc in declarations(path):
                    total += 1
                    missing += not doc
                    if args.undocumented and doc:
                        continue
                    print(f"{path}:{line}: {kind} {decl}" + ("" if doc else " (undocumented)"))
        print(f"{folder}: {total} public declarations, {missing} undocumented", file=sys.stderr)
        any_missing = any_missing or missing > 0
    if args.check and any_missing:
        print("error: every public declaration needs a doc comment (///) giving shapes, units and errors", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
