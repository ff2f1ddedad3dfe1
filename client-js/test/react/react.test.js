// The React bindings, rendered with react-test-renderer (no DOM) on a fake socket and clock.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createElement as h, StrictMode, useEffect, useState } from "react";
import TestRenderer from "react-test-renderer";
import {
  WebSocketProvider, WebSocketInitializer, useWebSocketContext, useWebSocketProps, withWebSocket,
  useWebSocketConversation, useWebSocketHandlers,
} from "../../src/react.js";
import { SwitchboardClient } from "../../src/index.js";
import { FakeClock, FakeWebSocket, recordingLogger, settle } from "../fakes.js";

globalThis.IS_REACT_ACT_ENVIRONMENT = true;
// React 19 still ships the test renderer but warns on each use; that one line is noise here, the rest is kept.
const consoleError = console.error;
console.error = (...args) => {
  if (typeof args[0] === "string" && args[0].startsWith("react-test-renderer is deprecated")) return;
  consoleError(...args);
};
const { act } = TestRenderer;

let clock;
beforeEach(() => {
  FakeWebSocket.reset();
  clock = new FakeClock();
});

const clientOptions = () => ({ WebSocket: FakeWebSocket, clock, random: () => 0.5, pingIntervalMs: 0, logger: recordingLogger() });

async function render(element) {
  let renderer;
  await act(async () => {
    renderer = TestRenderer.create(element);
    await settle();
  });
  return renderer;
}

async function server(fn) {
  await act(async () => {
    fn(FakeWebSocket.last);
    await settle();
  });
}

function Status() {
  const { state, isConnected, userId } = useWebSocketContext();
  return h("span", null, `${state}:${isConnected}:${userId ?? "-"}`);
}

test("the provider connects to the per-user endpoint and shows the state to its components", async () => {
  const r = await render(h(WebSocketProvider, {
    baseUrl: "http://127.0.0.1:9", userId: "0d6c a/b", token: "tok", options: clientOptions(),
  }, h(Status)));
  assert.equal(FakeWebSocket.all.length, 1);
  const url = new URL(FakeWebSocket.last.url);
  assert.equal(url.protocol, "ws:");
  assert.equal(url.pathname, "/ws/user/0d6c%20a%2Fb");
  assert.equal(url.searchParams.get("token"), "tok");
  assert.equal(r.toJSON().children[0], "connecting:false:-");
  await server((ws) => ws.establish("0d6c a/b"));
  assert.equal(r.toJSON().children[0], "connected:true:0d6c a/b");
  await server((ws) => ws.serverClose(1006));
  assert.equal(r.toJSON().children[0], "reconnecting:false:0d6c a/b");
  await act(async () => r.unmount());
});

test("WebSocketInitializer is the same provider; without a token it does not connect (logged out)", async () => {
  assert.equal(WebSocketInitializer, WebSocketProvider);
  const tree = (token) => h(WebSocketInitializer, { baseUrl: "http://127.0.0.1:9", userId: "u", token, options: clientOptions() }, h(Status));
  const r = await render(tree(null));
  assert.equal(FakeWebSocket.all.length, 0);
  assert.equal(r.toJSON().children[0], "idle:false:-");
  await act(async () => { r.update(tree("t1")); await settle(); });
  assert.equal(FakeWebSocket.all.length, 1);
  await server((ws) => ws.establish("u"));
  // Logging out: the token goes away and the connection closes.
  const socket = FakeWebSocket.last;
  await act(async () => { r.update(tree(null)); await settle(); });
  assert.equal(socket.closedWith.code, 1000);
  assert.equal(r.toJSON().children[0], "closed:false:u");
  await act(async () => r.unmount());
});

test("a new token prop is used on the next connection without a new client", async () => {
  const tree = (token) => h(WebSocketProvider, { url: "ws://127.0.0.1:9/ws", token, options: clientOptions() }, h(Status));
  const r = await render(tree("t1"));
  await server((ws) => ws.establish());
  await act(async () => { r.update(tree("t2")); await settle(); });
  assert.equal(FakeWebSocket.all.length, 1);
  await server((ws) => ws.serverClose(1006));
  await act(async () => { await clock.advance(1000); });
  assert.equal(new URL(FakeWebSocket.last.url).searchParams.get("token"), "t2");
  await act(async () => r.unmount());
});

test("unmounting the provider disconnects", async () => {
  const r = await render(h(WebSocketProvider, { url: "ws://127.0.0.1:9/ws", token: "t", options: clientOptions() }, h(Status)));
  await server((ws) => ws.establish());
  await act(async () => r.unmount());
  assert.equal(FakeWebSocket.last.closedWith.code, 1000);
});

test("StrictMode's double effects leave exactly one live connection", async () => {
  const r = await render(h(StrictMode, null,
    h(WebSocketProvider, { url: "ws://127.0.0.1:9/ws", token: "t", options: clientOptions() }, h(Status))));
  const live = FakeWebSocket.all.filter((ws) => !ws.closedWith);
  assert.equal(live.length, 1);
  await server(() => live[0].establish());
  assert.equal(r.toJSON().children[0], "connected:true:u1");
  await act(async () => r.unmount());
});

test("useWebSocketContext outside a provider throws a clear error", async () => {
  function Orphan() {
    useWebSocketContext();
    return null;
  }
  const errors = [];
  const original = console.error;
  console.error = (...a) => errors.push(a);
  try {
    await assert.rejects(render(h(Orphan)), /inside <WebSocketProvider>/);
  } finally {
    console.error = original;
  }
});

test("components register handlers through the context and unregister on unmount", async () => {
  const seen = [];
  function Chat() {
    const { registerHandlers } = useWebSocketContext();
    useEffect(() => registerHandlers({ message_generate: (d) => seen.push(d.message.content) }), [registerHandlers]);
    return null;
  }
  const client = new SwitchboardClient({ url: "ws://127.0.0.1:9/ws", token: "t", ...clientOptions() });
  const tree = (show) => h(WebSocketProvider, { client }, show ? h(Chat) : null);
  const r = await render(tree(true));
  await server((ws) => ws.establish());
  await server((ws) => ws.receive({ type: "message_generate", seq: 1, data: { message: { content: "hi" } } }));
  await act(async () => { r.update(tree(false)); await settle(); });
  await server((ws) => ws.receive({ type: "message_generate", seq: 2, data: { message: { content: "unseen" } } }));
  assert.deepEqual(seen, ["hi"]);
  assert.equal(client.lastSeq, 2, "an event nobody handles is still processed, without a crash");
  await act(async () => r.unmount());
});

test("withWebSocket injects the same props useWebSocketProps returns, and passes refs through", async () => {
  let fromHook;
  let fromHoc;
  function ViaHook() {
    fromHook = useWebSocketProps();
    return null;
  }
  function Plain({ websocket, label }) {
    fromHoc = websocket;
    return h("i", null, `${label}:${websocket.isConnected}`);
  }
  const Wrapped = withWebSocket(Plain);
  assert.equal(Wrapped.displayName, "withWebSocket(Plain)");
  const r = await render(h(WebSocketProvider, { url: "ws://127.0.0.1:9/ws", token: "t", options: clientOptions() },
    h(ViaHook), h(Wrapped, { label: "x" })));
  await server((ws) => ws.establish());
  assert.equal(fromHook, fromHoc);
  assert.equal(typeof fromHoc.registerHandlers, "function");
  assert.equal(r.root.findByType("i").children[0], "x:true");
  await act(async () => r.unmount());
});

test("the helpers keep their identity across state changes (no re-registration on every reconnect)", async () => {
  const seen = new Set();
  function Probe() {
    seen.add(useWebSocketContext().registerHandlers);
    return null;
  }
  const r = await render(h(WebSocketProvider, { url: "ws://127.0.0.1:9/ws", token: "t", options: clientOptions() }, h(Probe)));
  await server((ws) => ws.establish());
  await server((ws) => ws.serverClose(1006));
  assert.equal(seen.size, 1);
  await act(async () => r.unmount());
});

test("useWebSocketHandlers calls the latest handler without registering again", async () => {
  const calls = [];
  let setLabel;
  function Listener() {
    const [label, set] = useState("first");
    setLabel = set;
    useWebSocketHandlers({ note: (d) => calls.push(label + ":" + d) });
    return null;
  }
  const client = new SwitchboardClient({ url: "ws://127.0.0.1:9/ws", token: "t", ...clientOptions() });
  const r = await render(h(WebSocketProvider, { client }, h(Listener)));
  await server((ws) => ws.establish());
  await server((ws) => ws.receive({ type: "note", data: 1 }));
  await act(async () => setLabel("second"));
  await server((ws) => ws.receive({ type: "note", data: 2 }));
  assert.deepEqual(calls, ["first:1", "second:2"]);
  assert.equal(client.handlers.byType.get("note").size, 1);
  await act(async () => r.unmount());
});

test("an auth failure reaches the app through onAuthError and the context", async () => {
  const failures = [];
  let ctx;
  function Grab() {
    ctx = useWebSocketContext();
    return null;
  }
  const r = await render(h(WebSocketProvider, {
    url: "ws://127.0.0.1:9/ws", token: "expired", options: clientOptions(), onAuthError: (e) => failures.push(e.code),
  }, h(Grab)));
  await server((ws) => { ws.open(); ws.serverClose(4002, "token is expired"); });
  assert.deepEqual(failures, [4002]);
  assert.equal(ctx.state, "auth_failed");
  assert.equal(ctx.authError.code, 4002);
  await act(async () => { await clock.advance(600_000); });
  assert.equal(FakeWebSocket.all.length, 1);
  await act(async () => r.unmount());
});

test("useWebSocketConversation streams chunks, then keeps the final message, for its conversation only", async () => {
  let view;
  function Conversation({ uuid }) {
    view = useWebSocketConversation(uuid, { initialMessages: [{ uuid: "q1", content: "question" }] });
    return null;
  }
  const r = await render(h(WebSocketProvider, { url: "ws://127.0.0.1:9/ws", token: "t", options: clientOptions() },
    h(Conversation, { uuid: "c1" })));
  await server((ws) => ws.establish());
  const chunk = (seq, delta, conv = "c1") => ({ type: "message_chunk", seq,
    data: { conversation_uuid: conv, message_uuid: "a1", delta } });
  await server((ws) => { ws.receive(chunk(1, "Hel")); ws.receive(chunk(2, "lo")); ws.receive(chunk(3, "zzz", "other")); });
  assert.deepEqual(view.streaming, { a1: "Hello" });
  await server((ws) => ws.receive({ type: "message_generate", seq: 4, data: {
    message: { uuid: "a1", content: "Hello!", sender_uuid: "assistant" }, response_message: { uuid: "q1", conversation_uuid: "c1" } } }));
  assert.deepEqual(view.streaming, {});
  assert.deepEqual(view.messages.map((m) => m.content), ["question", "Hello!"]);
  await server((ws) => ws.receive({ type: "message_generate", seq: 5, data: {
    message: { uuid: "x9", content: "elsewhere" }, response_message: { conversation_uuid: "c2" } } }));
  assert.equal(view.messages.length, 2);
  // A replayed duplicate (same seq) changes nothing; a regeneration replaces the message in place.
  await server((ws) => ws.receive({ type: "message_generate", seq: 4, data: { message: { uuid: "a1", content: "dup" },
    response_message: { conversation_uuid: "c1" } } }));
  await server((ws) => ws.receive({ type: "message_regenerate", seq: 6, data: {
    message: { uuid: "a1", content: "Hi again" }, response_message: { uuid: "q1", conversation_uuid: "c1" } } }));
  assert.deepEqual(view.messages.map((m) => m.content), ["question", "Hi again"]);
  await act(async () => r.unmount());
});

test("useWebSocketConversation starts over when the conversation changes", async () => {
  let view;
  function Conversation({ uuid }) {
    view = useWebSocketConversation(uuid);
    return null;
  }
  const tree = (uuid) => h(WebSocketProvider, { url: "ws://127.0.0.1:9/ws", token: "t", options: clientOptions() },
    h(Conversation, { uuid }));
  const r = await render(tree("c1"));
  await server((ws) => ws.establish());
  await server((ws) => ws.receive({ type: "message_generate", seq: 1, data: { message: { uuid: "m1", conversation_uuid: "c1" } } }));
  assert.equal(view.messages.length, 1);
  await act(async () => { r.update(tree("c2")); await settle(); });
  assert.equal(view.messages.length, 0);
  await server((ws) => ws.receive({ type: "message_generate", seq: 2, data: { message: { uuid: "m2", conversation_uuid: "c1" } } }));
  assert.equal(view.messages.length, 0);
  await act(async () => r.unmount());
});

test("useWebSocketConversation starts a reply's text again when a regeneration streams (index 0)", async () => {
  let view;
  function Conversation() {
    view = useWebSocketConversation("c1");
    return null;
  }
  const r = await render(h(WebSocketProvider, { url: "ws://127.0.0.1:9/ws", token: "t", options: clientOptions() }, h(Conversation)));
  await server((ws) => ws.establish());
  const chunk = (index, delta, version) => ({ type: "message_chunk",
    data: { conversation_uuid: "c1", message_uuid: "a1", index, delta, version } });
  await server((ws) => { ws.receive(chunk(0, "First", 1)); ws.receive(chunk(1, " take", 1)); });
  assert.deepEqual(view.streaming, { a1: "First take" });
  await server((ws) => { ws.receive(chunk(0, "Second", 2)); ws.receive(chunk(1, " take", 2)); });
  assert.deepEqual(view.streaming, { a1: "Second take" });
  await act(async () => r.unmount());
});
