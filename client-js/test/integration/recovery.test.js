// Channel recovery against a real node whose `public` namespace keeps history (the Java test starts it with
// channel-history=public=…): a client that was away gets the publications it missed, once each and in order,
// and is told plainly when they cannot be recovered.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cut, eventually, feature, opened, switchableWebSocket, wsClients } from "./server.js";

const { connected } = wsClients();

let skip = false;
before(async () => {
  skip = await feature("channel-history", async () => {
    const probe = await connected("probe");
    const ack = await probe.subscribe("public:probe-" + Date.now());
    probe.disconnect();
    return Boolean(ack && typeof ack.epoch === "string" && typeof ack.offset === "number");
  });
});

test("a subscription to a channel with history is acked with its position", async (t) => {
  if (skip) return t.skip(skip);
  const client = await connected("pos");
  const channel = "public:pos-" + Date.now();
  const ack = await client.subscribe(channel);
  assert.equal(typeof ack.epoch, "string");
  assert.equal(typeof ack.offset, "number");
  assert.deepEqual(client.channelPosition(channel), { epoch: ack.epoch, offset: ack.offset });
});

test("publications missed while away arrive after the reconnect, once each, in order", async (t) => {
  if (skip) return t.skip(skip);
  const channel = "public:recover-" + Date.now();
  const { WebSocket, network } = switchableWebSocket();
  const reader = await connected("reader", { WebSocket, reconnect: { baseDelayMs: 200, maxDelayMs: 400, maxAttempts: 1000 } });
  const seen = [];
  await reader.subscribe(channel, (data, env) => seen.push([data.n, env.offset]));
  const writer = await connected("writer");
  await writer.publish(channel, { n: 1 });
  await eventually("the first publication", () => seen.length === 1);

  const back = opened(reader);
  network.offline = true;
  cut(reader);
  await eventually("the reader notices", () => reader.state === "reconnecting");
  for (let n = 2; n <= 4; n++) await writer.publish(channel, { n });
  network.offline = false;
  reader.reconnectNow();
  await back;
  await eventually("the missed publications", () => seen.length === 4);
  await writer.publish(channel, { n: 5 });
  await eventually("the live stream again", () => seen.length === 5);
  assert.deepEqual(seen.map(([n]) => n), [1, 2, 3, 4, 5]);
  const offsets = seen.map(([, o]) => o);
  assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b));
  assert.equal(new Set(offsets).size, 5);
});

test("a position the node cannot recover from is reported as recovered: false", async (t) => {
  if (skip) return t.skip(skip);
  const channel = "public:lost-" + Date.now();
  const failed = [];
  const reader = await connected("lost", { onRecoveryFailed: (ch, ack) => failed.push([ch, ack.recovered]) });
  // A position kept from an earlier page load, of a history the node no longer has (it restarted since).
  const ack = await reader.subscribe(channel, undefined, { from: { epoch: "not-this-epoch", offset: 7 } });
  assert.equal(ack.recovered, false);
  assert.deepEqual(failed, [[channel, false]]);
  assert.deepEqual(reader.channelPosition(channel), { epoch: ack.epoch, offset: ack.offset });
});

test("a position kept from earlier recovers what was published since", async (t) => {
  if (skip) return t.skip(skip);
  const channel = "public:kept-" + Date.now();
  const writer = await connected("keeper");
  const start = await writer.subscribe(channel);
  await writer.publish(channel, { n: 1 });
  await writer.publish(channel, { n: 2 });
  const seen = [];
  const reader = await connected("comeback");
  const ack = await reader.subscribe(channel, (data) => seen.push(data.n), { from: { epoch: start.epoch, offset: start.offset } });
  assert.equal(ack.recovered, true);
  assert.deepEqual(seen, [1, 2]);
});
