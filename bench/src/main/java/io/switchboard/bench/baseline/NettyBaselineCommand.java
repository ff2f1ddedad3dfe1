package io.switchboard.bench.baseline;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard-bench netty-baseline}: runs the baseline server until stopped, or at most {@code --max-run}. */
@Command(name = "netty-baseline", mixinStandardHelpOptions = true,
        description = {"A minimal Netty fan-out server speaking enough of the envelope protocol for `fanout` (issue 12):",
                "each publication encoded once into one shared frame, writes without promises, one flush per loop batch.",
                "Also /ws/user/<id> and POST /api/inbox/push for `inbox --mode push`, sent the same way.",
                "Listens on 127.0.0.1 only; no authentication."})
public final class NettyBaselineCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "18190", description = "Port (default ${DEFAULT-VALUE}; 0 picks one).")
    int port;

    @Option(names = "--threads", description = "Event loops (default: twice the processors this process may use, like Vert.x).")
    Integer threads;

    @Option(names = "--nio", description = "Use Java NIO even where the native epoll transport loads.")
    boolean nio;

    @Option(names = "--max-run", defaultValue = "900s", description = "The process exits after this long whatever happens (default ${DEFAULT-VALUE}).")
    Duration maxRun;

    @Override
    public Integer call() throws Exception {
        int loops = threads != null ? threads : 2 * Runtime.getRuntime().availableProcessors();
        String host = InetAddress.getLoopbackAddress().getHostAddress();
        try (BaselineServer server = BaselineServer.start(host, port, loops, nio)) {
            System.out.println("netty-baseline: listening on " + server.address() + ", transport " + server.transport()
                    + ", " + loops + " event loops");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "baseline-stop"));
            if (!stop.await(maxRun.toMillis(), TimeUnit.MILLISECONDS)) {
                System.out.println("netty-baseline: --max-run reached, stopping");
            }
        }
        return 0;
    }
}
