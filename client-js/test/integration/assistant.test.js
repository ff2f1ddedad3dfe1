// The assistant app's flow through the client against a real node: a message's reply streams in as
// message_chunk pushes, then arrives as message_generate; a regeneration as message_regenerate; replies written
// while the client is away arrive after the reconnect, once each, in order.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { api, clientFor, cut, devToken, eventually, feature, hasAssistant, opened, switchableWebSocket } from "./server.js";

const clients = [];
after(() => clients.forEach((c) => c.disconnect()));

let skip = false;
before(async () => {
  skip = await feature("assistant", hasAssistant);
});

/** A signed-in user with a conversation and a connected client that records what it handles. */
async function session(options = {}) {
  const user = crypto.randomUUID();
  const token = await devToken(user);
  const conversation = await api("POST", "/api/conversations/", token, { title: "client-js test" });
  assert.equal(conversation.status, 201, JSON.stringify(conversation.body));
  const log = [];
  const client = clientFor({ userId: user, getToken: () => token, ...options });
  client.registerHandlers({
    message_chunk: (d) => log.push({ type: "message_chunk", message: d.message_uuid, delta: d.delta, index: d.index }),
    message_generate: (d, env) => log.push({ type: "message_generate", seq: env.seq, message: d.message, asked: d.response_message, frame: env }),
    message_regenerate: (d, env) => log.push({ type: "message_regenerate", seq: env.seq, message: d.message }),
  });
  clients.push(client);
  const open = opened(client);
  client.connect();
  await open;
  const ask = async (content) => {
    const r = await api("POST", `/api/conversations/${conversation.body.uuid}/messages/`, token, { content });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  return { user, token, client, log, ask, conversation: conversation.body.uuid };
}

const finals = (log) => log.filter((e) => e.type !== "message_chunk");

test("a reply streams in as chunks, then arrives whole as message_generate", async (t) => {
  if (skip) return t.skip(skip);
  const s = await session();
  const question = await s.ask("hello from node");
  await eventually("the reply", () => finals(s.log).length === 1, 20000);
  const [reply] = finals(s.log);
  assert.equal(reply.type, "message_generate");
  assert.equal(reply.message.uuid, question.reply_uuid);
  assert.equal(reply.message.conversation_uuid, s.conversation);
  assert.equal(reply.message.status, "complete");
  assert.equal(reply.asked.uuid, question.uuid);
  assert.equal(reply.asked.conversation_uuid, s.conversation);
  const chunks = s.log.filter((e) => e.type === "message_chunk" && e.message === question.reply_uuid);
  assert.ok(chunks.length > 1, "several chunks");
  assert.ok(s.log.indexOf(chunks[chunks.length - 1]) < s.log.indexOf(reply), "chunks come before the final message");
  assert.equal(chunks.map((c) => c.delta).join(""), reply.message.content);
  assert.equal(s.client.lastSeq, reply.seq);
  // Seed 004's shape: the same fields at the top level of the frame, for clients that read them there.
  assert.deepEqual(reply.frame.message, reply.message);
  assert.deepEqual(reply.frame.response_message, reply.asked);
});

test("a regeneration arrives as message_regenerate with the same message, a new version", async (t) => {
  if (skip) return t.skip(skip);
  const s = await session();
  const question = await s.ask("say it again");
  await eventually("the reply", () => finals(s.log).length === 1, 20000);
  const first = finals(s.log)[0].message;
  const r = await api("POST", `/api/messages/${first.uuid}/regenerate/`, s.token);
  assert.equal(r.status, 202, JSON.stringify(r.body));
  await eventually("the regenerated reply", () => finals(s.log).length === 2, 20000);
  const again = finals(s.log)[1];
  assert.equal(again.type, "message_regenerate");
  assert.equal(again.message.uuid, first.uuid);
  assert.equal(again.message.reply_to_uuid, question.uuid);
  assert.ok(again.message.version > first.version);
  assert.notEqual(again.message.content, first.content);
});

test("replies written while the client is away arrive after the reconnect, once each, in order", async (t) => {
  if (skip) return t.skip(skip);
  const { WebSocket, network } = switchableWebSocket();
  const s = await session({ WebSocket, reconnect: { baseDelayMs: 200, maxDelayMs: 400, maxAttempts: 1000 } });
  const back = opened(s.client);
  network.offline = true;
  cut(s.client);
  await eventually("the client notices", () => s.client.state === "reconnecting");
  const asked = [];
  for (let i = 1; i <= 3; i++) {
    const q = await s.ask("while away " + i);
    asked.push(q);
    // One reply at a time, finished before the next question: the order of the replies is the order asked.
    await eventually("reply " + i + " stored", async () => {
      const list = await api("GET", `/api/conversations/${s.conversation}/messages/?limit=200`, s.token);
      return list.body.results.some((m) => m.uuid === q.reply_uuid && m.status === "complete");
    }, 20000);
  }
  assert.equal(s.client.state, "reconnecting", "still away while the replies were written");
  network.offline = false;
  s.client.reconnectNow();
  await back;
  await eventually("the three replies", () => finals(s.log).length === 3, 20000);
  const got = finals(s.log);
  assert.deepEqual(got.map((e) => e.message.uuid), asked.map((q) => q.reply_uuid));
  assert.deepEqual(got.map((e) => e.asked.content), ["while away 1", "while away 2", "while away 3"]);
  const seqs = got.map((e) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  assert.equal(new Set(seqs).size, 3);
  assert.equal(s.log.filter((e) => e.type === "message_chunk").length, 0, "chunks are live only: none replayed");
});
