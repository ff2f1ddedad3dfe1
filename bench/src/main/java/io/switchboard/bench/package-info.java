/** Load generator and benchmark scenarios. */
package io.switchboard.bench;
