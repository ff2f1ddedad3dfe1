// Which transports the client may use, in which order, and how each is opened. A WebSocket first; where the
// network breaks it (corporate proxies, some mobile networks), SSE, then HTTP streaming: the same frames over
// a long-lived HTTP response, commands as POSTs (docs/PROTOCOL.md, "SSE and HTTP streaming").
import { SseSocket } from "./sse.js";
import { HttpStreamSocket } from "./http-stream.js";

/** @typedef {"websocket" | "sse" | "http_stream"} TransportName */

/** Every transport, in the default order. */
export const DEFAULT_TRANSPORTS = Object.freeze(/** @type {TransportName[]} */ (["websocket", "sse", "http_stream"]));

/**
 * The `transports` option checked: a non-empty list of known names, each once.
 * @param {unknown} option
 * @returns {TransportName[]}
 */
export function transportList(option) {
  if (option === undefined || option === null) return [...DEFAULT_TRANSPORTS];
  if (!Array.isArray(option) || option.length === 0) {
    throw new TypeError("transports must be a non-empty list of " + DEFAULT_TRANSPORTS.join(", "));
  }
  for (const name of option) {
    if (!DEFAULT_TRANSPORTS.includes(name)) {
      throw new TypeError(`unknown transport ${JSON.stringify(name)}: use ${DEFAULT_TRANSPORTS.join(", ")}`);
    }
  }
  if (new Set(option).size !== option.length) throw new TypeError("transports names a transport twice");
  return [...option];
}

/**
 * Whether a socket that closed with this code before `connection_established` never reached the node's session
 * (a proxy or the network refused it: try the next transport) rather than being refused by the node (4000–4999,
 * which every transport would hear too).
 * @param {number} code
 */
export function isOpenFailure(code) {
  return code < 3000;
}

/**
 * The stream endpoints beside a socket URL: `…/ws` becomes `…/connection/sse`, `…/connection/stream` and
 * `…/connection/command` on the same node (`http(s)://`), its query kept. Null for any other socket path (the
 * per-user and app sockets have no stream counterpart).
 * @param {string} wsUrl the socket URL as the client would open it
 * @returns {{sse: string, stream: string, command: string} | null}
 */
export function streamUrls(wsUrl) {
  const parsed = new URL(wsUrl);
  if (!/\/ws\/?$/.test(parsed.pathname)) return null;
  parsed.protocol = parsed.protocol === "wss:" ? "https:" : parsed.protocol === "ws:" ? "http:" : parsed.protocol;
  const prefix = parsed.pathname.replace(/\/ws\/?$/, "");
  const at = (/** @type {string} */ path, /** @type {boolean} */ withQuery) => {
    const url = new URL(parsed.toString());
    url.pathname = prefix + path;
    if (!withQuery) url.search = "";
    return url;
  };
  const stream = at("/connection/stream", true);
  stream.searchParams.delete("token"); // it goes in the Authorization header
  return { sse: at("/connection/sse", true).toString(), stream: stream.toString(), command: at("/connection/command", false).toString() };
}

/**
 * What opening a transport needs from the client.
 * @typedef {object} TransportEnvironment
 * @property {any} WebSocket
 * @property {any} EventSource
 * @property {typeof fetch | undefined} fetch
 * @property {import("./client.js").Clock} clock
 * @property {Pick<Console, "warn">} logger
 * @property {() => (string | null)} token
 */

/**
 * Whether this environment can open the transport for this socket URL.
 * @param {TransportName} name
 * @param {TransportEnvironment} env
 * @param {string} wsUrl
 */
export function canOpen(name, env, wsUrl) {
  if (name === "websocket") return Boolean(env.WebSocket);
  if (!env.fetch || streamUrls(wsUrl) === null) return false;
  if (name === "sse") return Boolean(env.EventSource);
  return typeof TextDecoder === "function" && typeof AbortController === "function";
}

/**
 * Opens a transport: an object with the WebSocket surface the client uses (`readyState`, `send`, `close`,
 * `onopen`, `onmessage`, `onclose`, `onerror`).
 * @param {TransportName} name
 * @param {TransportEnvironment} env
 * @param {string} wsUrl the socket URL with the token (unless it goes in the sub-protocol) and positions
 * @param {string} token
 * @param {string[] | undefined} protocols WebSocket sub-protocols
 */
export function openTransport(name, env, wsUrl, token, protocols) {
  if (name === "websocket") return protocols ? new env.WebSocket(wsUrl, protocols) : new env.WebSocket(wsUrl);
  const urls = /** @type {NonNullable<ReturnType<typeof streamUrls>>} */ (streamUrls(wsUrl));
  const common = { commandUrl: urls.command, token: env.token, fetch: /** @type {typeof fetch} */ (env.fetch), clock: env.clock, logger: env.logger };
  if (name === "sse") {
    const url = new URL(urls.sse);
    url.searchParams.set("token", token); // EventSource cannot send headers
    return new SseSocket({ ...common, url: url.toString(), EventSource: env.EventSource });
  }
  return new HttpStreamSocket({ ...common, url: urls.stream });
}
