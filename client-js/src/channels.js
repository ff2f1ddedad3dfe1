// The client's channel subscriptions: kept across reconnects and renewed with the last position seen, so that a
// channel with history replays what was missed (docs/PROTOCOL.md, "Channel recovery"), with duplicates dropped.
import { DisconnectedError, SwitchboardError } from "./errors.js";
import { backoffDelay } from "./backoff.js";
import { DeltaBase, rawData } from "./fossil.js";

/** @typedef {import("./registry.js").Handler} Handler */
/**
 * @typedef {object} Subscription
 * @property {any} epoch the stream's epoch at the last position, or null
 * @property {number | null} offset the last offset processed, or null (no history, or nothing seen yet)
 * @property {Handler | null} handler
 * @property {boolean} active acknowledged on the current socket
 * @property {boolean} inFlight a subscribe is waiting for its answer
 * @property {number} retries temporary refusals in a row
 * @property {any} ack the last ack's data
 * @property {DeltaBase | null} delta the base of the next delta when the subscription asked for deltas
 * @property {Array<{resolve: (v: any) => void, reject: (e: unknown) => void}>} waiters
 */

/** The subscriptions of one client. Used from the client only; every method runs on the client's frames and calls. */
export class ChannelSubscriptions {
  /** @param {import("./client.js").SwitchboardClient} client */
  constructor(client) {
    this.client = client;
    /** @type {Map<string, Subscription>} */
    this.byName = new Map();
  }

  /**
   * @param {string} channel
   * @param {Handler | undefined} handler
   * @param {{epoch: any, offset: number} | undefined} from a position kept from earlier (e.g. across page loads)
   * @param {"fossil" | undefined} [delta] ask for publications as Fossil deltas
   * @returns {Promise<any>}
   */
  subscribe(channel, handler, from, delta) {
    let entry = this.byName.get(channel);
    if (!entry) {
      entry = { epoch: null, offset: null, handler: null, active: false, inFlight: false, retries: 0, ack: undefined,
        waiters: [], delta: null };
      this.byName.set(channel, entry);
    }
    if (delta === "fossil" && !entry.delta) entry.delta = new DeltaBase();
    if (handler) entry.handler = handler;
    if (from && typeof from.offset === "number" && entry.offset === null) {
      entry.epoch = from.epoch;
      entry.offset = from.offset;
    }
    const e = entry;
    if (e.active) return Promise.resolve(e.ack);
    return new Promise((resolve, reject) => {
      e.waiters.push({ resolve, reject });
      if (this.client.isConnected && !e.inFlight) this.send(channel, e);
    });
  }

  /**
   * Forgets a channel (it is not renewed again); resolves when the server acks the unsubscribe.
   * @param {string} channel
   * @returns {Promise<any>}
   */
  unsubscribe(channel) {
    const entry = this.byName.get(channel);
    this.byName.delete(channel);
    if (entry) failWaiters(entry, new SwitchboardError("unsubscribed from " + channel));
    if (!this.client.isConnected) return Promise.resolve(undefined);
    return this.client.request("unsubscribe", { channel });
  }

  /**
   * @param {string} channel
   * @returns {{epoch: any, offset: number} | null}
   */
  position(channel) {
    const entry = this.byName.get(channel);
    return entry && entry.offset !== null ? { epoch: entry.epoch, offset: entry.offset } : null;
  }

  /**
   * @param {string} channel
   * @returns {Handler | null}
   */
  handlerOf(channel) {
    const entry = this.byName.get(channel);
    return entry ? entry.handler : null;
  }

  /**
   * Takes a publication's position; false when it was already processed (a duplicate to drop).
   * @param {Record<string, any>} msg a frame with `channel` and a numeric `offset`
   */
  accept(msg) {
    const entry = this.byName.get(msg.channel);
    if (!entry) return true;
    if (entry.offset !== null && entry.epoch === msg.epoch && msg.offset <= entry.offset) return false;
    entry.epoch = msg.epoch;
    entry.offset = msg.offset;
    return true;
  }

  /**
   * Puts the full data in a publication of a delta subscription (the delta applied when it is one) and keeps it as
   * the next delta's base; false when a delta does not apply.
   * @param {Record<string, any>} msg
   * @param {unknown} raw the frame as it arrived (text for JSON): the base is the exact text of its data
   */
  fullData(msg, raw) {
    const entry = this.byName.get(msg.channel);
    // Every full publication is kept, even before the ack: on a busy channel the first one can come ahead of it.
    // A frame that is not text (MessagePack) never has a delta: the server grants none there.
    if (!entry || !entry.delta || typeof raw !== "string" || msg.type === "join" || msg.type === "leave" || msg.type === "unsubscribed"
        || msg.type === "ack" || msg.type === "error") return true;
    try {
      msg.data = entry.delta.take(msg.data, msg.delta === true, msg.delta === true ? undefined : rawData(raw));
      delete msg.delta;
      return true;
    } catch {
      // The server's next publication would be another delta against what we do not have: subscribe again, which
      // starts full and, with history, recovers the dropped publication (its offset was not taken).
      entry.delta.reset();
      if (this.client.isConnected && !entry.inFlight) {
        const name = msg.channel;
        entry.active = false;
        entry.inFlight = true;
        this.client.request("unsubscribe", { channel: name }).catch(() => {}).then(() => {
          entry.inFlight = false;
          if (this.byName.get(name) === entry && this.client.isConnected && !entry.active) this.send(name, entry);
        });
      }
      return false;
    }
  }

  /** A session was established: subscribe to every channel again, from its position. */
  renewAll() {
    for (const [name, entry] of this.byName) this.send(name, entry);
  }

  /** The socket is gone: every subscription must be renewed on the next one. */
  detach() {
    for (const entry of this.byName.values()) {
      entry.active = false;
      entry.inFlight = false;
    }
  }

  /** `disconnect()`: the subscriptions are kept for the next `connect()`, their waiting callers are let go. */
  release() {
    for (const entry of this.byName.values()) failWaiters(entry, new DisconnectedError("disconnected"));
  }

  /**
   * @param {string} name
   * @param {Subscription} entry
   */
  send(name, entry) {
    const client = this.client;
    entry.inFlight = true;
    const data = /** @type {Record<string, unknown>} */ ({ channel: name });
    if (entry.offset !== null) data.recover = { epoch: entry.epoch, offset: entry.offset };
    if (entry.delta) {
      data.delta = "fossil";
      entry.delta.reset(); // a new subscription's first publication is full
    }
    client.request("subscribe", data).then(
      (ack) => {
        if (this.byName.get(name) !== entry) return;
        entry.inFlight = false;
        entry.active = true;
        entry.retries = 0;
        entry.ack = ack;
        if (ack && typeof ack === "object") {
          if (ack.recovered === false) client._recoveryFailed(name, ack);
          if (typeof ack.offset === "number" && (ack.recovered === false || entry.epoch !== ack.epoch
              || entry.offset === null || ack.offset > entry.offset)) {
            entry.epoch = ack.epoch;
            entry.offset = ack.offset;
          }
        }
        const waiters = entry.waiters;
        entry.waiters = [];
        for (const w of waiters) w.resolve(ack);
      },
      (error) => {
        if (this.byName.get(name) !== entry) return;
        entry.inFlight = false;
        if (error instanceof DisconnectedError && client.state !== "closed") return; // renewed on reconnect
        if (error && error.temporary && !(error instanceof DisconnectedError) && entry.retries < 5 && client.isConnected) {
          // e.g. `unavailable` when too much arrived during a recovery: the protocol says subscribe again.
          const session = client.sessionId;
          const delay = backoffDelay(entry.retries++, { baseDelayMs: 500, maxDelayMs: 8000 }, client.random);
          client.clock.setTimeout(() => {
            if (this.byName.get(name) === entry && client.sessionId === session && client.isConnected
                && !entry.active && !entry.inFlight) this.send(name, entry);
          }, delay);
          return;
        }
        this.byName.delete(name);
        client._subscribeRefused(name, error, entry.waiters.length > 0);
        failWaiters(entry, error);
      });
  }
}

/**
 * @param {Subscription} entry
 * @param {unknown} error
 */
function failWaiters(entry, error) {
  const waiters = entry.waiters;
  entry.waiters = [];
  for (const w of waiters) w.reject(error);
}
