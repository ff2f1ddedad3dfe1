// The per-user endpoint /ws/user/<user> of a real node: the session, a token for another user (4003), token
// refresh on a live socket, and resume.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { AuthError } from "../../src/index.js";
import { clientFor, countingWebSocket, devToken, feature, hasUserEndpoint, opened } from "./server.js";

const clients = [];
after(() => clients.forEach((c) => c.disconnect()));

let skip = false;
before(async () => {
  skip = await feature("inbox", hasUserEndpoint);
});

async function userClient(user, options = {}) {
  const client = clientFor({ userId: user, getToken: () => devToken(user), ...options });
  clients.push(client);
  const open = opened(client);
  client.connect();
  await open;
  return client;
}

test("the per-user endpoint says connection_established for the URL's user", async (t) => {
  if (skip) return t.skip(skip);
  const user = crypto.randomUUID();
  const client = await userClient(user);
  assert.equal(client.userId, user);
  assert.equal(client.state, "connected");
  await client.ping();
});

test("a token for another user is refused with 4003 and the client does not reconnect", async (t) => {
  if (skip) return t.skip(skip);
  const { WebSocket, opened: sockets } = countingWebSocket();
  const client = clientFor({ userId: crypto.randomUUID(), getToken: () => devToken("someone-else"), WebSocket });
  clients.push(client);
  const failure = new Promise((resolve) => client.on("authError", resolve));
  client.connect();
  const error = await failure;
  assert.ok(error instanceof AuthError);
  assert.equal(error.code, 4003);
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(sockets.length, 1);
});

test("a fresh token is accepted on the live socket", async (t) => {
  if (skip) return t.skip(skip);
  const user = crypto.randomUUID();
  const client = await userClient(user);
  const refreshed = new Promise((resolve) => client.on("tokenRefreshed", resolve));
  await client.refreshToken();
  assert.equal(typeof (await refreshed).token, "string");
  assert.equal(client.state, "connected");
});

test("a fresh token for another user is refused and the session goes on", async (t) => {
  if (skip) return t.skip(skip);
  const user = crypto.randomUUID();
  let other = false;
  const client = await userClient(user, { getToken: () => devToken(other ? "intruder" : user) });
  client.on("serverError", () => {});
  other = true;
  await assert.rejects(client.refreshToken(), (e) => e.code === "forbidden" && e.field === "data.token");
  await client.ping();
});

test("resume() is answered with the position replayed to", async (t) => {
  if (skip) return t.skip(skip);
  const client = await userClient(crypto.randomUUID());
  const answer = await client.resume(0);
  assert.equal(answer.last_seq, 0);
});
