package io.switchboard.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import java.net.http.HttpHeaders;

/**
 * A response to a REST call made through {@link TestHttp}.
 *
 * @param status  the HTTP status
 * @param headers the response headers
 * @param body    the body as text (empty when there is none)
 */
public record HttpReply(int status, HttpHeaders headers, String body) {
    /** The body parsed as JSON; throws an AssertionError showing the body when it is not JSON. */
    public JsonNode json() {
        try {
            return Json.mapper().readTree(body);
        } catch (Exception e) {
            throw new AssertionError("expected a JSON body but got (status " + status + "): " + body, e);
        }
    }

    /** The first value of a response header, or null when absent. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The {@code error.code} of a JSON error body, or null when the body has none. */
    public String errorCode() {
        JsonNode code = json().path("error").get("code");
        return code == null ? null : code.asText();
    }

    /** The {@code error.field} of a JSON error body, or null when the body names none. */
    public String errorField() {
        JsonNode field = json().path("error").get("field");
        return field == null ? null : field.asText();
    }

    @Override
    public String toString() {
        return status + " " + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
    }
}
