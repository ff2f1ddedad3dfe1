package io.switchboard.server.cli;

import io.switchboard.server.Settings;
import io.switchboard.server.Switchboard;
import io.switchboard.server.app.SwitchboardApp;
import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.server.apps.assistant.AssistantApp;
import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The apps the launcher mounts on every node. The engine does not know them; this list does. */
final class Apps {
    private Apps() {
    }

    /** Every app, in the order they mount: the users app before the accounts app, which requires it. */
    static List<SwitchboardApp> all() {
        return List.of(new UsersApp(), new AccountsApp(), new SocialApp(), new IngestApp(), new AssistantApp());
    }

    static Switchboard installAll(Switchboard node) {
        all().forEach(node::install);
        return node;
    }

    /** The settings a node with every app reads: the engine's and the apps'. */
    static List<String> settingKeys() {
        Set<String> keys = new LinkedHashSet<>(Settings.ACCEPTED);
        all().forEach(app -> keys.addAll(app.settingKeys()));
        return List.copyOf(keys);
    }
}
