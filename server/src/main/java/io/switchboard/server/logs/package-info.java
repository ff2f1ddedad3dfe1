/**
 * What the node writes to its log: the log settings, one line per socket opened, closed or refused, the optional
 * HTTP access log, and the logback set-up that keeps logging off the event loops' critical path (a bounded queue
 * that drops rather than blocks).
 */
package io.switchboard.server.logs;
