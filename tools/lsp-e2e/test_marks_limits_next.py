"""`parley lsp` on three things an editor may send that the first version
got wrong: a text starting with a byte order mark (U+FEFF, which the
compiler drops but the editor counts), a message larger than the server
accepts, and `next` as a target (`go next`, `-> next`), a keyword that goes
to the state named by the state's `next STATE`. Through pytest-lsp's client,
on Dialogs/sample (conftest.py)."""
import pathlib

from lsprotocol import types
from pytest_lsp import LanguageClient

from test_broken_input import still_answers, write_raw
from test_parley_lsp import change, definition, doc, hover_text, line_of, open_file, position, ws


async def tokens_of(client: LanguageClient, uri: str) -> dict[tuple[int, int], tuple[int, str]]:
    legend = client.parley_init.capabilities.semantic_tokens_provider.legend  # type: ignore[attr-defined]
    result = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc(uri)))
    tokens = {}
    line = start = 0
    for i in range(0, len(result.data), 5):
        delta_line, delta_start, length, kind, _ = result.data[i:i + 5]
        line += delta_line
        start = start + delta_start if delta_line == 0 else delta_start
        tokens[(line, start)] = (length, legend.token_types[kind])
    return tokens


async def test_a_byte_order_mark_is_counted_in_line_1(client: LanguageClient):
    path = ws(client) / "sample" / "main.dialog"
    uri, text = await open_file(client, path)
    # Line 1 a comment: coloured from after the mark, to its end.
    marked = "\ufeff" + text
    assert await change(client, uri, marked, 2) == []
    comment = marked.split("\n")[0][1:]
    assert (await tokens_of(client, uri)).get((0, 1)) == (len(comment), "comment")
    # Line 1 a state: its name's range, and a problem on it, start after the mark.
    headed = "\ufeffstate extra\n  say Extra.\n  go welcom\n\n" + text + "\nstate extra2\n  go extra\n"
    diagnostics = await change(client, uri, headed, 3)
    p010 = [d for d in diagnostics if d.code == "P010"]
    assert len(p010) == 1 and p010[0].range.start == position(headed, "welcom\n", offset=0)
    found = await definition(client, uri, position(headed, "go extra\n", offset=4))
    assert [(loc.uri, loc.range.start, loc.range.end) for loc in found] == [
        (uri, types.Position(line=0, character=7), types.Position(line=0, character=12))]
    tokens = await tokens_of(client, uri)
    assert tokens.get((0, 1)) == (5, "keyword") and tokens.get((0, 7)) == (5, "class")
    await still_answers(client, uri, headed)


async def test_a_message_over_the_limit_is_skipped_once(client: LanguageClient, server_stderr: pathlib.Path):
    uri, text = await open_file(client, ws(client) / "sample" / "main.dialog")
    size = 64 * 1024 * 1024 + 1
    await write_raw(client, b"Content-Length: %d\r\n\r\n" % size)
    chunk = b"x" * (1 << 20)
    for _ in range(64):
        await write_raw(client, chunk)
    await write_raw(client, b"x")
    await still_answers(client, uri, text)
    log = server_stderr.read_text(encoding="utf-8").splitlines()
    # One line for the whole message, saying what was skipped; not one per buffer of it.
    assert [line for line in log if "larger than" in line] == [
        f"parley lsp: a message of {size} bytes is larger than the {64 << 20} allowed; skipping to the next message"]
    assert not [line for line in log if "header" in line]


async def test_definition_and_hover_of_next(client: LanguageClient):
    path = ws(client) / "sample" / "main.dialog"
    uri, text = await open_file(client, path)
    edited = text + "\nstate ask.one\n  ask Ready?\n  next welcome\n  on yes -> next\n  on no\n    go next\n"
    await change(client, uri, edited, 2)
    for pos in [position(edited, "on yes -> next", offset=11), position(edited, "    go next", offset=7)]:
        found = await definition(client, uri, pos)
        assert [(loc.uri, loc.range.start.line) for loc in found] == [(uri, line_of(edited, "state welcome"))]
        assert (await hover_text(client, uri, pos)).startswith("**next** → state `welcome`")
    # Without a `next STATE` line it goes nowhere: no definition, and a hover saying so.
    lost = edited.replace("  next welcome\n", "")
    await change(client, uri, lost, 3)
    pos = position(lost, "on yes -> next", offset=11)
    assert await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=pos)) in (None, [])
    assert "state `ask.one` has none" in await hover_text(client, uri, pos)
