// What a stream transport (SSE, HTTP streaming) sends goes up as HTTP POSTs to /connection/command
// (docs/PROTOCOL.md, "SSE and HTTP streaming"): one POST at a time so that commands keep their order, the frames
// written meanwhile batched into the next one (a JSON array, at most 100), the replies coming back on the stream.

/** Frames in one POST, as the server allows. */
export const MAX_BATCH_FRAMES = 100;
/** Bytes in one POST: a frame over this goes alone (the server judges it against its message limit). */
export const MAX_BATCH_CHARS = 64 * 1024;
/** Frames waiting for their POST; beyond this the connection is given up (close 4101), never memory. */
export const MAX_WAITING_FRAMES = 1000;

/**
 * @typedef {object} CommandPosterOptions
 * @property {string} url `…/connection/command` (the session is added as `?session=`)
 * @property {() => (string | null)} token the current token (it changes when the client refreshes it)
 * @property {typeof fetch} fetch
 * @property {import("./client.js").Clock} clock
 * @property {(code: number, reason: string) => void} fail ends the connection the way a close code would
 * @property {Pick<Console, "warn">} logger
 */

/** Posts one session's commands in order. */
export class CommandPoster {
  /** @param {CommandPosterOptions} options */
  constructor(options) {
    this.options = options;
    /** @type {string | null} */
    this.session = null;
    /** @type {string[]} */
    this.waiting = [];
    this.posting = false;
    this.stopped = false;
    this.scheduled = false;
    /** frames at the front of `waiting` to post one per request (a batch of theirs was too large) */
    this.singles = 0;
  }

  /**
   * Queues a frame for the next POST; throws once too many wait (the connection is failed then too).
   * @param {string} frame
   */
  send(frame) {
    if (this.stopped) throw new Error("the stream is closed");
    if (this.session === null) throw new Error("no session yet: connection_established has not arrived");
    if (this.waiting.length >= MAX_WAITING_FRAMES) {
      this.options.fail(4101, "commands backed up");
      throw new Error("too many commands waiting");
    }
    this.waiting.push(frame);
    // Frames written in the same turn (renewed subscriptions, a queue flushed) go in one POST.
    if (!this.posting && !this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        this.next();
      });
    }
  }

  /** Stops posting: frames not yet posted are dropped, as a closed socket drops them. */
  stop() {
    this.stopped = true;
    this.waiting = [];
  }

  next() {
    if (this.posting || this.stopped || this.waiting.length === 0) return;
    const batch = this.singles > 0 ? this.waiting.splice(0, 1) : takeBatch(this.waiting);
    if (this.singles > 0) this.singles--;
    this.posting = true;
    this.post(batch).finally(() => {
      this.posting = false;
      this.next();
    });
  }

  /** @param {string[]} batch */
  async post(batch) {
    const { url, token, fetch: fetchImpl, clock, fail, logger } = this.options;
    const target = url + (url.includes("?") ? "&" : "?") + "session=" + encodeURIComponent(/** @type {string} */ (this.session));
    const headers = /** @type {Record<string, string>} */ ({ "Content-Type": "application/json" });
    const current = token();
    if (current) headers.Authorization = "Bearer " + current;
    let response;
    try {
      response = await fetchImpl(target, { method: "POST", headers, body: batch.length === 1 ? batch[0] : "[" + batch.join(",") + "]" });
    } catch (error) {
      // Whether the node got it is unknown, as with a socket that drops mid-write: start over on a new session.
      if (!this.stopped) fail(1006, "a command could not be posted");
      return;
    }
    if (this.stopped) return;
    if (response.status === 202 || response.ok) return;
    const error = await errorOf(response);
    switch (response.status) {
      case 401:
        fail(4002, error.message || "the token was refused");
        return;
      case 403:
        fail(4003, error.message || "the session belongs to another user");
        return;
      case 404:
        fail(1006, "the session is gone (" + (error.code || "unknown_session") + ")");
        return;
      case 413:
        if (batch.length > 1) {
          // One of them is over the node's message limit: post them one by one, so that only that one is lost.
          this.waiting.unshift(...batch);
          this.singles = batch.length;
          return;
        }
        // As a WebSocket frame over the limit: refused (its request times out), the session lives on.
        logger.warn(`switchboard: a command over the node's message limit was refused: ${error.message || ""}`.trim());
        return;
      case 429:
      case 503: {
        // Not processed (too many commands at work, or the session's node cannot be asked now): post the same
        // frames again, first, once the node allows.
        this.waiting.unshift(...batch);
        const seconds = Number(response.headers?.get?.("Retry-After"));
        await new Promise((resolve) => clock.setTimeout(() => resolve(undefined), seconds > 0 ? seconds * 1000 : 1000));
        return;
      }
      default:
        // A bad body is our bug or the node's; its requests time out like unanswered ones, the session lives on.
        logger.warn(`switchboard: POST ${url} answered ${response.status}: ${error.code || ""} ${error.message || ""}`.trim());
    }
  }
}

/**
 * Takes the frames of the next POST off the front of `waiting`.
 * @param {string[]} waiting
 */
function takeBatch(waiting) {
  let count = 0;
  let chars = 0;
  while (count < waiting.length && count < MAX_BATCH_FRAMES) {
    chars += waiting[count].length + 1;
    if (count > 0 && chars > MAX_BATCH_CHARS) break;
    count++;
  }
  return waiting.splice(0, count);
}

/**
 * The `{error: {code, message}}` of an answer, or an empty object.
 * @param {Response} response
 * @returns {Promise<{code?: string, message?: string}>}
 */
async function errorOf(response) {
  try {
    const body = await response.json();
    return body && typeof body.error === "object" && body.error ? body.error : {};
  } catch {
    return {};
  }
}
