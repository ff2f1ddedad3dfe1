// Token refresh on a live socket: read the token's expiry and hand the server a fresh token in time
// (docs/PROTOCOL.md, "Token refresh and expiry"), retrying a refused refresh while the old token lasts.
import { SwitchboardError } from "./errors.js";
import { tokenExpiresAt } from "./jwt.js";

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Keeps one client's session token fresh. */
export class TokenRefresher {
  /** @param {import("./client.js").SwitchboardClient} client */
  constructor(client) {
    this.client = client;
    /** @type {any} */
    this.timer = null;
  }

  /**
   * Plans the next refresh: `refreshBeforeMs` (at most half the token's life) before it expires, or after
   * `retryMs`. Nothing without a `getToken` option or a token with a readable `exp`.
   * @param {number} [retryMs]
   */
  schedule(retryMs) {
    const client = this.client;
    this.cancel();
    if (typeof client.options.getToken !== "function" || !client.token) return;
    const expiresAt = tokenExpiresAt(client.token);
    if (expiresAt === null) return;
    const now = client.clock.now();
    let delay = retryMs;
    if (delay === undefined) {
      const margin = Math.min(client.options.refreshBeforeMs ?? 60000, Math.max(0, (expiresAt - now) / 2));
      delay = Math.max(0, expiresAt - margin - now);
    }
    const due = delay;
    this.timer = client.clock.setTimeout(() => {
      this.timer = null;
      if (due > MAX_TIMER_MS) this.schedule(); // far away: look again later
      else this.refresh().catch(() => {});
    }, Math.min(due, MAX_TIMER_MS));
  }

  cancel() {
    if (this.timer !== null) {
      this.client.clock.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  /** @returns {Promise<void>} */
  async refresh() {
    const client = this.client;
    const getToken = client.options.getToken;
    if (typeof getToken !== "function") throw new SwitchboardError("no getToken option to refresh with");
    const old = client.token;
    try {
      const token = await getToken();
      if (!token) throw new SwitchboardError("getToken returned no token");
      if (!client.isConnected) {
        client._token = token; // used by the next connection
        return;
      }
      await client.request("refresh_token", { token });
      client._token = token;
      client._emit("tokenRefreshed", { token, previous: old });
      this.schedule();
    } catch (error) {
      client._emit("serverError", { error, envelope: { type: "refresh_token" } });
      if (client.isConnected) {
        client.logger.warn("switchboard: token refresh failed; retrying", error);
        const expiresAt = old ? tokenExpiresAt(old) : null;
        const left = expiresAt === null ? 0 : expiresAt - client.clock.now();
        if (left > 0) this.schedule(Math.min(5000, left / 2));
      }
      throw error;
    }
  }
}
