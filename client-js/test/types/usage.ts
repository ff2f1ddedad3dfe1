// Compiled (never run) by the type test: the declarations must accept what the README shows and refuse misuse.
import { createClient, AuthError, RequestError, backoffDelay, type Envelope, type SwitchboardClient } from "../../src/index.js";
import {
  WebSocketProvider, useWebSocketContext, useWebSocketConversation, useWebSocketProps, withWebSocket, type WebSocketProps,
} from "../../src/react.js";
import { createElement, useEffect } from "react";

const client: SwitchboardClient = createClient({
  baseUrl: "http://localhost:8080",
  userId: "8d1f",
  getToken: async () => "jwt",
  reconnect: { baseDelayMs: 1000, maxAttempts: 10 },
  onAuthError: (e: AuthError) => console.log(e.code, e.reason),
  onHandlerError: (error, envelope: Envelope) => console.log(error, envelope.type),
});
const off: () => void = client.registerHandlers({
  message_generate: (data: { message: { uuid: string } }, env) => console.log(data.message.uuid, env.seq),
});
off();
client.on("state", (s) => console.log(s.state, s.attempt));
client.on("open", (o) => console.log(o.sessionId, o.reconnected));
client.request<{ recovered: boolean }>("subscribe", { channel: "x" }).then((ack) => ack.recovered);
client.subscribe("room:1").then((ack) => ack?.offset);
client.request("x").catch((e) => { if (e instanceof RequestError) console.log(e.code, e.field, e.temporary); });
const n: number = backoffDelay(3);
void n;
client.connect();
const fallback = createClient({ baseUrl: "https://rt.example.com", transports: ["websocket", "sse", "http_stream"],
  onTransport: (name) => console.log(name === "sse") });
fallback.on("fallback", (f) => console.log(f.from, f.to, f.code));
fallback.on("transport", (name) => console.log(name.toUpperCase()));
const inUse: "websocket" | "sse" | "http_stream" | null = fallback.transport;
void inUse;
// @ts-expect-error only the three transports exist
createClient({ transports: ["long_polling"] });
// @ts-expect-error the state is a known string
const s: "open" = client.state;
void s;
// @ts-expect-error registerHandlers takes functions
client.registerHandlers({ x: 1 });

function Chat() {
  const { registerHandlers, isConnected } = useWebSocketContext();
  useEffect(() => registerHandlers({ message_generate: () => {} }), [registerHandlers]);
  const { messages, streaming } = useWebSocketConversation("c1", { onMessage: (m) => console.log(m.uuid) });
  return createElement("div", null, isConnected ? "on" : "off", messages.length, Object.keys(streaming).length);
}
function Badge({ websocket, label }: { websocket: WebSocketProps; label: string }) {
  return createElement("b", null, label, websocket.state);
}
const Wrapped = withWebSocket(Badge);
function Props() {
  return createElement("i", null, useWebSocketProps().attempt);
}
createElement(WebSocketProvider, { baseUrl: "http://x", userId: "u", token: "t" }, createElement(Chat),
  createElement(Wrapped, { label: "l" }), createElement(Props));
