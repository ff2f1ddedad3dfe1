// The handler registry: registration and removal, isolation of handlers that fail, frames nobody handles
// or that are not JSON, and the default handlers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { HandlerRegistry } from "../../src/index.js";
import { connectedClient } from "./setup.js";
import { settle } from "../fakes.js";

test("registerHandlers returns a function that removes exactly those handlers", async () => {
  const { client, socket } = await connectedClient();
  const seen = [];
  const offA = client.registerHandlers({ note: (d) => seen.push("a:" + d.n), other: () => seen.push("other") });
  client.registerHandlers({ note: (d) => seen.push("b:" + d.n) });
  socket().receive({ type: "note", data: { n: 1 } });
  offA();
  offA(); // twice is harmless
  socket().receive({ type: "note", data: { n: 2 } });
  socket().receive({ type: "other" });
  assert.deepEqual(seen, ["a:1", "b:1", "b:2"]);
});

test("the same function registered twice runs twice, and each unregister removes one", () => {
  const registry = new HandlerRegistry();
  let count = 0;
  const fn = () => count++;
  const off1 = registry.register({ x: fn });
  registry.register({ x: fn });
  registry.dispatch("x", null, { type: "x" }, () => {});
  off1();
  registry.dispatch("x", null, { type: "x" }, () => {});
  assert.equal(count, 3);
});

test("handlers get the envelope's data and the whole envelope", async () => {
  const { client, socket } = await connectedClient();
  let got;
  client.registerHandlers({ message_generate: (data, envelope) => (got = { data, envelope }) });
  const frame = { type: "message_generate", data: { message: { uuid: "m1" } } };
  socket().receive(frame);
  assert.deepEqual(got.data, frame.data);
  assert.equal(got.envelope.type, "message_generate");
});

test("a handler that throws is reported and the other handlers still run", async () => {
  const reported = [];
  const { client, socket } = await connectedClient({ onHandlerError: (e, env) => reported.push([e.message, env.type]) });
  const seen = [];
  client.registerHandlers({ boom: () => { throw new Error("handler bug"); } });
  client.registerHandlers({ boom: () => seen.push("second ran") });
  socket().receive({ type: "boom" });
  socket().receive({ type: "boom" });
  assert.deepEqual(seen, ["second ran", "second ran"]);
  assert.deepEqual(reported, [["handler bug", "boom"], ["handler bug", "boom"]]);
  assert.equal(client.state, "connected");
});

test("a handler's rejected promise is reported too", async () => {
  const reported = [];
  const { client, socket } = await connectedClient({ onHandlerError: (e) => reported.push(e.message) });
  client.registerHandlers({ later: async () => { throw new Error("async bug"); } });
  socket().receive({ type: "later" });
  await settle();
  assert.deepEqual(reported, ["async bug"]);
});

test("without an onHandlerError hook a failing handler goes to the logger", async () => {
  const { client, socket, logger } = await connectedClient();
  client.registerHandlers({ boom: () => { throw new Error("x"); } });
  socket().receive({ type: "boom" });
  assert.equal(logger.lines.length, 1);
  assert.equal(logger.lines[0][0], "error");
});

test("a message nobody handles is ignored without a crash", async () => {
  const { client, socket, logger } = await connectedClient();
  const unhandled = [];
  client.on("unhandled", (m) => unhandled.push(m.type));
  socket().receive({ type: "something_new", data: { a: 1 } });
  assert.deepEqual(unhandled, ["something_new"]);
  assert.equal(logger.lines.length, 0);
  assert.equal(client.state, "connected");
});

test("a frame that is not JSON is reported and skipped; the next one is handled", async () => {
  const parseErrors = [];
  const { client, socket } = await connectedClient({ onParseError: (e, raw) => parseErrors.push(raw) });
  const seen = [];
  client.registerHandlers({ note: (d) => seen.push(d) });
  socket().receive("{not json");
  socket().receive("[1,2]");
  socket().receive('{"no_type": true}');
  socket().onmessage({ data: new ArrayBuffer(3) });
  socket().receive({ type: "note", data: 7 });
  assert.equal(parseErrors.length, 4);
  assert.equal(parseErrors[0], "{not json");
  assert.deepEqual(seen, [7]);
  assert.equal(client.state, "connected");
});

test("connection_established is handled by default: state, session and user", async () => {
  const { client, socket } = await connectedClient({}, { establish: false });
  assert.equal(client.state, "connecting");
  const opened = [];
  client.on("open", (o) => opened.push(o));
  let appSaw = null;
  client.registerHandlers({ connection_established: (d) => (appSaw = d.user_id) });
  socket().establish("alice", "sess-1");
  assert.equal(client.state, "connected");
  assert.equal(client.isConnected, true);
  assert.equal(client.sessionId, "sess-1");
  assert.equal(client.userId, "alice");
  assert.equal(appSaw, "alice");
  assert.equal(opened[0].reconnected, false);
});

test("pong is handled by default: it answers ping()", async () => {
  const { client, socket } = await connectedClient();
  const rtt = client.ping();
  const ping = socket().messages.find((m) => m.type === "ping");
  socket().receive({ type: "pong", id: ping.id });
  assert.equal(typeof (await rtt), "number");
});

test("an error that answers no request is reported by default, not thrown", async () => {
  const serverErrors = [];
  const { socket } = await connectedClient({ onServerError: (e) => serverErrors.push([e.code, e.field, e.temporary]) });
  socket().receive({ type: "error", error: { code: "bad_json", message: "not JSON", temporary: false } });
  socket().receive({ type: "error", id: "zzz", error: { code: "invalid_field", message: "m", field: "data.channel" } });
  assert.deepEqual(serverErrors, [["bad_json", undefined, false], ["invalid_field", "data.channel", false]]);
});

test("without hooks an unmatched error is logged as a warning", async () => {
  const { socket, logger } = await connectedClient();
  socket().receive({ type: "error", error: { code: "rate_limited", message: "slow down", temporary: true } });
  assert.equal(logger.lines.length, 1);
  assert.equal(logger.lines[0][0], "warn");
});

test("registerHandlers refuses what is not a function", async () => {
  const { client } = await connectedClient();
  assert.throws(() => client.registerHandlers({ x: 42 }), TypeError);
});
