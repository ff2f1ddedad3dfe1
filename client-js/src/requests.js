// Requests matched to their replies by id, with time limits; and the queue of what was sent while the
// connection was down, flushed in order once it is back.
import { RequestError, SwitchboardError, TimeoutError } from "./errors.js";

/**
 * @typedef {object} Pending
 * @property {(value: any) => void} resolve
 * @property {(error: unknown) => void} reject
 * @property {any} timer
 * @property {boolean} sent on a socket (its answer dies with that socket), not only queued
 * @property {string} frame
 */

/** One client's outgoing frames. `write(frame)` returns false when no socket can take the frame now. */
export class Outgoing {
  /**
   * @param {import("./client.js").Clock} clock
   * @param {(frame: string) => boolean} write
   * @param {number} maxQueued
   */
  constructor(clock, write, maxQueued) {
    this.clock = clock;
    this.write = write;
    this.maxQueued = maxQueued;
    this.nextId = 1;
    /** @type {Map<string, Pending>} */
    this.pending = new Map();
    /** @type {string[]} */
    this.queue = [];
  }

  /**
   * Writes the frame, or queues it for the next connection; throws when the queue is full.
   * @param {string} frame
   * @returns {boolean} whether it was written now
   */
  send(frame) {
    if (this.write(frame)) return true;
    if (this.queue.length >= this.maxQueued) throw new SwitchboardError("not connected and the send queue is full");
    this.queue.push(frame);
    return false;
  }

  /**
   * @param {string} type
   * @param {unknown} data
   * @param {number} timeoutMs
   * @returns {Promise<any>}
   */
  request(type, data, timeoutMs) {
    const id = "c" + this.nextId++;
    const envelope = /** @type {Record<string, unknown>} */ ({ type, id });
    if (data !== undefined) envelope.data = data;
    const frame = JSON.stringify(envelope);
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        if (this.pending.delete(id)) {
          const at = this.queue.indexOf(frame);
          if (at >= 0) this.queue.splice(at, 1);
          reject(new TimeoutError(`no answer to ${type} (${id}) within ${timeoutMs} ms`));
        }
      }, timeoutMs);
      /** @type {Pending} */
      const pending = { resolve, reject, timer, sent: false, frame };
      this.pending.set(id, pending);
      try {
        pending.sent = this.send(frame);
      } catch (error) {
        this.pending.delete(id);
        this.clock.clearTimeout(timer);
        reject(error);
      }
    });
  }

  /** Writes what was queued, in order (the connection is back). */
  flush() {
    const queued = this.queue;
    this.queue = [];
    for (const frame of queued) this.write(frame);
    for (const pending of this.pending.values()) pending.sent = true;
  }

  /**
   * Resolves or rejects the request a reply answers.
   * @param {Record<string, any>} msg an `ack`, `pong` or `error` with an id
   * @returns {boolean} whether it answered one of ours
   */
  settle(msg) {
    const key = String(msg.id);
    const pending = this.pending.get(key);
    if (!pending) return false;
    this.pending.delete(key);
    this.clock.clearTimeout(pending.timer);
    if (msg.type === "error") pending.reject(new RequestError(msg.error, msg.id));
    else pending.resolve(msg.data);
    return true;
  }

  /** Rejects the requests already on the wire (their answers died with the socket); queued ones wait. @param {Error} error */
  rejectSent(error) {
    for (const [id, pending] of [...this.pending]) {
      if (!pending.sent) continue;
      this.pending.delete(id);
      this.clock.clearTimeout(pending.timer);
      pending.reject(error);
    }
  }

  /** Rejects every request and drops the queue (the client stops). @param {Error} error */
  rejectAll(error) {
    for (const [id, pending] of [...this.pending]) {
      this.pending.delete(id);
      this.clock.clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.queue = [];
  }
}
