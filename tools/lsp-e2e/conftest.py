"""End-to-end tests of `parley lsp` through a real LSP client (pytest-lsp).

Run from the repository root after `swift build --product parley`:

    python3 -m pytest tools/lsp-e2e

PARLEY names the binary (default: .build/debug/parley). slow_relay.py runs
the suite with the server's messages delivered apart, as under load.
"""
import asyncio
import os
import pathlib
import shutil
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

REPO = pathlib.Path(__file__).resolve().parents[2]
PARLEY = os.environ.get("PARLEY", str(REPO / ".build" / "debug" / "parley"))
SAMPLE = REPO / "Dialogs" / "sample"


def edit(path: pathlib.Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def workspace(tmp_path: pathlib.Path) -> pathlib.Path:
    """A copy of Dialogs/sample (sample/) and a broken copy of it (broken/)."""
    shutil.copytree(SAMPLE, tmp_path / "sample")
    broken = tmp_path / "broken"
    shutil.copytree(SAMPLE, broken)
    main = broken / "main.dialog"
    # A misspelt target (P010, with a fix-it), a misspelt quote (P012), an
    # unknown intent (P011), a variable never set read after an emoji (P105),
    # and a half-typed line (P002).
    edit(main, "  set pages to 5\n  go goal.set", "  set pages to 5\n  go goal.sett")
    edit(main, "  quote reader.doors", "  quote reader.door")
    edit(main, "  on goodbye -> goodbye", "  on goodby -> goodbye")
    edit(main, "  say Happy reading. Goodbye!", "  say Happy 📚 reading, {reeder}. Goodbye!\n  on")
    return tmp_path


# The server's stderr goes to a file per test (PARLEY_LSP_STDERR, set below),
# attached to the report of a test that fails: a crash's message, or the
# server's own complaints, then show next to the failure instead of being lost.
SERVER_COMMAND = ["sh", "-c", 'exec "$@" 2>>"$PARLEY_LSP_STDERR"', "sh", PARLEY, "lsp", "--stdio"]


@pytest.fixture(autouse=True)
def server_stderr(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    """Where this test's server writes its stderr (autouse: set before the server starts)."""
    path = tmp_path / "parley-lsp.stderr"
    path.touch()
    monkeypatch.setenv("PARLEY_LSP_STDERR", str(path))
    return path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    path = getattr(item, "funcargs", {}).get("server_stderr")
    if report.failed and path is not None and path.exists():
        text = path.read_text(encoding="utf-8", errors="replace")
        report.sections.append(("parley lsp stderr", text if text else "(empty: the server wrote nothing to stderr)"))
    return report


def listen_for_diagnostics(lsp_client: LanguageClient) -> None:
    """Records every publishDiagnostics in the order it arrived, with its
    version (the client's own record keeps only each file's last diagnostics,
    without the version); the tests wait on it (test_parley_lsp.settled). The
    listener is called as each notification is read, and listens again at
    once. Every client fixture calls this before initializing."""
    lsp_client.parley_published = []  # type: ignore[attr-defined]
    lsp_client.parley_arrived = asyncio.Event()  # type: ignore[attr-defined]

    def published(params: types.PublishDiagnosticsParams) -> None:
        lsp_client.parley_published.append(params)  # type: ignore[attr-defined]
        lsp_client.parley_arrived.set()  # type: ignore[attr-defined]
        lsp_client.protocol.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, published)

    lsp_client.protocol.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, published)


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER_COMMAND),
)
async def client(lsp_client: LanguageClient, workspace: pathlib.Path):
    params = types.InitializeParams(
        capabilities=client_capabilities("neovim"),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="dialogs")],
        root_uri=workspace.as_uri(),
    )
    listen_for_diagnostics(lsp_client)
    result = await lsp_client.initialize_session(params)
    lsp_client.parley_init = result  # type: ignore[attr-defined]
    lsp_client.parley_workspace = workspace  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()
