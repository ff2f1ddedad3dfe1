package io.switchboard.bench;

import java.util.HashSet;
import java.util.Set;

/**
 * One socket's stream of numbered events (a stored event's {@code seq}, a pushed event's per-user {@code n}), which
 * must go 1, 2, 3, … with nothing skipped, repeated or swapped. A number past the next one leaves the ones between
 * as missing; a missing one that comes later is counted as out of order (and is no longer missing); one that came
 * before is a duplicate. Which numbers are missing is remembered up to {@link #MAX_REMEMBERED} (a correct run has
 * none); past that a skipped number is counted as a gap for good and, should it come later, as a duplicate. Not
 * thread-safe: each socket touches its own on its event loop.
 */
final class SequenceCheck {
    static final int MAX_REMEMBERED = 4_096;

    /** What one number was. */
    enum Verdict { NEXT, AFTER_GAP, OUT_OF_ORDER, DUPLICATE }

    private final Set<Long> missing = new HashSet<>();
    private long last;
    private long forgotten;
    private long outOfOrder;
    private long duplicates;

    /** Starts after {@code last} (0: the stream starts at 1). */
    SequenceCheck(long last) {
        this.last = last;
    }

    /** Counts {@code n}; everything but a duplicate is a new delivery. */
    Verdict accept(long n) {
        if (n == last + 1) {
            last = n;
            return Verdict.NEXT;
        }
        if (n > last) {
            for (long m = last + 1; m < n; m++) {
                if (missing.size() < MAX_REMEMBERED) {
                    missing.add(m);
                } else {
                    forgotten += n - m;
                    break;
                }
            }
            last = n;
            return Verdict.AFTER_GAP;
        }
        if (missing.remove(n)) {
            outOfOrder++;
            return Verdict.OUT_OF_ORDER;
        }
        duplicates++;
        return Verdict.DUPLICATE;
    }

    /** The highest number seen (or the start). */
    long last() {
        return last;
    }

    /** Numbers skipped that have not come (yet). */
    long gaps() {
        return missing.size() + forgotten;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    long duplicates() {
        return duplicates;
    }
}
