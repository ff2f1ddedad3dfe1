package io.switchboard.server.store;

import io.switchboard.server.config.InvalidSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A {@code postgres://user:password@host:5432/db?sslmode=require} URL (the form Heroku, Render and libpq use, also
 * {@code postgresql://}) split by a URL parser into the JDBC URL the driver takes and the credentials it takes
 * apart: the JDBC driver does not read a user or password from the authority. Percent-escapes in the user and
 * password are decoded. A refusal never repeats the URL, which may hold the password.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host[:port]/db[?query]}
 * @param user     the user part, or null
 * @param password the password part, or null
 */
record PostgresUrl(String jdbcUrl, String user, String password) {

    static PostgresUrl parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused("is not a URL such as postgres://user:password@host:5432/db (" + e.getReason() + " at index "
                    + e.getIndex() + ")");
        }
        if (uri.getHost() == null) {
            throw refused("names no host; expected postgres://user:password@host:5432/db");
        }
        String path = uri.getRawPath();
        if (path == null || path.length() <= 1) {
            throw refused("names no database; expected postgres://user:password@host:5432/db");
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new PostgresUrl(jdbc, user == null || user.isEmpty() ? null : user, password);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static InvalidSettingException refused(String why) {
        return new InvalidSettingException("database-url", "the postgres:// URL " + why);
    }

    @Override
    public String toString() {
        return "PostgresUrl[" + jdbcUrl + ", user=" + user + "]";
    }
}
