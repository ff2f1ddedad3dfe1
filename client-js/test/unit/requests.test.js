// Requests and replies by id, their time limits, and what happens to them when the connection ends.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeWebSocket, settle } from "../fakes.js";
import { connectedClient } from "./setup.js";

test("a request resolves with its ack's data, matched by id even out of order", async () => {
  const { client, socket } = await connectedClient();
  const a = client.request("publish", { channel: "public:a", data: 1 });
  const b = client.request("publish", { channel: "public:b", data: 2 });
  const [ma, mb] = socket().messages;
  assert.notEqual(ma.id, mb.id);
  socket().receive({ type: "ack", id: mb.id, data: { which: "b" } });
  socket().receive({ type: "ack", id: ma.id });
  assert.deepEqual(await b, { which: "b" });
  assert.equal(await a, undefined);
});

test("an error reply rejects with its code, field and temporary flag", async () => {
  const { client, socket } = await connectedClient();
  const r = client.publish("public:a", {});
  socket().receive({ type: "error", id: socket().messages[0].id,
    error: { code: "unavailable", message: "broker down", temporary: true } });
  await assert.rejects(r, (e) => e.name === "RequestError" && e.code === "unavailable" && e.temporary === true
    && e.message === "broker down");
});

test("a request without a reply times out", async () => {
  const { client, clock } = await connectedClient({ requestTimeoutMs: 5000 });
  const r = assert.rejects(client.request("publish", { channel: "c", data: 1 }), { name: "TimeoutError" });
  await clock.advance(5000);
  await r;
  const r2 = assert.rejects(client.request("publish", { channel: "c", data: 1 }, { timeoutMs: 100 }), { name: "TimeoutError" });
  await clock.advance(100);
  await r2;
});

test("requests on the wire when the connection drops are rejected as disconnected", async () => {
  const { client, socket } = await connectedClient();
  const r = client.publish("public:a", 1);
  socket().serverClose(1006);
  await assert.rejects(r, { name: "DisconnectedError" });
});

test("requests and sends made while away wait, and go out in order after the reconnect", async () => {
  const { client, clock } = await connectedClient();
  FakeWebSocket.last.serverClose(1006);
  client.send("typing", { on: true });
  const r = client.publish("public:a", 1);
  await clock.advance(1000);
  FakeWebSocket.last.establish();
  const sent = FakeWebSocket.last.messages;
  assert.deepEqual(sent.map((m) => m.type), ["typing", "publish"]);
  FakeWebSocket.last.receive({ type: "ack", id: sent[1].id });
  await r;
});

test("nothing is sent before connection_established", async () => {
  const { client } = await connectedClient({}, { establish: false });
  client.send("hello");
  FakeWebSocket.last.open();
  assert.equal(FakeWebSocket.last.sent.length, 0);
  FakeWebSocket.last.receive({ type: "connection_established", data: { session_id: "s", user_id: "u" } });
  assert.deepEqual(FakeWebSocket.last.messages, [{ type: "hello" }]);
});

test("the queue while away is bounded", async () => {
  const { client } = await connectedClient({ maxQueued: 2 }, { establish: false });
  client.send("a");
  client.send("b");
  assert.throws(() => client.send("c"), /queue is full/);
});

test("disconnect() rejects every waiting request", async () => {
  const { client } = await connectedClient({}, { establish: false });
  const r = client.request("publish", { channel: "c", data: 1 });
  client.disconnect();
  await assert.rejects(r, { name: "DisconnectedError" });
});

test("an auth failure rejects waiting requests with the auth error", async () => {
  const { client } = await connectedClient({}, { establish: false });
  const r = client.request("publish", { channel: "c", data: 1 });
  FakeWebSocket.last.serverClose(4001, "no token");
  await assert.rejects(r, { name: "AuthError", code: 4001 });
  await settle();
});
