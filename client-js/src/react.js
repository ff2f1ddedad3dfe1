// React bindings for the Switchboard client, with the seed's names: a provider that owns the connection
// (WebSocketProvider, also exported as WebSocketInitializer), useWebSocketContext(), withWebSocket(Component),
// useWebSocketProps(), useWebSocketConversation(conversationUuid), and useWebSocketHandlers(handlers).
// No JSX, so that it loads without a build step; React is a peer dependency.
import {
  createContext, createElement, forwardRef, useCallback, useContext, useEffect, useMemo, useRef, useState,
} from "react";
import { SwitchboardClient } from "./client.js";

/** @typedef {import("./client.js").ClientOptions} ClientOptions */
/** @typedef {import("./client.js").ConnectionState} ConnectionState */

/**
 * What the provider gives its components (the seed's "WebSocketProps").
 * @typedef {object} WebSocketProps
 * @property {SwitchboardClient} client
 * @property {ConnectionState} state
 * @property {boolean} isConnected
 * @property {boolean} isReconnecting
 * @property {number} attempt
 * @property {string | null} sessionId
 * @property {string | null} userId
 * @property {import("./errors.js").AuthError | null} authError
 * @property {(handlers: Record<string, import("./registry.js").Handler>) => () => void} registerHandlers
 * @property {(type: string, data?: unknown) => void} send
 * @property {(type: string, data?: unknown, options?: {timeoutMs?: number}) => Promise<any>} request
 * @property {(channel: string, handler?: import("./registry.js").Handler, options?: {from?: {epoch: any, offset: number}}) => Promise<any>} subscribe
 * @property {(channel: string) => Promise<any>} unsubscribe
 * @property {(channel: string, data: unknown) => Promise<any>} publish
 * @property {() => void} connect
 * @property {() => void} disconnect
 * @property {() => void} reconnect
 */

/** The context behind the hooks; null outside a provider. */
export const WebSocketContext = createContext(/** @type {WebSocketProps | null} */ (null));

/**
 * @typedef {object} WebSocketProviderProps
 * @property {SwitchboardClient} [client] a client made elsewhere; otherwise the provider makes one from the props
 * @property {string} [url]
 * @property {string} [baseUrl]
 * @property {string | null} [userId] the per-user endpoint's user; the seed's user uuid
 * @property {string | null} [token]
 * @property {() => (string | null | undefined | Promise<string | null | undefined>)} [getToken]
 * @property {boolean} [enabled] connect while true (default: while there is a token, a getToken or a client)
 * @property {Partial<ClientOptions>} [options] other client options (read when the client is made)
 * @property {(error: import("./errors.js").AuthError) => void} [onAuthError] e.g. log the user out
 * @property {import("react").ReactNode} [children]
 */

/**
 * Owns one connection for the components below it: connects while `enabled` (by default while a token is
 * known), disconnects when it turns false or the provider unmounts, and makes a new client when the
 * address or the user changes.
 * @param {WebSocketProviderProps} props
 */
export function WebSocketProvider(props) {
  const { client: given, url, baseUrl, userId, token, getToken, enabled, options, onAuthError, children } = props;
  const latest = useRef({ token, getToken, onAuthError, options });
  latest.current = { token, getToken, onAuthError, options };

  const client = useMemo(() => {
    if (given) return given;
    if (!url && !baseUrl && typeof globalThis.location === "undefined") return null;
    return new SwitchboardClient({
      ...latest.current.options,
      url,
      baseUrl,
      userId: userId ?? undefined,
      token: undefined,
      // Read the props at each connection, so that a new token needs no new client.
      getToken: () => (latest.current.getToken ? latest.current.getToken() : latest.current.token),
      onAuthError: (error) => latest.current.onAuthError?.(error),
    });
  }, [given, url, baseUrl, userId]);

  const canAuthenticate = Boolean(given || token || getToken);
  const active = client !== null && (enabled ?? canAuthenticate);
  const [snapshot, setSnapshot] = useState(() => readSnapshot(client, null));

  useEffect(() => {
    if (!client) return undefined;
    const update = () => setSnapshot((/** @type {any} */ prev) => readSnapshot(client, prev));
    const offs = [client.on("state", update), client.on("open", update), client.on("authError", update)];
    update();
    return () => offs.forEach((off) => off());
  }, [client]);

  useEffect(() => {
    if (!client || !active) return undefined;
    client.connect();
    return () => client.disconnect();
  }, [client, active]);

  const api = useMemo(() => (client ? bindApi(client) : null), [client]);
  const value = useMemo(() => (api ? makeProps(api, snapshot) : null), [api, snapshot]);
  return createElement(WebSocketContext.Provider, { value }, children);
}

/** The seed's name for the provider. */
export const WebSocketInitializer = WebSocketProvider;

/**
 * @param {SwitchboardClient | null} client
 * @param {any} prev
 */
function readSnapshot(client, prev) {
  if (!client) return { state: "idle", attempt: 0, sessionId: null, userId: null, authError: null };
  const info = client.stateInfo;
  const next = {
    state: client.state,
    attempt: info.attempt ?? 0,
    sessionId: client.sessionId,
    userId: client.userId,
    authError: client.state === "auth_failed" ? /** @type {any} */ (info).error ?? null : null,
  };
  if (prev && Object.keys(next).every((k) => /** @type {any} */ (prev)[k] === /** @type {any} */ (next)[k])) return prev;
  return next;
}

/**
 * The client's methods as functions that keep their identity for the client's life (safe in effect deps).
 * @param {SwitchboardClient} client
 */
function bindApi(client) {
  return {
    client,
    registerHandlers: (/** @type {any} */ handlers) => client.registerHandlers(handlers),
    send: (/** @type {string} */ type, /** @type {unknown} */ data) => client.send(type, data),
    request: (/** @type {string} */ type, /** @type {unknown} */ data, /** @type {any} */ options) => client.request(type, data, options),
    subscribe: (/** @type {string} */ channel, /** @type {any} */ handler, /** @type {any} */ options) =>
      client.subscribe(channel, handler, options),
    unsubscribe: (/** @type {string} */ channel) => client.unsubscribe(channel),
    publish: (/** @type {string} */ channel, /** @type {unknown} */ data) => client.publish(channel, data),
    connect: () => client.connect(),
    disconnect: () => client.disconnect(),
    reconnect: () => client.reconnectNow(),
  };
}

/**
 * @param {ReturnType<typeof bindApi>} api
 * @param {ReturnType<typeof readSnapshot>} s
 * @returns {WebSocketProps}
 */
function makeProps(api, s) {
  return {
    ...api,
    state: /** @type {ConnectionState} */ (s.state),
    isConnected: s.state === "connected",
    isReconnecting: s.state === "reconnecting" || (s.state === "connecting" && s.attempt > 0),
    attempt: s.attempt,
    sessionId: s.sessionId,
    userId: s.userId,
    authError: s.authError,
  };
}

/**
 * The provider's connection and helpers. Throws outside a provider, so that a missing provider is found at once.
 * @returns {WebSocketProps}
 */
export function useWebSocketContext() {
  const value = useContext(WebSocketContext);
  if (!value) throw new Error("useWebSocketContext must be used inside <WebSocketProvider>");
  return value;
}

/**
 * The seed's hook alternative to `withWebSocket`: the same props the HOC injects as `websocket`.
 * @returns {WebSocketProps}
 */
export function useWebSocketProps() {
  return useWebSocketContext();
}

/**
 * Wraps a component so that it receives the connection as its `websocket` prop (refs are passed through).
 * @template P
 * @param {import("react").ComponentType<P & {websocket: WebSocketProps}>} Component
 */
export function withWebSocket(Component) {
  const name = Component.displayName || Component.name || "Component";
  const Wrapped = forwardRef(function WithWebSocket(props, ref) {
    const websocket = useWebSocketContext();
    return createElement(/** @type {any} */ (Component), { ...props, ref, websocket });
  });
  Wrapped.displayName = `withWebSocket(${name})`;
  return Wrapped;
}

/**
 * Registers handlers while the component is mounted. The handlers may be new functions on every render:
 * the latest ones run, and registration changes only when the set of types does.
 * @param {Record<string, import("./registry.js").Handler>} handlers
 */
export function useWebSocketHandlers(handlers) {
  const { registerHandlers } = useWebSocketContext();
  const latest = useRef(handlers);
  latest.current = handlers;
  const types = Object.keys(handlers).sort().join("\u0000");
  useEffect(() => {
    /** @type {Record<string, import("./registry.js").Handler>} */
    const proxies = {};
    for (const type of types ? types.split("\u0000") : []) {
      proxies[type] = (data, envelope) => latest.current[type]?.(data, envelope);
    }
    return registerHandlers(proxies);
  }, [registerHandlers, types]);
}

/**
 * The conversation a message event belongs to.
 * @param {any} data the event's data
 * @returns {string | undefined}
 */
export function conversationOf(data) {
  if (!data || typeof data !== "object") return undefined;
  return data.response_message?.conversation_uuid ?? data.message?.conversation_uuid ?? data.conversation_uuid;
}

/**
 * @typedef {object} ConversationMessage
 * @property {string} uuid
 * @property {string} [content]
 * @property {string} [sender_uuid]
 * @property {string} [created_at]
 */

/**
 * @typedef {object} ConversationOptions
 * @property {ConversationMessage[]} [initialMessages] what the app already loaded over REST
 * @property {(message: ConversationMessage, data: any, type: string) => void} [onMessage] called for each final message
 */

/**
 * Follows one conversation's AI replies: `message_chunk` events build the streaming text of a reply,
 * `message_generate` adds the final message, `message_regenerate` replaces the one regenerated. Events of
 * other conversations are ignored. `messages` are kept in order of arrival, one per uuid.
 * @param {string | null | undefined} conversationUuid
 * @param {ConversationOptions} [options]
 */
export function useWebSocketConversation(conversationUuid, options = {}) {
  const ctx = useWebSocketContext();
  const [messages, setMessages] = useState(() => options.initialMessages ?? []);
  const [streaming, setStreaming] = useState(/** @type {Record<string, string>} */ ({}));
  const onMessage = useRef(options.onMessage);
  onMessage.current = options.onMessage;

  useEffect(() => {
    setMessages(options.initialMessages ?? []);
    setStreaming({});
    // initialMessages is read when the conversation changes, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conversationUuid]);

  const finish = useCallback((/** @type {any} */ data, /** @type {string} */ type) => {
    const message = data && data.message;
    if (!message || !message.uuid) return;
    const replaced = data.regenerated_message_uuid ?? data.previous_message_uuid ?? data.replaces;
    setMessages((list) => upsert(list, message, type === "message_regenerate" ? replaced : undefined));
    setStreaming((s) => withoutKeys(s, [message.uuid, data.response_message?.uuid, replaced]));
    onMessage.current?.(message, data, type);
  }, []);

  useEffect(() => {
    if (!conversationUuid) return undefined;
    const mine = (/** @type {any} */ data) => conversationOf(data) === conversationUuid;
    return ctx.registerHandlers({
      message_generate: (data) => { if (mine(data)) finish(data, "message_generate"); },
      message_regenerate: (data) => { if (mine(data)) finish(data, "message_regenerate"); },
      message_chunk: (data) => {
        if (!mine(data)) return;
        const key = chunkKey(data);
        const piece = data.delta ?? data.content ?? data.chunk ?? "";
        // index 0 starts a reply's text (again, for a regeneration).
        if (key) setStreaming((s) => ({ ...s, [key]: (data.index === 0 ? "" : s[key] ?? "") + piece }));
      },
    });
  }, [ctx.registerHandlers, conversationUuid, finish]);

  return {
    messages,
    streaming,
    setMessages,
    isConnected: ctx.isConnected,
    state: ctx.state,
  };
}

/** @param {any} data */
function chunkKey(data) {
  return data.message_uuid ?? data.message?.uuid ?? data.response_message?.uuid ?? data.uuid;
}

/**
 * @param {ConversationMessage[]} list
 * @param {ConversationMessage} message
 * @param {string} [replaced]
 */
function upsert(list, message, replaced) {
  const at = list.findIndex((m) => m.uuid === message.uuid || (replaced !== undefined && m.uuid === replaced));
  if (at < 0) return [...list, message];
  const next = list.slice();
  next[at] = message;
  return next.filter((m, i) => i === at || m.uuid !== message.uuid);
}

/**
 * @param {Record<string, string>} map
 * @param {Array<string | undefined>} keys
 */
function withoutKeys(map, keys) {
  if (!keys.some((k) => k !== undefined && k in map)) return map;
  const next = { ...map };
  for (const k of keys) if (k !== undefined) delete next[k];
  return next;
}
