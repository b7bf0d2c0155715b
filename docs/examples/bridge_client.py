#!/usr/bin/env python3
"""A small chat client for `parley bridge`, as a chat platform's bridge would be.

It starts the bridge as a child process, opens a session and chats: with the
lines given on the command line, or interactively (type /reset, /close, /info
or /quit). Protocol: docs/bridge-protocol.md.

    python3 docs/examples/bridge_client.py                       # chat with the built-in dialog
    python3 docs/examples/bridge_client.py --cmd '.build/release/parley bridge Dialogs/sample' \\
        'I want to set a reading goal' 'twenty pages'
"""
import argparse
import json
import shlex
import subprocess
import sys


class BridgeError(Exception):
    """A JSON-RPC error response: code and message."""

    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class Bridge:
    """One `parley bridge` process; call() sends a request and returns its result."""

    def __init__(self, cmd):
        # stderr is left to the terminal: the bridge logs there, never on stdout.
        self.process = subprocess.Popen(shlex.split(cmd), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, encoding="utf-8", bufsize=1)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        request = {"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}
        self.process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit("the bridge ended without answering (see its messages above)")
        response = json.loads(line)
        if response.get("id") != self.next_id:
            raise SystemExit(f"the bridge answered id {response.get('id')!r}, expected {self.next_id}")
        if "error" in response:
            raise BridgeError(response["error"]["code"], response["error"]["message"])
        return response["result"]

    def close(self):
        # End of input: the bridge finishes, closes its store and exits 0.
        self.process.stdin.close()
        return self.process.wait(timeout=30)


def show(turn):
    for reply in turn["replies"]:
        print(f"coach> {reply}")
    for option in turn["options"]:
        print(f"        {option['key']}. {option['label']}")
    if turn["ended"]:
        print("(the conversation has ended; say something to start again)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lines", nargs="*", help="lines to say, one after another (default: chat interactively)")
    parser.add_argument("--cmd", default="parley bridge", help="the command that starts the bridge")
    parser.add_argument("--session", default="example-client", help="the session id to chat in")
    args = parser.parse_args()

    bridge = Bridge(args.cmd)
    show(bridge.call("open", session=args.session))
    scripted = iter(args.lines) if args.lines else None
    while True:
        if scripted is not None:
            line = next(scripted, None)
            if line is None:
                break
            print(f"you> {line}")
        else:
            try:
                line = input("you> ")
            except EOFError:
                break
        try:
            if line == "/quit":
                break
            elif line == "/reset":
                show(bridge.call("reset", session=args.session))
            elif line == "/close":
                print(bridge.call("close", session=args.session))
            elif line == "/info":
                print(bridge.call("info"))
            else:
                show(bridge.call("say", session=args.session, text=line))
        except BridgeError as error:
            print(f"error {error.code}: {error.message}", file=sys.stderr)
    sys.exit(bridge.close())


if __name__ == "__main__":
    main()
