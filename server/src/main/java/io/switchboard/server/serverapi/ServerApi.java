package io.switchboard.server.serverapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.validation.JsonFields;
import io.switchboard.server.validation.JsonValue;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The server API's methods by name, each with the parameter names it accepts. */
final class ServerApi {
    private final Map<String, Method> methods = new LinkedHashMap<>();

    private record Method(String[] params, ApiMethod call) {
    }

    /** Adds a method that accepts the parameters named {@code params}. */
    ServerApi add(String name, ApiMethod call, String... params) {
        if (methods.putIfAbsent(name, new Method(params, call)) != null) {
            throw new IllegalStateException("server API method '" + name + "' is added twice");
        }
        return this;
    }

    /** The methods' names, in the order added. */
    Set<String> names() {
        return methods.keySet();
    }

    /**
     * Calls a method with {@code params} (null: none), blaming a bad parameter as {@code path.<name>} ({@code path}
     * empty: the bare name). Fails with {@code unknown_method} for a name it does not know, blamed as
     * {@code methodField}.
     */
    Future<JsonNode> call(String name, JsonNode params, String path, String methodField) {
        Method method = methods.get(name);
        if (method == null) {
            return Future.failedFuture(unknown(name, methodField));
        }
        try {
            JsonFields fields = JsonValue.of(params == null || params.isNull() ? Json.object() : params, path)
                    .object(method.params());
            return method.call().call(fields);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** The refusal of a method name nobody knows. */
    ProtocolException unknown(String name, String field) {
        return new ProtocolException(ErrorCode.UNKNOWN_METHOD, "the server API has no method '" + shown(name)
                + "'; the methods are " + String.join(", ", methods.keySet()), field);
    }

    private static String shown(String name) {
        return name.length() > 64 ? name.substring(0, 64) + "…" : name;
    }
}
