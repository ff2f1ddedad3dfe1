package io.switchboard.bench;

import io.switchboard.bench.baseline.NettyBaselineCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code switchboard-bench}: the load generator. {@code fanout} runs the fan-out scenario against a running
 * server; {@code report} turns the JSON lines that runs print into the Markdown table of docs/BENCHMARKS.md.
 * {@code ingest} runs the device-telemetry scenario, and {@code ingest-report} tabulates its runs.
 * {@code inbox} runs the per-user events scenario (delivery and replay rates), and {@code inbox-report} tabulates it.
 * {@code chat} runs a chat room of the social app (stored messages fanned out to members); {@code chat-report} tabulates it.
 * {@code idle} measures the server's memory per idle authenticated socket.
 * {@code wire} measures bytes on the wire and server CPU per delivery of a document channel, per encoding (issue 17).
 * {@code netty-baseline} is not a load generator but the server that fan-out is compared against (issue 12).
 */
@Command(name = "switchboard-bench", mixinStandardHelpOptions = true, version = "Switchboard bench 0.1.0",
        description = "Load generator for Switchboard (127.0.0.1 only).",
        subcommands = {FanoutCommand.class, ReportCommand.class, IngestCommand.class, IngestReportCommand.class,
                InboxCommand.class, InboxReportCommand.class, ChatCommand.class, ChatReportCommand.class,
                IdleSocketsCommand.class, StalledCommand.class, WireCommand.class, NettyBaselineCommand.class, CommandLine.HelpCommand.class})
public final class Bench implements Runnable {

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Bench());
        cli.registerConverter(java.time.Duration.class, Durations::parse);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        System.exit(cli.execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
