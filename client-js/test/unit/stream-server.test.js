// The stream transports over a real network, against a small node:http server that speaks the wire of
// docs/PROTOCOL.md ("SSE and HTTP streaming") and has no WebSocket endpoint: the real fetch and EventSource read
// its chunks, the commands reach it as POSTs in order, and its close frames are close codes.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createClient } from "../../src/index.js";
import { recordingLogger } from "../fakes.js";

/** Sessions by id: what they were sent, and how to write to them. */
const sessions = new Map();
let nextSession = 1;

function open(res, format, token) {
  const id = "fake:" + nextSession++;
  const write = (frame) => res.write(format === "sse" ? "data: " + JSON.stringify(frame) + "\n\n" : JSON.stringify(frame) + "\n");
  const session = {
    id, token, commands: [], write,
    close(code, reason) {
      const frame = JSON.stringify({ type: "close", data: { code, reason } });
      res.end(format === "sse" ? "event: close\ndata: " + frame + "\n\n" : frame + "\n");
      sessions.delete(id);
    },
  };
  sessions.set(id, session);
  res.writeHead(200, { "Content-Type": format === "sse" ? "text/event-stream" : "application/x-ndjson", "Cache-Control": "no-cache, no-transform" });
  res.write(format === "sse" ? ": ping\n\n" : "\n"); // a heartbeat first: the client must skip it
  write({ type: "connection_established", data: { session_id: id, user_id: "u1" } });
  res.on("close", () => sessions.delete(id));
  return session;
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, "http://x");
  let body = "";
  for await (const chunk of req) body += chunk;
  const bearer = (req.headers.authorization || "").replace(/^Bearer /, "");
  if (req.method === "GET" && url.pathname === "/connection/sse") return open(res, "sse", url.searchParams.get("token"));
  if (req.method === "POST" && url.pathname === "/connection/stream") return open(res, "ndjson", bearer);
  if (req.method === "POST" && url.pathname === "/connection/command") {
    const session = sessions.get(url.searchParams.get("session"));
    if (!session) return json(res, 404, { error: { code: "unknown_session", message: "no such session" } });
    if (bearer !== session.token) return json(res, 401, { error: { code: "unauthorized", message: "bad token" } });
    const parsed = JSON.parse(body);
    const envelopes = Array.isArray(parsed) ? parsed : [parsed];
    json(res, 202, { accepted: envelopes.length });
    for (const e of envelopes) {
      session.commands.push(e);
      if (e.type === "publish") {
        session.write({ type: "ack", id: e.id, data: {} });
        session.write({ type: "message", channel: e.data.channel, data: e.data.data });
      }
    }
    return;
  }
  json(res, 404, { error: { code: "not_found", message: "no such route" } }); // /ws included: no WebSocket here
});

function json(res, status, body) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = "http://127.0.0.1:" + server.address().port;
const clients = [];
after(() => {
  clients.forEach((c) => c.disconnect());
  server.closeAllConnections();
  server.close();
});

function client(options) {
  const c = createClient({ baseUrl: base, token: "t0", logger: recordingLogger(), pingIntervalMs: 0,
    reconnect: { baseDelayMs: 50, maxDelayMs: 100, maxAttempts: 20 }, ...options });
  clients.push(c);
  return c;
}

async function eventually(what, predicate, ms = 5000) {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("timed out waiting for " + what);
}

test("where the node has no WebSocket endpoint the client falls back by itself and works on the stream", async () => {
  const c = client({});
  const fallbacks = [];
  c.on("fallback", (f) => fallbacks.push(f.from + ">" + f.to));
  const seen = [];
  c.registerHandlers({ message: (data) => seen.push(data.n) });
  c.connect();
  const expected = typeof EventSource === "function" ? "sse" : "http_stream";
  await eventually("a session", () => c.isConnected);
  assert.equal(c.transport, expected);
  if (typeof WebSocket === "function") assert.equal(fallbacks[0], "websocket>sse");
  await Promise.all([c.publish("public:a", { n: 1 }), c.publish("public:a", { n: 2 }), c.publish("public:a", { n: 3 })]);
  await eventually("the publications back", () => seen.length === 3);
  assert.deepEqual(seen, [1, 2, 3]);
  assert.deepEqual(sessions.get(c.sessionId).commands.map((e) => e.data.data.n), [1, 2, 3], "in order");
});

test("HTTP streaming: the node's close frame 4200 ends the session and the client opens a new one at once", async () => {
  const c = client({ transports: ["http_stream"] });
  const closes = [];
  c.on("close", (e) => closes.push(e.code));
  c.connect();
  await eventually("a session", () => c.isConnected);
  const first = c.sessionId;
  sessions.get(first).close(4200, "idle timeout");
  await eventually("a new session", () => c.isConnected && c.sessionId !== first);
  assert.deepEqual(closes, [4200]);
  assert.equal(c.transport, "http_stream");
});

test("SSE: the node's `event: close` with 4002 is an auth failure, and the client stops", { skip: typeof EventSource !== "function" && "no EventSource in this Node (20 needs --experimental-eventsource)" }, async () => {
  const c = client({ transports: ["sse"] });
  const errors = [];
  c.on("authError", (e) => errors.push([e.code, e.reason]));
  c.connect();
  await eventually("a session", () => c.isConnected);
  sessions.get(c.sessionId).close(4002, "token expired");
  await eventually("the auth failure", () => c.state === "auth_failed");
  assert.deepEqual(errors, [[4002, "token expired"]]);
});
