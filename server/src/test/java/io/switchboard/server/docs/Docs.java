package io.switchboard.server.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the files under docs/ and follows the local {@code $ref}s of the YAML ones. */
final class Docs {
    /** Maven runs a module's tests in the module's directory; docs/ sits beside it. */
    static final Path DIR = Path.of("..", "docs");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Docs() {
    }

    /** A YAML document under docs/. */
    static JsonNode yaml(String name) {
        try {
            return YAML.readTree(DIR.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read docs/" + name, e);
        }
    }

    /** A text document under docs/. */
    static String text(String name) {
        try {
            return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read docs/" + name, e);
        }
    }

    /** The node itself, or what its {@code $ref} (a local pointer such as {@code #/components/x}) names, followed to the end. */
    static JsonNode resolve(JsonNode root, JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref"); hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/") || hops > 16) {
                throw new IllegalArgumentException("not a local reference: " + ref);
            }
            current = root.at(ref.substring(1));
            if (current.isMissingNode()) {
                throw new IllegalArgumentException("dangling reference: " + ref);
            }
        }
        return current;
    }

    /** The resolved elements of an array node (empty when the node is missing). */
    static List<JsonNode> resolvedList(JsonNode root, JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode item : array) {
            out.add(resolve(root, item));
        }
        return out;
    }
}
