// A server stream (SSE or HTTP streaming) dressed as a WebSocket, so that the client's one state machine drives
// every transport: frames come in on the stream, commands go out as POSTs, and the server's last `close` frame
// (or the stream ending without one: 1006) becomes the close event a WebSocket would have had.
import { CommandPoster } from "./commands.js";

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;
/** A `close` frame, recognised without parsing every frame: only a line that may be one is parsed. */
const MAYBE_CLOSE = /"type"\s*:\s*"close"/;

/**
 * @typedef {object} StreamSocketOptions
 * @property {string} url the stream's URL (token and positions in its query)
 * @property {string} commandUrl `…/connection/command`
 * @property {() => (string | null)} token the current token
 * @property {typeof fetch} fetch
 * @property {import("./client.js").Clock} clock
 * @property {Pick<Console, "warn">} logger
 */

/** What SSE and HTTP streaming share; subclasses start the stream and feed `frame()` and `finish()`. */
export class StreamSocket {
  /**
   * @param {string} transport the transport's name
   * @param {StreamSocketOptions} options
   */
  constructor(transport, options) {
    this.transport = transport;
    this.url = options.url;
    this.readyState = CONNECTING;
    /** @type {((event: any) => void) | null} */ this.onopen = null;
    /** @type {((event: {data: string}) => void) | null} */ this.onmessage = null;
    /** @type {((event: {code: number, reason: string}) => void) | null} */ this.onclose = null;
    /** @type {((event: any) => void) | null} */ this.onerror = null;
    this.commands = new CommandPoster({
      url: options.commandUrl,
      token: options.token,
      fetch: options.fetch,
      clock: options.clock,
      logger: options.logger,
      fail: (code, reason) => this.finish(code, reason),
    });
  }

  /** The session the commands address, from `connection_established`; null before it. */
  get sessionId() {
    return this.commands.session;
  }

  /** Sends one frame (a JSON envelope) as a command; throws unless the stream is open and established. */
  send(/** @type {string} */ frame) {
    if (this.readyState !== OPEN) throw new Error("the stream is not open");
    this.commands.send(frame);
  }

  /**
   * Ends the stream from this side (the server sees the request end); the close event follows, as on a WebSocket.
   * @param {number} [code]
   * @param {string} [reason]
   */
  close(code = 1000, reason = "") {
    if (this.readyState === CLOSED) return;
    this.stop();
    queueMicrotask(() => this.finish(code, reason));
  }

  // ---- for subclasses ----

  /** Releases the stream (abort the request, close the EventSource). */
  stop() {
    throw new Error("not implemented");
  }

  opened() {
    if (this.readyState !== CONNECTING) return;
    this.readyState = OPEN;
    this.onopen?.({});
  }

  /**
   * One frame from the server.
   * @param {string} text
   */
  frame(text) {
    if (this.readyState === CLOSED) return;
    if (this.commands.session === null) {
      // The first frame is connection_established; its session_id addresses the commands.
      const first = parse(text);
      const id = first && first.type === "connection_established" && first.data ? first.data.session_id : null;
      if (id !== null && id !== undefined) this.commands.session = String(id);
    }
    if (MAYBE_CLOSE.test(text)) {
      const msg = parse(text);
      if (msg && msg.type === "close") {
        this.closeFrame(msg);
        return;
      }
    }
    this.onmessage?.({ data: text });
  }

  /**
   * The server's last frame `{"type":"close","data":{"code","reason"}}`: the close a WebSocket would have had.
   * @param {any} msg
   */
  closeFrame(msg) {
    const data = (msg && msg.data) || {};
    const code = typeof data.code === "number" ? data.code : 1006;
    this.stop();
    this.finish(code, typeof data.reason === "string" ? data.reason : "");
  }

  /**
   * The stream is over: the close event, once.
   * @param {number} code
   * @param {string} reason
   */
  finish(code, reason) {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.commands.stop();
    try {
      this.stop();
    } catch {
      // Already released.
    }
    this.onclose?.({ code, reason });
  }
}

/** @param {string} text */
function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
