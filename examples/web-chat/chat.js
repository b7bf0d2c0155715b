// A web chat for `parley bridge` behind websocketd (docs/web-chat.md).
//
// websocketd starts one bridge per WebSocket connection and passes each
// message to it as a line, and each line it writes back as a message, so the
// page speaks the bridge protocol (docs/bridge-protocol.md) directly: one
// JSON-RPC 2.0 request per message, one response per request, in order.
//
// Everything shown goes through textContent, never parsed as HTML: what the coach
// and the user write is displayed as text whatever characters it holds.
(function () {
  "use strict";

  // The session id is the only thing the page keeps: a reload, or a server
  // restart, continues the conversation stored under it. 128 random bits, so
  // no one can guess another browser's id.
  const SESSION_KEY = "parley-web-chat.session";
  const SESSION_PATTERN = /^web:[0-9a-f]{32}$/;
  // Relative to the page, so a reverse proxy may serve it under any path.
  const ENDPOINT = "chat";
  const RETRY_FIRST_MS = 1000;
  const RETRY_MAX_MS = 30000;
  const LOST = "lost";
  const STORE_FAILURE = -32000;

  let ui;
  let sessionId;
  let socket = null;
  let connected = false;
  let busy = false;
  let nextId = 1;
  const pending = new Map();
  let retryMs = RETRY_FIRST_MS;
  // Has the page shown a turn yet, and was a request lost with the connection?
  // Either way the `open` after a (re)connection shows the current question.
  let shownTurn = false;
  let lostInFlight = false;

  function newSessionId() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return "web:" + Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  }

  /** The kept session id, or a new one (kept when the browser allows). */
  function loadSessionId() {
    try {
      const kept = window.localStorage.getItem(SESSION_KEY);
      if (kept !== null && SESSION_PATTERN.test(kept)) return { id: kept, kept: true };
      const id = newSessionId();
      window.localStorage.setItem(SESSION_KEY, id);
      return { id: id, kept: true };
    } catch (error) {
      // Storage is turned off (some private modes): the id lasts as long as the page.
      return { id: newSessionId(), kept: false };
    }
  }

  function replaceSessionId() {
    sessionId = newSessionId();
    try {
      window.localStorage.setItem(SESSION_KEY, sessionId);
    } catch (error) {
      // Not kept: see loadSessionId.
    }
  }

  function endpoint() {
    const url = new URL(ENDPOINT, window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.search = "";
    url.hash = "";
    return url.href;
  }

  // MARK: - Showing

  function scrollToEnd(element) {
    if (typeof element.scrollIntoView === "function") element.scrollIntoView({ block: "end" });
  }

  /** One message in the log; `who` is "coach" or "you". */
  function addMessage(who, text) {
    const item = document.createElement("li");
    item.className = "message " + who;
    const speaker = document.createElement("span");
    speaker.className = "visually-hidden";
    speaker.textContent = who === "coach" ? "Coach: " : "You: ";
    const body = document.createElement("p");
    body.className = "text";
    body.textContent = text;
    item.append(speaker, body);
    ui.log.append(item);
    scrollToEnd(item);
  }

  /** A line from the page itself, not from the coach. */
  function addNote(text) {
    const item = document.createElement("li");
    item.className = "note";
    item.textContent = text;
    ui.log.append(item);
    scrollToEnd(item);
  }

  function setStatus(text, problem) {
    ui.status.textContent = text;
    ui.status.classList.toggle("problem", Boolean(problem));
  }

  function showOptions(options) {
    ui.options.replaceChildren();
    for (const option of options) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "option";
      button.textContent = String(option.label);
      // The bridge takes the label as well as the key; the label reads
      // better in the log.
      button.addEventListener("click", () => say(String(option.label)));
      ui.options.append(button);
    }
    ui.options.hidden = options.length === 0;
    updateControls();
  }

  /** A Turn: {session, replies, options, state, intent, score, ended}. */
  function render(turn) {
    shownTurn = true;
    for (const reply of Array.isArray(turn.replies) ? turn.replies : []) addMessage("coach", String(reply));
    showOptions(Array.isArray(turn.options) ? turn.options : []);
    if (turn.ended === true) addNote("The conversation has ended. Write anything to begin again.");
  }

  function updateControls() {
    const ready = connected && !busy;
    ui.send.disabled = !ready;
    ui.restart.disabled = !ready;
    ui.forget.disabled = !ready;
    for (const button of ui.options.querySelectorAll("button")) button.disabled = !ready;
    ui.log.setAttribute("aria-busy", busy ? "true" : "false");
  }

  // MARK: - The protocol

  /** Sends one request; resolves with its result, rejects with its error ({code, message}). */
  function call(method, params) {
    return new Promise((resolve, reject) => {
      if (!connected) {
        reject({ code: LOST, message: "not connected" });
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve: resolve, reject: reject });
      socket.send(JSON.stringify({ jsonrpc: "2.0", id: id, method: method, params: params }));
    });
  }

  function receive(data) {
    let response;
    try {
      response = JSON.parse(data);
    } catch (error) {
      setStatus("The server sent a message that is not JSON.", true);
      return;
    }
    // The page sends no batches, so every answer is one object.
    if (response === null || typeof response !== "object" || Array.isArray(response)) return;
    const waiting = pending.get(response.id);
    if (waiting === undefined) {
      if (response.error) setStatus("The server refused a message: " + String(response.error.message), true);
      return;
    }
    pending.delete(response.id);
    if (response.error) waiting.reject(response.error);
    else waiting.resolve(response.result);
  }

  function failPending() {
    for (const waiting of pending.values()) waiting.reject({ code: LOST, message: "the connection was lost" });
    pending.clear();
  }

  function showFailure(error) {
    if (error.code === LOST) {
      lostInFlight = true;
      addNote("The connection was lost before the coach answered, so your last message may not have arrived.");
    } else if (error.code === STORE_FAILURE) {
      setStatus("The server could not save the conversation, so nothing changed. Please try again.", true);
    } else {
      setStatus("The server refused the message: " + String(error.message), true);
    }
  }

  /** Runs what the user asked for (`task` returns a promise); the controls wait for its answers. */
  function perform(task) {
    busy = true;
    updateControls();
    task()
      .then(() => {
        // An earlier failure no longer applies.
        if (connected) setStatus("Connected");
      }, showFailure)
      .finally(() => {
        busy = false;
        updateControls();
        // An option button that was clicked is gone now: keep the focus in the page.
        if (document.activeElement === null || document.activeElement === document.body) ui.input.focus();
      });
  }

  function say(text) {
    const line = text.trim();
    if (line === "" || !connected || busy) return;
    addMessage("you", line);
    ui.input.value = "";
    perform(() => call("say", { session: sessionId, text: line }).then(render));
  }

  function restart() {
    perform(() => call("reset", { session: sessionId }).then((turn) => {
      addNote("Started again.");
      render(turn);
    }));
  }

  function forget() {
    if (!window.confirm("Delete this conversation from the server? This cannot be undone.")) return;
    perform(async () => {
      await call("close", { session: sessionId });
      ui.log.replaceChildren();
      showOptions([]);
      replaceSessionId();
      shownTurn = false;
      addNote("The conversation was deleted from the server, and this browser forgot it.");
      render(await call("open", { session: sessionId }));
    });
  }

  /** After a (re)connection: the current question, or a greeting for a new session. */
  function resume() {
    const showAll = !shownTurn || lostInFlight;
    lostInFlight = false;
    perform(() => call("open", { session: sessionId }).then((turn) => {
      if (showAll) render(turn);
      else showOptions(Array.isArray(turn.options) ? turn.options : []);
    }));
  }

  // MARK: - The connection

  function connect() {
    setStatus("Connecting…");
    let ws;
    try {
      ws = new window.WebSocket(endpoint());
    } catch (error) {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.addEventListener("open", () => {
      if (socket !== ws) return;
      connected = true;
      retryMs = RETRY_FIRST_MS;
      setStatus("Connected");
      resume();
    });
    ws.addEventListener("message", (event) => {
      if (socket === ws) receive(event.data);
    });
    // An "error" event is always followed by "close".
    ws.addEventListener("close", () => {
      if (socket !== ws) return;
      socket = null;
      connected = false;
      failPending();
      updateControls();
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    // Jitter spreads the reconnections of many pages after a server restart.
    const delay = Math.round(retryMs * (0.5 + Math.random() / 2));
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    setStatus("Not connected. Trying again in " + Math.ceil(delay / 1000) + " s…", true);
    window.setTimeout(connect, delay);
  }

  function start() {
    ui = {
      status: document.getElementById("status"),
      log: document.getElementById("log"),
      options: document.getElementById("options"),
      form: document.getElementById("composer"),
      input: document.getElementById("message"),
      send: document.getElementById("send"),
      restart: document.getElementById("restart"),
      forget: document.getElementById("forget"),
    };
    const session = loadSessionId();
    sessionId = session.id;
    if (!session.kept) addNote("This browser does not let the page keep the conversation, so a reload starts a new one.");
    ui.form.addEventListener("submit", (event) => {
      event.preventDefault();
      say(ui.input.value);
    });
    ui.restart.addEventListener("click", restart);
    ui.forget.addEventListener("click", forget);
    ui.input.disabled = false;
    ui.options.hidden = true;
    updateControls();
    connect();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
