package io.switchboard.client;

/** Told once when the server refuses the device for good and the client stops. Runs on the client's thread. */
@FunctionalInterface
public interface FatalListener {
    /** The refusal; the client is {@link ConnectionState#STOPPED} and will not retry. */
    void onFatal(FatalError error);
}
