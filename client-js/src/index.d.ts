// Type declarations of @switchboard/client (hand-written; the JSDoc in the .js files says the same).

/** The connection's state. */
export type ConnectionState = "idle" | "connecting" | "connected" | "reconnecting" | "closed" | "auth_failed" | "failed";

/** A message as received: `type`, and whatever else the server put beside it (`id`, `seq`, `channel`, `data`, `error`…). */
export interface Envelope<D = any> {
  type: string;
  id?: string | number;
  seq?: number;
  channel?: string;
  offset?: number;
  epoch?: string | number;
  data?: D;
  error?: ServerErrorBody;
  [field: string]: unknown;
}

/** The `error` of an error reply. */
export interface ServerErrorBody {
  code: string;
  message: string;
  field?: string;
  temporary?: boolean;
}

/** A handler gets the envelope's `data` and the whole envelope. A returned promise that rejects is reported. */
export type Handler<D = any> = (data: D, envelope: Envelope<D>) => unknown;

/** Handlers by message type. */
export type Handlers = Record<string, Handler>;

/** Timers, injectable for tests. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface BackoffOptions {
  /** The first delay (1000 ms); each next one doubles. */
  baseDelayMs?: number;
  /** No delay is longer (30000 ms). */
  maxDelayMs?: number;
  /** Spread of each delay as a fraction: 0.2 is ±20 % (the default). */
  jitter?: number;
}

export interface ReconnectOptions extends BackoffOptions {
  /** Attempts after a drop before giving up (10). */
  maxAttempts?: number;
}

export interface StateInfo {
  /** Reconnection attempts since the last successful connection. */
  attempt: number;
  /** When reconnecting: the wait before the next attempt. */
  delayMs?: number;
  /** The close code that ended the previous socket. */
  closeCode?: number;
  closeReason?: string;
  error?: unknown;
}

export type TokenSource = () => string | null | undefined | Promise<string | null | undefined>;

/** A WebSocket constructor: the browser's, Node's (22+, or 20 with --experimental-websocket), or the `ws` package's. */
export interface WebSocketConstructor {
  new (url: string, protocols?: string | string[]): WebSocketLike;
}

export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code?: number; reason?: string }) => void) | null;
  onerror: ((event: any) => void) | null;
}

export interface ClientOptions {
  /** The socket URL; `http(s)://` becomes `ws(s)://`, a path is resolved against the page. */
  url?: string | (() => string);
  /** The node's address when `url` is not given (default: the page's origin). */
  baseUrl?: string;
  /** With `baseUrl`: connect to the per-user endpoint `/ws/user/<userId>` (else `/ws`). */
  userId?: string;
  /** A fixed token. */
  token?: string | null;
  /** Called on every connection and before the token expires. */
  getToken?: TokenSource;
  /** Where the token travels: the `token` query parameter (default) or the `bearer.` sub-protocol. */
  tokenIn?: "query" | "protocol";
  /** The protocol on the socket: JSON text (default) or MessagePack in binary frames (`switchboard.msgpack`). */
  format?: "json" | "msgpack";
  /** Pass `last_seq` when (re)connecting (default true). */
  resume?: boolean;
  /** The last event sequence already processed (e.g. kept in storage). */
  lastSeq?: number | null;
  /** Acknowledge events once their handlers ran (default true). */
  autoAck?: boolean;
  /** Coalesce acknowledgements for this long (20 ms). */
  ackDelayMs?: number;
  /** Backoff settings, or false to never reconnect. */
  reconnect?: ReconnectOptions | false;
  /** App-level ping period while connected (25000 ms; 0 disables). */
  pingIntervalMs?: number;
  /** No frame for this long after a ping (or after the socket opened): the connection is dead (10000 ms). */
  pongTimeoutMs?: number;
  /** Default time a request waits for its reply (10000 ms). */
  requestTimeoutMs?: number;
  /** Refresh the token this long before it expires (60000 ms, at most half its life). */
  refreshBeforeMs?: number;
  /** Messages kept while not connected (1000). */
  maxQueued?: number;
  /** The WebSocket constructor (default: the global one). */
  WebSocket?: WebSocketConstructor;
  clock?: Clock;
  random?: () => number;
  /** Where unobserved problems are reported (default: console). */
  logger?: Pick<Console, "warn" | "error">;
  onStateChange?: (state: ConnectionState, info: StateInfo) => void;
  onAuthError?: (error: AuthError) => void;
  onHandlerError?: (error: unknown, envelope: Envelope) => void;
  onParseError?: (error: Error, raw: unknown) => void;
  onServerError?: (error: RequestError, envelope: Envelope) => void;
  onRecoveryFailed?: (channel: string, ack: SubscribeAck) => void;
}

/** The ack of a subscription; `recovered: false` means missed publications are gone: reload. */
export interface SubscribeAck {
  recovered?: boolean;
  epoch?: string | number;
  offset?: number;
  /** The subscription gets Fossil deltas (asked with `delta: "fossil"` where the namespace allows them). */
  delta?: boolean;
  [field: string]: unknown;
}

export interface ClientEvents {
  state: { state: ConnectionState } & StateInfo;
  open: { sessionId: string | null; userId: string | null; reconnected: boolean; data: Record<string, unknown> };
  close: { code: number; reason: string; wasConnected: boolean };
  authError: AuthError;
  handlerError: { error: unknown; envelope: Envelope };
  parseError: { error: Error; raw: unknown };
  serverError: { error: unknown; envelope: Envelope };
  recoveryFailed: { channel: string; ack: SubscribeAck };
  /** A subscription renewed after a reconnect was refused for good (temporary refusals are retried). */
  subscribeError: { channel: string; error: unknown };
  giveUp: { attempts: number; code: number; reason: string };
  duplicate: Envelope;
  event: Envelope;
  unhandled: Envelope;
  tokenRefreshed: { token: string; previous: string | null };
}

export interface RequestOptions {
  timeoutMs?: number;
}

/** A client of one Switchboard socket: reconnects with backoff, resumes without loss, drops duplicates. */
export class SwitchboardClient {
  constructor(options?: ClientOptions);
  readonly options: ClientOptions;
  readonly state: ConnectionState;
  readonly stateInfo: { state: ConnectionState } & StateInfo;
  readonly isConnected: boolean;
  readonly sessionId: string | null;
  /** The protocol of the current socket: "msgpack" when asked for and granted, else "json". */
  readonly format: "json" | "msgpack";
  readonly userId: string | null;
  /** The sequence number of the last per-user event processed, or null. */
  readonly lastSeq: number | null;
  readonly token: string | null;
  /** How many replayed or repeated messages were dropped. */
  readonly duplicatesDropped: number;

  connect(): void;
  disconnect(code?: number, reason?: string): void;
  reconnectNow(): void;
  registerHandlers(handlers: Handlers): () => void;
  on<E extends keyof ClientEvents>(event: E, listener: (payload: ClientEvents[E]) => void): () => void;
  on(event: string, listener: (payload: any) => void): () => void;
  send(type: string, data?: unknown, extra?: Record<string, unknown>): void;
  request<R = any>(type: string, data?: unknown, options?: RequestOptions): Promise<R>;
  ping(options?: RequestOptions): Promise<number>;
  ack(seq?: number): void;
  resume(lastSeq?: number): Promise<unknown>;
  refreshToken(): Promise<void>;
  /**
   * `options.from`: a position kept from earlier (`channelPosition()` saved across page loads). `options.delta`:
   * ask for publications as Fossil deltas where the namespace allows them; handlers still get full data.
   */
  subscribe(channel: string, handler?: Handler, options?: { from?: ChannelPosition; delta?: "fossil" }): Promise<SubscribeAck | undefined>;
  unsubscribe(channel: string): Promise<unknown>;
  publish(channel: string, data: unknown): Promise<unknown>;
  channelPosition(channel: string): ChannelPosition | null;
}

/** A place in a channel's history. */
export interface ChannelPosition {
  epoch: string | number;
  offset: number;
}

export function createClient(options?: ClientOptions): SwitchboardClient;

/** Handlers by type; several per type, each isolated from the others' failures. */
export class HandlerRegistry {
  register(handlers: Handlers): () => void;
  has(type: string): boolean;
  dispatch(type: string, data: unknown, envelope: Envelope, onError: (error: unknown) => void): number;
}

export class SwitchboardError extends Error {
  constructor(message: string, options?: { cause?: unknown });
}
/** Close 4001–4003 (or no token to offer): get a new token, then `connect()` again. */
export class AuthError extends SwitchboardError {
  constructor(code: number, reason: string);
  readonly code: number;
  readonly reason: string;
}
/** An `error` reply to a request. */
export class RequestError extends SwitchboardError {
  constructor(error: Partial<ServerErrorBody> | undefined, id?: string | number);
  readonly code: string;
  readonly field: string | undefined;
  readonly temporary: boolean;
  readonly id: string | number | undefined;
}
export class TimeoutError extends SwitchboardError {
  readonly temporary: true;
}
export class DisconnectedError extends SwitchboardError {
  readonly temporary: true;
}

export const DEFAULT_BACKOFF: Readonly<Required<BackoffOptions>>;
export function backoffDelay(attempt: number, options?: BackoffOptions, random?: () => number): number;
export function isAuthFailure(code: number): boolean;
export function shouldReconnect(code: number): boolean;
export function reconnectAtOnce(code: number): boolean;
export function decodeJwtPayload(token: string): Record<string, unknown> | null;
export function tokenExpiresAt(token: string): number | null;
export function userSocketUrl(baseUrl: string, userId: string): string;
export function toWebSocketUrl(url: string): string;
export function socketUrl(
  options: Pick<ClientOptions, "url" | "baseUrl" | "userId" | "tokenIn">, token: string, lastSeq: number | null): string;
/** The sub-protocol of the binary protocol (MessagePack, version 1). */
export const MSGPACK_PROTOCOL: "switchboard.msgpack";
/** Encodes a JSON-like value as MessagePack (protocol version 1's value model). */
export function encodeMsgPack(value: unknown): Uint8Array;
/** Decodes one MessagePack value that fills the bytes exactly; throws a TypeError saying what is wrong. */
export function decodeMsgPack(bytes: ArrayBuffer | ArrayBufferView): any;
