// Resume without loss or duplicates: per-user events by sequence number (acked, deduplicated, resumed with
// last_seq) and channels by epoch and offset (resubscribed with recover).
import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeWebSocket } from "../fakes.js";
import { connectedClient } from "./setup.js";

const event = (seq, n = seq) => ({ type: "message_generate", seq, data: { n } });

test("events are handled once each; a sequence number already seen is dropped", async () => {
  const { client, socket } = await connectedClient();
  const seen = [];
  client.registerHandlers({ message_generate: (d) => seen.push(d.n) });
  for (const seq of [1, 2, 2, 3, 1, 4]) socket().receive(event(seq));
  assert.deepEqual(seen, [1, 2, 3, 4]);
  assert.equal(client.lastSeq, 4);
  assert.equal(client.duplicatesDropped, 2);
});

test("processed events are acked cumulatively, once the handlers ran", async () => {
  const { client, clock, socket } = await connectedClient({ ackDelayMs: 20 });
  client.registerHandlers({ message_generate: () => {} });
  socket().receive(event(1));
  socket().receive(event(2));
  socket().receive(event(3));
  assert.equal(socket().messages.filter((m) => m.type === "ack").length, 0);
  await clock.advance(20);
  assert.deepEqual(socket().messages.filter((m) => m.type === "ack"), [{ type: "ack", seq: 3 }]);
});

test("an event whose handler throws is still acked (the failure is reported, not redelivered forever)", async () => {
  const { client, clock, socket } = await connectedClient({ onHandlerError: () => {} });
  client.registerHandlers({ message_generate: () => { throw new Error("bug"); } });
  socket().receive(event(1));
  await clock.advance(50);
  assert.deepEqual(socket().messages.filter((m) => m.type === "ack"), [{ type: "ack", seq: 1 }]);
});

test("with autoAck off the app acks itself", async () => {
  const { client, clock, socket } = await connectedClient({ autoAck: false });
  socket().receive(event(5));
  await clock.advance(100);
  assert.equal(socket().messages.filter((m) => m.type === "ack").length, 0);
  client.ack();
  assert.deepEqual(socket().messages.filter((m) => m.type === "ack"), [{ type: "ack", seq: 5 }]);
});

test("a reconnect passes the last sequence seen; the replay's duplicates are dropped", async () => {
  const { client, clock } = await connectedClient();
  const seen = [];
  client.registerHandlers({ message_generate: (d) => seen.push(d.n) });
  FakeWebSocket.last.receive(event(1));
  FakeWebSocket.last.receive(event(2));
  assert.doesNotMatch(FakeWebSocket.all[0].url, /last_seq/);
  FakeWebSocket.last.serverClose(1006);
  await clock.advance(1000);
  const url = new URL(FakeWebSocket.last.url);
  assert.equal(url.searchParams.get("last_seq"), "2");
  assert.equal(url.searchParams.get("token"), "t0");
  FakeWebSocket.last.establish();
  for (const seq of [2, 3, 4]) FakeWebSocket.last.receive(event(seq));
  assert.deepEqual(seen, [1, 2, 3, 4]);
});

test("a duplicate makes the client say again where it is", async () => {
  const { clock, socket } = await connectedClient();
  socket().receive(event(1));
  await clock.advance(50);
  socket().receive(event(1));
  await clock.advance(50);
  assert.deepEqual(socket().messages.filter((m) => m.type === "ack"), [{ type: "ack", seq: 1 }, { type: "ack", seq: 1 }]);
});

test("a position kept from an earlier page load is used on the first connection", async () => {
  const { client } = await connectedClient({ lastSeq: 41 }, { establish: false });
  assert.equal(new URL(FakeWebSocket.last.url).searchParams.get("last_seq"), "41");
  FakeWebSocket.last.establish();
  const seen = [];
  client.registerHandlers({ message_generate: (d) => seen.push(d.n) });
  FakeWebSocket.last.receive(event(41));
  FakeWebSocket.last.receive(event(42));
  assert.deepEqual(seen, [42]);
});

test("resume: false leaves last_seq out of the URL", async () => {
  const { clock } = await connectedClient({ resume: false });
  FakeWebSocket.last.receive(event(3));
  FakeWebSocket.last.serverClose(1006);
  await clock.advance(1000);
  assert.doesNotMatch(FakeWebSocket.last.url, /last_seq/);
});

test("resume() asks for a replay on the open session", async () => {
  const { client, socket } = await connectedClient();
  socket().receive(event(7));
  const done = client.resume();
  const sent = socket().messages.find((m) => m.type === "resume");
  assert.deepEqual(sent.data, { last_seq: 7 });
  socket().receive({ type: "ack", id: sent.id });
  await done;
});

test("a subscription made before the connection is sent once it is established", async () => {
  const { client } = await connectedClient({}, { establish: false });
  const acked = client.subscribe("public:lobby");
  FakeWebSocket.last.establish();
  const sub = FakeWebSocket.last.messages.find((m) => m.type === "subscribe");
  assert.deepEqual(sub.data, { channel: "public:lobby" });
  FakeWebSocket.last.receive({ type: "ack", id: sub.id });
  await acked;
});

test("channels are subscribed again after a reconnect, with their position; duplicates are dropped", async () => {
  const { client, clock } = await connectedClient();
  const seen = [];
  const acked = client.subscribe("room:1", (data, env) => seen.push(env.offset));
  const first = FakeWebSocket.last.messages.find((m) => m.type === "subscribe");
  assert.deepEqual(first.data, { channel: "room:1" });
  FakeWebSocket.last.receive({ type: "ack", id: first.id, data: { recovered: true, epoch: "e1", offset: 4 } });
  await acked;
  for (const offset of [5, 6, 6]) {
    FakeWebSocket.last.receive({ type: "message", channel: "room:1", offset, epoch: "e1", data: { offset } });
  }
  assert.deepEqual(client.channelPosition("room:1"), { epoch: "e1", offset: 6 });
  FakeWebSocket.last.serverClose(1006);
  await clock.advance(1000);
  FakeWebSocket.last.establish();
  const again = FakeWebSocket.last.messages.find((m) => m.type === "subscribe");
  assert.deepEqual(again.data, { channel: "room:1", recover: { epoch: "e1", offset: 6 } });
  for (const offset of [6, 7, 8]) {
    FakeWebSocket.last.receive({ type: "message", channel: "room:1", offset, epoch: "e1", data: { offset } });
  }
  FakeWebSocket.last.receive({ type: "ack", id: again.id, data: { recovered: true, epoch: "e1", offset: 8 } });
  assert.deepEqual(seen, [5, 6, 7, 8]);
});

test("recovered: false is reported so that the app can reload", async () => {
  const failed = [];
  const { client, clock } = await connectedClient({ onRecoveryFailed: (ch, ack) => failed.push([ch, ack.epoch]) });
  const acked = client.subscribe("room:2");
  let sub = FakeWebSocket.last.messages.find((m) => m.type === "subscribe");
  FakeWebSocket.last.receive({ type: "ack", id: sub.id, data: { recovered: true, epoch: "e1", offset: 1 } });
  await acked;
  FakeWebSocket.last.receive({ type: "message", channel: "room:2", offset: 2, epoch: "e1", data: {} });
  FakeWebSocket.last.serverClose(1001);
  await clock.advance(1000);
  FakeWebSocket.last.establish();
  sub = FakeWebSocket.last.messages.find((m) => m.type === "subscribe");
  FakeWebSocket.last.receive({ type: "ack", id: sub.id, data: { recovered: false, epoch: "e2", offset: 0 } });
  await clock.advance(0);
  assert.deepEqual(failed, [["room:2", "e2"]]);
  assert.deepEqual(client.channelPosition("room:2"), { epoch: "e2", offset: 0 });
  FakeWebSocket.last.receive({ type: "message", channel: "room:2", offset: 1, epoch: "e2", data: {} });
  assert.deepEqual(client.channelPosition("room:2"), { epoch: "e2", offset: 1 });
});

test("a refused subscription rejects and is not renewed", async () => {
  const { client, clock } = await connectedClient();
  const acked = client.subscribe("secret:x");
  const sub = FakeWebSocket.last.messages.find((m) => m.type === "subscribe");
  FakeWebSocket.last.receive({ type: "error", id: sub.id, error: { code: "forbidden", message: "no", field: "data.channel" } });
  await assert.rejects(acked, { name: "RequestError", code: "forbidden", field: "data.channel" });
  FakeWebSocket.last.serverClose(1006);
  await clock.advance(1000);
  FakeWebSocket.last.establish();
  assert.equal(FakeWebSocket.last.messages.filter((m) => m.type === "subscribe").length, 0);
});

test("unsubscribe stops the renewal", async () => {
  const { client, clock } = await connectedClient();
  client.subscribe("room:3").catch(() => {});
  const un = client.unsubscribe("room:3");
  const msg = FakeWebSocket.last.messages.find((m) => m.type === "unsubscribe");
  FakeWebSocket.last.receive({ type: "ack", id: msg.id });
  await un;
  FakeWebSocket.last.serverClose(1006);
  await clock.advance(1000);
  FakeWebSocket.last.establish();
  assert.equal(FakeWebSocket.last.messages.filter((m) => m.type === "subscribe").length, 0);
});

test("a renewed subscription refused with a temporary error is tried again", async () => {
  const { client, clock } = await connectedClient();
  const acked = client.subscribe("room:5");
  let sub = FakeWebSocket.last.messages.find((m) => m.type === "subscribe");
  FakeWebSocket.last.receive({ type: "ack", id: sub.id, data: { epoch: "e1", offset: 3 } });
  await acked;
  FakeWebSocket.last.serverClose(1006);
  await clock.advance(1000);
  FakeWebSocket.last.establish();
  sub = FakeWebSocket.last.messages.find((m) => m.type === "subscribe");
  FakeWebSocket.last.receive({ type: "error", id: sub.id, error: { code: "unavailable", message: "too much to recover", temporary: true } });
  await clock.advance(0);
  assert.equal(FakeWebSocket.last.messages.filter((m) => m.type === "subscribe").length, 1, "not at once");
  await clock.advance(500);
  const subs = FakeWebSocket.last.messages.filter((m) => m.type === "subscribe");
  assert.equal(subs.length, 2);
  assert.deepEqual(subs[1].data, { channel: "room:5", recover: { epoch: "e1", offset: 3 } });
  FakeWebSocket.last.receive({ type: "ack", id: subs[1].id, data: { recovered: true, epoch: "e1", offset: 5 } });
  await clock.advance(0);
  assert.deepEqual(client.channelPosition("room:5"), { epoch: "e1", offset: 5 });
});

test("a renewed subscription refused for good is reported", async () => {
  const { client, clock } = await connectedClient();
  const refused = [];
  client.on("subscribeError", (e) => refused.push([e.channel, e.error.code]));
  const acked = client.subscribe("room:6");
  let sub = FakeWebSocket.last.messages.find((m) => m.type === "subscribe");
  FakeWebSocket.last.receive({ type: "ack", id: sub.id });
  await acked;
  FakeWebSocket.last.serverClose(1006);
  await clock.advance(1000);
  FakeWebSocket.last.establish();
  sub = FakeWebSocket.last.messages.find((m) => m.type === "subscribe");
  FakeWebSocket.last.receive({ type: "error", id: sub.id, error: { code: "forbidden", message: "no longer", temporary: false } });
  await clock.advance(0);
  assert.deepEqual(refused, [["room:6", "forbidden"]]);
  assert.equal(client.channelPosition("room:6"), null);
});

test("the socket asks for exactly-once delivery (delivery=ack); a delivery the app put in its URL is kept", async () => {
  await connectedClient();
  assert.equal(new URL(FakeWebSocket.last.url).searchParams.get("delivery"), "ack");
  await connectedClient({ url: "ws://127.0.0.1:9/ws/user/u1?delivery=sent" });
  assert.equal(new URL(FakeWebSocket.last.url).searchParams.get("delivery"), "sent");
});

test("an event with the seed's fields at the top level too: handlers get data, and the frame with them", async () => {
  const { client, socket } = await connectedClient();
  const seen = [];
  client.registerHandlers({ message_generate: (d, env) => seen.push([d.message.uuid, env.message.uuid, env.response_message.conversation_uuid]) });
  const message = { uuid: "m1" };
  const response_message = { conversation_uuid: "c1" };
  socket().receive({ type: "message_generate", seq: 1, message, response_message, data: { message, response_message } });
  assert.deepEqual(seen, [["m1", "m1", "c1"]]);
});
