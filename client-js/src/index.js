// @switchboard/client: the browser and Node client of a Switchboard node. Plain ES modules, no dependencies;
// a page imports it from the node itself (`/client/index.js`) or from npm. React bindings: `./react.js`.
export { SwitchboardClient, createClient } from "./client.js";
export { HandlerRegistry } from "./registry.js";
export { AuthError, DisconnectedError, RequestError, SwitchboardError, TimeoutError } from "./errors.js";
export { backoffDelay, DEFAULT_BACKOFF, isAuthFailure, reconnectAtOnce, shouldReconnect } from "./backoff.js";
export { decodeJwtPayload, tokenExpiresAt } from "./jwt.js";
export { socketUrl, toWebSocketUrl, userSocketUrl } from "./url.js";
export { MSGPACK_PROTOCOL, decode as decodeMsgPack, encode as encodeMsgPack } from "./msgpack.js";
