package io.switchboard.tests.cluster;

import java.util.List;
import java.util.stream.LongStream;

/** What the cluster tests check of the sequences they received: a range, each once, in order. */
final class Ranges {
    private Ranges() {
    }

    /**
     * Fails unless {@code actual} is {@code from, from + 1, …, to}, saying briefly what differs: the first place it
     * goes wrong, what is missing and what came twice.
     */
    static void assertRange(String what, List<Long> actual, long from, long to) {
        if (actual.equals(range(from, to))) {
            return;
        }
        int first = 0;
        while (first < actual.size() && actual.get(first) == from + first) {
            first++;
        }
        java.util.Set<Long> seen = new java.util.HashSet<>();
        java.util.List<Long> twice = new java.util.ArrayList<>();
        for (long n : actual) {
            if (!seen.add(n) && twice.size() < 20) {
                twice.add(n);
            }
        }
        java.util.List<Long> missing = new java.util.ArrayList<>();
        for (long n = from; n <= to && missing.size() < 20; n++) {
            if (!seen.contains(n)) {
                missing.add(n);
            }
        }
        List<Long> around = actual.subList(Math.max(0, first - 3), Math.min(actual.size(), first + 5));
        throw new AssertionError(what + ": expected " + from + ".." + to + " (" + (to - from + 1) + ") but got "
                + actual.size() + " values; they go wrong at index " + first + " (around it: " + around + "); missing "
                + missing + (missing.size() == 20 ? "…" : "") + "; more than once " + twice);
    }

    /** {@code from..to} as a list (empty when {@code to < from}). */
    static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
