package io.switchboard.tests.delta;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;

/** The document of a document channel: about 2 KB of JSON of which one field changes from one version to the next. */
final class Documents {
    private Documents() {
    }

    static ObjectNode inventory(int version) {
        ObjectNode doc = Json.object().put("doc", "inventory").put("version", version);
        ArrayNode items = doc.putArray("items");
        for (int i = 0; i < 24; i++) {
            ObjectNode item = items.addObject().put("id", i).put("name", "item-" + i + " café").put("price", 10 + i * 0.25)
                    .put("stock", i == version % 24 ? 1000 + version : i * 7 % 13);
            item.putArray("tags").add("a").add("b");
        }
        return doc;
    }
}
