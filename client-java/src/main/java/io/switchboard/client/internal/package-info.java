/** What the device client and the realtime clients share underneath; public only so both packages reach it. */
package io.switchboard.client.internal;
