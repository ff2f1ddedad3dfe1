package io.switchboard.client.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code history} reply as the server writes it (ChannelReads.json): an app's event kept in a channel's history
 * carries its {@code type}, a plain publication does not. The server API publishes only messages, so the end-to-end
 * history test cannot make the first kind.
 */
@Timeout(10)
class HistoryPageTest {
    @Test
    void a_kept_app_event_keeps_its_type_and_a_plain_publication_is_a_message() {
        HistoryPage page = HistoryPage.of("post:7", Json.parse("{\"publications\":[{\"offset\":3,\"type\":\"like_update\","
                + "\"data\":{\"likes\":2}},{\"offset\":4,\"data\":{\"text\":\"hi\"}}],\"epoch\":\"e1\",\"offset\":4}"));

        assertThat(page.publications()).extracting(Publication::type).containsExactly("like_update", "message");
        assertThat(page.publications()).extracting(Publication::channel).containsOnly("post:7");
        assertThat(page.publications().get(0).position()).isEqualTo(StreamPosition.of("e1", 3));
        assertThat(page.latest()).isEqualTo(StreamPosition.of("e1", 4));
    }
}
