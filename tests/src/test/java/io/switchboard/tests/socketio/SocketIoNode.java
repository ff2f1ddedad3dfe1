package io.switchboard.tests.socketio;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.tests.support.JsonLines;
import io.switchboard.tests.support.Npm;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The real socket.io-client 4 (from npm, in tests/socketio) run by Node: {@code driver.mjs} takes commands and reports
 * every event its sockets get, which a test waits for. One Node process holds any number of named sockets.
 */
public final class SocketIoNode implements AutoCloseable {
    /** The npm package with socket.io-client and the driver, relative to the tests module. */
    static final Path DIR = Path.of("socketio").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Process node;
    private final PrintWriter in;
    private final List<JsonNode> events = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final String url;

    private SocketIoNode(String url) throws IOException {
        this.url = url;
        node = new ProcessBuilder("node", "driver.mjs").directory(DIR.toFile()).redirectErrorStream(true).start();
        in = new PrintWriter(node.getOutputStream(), true, StandardCharsets.UTF_8);
        JsonLines.follow(node, events, "socketio-node");
        await("the driver to start").atMost(WAIT).until(() -> find(e -> "ready".equals(e.path("ev").asText())) != null);
    }

    /** Starts Node with the driver against {@code url} (http://host:port), installing socket.io-client first if needed. */
    public static SocketIoNode start(String url) throws IOException, InterruptedException {
        install();
        return new SocketIoNode(url);
    }

    /** Installs socket.io-client into tests/socketio once (npm ci), for the driver and the browser bundle. */
    static synchronized void install() throws IOException, InterruptedException {
        if (!Files.isDirectory(DIR.resolve("node_modules").resolve("socket.io-client"))) {
            Npm.ci(DIR, "--no-fund");
        }
    }

    /** {@code io(url, {auth: {token}, reconnection: false, ...options})} as socket {@code name}. */
    public void connect(String name, String token, ObjectNode options) {
        connectTo(name, "", token, options);
    }

    /** Connects socket {@code name} to a namespace ({@code io(url + namespace, …)}). */
    public void connectTo(String name, String namespace, String token, ObjectNode options) {
        connectAt(name, url + namespace, token, options);
    }

    /** Connects socket {@code name} to another server or namespace: {@code io(fullUrl, …)}. */
    public void connectAt(String name, String fullUrl, String token, ObjectNode options) {
        ObjectNode cmd = Json.object().put("cmd", "connect").put("name", name).put("url", fullUrl);
        if (token != null) {
            cmd.put("token", token);
        }
        if (options != null) {
            cmd.set("options", options);
        }
        send(cmd);
    }

    /** Connects and waits for {@code connect}; returns the connect event ({@code id}, {@code transport}). */
    public JsonNode connected(String name, String token, ObjectNode options) {
        connect(name, token, options);
        return awaitEvent(name, "connect");
    }

    /** {@code socket.emit(event, ...args)} without an ack. */
    public void emit(String name, String event, Object... args) {
        send(Json.object().put("cmd", "emit").put("name", name).put("event", event).set("args", array(args)));
    }

    /** {@code socket.emit(event, ...args, ack)}; waits for the ack and returns its arguments. */
    public ArrayNode emitWithAck(String name, String event, Object... args) {
        int req = requests.incrementAndGet();
        send(Json.object().put("cmd", "emit").put("name", name).put("event", event).put("req", req).set("args", array(args)));
        JsonNode ack = awaitMatch(e -> "ack".equals(e.path("ev").asText()) && e.path("req").asInt() == req, "the ack of " + event);
        return (ArrayNode) ack.get("args");
    }

    public void disconnect(String name) {
        send(Json.object().put("cmd", "disconnect").put("name", name));
    }

    /** Waits for a driver event {@code ev} of socket {@code name} ({@code connect}, {@code disconnect}, …). */
    public JsonNode awaitEvent(String name, String ev) {
        return awaitMatch(e -> ev.equals(e.path("ev").asText()) && name.equals(e.path("name").asText()), name + " " + ev);
    }

    /** Waits for whichever of two driver events comes first on socket {@code name}; returns it. */
    public JsonNode awaitEither(String name, String ev, String otherEv) {
        return awaitMatch(e -> name.equals(e.path("name").asText())
                && (ev.equals(e.path("ev").asText()) || otherEv.equals(e.path("ev").asText())), name + " " + ev + " or " + otherEv);
    }

    /** Waits for the Socket.IO event {@code event} on socket {@code name}; returns its arguments. */
    public ArrayNode awaitEmit(String name, String event) {
        return awaitEmit(name, event, args -> true);
    }

    /** Waits for the Socket.IO event {@code event} on socket {@code name} whose arguments match. */
    public ArrayNode awaitEmit(String name, String event, Predicate<ArrayNode> matching) {
        JsonNode found = awaitMatch(e -> "event".equals(e.path("ev").asText()) && name.equals(e.path("name").asText())
                && event.equals(e.path("event").asText()) && matching.test((ArrayNode) e.get("args")), name + " event " + event);
        return (ArrayNode) found.get("args");
    }

    /** How many driver events {@code ev} socket {@code name} reported so far ({@code connect}, {@code disconnect}, …). */
    public int count(String name, String ev) {
        synchronized (events) {
            return (int) events.stream().filter(e -> ev.equals(e.path("ev").asText()) && name.equals(e.path("name").asText())).count();
        }
    }

    /** Every driver event {@code ev} so far ({@code connect}, …), of any socket, in order. */
    public List<JsonNode> driverEvents(String ev) {
        synchronized (events) {
            return events.stream().filter(e -> ev.equals(e.path("ev").asText())).toList();
        }
    }

    /** The Socket.IO events {@code event} socket {@code name} got so far. */
    public List<ArrayNode> emits(String name, String event) {
        List<ArrayNode> out = new ArrayList<>();
        synchronized (events) {
            for (JsonNode e : events) {
                if ("event".equals(e.path("ev").asText()) && name.equals(e.path("name").asText()) && event.equals(e.path("event").asText())) {
                    out.add((ArrayNode) e.get("args"));
                }
            }
        }
        return out;
    }

    /** Everything the driver reported, for a failure message. */
    public String transcript() {
        synchronized (events) {
            StringBuilder b = new StringBuilder();
            events.forEach(e -> b.append(e).append('\n'));
            return b.toString();
        }
    }

    private JsonNode awaitMatch(Predicate<JsonNode> match, String what) {
        JsonNode[] found = new JsonNode[1];
        try {
            await(what).atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> (found[0] = find(match)) != null);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no " + what + " within " + WAIT + "; the driver reported:\n" + transcript(), e);
        }
        return found[0];
    }

    private JsonNode find(Predicate<JsonNode> match) {
        synchronized (events) {
            for (JsonNode e : events) {
                if (match.test(e)) {
                    return e;
                }
            }
        }
        return null;
    }

    private void send(ObjectNode cmd) {
        in.println(Json.write(cmd));
    }

    private static ArrayNode array(Object... values) {
        ArrayNode out = Json.mapper().createArrayNode();
        for (Object v : values) {
            out.add(Json.mapper().valueToTree(v));
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        send(Json.object().put("cmd", "exit"));
        if (!node.waitFor(10, TimeUnit.SECONDS)) {
            node.destroyForcibly();
        }
    }
}
