package io.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time of the server process (or processes), of the broker's, of this process and of the whole machine, read from Linux's {@code /proc}
 * at the start and the end of the measured window. Shows how the cores were shared: the server, the load
 * generator, and everything else (other work on the machine). Elsewhere than Linux the figures are absent.
 */
final class CpuSampler {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every mainstream Linux build

    private final List<Long> serverPids;
    private final long brokerPid;

    CpuSampler(long serverPid) {
        this(serverPid > 0 ? List.of(serverPid) : List.of(), 0);
    }

    /**
     * Samples several server processes (the nodes of a cluster, counted together as "server") and, when
     * {@code brokerPid} is positive, the broker's process (Redis) on its own.
     */
    CpuSampler(List<Long> serverPids, long brokerPid) {
        this.serverPids = List.copyOf(serverPids);
        this.brokerPid = brokerPid;
    }

    /** A reading: process ticks (servers, broker, self), machine busy and total ticks, wall time. */
    record Sample(long serverTicks, long brokerTicks, long selfTicks, long machineBusy, long machineTotal, long nanos) {
    }

    Sample sample() {
        long[] machine = machineTicks();
        long servers = serverPids.isEmpty() ? -1 : 0;
        for (long pid : serverPids) {
            long t = processTicks(pid);
            servers = t < 0 || servers < 0 ? -1 : servers + t;
        }
        return new Sample(servers, brokerPid > 0 ? processTicks(brokerPid) : -1, processTicks(ProcessHandle.current().pid()),
                machine[0], machine[1], System.nanoTime());
    }

    /** CPU use between two readings, in percent of one core (200 = both cores of a 2-core machine); broker NaN when not sampled. */
    record Usage(double server, double broker, double loadGenerator, double other, double machineBusyPercent, int cores) {
    }

    static Usage between(Sample a, Sample b) {
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        if (seconds <= 0 || a.selfTicks() < 0) {
            return null;
        }
        int cores = machineCores();
        double server = a.serverTicks() < 0 || b.serverTicks() < 0 ? Double.NaN
                : (b.serverTicks() - a.serverTicks()) / TICKS_PER_SECOND / seconds * 100;
        double broker = a.brokerTicks() < 0 || b.brokerTicks() < 0 ? Double.NaN
                : (b.brokerTicks() - a.brokerTicks()) / TICKS_PER_SECOND / seconds * 100;
        double self = (b.selfTicks() - a.selfTicks()) / TICKS_PER_SECOND / seconds * 100;
        double busy = Double.NaN;
        double other = Double.NaN;
        long total = b.machineTotal() - a.machineTotal();
        if (total > 0) {
            double busyFraction = (double) (b.machineBusy() - a.machineBusy()) / total;
            busy = busyFraction * 100;
            double busyCores = busyFraction * cores * 100;
            other = Math.max(0, busyCores - (Double.isNaN(server) ? 0 : server) - (Double.isNaN(broker) ? 0 : broker) - self);
        }
        return new Usage(server, broker, self, other, busy, cores);
    }

    /**
     * The machine's cores, from {@code /proc/stat}: not {@code availableProcessors()}, which counts only the cores
     * this process may run on and so is 1 for a load generator pinned with {@code taskset -c 1}.
     */
    private static int machineCores() {
        try {
            long n = Files.readAllLines(Path.of("/proc/stat")).stream()
                    .filter(line -> line.length() > 3 && line.startsWith("cpu") && Character.isDigit(line.charAt(3))).count();
            return n > 0 ? (int) n : Runtime.getRuntime().availableProcessors();
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long[] machineTicks() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle + iowait
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
