// Handlers by message type. Several parts of an app may handle the same type; each runs, and one that
// throws does not stop the others.

/**
 * @callback Handler
 * @param {any} data the envelope's `data` (undefined when it has none)
 * @param {Record<string, any>} envelope the whole message as received
 * @returns {unknown}
 */

/** A set of handlers per message type. */
export class HandlerRegistry {
  constructor() {
    /** @type {Map<string, Set<Handler>>} */
    this.byType = new Map();
  }

  /**
   * Adds handlers; returns a function that removes exactly these (calling it twice is harmless).
   * @param {Record<string, Handler>} handlers
   * @returns {() => void}
   */
  register(handlers) {
    if (!handlers || typeof handlers !== "object") throw new TypeError("registerHandlers takes an object {type: function}");
    /** @type {Array<[string, Handler]>} */
    const added = [];
    for (const [type, fn] of Object.entries(handlers)) {
      if (typeof fn !== "function") throw new TypeError(`the handler for "${type}" is not a function`);
      let set = this.byType.get(type);
      if (!set) this.byType.set(type, (set = new Set()));
      // The same function registered twice under one type would run once; wrap it so each registration counts.
      const entry = /** @type {Handler} */ ((data, envelope) => fn(data, envelope));
      set.add(entry);
      added.push([type, entry]);
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      for (const [type, entry] of added) {
        const set = this.byType.get(type);
        if (set && set.delete(entry) && set.size === 0) this.byType.delete(type);
      }
    };
  }

  /**
   * Whether any handler is registered for the type.
   * @param {string} type
   */
  has(type) {
    return this.byType.has(type);
  }

  /**
   * Runs every handler of the type; a throw or a rejected promise goes to `onError`, and the rest still run.
   * @param {string} type
   * @param {any} data
   * @param {Record<string, any>} envelope
   * @param {(error: unknown) => void} onError
   * @returns {number} how many handlers ran
   */
  dispatch(type, data, envelope, onError) {
    const set = this.byType.get(type);
    if (!set) return 0;
    let ran = 0;
    for (const handler of [...set]) {
      ran++;
      runHandler(handler, data, envelope, onError);
    }
    return ran;
  }
}

/**
 * Runs one handler; a throw, or a promise it returns that rejects, goes to `onError`.
 * @param {Handler} handler
 * @param {any} data
 * @param {Record<string, any>} envelope
 * @param {(error: unknown) => void} onError
 */
export function runHandler(handler, data, envelope, onError) {
  try {
    const result = handler(data, envelope);
    if (result && typeof (/** @type {any} */ (result).then) === "function") {
      /** @type {Promise<unknown>} */ (result).then(undefined, onError);
    }
  } catch (error) {
    onError(error);
  }
}
