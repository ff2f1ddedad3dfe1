// Delta compression against a real node whose `doc` namespace sends Fossil deltas (the Java test starts it with
// namespace.doc.delta=fossil): a subscription with `delta: "fossil"` gets every version of a 2 KB document whole
// while the frames on its socket carry deltas; one without gets full data; after a recovery the first live
// publication is full and deltas follow.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cut, eventually, feature, opened, switchableWebSocket, wsClients } from "./server.js";

const { connected } = wsClients();

/** A WebSocket class that keeps every text frame received, as it came off the wire. */
function recordingWebSocket(Base = WebSocket) {
  const frames = [];
  class Recording extends Base {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener?.("message", (e) => { if (typeof e.data === "string") frames.push(e.data); });
    }
  }
  return { WebSocket: Recording, frames };
}

function documentOf(version) {
  const items = [];
  for (let i = 0; i < 24; i++) {
    items.push({ id: i, name: `item-${i} – ünïcode`, price: 10 + i * 0.25, stock: i === version % 24 ? 1000 + version : (i * 7) % 13 });
  }
  return { doc: "inventory", version, items };
}

const publicationsOn = (frames, channel) => frames.map((f) => JSON.parse(f)).filter((f) => f.type === "message" && f.channel === channel);

let skip = false;
before(async () => {
  skip = await feature("delta", async () => {
    const probe = await connected("probe-delta");
    const ack = await probe.subscribe("doc:probe-" + Date.now(), undefined, { delta: "fossil" });
    probe.disconnect();
    return Boolean(ack && ack.delta === true);
  });
});

test("a delta subscription gets whole documents while its socket carries deltas; one without gets full data", async (t) => {
  if (skip) return t.skip(skip);
  const channel = "doc:js-" + Date.now();
  const wire = recordingWebSocket();
  const reader = await connected("delta-reader", { WebSocket: wire.WebSocket });
  const plain = await connected("plain-reader");
  const withDeltas = [];
  const without = [];
  const ack = await reader.subscribe(channel, (data) => withDeltas.push(data), { delta: "fossil" });
  assert.equal(ack.delta, true);
  await plain.subscribe(channel, (data) => without.push(data));
  const writer = await connected("delta-writer");
  for (let v = 1; v <= 8; v++) await writer.publish(channel, documentOf(v));
  await eventually("eight documents each", () => withDeltas.length === 8 && without.length === 8);
  const expected = Array.from({ length: 8 }, (_, i) => documentOf(i + 1));
  assert.deepEqual(withDeltas, expected);
  assert.deepEqual(without, expected);
  const onWire = publicationsOn(wire.frames, channel);
  assert.equal(onWire.length, 8);
  assert.equal(onWire[0].delta, undefined, "the first publication after subscribe is full");
  for (const f of onWire.slice(1)) {
    assert.equal(f.delta, true);
    assert.equal(typeof f.data, "string");
  }
  const fullSize = JSON.stringify(documentOf(8)).length;
  assert.ok(wire.frames.at(-1).length < fullSize / 5, "a delta frame is a fraction of the document");
});

test("after a recovery the first live publication is full, then deltas resume", async (t) => {
  if (skip) return t.skip(skip);
  const channel = "doc:js-recover-" + Date.now();
  const { WebSocket: Switchable, network } = switchableWebSocket();
  const wire = recordingWebSocket(Switchable);
  const reader = await connected("delta-recover", { WebSocket: wire.WebSocket, reconnect: { baseDelayMs: 200, maxDelayMs: 400, maxAttempts: 1000 } });
  const seen = [];
  await reader.subscribe(channel, (data) => seen.push(data), { delta: "fossil" });
  const writer = await connected("delta-recover-writer");
  await writer.publish(channel, documentOf(1));
  await writer.publish(channel, documentOf(2));
  await eventually("two documents", () => seen.length === 2);

  const back = opened(reader);
  network.offline = true;
  cut(reader);
  await eventually("the reader notices", () => reader.state === "reconnecting");
  await writer.publish(channel, documentOf(3));
  await writer.publish(channel, documentOf(4));
  const before = wire.frames.length;
  network.offline = false;
  reader.reconnectNow();
  await back;
  await eventually("the missed documents", () => seen.length === 4);
  await writer.publish(channel, documentOf(5));
  await writer.publish(channel, documentOf(6));
  await eventually("the live stream again", () => seen.length === 6);
  assert.deepEqual(seen, Array.from({ length: 6 }, (_, i) => documentOf(i + 1)));
  const after = publicationsOn(wire.frames.slice(before), channel);
  assert.deepEqual(after.map((f) => f.delta === true), [false, false, false, true], "recovered full, first live full, then a delta");
});
