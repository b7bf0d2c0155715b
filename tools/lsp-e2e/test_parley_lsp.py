"""Every feature of `parley lsp`, driven by pytest-lsp's client, on a copy of
Dialogs/sample and on a broken copy of it (see conftest.py)."""
import asyncio
import pathlib

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

TIMEOUT = 60


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def position(text: str, needle: str, nth: int = 0, offset: int = 0) -> types.Position:
    """The LSP position (UTF-16 columns) of the nth occurrence of needle, plus offset characters."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    index += offset
    line_start = text.rfind("\n", 0, index) + 1
    return types.Position(line=text.count("\n", 0, index), character=utf16(text[line_start:index]))


def line_of(text: str, needle: str) -> int:
    return position(text, needle).line


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


# Waiting for diagnostics. The server checks a dialog once its input goes
# idle and then sends one publishDiagnostics per file of the dialog, each
# with its own write; the edited documents' notifications carry the document
# version the check saw. A notification for a file says nothing about which
# check sent it, and a notification of an earlier check can still be on its
# way when the test sends an edit (the client may read the writes of one check
# apart, as on a loaded machine). So a test never takes "the next
# notification for this file": it waits for the one that carries the version
# it sent, then makes one request: the server answers it only after writing
# everything that check sent (it reads no input while it writes them), so by
# the answer every file's latest notification is that check's or a later one's.


async def settled(client: LanguageClient) -> None:
    """Waits for the check of everything this test sent (see above)."""
    uri, version = client.parley_last_sent  # type: ignore[attr-defined]
    published = client.parley_published  # type: ignore[attr-defined]
    arrived: asyncio.Event = client.parley_arrived  # type: ignore[attr-defined]
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while not any(p.uri == uri and p.version == version for p in published):
        arrived.clear()
        await asyncio.wait_for(arrived.wait(), max(deadline - asyncio.get_running_loop().time(), 0))
    await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))


def mark(client: LanguageClient) -> int:
    """How many notifications have arrived: before an event that carries no
    document version (a file closed, a file changed on disk), so that
    `wait_published_after` can tell that event's check from earlier ones."""
    return len(client.parley_published)  # type: ignore[attr-defined]


async def wait_published_after(client: LanguageClient, uri: str, since: int) -> list[types.Diagnostic]:
    """The diagnostics for uri of the first check that published for it after
    `since` (see `mark`): call it only once the earlier checks are settled, as
    after `open_file` or `change`, so nothing of theirs is still on its way."""
    published = client.parley_published  # type: ignore[attr-defined]
    arrived: asyncio.Event = client.parley_arrived  # type: ignore[attr-defined]
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while not any(p.uri == uri for p in published[since:]):
        arrived.clear()
        await asyncio.wait_for(arrived.wait(), max(deadline - asyncio.get_running_loop().time(), 0))
    return list(next(p for p in published[since:] if p.uri == uri).diagnostics)


async def wait_diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """The diagnostics for uri of the server's check of everything this test sent."""
    await settled(client)
    latest = [p for p in client.parley_published if p.uri == uri]  # type: ignore[attr-defined]
    assert latest, f"the check published no diagnostics for {uri}"
    return list(latest[-1].diagnostics)


async def open_file(client: LanguageClient, path: pathlib.Path, wait: bool = True) -> tuple[str, str]:
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8")
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="parley", version=1, text=text)))
    client.parley_last_sent = (uri, 1)  # type: ignore[attr-defined]
    if wait:
        await wait_diagnostics(client, uri)
    return uri, text


async def change(client: LanguageClient, uri: str, text: str, version: int) -> list[types.Diagnostic]:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    client.parley_last_sent = (uri, version)  # type: ignore[attr-defined]
    return await wait_diagnostics(client, uri)


def ws(client: LanguageClient) -> pathlib.Path:
    return client.parley_workspace  # type: ignore[attr-defined]


# ---------------------------------------------------------------- diagnostics


async def test_sample_has_no_diagnostics_in_any_file(client: LanguageClient):
    uri, _ = await open_file(client, ws(client) / "sample" / "main.dialog")
    assert await wait_diagnostics(client, uri) == []
    # The whole folder was checked: its other files got (empty) diagnostics too.
    for name in ["words.dialog", "content/books.dialog"]:
        assert await wait_diagnostics(client, (ws(client) / "sample" / name).as_uri()) == []


async def test_broken_copy_reports_lint_codes_messages_and_ranges(client: LanguageClient):
    uri, text = await open_file(client, ws(client) / "broken" / "main.dialog")
    found = {d.code: d for d in await wait_diagnostics(client, uri)}
    assert {"P010", "P011", "P012", "P002", "P105"} <= set(found)
    p010 = found["P010"]
    assert p010.severity == types.DiagnosticSeverity.Error
    assert p010.source == "parley"
    assert p010.message == "unknown state 'goal.sett'; did you mean 'goal.set'?"
    start = position(text, "go goal.sett", offset=3)
    assert p010.range.start == start
    assert p010.range.end == types.Position(line=start.line, character=start.character + len("goal.sett"))
    assert "did you mean 'reader.doors'" in found["P012"].message
    assert found["P105"].severity == types.DiagnosticSeverity.Warning
    # After an emoji, a range is in UTF-16 units: 📚 counts two.
    assert found["P105"].range.start == position(text, "{reeder}", offset=1)


async def test_unsaved_text_wins_over_disk_across_the_folder(client: LanguageClient):
    main_uri, _ = await open_file(client, ws(client) / "sample" / "main.dialog")
    assert await wait_diagnostics(client, main_uri) == []
    words = ws(client) / "sample" / "words.dialog"
    words_uri, words_text = await open_file(client, words)
    # Rename an intent in words.dialog without saving: main.dialog's `on goal` breaks.
    await change(client, words_uri, words_text.replace("intent goal\n", "intent goals\n"), 2)
    main_diagnostics = await wait_diagnostics(client, main_uri)
    assert [d.code for d in main_diagnostics] == ["P011"]
    assert "did you mean 'goals'" in main_diagnostics[0].message
    # Undo: the error goes away again.
    await change(client, words_uri, words_text, 3)
    assert await wait_diagnostics(client, main_uri) == []


async def test_half_typed_lines_never_kill_the_server(client: LanguageClient):
    uri, text = await open_file(client, ws(client) / "sample" / "main.dialog")
    version = 1
    partial = ["state", "state ", "  go", "  on faq ->", "  option", "  say {", "  if visits", "intent \u0000x",
               "  set x to \"", "\t  say 😀", "include no/such/file.dialog", "list", "  - ", "faq x\n  answer:"]
    for piece in partial:
        version += 1
        diagnostics = await change(client, uri, text + "\n" + piece + "\n", version)
        assert any(d.severity == types.DiagnosticSeverity.Error for d in diagnostics), piece
        # Every feature still answers on the broken text.
        end = types.Position(line=text.count("\n") + 1, character=utf16(piece.split("\n")[-1]))
        await client.text_document_completion_async(types.CompletionParams(text_document=doc(uri), position=end))
        await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=end))
        await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc(uri)))
        await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    version += 1
    assert await change(client, uri, text, version) == []


# ---------------------------------------------------------------- code actions


async def test_fix_its_are_quick_fixes_that_repair_the_file(client: LanguageClient):
    uri, text = await open_file(client, ws(client) / "broken" / "main.dialog")
    p010 = next(d for d in await wait_diagnostics(client, uri) if d.code == "P010")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=doc(uri), range=p010.range, context=types.CodeActionContext(diagnostics=[p010])))
    assert actions, "no code action for P010"
    action = actions[0]
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.title == "replace with 'goal.set'"
    edits = action.edit.changes[uri]
    assert len(edits) == 1 and edits[0].new_text == "goal.set" and edits[0].range == p010.range
    # Apply it as an editor would: that diagnostic is gone.
    lines = text.split("\n")
    r = edits[0].range
    line = lines[r.start.line]
    lines[r.start.line] = line[:r.start.character] + edits[0].new_text + line[r.end.character:]
    after = await change(client, uri, "\n".join(lines), 2)
    assert "P010" not in [d.code for d in after]


# ---------------------------------------------------------------- navigation


async def definition(client, uri, pos) -> list[types.Location]:
    result = await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=pos))
    return result if isinstance(result, list) else [result]


@pytest.mark.parametrize("folder", ["sample", "broken"])
async def test_go_to_definition_of_every_kind_of_name(client: LanguageClient, folder: str):
    root = ws(client) / folder
    uri, text = await open_file(client, root / "main.dialog")
    words = (root / "words.dialog").read_text()
    books = (root / "content" / "books.dialog").read_text()
    cases = [
        (position(text, "-> goal.size", offset=4), uri, line_of(text, "state goal.size")),  # state
        (position(text, "start welcome", offset=7), uri, line_of(text, "state welcome")),  # header start
        (position(text, "visited goal.set", offset=9), uri, line_of(text, "state goal.set")),  # condition
        (position(text, "  on goal ->", offset=6), (root / "words.dialog").as_uri(), line_of(words, "intent goal")),  # intent
        (position(text, "quote reader.small-steps", offset=8), (root / "content/books.dialog").as_uri(),
         line_of(books, "quote reader.small-steps")),  # quote
        (position(text, "on faq audiobooks", offset=8), (root / "content/books.dialog").as_uri(),
         line_of(books, "faq audiobooks")),  # FAQ
        (position(text, "{tips.1}", offset=2), (root / "content/books.dialog").as_uri(), line_of(books, "list tips")),  # list item
        (position(text, "  list tips", offset=7), (root / "content/books.dialog").as_uri(), line_of(books, "list tips")),  # list
    ]
    for pos, want_uri, want_line in cases:
        found = await definition(client, uri, pos)
        assert len(found) == 1, (pos, found)
        assert found[0].uri == want_uri and found[0].range.start.line == want_line, (pos, found[0])
    # A variable: every place that sets it.
    sets = await definition(client, uri, position(text, "{pages} pages a day is ambitious", offset=2))
    assert len(sets) == text.count("set pages to") + text.count("from pages")
    # An include: the file.
    included = await definition(client, uri, position(text, "include words.dialog", offset=9))
    assert included[0].uri == (root / "words.dialog").as_uri()


@pytest.mark.parametrize("folder", ["sample", "broken"])
async def test_find_references_across_files(client: LanguageClient, folder: str):
    root = ws(client) / folder
    uri, text = await open_file(client, root / "main.dialog")
    params = types.ReferenceParams(text_document=doc(uri), position=position(text, "state goal.size", offset=7),
                                   context=types.ReferenceContext(include_declaration=True))
    refs = await client.text_document_references_async(params)
    assert len(refs) == text.count("goal.size")
    params.context.include_declaration = False
    assert len(await client.text_document_references_async(params)) == text.count("goal.size") - 1
    # An intent defined in words.dialog and used in main.dialog: both files.
    params = types.ReferenceParams(text_document=doc(uri), position=position(text, "on yes", offset=4),
                                   context=types.ReferenceContext(include_declaration=True))
    refs = await client.text_document_references_async(params)
    assert {r.uri for r in refs} == {uri, (root / "words.dialog").as_uri()}
    assert len(refs) == text.count("on yes") + 1
    # A variable: sets and reads.
    params.position = position(text, "set mood", offset=4)
    refs = await client.text_document_references_async(params)
    assert len(refs) == text.count("mood")
    # A quote, from its definition in another file.
    books_uri, books = await open_file(client, root / "content" / "books.dialog")
    params = types.ReferenceParams(text_document=doc(books_uri), position=position(books, "quote reader.small-steps", offset=6),
                                   context=types.ReferenceContext(include_declaration=False))
    refs = await client.text_document_references_async(params)
    assert len(refs) == text.count("quote reader.small-steps") and all(r.uri == uri for r in refs)


# ---------------------------------------------------------------- completion


async def complete(client, uri, pos) -> list[types.CompletionItem]:
    result = await client.text_document_completion_async(types.CompletionParams(text_document=doc(uri), position=pos))
    items = result.items if isinstance(result, types.CompletionList) else result
    return sorted(items, key=lambda i: i.sort_text or i.label)


@pytest.mark.parametrize("folder", ["sample", "broken"])
async def test_completion_offers_the_names_that_fit_with_did_you_mean_first(client: LanguageClient, folder: str):
    uri, text = await open_file(client, ws(client) / folder / "main.dialog")
    version = 1

    async def at_end_of(line: str) -> list[types.CompletionItem]:
        nonlocal version
        version += 1
        await change(client, uri, text + "\nstate extra\n" + line + "\n", version)
        pos = types.Position(line=text.count("\n") + 2, character=utf16(line))
        return await complete(client, uri, pos)

    states = [i.label for i in await at_end_of("  go ")]
    assert "goal.size" in states and "welcome" in states and "back" in states
    assert "yes" not in states  # an intent is not a state
    # A misspelling: the near name comes first, though it does not start with what was typed.
    items = await at_end_of("  go gaol.si")
    assert items[0].label == "goal.size"
    assert items[0].text_edit.new_text == "goal.size"
    assert items[0].text_edit.range.start.character == len("  go ")
    intents = [i.label for i in await at_end_of("  on ")]
    assert {"yes", "no", "goal", "faq", "anything"} <= set(intents) and "welcome" not in intents
    assert [i.label for i in await at_end_of("  on faq ")] == ["audiobooks", "how-long"]
    assert "reader.doors" in [i.label for i in await at_end_of("  quote ")]
    assert "tips" in [i.label for i in await at_end_of("  list ")]
    variables = [i.label for i in await at_end_of("  say You read {")]
    assert {"pages", "mood", "tips.1", "tips.3", "input"} <= set(variables)
    keywords = [i.label for i in await at_end_of("  ")]
    assert {"say", "ask", "option", "on", "go", "if"} <= set(keywords)
    assert "state" in [i.label for i in await at_end_of("")]
    assert "intent" in [i.label for i in await at_end_of("int")]


# ---------------------------------------------------------------- hover


async def hover_text(client, uri, pos) -> str:
    result = await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=pos))
    assert result is not None, pos
    return result.contents.value


@pytest.mark.parametrize("folder", ["sample", "broken"])
async def test_hover_explains_each_kind_of_name(client: LanguageClient, folder: str):
    uri, text = await open_file(client, ws(client) / folder / "main.dialog")
    intent = await hover_text(client, uri, position(text, "  on goal ->", offset=6))
    assert "goal, plan, target, habit + start" in intent and "rank: 1" in intent
    pattern = await hover_text(client, uri, position(text, "on feel", offset=4))
    assert "i feel *" in pattern
    quote = await hover_text(client, uri, position(text, "quote reader.small-steps", offset=8))
    assert "Ten pages a day is a book a month." in quote and "A reading teacher" in quote
    faq = await hover_text(client, uri, position(text, "on faq audiobooks", offset=8))
    assert "Do audiobooks count?" in faq
    state = await hover_text(client, uri, position(text, "-> goal.size", offset=4))
    assert "How many pages a day feels right?" in state and "Five pages" in state and "goal.set" in state
    listed = await hover_text(client, uri, position(text, "{tips.1}", offset=2))
    assert "Read at the same time every day." in listed


# ---------------------------------------------------------------- symbols


@pytest.mark.parametrize("folder", ["sample", "broken"])
async def test_document_symbols_outline_states_and_content(client: LanguageClient, folder: str):
    root = ws(client) / folder
    uri, text = await open_file(client, root / "main.dialog")
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    names = [s.name for s in symbols]
    assert names[:3] == ["dialog", "version", "start"]
    assert text.count("\nstate ") == sum(1 for s in symbols if s.kind == types.SymbolKind.Class)
    size = next(s for s in symbols if s.name == "goal.size")
    assert size.selection_range.start == position(text, "state goal.size", offset=6)
    assert size.range.start.line == line_of(text, "state goal.size")
    assert size.range.end.line == line_of(text, "state goal.suggest") - 2  # the block, without the blank line
    assert {"Five pages", "Twenty pages"} <= {c.name for c in size.children}
    assert "on pages-number" in {c.name for c in size.children}
    books_uri, _ = await open_file(client, root / "content" / "books.dialog")
    kinds = {s.name: s.kind for s in await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc(books_uri)))}
    assert kinds["reader.doors"] == types.SymbolKind.String
    assert kinds["audiobooks"] == types.SymbolKind.Interface
    assert kinds["tips"] == types.SymbolKind.Array


async def test_workspace_symbols_search_every_dialog(client: LanguageClient):
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="smallsteps"))
    names = {(s.name, s.location.uri) for s in found}
    for folder in ["sample", "broken"]:
        assert ("reader.small-steps", (ws(client) / folder / "content" / "books.dialog").as_uri()) in names
    every = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))
    assert {"goal.size", "audiobooks", "tips", "goal", "pages"} <= {s.name for s in every}


# ---------------------------------------------------------------- rename


@pytest.mark.parametrize("folder", ["sample", "broken"])
async def test_rename_a_state_and_an_intent_across_files(client: LanguageClient, folder: str):
    root = ws(client) / folder
    uri, text = await open_file(client, root / "main.dialog")
    pos = position(text, "-> goal.size", offset=4)
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=doc(uri), position=pos))
    assert prepared.placeholder == "goal.size"
    result = await client.text_document_rename_async(types.RenameParams(text_document=doc(uri), position=pos,
                                                                        new_name="goal.amount"))
    edits = result.changes[uri]
    assert len(edits) == text.count("goal.size") and all(e.new_text == "goal.amount" for e in edits)
    result = await client.text_document_rename_async(types.RenameParams(
        text_document=doc(uri), position=position(text, "on yes", offset=4), new_name="agree"))
    assert set(result.changes) == {uri, (root / "words.dialog").as_uri()}
    assert len(result.changes[(root / "words.dialog").as_uri()]) == 1
    # Refusals, with a reason.
    for new_name, reason in [("back", "target keyword"), ("2nd", "not a valid name"), ("welcome", "already a state")]:
        with pytest.raises(Exception, match=reason):
            await client.text_document_rename_async(types.RenameParams(text_document=doc(uri), position=pos, new_name=new_name))


# ---------------------------------------------------------------- semantic tokens


async def test_semantic_tokens_colour_keywords_names_text_and_comments(client: LanguageClient):
    uri, text = await open_file(client, ws(client) / "broken" / "main.dialog")
    legend = client.parley_init.capabilities.semantic_tokens_provider.legend  # type: ignore[attr-defined]
    result = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc(uri)))
    tokens = {}
    line = start = 0
    data = result.data
    for i in range(0, len(data), 5):
        delta_line, delta_start, length, kind, mods = data[i:i + 5]
        line += delta_line
        start = start + delta_start if delta_line == 0 else delta_start
        modifiers = {legend.token_modifiers[b] for b in range(len(legend.token_modifiers)) if mods & (1 << b)}
        tokens[(line, start)] = (length, legend.token_types[kind], modifiers)

    def token(needle: str, offset: int = 0, nth: int = 0):
        pos = position(text, needle, nth=nth, offset=offset)
        return tokens.get((pos.line, pos.character))

    assert token("# The sample dialog")[1] == "comment"
    assert token("state welcome") == (5, "keyword", set())
    assert token("state welcome", offset=6) == (7, "class", {"declaration"})
    assert token("-> goal.size", offset=3) == (9, "class", set())
    assert token("  on goal ->", offset=2)[1] == "keyword"
    assert token("  on goal ->", offset=5) == (4, "event", set())
    assert token("quote reader.small-steps", offset=6)[1] == "struct"
    assert token("{pages} pages a day is ambitious", offset=1) == (5, "variable", set())
    assert token("{1}")[1] == "parameter"
    assert token("say Let's talk.", offset=4)[1] == "string"
    assert token("if pages >= 20", offset=9)[1] == "operator"
    assert token("if pages >= 20", offset=12)[1] == "number"
    # After 📚 (two UTF-16 units) the variable starts where LSP counts it.
    assert token("{reeder}", offset=1) == (6, "variable", set())


# ---------------------------------------------------------------- care mode's `avoid:` and `prefix.*`

CARE = """care
  when: visited safety.pause
  instead: safety.pause
  avoid: goal.*,
    reader.*, talk.feeling
"""


async def open_care(client: LanguageClient, folder: str) -> tuple[pathlib.Path, str, str]:
    """A care block in its own file of the dialog, avoiding by `prefix.*` and by name, over two lines."""
    root = ws(client) / folder
    (root / "care.dialog").write_text(CARE, encoding="utf-8")
    uri, text = await open_file(client, root / "care.dialog")
    return root, uri, text


@pytest.mark.parametrize("folder", ["sample", "broken"])
async def test_prefix_in_avoid_goes_to_finds_and_hovers_what_it_covers(client: LanguageClient, folder: str):
    root, uri, text = await open_care(client, folder)
    main_uri, main = (root / "main.dialog").as_uri(), (root / "main.dialog").read_text(encoding="utf-8")
    books_uri = (root / "content" / "books.dialog").as_uri()
    goal_states = main.count("\nstate goal.")
    assert goal_states >= 5
    found = await definition(client, uri, position(text, "goal.*", offset=2))
    assert len(found) == goal_states and {f.uri for f in found} == {main_uri}
    assert all(main.split("\n")[f.range.start.line].startswith("state goal.") for f in found)
    quotes = await definition(client, uri, position(text, "reader.*", offset=2))
    assert {(q.uri, q.range.start.character) for q in quotes} == {(books_uri, 6)} and len(quotes) == 2
    # References: the pattern where it is written, and what it covers.
    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=doc(uri), position=position(text, "goal.*", offset=2),
        context=types.ReferenceContext(include_declaration=False)))
    assert len(refs) == goal_states + 1
    assert sum(1 for r in refs if r.uri == uri and r.range.start.line == line_of(text, "avoid:")) == 1
    hover = await hover_text(client, uri, position(text, "goal.*", offset=2))
    assert hover.startswith(f"**avoid** `goal.*`: {goal_states} names starting with `goal.`")
    assert "- state `goal.size` (main.dialog:" in hover and "talk" not in hover
    # A plain name in `avoid:` on the continuation line is a reference as before.
    talk = await definition(client, uri, position(text, "talk.feeling", offset=2))
    assert [(t.uri, t.range.start.line) for t in talk] == [(main_uri, line_of(main, "state talk.feeling"))]


@pytest.mark.parametrize("folder", ["sample", "broken"])
async def test_rename_a_prefix_in_avoid_renames_what_it_covers(client: LanguageClient, folder: str):
    root, uri, text = await open_care(client, folder)
    books = root / "content" / "books.dialog"
    pos = position(text, "reader.*", offset=2)
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=doc(uri), position=pos))
    assert prepared.placeholder == "reader.*"
    result = await client.text_document_rename_async(types.RenameParams(text_document=doc(uri), position=pos,
                                                                        new_name="reading.*"))
    changes = result.changes
    assert set(changes) == {uri, books.as_uri(), (root / "main.dialog").as_uri()}
    assert [e.new_text for e in changes[uri]] == ["reading.*"]
    assert sorted(e.new_text for e in changes[books.as_uri()]) == ["reading.doors", "reading.small-steps"]
    main = (root / "main.dialog").read_text(encoding="utf-8")
    main_edits = changes[(root / "main.dialog").as_uri()]
    assert all(e.new_text.startswith("reading.") for e in main_edits)
    # Every use of the two quotes (the broken copy misspells one, which is no use of it).
    assert len(main_edits) == main.count("quote reader.small-steps") + main.count("quote reader.doors\n")
    # A new name that is no prefix: refused, with a reason.
    for new_name, reason in [("2nd.*", "not a name prefix"), ("reading", "not a name prefix")]:
        with pytest.raises(Exception, match=reason):
            await client.text_document_rename_async(types.RenameParams(text_document=doc(uri), position=pos, new_name=new_name))


@pytest.mark.parametrize("folder", ["sample", "broken"])
async def test_completion_on_avoid_and_its_continuation_lines(client: LanguageClient, folder: str):
    root, uri, text = await open_care(client, folder)
    # A third line of `avoid:`, being typed.
    typed = text + "    go"
    await change(client, uri, typed, 2)
    items = await complete(client, uri, position(typed, "    go", offset=6))
    labels = [i.label for i in items]
    assert {"goal.size", "goal.*", "reader.doors", "reader.*", "talk.*", "tips", "how-long", "welcome"} <= set(labels)
    assert "goodbye" in labels and "yes" not in labels  # the state goodbye, not the intent yes: intents cannot be avoided
    assert labels[0].startswith("go")  # what starts with what was typed first
    prefix = next(i for i in items if i.label == "goal.*")
    assert prefix.detail == f"{(root / 'main.dialog').read_text(encoding='utf-8').count(chr(10) + 'state goal.')} names starting with goal."
    # On the first line too, after a comma.
    first = await complete(client, uri, position(typed, "goal.*,", offset=7))
    assert {"goal.*", "tips", "reader.small-steps"} <= {i.label for i in first}
