/** Small collections that several packages keep per user, shaped for the memory of many idle connections. */
package io.switchboard.server.collections;
