package io.switchboard.client.realtime;

import io.switchboard.protocol.CloseCode;

/** What a client does after its socket closed with a code, by the ranges of docs/PROTOCOL.md "Close codes". */
enum AfterClose {
    /** 4001–4003: the credentials were refused; a new token is needed, so do not come back with this one. */
    AUTH_FAILED,
    /** 1000 and the rest of 4000–4099: something must change first; do not reconnect. */
    STOP,
    /** 4200–4299: reconnect without waiting (on the first attempt; later ones back off). */
    AT_ONCE,
    /** Anything else (1001, 1006, 4100–4199, …): reconnect with backoff and jitter. */
    BACKOFF;

    static AfterClose of(int code) {
        if (code >= 4001 && code <= 4003) {
            return AUTH_FAILED;
        }
        if (!CloseCode.shouldReconnect(code)) {
            return STOP;
        }
        return CloseCode.reconnectAtOnce(code) ? AT_ONCE : BACKOFF;
    }
}
