package io.switchboard.server.cli;

import io.switchboard.server.auth.SigningKey;
import io.switchboard.server.auth.TokenService;
import io.switchboard.server.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code switchboard token --user alice}: prints a JWT that a server with the same key accepts. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a signed token for a user, valid on servers that share the data dir's key (or jwt-secret).")
final class TokenCommand implements Callable<Integer> {
    private static final Pattern TTL = Pattern.compile("(\\d+)(s|m|h|d)");

    @Option(names = "--user", required = true, description = "The user id (the token's subject).")
    String user;

    @Option(names = "--ttl", defaultValue = "1h", description = "Lifetime such as 30m, 1h, 7d (default 1h).")
    String ttl;

    @Option(names = "--role", description = "A role for the token's roles claim (repeatable), e.g. --role admin: "
            + "may change and delete any user's records.")
    List<String> roles = new ArrayList<>();

    @Mixin
    SettingsOptions options;

    @Override
    public Integer call() {
        if (user.isBlank() || user.length() > 128) {
            System.err.println("switchboard: --user must be 1 to 128 characters");
            return 2;
        }
        Matcher m = TTL.matcher(ttl);
        if (!m.matches()) {
            System.err.println("switchboard: --ttl must look like 30m, 1h or 7d");
            return 2;
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        Settings settings = Settings.from(options.load());
        if (settings.jwtSecret() == null && !settings.devMode()) {
            System.err.println("switchboard: token needs jwt-secret in production: the identity provider issues the tokens");
            return 2;
        }
        TokenService tokens = new TokenService(SigningKey.resolve(settings.jwtSecret(), settings.dataDir()), Clock.systemUTC());
        for (String role : roles) {
            if (role.isBlank() || role.length() > 64) {
                System.err.println("switchboard: --role must be 1 to 64 characters");
                return 2;
            }
        }
        System.out.println(tokens.issue(user, d, new LinkedHashSet<>(roles)));
        return 0;
    }
}
