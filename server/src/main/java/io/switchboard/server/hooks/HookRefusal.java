package io.switchboard.server.hooks;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;

/**
 * The backend refused, with a code of its own: that code, its message and its {@code temporary} reach the client in
 * the {@code error} reply. Counted in the metrics as {@code forbidden}, so that a backend's codes do not make
 * series without bound.
 */
public final class HookRefusal extends ProtocolException {
    private final String wireCode;
    private final boolean temporary;

    /** A refusal with the backend's code (a lower-case name, or a number from 400 to 1999 as its digits). */
    public HookRefusal(String wireCode, String message, boolean temporary) {
        super(ErrorCode.FORBIDDEN, message, null);
        this.wireCode = wireCode;
        this.temporary = temporary;
    }

    @Override
    public String wireCode() {
        return wireCode;
    }

    @Override
    public boolean temporary() {
        return temporary;
    }
}
