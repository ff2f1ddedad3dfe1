// Reconnection delays and what a close code means, as docs/PROTOCOL.md ("Close codes") lays them down.

/**
 * @typedef {object} BackoffOptions
 * @property {number} [baseDelayMs] the first delay (default 1000): then 2x, 4x, 8x…
 * @property {number} [maxDelayMs] no delay is longer (default 30000)
 * @property {number} [jitter] spread, as a fraction of the delay: 0.2 means ±20 % (default 0.2, 0 for none)
 */

/** Defaults: 1 s, 2 s, 4 s, 8 s… up to 30 s, each ±20 %. */
export const DEFAULT_BACKOFF = Object.freeze({ baseDelayMs: 1000, maxDelayMs: 30000, jitter: 0.2 });

/**
 * The delay before reconnection attempt `attempt` (0 for the first): `base * 2^attempt`, capped at
 * `maxDelayMs`, spread by ±`jitter` with `random()` (0.5 gives the delay without spread).
 * @param {number} attempt
 * @param {BackoffOptions} [options]
 * @param {() => number} [random] a number in [0, 1)
 * @returns {number} milliseconds, never negative
 */
export function backoffDelay(attempt, options = {}, random = Math.random) {
  const base = options.baseDelayMs ?? DEFAULT_BACKOFF.baseDelayMs;
  const max = options.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? DEFAULT_BACKOFF.jitter));
  const exact = Math.min(max, base * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.max(0, Math.round(exact * (1 + jitter * (2 * random() - 1))));
}

/**
 * Whether the close code means the credentials were refused (4001–4003): do not reconnect, get a new token.
 * @param {number} code
 */
export function isAuthFailure(code) {
  return code >= 4001 && code <= 4003;
}

/**
 * Whether a client should reconnect after a close with this code: not after 1000 (a close someone meant)
 * nor 4000–4099 (something must change first).
 * @param {number} code
 */
export function shouldReconnect(code) {
  return code !== 1000 && !(code >= 4000 && code < 4100);
}

/**
 * Whether the client should reconnect without waiting (4200–4299: idle timeout, "reconnect now").
 * @param {number} code
 */
export function reconnectAtOnce(code) {
  return code >= 4200 && code < 4300;
}
