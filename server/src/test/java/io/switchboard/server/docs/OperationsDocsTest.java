package io.switchboard.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.Settings;
import io.switchboard.server.app.SwitchboardApp;
import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.server.apps.assistant.AssistantApp;
import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md and docs/OPERATIONS.md name settings and point at each other's sections: every setting they name is one
 * the node reads (the engine's keys and the apps'), every setting the node reads is in README's table, and every link
 * from one to a section of the other lands on a heading that exists.
 */
class OperationsDocsTest {
    /** Variables named like settings that are not settings: where the settings file is, the log level, the launchers' JVM options. */
    private static final Set<String> NOT_SETTINGS = Set.of("config", "log-level", "java-opts");
    private static final Pattern TABLE_KEYS = Pattern.compile("^\\| *(`[a-z0-9-]+`(?:, *`[a-z0-9-]+`)*) *\\|", Pattern.MULTILINE);
    private static final Pattern KEY = Pattern.compile("`([a-z0-9-]+)`");
    private static final Pattern ENVIRONMENT = Pattern.compile("\\bSWITCHBOARD_([A-Z0-9_]+)\\b");

    static Set<String> declared() {
        Set<String> keys = new TreeSet<>(Settings.KEYS);
        Stream.<SwitchboardApp>of(new UsersApp(), new AccountsApp(), new SocialApp(), new IngestApp(), new AssistantApp())
                .forEach(app -> keys.addAll(app.settingKeys()));
        return keys;
    }

    static String readme() throws IOException {
        return Files.readString(Docs.DIR.resolve("../README.md"));
    }

    /** The keys in the first column of a markdown table's rows, such as {@code | `rate-limit-per-second`, `…` |}. */
    static Set<String> tableKeys(String markdown) {
        Set<String> keys = new TreeSet<>();
        Matcher row = TABLE_KEYS.matcher(markdown);
        while (row.find()) {
            Matcher key = KEY.matcher(row.group(1));
            while (key.find()) {
                keys.add(key.group(1));
            }
        }
        return keys;
    }

    static Set<String> environmentKeys(String markdown) {
        Set<String> keys = new TreeSet<>();
        Matcher m = ENVIRONMENT.matcher(markdown);
        while (m.find()) {
            if (!m.group(1).startsWith("TEST_")) {
                keys.add(m.group(1).toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        keys.removeAll(NOT_SETTINGS);
        return keys;
    }

    @Test
    void every_setting_the_node_reads_is_in_the_readme_table_and_every_row_is_one_it_reads() throws IOException {
        String readme = readme();
        String configuration = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("## TLS"));
        Set<String> documented = tableKeys(configuration);
        assertThat(documented).as("README's settings table").containsAll(declared());
        assertThat(declared()).as("settings the node reads").containsAll(documented);
        assertThat(declared()).as("SWITCHBOARD_* variables in README").containsAll(environmentKeys(readme));
    }

    @Test
    void every_setting_operations_names_is_one_the_node_reads() {
        String operations = Docs.text("OPERATIONS.md");
        Set<String> named = new TreeSet<>(environmentKeys(operations));
        // The first column of its settings tables: `jwt-secret` | `SWITCHBOARD_JWT_SECRET` | …, `outbound-connection-bytes` | …
        Matcher row = Pattern.compile("^\\| *`([a-z0-9-]+)`[^|]*\\|", Pattern.MULTILINE).matcher(operations);
        while (row.find()) {
            named.add(row.group(1));
        }
        named.removeIf(key -> !key.contains("-") && !declared().contains(key) && !looksLikeSetting(operations, key));
        assertThat(declared()).as("settings named in OPERATIONS.md").containsAll(named);
    }

    // A one-word first column (`redis`, `dev`, `port`) is a setting only where OPERATIONS uses it as one.
    private static boolean looksLikeSetting(String operations, String key) {
        return operations.contains("SWITCHBOARD_" + key.toUpperCase(Locale.ROOT));
    }

    @Test
    void links_between_readme_and_operations_land_on_headings_that_exist() throws IOException {
        String readme = readme();
        String operations = Docs.text("OPERATIONS.md");
        assertLinksLand(operations, "../README.md#", readme);
        assertLinksLand(readme, "docs/OPERATIONS.md#", operations);
        assertLinksLand(operations, "](#", operations);
    }

    private static void assertLinksLand(String from, String prefix, String target) {
        Matcher link = Pattern.compile(Pattern.quote(prefix) + "([a-z0-9-]+)\\)").matcher(from);
        Set<String> anchors = anchors(target);
        while (link.find()) {
            assertThat(anchors).as("a heading or anchor for the link %s%s", prefix, link.group(1)).contains(link.group(1));
        }
    }

    /** GitHub's anchors: each heading lower-cased, punctuation dropped, spaces as dashes; and explicit {@code <a id>}. */
    static Set<String> anchors(String markdown) {
        Set<String> out = new TreeSet<>();
        Matcher heading = Pattern.compile("^#+ +(.+)$", Pattern.MULTILINE).matcher(markdown);
        while (heading.find()) {
            out.add(heading.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
        }
        Matcher id = Pattern.compile("<a id=\"([a-z0-9-]+)\">").matcher(markdown);
        while (id.find()) {
            out.add(id.group(1));
        }
        return out;
    }
}
