// Where the socket goes: the URL the app gave, or the node's per-user or general endpoint, with the token,
// the resume position and the delivery mode in the query.

/**
 * The per-user endpoint of a node: `ws(s)://host/ws/user/<userId, URL-encoded>`.
 * @param {string} baseUrl the node's address (`http(s)://` or `ws(s)://`)
 * @param {string} userId
 */
export function userSocketUrl(baseUrl, userId) {
  return toWebSocketUrl(String(baseUrl).replace(/\/+$/, "") + "/ws/user/" + encodeURIComponent(userId));
}

/**
 * `http(s)://` becomes `ws(s)://`; a path is resolved against the page's address.
 * @param {string} url
 */
export function toWebSocketUrl(url) {
  const location = /** @type {any} */ (globalThis).location;
  const parsed = new URL(url, location && location.href ? location.href : undefined);
  if (parsed.protocol === "http:") parsed.protocol = "ws:";
  else if (parsed.protocol === "https:") parsed.protocol = "wss:";
  return parsed.toString();
}

/**
 * The URL to open for these options, with `token` (unless it travels in the sub-protocol), `last_seq`, and
 * `delivery=ack`: this client acks what it processed, so the server pushes an event until it is acked (a socket
 * that does not say so gets the seed's outbox semantics, where an event counts as delivered once written). A
 * `delivery` the app put in its URL is kept.
 * @param {{url?: string | (() => string), baseUrl?: string, userId?: string, tokenIn?: string}} options
 * @param {string} token
 * @param {number | null} lastSeq
 */
export function socketUrl(options, token, lastSeq) {
  let url = typeof options.url === "function" ? options.url() : options.url;
  if (!url) {
    const location = /** @type {any} */ (globalThis).location;
    const base = options.baseUrl || (location && location.origin);
    if (!base) throw new TypeError("give the client a url, or a baseUrl");
    url = options.userId != null && options.userId !== ""
      ? userSocketUrl(base, options.userId)
      : String(base).replace(/\/+$/, "") + "/ws";
  }
  const parsed = new URL(toWebSocketUrl(url));
  if (options.tokenIn !== "protocol") parsed.searchParams.set("token", token);
  if (lastSeq !== null && lastSeq !== undefined) parsed.searchParams.set("last_seq", String(lastSeq));
  if (!parsed.searchParams.has("delivery")) parsed.searchParams.set("delivery", "ack");
  return parsed.toString();
}
