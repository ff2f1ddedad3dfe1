// The stream transports against a real node (SSE through EventSource where Node has it, HTTP streaming through
// fetch): the same session as on /ws — channels with their positions, publish acks, replies on the stream — and
// the node's refusal of a token as the close code an app would see on a WebSocket.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, clientFor, devToken, eventually, feature, opened } from "./server.js";

const clients = [];
after(() => clients.forEach((c) => c.disconnect()));

let skip = false;
before(async () => {
  skip = await feature("streams", async () => {
    const r = await fetch(baseUrl + "/connection/command?session=probe", { method: "POST", body: "{}" });
    await r.text();
    return r.status === 401; // the route exists and wants a token (a node without it answers 404)
  });
});

const transports = ["http_stream", ...(typeof EventSource === "function" ? ["sse"] : [])];

for (const transport of transports) {
  test(`over ${transport} the client subscribes, publishes and receives on a channel`, async (t) => {
    if (skip) return t.skip(skip);
    const token = await devToken("stream-" + transport);
    const client = clientFor({ url: baseUrl + "/ws", getToken: () => token, transports: [transport] });
    clients.push(client);
    const open = opened(client);
    client.connect();
    const o = await open;
    assert.equal(o.transport, transport);
    assert.equal(client.transport, transport);
    const channel = `public:${transport}-${Date.now()}`;
    const seen = [];
    await client.subscribe(channel, (data) => seen.push(data.n));
    await client.publish(channel, { n: 1 });
    await client.publish(channel, { n: 2 });
    await eventually("the publications", () => seen.length === 2);
    assert.deepEqual(seen, [1, 2]);
    assert.ok((await client.ping()) >= 0, "a ping's pong comes back on the stream");
  });

  test(`over ${transport} a token the node refuses is an auth failure (close 4002), not a reconnect loop`, async (t) => {
    if (skip) return t.skip(skip);
    const client = clientFor({ url: baseUrl + "/ws", token: "not-a-jwt", transports: [transport] });
    clients.push(client);
    const errors = [];
    client.on("authError", (e) => errors.push(e.code));
    client.connect();
    await eventually("the auth failure", () => client.state === "auth_failed");
    assert.deepEqual(errors, [4002]);
  });
}
