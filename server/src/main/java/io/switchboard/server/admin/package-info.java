/**
 * The admin console at {@code /admin}: its setting and credential, its pages' routes, and the routes through which
 * the pages reach the server API engine and the node's meters. Off unless {@code admin=true}.
 */
package io.switchboard.server.admin;
