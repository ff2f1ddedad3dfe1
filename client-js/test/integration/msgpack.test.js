// The binary protocol from the JS client (`format: "msgpack"`) against a real node: every message type both ways
// as MessagePack, next to JSON clients that see the same data; malformed MessagePack gets `bad_msgpack` and the
// socket keeps serving.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { RequestError } from "../../src/index.js";
import { apiKey, baseUrl, clientFor, cut, devToken, emit, eventually, noServer, opened, wsClients } from "./server.js";

const { connected, keep } = wsClients();

const msgpack = (user, options = {}) => connected(user, { format: "msgpack", ...options });

/** A server API call with the node's API key; resolves with the answer's body. */
async function serverApi(method, params) {
  const r = await fetch(`${baseUrl}/api/${method}`, { method: "POST",
    headers: { "X-Api-Key": apiKey, "Content-Type": "application/json" }, body: JSON.stringify(params) });
  return { status: r.status, body: await r.json() };
}

test("the node grants switchboard.msgpack, with the token in the query or in the sub-protocol", { skip: noServer }, async () => {
  const query = await msgpack("mp-ann");
  assert.equal(query.format, "msgpack");
  assert.equal(query._ws.protocol, "switchboard.msgpack");
  assert.equal(query.userId, "mp-ann");
  assert.ok((await query.ping()) >= 0, "ping and pong");
  const inProtocol = await msgpack("mp-ann", { tokenIn: "protocol" });
  assert.equal(inProtocol.format, "msgpack");
  const json = await connected("mp-ann");
  assert.equal(json.format, "json");
});

test("publications go both ways between MessagePack and JSON clients with the same data and positions", { skip: noServer }, async () => {
  const mp = await msgpack("mp-bob");
  const json = await connected("mp-joe");
  const onMp = [];
  const onJson = [];
  const channel = "public:mp-" + crypto.randomUUID();
  await mp.subscribe(channel, (data, env) => onMp.push(env));
  await json.subscribe(channel, (data, env) => onJson.push(env));
  const data = { s: "ünïcode ✓", i: -7, f: 0.25, t: true, n: null, a: [1, [2, [3]]], o: { k: {} }, big: 2 ** 40 };
  await mp.publish(channel, data);
  await json.publish(channel, ["from", "json"]);
  await eventually("both publications on both clients", () => onMp.length === 2 && onJson.length === 2);
  assert.deepEqual(onMp, onJson);
  assert.deepEqual(onMp[0].data, data);
  assert.deepEqual(onMp[1].data, ["from", "json"]);
  assert.equal(typeof onMp[1].offset, "number");
});

test("a MessagePack subscription recovers what it missed while its connection was down", { skip: noServer }, async () => {
  const mp = await msgpack("mp-rec");
  const seen = [];
  const channel = "public:mp-rec-" + crypto.randomUUID();
  await mp.subscribe(channel, (data) => seen.push(data.n));
  const pub = await connected("mp-pub");
  await pub.publish(channel, { n: 1 });
  await eventually("the first publication", () => seen.length === 1);
  const back = opened(mp);
  cut(mp);
  await pub.publish(channel, { n: 2 });
  await pub.publish(channel, { n: 3 });
  await back;
  await eventually("the missed publications", () => seen.length === 3);
  assert.deepEqual(seen, [1, 2, 3]);
  assert.equal(mp.format, "msgpack");
});

test("presence, history, join and leave, and a server-side unsubscribe reach a MessagePack client", { skip: noServer }, async () => {
  const mp = await msgpack("mp-cat");
  const pushes = [];
  mp.registerHandlers({ join: (d, env) => pushes.push(["join", env.channel, d.user_id]),
    leave: (d, env) => pushes.push(["leave", env.channel, d.user_id]),
    unsubscribed: (d, env) => pushes.push(["unsubscribed", env.channel, d.code]) });
  const channel = "room:mp-" + crypto.randomUUID();
  await mp.subscribe(channel, () => {});
  const other = await connected("mp-dan");
  await other.subscribe(channel, () => {});
  await other.publish(channel, { said: "hi" });
  const presence = await mp.request("presence", { channel });
  assert.deepEqual(presence.clients.map((c) => c.user_id).sort(), ["mp-cat", "mp-dan"]);
  assert.equal((await mp.request("presence_stats", { channel })).num_users, 2);
  await eventually("the history", async () => (await mp.request("history", { channel, limit: 10 })).publications.length === 1);
  assert.deepEqual((await mp.request("history", { channel, limit: 10 })).publications[0].data, { said: "hi" });
  await other.unsubscribe(channel);
  await eventually("dan's join and leave", () => pushes.some((p) => p[0] === "leave"));
  assert.deepEqual(pushes.filter((p) => p[2] === "mp-dan"), [["join", channel, "mp-dan"], ["leave", channel, "mp-dan"]]);
  if (apiKey) {
    const r = await serverApi("unsubscribe", { user: "mp-cat", channel });
    assert.equal(r.status, 200);
    await eventually("the unsubscribed push", () => pushes.some((p) => p[0] === "unsubscribed"));
  }
  await mp.refreshToken();
  assert.equal(mp.state, "connected");
});

test("errors come back in MessagePack with their code and field, and the socket keeps serving", { skip: noServer }, async () => {
  const mp = await msgpack("mp-eve");
  await assert.rejects(mp.subscribe("no spaces allowed"), (e) => e instanceof RequestError && e.field === "data.channel");
  await assert.rejects(mp.request("no_such_type", {}), (e) => e instanceof RequestError && e.code === "unknown_type");
  const unmatched = [];
  mp.on("serverError", ({ error }) => unmatched.push(error));
  mp._ws.send(new Uint8Array([0xc1]));
  mp._ws.send(new Uint8Array([0x81, 0xa4, 0x74]));
  mp._ws.send(JSON.stringify({ type: "ping" }));
  await eventually("three refusals", () => unmatched.length === 3);
  assert.deepEqual(unmatched.map((e) => e.code), ["bad_msgpack", "bad_msgpack", "bad_msgpack"]);
  assert.match(unmatched[2].message, /text frames/);
  assert.ok((await mp.ping()) >= 0, "still serving");
  assert.equal(mp.state, "connected");
});

test("a user's events arrive in MessagePack and its acks in MessagePack are taken", { skip: noServer || !apiKey }, async () => {
  const user = crypto.randomUUID();
  const seen = [];
  const client = clientFor({ userId: user, getToken: () => devToken(user), ackDelayMs: 5, format: "msgpack" });
  client.registerHandlers({ note: (data, env) => seen.push([data.n, env.seq]) });
  keep(client);
  const open = opened(client);
  client.connect();
  await open;
  assert.equal(client.format, "msgpack");
  await emit([1, 2, 3].map((n) => ({ user_id: user, type: "note", data: { n } })));
  await eventually("three events", () => seen.length === 3);
  assert.deepEqual(seen, [[1, 1], [2, 2], [3, 3]]);
  // An ack with an id is answered once the status is committed: in MessagePack both ways.
  assert.equal(await client.request("ack", { seq: 3 }), undefined);
  client.disconnect();
  const again = [];
  const second = clientFor({ userId: user, getToken: () => devToken(user), format: "msgpack", resume: false });
  second.registerHandlers({ note: (data) => again.push(data.n) });
  keep(second);
  const reopened = opened(second);
  second.connect();
  await reopened;
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(again, [], "acked over MessagePack: nothing is replayed");
});
