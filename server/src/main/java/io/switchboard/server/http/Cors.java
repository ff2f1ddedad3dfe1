package io.switchboard.server.http;

import io.switchboard.server.transport.OriginPolicy;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.Set;

/** CORS for the REST API, from the same origin list the sockets use. */
public final class Cors {
    private Cors() {
    }

    /** A CORS handler allowing the policy's origins (and localhost pages in development mode). */
    public static CorsHandler handler(OriginPolicy policy) {
        CorsHandler cors = CorsHandler.create();
        if (policy.allowsAny()) {
            cors.addOriginWithRegex(".*");
        } else {
            for (String origin : policy.origins()) {
                cors.addOrigin(origin);
            }
            if (policy.allowsLocalhost()) {
                cors.addOriginWithRegex("https?://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?");
            }
        }
        return cors.allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH, HttpMethod.PUT, HttpMethod.DELETE))
                .allowedHeaders(Set.of("Content-Type", "Authorization", "X-Api-Key", "If-Match", "X-Child-Hash"))
                .exposedHeaders(Set.of("ETag", "Retry-After"))
                .maxAgeSeconds(600);
    }
}
