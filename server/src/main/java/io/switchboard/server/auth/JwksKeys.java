package io.switchboard.server.auth;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An identity provider's JSON Web Key Set, fetched from its URL and cached: fetched at start, again every
 * {@code refresh}, and again (at most every {@link #MIN_GAP} or {@code refresh}, whichever is shorter) when a token
 * names a key id the set does not have, so that a key the provider rotates in is accepted within moments and one
 * it rotates out is refused from the next fetch on. Verification reads the cached set and never waits for a fetch;
 * a fetch that fails keeps the set in use. Public keys only: private parts in a set are dropped.
 */
public final class JwksKeys implements VerificationKeys, AutoCloseable {
    /** The shortest time between two fetches caused by unknown key ids: tokens with made-up kids cannot hammer the provider. */
    static final Duration MIN_GAP = Duration.ofSeconds(30);
    /** The largest key set read; a provider's is a few kilobytes. */
    static final int MAX_BYTES = 512 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);

    private final URI uri;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final long minGapNanos;
    private final AtomicBoolean fetching = new AtomicBoolean();
    private final AtomicLong lastFetchNanos = new AtomicLong(System.nanoTime() - TimeUnit.DAYS.toNanos(1));
    private volatile List<JWK> keys = List.of();

    private JwksKeys(URI uri, Duration refresh) {
        this.uri = uri;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.minGapNanos = Math.min(MIN_GAP.toNanos(), refresh.toNanos());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-jwks");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::fetch, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Fetches the set once, waiting up to 10 s (a provider that does not answer leaves it empty, with a warning, until
     * a later fetch succeeds), then keeps it fresh. Blocking: call at start-up.
     */
    public static JwksKeys start(URI uri, Duration refresh) {
        JwksKeys keys = new JwksKeys(uri, refresh);
        try {
            keys.fetch().get(TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("the JWKS at {} did not answer at start ({}); RS256/ES256 tokens are refused until it does", uri, e.toString());
        }
        return keys;
    }

    @Override
    public List<JWK> candidates(JWSHeader header) {
        String kid = header.getKeyID();
        List<JWK> found = keys.stream().filter(k -> kid == null || kid.equals(k.getKeyID())).toList();
        if (found.isEmpty() && System.nanoTime() - lastFetchNanos.get() > minGapNanos) {
            fetch();
        }
        return found;
    }

    /** Fetches the set unless a fetch is under way; completes when the set is replaced (or the fetch failed). */
    CompletableFuture<Void> fetch() {
        if (!fetching.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        lastFetchNanos.set(System.nanoTime());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(JwksKeys::read)
                .thenAccept(set -> {
                    List<JWK> fresh = set.toPublicJWKSet().getKeys().stream()
                            .filter(k -> k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse())).toList();
                    if (!fresh.stream().map(JWK::getKeyID).toList().equals(keys.stream().map(JWK::getKeyID).toList())) {
                        LOG.info("JWKS at {}: key ids {}", uri, fresh.stream().map(JWK::getKeyID).toList());
                    }
                    keys = fresh;
                })
                .exceptionally(e -> {
                    LOG.warn("cannot fetch the JWKS at {}: {}; keeping the {} keys in use", uri, e.getMessage(), keys.size());
                    return null;
                })
                .whenComplete((v, e) -> fetching.set(false));
    }

    // Runs on the HTTP client's threads, not an event loop: reading the body may block.
    private static JWKSet read(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IllegalStateException("the key set is over " + MAX_BYTES + " bytes");
            }
            return JWKSet.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("not a JSON Web Key Set: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
