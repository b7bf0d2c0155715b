#!/usr/bin/env python3
"""Runs the real `parley lsp` (REAL_PARLEY) and relays its output to the
client one message at a time, 20 ms apart, as a loaded machine may deliver
them (the server writes each notification with its own write; a client
descheduled between reads gets them apart). Input passes straight through.

A test that takes a notification of an earlier check for the one it waits
for fails through this relay every time, not once in twenty runs:

    REAL_PARLEY=$PWD/.build/debug/parley PARLEY=$PWD/tools/lsp-e2e/slow_relay.py \
        python3 -m pytest -p no:cacheprovider -q tools/lsp-e2e
"""
import os, subprocess, sys, threading, time
server = subprocess.Popen([os.environ["REAL_PARLEY"]] + sys.argv[1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def pump_in():
    while True:
        data = os.read(0, 65536)
        if not data:
            server.stdin.close(); return
        server.stdin.write(data); server.stdin.flush()
threading.Thread(target=pump_in, daemon=True).start()
out = server.stdout
while True:
    header = b""
    while not header.endswith(b"\r\n\r\n"):
        c = out.read(1)
        if not c: sys.exit(server.wait())
        header += c
    length = int([l for l in header.split(b"\r\n") if l.lower().startswith(b"content-length")][0].split(b":")[1])
    body = out.read(length)
    time.sleep(0.02)
    os.write(1, header + body)
