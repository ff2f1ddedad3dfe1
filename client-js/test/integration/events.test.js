// Per-user events from a real node, emitted by a backend (POST /api/inbox/events): delivered live with their
// sequence numbers, acknowledged, and after a dropped connection replayed from the last one seen: every event
// once, in order.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { apiKey, clientFor, cut, devToken, emit, eventually, feature, hasUserEndpoint, opened, switchableWebSocket } from "./server.js";

const clients = [];
after(() => clients.forEach((c) => c.disconnect()));

let skip = false;
before(async () => {
  skip = await feature("inbox", async () => Boolean(apiKey) && hasUserEndpoint());
});

/** A connected client of `user` that records the `note` events it handles. */
async function recorder(user, options = {}) {
  const seen = [];
  const client = clientFor({ userId: user, getToken: () => devToken(user), ackDelayMs: 5, ...options });
  client.registerHandlers({ note: (data, env) => seen.push({ n: data.n, seq: env.seq }) });
  clients.push(client);
  const open = opened(client);
  client.connect();
  await open;
  return { client, seen };
}

const notes = (user, from, to) => {
  const out = [];
  for (let n = from; n <= to; n++) out.push({ user_id: user, type: "note", data: { n } });
  return out;
};

test("events emitted to a user arrive live, in order, with their sequence numbers", async (t) => {
  if (skip) return t.skip(skip);
  const user = crypto.randomUUID();
  const { client, seen } = await recorder(user);
  await emit(notes(user, 1, 3));
  await eventually("three events", () => seen.length === 3);
  assert.deepEqual(seen, [{ n: 1, seq: 1 }, { n: 2, seq: 2 }, { n: 3, seq: 3 }]);
  assert.equal(client.lastSeq, 3);
});

test("acknowledged events are not sent again to the user's next connection", async (t) => {
  if (skip) return t.skip(skip);
  const user = crypto.randomUUID();
  const first = await recorder(user);
  await emit(notes(user, 1, 2));
  await eventually("two events", () => first.seen.length === 2);
  await new Promise((r) => setTimeout(r, 300)); // the ack goes out after ackDelayMs and is committed
  first.client.disconnect();
  // A new page (no position kept) gets what was not acked: nothing of the above, then the live stream.
  const second = await recorder(user);
  await emit(notes(user, 3, 3));
  await eventually("the live event", () => second.seen.length === 1);
  assert.deepEqual(second.seen, [{ n: 3, seq: 3 }]);
});

test("events not acknowledged are replayed to a new connection", async (t) => {
  if (skip) return t.skip(skip);
  const user = crypto.randomUUID();
  await emit(notes(user, 1, 3)); // nobody connected
  const { seen } = await recorder(user);
  await eventually("the replay", () => seen.length === 3);
  assert.deepEqual(seen.map((e) => e.n), [1, 2, 3]);
});

test("events emitted while the connection is down arrive after the reconnect, once each, in order", async (t) => {
  if (skip) return t.skip(skip);
  const user = crypto.randomUUID();
  const { WebSocket, network } = switchableWebSocket();
  const { client, seen } = await recorder(user, { WebSocket, reconnect: { baseDelayMs: 200, maxDelayMs: 400, maxAttempts: 1000 } });
  await emit(notes(user, 1, 2));
  await eventually("the first events", () => seen.length === 2);
  const back = opened(client);
  network.offline = true;
  cut(client);
  await eventually("the client notices", () => client.state === "reconnecting");
  await emit(notes(user, 3, 6));
  await new Promise((r) => setTimeout(r, 500)); // a few failed attempts meanwhile
  network.offline = false;
  client.reconnectNow();
  const reopened = await back;
  assert.equal(reopened.reconnected, true);
  await eventually("the missed events", () => seen.length === 6);
  await emit(notes(user, 7, 7));
  await eventually("the live stream again", () => seen.length === 7);
  assert.deepEqual(seen.map((e) => e.n), [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(seen.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7]);
});

test("two tabs of one user each get every event once", async (t) => {
  if (skip) return t.skip(skip);
  const user = crypto.randomUUID();
  const a = await recorder(user);
  const b = await recorder(user);
  await emit(notes(user, 1, 5));
  await eventually("both tabs", () => a.seen.length === 5 && b.seen.length === 5);
  assert.deepEqual(a.seen, b.seen);
});
