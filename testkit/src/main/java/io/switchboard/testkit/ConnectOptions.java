package io.switchboard.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@link TestServer#connect(ConnectOptions)} opens a socket: where the token goes, which headers and
 * sub-protocols are sent. A mutable builder; start from one of the static factories.
 */
public final class ConnectOptions {
    /** The sub-protocol a Switchboard server selects when a client offers it. */
    public static final String SUBPROTOCOL = "switchboard";
    /** The sub-protocol of the binary protocol: MessagePack envelopes in binary frames. */
    public static final String MSGPACK_SUBPROTOCOL = "switchboard.msgpack";
    /** The sub-protocol prefix that carries a token ({@code bearer.<token>}). */
    public static final String TOKEN_SUBPROTOCOL_PREFIX = "bearer.";
    /** Frames a client keeps unread before it stops reading from the network, unless set otherwise. */
    public static final int DEFAULT_INBOX_CAPACITY = 1024;

    enum TokenPlace { NONE, QUERY, HEADER, SUBPROTOCOL }

    private final String token;
    private final TokenPlace place;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> subprotocols = new ArrayList<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private String path = "/ws";
    private int inboxCapacity = DEFAULT_INBOX_CAPACITY;
    private boolean msgpack;

    private ConnectOptions(String token, TokenPlace place) {
        this.token = token;
        this.place = place;
    }

    /** The token in the {@code token} query parameter. */
    public static ConnectOptions tokenInQuery(String token) {
        return new ConnectOptions(token, TokenPlace.QUERY);
    }

    /** The token in an {@code Authorization: Bearer} header. */
    public static ConnectOptions tokenInHeader(String token) {
        return new ConnectOptions(token, TokenPlace.HEADER);
    }

    /** The token in {@code Sec-WebSocket-Protocol}, offering {@code switchboard} and {@code bearer.<token>}, as a browser would. */
    public static ConnectOptions tokenInSubprotocol(String token) {
        return new ConnectOptions(token, TokenPlace.SUBPROTOCOL);
    }

    /** No token anywhere. */
    public static ConnectOptions withoutToken() {
        return new ConnectOptions(null, TokenPlace.NONE);
    }

    /** Sends an {@code Origin} header, as a browser page would. */
    public ConnectOptions origin(String origin) {
        return header("Origin", origin);
    }

    /** Sends an extra handshake header. */
    public ConnectOptions header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Offers sub-protocols (in order of preference, after any token sub-protocols). */
    public ConnectOptions subprotocols(String... protocols) {
        subprotocols.addAll(List.of(protocols));
        return this;
    }

    /**
     * Speaks the binary protocol: offers {@code switchboard.msgpack} first; once the server selects it, the client's
     * requests go as MessagePack binary frames and the binary frames it receives are read as envelopes.
     */
    public ConnectOptions msgpack() {
        this.msgpack = true;
        return this;
    }

    /** The socket's path; {@code /ws} unless set. */
    public ConnectOptions path(String path) {
        this.path = path.startsWith("/") ? path : "/" + path;
        return this;
    }

    /** Adds a query parameter (URL-encoded when sent), such as {@code last_seq} on {@code /ws/user/<id>}. */
    public ConnectOptions query(String name, String value) {
        query.put(name, value);
        return this;
    }

    /** How many unread frames the client keeps before it stops reading from the network. */
    public ConnectOptions inboxCapacity(int frames) {
        this.inboxCapacity = frames;
        return this;
    }

    String token() {
        return token;
    }

    TokenPlace place() {
        return place;
    }

    Map<String, String> headers() {
        return headers;
    }

    List<String> offeredSubprotocols() {
        List<String> offered = new ArrayList<>();
        if (msgpack) {
            offered.add(MSGPACK_SUBPROTOCOL);
        }
        if (place == TokenPlace.SUBPROTOCOL) {
            offered.add(SUBPROTOCOL);
            offered.add(TOKEN_SUBPROTOCOL_PREFIX + token);
        }
        for (String p : subprotocols) {
            if (!offered.contains(p)) {
                offered.add(p);
            }
        }
        return offered;
    }

    String path() {
        return path;
    }

    Map<String, String> query() {
        return query;
    }

    int inboxCapacity() {
        return inboxCapacity;
    }
}
