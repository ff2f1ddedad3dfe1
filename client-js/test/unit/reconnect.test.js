// Reconnection: exponential backoff with jitter, a bounded number of attempts, no reconnection when the
// credentials were refused (4001–4003) or something else must change first (4000–4099).
import { test } from "node:test";
import assert from "node:assert/strict";
import { backoffDelay, AuthError } from "../../src/index.js";
import { FakeWebSocket, settle } from "../fakes.js";
import { connectedClient } from "./setup.js";

test("delays double from 1 s: 1, 2, 4, 8 s, capped at the maximum", () => {
  const exact = () => 0.5;
  assert.deepEqual([0, 1, 2, 3, 4].map((a) => backoffDelay(a, {}, exact)), [1000, 2000, 4000, 8000, 16000]);
  assert.equal(backoffDelay(10, {}, exact), 30000);
  assert.equal(backoffDelay(2, { baseDelayMs: 100, maxDelayMs: 300 }, exact), 300);
});

test("jitter spreads each delay by at most the configured fraction", () => {
  assert.equal(backoffDelay(1, { jitter: 0.2 }, () => 0), 1600);
  assert.equal(backoffDelay(1, { jitter: 0.2 }, () => 0.999999), 2400);
  assert.equal(backoffDelay(1, { jitter: 0 }, () => 0), 2000);
  for (let i = 0; i < 100; i++) {
    const d = backoffDelay(3, {}, Math.random);
    assert.ok(d >= 6400 && d <= 9600, String(d));
  }
});

test("a dropped connection is retried after 1, 2, 4 and 8 s, then the client gives up", async () => {
  const { client, clock } = await connectedClient({ reconnect: { maxAttempts: 4 } });
  const states = [];
  const gaveUp = [];
  client.on("state", (s) => states.push(s.state === "reconnecting" ? `reconnecting:${s.delayMs ?? "-"}` : s.state));
  client.on("giveUp", (g) => gaveUp.push(g));
  const delays = [];
  for (let i = 0; i < 4; i++) {
    FakeWebSocket.last.serverClose(1006);
    delays.push(clock.pendingDelays()[0]);
    const before = FakeWebSocket.all.length;
    await clock.advance(delays[i] - 1);
    assert.equal(FakeWebSocket.all.length, before, "not before the delay");
    await clock.advance(1);
    assert.equal(FakeWebSocket.all.length, before + 1, "a new socket after the delay");
  }
  assert.deepEqual(delays, [1000, 2000, 4000, 8000]);
  FakeWebSocket.last.serverClose(1006);
  assert.equal(client.state, "failed");
  assert.equal(gaveUp.length, 1);
  const sockets = FakeWebSocket.all.length;
  await clock.advance(600_000);
  assert.equal(FakeWebSocket.all.length, sockets);
  assert.ok(states.includes("reconnecting:1000"));
});

test("the default allows 10 attempts", async () => {
  const { client, clock } = await connectedClient();
  for (let i = 0; i < 10; i++) {
    FakeWebSocket.last.serverClose(1006);
    await clock.advance(60_000);
  }
  assert.equal(FakeWebSocket.all.length, 11);
  FakeWebSocket.last.serverClose(1006);
  assert.equal(client.state, "failed");
});

test("the attempt count starts again after a successful reconnection", async () => {
  const { clock } = await connectedClient();
  FakeWebSocket.last.serverClose(1006);
  await clock.advance(1000);
  FakeWebSocket.last.serverClose(1006);
  assert.deepEqual(clock.pendingDelays(), [2000]);
  await clock.advance(2000);
  FakeWebSocket.last.establish();
  FakeWebSocket.last.serverClose(1001);
  assert.deepEqual(clock.pendingDelays(), [1000]);
});

test("a failed first connection is retried with backoff too", async () => {
  const { client, clock } = await connectedClient({}, { establish: false });
  FakeWebSocket.last.serverClose(1006);
  assert.equal(client.state, "reconnecting");
  await clock.advance(1000);
  FakeWebSocket.last.establish();
  assert.equal(client.state, "connected");
});

test("4200–4299 reconnect at once", async () => {
  const { clock } = await connectedClient();
  FakeWebSocket.last.serverClose(4200, "idle timeout");
  assert.deepEqual(clock.pendingDelays(), [0]);
  await clock.advance(0);
  assert.equal(FakeWebSocket.all.length, 2);
});

for (const code of [4001, 4002, 4003]) {
  test(`close ${code} raises an auth error and does not reconnect`, async () => {
    const authErrors = [];
    const { client, clock } = await connectedClient({ onAuthError: (e) => authErrors.push(e) });
    FakeWebSocket.last.serverClose(code, "token is expired");
    assert.equal(client.state, "auth_failed");
    assert.equal(authErrors.length, 1);
    assert.ok(authErrors[0] instanceof AuthError);
    assert.equal(authErrors[0].code, code);
    assert.equal(authErrors[0].reason, "token is expired");
    await clock.advance(3_600_000);
    assert.equal(FakeWebSocket.all.length, 1);
    assert.equal(client.stateInfo.closeCode, code);
  });
}

test("an auth failure during the handshake (before connection_established) does not loop either", async () => {
  const { client, clock } = await connectedClient({}, { establish: false });
  const errors = [];
  client.on("authError", (e) => errors.push(e.code));
  FakeWebSocket.last.open();
  FakeWebSocket.last.serverClose(4002, "token signature is invalid");
  await clock.advance(600_000);
  assert.deepEqual(errors, [4002]);
  assert.equal(FakeWebSocket.all.length, 1);
});

test("connect() after an auth failure asks for a token again and connects", async () => {
  let n = 0;
  const { client } = await connectedClient({ token: undefined, getToken: () => "tok-" + ++n });
  FakeWebSocket.last.serverClose(4002);
  client.connect();
  await settle();
  assert.equal(FakeWebSocket.all.length, 2);
  assert.match(FakeWebSocket.last.url, /token=tok-2/);
});

for (const code of [1000, 4004, 4005]) {
  test(`close ${code} ends the connection without reconnecting`, async () => {
    const { client, clock } = await connectedClient();
    FakeWebSocket.last.serverClose(code);
    await clock.advance(600_000);
    assert.equal(client.state, "closed");
    assert.equal(FakeWebSocket.all.length, 1);
  });
}

test("disconnect() closes with 1000 and stops any reconnection", async () => {
  const { client, clock } = await connectedClient();
  const socket = FakeWebSocket.last;
  client.disconnect();
  assert.deepEqual(socket.closedWith, { code: 1000, reason: "client disconnect" });
  assert.equal(client.state, "closed");
  FakeWebSocket.last.serverClose(1006); // the close event of the old socket changes nothing
  await clock.advance(600_000);
  assert.equal(FakeWebSocket.all.length, 1);
});

test("disconnect() while waiting to reconnect cancels the attempt", async () => {
  const { client, clock } = await connectedClient();
  FakeWebSocket.last.serverClose(1006);
  client.disconnect();
  await clock.advance(600_000);
  assert.equal(FakeWebSocket.all.length, 1);
});

test("reconnectNow() skips the wait", async () => {
  const { client, clock } = await connectedClient();
  FakeWebSocket.last.serverClose(1006);
  await clock.advance(1000);
  FakeWebSocket.last.serverClose(1006);
  client.reconnectNow();
  await settle();
  assert.equal(FakeWebSocket.all.length, 3);
});

test("getToken is called on every connection and an empty answer is an auth error", async () => {
  const tokens = ["a", "b", null];
  const { client, clock } = await connectedClient({ token: undefined, getToken: async () => tokens.shift() });
  assert.match(FakeWebSocket.last.url, /token=a/);
  FakeWebSocket.last.serverClose(1006);
  await clock.advance(1000);
  assert.match(FakeWebSocket.last.url, /token=b/);
  FakeWebSocket.last.serverClose(1006);
  await clock.advance(2000);
  assert.equal(client.state, "auth_failed");
  assert.equal(FakeWebSocket.all.length, 2);
});

test("a getToken that throws is retried with backoff", async () => {
  let calls = 0;
  const { client, clock } = await connectedClient({ token: undefined, getToken: async () => {
    if (++calls === 2) throw new Error("auth server down");
    return "t" + calls;
  } });
  FakeWebSocket.last.serverClose(1006);
  await clock.advance(1000);
  assert.equal(client.state, "reconnecting");
  assert.equal(FakeWebSocket.all.length, 1);
  await clock.advance(2000);
  assert.equal(FakeWebSocket.all.length, 2);
  assert.match(FakeWebSocket.last.url, /token=t3/);
});

test("the token can travel in the sub-protocol instead of the URL", async () => {
  await connectedClient({ tokenIn: "protocol" });
  assert.deepEqual(FakeWebSocket.last.protocols, ["switchboard", "bearer.t0"]);
  assert.doesNotMatch(FakeWebSocket.last.url, /token=/);
});

test("reconnectNow() after giving up starts again", async () => {
  const { client, clock } = await connectedClient({ reconnect: { maxAttempts: 1 } });
  FakeWebSocket.last.serverClose(1006);
  await clock.advance(1000);
  FakeWebSocket.last.serverClose(1006);
  assert.equal(client.state, "failed");
  client.reconnectNow();
  await settle();
  assert.equal(FakeWebSocket.all.length, 3);
  FakeWebSocket.last.establish();
  assert.equal(client.state, "connected");
});
