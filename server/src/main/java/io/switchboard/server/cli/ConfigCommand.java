package io.switchboard.server.cli;

import io.switchboard.server.Settings;
import io.switchboard.server.Switchboard;
import io.switchboard.server.app.SwitchboardApp;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code switchboard config check} and {@code switchboard config print}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Check the settings, or print every one.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Print.class})
final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Checks the settings as {@code serve} does before it opens anything, and starts nothing. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check the settings (file, environment, flags) as serve would, binding and starting nothing: "
                    + "exit 0, or 2 with the line serve would print.")
    static final class Check implements Callable<Integer> {
        @Mixin
        SettingsOptions options;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Switchboard.check(options.load(), Apps.all());
            spec.commandLine().getOut().println("switchboard: the settings are valid");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** Prints every setting the engine and the installed apps read, as a commented properties file. */
    @Command(name = "print", mixinStandardHelpOptions = true,
            description = "Print every setting with its default and meaning, as a commented properties file "
                    + "(switchboard config print > switchboard.properties).")
    static final class Print implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<SwitchboardApp> apps = Apps.all();
            spec.commandLine().getOut().print(ConfigTemplate.render(Settings.DECLARED, apps));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
