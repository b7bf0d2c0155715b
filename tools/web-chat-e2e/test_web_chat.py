"""End-to-end tests of the web chat: websocketd in front of `parley bridge`.

Run from the repository root after `swift build --product parley`:

    python3 -m pytest tools/web-chat-e2e

They start websocketd with the command written in docs/web-chat.md (only the
port, the store file, the binary and the dialog replaced), talk to it as
browsers do with a real WebSocket client (Python's `websockets`), restart it,
and fetch the page over HTTP. PARLEY names the binary (default:
.build/debug/parley).
"""
import asyncio
import html.parser
import json
import os
import pathlib
import re
import secrets
import shlex
import signal
import socket
import stat
import subprocess
import time
import urllib.request

import pytest
import websockets
from websockets.asyncio.client import connect

REPO = pathlib.Path(__file__).resolve().parents[2]
PARLEY = os.environ.get("PARLEY", str(REPO / ".build" / "debug" / "parley"))
DOC = REPO / "docs" / "web-chat.md"
# The sample dialog: small, and its conversations are documented.
DIALOG = ["Dialogs/sample", "--seed", "7"]
# Bounds for waiting on processes and sockets, so a broken build fails
# instead of hanging; nothing is measured against them.
PATIENCE = 60


def documented_command():
    """The websocketd command of docs/web-chat.md, as a list of arguments."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"```[a-z]*\n(websocketd .*?)\n```", text, re.S)
    assert match, "docs/web-chat.md has no code block starting with 'websocketd '"
    return shlex.split(match.group(1).replace("\\\n", " "))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """websocketd as docs/web-chat.md starts it, on a free loopback port."""

    def __init__(self, store, port=None):
        self.port = port or free_port()
        self.store = store
        # Beside the store's folder, which the bridge creates (0700).
        self.log = store.parent.parent / "websocketd.log"
        argv = documented_command()
        def replace(flag, value):
            assert flag in argv, f"the documented command has no {flag}"
            argv[argv.index(flag) + 1] = value
        replace("--address", "127.0.0.1")
        replace("--port", str(self.port))
        replace("--store", str(store))
        bridge = argv.index("bridge")
        assert argv[bridge - 1].endswith("/parley"), "the documented command runs parley bridge"
        argv[bridge - 1] = PARLEY
        argv[bridge + 1:bridge + 1] = DIALOG
        self.argv = argv

    def start(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(self.argv, cwd=REPO, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        deadline = time.monotonic() + PATIENCE
        while True:
            assert self.process.poll() is None, f"websocketd exited: {self.log.read_text()}"
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                assert time.monotonic() < deadline, "websocketd did not listen"
                time.sleep(0.05)

    def bridges(self):
        """The pids of the bridges websocketd started, one per connection."""
        pids = []
        for children in pathlib.Path(f"/proc/{self.process.pid}/task").glob("*/children"):
            pids += [int(pid) for pid in children.read_text().split()]
        return pids

    def stop(self):
        """Stops websocketd; its bridges then read end of input and exit, closing the store."""
        bridges = self.bridges()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=PATIENCE)
        deadline = time.monotonic() + PATIENCE
        for pid in bridges:
            while pathlib.Path(f"/proc/{pid}").exists() and not is_zombie(pid):
                assert time.monotonic() < deadline, f"bridge {pid} did not exit after websocketd stopped"
                time.sleep(0.05)

    @property
    def url(self):
        return f"ws://127.0.0.1:{self.port}/chat"

    @property
    def origin(self):
        return f"http://127.0.0.1:{self.port}"


def is_zombie(pid):
    try:
        return pathlib.Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except (FileNotFoundError, IndexError):
        return True


class Browser:
    """One browser tab: a WebSocket and the session id kept in its localStorage."""

    def __init__(self, session):
        self.session = session
        self.next_id = 0

    async def connect(self, server):
        self.socket = await connect(server.url, origin=server.origin, open_timeout=PATIENCE)
        return self

    async def call(self, method, **params):
        self.next_id += 1
        await self.socket.send(json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method,
                                           "params": {"session": self.session, **params}}))
        response = json.loads(await asyncio.wait_for(self.socket.recv(), PATIENCE))
        assert response.get("id") == self.next_id, response
        assert "error" not in response, response
        return response["result"]

    async def close(self):
        await self.socket.close()


def uninterrupted(script):
    """The same requests through one bridge that never stops (sessions in memory)."""
    lines = [json.dumps({"jsonrpc": "2.0", "id": n, "method": method,
                         "params": {"session": session, **({"text": text} if text is not None else {})}})
             for n, (session, method, text) in enumerate(script, 1)]
    done = subprocess.run([PARLEY, "bridge", *DIALOG], cwd=REPO, input="\n".join(lines) + "\n",
                          capture_output=True, text=True, timeout=PATIENCE, check=True)
    return [json.loads(line)["result"] for line in done.stdout.splitlines()]


@pytest.fixture
def store(tmp_path):
    return tmp_path / "state" / "web-chat.db"


def test_two_browsers_go_on_after_a_restart(store):
    alice = Browser("web:" + secrets.token_hex(16))
    bob = Browser("web:" + secrets.token_hex(16))
    before = [(alice, "open", None), (bob, "open", None),
              (alice, "say", "I want to set a reading goal"), (bob, "say", "Talk about reading")]
    after = [(alice, "open", None), (bob, "say", "it makes me calm"),
             (alice, "say", "twenty pages"), (alice, "say", "yes")]
    expected = uninterrupted([(browser.session, method, text) for browser, method, text in before + after])

    async def play(steps):
        return [await browser.call(method, **({"text": text} if text is not None else {}))
                for browser, method, text in steps]

    async def scenario():
        server = Server(store).start()
        try:
            # Both browsers are connected at once: websocketd runs a bridge
            # for each, on the one store.
            for browser in (alice, bob):
                await browser.connect(server)
            got = await play(before)
            assert len(server.bridges()) == 2
        finally:
            server.stop()
        for browser in (alice, bob):
            with pytest.raises(websockets.exceptions.ConnectionClosed):
                await asyncio.wait_for(browser.socket.recv(), PATIENCE)
        # The same address after the restart, as a page reconnects.
        server = Server(store, port=server.port).start()
        try:
            for browser in (alice, bob):
                await browser.connect(server)
            resumed = await play(after)
            for browser in (alice, bob):
                await browser.close()
        finally:
            server.stop()
        return got, resumed

    got, resumed = asyncio.run(scenario())
    assert got == expected[:len(before)]
    assert got[2]["state"] == "goal.size" and got[3]["state"] == "talk"
    # Each turn follows from what was stored before the restart, exactly as
    # if nothing had stopped: Alice is still asked how many pages, and Bob's
    # line is taken as an answer to the question he was asked.
    assert resumed == expected[len(before):]
    assert resumed[0]["state"] == "goal.size" and "How many pages a day feels right?" in resumed[0]["replies"]
    assert resumed[1]["state"] == "talk.more"
    assert not any("reading coach" in reply for turn in resumed for reply in turn["replies"][:1])

    mode = stat.S_IMODE(store.stat().st_mode)
    assert mode == 0o600, oct(mode)
    assert stat.S_IMODE(store.parent.stat().st_mode) == 0o700


def test_nothing_users_write_reaches_the_log(store):
    server = Server(store).start()
    secret = "my secret is " + secrets.token_hex(8)
    browser = Browser("web:" + secrets.token_hex(16))

    async def chat():
        await browser.connect(server)
        await browser.call("open")
        turn = await browser.call("say", text=secret)
        await browser.close()
        return turn

    try:
        turn = asyncio.run(chat())
    finally:
        server.stop()
    log = server.log.read_text(encoding="utf-8", errors="replace")
    for private in [secret, browser.session, *turn["replies"]]:
        assert private not in log


def test_another_site_cannot_open_a_websocket(store):
    server = Server(store).start()

    async def from_elsewhere():
        with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
            await connect(server.url, origin="https://elsewhere.example", open_timeout=PATIENCE)
        return refused.value.response.status_code

    try:
        assert asyncio.run(from_elsewhere()) == 403
    finally:
        server.stop()


class PageParser(html.parser.HTMLParser):
    """What a strict Content-Security-Policy and a phone need from the page."""

    def __init__(self):
        super().__init__()
        self.inline = []
        self.viewport = None
        self.scripts = []
        self.styles = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                self.inline.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.inline.append(f"<{tag} {name}=javascript:>")
        if tag == "meta" and attrs.get("name") == "viewport":
            self.viewport = attrs.get("content")
        if tag == "style":
            self.inline.append("<style>")
        if tag == "script":
            self.in_script = True
            if "src" not in attrs:
                self.inline.append("<script> without src")
            else:
                self.scripts.append(attrs["src"])
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.styles.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.inline.append("<script> with a body")


def fetch(url):
    with urllib.request.urlopen(url, timeout=PATIENCE) as response:
        return response.status, response.headers, response.read()


def test_the_page_is_served_whole_and_fits_a_strict_policy(store):
    server = Server(store).start()
    try:
        status, headers, body = fetch(server.origin + "/")
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        page = PageParser()
        page.feed(body.decode("utf-8"))
        assert page.inline == []
        assert page.viewport is not None and "width=device-width" in page.viewport
        policy = headers["Content-Security-Policy"]
        assert policy is not None and "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        # Everything it loads comes from the same server: no CDN.
        assert page.scripts == ["chat.js"] and page.styles == ["style.css"]
        for path, kind in [("chat.js", "javascript"), ("style.css", "text/css")]:
            status, headers, _ = fetch(f"{server.origin}/{path}")
            assert status == 200 and kind in headers["Content-Type"]
    finally:
        server.stop()
