package com.example.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.e2e.IngestNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module README's example is {@link QuickStart}, word for word: this test checks the README still shows the
 * class's code, and runs the class against a real server, so the docs cannot rot.
 */
@Timeout(60)
class ReadmeExampleTest {
    @TempDir
    Path dir;

    static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        int to = text.indexOf(end, from);
        assertThat(from).as("marker %s", start).isNotNegative();
        assertThat(to).as("marker %s", end).isGreaterThan(from);
        return text.substring(from + start.length(), to).strip();
    }

    @Test
    void the_readme_shows_the_example_exactly_as_it_compiles() throws Exception {
        String source = Files.readString(Paths.get("src/test/java/com/example/device/QuickStart.java"), StandardCharsets.UTF_8);
        String readme = Files.readString(Paths.get("README.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("<!-- example: QuickStart.java -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README.md has the example block").isTrue();

        assertThat(block.group(1).strip()).isEqualTo(between(source, "// README:start", "// README:end"));
    }

    @Test
    void the_example_runs_and_its_three_messages_are_stored() throws Exception {
        try (IngestNode node = new IngestNode(dir.resolve("server"), Map.of()).start(true)) {
            IngestNode.Enrolled child = node.enrol("readme-parent", "Sam");
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream original = System.out;
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                QuickStart.main(new String[] {node.url(), child.hash(), dir.resolve("buffer").toString()});
            } finally {
                System.setOut(original);
            }
            String out = captured.toString(StandardCharsets.UTF_8);
            original.println(out);

            assertThat(out).contains("connection: CONNECTED_WEBSOCKET").doesNotContain("refused");
            assertThat(out.lines().filter(l -> l.startsWith("stored: "))).hasSize(3);
            assertThat(out).contains("acked=3");
            long rows = node.sql(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT (SELECT COUNT(*) FROM location_history) "
                        + "+ (SELECT COUNT(*) FROM site_access_log) + (SELECT COUNT(*) FROM screen_time)")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(rows).isEqualTo(4); // one location, two site-access entries, one day of screen time
        }
    }
}
