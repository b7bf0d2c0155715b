// The web chat page (examples/web-chat/) run in jsdom, with a stand-in
// WebSocket that plays the bridge: what the page sends, what it shows of
// hostile replies, options, reconnection and the kept session id.
//
//     NODE_PATH=/usr/share/nodejs node --test tools/web-chat-e2e/
//
// jsdom is Debian's node-jsdom (in /usr/share/nodejs).
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { JSDOM } = require("jsdom");

const PAGE = path.join(__dirname, "..", "..", "examples", "web-chat");
const HTML = fs.readFileSync(path.join(PAGE, "index.html"), "utf8");
const SCRIPT = fs.readFileSync(path.join(PAGE, "chat.js"), "utf8");
const KEY = "parley-web-chat.session";

/** Plays a WebSocket: records what the page sends; the test opens, answers and closes it. */
class FakeSocket {
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.listeners = new Map();
    FakeSocket.all.push(this);
  }
  addEventListener(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(listener);
  }
  emit(type, event) {
    for (const listener of this.listeners.get(type) || []) listener(event || {});
  }
  send(data) {
    assert.equal(this.readyState, 1, "the page sent on a socket that is not open");
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  // Test side.
  open() {
    this.readyState = 1;
    this.emit("open");
  }
  answer(result) {
    const request = this.sent.at(-1);
    this.emit("message", { data: JSON.stringify({ jsonrpc: "2.0", id: request.id, result: result }) });
  }
  fail(code, message) {
    const request = this.sent.at(-1);
    this.emit("message", { data: JSON.stringify({ jsonrpc: "2.0", id: request.id, error: { code: code, message: message } }) });
  }
  drop() {
    this.readyState = 3;
    this.emit("close", { code: 1006 });
  }
}

function turn(replies, options, extra) {
  return Object.assign({
    session: "s", replies: replies,
    options: options.map((label, index) => ({ key: String(index + 1), label: label })),
    state: "welcome", intent: null, score: null, ended: false,
  }, extra || {});
}

/** Promise callbacks run as microtasks: let them all run. */
function settle() {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Loads the page; `kept` is a session id already in localStorage. */
async function load(kept) {
  FakeSocket.all = [];
  const dom = new JSDOM(HTML, { url: "https://chat.example/coach/", runScripts: "outside-only" });
  const window = dom.window;
  if (kept !== undefined) window.localStorage.setItem(KEY, kept);
  window.WebSocket = FakeSocket;
  window.confirm = () => window.confirmAnswer;
  window.confirmAnswer = true;
  const timers = [];
  window.setTimeout = (callback, delay) => timers.push({ callback, delay });
  const loaded = new Promise((resolve) => window.addEventListener("DOMContentLoaded", resolve));
  window.eval(SCRIPT);
  // As in a browser, the deferred script starts the page once it is parsed.
  await loaded;
  const document = window.document;
  return {
    window, document, timers,
    socket: () => FakeSocket.all.at(-1),
    log: () => Array.from(document.querySelectorAll("#log > li"), (item) => item.textContent),
    messages: (who) => Array.from(document.querySelectorAll("#log > li.message." + who + " .text"), (p) => p.textContent),
    options: () => Array.from(document.querySelectorAll("#options button"), (button) => button.textContent),
    status: () => document.getElementById("status").textContent,
  };
}

test("a new browser gets a random session id, keeps it, and opens it over the page's own wss address", async () => {
  const page = await load();
  const id = page.window.localStorage.getItem(KEY);
  assert.match(id, /^web:[0-9a-f]{32}$/);
  const socket = page.socket();
  assert.equal(socket.url, "wss://chat.example/coach/chat");
  socket.open();
  assert.deepEqual(socket.sent, [{ jsonrpc: "2.0", id: 1, method: "open", params: { session: id } }]);
  socket.answer(turn(["Hello.", "What would you like?"], ["Set a goal", "Talk"]));
  await settle();
  assert.deepEqual(page.messages("coach"), ["Hello.", "What would you like?"]);
  assert.deepEqual(page.options(), ["Set a goal", "Talk"]);
  assert.equal(page.status(), "Connected");
  // Another browser gets another id.
  assert.notEqual((await load()).window.localStorage.getItem(KEY), id);
});

test("a reload opens the kept session", async () => {
  const kept = "web:" + "0123456789abcdef".repeat(2);
  const page = await load(kept);
  page.socket().open();
  assert.equal(page.socket().sent[0].params.session, kept);
});

test("a kept value that is not a session id is replaced", async () => {
  const page = await load("<script>alert(1)</script>");
  assert.match(page.window.localStorage.getItem(KEY), /^web:[0-9a-f]{32}$/);
});

test("what the coach and the user write is shown as text, never as markup", async () => {
  const page = await load();
  const socket = page.socket();
  socket.open();
  const hostile = [
    "<img src=x onerror=\"window.pwned=1\">",
    "<script>window.pwned=1</script>",
    "Tom & Jerry said \"hi\" <b>loudly</b>",
  ];
  socket.answer(turn(hostile, ["<i>yes</i>", "a & b"]));
  await settle();
  assert.deepEqual(page.messages("coach"), hostile);
  assert.deepEqual(page.options(), ["<i>yes</i>", "a & b"]);

  page.document.getElementById("message").value = "  <svg onload=alert(1)>  ";
  page.document.getElementById("composer").dispatchEvent(new page.window.Event("submit", { cancelable: true }));
  assert.deepEqual(socket.sent.at(-1).params, { session: socket.sent[0].params.session, text: "<svg onload=alert(1)>" });
  assert.deepEqual(page.messages("you"), ["<svg onload=alert(1)>"]);
  socket.answer(turn(["</li><li>fake</li>"], []));
  await settle();

  const shown = page.document.querySelector("main");
  for (const tag of ["img", "script", "b", "i", "svg"]) {
    assert.equal(shown.querySelectorAll(tag).length, 0, `a <${tag}> element was made from text`);
  }
  assert.equal(page.document.querySelectorAll("#log > li").length, 5);
  assert.equal(page.window.pwned, undefined);
});

test("the script builds the page with textContent only", () => {
  for (const sink of ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"]) {
    assert.ok(!SCRIPT.includes(sink), `chat.js uses ${sink}`);
  }
});

test("a list reply keeps its line breaks as text", async () => {
  const page = await load();
  page.socket().open();
  page.socket().answer(turn(["Steps:\n1. Analyze\n2. Decide"], []));
  await settle();
  assert.deepEqual(page.messages("coach"), ["Steps:\n1. Analyze\n2. Decide"]);
  assert.equal(page.document.getElementById("options").hidden, true);
});

test("an option button says its label, and the controls wait for the answer", async () => {
  const page = await load();
  const socket = page.socket();
  socket.open();
  socket.answer(turn(["Pick one."], ["Five pages", "Twenty pages"]));
  await settle();
  page.document.querySelectorAll("#options button")[1].click();
  assert.equal(socket.sent.at(-1).method, "say");
  assert.equal(socket.sent.at(-1).params.text, "Twenty pages");
  assert.equal(page.document.getElementById("send").disabled, true);
  assert.ok(Array.from(page.document.querySelectorAll("#options button")).every((button) => button.disabled));
  // A second click while waiting sends nothing.
  page.document.querySelectorAll("#options button")[0].click();
  assert.equal(socket.sent.length, 2);
  socket.answer(turn(["Good."], [], { ended: true }));
  await settle();
  assert.deepEqual(page.messages("you"), ["Twenty pages"]);
  assert.equal(page.document.getElementById("send").disabled, false);
  assert.deepEqual(page.options(), []);
  assert.match(page.log().at(-1), /has ended/);
});

test("start again resets, and delete closes the session and forgets its id", async () => {
  const page = await load();
  const socket = page.socket();
  socket.open();
  const first = socket.sent[0].params.session;
  socket.answer(turn(["Hello."], []));
  await settle();
  page.document.getElementById("restart").click();
  assert.deepEqual(socket.sent.at(-1), { jsonrpc: "2.0", id: 2, method: "reset", params: { session: first } });
  socket.answer(turn(["Hello again."], []));
  await settle();
  // Deleting asks first; "cancel" sends nothing.
  page.window.confirmAnswer = false;
  page.document.getElementById("forget").click();
  assert.equal(socket.sent.length, 2);
  page.window.confirmAnswer = true;
  page.document.getElementById("forget").click();
  assert.deepEqual(socket.sent.at(-1), { jsonrpc: "2.0", id: 3, method: "close", params: { session: first } });
  socket.answer({ session: first, closed: true, existed: true });
  await settle();
  const second = page.window.localStorage.getItem(KEY);
  assert.match(second, /^web:[0-9a-f]{32}$/);
  assert.notEqual(second, first);
  assert.deepEqual(socket.sent.at(-1), { jsonrpc: "2.0", id: 4, method: "open", params: { session: second } });
  socket.answer(turn(["Hello, new."], []));
  await settle();
  assert.deepEqual(page.messages("coach"), ["Hello, new."]);
});

test("a lost connection is retried, and the session goes on where it was", async () => {
  const page = await load();
  let socket = page.socket();
  socket.open();
  const id = socket.sent[0].params.session;
  socket.answer(turn(["Hello."], ["Yes", "No"]));
  await settle();
  socket.drop();
  await settle();
  assert.match(page.status(), /Trying again/);
  assert.equal(page.document.getElementById("send").disabled, true);
  assert.equal(page.timers.length, 1);
  page.timers.shift().callback();
  socket = page.socket();
  assert.equal(FakeSocket.all.length, 2);
  socket.open();
  assert.deepEqual(socket.sent, [{ jsonrpc: "2.0", id: 2, method: "open", params: { session: id } }]);
  // The question is on screen already: only its options are refreshed.
  socket.answer(turn(["Hello."], ["Yes", "No"]));
  await settle();
  assert.deepEqual(page.messages("coach"), ["Hello."]);
  assert.deepEqual(page.options(), ["Yes", "No"]);

  // A message lost with the connection: the page says so, and shows the
  // current question once it is back.
  page.document.getElementById("message").value = "yes";
  page.document.getElementById("composer").dispatchEvent(new page.window.Event("submit", { cancelable: true }));
  socket.drop();
  await settle();
  assert.match(page.log().at(-1), /may not have arrived/);
  page.timers.shift().callback();
  socket = page.socket();
  socket.open();
  socket.answer(turn(["Next question?"], []));
  await settle();
  assert.equal(page.messages("coach").at(-1), "Next question?");
});

test("a store failure is shown, and nothing is lost from the page", async () => {
  const page = await load();
  const socket = page.socket();
  socket.open();
  socket.answer(turn(["Hello."], []));
  await settle();
  page.document.getElementById("message").value = "hi";
  page.document.getElementById("composer").dispatchEvent(new page.window.Event("submit", { cancelable: true }));
  socket.fail(-32000, "the session store failed");
  await settle();
  assert.match(page.status(), /could not save/);
  assert.equal(page.document.getElementById("send").disabled, false);
  // The next answer clears it.
  page.document.getElementById("message").value = "hi again";
  page.document.getElementById("composer").dispatchEvent(new page.window.Event("submit", { cancelable: true }));
  socket.answer(turn(["Hello."], []));
  await settle();
  assert.equal(page.status(), "Connected");
});

test("the page has a viewport, a labelled input and a live log", () => {
  const { document } = new JSDOM(HTML).window;
  assert.match(document.querySelector('meta[name="viewport"]').content, /width=device-width/);
  const input = document.getElementById("message");
  assert.equal(document.querySelector(`label[for="${input.id}"]`).textContent, "Your message");
  assert.equal(document.getElementById("log").getAttribute("aria-live"), "polite");
  assert.equal(document.documentElement.lang, "en");
});
