package io.switchboard.server.cli;

import io.switchboard.server.logs.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code switchboard} command: {@code serve} (the default), {@code config}, {@code token}, {@code device}, {@code prune}, and {@code help}. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, version = "Switchboard 0.1.0",
        description = "A self-hosted real-time server: WebSocket with HTTP fallback, channels, durable delivery.",
        subcommands = {ServeCommand.class, ConfigCommand.class, TokenCommand.class, DeviceCommand.class, PruneCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Runs the command line; with no command, {@code serve}. */
    public static void main(String[] args) {
        String[] effective = defaultToServe(args);
        CommandLine cli = commandLine();
        int code = cli.execute(effective);
        if (code != 0) {
            Logging.flush();
        }
        if (code != 0 || !"serve".equals(cli.getParseResult().subcommand() == null ? null
                : cli.getParseResult().subcommand().commandSpec().name())) {
            System.exit(code);
        }
    }

    /** The command line, with failures (such as an invalid setting) printed as one line and exit code 2. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("switchboard: " + ex.getMessage());
            return 2;
        });
        return cli;
    }

    /** With no command, or only flags such as --port, the command is {@code serve}. */
    static String[] defaultToServe(String[] args) {
        if (args.length > 0 && (!args[0].startsWith("-") || java.util.List.of("-h", "--help", "-V", "--version").contains(args[0]))) {
            return args;
        }
        String[] out = new String[args.length + 1];
        out[0] = "serve";
        System.arraycopy(args, 0, out, 1, args.length);
        return out;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
