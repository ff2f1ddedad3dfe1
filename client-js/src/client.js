// The connection to a Switchboard node: one socket at a time, reconnected with backoff, resumed where it left
// off (per-user events by sequence number, channels by epoch and offset), with duplicates dropped and
// processed events acknowledged. The wire protocol is docs/PROTOCOL.md.
//
// Longer than our usual file because it is one state machine (connect, frames in, acks, liveness, close and
// reconnect) whose parts share the socket and its generation; what stands apart lives beside it: channels.js
// (subscriptions and recovery), requests.js (ids, timeouts, the queue while away), refresh.js (token refresh).
import { AuthError, DisconnectedError, RequestError, SwitchboardError } from "./errors.js";
import { backoffDelay, DEFAULT_BACKOFF, isAuthFailure, reconnectAtOnce, shouldReconnect } from "./backoff.js";
import { HandlerRegistry, runHandler } from "./registry.js";
import { socketUrl } from "./url.js";
import { Outgoing } from "./requests.js";
import { ChannelSubscriptions } from "./channels.js";
import { TokenRefresher } from "./refresh.js";
import { MSGPACK_PROTOCOL, decodeFrame, encodeFrame } from "./msgpack.js";

/** @typedef {import("./registry.js").Handler} Handler */
/** @typedef {"idle" | "connecting" | "connected" | "reconnecting" | "closed" | "auth_failed" | "failed"} ConnectionState */
/**
 * @typedef {object} Clock
 * @property {() => number} now
 * @property {(fn: () => void, ms: number) => any} setTimeout
 * @property {(handle: any) => void} clearTimeout
 */
/**
 * @typedef {object} ReconnectOptions
 * @property {number} [baseDelayMs] first delay (1000)
 * @property {number} [maxDelayMs] longest delay (30000)
 * @property {number} [jitter] spread of each delay, as a fraction: 0.2 is plus or minus 20 % (0.2)
 * @property {number} [maxAttempts] attempts after a drop before giving up (10)
 */
/**
 * @typedef {object} ClientOptions
 * @property {string | (() => string)} [url] the socket URL; `http(s)://` becomes `ws(s)://`, a path is resolved against the page
 * @property {string} [baseUrl] the node's address when `url` is not given (default: the page's origin)
 * @property {string} [userId] with `baseUrl`: connect to the per-user endpoint `/ws/user/<userId>` (else `/ws`)
 * @property {string | null} [token] a fixed token
 * @property {() => (string | null | undefined | Promise<string | null | undefined>)} [getToken] called on every connect and before the token expires
 * @property {"query" | "protocol"} [tokenIn] where the token travels: `?token=` (default) or the `bearer.` sub-protocol
 * @property {"json" | "msgpack"} [format] the protocol on the socket: JSON text (default) or MessagePack (binary
 *   frames, sub-protocol `switchboard.msgpack`; JSON again when the server does not grant it)
 * @property {boolean} [resume] pass `last_seq` when reconnecting (default true)
 * @property {number | null} [lastSeq] the last event sequence already processed (e.g. kept in storage)
 * @property {boolean} [autoAck] acknowledge events once their handlers ran (default true)
 * @property {number} [ackDelayMs] coalesce acknowledgements for this long (default 20)
 * @property {ReconnectOptions | false} [reconnect] backoff settings, or false to never reconnect
 * @property {number} [pingIntervalMs] app-level ping period while connected (default 25000; 0 disables)
 * @property {number} [pongTimeoutMs] no frame for this long after a ping: the connection is dead (default 10000)
 * @property {number} [requestTimeoutMs] default time a request waits for its reply (default 10000)
 * @property {number} [refreshBeforeMs] refresh the token this long before it expires (default 60000, at most half its life)
 * @property {number} [maxQueued] messages kept while not connected (default 1000)
 * @property {any} [WebSocket] the WebSocket constructor (default: the global one)
 * @property {Clock} [clock] timers, for tests
 * @property {() => number} [random] randomness for jitter, for tests
 * @property {Pick<Console, "warn" | "error">} [logger] where unobserved problems are reported (default: console)
 * @property {(state: ConnectionState, info: StateInfo) => void} [onStateChange]
 * @property {(error: AuthError) => void} [onAuthError]
 * @property {(error: unknown, envelope: Record<string, any>) => void} [onHandlerError]
 * @property {(error: Error, raw: unknown) => void} [onParseError]
 * @property {(error: RequestError, envelope: Record<string, any>) => void} [onServerError]
 * @property {(channel: string, ack: any) => void} [onRecoveryFailed]
 */
/**
 * @typedef {object} StateInfo
 * @property {number} attempt reconnection attempts since the last successful connection
 * @property {number} [delayMs] when reconnecting: the wait before the next attempt
 * @property {number} [closeCode] the close code that ended the previous socket
 * @property {string} [closeReason]
 * @property {unknown} [error]
 */

const SYSTEM_CLOCK = /** @type {Clock} */ ({
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h),
});
const ABNORMAL_CLOSURE = 1006;

/** A client of one Switchboard socket. */
export class SwitchboardClient {
  /** @param {ClientOptions} options */
  constructor(options = {}) {
    this.options = options;
    /** @type {Clock} */
    this.clock = options.clock || SYSTEM_CLOCK;
    this.random = options.random || Math.random;
    this.logger = options.logger || console;
    this.WebSocketImpl = options.WebSocket || globalThis.WebSocket;
    this.reconnectOptions = options.reconnect === false ? null : { ...DEFAULT_BACKOFF, maxAttempts: 10, ...options.reconnect };
    this.handlers = new HandlerRegistry();
    /** @type {Map<string, Set<(payload: any) => void>>} */
    this.listeners = new Map();
    /** @type {ConnectionState} */
    this._state = "idle";
    this._stateInfo = /** @type {StateInfo} */ ({ attempt: 0 });
    this._ws = null;
    this._generation = 0;
    this._attempt = 0;
    this._token = options.token ?? null;
    this._lastSeq = typeof options.lastSeq === "number" ? options.lastSeq : null;
    this._ackedSeq = this._lastSeq;
    this._sessionId = null;
    this._userId = null;
    this.outgoing = new Outgoing(this.clock, (frame) => this._write(frame), options.maxQueued ?? 1000);
    this.channels = new ChannelSubscriptions(this);
    this.refresher = new TokenRefresher(this);
    this._timers = { reconnect: null, ping: null, pong: null, ack: null };
    this._everConnected = false;
    this.duplicatesDropped = 0;
  }

  // ---- state -------------------------------------------------------------------------------------------

  /** @returns {ConnectionState} */
  get state() {
    return this._state;
  }

  /** Whether the session is established (after `connection_established`). */
  get isConnected() {
    return this._state === "connected";
  }

  /** The server's id for the current session, or null. */
  get sessionId() {
    return this._sessionId;
  }

  /** The protocol of the current socket: `"msgpack"` when asked for and granted by the server, else `"json"`. */
  get format() {
    return this._ws && this._ws.protocol === MSGPACK_PROTOCOL ? "msgpack" : "json";
  }

  /** The user id the server saw in the token, or null before the first connection. */
  get userId() {
    return this._userId;
  }

  /** The sequence number of the last per-user event processed, or null when none has been. */
  get lastSeq() {
    return this._lastSeq;
  }

  /** The current token (the last one `getToken` returned), or null. */
  get token() {
    return this._token;
  }

  /**
   * Listens to a client event: "state", "open", "close", "authError", "handlerError", "parseError",
   * "serverError", "recoveryFailed", "subscribeError", "giveUp", "duplicate", "event", "unhandled", "tokenRefreshed". Returns a function that stops listening.
   * @param {string} event
   * @param {(payload: any) => void} listener
   * @returns {() => void}
   */
  on(event, listener) {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const entry = (/** @type {any} */ p) => listener(p);
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /**
   * @param {string} event
   * @param {any} payload
   * @returns {boolean} whether anyone listened
   */
  _emit(event, payload) {
    const set = this.listeners.get(event);
    if (!set || set.size === 0) return false;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (error) {
        this.logger.error("switchboard: a listener of " + event + " threw", error);
      }
    }
    return true;
  }

  /**
   * @param {ConnectionState} state
   * @param {Partial<StateInfo>} [info]
   */
  _setState(state, info = {}) {
    this._state = state;
    this._stateInfo = { attempt: this._attempt, ...info };
    const snapshot = { state, ...this._stateInfo };
    if (this.options.onStateChange) this._safe(() => this.options.onStateChange?.(state, this._stateInfo));
    this._emit("state", snapshot);
  }

  /** The state and what goes with it (attempt, delay, last close), as one object. */
  get stateInfo() {
    return { state: this._state, ...this._stateInfo };
  }

  /** @param {() => void} fn */
  _safe(fn) {
    try {
      fn();
    } catch (error) {
      this.logger.error("switchboard: a callback threw", error);
    }
  }

  // ---- handlers ----------------------------------------------------------------------------------------

  /**
   * Adds handlers by message type: `{message_generate: (data, envelope) => …}`. Every handler of a type runs;
   * one that throws is reported (`onHandlerError`) and the others still run. Returns a function that removes
   * exactly these handlers.
   * @param {Record<string, Handler>} handlers
   * @returns {() => void}
   */
  registerHandlers(handlers) {
    return this.handlers.register(handlers);
  }

  // ---- lifecycle ---------------------------------------------------------------------------------------

  /**
   * Opens the connection (again, after `disconnect()`, an auth failure or giving up). Does nothing while one is
   * open or opening. Handlers and channel subscriptions are kept across `disconnect()` and `connect()`.
   */
  connect() {
    if (this._state === "connecting" || this._state === "connected" || this._state === "reconnecting") return;
    if (!this.WebSocketImpl) throw new SwitchboardError("no WebSocket implementation: pass options.WebSocket");
    this._attempt = 0;
    this._open();
  }

  /**
   * Closes the connection and stops reconnecting; requests still waiting are rejected. `connect()` starts again.
   * @param {number} [code] close code (default 1000)
   * @param {string} [reason]
   */
  disconnect(code = 1000, reason = "client disconnect") {
    this._generation++;
    this._clearTimer("reconnect");
    const ws = this._ws;
    this._dropSocket();
    if (ws) this._closeQuietly(ws, code, reason);
    this.outgoing.rejectAll(new DisconnectedError("disconnected"));
    this.channels.release();
    this._setState("closed", { closeCode: code, closeReason: reason });
  }

  /**
   * Skips the wait: when reconnecting, tries at once; after giving up (`failed`), starts again. For example when
   * the browser says it is back online.
   */
  reconnectNow() {
    if (this._state === "failed") {
      this.connect();
      return;
    }
    if (this._state !== "reconnecting" || this._timers.reconnect === null) return;
    this._clearTimer("reconnect");
    this._open();
  }

  async _open() {
    const generation = ++this._generation;
    this._setState(this._attempt === 0 ? "connecting" : "reconnecting", { attempt: this._attempt });
    let token;
    try {
      token = await this._fetchToken();
    } catch (error) {
      if (generation !== this._generation) return;
      this.logger.warn("switchboard: getToken failed; will retry", error);
      this._scheduleReconnect(ABNORMAL_CLOSURE, "getToken failed", false, error);
      return;
    }
    if (generation !== this._generation) return;
    if (!token) {
      this._authFailed(new AuthError(4001, "no token"));
      return;
    }
    let url;
    let ws;
    try {
      url = socketUrl(this.options, token, this.options.resume === false ? null : this._lastSeq);
      const protocols = this.options.format === "msgpack" ? [MSGPACK_PROTOCOL, "switchboard"] : [];
      if (this.options.tokenIn === "protocol") {
        if (protocols.length === 0) protocols.push("switchboard");
        protocols.push("bearer." + token);
      }
      ws = protocols.length > 0 ? new this.WebSocketImpl(url, protocols) : new this.WebSocketImpl(url);
      if (this.options.format === "msgpack") ws.binaryType = "arraybuffer";
    } catch (error) {
      this.logger.warn("switchboard: cannot open the socket", error);
      this._scheduleReconnect(ABNORMAL_CLOSURE, "cannot open the socket", false, error);
      return;
    }
    this._ws = ws;
    ws.onopen = () => {
      // Liveness covers the wait for connection_established too.
      if (ws === this._ws) this._armPongDeadline();
    };
    ws.onmessage = (/** @type {{data: unknown}} */ event) => this._onFrame(ws, event.data);
    ws.onclose = (/** @type {{code?: number, reason?: string}} */ event) =>
      this._onClose(ws, event && typeof event.code === "number" ? event.code : ABNORMAL_CLOSURE, (event && event.reason) || "");
    ws.onerror = () => {
      // A close event follows; it carries the code.
    };
  }

  async _fetchToken() {
    if (typeof this.options.getToken === "function") {
      const token = await this.options.getToken();
      this._token = token || null;
    }
    return this._token;
  }

  /**
   * @param {any} ws
   * @param {number} code
   * @param {string} reason
   */
  _onClose(ws, code, reason) {
    if (ws !== this._ws) return;
    const wasConnected = this._state === "connected";
    this._dropSocket();
    this.outgoing.rejectSent(new DisconnectedError(`connection closed (${code})`));
    this._emit("close", { code, reason, wasConnected });
    if (isAuthFailure(code)) {
      this._authFailed(new AuthError(code, reason));
      return;
    }
    if (!shouldReconnect(code)) {
      this.outgoing.rejectAll(new DisconnectedError(`connection closed (${code}${reason ? ": " + reason : ""})`));
      this._setState("closed", { closeCode: code, closeReason: reason });
      return;
    }
    this._scheduleReconnect(code, reason, reconnectAtOnce(code));
  }

  /** @param {AuthError} error */
  _authFailed(error) {
    this._clearTimer("reconnect");
    this.outgoing.rejectAll(error);
    this._setState("auth_failed", { closeCode: error.code, closeReason: error.reason, error });
    const heard = this._emit("authError", error);
    if (this.options.onAuthError) this._safe(() => this.options.onAuthError?.(error));
    else if (!heard) this.logger.warn("switchboard: " + error.message + "; not reconnecting");
  }

  /**
   * @param {number} code
   * @param {string} reason
   * @param {boolean} atOnce
   * @param {unknown} [error]
   */
  _scheduleReconnect(code, reason, atOnce, error) {
    const r = this.reconnectOptions;
    if (!r || this._attempt >= (r.maxAttempts ?? 10)) {
      this.outgoing.rejectAll(new DisconnectedError("gave up reconnecting"));
      this._setState("failed", { closeCode: code, closeReason: reason, error });
      this._emit("giveUp", { attempts: this._attempt, code, reason });
      return;
    }
    const delayMs = atOnce && this._attempt === 0 ? 0 : backoffDelay(this._attempt, r, this.random);
    this._attempt++;
    this._setState("reconnecting", { attempt: this._attempt, delayMs, closeCode: code, closeReason: reason, error });
    const generation = this._generation;
    this._timers.reconnect = this.clock.setTimeout(() => {
      this._timers.reconnect = null;
      if (generation === this._generation) this._open();
    }, delayMs);
  }

  /** Forgets the current socket and its timers (the socket itself is left to the caller). */
  _dropSocket() {
    const ws = this._ws;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    }
    this._ws = null;
    this._sessionId = null;
    this._clearTimer("ping");
    this._clearTimer("pong");
    this._clearTimer("ack");
    this.refresher.cancel();
    this.channels.detach();
  }

  /**
   * @param {any} ws
   * @param {number} code
   * @param {string} reason
   */
  _closeQuietly(ws, code, reason) {
    try {
      ws.close(code, reason);
    } catch {
      // Already closed, or a code the implementation refuses: the socket is forgotten either way.
    }
  }

  /** @param {keyof SwitchboardClient["_timers"]} name */
  _clearTimer(name) {
    if (this._timers[name] !== null) {
      this.clock.clearTimeout(this._timers[name]);
      this._timers[name] = null;
    }
  }

  // ---- frames in ---------------------------------------------------------------------------------------

  /**
   * @param {any} ws
   * @param {unknown} raw
   */
  _onFrame(ws, raw) {
    if (ws !== this._ws) return;
    this._clearTimer("pong"); // any frame proves the connection alive
    const binary = typeof raw !== "string";
    if (binary && ws.protocol !== MSGPACK_PROTOCOL) {
      this._parseError(new SwitchboardError("a binary frame was skipped"), raw);
      return;
    }
    let msg;
    try {
      msg = binary ? decodeFrame(raw) : JSON.parse(/** @type {string} */ (raw));
    } catch (error) {
      const what = binary ? "MessagePack of protocol version 1" : "JSON";
      this._parseError(new SwitchboardError(`a frame that is not ${what} was skipped`, { cause: error }), raw);
      return;
    }
    if (!msg || typeof msg !== "object" || Array.isArray(msg) || typeof msg.type !== "string") {
      this._parseError(new SwitchboardError("a frame that is not an envelope {type, …} was skipped"), raw);
      return;
    }
    if (typeof msg.channel === "string" && !this.channels.fullData(msg, raw)) {
      this._parseError(new SwitchboardError("a delta that does not apply to the last publication was skipped"), raw);
      return;
    }
    this._handle(msg);
  }

  /** @param {Record<string, any>} msg */
  _handle(msg) {
    const type = msg.type;
    // Replies to our requests.
    if ((type === "ack" || type === "pong" || type === "error") && msg.id !== undefined && msg.id !== null) {
      const settled = this.outgoing.settle(msg);
      if (type !== "error" || settled) {
        this._dispatch(msg);
        return;
      }
    }
    // Per-user events carry a sequence number: drop what was already processed.
    if (typeof msg.seq === "number" && type !== "ack") {
      if (this._lastSeq !== null && msg.seq <= this._lastSeq) {
        this.duplicatesDropped++;
        this._emit("duplicate", msg);
        this._scheduleAck(); // the server may not have our ack yet: say again where we are
        return;
      }
      this._dispatch(msg);
      this._lastSeq = msg.seq;
      this._emit("event", msg);
      if (this.options.autoAck !== false) this._scheduleAck();
      return;
    }
    // Channel publications carry a position once the channel keeps history.
    if (typeof msg.channel === "string" && typeof msg.offset === "number" && !this.channels.accept(msg)) {
      this.duplicatesDropped++;
      this._emit("duplicate", msg);
      return;
    }
    if (type === "connection_established") this._onEstablished(msg);
    if (type === "error") this._onUnmatchedError(msg);
    this._dispatch(msg);
  }

  /** @param {Record<string, any>} msg */
  _dispatch(msg) {
    const onError = (/** @type {unknown} */ error) => this._handlerError(error, msg);
    let ran = this.handlers.dispatch(msg.type, msg.data, msg, onError);
    const channelHandler = typeof msg.channel === "string" ? this.channels.handlerOf(msg.channel) : null;
    if (channelHandler) {
      ran++;
      runHandler(channelHandler, msg.data, msg, onError);
    }
    if (ran === 0) this._emit("unhandled", msg);
  }

  /**
   * @param {unknown} error
   * @param {Record<string, any>} envelope
   */
  _handlerError(error, envelope) {
    const heard = this._emit("handlerError", { error, envelope });
    if (this.options.onHandlerError) this._safe(() => this.options.onHandlerError?.(error, envelope));
    else if (!heard) this.logger.error(`switchboard: a handler of "${envelope.type}" threw`, error);
  }

  /**
   * @param {Error} error
   * @param {unknown} raw
   */
  _parseError(error, raw) {
    const heard = this._emit("parseError", { error, raw });
    if (this.options.onParseError) this._safe(() => this.options.onParseError?.(error, raw));
    else if (!heard) this.logger.warn("switchboard: " + error.message, raw);
  }

  /** An error that answers no request of ours (or came without an id). @param {Record<string, any>} msg */
  _onUnmatchedError(msg) {
    const error = new RequestError(msg.error, msg.id);
    const heard = this._emit("serverError", { error, envelope: msg });
    if (this.options.onServerError) this._safe(() => this.options.onServerError?.(error, msg));
    else if (!heard && !this.handlers.has("error")) {
      this.logger.warn(`switchboard: server error ${error.code}${error.field ? " (" + error.field + ")" : ""}: ${error.message}`);
    }
  }

  /** @param {Record<string, any>} msg */
  _onEstablished(msg) {
    const data = msg.data || {};
    this._sessionId = data.session_id ?? null;
    this._userId = data.user_id ?? this._userId;
    const reconnected = this._everConnected === true;
    this._everConnected = true;
    this._attempt = 0;
    this._state = "connected";
    // Channels first (with their positions), then whatever the app queued while away, in order; only then
    // tell the app, so that what it sends from its listeners goes after them.
    this.channels.renewAll();
    this.outgoing.flush();
    this._startPing();
    this.refresher.schedule();
    this._setState("connected", { attempt: 0 });
    this._emit("open", { sessionId: this._sessionId, userId: this._userId, reconnected, data });
  }

  // ---- frames out --------------------------------------------------------------------------------------

  /**
   * Writes a frame on the socket if the session is established and the socket open; false otherwise.
   * @param {string} frame
   */
  _write(frame) {
    // A socket already closing (its close event not yet delivered) would lose the frame: keep it for the next one.
    const ws = this._ws;
    if (this._state !== "connected" || !ws || (ws.readyState !== undefined && ws.readyState !== 1)) return false;
    try {
      // Frames are built as JSON text; a socket of the binary protocol carries them as MessagePack.
      ws.send(ws.protocol === MSGPACK_PROTOCOL ? encodeFrame(frame) : frame);
      return true;
    } catch (error) {
      this.logger.warn("switchboard: send failed", error);
      return false;
    }
  }

  /**
   * Sends a message without waiting for an answer. While not connected it is queued (up to `maxQueued`)
   * and sent, in order, once the connection is back.
   * @param {string} type
   * @param {unknown} [data]
   * @param {Record<string, unknown>} [extra] more top-level fields (e.g. `{id}`)
   */
  send(type, data, extra) {
    const envelope = /** @type {Record<string, unknown>} */ ({ type, ...extra });
    if (data !== undefined) envelope.data = data;
    this.outgoing.send(JSON.stringify(envelope));
  }

  /**
   * Sends a request with a fresh `id` and resolves with the reply (`ack` or `pong`) envelope's `data`;
   * rejects with `RequestError` on an `error` reply, `TimeoutError` when no reply comes in time, and
   * `DisconnectedError` when the connection ends first. While not connected the request waits (its time runs).
   * @param {string} type
   * @param {unknown} [data]
   * @param {{timeoutMs?: number}} [options]
   * @returns {Promise<any>}
   */
  request(type, data, options = {}) {
    return this.outgoing.request(type, data, options.timeoutMs ?? this.options.requestTimeoutMs ?? 10000);
  }

  // ---- acknowledgements and resume ---------------------------------------------------------------------

  _scheduleAck() {
    if (this._timers.ack !== null) return;
    this._timers.ack = this.clock.setTimeout(() => {
      this._timers.ack = null;
      this.ack();
    }, this.options.ackDelayMs ?? 20);
  }

  /**
   * Acknowledges every event up to `seq` (default: the last processed). Acks are cumulative; with
   * `autoAck` (the default) the client sends them itself.
   * @param {number} [seq]
   */
  ack(seq = this._lastSeq ?? undefined) {
    if (typeof seq !== "number" || !this.isConnected || !this._ws) return;
    this._write(JSON.stringify({ type: "ack", seq }));
    if (this._ackedSeq === null || seq > this._ackedSeq) this._ackedSeq = seq;
  }

  /**
   * Asks the server to replay the events after `lastSeq` (default: the last processed) on this session.
   * The client already does this on every reconnect through the URL.
   * @param {number} [lastSeq]
   */
  resume(lastSeq = this._lastSeq ?? 0) {
    return this.request("resume", { last_seq: lastSeq });
  }

  // ---- liveness ----------------------------------------------------------------------------------------

  _startPing() {
    const every = this.options.pingIntervalMs ?? 25000;
    if (!(every > 0)) return;
    const tick = () => {
      this._timers.ping = this.clock.setTimeout(() => {
        this._timers.ping = null;
        if (!this.isConnected) return;
        this._armPongDeadline();
        this.request("ping", undefined, { timeoutMs: this.options.pongTimeoutMs ?? 10000 }).catch(() => {});
        tick();
      }, every);
    };
    tick();
  }

  _armPongDeadline() {
    if (this._timers.pong !== null) return;
    const timeoutMs = this.options.pongTimeoutMs ?? 10000;
    if (!(timeoutMs > 0)) return;
    const ws = this._ws;
    this._timers.pong = this.clock.setTimeout(() => {
      this._timers.pong = null;
      if (ws !== this._ws) return;
      // A dead network may never deliver a close event: give up on this socket now.
      this._closeQuietly(ws, 4000, "no answer to ping");
      this._onClose(ws, ABNORMAL_CLOSURE, `no frame within ${timeoutMs} ms`);
    }, timeoutMs);
  }

  /**
   * Sends an app-level `ping` and resolves with the round trip in milliseconds.
   * @param {{timeoutMs?: number}} [options]
   */
  async ping(options) {
    const start = this.clock.now();
    await this.request("ping", undefined, options);
    return this.clock.now() - start;
  }

  // ---- token refresh -----------------------------------------------------------------------------------

  /**
   * Gets a token from `getToken` and hands it to the server (`refresh_token`), so that the session outlives
   * the old token. The client does this by itself before each token expires.
   * @returns {Promise<void>}
   */
  refreshToken() {
    return this.refresher.refresh();
  }

  // ---- channels ----------------------------------------------------------------------------------------

  /**
   * Subscribes to a channel and keeps the subscription across reconnects, resuming from the last position
   * seen when the channel has history. `handler` gets every frame of that channel; `options.from` is a position
   * kept from earlier (`channelPosition()` saved across page loads). Resolves with the ack's `data` (e.g.
   * `{recovered, epoch, offset}`). `options.delta: "fossil"` asks for publications as Fossil deltas where the
   * namespace allows them (the ack then says `delta: true`); the handler still gets every publication's full data.
   * @param {string} channel
   * @param {Handler} [handler]
   * @param {{from?: {epoch: any, offset: number}, delta?: "fossil"}} [options]
   * @returns {Promise<any>}
   */
  subscribe(channel, handler, options) {
    return this.channels.subscribe(channel, handler, options && options.from, options && options.delta);
  }

  /**
   * Stops a channel's subscription (and its handler); it is no longer renewed on reconnect.
   * @param {string} channel
   * @returns {Promise<any>}
   */
  unsubscribe(channel) {
    return this.channels.unsubscribe(channel);
  }

  /**
   * The last position seen on a channel, for an app that keeps it across page loads.
   * @param {string} channel
   * @returns {{epoch: any, offset: number} | null}
   */
  channelPosition(channel) {
    return this.channels.position(channel);
  }

  /**
   * @param {string} channel
   * @param {any} ack
   */
  _recoveryFailed(channel, ack) {
    const heard = this._emit("recoveryFailed", { channel, ack });
    if (this.options.onRecoveryFailed) this._safe(() => this.options.onRecoveryFailed?.(channel, ack));
    else if (!heard) this.logger.warn(`switchboard: missed publications on ${channel} cannot be recovered; reload`);
  }

  /**
   * @param {string} channel
   * @param {unknown} error
   * @param {boolean} awaited whether a caller of subscribe() gets the error
   */
  _subscribeRefused(channel, error, awaited) {
    const heard = this._emit("subscribeError", { channel, error });
    if (!awaited && !heard) this.logger.warn(`switchboard: the subscription to ${channel} was refused`, error);
  }

  /**
   * Publishes `data` on a channel; resolves when the server acks.
   * @param {string} channel
   * @param {unknown} data
   */
  publish(channel, data) {
    return this.request("publish", { channel, data });
  }
}

/**
 * Creates a client; call `connect()` on it.
 * @param {ClientOptions} options
 */
export function createClient(options) {
  return new SwitchboardClient(options);
}
