// The HTTP-streaming transport: `POST /connection/stream` with the token in the Authorization header, read with
// fetch as NDJSON (one frame a line; an empty line is the server's heartbeat), for networks where neither
// WebSocket nor EventSource gets through.
import { StreamSocket } from "./stream-socket.js";

/** The longest line kept while waiting for its end: a frame the server would never send; beyond it, close 1009. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

export class HttpStreamSocket extends StreamSocket {
  /** @param {import("./stream-socket.js").StreamSocketOptions} options */
  constructor(options) {
    super("http_stream", options);
    this.abort = new AbortController();
    this.read(options).catch(() => this.finish(1006, "the stream broke"));
  }

  stop() {
    this.abort.abort();
  }

  /** @param {import("./stream-socket.js").StreamSocketOptions} options */
  async read(options) {
    const headers = /** @type {Record<string, string>} */ ({ "Content-Type": "application/json", Accept: "application/x-ndjson" });
    const token = options.token();
    if (token) headers.Authorization = "Bearer " + token;
    const response = await options.fetch(options.url, { method: "POST", headers, body: "{}", signal: this.abort.signal, cache: "no-store" });
    if (!response.ok || !response.body) {
      const [code, reason] = await refusal(response);
      this.finish(code, reason);
      return;
    }
    this.opened();
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffered = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, end).trim();
        buffered = buffered.slice(end + 1);
        if (line) this.frame(line);
        if (this.readyState === 3) return;
      }
      if (buffered.length > MAX_LINE_CHARS) {
        this.finish(1009, "a frame on the stream is too large");
        return;
      }
    }
    this.finish(1006, "the stream ended");
  }
}

/**
 * The close code for a stream the node refused: a token it refused is an auth failure (no reconnect), anything
 * else a connection that did not open (the next transport, or a reconnect with backoff).
 * @param {Response} response
 * @returns {Promise<[number, string]>}
 */
async function refusal(response) {
  let error = /** @type {{code?: string, message?: string}} */ ({});
  try {
    const body = await response.json();
    if (body && body.error) error = body.error;
  } catch {
    // Not JSON: the status says enough.
  }
  const reason = error.message || `HTTP ${response.status}`;
  if (response.status === 401) return [error.code === "no_token" ? 4001 : 4002, reason];
  return [1006, reason];
}
