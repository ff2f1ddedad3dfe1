// The SSE transport: `GET /connection/sse?token=…` through the browser's EventSource, each server frame a
// `data:` event, the last one `event: close`. EventSource would reconnect by itself; the client reconnects
// instead (with its positions and backoff), so any error ends this socket as 1006.
import { StreamSocket } from "./stream-socket.js";

export class SseSocket extends StreamSocket {
  /**
   * @param {import("./stream-socket.js").StreamSocketOptions & {EventSource: any}} options
   */
  constructor(options) {
    super("sse", options);
    const source = new options.EventSource(options.url);
    this.source = source;
    source.onopen = () => this.opened();
    source.onmessage = (/** @type {{data: string}} */ event) => this.frame(event.data);
    source.addEventListener("close", (/** @type {{data: string}} */ event) => {
      let msg = null;
      try {
        msg = JSON.parse(event.data);
      } catch {
        // A close without a readable body is still the end of the session.
      }
      // The spec's body is the whole frame {type: "close", data: {code, reason}}; accept {code, reason} too.
      this.closeFrame(msg && msg.type === "close" ? msg : { data: msg });
    });
    source.onerror = () => {
      this.finish(1006, this.readyState === 1 ? "the event stream broke" : "the event stream did not open");
    };
  }

  stop() {
    const source = this.source;
    source.onopen = source.onmessage = source.onerror = null;
    source.close();
  }
}
