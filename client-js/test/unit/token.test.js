// Token refresh on a live socket: the client reads the token's expiry and hands the server a fresh token in time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeJwtPayload, tokenExpiresAt } from "../../src/index.js";
import { FakeClock, fakeJwt } from "../fakes.js";
import { connectedClient } from "./setup.js";

const NOW = new FakeClock().now();

test("the payload and expiry of a JWT are read without verifying it", () => {
  const token = fakeJwt({ sub: "ünïcode", exp: 1700000123 });
  assert.equal(decodeJwtPayload(token).sub, "ünïcode");
  assert.equal(tokenExpiresAt(token), 1700000123000);
  assert.equal(tokenExpiresAt("not-a-jwt"), null);
  assert.equal(tokenExpiresAt("a.b.c"), null);
  assert.equal(tokenExpiresAt(fakeJwt({ sub: "x" })), null);
});

test("a fresh token is sent a minute before the old one expires; the next refresh follows", async () => {
  const expiry = NOW / 1000 + 600;
  const tokens = [fakeJwt({ exp: expiry }), fakeJwt({ exp: expiry + 600 }), fakeJwt({ exp: expiry + 1200 })];
  let calls = 0;
  const { client, clock, socket } = await connectedClient({ token: undefined, getToken: () => tokens[calls++] });
  const refreshed = [];
  client.on("tokenRefreshed", (r) => refreshed.push(r.token));
  await clock.advance(539_000);
  assert.equal(socket().messages.filter((m) => m.type === "refresh_token").length, 0);
  await clock.advance(1000);
  const [refresh] = socket().messages.filter((m) => m.type === "refresh_token");
  assert.deepEqual(refresh.data, { token: tokens[1] });
  socket().receive({ type: "ack", id: refresh.id });
  await clock.advance(0);
  assert.equal(client.token, tokens[1]);
  assert.deepEqual(refreshed, [tokens[1]]);
  await clock.advance(600_000);
  assert.equal(socket().messages.filter((m) => m.type === "refresh_token").length, 2);
});

test("a short-lived token is refreshed at half its life", async () => {
  const tokens = [fakeJwt({ exp: NOW / 1000 + 60 }), fakeJwt({ exp: NOW / 1000 + 3600 })];
  let calls = 0;
  const { clock, socket } = await connectedClient({ token: undefined, getToken: () => tokens[calls++] });
  await clock.advance(30_000);
  assert.equal(socket().messages.filter((m) => m.type === "refresh_token").length, 1);
});

test("a refused refresh is retried before the expiry", async () => {
  const tokens = [fakeJwt({ exp: NOW / 1000 + 600 }), fakeJwt({ exp: NOW / 1000 + 1200 }), fakeJwt({ exp: NOW / 1000 + 1200 })];
  let calls = 0;
  const { client, clock, socket } = await connectedClient({ token: undefined, getToken: () => tokens[calls++] });
  client.on("serverError", () => {});
  await clock.advance(540_000);
  const [first] = socket().messages.filter((m) => m.type === "refresh_token");
  socket().receive({ type: "error", id: first.id, error: { code: "unavailable", message: "try later", temporary: true } });
  await clock.advance(0);
  await clock.advance(5000);
  assert.equal(socket().messages.filter((m) => m.type === "refresh_token").length, 2);
});

test("with a fixed token there is nothing to refresh", async () => {
  const { clock, socket } = await connectedClient({ token: fakeJwt({ exp: NOW / 1000 + 60 }) });
  await clock.advance(120_000);
  assert.equal(socket().messages.filter((m) => m.type === "refresh_token").length, 0);
});
