// Helpers for the tests against a real node: its address comes from SWITCHBOARD_URL (the Java test that
// starts the node sets it); without it these tests are skipped.
import { after } from "node:test";
import { createClient } from "../../src/index.js";

export const baseUrl = (process.env.SWITCHBOARD_URL || "").replace(/\/+$/, "");
/** Features the caller says the node has: their tests fail instead of skipping when the node lacks them. */
const expected = new Set((process.env.SWITCHBOARD_EXPECT || "").split(",").map((s) => s.trim()).filter(Boolean));

export const noServer = baseUrl ? false : "SWITCHBOARD_URL is not set";

/** A development token for `user` from `GET /api/dev/token`. */
export async function devToken(user) {
  const r = await fetch(`${baseUrl}/api/dev/token?user=${encodeURIComponent(user)}`);
  if (r.status !== 200) throw new Error(`GET /api/dev/token answered ${r.status}`);
  return (await r.json()).token;
}

/** A REST call with a bearer token; resolves with {status, body}. */
export async function api(method, path, token, body) {
  const headers = { Authorization: "Bearer " + token };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = text; }
  return { status: r.status, body: json };
}

/** The node's API key, for backend calls (the Java test passes it as SWITCHBOARD_API_KEY). */
export const apiKey = process.env.SWITCHBOARD_API_KEY || "";

/**
 * Emits events to a user the way a backend does, `POST /api/inbox/events` with the API key; resolves with the
 * answer's body (`{user_id, type, seq}` for one event).
 */
export async function emit(events) {
  const r = await fetch(baseUrl + "/api/inbox/events", {
    method: "POST",
    headers: { "X-Api-Key": apiKey, "Content-Type": "application/json" },
    body: JSON.stringify(events),
  });
  const body = await r.json();
  if (r.status >= 300) throw new Error(`POST /api/inbox/events answered ${r.status}: ${JSON.stringify(body)}`);
  return body;
}

/** A WebSocket class that counts the sockets opened through it. */
export function countingWebSocket() {
  const opened = [];
  class Counting extends WebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      opened.push(url);
    }
  }
  return { WebSocket: Counting, opened };
}

/**
 * A WebSocket class with an off switch, like a phone without network: while `offline` is true every new socket
 * fails at once (close 1006), so that a test decides when the client can reconnect.
 */
export function switchableWebSocket() {
  const network = { offline: false };
  class Switchable extends WebSocket {
    constructor(url, protocols) {
      if (network.offline) {
        const failed = new EventTarget();
        Object.assign(failed, { readyState: 3, send() {}, close() {}, onopen: null, onmessage: null, onerror: null, onclose: null });
        setTimeout(() => failed.onclose?.({ code: 1006, reason: "offline" }), 5);
        return failed;
      }
      super(url, protocols);
    }
  }
  return { WebSocket: Switchable, network };
}

/** A client on the real node, with short timings; the caller connects it. */
export function clientFor(options) {
  return createClient({ baseUrl, reconnect: { baseDelayMs: 300, maxDelayMs: 2000, maxAttempts: 10 },
    requestTimeoutMs: 5000, logger: quietLogger(), ...options });
}

export function quietLogger() {
  return { warn: () => {}, error: (...a) => console.error(...a) };
}

/** Resolves once `predicate()` holds, polling; rejects after `ms` naming `what`. */
export async function eventually(what, predicate, ms = 10000) {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("timed out waiting for " + what);
}

/** Waits for the client's next `open` (connection_established). */
export function opened(client, ms = 10000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error("no connection_established within " + ms + " ms")); }, ms);
    const off = client.on("open", (o) => { clearTimeout(timer); off(); resolve(o); });
  });
}

/** Drops the client's socket as a network failure would (a close code after which it reconnects). */
export function cut(client) {
  client._ws.close(3000, "test cuts the connection");
}

/**
 * Whether the node has a feature; when it has not, returns the skip reason, or throws when the caller said
 * the node must have it.
 */
export async function feature(name, probe) {
  if (!baseUrl) return "SWITCHBOARD_URL is not set";
  let has = false;
  try { has = await probe(); } catch { has = false; }
  if (has) return false;
  if (expected.has(name)) throw new Error(`the node should have ${name} (SWITCHBOARD_EXPECT) but does not`);
  return `the node has no ${name} yet`;
}

/** Whether the per-user endpoint answers with connection_established. */
export async function hasUserEndpoint() {
  const user = crypto.randomUUID();
  const token = await devToken(user);
  return new Promise((resolve) => {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/ws/user/${encodeURIComponent(user)}?token=${encodeURIComponent(token)}`);
    const timer = setTimeout(() => { ws.close(); resolve(false); }, 3000);
    ws.onmessage = (e) => {
      clearTimeout(timer);
      resolve(JSON.parse(e.data).type === "connection_established");
      ws.close();
    };
    ws.onerror = () => { clearTimeout(timer); resolve(false); };
  });
}

/** Whether the assistant app's REST API is mounted. */
export async function hasAssistant() {
  const token = await devToken("probe-" + Date.now());
  return (await api("GET", "/api/conversations/", token)).status === 200;
}

/**
 * The clients of one test file on the node's general endpoint `/ws`: `connected(user, options)` opens one with a dev
 * token and waits for its session, `keep(client)` adds one made otherwise; all are disconnected after the file.
 */
export function wsClients() {
  const clients = [];
  after(() => clients.forEach((c) => c.disconnect()));
  const keep = (client) => { clients.push(client); return client; };
  async function connected(user, options = {}) {
    const token = await devToken(user);
    const client = keep(clientFor({ url: baseUrl + "/ws", getToken: () => token, ...options }));
    const open = opened(client);
    client.connect();
    await open;
    return client;
  }
  return { connected, keep };
}
