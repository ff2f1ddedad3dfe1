package com.example.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's channels and user-events example is {@link ChatQuickStart}, word for word, and it runs against a real
 * node: outside the SDK's packages, so it uses the public API only.
 */
@Timeout(60)
class ChatReadmeExampleTest {
    @Test
    void the_readme_shows_the_example_exactly_as_it_compiles() throws Exception {
        String source = Files.readString(Paths.get("src/test/java/com/example/chat/ChatQuickStart.java"), StandardCharsets.UTF_8);
        String readme = Files.readString(Paths.get("README.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("<!-- example: ChatQuickStart.java -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README.md has the example block").isTrue();
        int from = source.indexOf("// README:start");
        int to = source.indexOf("// README:end");
        assertThat(block.group(1).strip()).isEqualTo(source.substring(from + "// README:start".length(), to).strip());
    }

    @Test
    void the_example_receives_its_own_publication_and_the_users_event() {
        try (TestServer server = TestServer.start(Map.of("channel-history", "public=100/10m"))) {
            assertThat(server.http().postJson("/api/inbox/events", Map.of("user_id", "ada", "type", "notification",
                    "data", Map.of("text", "welcome")), Map.of("X-Api-Key", server.apiKey())).status()).isEqualTo(201);
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream original = System.out;
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                ChatQuickStart.main(new String[] {"http://127.0.0.1:" + server.port(), "ada", server.token("ada")});
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                System.setOut(original);
            }
            String out = captured.toString(StandardCharsets.UTF_8);
            original.println(out);

            assertThat(out).contains("event #1: {\"text\":\"welcome\"}");
            assertThat(out).containsPattern("public:lobby \\S+/1: \\{\"text\":\"hello from ada\"}");
            assertThat(out).containsPattern("keep to resume: lobby at \\S+/1, events after #1");
        }
    }
}
