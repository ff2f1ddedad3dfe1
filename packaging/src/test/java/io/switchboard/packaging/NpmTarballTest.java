package io.switchboard.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testtags.NeedsNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JS client as npm packed it, installed from the file into a new app with no registry (npm --offline), and
 * imported by its package name in Node, both entries of its {@code exports} resolved.
 */
@NeedsNode
@Timeout(300)
class NpmTarballTest {
    @TempDir
    Path app;

    @Test
    void a_new_app_installs_the_packed_client_offline_and_imports_it_by_name() throws Exception {
        assumeTrue(Commands.installed("npm") && Commands.installed("node"), "no npm tarball to test: npm is not installed");
        Path tgz = Commands.built("switchboard-client-*.tgz", "packaging/build-packages.sh runs npm pack in client-js at package");

        String listing = Commands.ok(app, "tar", "-tzf", tgz.toString());
        assertThat(listing).contains("package/package.json", "package/README.md", "package/src/index.js",
                "package/src/index.d.ts", "package/src/react.js").doesNotContain("package/test/", "node_modules");

        Files.writeString(app.resolve("package.json"), "{\"name\": \"an-app\", \"private\": true, \"type\": \"module\"}\n");
        // --offline: nothing may come from a registry; the client has no dependencies to fetch.
        Commands.ok(app, "npm", "install", "--offline", "--no-audit", "--no-fund", tgz.toString());
        assertThat(app.resolve("node_modules/@switchboard/client/package.json")).isRegularFile();
        assertThat(app.resolve("package.json")).content().contains("\"@switchboard/client\":\"file:");

        Files.writeString(app.resolve("main.js"), """
                import { createClient } from "@switchboard/client";
                import pkg from "@switchboard/client/package.json" with { type: "json" };
                // Not connected: the point is that the package resolves and its API is there (WebSocket given for Node 20).
                const client = createClient({ url: "ws://127.0.0.1:9/ws", getToken: () => "t", WebSocket: class {} });
                console.log(pkg.name, pkg.version, typeof createClient, typeof client.request);
                console.log(import.meta.resolve("@switchboard/client/react"));
                """);
        String out = Commands.ok(app, "node", "main.js");
        assertThat(out).contains("@switchboard/client 0.1.0 function function")
                .contains("node_modules/@switchboard/client/src/react.js");
    }
}
