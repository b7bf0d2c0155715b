"""docs/editors.md's Neovim snippets, run as written in a headless Neovim
against `parley lsp` on a broken copy of Dialogs/sample.

Each snippet needs a Neovim of its range: the NEOVIMS found (PARLEY_NVIM, then
`nvim` on the PATH, then Debian's /usr/bin/nvim) are asked their version, and a
snippet no Neovim here can run is skipped; .ci/run installs two (Debian's 0.7
and a 0.11) and counts the passed tests, so a skip there fails CI.
"""
import json
import os
import pathlib
import re
import shutil
import subprocess

import pytest

from conftest import PARLEY, SAMPLE, edit

REPO = pathlib.Path(__file__).resolve().parents[2]
DRIVER = pathlib.Path(__file__).with_name("neovim_driver.lua")


def neovim_snippets() -> list[str]:
    text = (REPO / "docs" / "editors.md").read_text(encoding="utf-8")
    section = text[text.index("## Neovim"):text.index("\n## ", text.index("## Neovim") + 1)]
    return re.findall(r"```lua\n(.*?)```", section, re.S)


def neovims() -> dict[tuple[int, int], str]:
    found = {}
    for candidate in [os.environ.get("PARLEY_NVIM"), shutil.which("nvim"), "/usr/bin/nvim"]:
        if not candidate or not os.access(candidate, os.X_OK):
            continue
        try:
            out = subprocess.run([candidate, "--version"], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.TimeoutExpired):
            continue
        m = re.match(r"NVIM v(\d+)\.(\d+)", out)
        if m:
            found.setdefault((int(m.group(1)), int(m.group(2))), candidate)
    return found


# Each snippet of the section, in order, with the versions it is for.
SNIPPETS = [("0.11", (0, 11), (99, 99)), ("0.8-0.10", (0, 8), (0, 10)), ("0.7", (0, 7), (0, 7))]


def test_the_docs_have_the_snippets_tested_here():
    snippets = neovim_snippets()
    assert len(snippets) == len(SNIPPETS)
    assert 'vim.lsp.config("parley"' in snippets[0]
    assert "vim.lsp.start({" in snippets[1]
    assert "vim.lsp.start_client({" in snippets[2]


@pytest.mark.parametrize("index", range(len(SNIPPETS)), ids=[s[0] for s in SNIPPETS])
def test_neovim_snippet_from_the_docs_drives_the_server(tmp_path: pathlib.Path, index: int):
    name, lowest, highest = SNIPPETS[index]
    fitting = [path for version, path in sorted(neovims().items(), reverse=True) if lowest <= version <= highest]
    if not fitting and index == 1:
        # 0.8-0.10's APIs are all still in 0.11: run it there when no 0.8-0.10 is at hand.
        fitting = [path for version, path in sorted(neovims().items(), reverse=True) if version >= (0, 11)]
    if not fitting:
        pytest.skip(f"no Neovim {name} here")
    nvim = fitting[0]

    # The folder a writer opens: a git repository holding a broken copy of the sample.
    project = tmp_path / "project"
    shutil.copytree(SAMPLE, project / "sample")
    (project / ".git").mkdir()
    main = project / "sample" / "main.dialog"
    edit(main, "  set pages to 5\n  go goal.set", "  set pages to 5\n  go goal.sett")
    # `parley` on the PATH, as docs/editors.md says to install it.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "parley").symlink_to(PARLEY)
    config = tmp_path / "config" / "nvim"
    config.mkdir(parents=True)
    (config / "init.lua").write_text(neovim_snippets()[index], encoding="utf-8")
    out = tmp_path / "seen.json"
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ.get('PATH', '')}", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_STATE_HOME=str(tmp_path / "state"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), PARLEY_NVIM_OUT=str(out))
    run = subprocess.run([nvim, "--headless", "-n", "-i", "NONE", "sample/main.dialog", "-c", f"luafile {DRIVER}"],
                         cwd=project, env=env, capture_output=True, text=True, timeout=180)
    assert out.exists(), f"Neovim wrote nothing (exit {run.returncode}): {run.stdout[-2000:]} {run.stderr[-2000:]}"
    seen = json.loads(out.read_text(encoding="utf-8"))

    assert seen["filetype"] == "parley"
    assert seen["attached"], seen
    assert seen["name"] == "parley"
    assert pathlib.Path(seen["root"]).resolve() == project.resolve()
    text = main.read_text(encoding="utf-8")
    line = text[:text.index("go goal.sett")].count("\n")
    p010 = [d for d in seen["diagnostics"] if d["message"].startswith("unknown state 'goal.sett'")]
    assert [(d["line"], d["col"]) for d in p010] == [(line, len("  go "))], seen["diagnostics"]
    assert seen["definition_line"] == "state goal.size"
    assert "goal, plan, target, habit + start" in seen["hover"]
    assert seen["actions"][:1] == ["replace with 'goal.set'"]
    assert seen["fixed_line"] == "  go goal.set"
    assert seen["renamed_here"] and seen["renamed_words"], seen
    if tuple(int(x) for x in seen["version"].split(".")) >= (0, 9):
        assert seen["semantic"] == "class"
