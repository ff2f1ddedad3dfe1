// Test doubles: a clock whose time moves only when told, and a WebSocket whose server side the test plays.

/** Timers that fire only when the test advances the time. */
export class FakeClock {
  constructor(start = 1_700_000_000_000) {
    this.time = start;
    this.nextHandle = 1;
    /** @type {Map<number, {at: number, fn: () => void, ms: number}>} */
    this.timers = new Map();
    /** every delay ever asked for, in order */
    this.requested = [];
  }

  now() {
    return this.time;
  }

  setTimeout(fn, ms) {
    const handle = this.nextHandle++;
    this.timers.set(handle, { at: this.time + Math.max(0, ms), fn, ms });
    this.requested.push(ms);
    return handle;
  }

  clearTimeout(handle) {
    this.timers.delete(handle);
  }

  /** Moves the time forward, firing due timers in order (those they set too). */
  async advance(ms) {
    const until = this.time + ms;
    for (let guard = 0; guard < 10_000; guard++) {
      let next = null;
      for (const [handle, t] of this.timers) {
        if (t.at <= until && (next === null || t.at < next[1].at)) next = [handle, t];
      }
      if (next === null) break;
      this.timers.delete(next[0]);
      this.time = Math.max(this.time, next[1].at);
      next[1].fn();
      await settle();
    }
    this.time = until;
    await settle();
  }

  /** The delays of the timers still waiting. */
  pendingDelays() {
    return [...this.timers.values()].map((t) => t.ms);
  }
}

/** Lets promises and microtasks run. */
export async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A WebSocket the test drives from the server's side. Every instance is kept in `FakeWebSocket.all`. */
export class FakeWebSocket {
  /** @type {FakeWebSocket[]} */
  static all = [];

  static reset() {
    FakeWebSocket.all = [];
  }

  static get last() {
    return FakeWebSocket.all[FakeWebSocket.all.length - 1];
  }

  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    /** @type {string[]} */
    this.sent = [];
    this.closedWith = null;
    this.onopen = null;
    this.onmessage = null;
    this.onclose = null;
    this.onerror = null;
    FakeWebSocket.all.push(this);
  }

  send(frame) {
    if (this.closedWith) throw new Error("send on a closed socket");
    this.sent.push(frame);
  }

  close(code, reason) {
    this.closedWith = { code, reason };
  }

  /** The frames the client sent, parsed. */
  get messages() {
    return this.sent.map((f) => JSON.parse(f));
  }

  // ---- the server's side ----

  open() {
    this.onopen?.({});
  }

  /** Delivers a frame: an object is sent as JSON, a string as is. */
  receive(frame) {
    this.onmessage?.({ data: typeof frame === "string" ? frame : JSON.stringify(frame) });
  }

  /** Opens and sends connection_established. */
  establish(userId = "u1", sessionId = "s-" + FakeWebSocket.all.length) {
    this.open();
    this.receive({ type: "connection_established", data: { session_id: sessionId, user_id: userId } });
  }

  serverClose(code, reason = "") {
    this.closedWith = { code, reason };
    this.onclose?.({ code, reason });
  }
}

/** A JWT-shaped token (unsigned: the client never verifies) expiring at `expSeconds`. */
export function fakeJwt(claims) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return b64({ alg: "HS256", typ: "JWT" }) + "." + b64(claims) + ".sig";
}

/** A logger that keeps what it was told. */
export function recordingLogger() {
  const lines = [];
  return {
    lines,
    warn: (...args) => lines.push(["warn", ...args]),
    error: (...args) => lines.push(["error", ...args]),
  };
}

/** An EventSource the test drives from the server's side. Every instance is kept in `FakeEventSource.all`. */
export class FakeEventSource {
  /** @type {FakeEventSource[]} */
  static all = [];

  static reset() {
    FakeEventSource.all = [];
  }

  static get last() {
    return FakeEventSource.all[FakeEventSource.all.length - 1];
  }

  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.closed = false;
    this.onopen = null;
    this.onmessage = null;
    this.onerror = null;
    /** @type {Map<string, Array<(e: any) => void>>} */
    this.listeners = new Map();
    FakeEventSource.all.push(this);
  }

  addEventListener(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(fn);
  }

  close() {
    this.closed = true;
    this.readyState = 2;
  }

  // ---- the server's side ----

  open() {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** A `data:` event: an object is sent as JSON. */
  receive(frame) {
    if (this.closed) return;
    this.onmessage?.({ data: typeof frame === "string" ? frame : JSON.stringify(frame) });
  }

  /** A named event (`event: close`). */
  event(type, data) {
    if (this.closed) return;
    for (const fn of this.listeners.get(type) || []) fn({ data: typeof data === "string" ? data : JSON.stringify(data) });
  }

  establish(userId = "u1", sessionId = "sse-" + FakeEventSource.all.length) {
    this.open();
    this.receive({ type: "connection_established", data: { session_id: sessionId, user_id: userId } });
  }

  /** The connection broke (EventSource would retry by itself; the client must not let it). */
  fail() {
    this.readyState = 0;
    this.onerror?.({});
  }
}

/**
 * A fetch the test answers: commands (`/connection/command`) get 202 unless `answerCommand` says otherwise;
 * streams (`/connection/stream`) get a response whose body the test writes with `push(line)` and `end()`.
 */
export function fakeFetch() {
  const calls = [];
  const streams = [];
  const state = {
    calls,
    streams,
    /** @type {(call: any) => (Response | Promise<Response>)} */
    answerCommand: () => new Response('{"accepted":1}', { status: 202 }),
    /** @type {((call: any) => Response) | null} */
    answerStream: null,
    /** The commands posted, each as the list of envelopes its body held. */
    get commands() {
      return calls.filter((c) => c.url.includes("/connection/command")).map((c) => {
        const body = JSON.parse(c.init.body);
        return Array.isArray(body) ? body : [body];
      });
    },
    fetch: async (url, init = {}) => {
      const call = { url: String(url), init, headers: init.headers || {} };
      calls.push(call);
      if (call.url.includes("/connection/command")) return state.answerCommand(call);
      if (state.answerStream) return state.answerStream(call);
      const encoder = new TextEncoder();
      let controller;
      const body = new ReadableStream({ start: (c) => { controller = c; } });
      const stream = {
        call,
        push: (text) => controller.enqueue(encoder.encode(text)),
        line: (frame) => controller.enqueue(encoder.encode((typeof frame === "string" ? frame : JSON.stringify(frame)) + "\n")),
        end: () => controller.close(),
        establish(userId = "u1", sessionId = "hs-" + streams.length) {
          this.line({ type: "connection_established", data: { session_id: sessionId, user_id: userId } });
        },
      };
      streams.push(stream);
      init.signal?.addEventListener("abort", () => { try { controller.error(new Error("aborted")); } catch { /* closed */ } });
      return new Response(body, { status: 200, headers: { "Content-Type": "application/x-ndjson" } });
    },
  };
  return state;
}
