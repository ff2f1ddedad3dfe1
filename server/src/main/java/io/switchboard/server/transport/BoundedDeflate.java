package io.switchboard.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.switchboard.server.outbound.DeflatedFrames;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * permessage-deflate (RFC 7692) in place of Vert.x's own, which inflates a frame whatever it grows to: a 200 KB
 * frame of zeros becomes 200 MB before any size limit looks at it. Here each frame inflates into a buffer of at
 * most {@code maxInflatedFrameBytes}; past it the inflater stops and the socket is closed with 1009 (see
 * {@link InboundFrameGuard}). The older deflate-frame draft is not offered at all. Nor is anything offered to an
 * upgrade whose path the predicate refuses: endpoints that read the credential from a message.
 *
 * <p>Agreed always with {@code server_no_context_takeover} and {@code client_no_context_takeover}, whatever the
 * client offered (RFC 7692 §7.1.1 lets the server add both): the server compresses a publication once for every
 * socket ({@link DeflatedFrames}), which only a message compressed on its own allows, and neither side keeps a
 * deflate or inflate window between messages, so an idle socket holds none. A channel that agreed carries
 * {@link DeflatedFrames#AGREED}.
 */
final class BoundedDeflate extends WebSocketServerExtensionHandler {
    private static final String PERMESSAGE_DEFLATE = "permessage-deflate";
    private static final String SERVER_NO_CONTEXT = "server_no_context_takeover";
    private static final String CLIENT_NO_CONTEXT = "client_no_context_takeover";

    private final Predicate<String> offeredOnPath;

    private BoundedDeflate(WebSocketServerExtensionHandshaker handshaker, Predicate<String> offeredOnPath) {
        super(handshaker);
        this.offeredOnPath = offeredOnPath;
    }

    /** The handshaker, the same for every connection: it holds settings only. */
    static WebSocketServerExtensionHandshaker handshaker(int compressionLevel, int maxInflatedFrameBytes) {
        WebSocketServerExtensionHandshaker netty = new PerMessageDeflateServerExtensionHandshaker(compressionLevel,
                ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(), PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
                true, true, maxInflatedFrameBytes);
        return offer -> {
            if (!PERMESSAGE_DEFLATE.equals(offer.name())) {
                return null;
            }
            // As if the client had asked for no context takeover both ways: Netty then agrees to it and says so.
            Map<String, String> parameters = new HashMap<>(offer.parameters());
            parameters.putIfAbsent(SERVER_NO_CONTEXT, null);
            parameters.putIfAbsent(CLIENT_NO_CONTEXT, null);
            return netty.handshakeExtension(new WebSocketExtensionData(offer.name(), parameters));
        };
    }

    /** One per connection: the handler keeps the extensions agreed for each request until its response. */
    static BoundedDeflate forConnection(WebSocketServerExtensionHandshaker handshaker, Predicate<String> offeredOnPath) {
        return new BoundedDeflate(handshaker, offeredOnPath);
    }

    @Override
    protected void onHttpRequestChannelRead(ChannelHandlerContext ctx, HttpRequest request) throws Exception {
        if (request.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS) && !offeredOnPath.test(pathOf(request.uri()))) {
            // Without the client's offer the handler agrees to nothing, and the 101 names no extension.
            request.headers().remove(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        }
        super.onHttpRequestChannelRead(ctx, request);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        boolean upgraded = msg instanceof HttpResponse response && HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status());
        // The handler writes the agreed extensions into the 101 as it passes.
        super.write(ctx, msg, promise);
        if (upgraded) {
            String agreed = ((HttpResponse) msg).headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
            if (agreed != null && agreed.contains(PERMESSAGE_DEFLATE)) {
                ctx.channel().attr(DeflatedFrames.AGREED).set(Boolean.TRUE);
            }
        }
    }

    /** The path of a request target as Vert.x reads it ({@code HttpUtils.parsePath}), so both match the same route. */
    static String pathOf(String uri) {
        if (uri.isEmpty()) {
            return "";
        }
        int start = 0;
        if (uri.charAt(0) != '/') {
            int scheme = uri.indexOf("://");
            if (scheme >= 0) {
                start = uri.indexOf('/', scheme + 3);
                if (start < 0) {
                    return "/";
                }
            }
        }
        int query = uri.indexOf('?', start);
        return uri.substring(start, query < 0 ? uri.length() : query);
    }
}
