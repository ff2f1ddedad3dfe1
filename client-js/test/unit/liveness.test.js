// App-level ping on an interval, and a connection declared dead when nothing comes back in time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeWebSocket } from "../fakes.js";
import { connectedClient } from "./setup.js";

test("a ping goes out every interval and pongs keep the connection", async () => {
  const { client, clock, socket } = await connectedClient({ pingIntervalMs: 25000, pongTimeoutMs: 10000 });
  for (let i = 1; i <= 3; i++) {
    await clock.advance(25000);
    const pings = socket().messages.filter((m) => m.type === "ping");
    assert.equal(pings.length, i);
    socket().receive({ type: "pong", id: pings[i - 1].id });
  }
  assert.equal(client.state, "connected");
  assert.equal(FakeWebSocket.all.length, 1);
});

test("no frame within the pong timeout: the socket is dropped and the client reconnects", async () => {
  const { client, clock } = await connectedClient({ pingIntervalMs: 25000, pongTimeoutMs: 10000 });
  const dead = FakeWebSocket.last;
  await clock.advance(25000 + 9999);
  assert.equal(client.state, "connected");
  await clock.advance(1);
  assert.equal(client.state, "reconnecting");
  assert.equal(dead.closedWith.code, 4000);
  await clock.advance(1000);
  assert.equal(FakeWebSocket.all.length, 2);
});

test("any frame counts as a sign of life", async () => {
  const { client, clock, socket } = await connectedClient({ pingIntervalMs: 25000, pongTimeoutMs: 10000 });
  await clock.advance(25000);
  socket().receive({ type: "message_chunk", seq: 1, data: {} });
  await clock.advance(10000);
  assert.equal(client.state, "connected");
});

test("a socket that opens but never says connection_established is given up on", async () => {
  const { client, clock } = await connectedClient({ pongTimeoutMs: 10000 }, { establish: false });
  FakeWebSocket.last.open();
  await clock.advance(10000);
  assert.equal(client.state, "reconnecting");
});
