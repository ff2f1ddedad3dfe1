package io.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a server process holds, read from outside it: resident memory and open descriptors from Linux's
 * {@code /proc}, the live heap from its {@code /metrics} right after full collections asked for with {@code jcmd}.
 */
final class ServerMemory {
    private final long pid;
    private final URI metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServerMemory(long pid, URI metrics) {
        this.pid = pid;
        this.metrics = metrics;
    }

    /** One reading, in bytes (the heap after two full collections). */
    record Reading(long rssBytes, long heapBytes, long openFiles) {
    }

    /** Two full collections (so that the heap reading is the live heap), a second to settle, then the reading. */
    Reading read() throws IOException, InterruptedException {
        collect();
        collect();
        Thread.sleep(1_000);
        return new Reading(rss(), heap(), openFiles());
    }

    private void collect() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
            throw new IOException("jcmd " + pid + " GC.run did not finish within 60 s");
        }
    }

    /** The resident memory now. */
    long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    private long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }

    /** The sum of {@code jvm_memory_used_bytes{area="heap",…}} over the heap's pools, now. */
    long heap() throws IOException, InterruptedException {
        return (long) sum(metrics(), "jvm_memory_used_bytes{", "area=\"heap\"");
    }

    /** The server's {@code /metrics} now, one value per series name with its labels. */
    java.util.Map<String, Double> metrics() throws IOException, InterruptedException {
        String text = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.Map<String, Double> values = new java.util.TreeMap<>();
        for (String line : text.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (!line.startsWith("#") && space > 0) {
                try {
                    values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                } catch (NumberFormatException e) {
                    // not a sample line
                }
            }
        }
        return values;
    }

    /** The sum of the series whose name and labels start with {@code prefix} and contain {@code label}. */
    static double sum(java.util.Map<String, Double> metrics, String prefix, String label) {
        return metrics.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && e.getKey().contains(label))
                .mapToDouble(java.util.Map.Entry::getValue).sum();
    }
}
