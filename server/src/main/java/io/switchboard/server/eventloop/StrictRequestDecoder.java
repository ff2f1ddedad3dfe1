package io.switchboard.server.eventloop;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Vert.x's request decoder, refusing the framing that request smuggling rides on (RFC 9112 §6.1, §6.3): a request
 * with both {@code Content-Length} and {@code Transfer-Encoding}, one whose last transfer coding is not
 * {@code chunked}, and {@code Transfer-Encoding} in HTTP/1.0. Netty would drop the {@code Content-Length} and read
 * the body as chunked, keeping the connection: a proxy in front that read the length instead would pass a second
 * request hidden in the body. Such a request is marked failed, which Vert.x answers with 400 and closes the
 * connection, so nothing after it on that connection is read as a request. Here because it extends Vert.x's own
 * decoder (an internal class), which the connection's pipeline names {@code httpDecoder}.
 */
public final class StrictRequestDecoder extends VertxHttpRequestDecoder {
    private final Runnable onRefused;

    /** A decoder with the limits of {@code options}, as Vert.x makes its own; {@code onRefused} runs per refusal. */
    public StrictRequestDecoder(HttpServerOptions options, Runnable onRefused) {
        super(options);
        this.onRefused = onRefused;
    }

    // Netty calls this once per message, right after the headers and before it looks at the body's framing: the
    // only hook that still sees a Content-Length that it would drop for chunked.
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        if (msg != null) {
            String refusal = refusal(msg);
            if (refusal != null) {
                onRefused.run();
                msg.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(refusal)));
            }
        }
        return super.isContentAlwaysEmpty(msg);
    }

    private static String refusal(HttpMessage msg) {
        HttpHeaders headers = msg.headers();
        if (!headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return null;
        }
        if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return "both Content-Length and Transfer-Encoding";
        }
        if (msg.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            return "Transfer-Encoding in HTTP/1.0";
        }
        String codings = String.join(",", headers.getAll(HttpHeaderNames.TRANSFER_ENCODING));
        int comma = codings.lastIndexOf(',');
        String last = (comma < 0 ? codings : codings.substring(comma + 1)).trim();
        return last.equalsIgnoreCase("chunked") ? null : "the last Transfer-Encoding is not chunked";
    }
}
