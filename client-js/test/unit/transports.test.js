// Transport fallback: WebSocket first, then SSE, then HTTP streaming (the order configurable), the transport in
// use told to the app, commands posted in order, and the server's close frame taken as a close code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "../../src/index.js";
import { streamUrls, transportList } from "../../src/transports.js";
import { FakeClock, FakeEventSource, FakeWebSocket, fakeFetch, recordingLogger, settle } from "../fakes.js";

/** A client of `ws://127.0.0.1:9/ws` on fake WebSocket, EventSource and fetch; connect() called. */
async function fallbackClient(options = {}) {
  FakeWebSocket.reset();
  FakeEventSource.reset();
  const clock = new FakeClock();
  const http = fakeFetch();
  const transports = [];
  const client = createClient({
    url: "ws://127.0.0.1:9/ws",
    token: "t0",
    WebSocket: FakeWebSocket,
    EventSource: FakeEventSource,
    fetch: http.fetch,
    clock,
    random: () => 0.5,
    logger: recordingLogger(),
    pingIntervalMs: 0,
    onTransport: (name) => transports.push(name),
    ...options,
  });
  client.connect();
  await settle();
  return { client, clock, http, transports };
}

test("the transports option takes known names in any order, each once", () => {
  assert.deepEqual(transportList(undefined), ["websocket", "sse", "http_stream"]);
  assert.deepEqual(transportList(["http_stream", "websocket"]), ["http_stream", "websocket"]);
  assert.throws(() => transportList([]), /non-empty/);
  assert.throws(() => transportList(["websocket", "long_polling"]), /unknown transport "long_polling"/);
  assert.throws(() => transportList(["sse", "sse"]), /twice/);
  assert.throws(() => createClient({ url: "ws://h/ws", transports: ["smoke"] }), TypeError);
});

test("the stream endpoints sit beside /ws on the same node, the token in the query only for SSE", () => {
  const urls = streamUrls("wss://rt.example.com/app/ws?token=t%201&last_seq=3&delivery=ack");
  assert.equal(urls.sse, "https://rt.example.com/app/connection/sse?token=t%201&last_seq=3&delivery=ack");
  assert.equal(urls.stream, "https://rt.example.com/app/connection/stream?last_seq=3&delivery=ack");
  assert.equal(urls.command, "https://rt.example.com/app/connection/command");
  assert.equal(streamUrls("ws://h:8080/ws/").sse, "http://h:8080/connection/sse");
  assert.equal(streamUrls("ws://h/ws/user/ada"), null, "the per-user socket has no stream counterpart");
});

test("a WebSocket that cannot open falls back to SSE at once, and the app is told", async () => {
  const { client, http, transports } = await fallbackClient();
  const fallbacks = [];
  client.on("fallback", (f) => fallbacks.push(f));
  const opens = [];
  client.on("open", (o) => opens.push(o.transport));
  assert.equal(FakeWebSocket.all.length, 1);
  FakeWebSocket.last.serverClose(1006);
  await settle();
  assert.equal(FakeEventSource.all.length, 1, "SSE tried without waiting for a backoff");
  assert.equal(FakeEventSource.last.url, "http://127.0.0.1:9/connection/sse?token=t0&delivery=ack");
  assert.equal(client.state, "connecting");
  FakeEventSource.last.establish("u1", "node-a:17");
  assert.equal(client.state, "connected");
  assert.equal(client.transport, "sse");
  assert.equal(client.sessionId, "node-a:17");
  assert.deepEqual(transports, ["sse"]);
  assert.deepEqual(opens, ["sse"]);
  assert.deepEqual(fallbacks.map((f) => [f.from, f.to, f.code]), [["websocket", "sse", 1006]]);
  assert.equal(http.calls.length, 0, "nothing posted before there is something to say");
});

test("commands go as POSTs to /connection/command for the session, with the token, in order and batched", async () => {
  const { client, http } = await fallbackClient({ transports: ["sse"] });
  assert.equal(FakeWebSocket.all.length, 0, "a list without websocket opens none");
  FakeEventSource.last.establish("u1", "s 1");
  let release;
  http.answerCommand = () => new Promise((resolve) => { release = () => resolve(new Response('{"accepted":1}', { status: 202 })); });
  const first = client.publish("public:a", { n: 1 });
  await settle();
  client.publish("public:a", { n: 2 }).catch(() => {});
  client.publish("public:a", { n: 3 }).catch(() => {});
  await settle();
  assert.equal(http.calls.length, 1, "one POST at a time");
  assert.equal(http.calls[0].url, "http://127.0.0.1:9/connection/command?session=s%201");
  assert.equal(http.calls[0].init.method, "POST");
  assert.equal(http.calls[0].headers.Authorization, "Bearer t0");
  release();
  await settle();
  assert.equal(http.calls.length, 2, "what was written meanwhile goes in the next POST");
  assert.deepEqual(http.commands.map((batch) => batch.map((e) => e.data.data.n)), [[1], [2, 3]]);
  FakeEventSource.last.receive({ type: "ack", id: http.commands[0][0].id, data: { offset: 1 } });
  assert.deepEqual(await first, { offset: 1 }, "the reply comes back on the stream");
});

test("the server's close frame on SSE is the close code: an auth failure stops, 4200 reconnects from WebSocket", async () => {
  const { client, clock } = await fallbackClient({ transports: ["websocket", "sse"] });
  FakeWebSocket.last.serverClose(1006);
  await settle();
  FakeEventSource.last.establish();
  FakeEventSource.last.event("close", { type: "close", data: { code: 4200, reason: "idle timeout" } });
  assert.equal(FakeEventSource.last.closed, true);
  assert.equal(client.state, "reconnecting");
  await clock.advance(0);
  assert.equal(FakeWebSocket.all.length, 2, "a reconnect goes through the list again, WebSocket first");
  FakeWebSocket.last.serverClose(1006);
  await settle();
  assert.equal(FakeEventSource.all.length, 2);
  FakeEventSource.last.open();
  FakeEventSource.last.event("close", { type: "close", data: { code: 4002, reason: "token is expired" } });
  assert.equal(client.state, "auth_failed");
  assert.equal(client.stateInfo.closeCode, 4002);
  await clock.advance(600_000);
  assert.equal(FakeEventSource.all.length, 2);
});

test("a refusal by the node (4000–4999) before connection_established is not a reason to try another transport", async () => {
  const { client, clock } = await fallbackClient();
  FakeWebSocket.last.open();
  FakeWebSocket.last.serverClose(4102, "node is full");
  await settle();
  assert.equal(FakeEventSource.all.length, 0);
  assert.equal(client.state, "reconnecting");
  assert.deepEqual(clock.pendingDelays(), [1000]);
});

test("when every transport fails the client waits its backoff, then starts again from the first", async () => {
  const { client, clock, http } = await fallbackClient();
  FakeWebSocket.last.serverClose(1006);
  await settle();
  FakeEventSource.last.fail();
  assert.equal(FakeEventSource.last.closed, true, "EventSource is not left to retry by itself");
  await settle();
  assert.equal(http.streams.length, 1, "then HTTP streaming");
  assert.match(http.streams[0].call.url, /^http:\/\/127\.0\.0\.1:9\/connection\/stream\?delivery=ack$/);
  assert.equal(http.streams[0].call.headers.Authorization, "Bearer t0");
  http.streams[0].end();
  await settle();
  assert.equal(client.state, "reconnecting");
  assert.deepEqual(clock.pendingDelays(), [1000]);
  await clock.advance(1000);
  assert.equal(FakeWebSocket.all.length, 2);
});

test("a WebSocket handshake that hangs counts as failed after the pong timeout, and SSE is tried", async () => {
  const { client, clock } = await fallbackClient({ pongTimeoutMs: 5000 });
  await clock.advance(4999);
  assert.equal(FakeEventSource.all.length, 0);
  await clock.advance(1);
  assert.equal(FakeEventSource.all.length, 1);
  FakeEventSource.last.establish();
  assert.equal(client.transport, "sse");
});

test("HTTP streaming reads NDJSON split anywhere, skips heartbeats, and ends on the close line", async () => {
  const { client, http, transports } = await fallbackClient({ transports: ["http_stream"] });
  const seen = [];
  const closes = [];
  client.on("close", (c) => closes.push([c.code, c.transport]));
  const stream = http.streams[0];
  stream.push('{"type":"connection_established","data":{"session_id":"n1:5","user_id":"u1"}}\n\n');
  await settle();
  assert.equal(client.transport, "http_stream");
  assert.deepEqual(transports, ["http_stream"]);
  client.registerHandlers({ message: (data) => seen.push(data.n) });
  stream.push('{"type":"message","channel":"public:a","data":{"n":1}}\n{"type":"mess');
  await settle();
  stream.push('age","channel":"public:a","data":{"n":2}}\n\n');
  stream.push('{"type":"close","data":{"code":4101,"reason":"rate limited"}}\n');
  await settle();
  assert.deepEqual(seen, [1, 2]);
  assert.deepEqual(closes, [[4101, "http_stream"]]);
  assert.equal(client.state, "reconnecting");
});

test("a stream refused with 401 is an auth failure, not a transport to skip", async () => {
  const { client, http } = await fallbackClient({ transports: ["http_stream", "sse"] });
  await settle();
  assert.equal(http.streams.length, 1);
  // The first stream was answered 200 by the fake; answer the next attempt with 401.
  http.answerStream = () => new Response('{"error":{"code":"unauthorized","message":"token is expired"}}', { status: 401 });
  http.streams[0].end();
  await settle();
  assert.equal(FakeEventSource.all.length, 1, "the stream ended before connection_established: SSE next");
  FakeEventSource.last.fail();
  await settle();
  client.reconnectNow();
  await settle();
  assert.equal(client.state, "auth_failed");
  assert.equal(client.stateInfo.closeCode, 4002);
  assert.equal(client.stateInfo.closeReason, "token is expired");
});

test("a POST answered 404 unknown_session ends the session, and the client reconnects", async () => {
  const { client, http } = await fallbackClient({ transports: ["sse"] });
  FakeEventSource.last.establish();
  http.answerCommand = () => new Response('{"error":{"code":"unknown_session","message":"no such session"}}', { status: 404 });
  const reply = assert.rejects(client.publish("public:a", { n: 1 }), /connection closed \(1006\)/);
  await settle();
  await reply;
  assert.equal(client.state, "reconnecting");
  assert.equal(FakeEventSource.all[0].closed, true);
});

test("a POST answered 429 is posted again after Retry-After, before what came later", async () => {
  const { client, clock, http } = await fallbackClient({ transports: ["sse"] });
  FakeEventSource.last.establish();
  let limited = true;
  http.answerCommand = () => limited
    ? new Response('{"error":{"code":"rate_limited"}}', { status: 429, headers: { "Retry-After": "2" } })
    : new Response('{"accepted":1}', { status: 202 });
  client.send("typing", { n: 1 });
  await settle();
  client.send("typing", { n: 2 });
  await settle();
  assert.equal(http.calls.length, 1);
  limited = false;
  await clock.advance(2000);
  assert.deepEqual(http.commands.map((b) => b.map((e) => e.data.n)), [[1], [1, 2]]);
});

test("a token refreshed on the session is the one later POSTs carry", async () => {
  let token = "t0";
  const { client, http } = await fallbackClient({ transports: ["sse"], token: undefined, getToken: () => token });
  FakeEventSource.last.establish();
  token = "t1";
  const refreshed = client.refreshToken();
  await settle();
  FakeEventSource.last.receive({ type: "ack", id: http.commands[0][0].id, data: {} });
  await refreshed;
  client.send("typing", {});
  await settle();
  assert.deepEqual(http.calls.map((c) => c.headers.Authorization), ["Bearer t0", "Bearer t1"]);
});

test("the per-user socket has no stream counterpart: there a failed WebSocket backs off as before", async () => {
  const { client, clock, http } = await fallbackClient({ url: "ws://127.0.0.1:9/ws/user/u1" });
  FakeWebSocket.last.serverClose(1006);
  await settle();
  assert.equal(FakeEventSource.all.length, 0);
  assert.equal(http.calls.length, 0);
  assert.equal(client.state, "reconnecting");
  assert.deepEqual(clock.pendingDelays(), [1000]);
  assert.throws(() => createClient({ url: "ws://h/ws/user/u1", transports: ["sse"], EventSource: FakeEventSource, fetch: http.fetch }).connect(),
    /none of the transports sse can be opened here/);
});

test("a POST answered 401 is an auth failure: the client stops rather than loop on a refused token", async () => {
  const { client, http } = await fallbackClient({ transports: ["sse"] });
  FakeEventSource.last.establish();
  http.answerCommand = () => new Response('{"error":{"code":"unauthorized","message":"token is expired"}}', { status: 401 });
  client.send("typing", {});
  await settle();
  assert.equal(client.state, "auth_failed");
  assert.equal(client.stateInfo.closeCode, 4002);
  assert.equal(FakeEventSource.last.closed, true);
});

test("commands that back up past the bound end the connection (4101) instead of growing memory", async () => {
  const { client, http } = await fallbackClient({ transports: ["sse"] });
  FakeEventSource.last.establish();
  http.answerCommand = () => new Promise(() => {}); // the first POST never answers
  client.send("typing", { n: 0 });
  await settle();
  const closes = [];
  client.on("close", (c) => closes.push(c.code));
  for (let n = 1; n <= 1001; n++) client.send("typing", { n });
  await settle();
  assert.deepEqual(closes, [4101]);
  assert.equal(client.state, "reconnecting");
});

test("a batch answered 413 is posted again frame by frame, so that only the frame over the limit is lost", async () => {
  const { client, http } = await fallbackClient({ transports: ["sse"] });
  FakeEventSource.last.establish();
  const big = "x".repeat(50_000); // within the client's batch size, over this node's message limit
  http.answerCommand = (call) => call.init.body.includes(big)
    ? new Response('{"error":{"code":"too_large"}}', { status: 413 })
    : new Response('{"accepted":1}', { status: 202 });
  client.send("typing", { n: 1 });
  client.send("typing", { n: 2, big });
  client.send("typing", { n: 3 });
  for (let i = 0; i < 10; i++) await settle();
  const posted = http.commands.map((b) => b.map((e) => e.data.n));
  assert.deepEqual(posted, [[1, 2, 3], [1], [2], [3]], "the batch again frame by frame: 1 and 3 are not lost with 2");
  assert.equal(client.state, "connected");
});

test("a POST answered 503 (the session's node cannot be asked now) is posted again", async () => {
  const { client, clock, http } = await fallbackClient({ transports: ["sse"] });
  FakeEventSource.last.establish();
  let down = true;
  http.answerCommand = () => down ? new Response('{"error":{"code":"unavailable"}}', { status: 503 }) : new Response("{}", { status: 202 });
  client.send("typing", { n: 1 });
  await settle();
  down = false;
  await clock.advance(1000);
  assert.deepEqual(http.commands.map((b) => b.map((e) => e.data.n)), [[1], [1]]);
});
