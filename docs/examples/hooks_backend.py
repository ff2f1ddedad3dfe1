#!/usr/bin/env python3
"""A chat backend for Switchboard's hooks, in Python with the standard library only.

It decides who connects (from the browser's session cookie, as a Django or Flask app would), who may join which
room, rewrites every chat message before it goes out, and answers two RPC methods. Run it, then start Switchboard
with its hooks pointing here:

    python3 docs/examples/hooks_backend.py --port 8000
    ./switchboard serve --set hook-connect-url=http://127.0.0.1:8000/connect \\
        --set hook-subscribe-url=http://127.0.0.1:8000/subscribe --set namespace.chat.subscribe-hook=true \\
        --set hook-publish-url=http://127.0.0.1:8000/publish --set namespace.chat.publish-hook=true \\
        --set hook-rpc-url=http://127.0.0.1:8000/rpc --set hook-headers=Cookie

A browser whose cookie is `session=ann-cookie` then connects to ws://127.0.0.1:7000/ws without any token as user
"ann". Rooms are channels `<namespace>:<room>`; the namespace is whatever the node routes here (chat above).
Every hook answers HTTP 200 with one of {"result": {...}}, {"error": {"code", "message"}} or
{"disconnect": {"code", "reason"}} (docs/PROTOCOL.md, "Backend hooks").
"""
import argparse
import json
import sys
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# What a real backend keeps in its database: browser sessions, users, rooms.
SESSIONS = {"ann-cookie": "ann", "bob-cookie": "bob"}
USERS = {"ann": {"name": "Ann", "staff": True}, "bob": {"name": "Bob", "staff": False}}
ROOMS = {"lobby": "everyone", "staff": "staff"}
BANNED_WORDS = ("darn",)
MAX_TEXT = 500


def connect(req):
    """Who is this client? A token already proved it (user set); otherwise the session cookie says."""
    if req["user"]:
        user = req["user"]
    else:
        cookie = SimpleCookie(req.get("headers", {}).get("cookie", ""))
        session = cookie["session"].value if "session" in cookie else None
        user = SESSIONS.get(session)
        if user is None:
            return {"error": {"code": "not_signed_in", "message": "sign in first"}}
    profile = USERS.get(user)
    if profile is None:
        return {"disconnect": {"code": 4003, "reason": "unknown user"}}
    return {"result": {"user": user, "info": {"name": profile["name"]}}}


def room_of(channel):
    return channel.split(":", 1)[1] if ":" in channel else channel


def subscribe(req):
    """Rooms everyone may join, and rooms for staff only."""
    room = room_of(req["channel"])
    rule = ROOMS.get(room)
    if rule is None:
        return {"error": {"code": 404, "message": "no room " + room}}
    if rule == "staff" and not USERS.get(req["user"], {}).get("staff"):
        return {"error": {"code": 403, "message": "room " + room + " is for staff"}}
    name = USERS.get(req["user"], {}).get("name", req["user"])
    return {"result": {"info": {"name": name}, "data": {"room": room, "rule": rule}}}


def publish(req):
    """Every message goes out as {user, name, text}: trimmed, cut, censored; an empty one is refused."""
    data = req.get("data")
    text = data.get("text") if isinstance(data, dict) else None
    if not isinstance(text, str) or not text.strip():
        return {"error": {"code": "empty_message", "message": "a message needs text"}}
    text = text.strip()[:MAX_TEXT]
    for word in BANNED_WORDS:
        text = text.replace(word, "*" * len(word))
    user = req["user"]
    return {"result": {"data": {"user": user, "name": USERS.get(user, {}).get("name", user), "text": text}}}


def rpc(req):
    method, data = req["method"], req.get("data")
    if method == "whoami":
        return {"result": {"data": {"user": req["user"], **USERS.get(req["user"], {})}}}
    if method == "rooms":
        staff = USERS.get(req["user"], {}).get("staff")
        return {"result": {"data": sorted(r for r, rule in ROOMS.items() if rule == "everyone" or staff)}}
    return {"error": {"code": "unknown_method", "message": "no method " + str(method)}}


HOOKS = {"/connect": connect, "/subscribe": subscribe, "/publish": publish, "/rpc": rpc}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the node keeps a pool of connections to its hooks

    def do_POST(self):
        hook = HOOKS.get(self.path)
        if hook is None:
            self.send_error(404)
            return
        length = int(self.headers.get("Content-Length", "0"))
        request = json.loads(self.rfile.read(length) or b"{}")
        body = json.dumps(hook(request)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        if not self.server.quiet:
            sys.stderr.write("hooks_backend: " + (fmt % args) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--quiet", action="store_true", help="no line per request on stderr")
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.quiet = args.quiet
    # The first line says where it listens, so that a script (or a test) started with --port 0 can find it.
    print("listening on http://%s:%d" % server.server_address[:2], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
