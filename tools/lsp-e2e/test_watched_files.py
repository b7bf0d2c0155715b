"""Dialog files changed outside the editor (another program, `git checkout`)
are re-checked: the server asks a client that can watch files to report
changes to `.dialog` files, and re-reads them when it does. Through
pytest-lsp's client with VS Code's capabilities (dynamic registration)."""
import asyncio
import pathlib

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import SERVER_COMMAND, listen_for_diagnostics
from test_parley_lsp import TIMEOUT, mark, open_file, wait_published_after


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def vscode(lsp_client: LanguageClient, workspace: pathlib.Path):
    registrations: list[types.Registration] = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        registrations.extend(params.registrations)

    listen_for_diagnostics(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="dialogs")],
        root_uri=workspace.as_uri()))
    lsp_client.parley_registrations = registrations  # type: ignore[attr-defined]
    lsp_client.parley_workspace = workspace  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def test_a_file_changed_on_disk_is_re_checked(vscode: LanguageClient):
    registrations = vscode.parley_registrations  # type: ignore[attr-defined]
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while not registrations and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
    assert [r.method for r in registrations] == ["workspace/didChangeWatchedFiles"]
    watchers = registrations[0].register_options["watchers"]
    assert [w["globPattern"] for w in watchers] == ["**/*.dialog"]

    root = vscode.parley_workspace / "sample"  # type: ignore[attr-defined]
    uri, _ = await open_file(vscode, root / "main.dialog")
    assert list(vscode.diagnostics[uri]) == []
    # words.dialog, not open, is changed by another program: main.dialog's `on goal` breaks.
    words = root / "words.dialog"
    words.write_text(words.read_text(encoding="utf-8").replace("intent goal\n", "intent goals\n"), encoding="utf-8")
    since = mark(vscode)
    vscode.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=words.as_uri(), type=types.FileChangeType.Changed)]))
    assert [d.code for d in await wait_published_after(vscode, uri, since)] == ["P011"]
