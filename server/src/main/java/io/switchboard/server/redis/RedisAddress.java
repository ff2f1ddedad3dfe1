package io.switchboard.server.redis;

import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a deployment's Redis is, from the {@code redis} setting: one server ({@code redis://…}, handed to the client
 * as it is), a master found through Sentinel ({@code redis-sentinel://[:password@]host:port,host:port/<master>[/<db>]})
 * or a Redis Cluster ({@code redis-cluster://[:password@]host:port,host:port}). Error messages never repeat the URL,
 * which may hold a password.
 *
 * @param type       standalone, sentinel or cluster
 * @param endpoints  {@code redis://} connection strings: the server, each Sentinel, or each cluster seed
 * @param masterName the master's name in Sentinel; null otherwise
 */
public record RedisAddress(RedisClientType type, List<String> endpoints, String masterName) {
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9_.-]+:[0-9]{1,5}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Parses the setting; throws {@link IllegalArgumentException} with a message that holds no part of the URL. */
    public static RedisAddress parse(String url) {
        if (url.startsWith("redis://")) {
            try {
                java.net.URI uri = java.net.URI.create(url);
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "is not a URL such as redis://127.0.0.1:6379 or redis://:password@host:6379/0");
            }
            return new RedisAddress(RedisClientType.STANDALONE, List.of(url), null);
        }
        if (url.startsWith("redis-sentinel://")) {
            String rest = url.substring("redis-sentinel://".length());
            String[] parts = rest.split("/", -1);
            if (parts.length < 2 || parts.length > 3 || !NAME.matcher(parts[1]).matches()
                    || (parts.length == 3 && !parts[2].matches("[0-9]{1,2}"))) {
                throw new IllegalArgumentException("is not a URL such as redis-sentinel://host1:26379,host2:26379/"
                        + "<master name>[/<db>]");
            }
            String db = parts.length == 3 ? "/" + parts[2] : "";
            return new RedisAddress(RedisClientType.SENTINEL, endpoints(parts[0], db, "redis-sentinel"), parts[1]);
        }
        if (url.startsWith("redis-cluster://")) {
            String rest = url.substring("redis-cluster://".length());
            if (rest.endsWith("/")) {
                rest = rest.substring(0, rest.length() - 1);
            }
            if (rest.contains("/")) {
                throw new IllegalArgumentException("is not a URL such as redis-cluster://host1:7000,host2:7001 "
                        + "(a Redis Cluster has no database number)");
            }
            return new RedisAddress(RedisClientType.CLUSTER, endpoints(rest, "", "redis-cluster"), null);
        }
        throw new IllegalArgumentException("must start with redis://, redis-sentinel:// or redis-cluster://");
    }

    private static List<String> endpoints(String authority, String db, String scheme) {
        String credentials = "";
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            credentials = authority.substring(0, at + 1);
            authority = authority.substring(at + 1);
        }
        List<String> endpoints = new ArrayList<>();
        for (String hostPort : authority.split(",", -1)) {
            if (!HOST_PORT.matcher(hostPort).matches()) {
                throw new IllegalArgumentException("is not a URL such as " + scheme
                        + "://[:password@]host1:port,host2:port…: every endpoint is host:port");
            }
            endpoints.add("redis://" + credentials + hostPort + db);
        }
        return List.copyOf(endpoints);
    }

    /** Client options reaching this Redis: through Sentinel always to the current master. */
    public RedisOptions options() {
        RedisOptions options = new RedisOptions().setType(type);
        if (type == RedisClientType.STANDALONE) {
            return options.setConnectionString(endpoints.get(0));
        }
        endpoints.forEach(options::addConnectionString);
        if (type == RedisClientType.SENTINEL) {
            options.setMasterName(masterName).setRole(RedisRole.MASTER);
        }
        return options;
    }
}
