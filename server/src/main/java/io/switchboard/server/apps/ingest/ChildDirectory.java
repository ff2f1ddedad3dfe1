package io.switchboard.server.apps.ingest;

import io.switchboard.server.store.Database;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds children by device hash (socket handshakes, {@code X-Child-Hash}) and by id (channel authorization),
 * through a small cache in front of the database.
 *
 * <p>Answers take the same time whether a hash exists or not: a well-formed hash not in the cache always costs
 * one indexed query, and misses are cached exactly like hits, so the time says only whether the same hash was
 * asked recently, never whether it names a child. The caches are bounded (cleared when full).
 */
final class ChildDirectory {
    private static final int MAX_ENTRIES = 10_000;
    private static final long TTL_NANOS = 60_000_000_000L;

    private record Entry(Optional<Child> child, long expires) {
    }

    private final Database db;
    private final Map<String, Entry> byHash = new ConcurrentHashMap<>();
    private final Map<Long, Child> byId = new ConcurrentHashMap<>();

    ChildDirectory(Database db) {
        this.db = db;
    }

    /** The child whose device holds the hash, or empty. */
    Future<Optional<Child>> byHash(String hash) {
        if (!ChildHashes.wellFormed(hash)) {
            return Future.succeededFuture(Optional.empty());
        }
        Entry cached = byHash.get(hash);
        if (cached != null && cached.expires() - System.nanoTime() > 0) {
            return Future.succeededFuture(cached.child());
        }
        return db.withConnection(c -> ChildStore.byHash(c, hash)).onSuccess(found -> {
            bound(byHash).put(hash, new Entry(found, System.nanoTime() + TTL_NANOS));
            found.ifPresent(this::remember);
        });
    }

    /** The child with this id, or empty. Children never change parent, so hits are kept. */
    Future<Optional<Child>> byId(long id) {
        Child cached = byId.get(id);
        if (cached != null) {
            return Future.succeededFuture(Optional.of(cached));
        }
        return db.withConnection(c -> ChildStore.byId(c, id)).onSuccess(found -> found.ifPresent(this::remember));
    }

    /** Records a child just enrolled. */
    void remember(Child child) {
        bound(byId).put(child.id(), child);
        bound(byHash).put(child.childHash(), new Entry(Optional.of(child), System.nanoTime() + TTL_NANOS));
    }

    private static <K, V> Map<K, V> bound(Map<K, V> map) {
        if (map.size() >= MAX_ENTRIES) {
            map.clear();
        }
        return map;
    }
}
