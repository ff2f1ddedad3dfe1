package io.switchboard.server.cli;

import io.switchboard.server.Switchboard;

/** The apps the launcher mounts on every node. The engine does not know them; this list does. */
final class Apps {
    private Apps() {
    }

    static Switchboard installAll(Switchboard node) {
        return node.install(new io.switchboard.server.apps.users.UsersApp())
                .install(new io.switchboard.server.apps.accounts.AccountsApp())
                .install(new io.switchboard.server.apps.social.SocialApp())
                .install(new io.switchboard.server.apps.ingest.IngestApp())
                .install(new io.switchboard.server.apps.assistant.AssistantApp());
    }
}
