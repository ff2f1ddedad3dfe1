/**
 * One way to read and validate what a client sends: a JSON body or a socket message's {@code data}
 * ({@link io.switchboard.server.validation.JsonFields}, {@link io.switchboard.server.validation.JsonValue}) and
 * a query ({@link io.switchboard.server.validation.QueryParams}). Every refusal is a
 * {@link io.switchboard.protocol.ProtocolException} with its code and the field's path, which the gateway turns
 * into an {@code error} reply and {@code HttpErrors} into an HTTP error body. It depends on no other package of
 * the server, so routes, message handlers and apps can all use it.
 */
package io.switchboard.server.validation;
