// A subscription with deltas on a fake socket: full data to the handler whatever the wire carried, and a delta that
// does not apply makes the client subscribe again (the server then starts full) instead of dropping every later one.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as reference from "fossil-delta";
import { settle } from "../fakes.js";
import { connectedClient } from "./setup.js";

const enc = new TextEncoder();
const dec = new TextDecoder();
const doc = (v) => ({ doc: "inventory", version: v, text: "a text long enough to be copied from, more than sixteen bytes" });
const deltaOf = (a, b) => dec.decode(reference.createDelta(enc.encode(JSON.stringify(a)), enc.encode(JSON.stringify(b))));

async function subscribed() {
  const env = await connectedClient();
  const seen = [];
  const acked = env.client.subscribe("doc:1", (data) => seen.push(data), { delta: "fossil" });
  await settle();
  const sub = env.socket().messages.find((m) => m.type === "subscribe");
  assert.equal(sub.data.delta, "fossil");
  env.socket().receive({ type: "ack", id: sub.id, data: { delta: true } });
  assert.deepEqual(await acked, { delta: true });
  return { ...env, seen };
}

test("a full publication then deltas reach the handler as full documents", async () => {
  const { socket, seen } = await subscribed();
  socket().receive(`{"type":"message","channel":"doc:1","data":${JSON.stringify(doc(1))}}`);
  socket().receive({ type: "message", channel: "doc:1", delta: true, data: deltaOf(doc(1), doc(2)) });
  socket().receive({ type: "message", channel: "doc:1", delta: true, data: deltaOf(doc(2), doc(3)) });
  assert.deepEqual(seen, [doc(1), doc(2), doc(3)]);
});

test("a delta that does not apply is skipped and the client subscribes again", async () => {
  const { socket, seen } = await subscribed();
  socket().receive({ type: "message", channel: "doc:1", delta: true, data: deltaOf(doc(1), doc(2)) });
  await settle();
  assert.deepEqual(seen, []);
  const unsub = socket().messages.find((m) => m.type === "unsubscribe");
  assert.deepEqual(unsub.data, { channel: "doc:1" });
  socket().receive({ type: "ack", id: unsub.id });
  await settle();
  const again = socket().messages.filter((m) => m.type === "subscribe");
  assert.equal(again.length, 2);
  assert.equal(again[1].data.delta, "fossil");
});
