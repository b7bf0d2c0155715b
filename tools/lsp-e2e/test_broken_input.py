"""`parley lsp` on input an editor (or a broken client) may really send:
requests about files not opened, positions past the end, bytes that are not
UTF-8, broken framing, very long lines, and text with emoji and CJK, where LSP
counts UTF-16 units. Through pytest-lsp's client, on Dialogs/sample and its
broken copy (conftest.py)."""
import asyncio
import inspect
import pathlib

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from test_parley_lsp import (change, complete, doc, hover_text, mark, open_file, position, utf16, wait_diagnostics,
                             wait_published_after, ws)


async def write_raw(client: LanguageClient, data: bytes) -> None:
    """Bytes straight to the server's stdin, past the client's own framing."""
    result = client.protocol.writer.write(data)
    if inspect.isawaitable(result):
        await result


async def still_answers(client: LanguageClient, uri: str, text: str) -> None:
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=doc(uri), position=position(text, "-> goal.size", offset=4)))
    assert found, "the server stopped answering"


@pytest.mark.parametrize("folder", ["sample", "broken"])
async def test_requests_about_a_file_never_opened_read_it_from_disk(client: LanguageClient, folder: str):
    root = ws(client) / folder
    words = root / "words.dialog"
    text = words.read_text(encoding="utf-8")
    uri = words.as_uri()
    hover = await hover_text(client, uri, position(text, "intent goal", offset=8))
    assert "goal, plan, target, habit + start" in hover
    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=doc(uri), position=position(text, "intent yes", offset=8),
        context=types.ReferenceContext(include_declaration=False)))
    assert refs and all(r.uri == (root / "main.dialog").as_uri() for r in refs)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    assert "goal" in {s.name for s in symbols}
    # A file that does not exist: an error, not a crash.
    with pytest.raises(Exception, match="not part of a dialog"):
        await client.text_document_hover_async(types.HoverParams(
            text_document=doc((root / "no-such.dialog").as_uri()), position=types.Position(line=0, character=0)))


@pytest.mark.parametrize("folder", ["sample", "broken"])
async def test_positions_past_the_end_and_inside_an_emoji(client: LanguageClient, folder: str):
    uri, text = await open_file(client, ws(client) / folder / "main.dialog")
    lines = text.count("\n")
    for pos in [types.Position(line=lines + 100, character=0), types.Position(line=5, character=10_000),
                types.Position(line=lines, character=3)]:
        assert await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=pos)) in (None, [])
        await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=pos))
        await complete(client, uri, pos)
    # Between the two halves of a surrogate pair: the emoji's place, no error.
    emoji = text + "\nstate extra\n  say 📚{pages}\n  go welcome\n"
    await change(client, uri, emoji, 2)
    inside = position(emoji, "📚", offset=0)
    inside.character += 1
    await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=inside))
    # Just after it, on `{pages}`: the variable.
    assert "**variable** `pages`" in await hover_text(client, uri, position(emoji, "{pages}\n  go welcome", offset=1))
    await still_answers(client, uri, text)


async def test_utf16_columns_after_cjk_and_joined_emoji(client: LanguageClient):
    uri, text = await open_file(client, ws(client) / "sample" / "main.dialog")
    # A family emoji is one character for Parley, eight UTF-16 units for LSP; a
    # flag four; e + a combining accent one character, two units; CJK one each.
    line = "  say 👨‍👩‍👧 家族 🇫🇷 é {reeder} and {pages}"
    edited = text.replace("  say Happy reading. Goodbye!", line)
    diagnostics = await change(client, uri, edited, 2)
    p105 = [d for d in diagnostics if d.code == "P105"]
    assert len(p105) == 1
    start = position(edited, "{reeder}", offset=1)
    assert p105[0].range.start == start
    assert p105[0].range.end == types.Position(line=start.line, character=start.character + len("reeder"))
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=doc(uri), position=position(edited, "{pages}", offset=3)))
    assert hover.range.start == position(edited, "{pages}", offset=1)
    # An edit by range after the emoji (as editors send them): reeder becomes pages.
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=start, end=types.Position(line=start.line, character=start.character + 6)),
            text="pages")]))
    client.parley_last_sent = (uri, 3)  # type: ignore[attr-defined]
    assert [d.code for d in await wait_diagnostics(client, uri)] == []


@pytest.mark.parametrize("folder", ["sample", "broken"])
async def test_bad_bytes_on_disk_and_in_messages(client: LanguageClient, folder: str):
    root = ws(client) / folder
    # A file of the dialog, not open, with bytes that are not UTF-8: a P001 there, the rest still checked.
    words = root / "words.dialog"
    words.write_bytes(words.read_bytes().replace(b"intent fewer\n", b"intent fewer\n# caf\xe9 \xff\n"))
    uri, text = await open_file(client, root / "main.dialog")
    words_diagnostics = await wait_diagnostics(client, words.as_uri())
    assert "P001" in [d.code for d in words_diagnostics]
    assert "not valid UTF-8" in next(d.message for d in words_diagnostics if d.code == "P001")
    await still_answers(client, uri, text)
    # A message body that is not UTF-8, one that is not JSON, a header without a
    # length, a length that is no number: each skipped, the server answers on.
    def framed(body: bytes) -> bytes:
        return b"Content-Length: %d\r\n\r\n" % len(body) + body
    for junk in [framed(b'{"jsonrpc": "2.0", "id": 9999, "method": "x", "params": "\xff\xfe\xfd"}'),
                 framed(b'{"jsonrpc'), framed(b'[1, 2'), framed(b'42'),
                 b'Content-Type: text/plain\r\n\r\n',
                 b'Content-Length: lots\r\n\r\n']:
        await write_raw(client, junk)
        await still_answers(client, uri, text)


async def test_a_very_long_line_is_checked_and_answered(client: LanguageClient):
    uri, text = await open_file(client, ws(client) / "broken" / "main.dialog")
    long_line = "  say " + "word " * 100_000 + "{reeder}"
    edited = text + "\nstate extra\n" + long_line + "\n  go welcome\n"
    diagnostics = await change(client, uri, edited, 2)
    assert any(d.code == "P105" and d.range.start == position(edited, "{reeder}", nth=1, offset=1) for d in diagnostics)
    end = types.Position(line=edited.count("\n") - 1, character=utf16(long_line))
    await complete(client, uri, end)
    await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc(uri)))
    await still_answers(client, uri, text)


@pytest.mark.parametrize("folder", ["sample", "broken"])
async def test_completion_in_a_repair_block_offers_levels_then_statements(client: LanguageClient, folder: str):
    uri, text = await open_file(client, ws(client) / folder / "main.dialog")
    for block, indent in [("repair\n", "  "), ("state extra\n  say Hi.\n  go welcome\n  repair\n", "    ")]:
        typed = text + "\n" + block + indent
        await change(client, uri, typed, 2)
        labels = [i.label for i in await complete(client, uri, types.Position(line=typed.count("\n"), character=len(indent)))]
        assert labels == ["level"], block
        typed = text + "\n" + block + indent + "level 1\n" + indent + "  "
        await change(client, uri, typed, 3)
        labels = [i.label for i in await complete(client, uri, types.Position(line=typed.count("\n"), character=len(indent) + 2))]
        assert {"say", "ask", "go"} <= set(labels) and "level" not in labels, block


async def test_closing_the_last_file_clears_its_diagnostics(client: LanguageClient):
    uri, _ = await open_file(client, ws(client) / "broken" / "main.dialog")
    assert client.diagnostics[uri]
    since = mark(client)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc(uri)))
    assert await wait_published_after(client, uri, since) == []
