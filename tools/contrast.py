#!/usr/bin/env python3
"""WCAG 2 contrast of the chat's colours on common light and dark terminal palettes.

The chat writes text in the terminal's default foreground; only option numbers
and the prompt are coloured (bold magenta, SGR 1;35, which many terminals show
as bright magenta). This prints the contrast ratio (WCAG 2: relative luminance,
(L1 + 0.05) / (L2 + 0.05)) of each ANSI colour, and of the default foreground,
against each palette's background. Palette values are the terminals' published
defaults. Run: python3 tools/contrast.py
"""

def luminance(hex_colour):
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(a, b):
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


# name: (default foreground, background, normal red..cyan, bright magenta)
PALETTES = {
    "xterm, light": ("000000", "ffffff", ["cd0000", "00cd00", "cdcd00", "0000ee", "cd00cd", "00cdcd"], "ff00ff"),
    "xterm, dark": ("e5e5e5", "000000", ["cd0000", "00cd00", "cdcd00", "0000ee", "cd00cd", "00cdcd"], "ff00ff"),
    "Tango (GNOME), light": ("000000", "ffffff", ["cc0000", "4e9a06", "c4a000", "3465a4", "75507b", "06989a"], "ad7fa8"),
    "Tango (GNOME), dark": ("d3d7cf", "2e3436", ["cc0000", "4e9a06", "c4a000", "3465a4", "75507b", "06989a"], "ad7fa8"),
    "Solarized light": ("657b83", "fdf6e3", ["dc322f", "859900", "b58900", "268bd2", "d33682", "2aa198"], "6c71c4"),
    "Solarized dark": ("839496", "002b36", ["dc322f", "859900", "b58900", "268bd2", "d33682", "2aa198"], "6c71c4"),
    "Terminal.app Basic": ("000000", "ffffff", ["990000", "00a600", "999900", "0000b2", "b200b2", "00a6b2"], "e500e5"),
    "VS Code, dark": ("cccccc", "1e1e1e", ["cd3131", "0dbc79", "e5e510", "2472c8", "bc3fbc", "11a8cd"], "d670d6"),
    "VS Code, light": ("333333", "ffffff", ["cd3131", "00bc00", "949800", "0451a5", "bc05bc", "0598bc"], "bc05bc"),
}

NAMES = ["red", "green", "yellow", "blue", "magenta", "cyan"]

print("| palette | default text | " + " | ".join(NAMES) + " | bright magenta |")
print("| --- " * (len(NAMES) + 3) + "|")
for name, (foreground, background, colours, bright_magenta) in PALETTES.items():
    cells = [ratio(foreground, background)] + [ratio(c, background) for c in colours] + [ratio(bright_magenta, background)]
    print(f"| {name} | " + " | ".join(f"{cell:.1f}" for cell in cells) + " |")
