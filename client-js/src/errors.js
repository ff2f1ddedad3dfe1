// The errors the client raises. One base class; each subclass names what failed and carries data.

/** The base of every error this client raises. */
export class SwitchboardError extends Error {
  /**
   * @param {string} message
   * @param {{cause?: unknown}} [options]
   */
  constructor(message, options) {
    super(message, options);
    this.name = "SwitchboardError";
  }
}

/**
 * The server refused the credentials: closed with 4001 (no token), 4002 (invalid or expired token) or
 * 4003 (forbidden), or the client had no token to offer. The client does not reconnect after it: get a new
 * token, then call `connect()` again.
 */
export class AuthError extends SwitchboardError {
  /**
   * @param {number} code the close code (4001–4003), or 4001 when the client had no token to send
   * @param {string} reason the close reason, for humans
   */
  constructor(code, reason) {
    super(`authentication failed (${code}${reason ? ": " + reason : ""})`);
    this.name = "AuthError";
    /** @type {number} */
    this.code = code;
    /** @type {string} */
    this.reason = reason || "";
  }
}

/** The server answered a request with an `error` reply. */
export class RequestError extends SwitchboardError {
  /**
   * @param {{code?: string, message?: string, field?: string, temporary?: boolean}} error the reply's `error`
   * @param {string | number | undefined} id the request's id
   */
  constructor(error, id) {
    super((error && error.message) || (error && error.code) || "request failed");
    this.name = "RequestError";
    /** @type {string} */
    this.code = (error && error.code) || "unknown";
    /** @type {string | undefined} */
    this.field = error && error.field != null ? error.field : undefined;
    /** @type {boolean} */
    this.temporary = Boolean(error && error.temporary);
    /** @type {string | number | undefined} */
    this.id = id;
  }
}

/** A request got no answer in time. */
export class TimeoutError extends SwitchboardError {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "TimeoutError";
    this.temporary = true;
  }
}

/** The connection ended (or `disconnect()` was called) before a request was answered. */
export class DisconnectedError extends SwitchboardError {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "DisconnectedError";
    this.temporary = true;
  }
}
