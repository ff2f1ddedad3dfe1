package io.switchboard.protocol.delta;

import java.io.ByteArrayOutputStream;

/**
 * Fossil deltas (https://fossil-scm.org/home/doc/tip/www/delta_format.wiki): {@link #create} the delta that turns a
 * source into a target, {@link #apply} one to a source. A delta is the target's length, then copy commands
 * ({@code N@O,}: N bytes from offset O of the source), insert commands ({@code N:} and N literal bytes) and a last
 * {@code N;} with the target's checksum; numbers are in Fossil's base-64 digits.
 *
 * <p>Unlike Fossil's own encoder, {@link #create} never starts or ends a copy inside a UTF-8 character: fed valid
 * UTF-8, its delta is valid UTF-8 too (its inserted bytes are whole characters), so it travels as a JSON string.
 * Stateless and thread-safe.
 */
public final class FossilDelta {
    /** The window of the rolling hash: the shortest run of source bytes a copy is looked for from. */
    private static final int NHASH = 16;
    /** How many source positions with the same hash are tried for one target position. */
    private static final int MAX_CANDIDATES = 250;
    /**
     * Byte comparisons {@link #create} may make per target byte (plus a fixed allowance) before it inserts the rest
     * as is: repetitive input (a long run of one byte, a two-letter alphabet) would otherwise cost hundreds of
     * comparisons per byte, and deltas are made on a server's delivery thread. Ordinary text stays far below it.
     */
    private static final int WORK_PER_BYTE = 2;
    private static final int WORK_ALLOWANCE = 1 << 14;
    private static final byte[] DIGITS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int[] VALUES = new int[128];

    static {
        java.util.Arrays.fill(VALUES, -1);
        for (int i = 0; i < DIGITS.length; i++) {
            VALUES[DIGITS[i]] = i;
        }
    }

    private FossilDelta() {
    }

    /** The delta that turns {@code source} into {@code target}. */
    public static byte[] create(byte[] source, byte[] target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(target.length, 4096) + 16);
        putInt(out, target.length);
        out.write('\n');
        if (source.length <= NHASH) {
            // As Fossil's encoder: a source this short has nothing worth copying, the target is one insert.
            insert(out, target, 0, target.length);
        } else {
            int base = copies(source, target, out);
            if (base < target.length) {
                insert(out, target, base, target.length - base);
            }
        }
        putInt(out, checksum(target, target.length));
        out.write(';');
        return out.toByteArray();
    }

    /** Writes the copy and insert commands of every match found; returns where the unmatched tail starts. */
    private static int copies(byte[] src, byte[] out, ByteArrayOutputStream delta) {
        int lenSrc = src.length;
        int lenOut = out.length;
        // Rounded up as fossil-delta-js does (Fossil's C rounds down): either makes valid deltas, this one the same
        // bytes as the JS reference our tests compare with.
        int nHash = (lenSrc + NHASH - 1) / NHASH;
        int[] collide = new int[nHash];
        int[] landmark = new int[nHash];
        java.util.Arrays.fill(landmark, -1);
        java.util.Arrays.fill(collide, -1);
        RollingHash h = new RollingHash();
        for (int i = 0; i < lenSrc - NHASH; i += NHASH) {
            h.init(src, i);
            int hv = Integer.remainderUnsigned(h.value(), nHash);
            collide[i / NHASH] = landmark[hv];
            landmark[hv] = i / NHASH;
        }
        long work = 0;
        long budget = (long) WORK_PER_BYTE * lenOut + WORK_ALLOWANCE;
        int base = 0;
        while (base + NHASH < lenOut) {
            int bestOfst = 0;
            int bestLitsz = 0;
            int bestCnt = 0;
            h.init(out, base);
            int i = 0;
            while (true) {
                int hv = Integer.remainderUnsigned(h.value(), nHash);
                int block = landmark[hv];
                int limit = MAX_CANDIDATES;
                while (block >= 0 && limit-- > 0) {
                    if (work > budget) {
                        return base; // the rest goes as one insert: a valid delta, only larger
                    }
                    int iSrc = block * NHASH;
                    int j = 0;
                    for (int x = iSrc, y = base + i; x < lenSrc && y < lenOut && src[x] == out[y]; x++, y++) {
                        j++;
                    }
                    int k = 0;
                    // As Fossil's encoder: never back to the source's first byte.
                    while (k + 1 < iSrc && k + 1 <= i && src[iSrc - k - 1] == out[base + i - k - 1]) {
                        k++;
                    }
                    work += j + k + 1;
                    // The copy covers out[base+i-k, base+i+j): keep it on character boundaries.
                    int start = base + i - k;
                    int end = base + i + j;
                    while (start < end && isContinuation(out, start)) {
                        start++;
                    }
                    while (end > start && end < lenOut && isContinuation(out, end)) {
                        end--;
                    }
                    int cnt = end - start;
                    int ofst = iSrc - (base + i - start);
                    int litsz = start - base;
                    int sz = digitCount(litsz) + digitCount(cnt) + digitCount(ofst) + 3;
                    if (cnt >= sz && cnt > bestCnt) {
                        bestCnt = cnt;
                        bestOfst = ofst;
                        bestLitsz = litsz;
                    }
                    block = collide[block];
                }
                if (bestCnt > 0) {
                    if (bestLitsz > 0) {
                        insert(delta, out, base, bestLitsz);
                        base += bestLitsz;
                    }
                    base += bestCnt;
                    putInt(delta, bestCnt);
                    delta.write('@');
                    putInt(delta, bestOfst);
                    delta.write(',');
                    break;
                }
                if (base + i + NHASH >= lenOut) {
                    // No match up to the end: the rest is inserted by the caller.
                    return base;
                }
                h.next(out[base + i + NHASH]);
                i++;
            }
        }
        return base;
    }

    private static boolean isContinuation(byte[] b, int at) {
        return (b[at] & 0xC0) == 0x80;
    }

    private static void insert(ByteArrayOutputStream delta, byte[] from, int at, int n) {
        putInt(delta, n);
        delta.write(':');
        delta.write(from, at, n);
    }

    /**
     * The target that {@code delta} makes of {@code source}.
     *
     * @throws InvalidDeltaException when the delta is malformed, reads past the source, or its checksum or size is
     *                               not that of what it made
     */
    public static byte[] apply(byte[] source, byte[] delta) {
        Reader r = new Reader(delta);
        long announced = r.integer();
        if (r.next() != '\n') {
            throw new InvalidDeltaException("the size is not followed by a newline");
        }
        if (announced > Integer.MAX_VALUE - 8) {
            throw new InvalidDeltaException("the size is out of range");
        }
        int limit = (int) announced;
        byte[] out = new byte[limit];
        int total = 0;
        while (r.remaining() > 0) {
            long cnt = r.integer();
            switch (r.next()) {
                case '@': {
                    long ofst = r.integer();
                    if (r.next() != ',') {
                        throw new InvalidDeltaException("a copy command is not terminated by ','");
                    }
                    if (cnt > limit - total) {
                        throw new InvalidDeltaException("a copy goes past the announced size");
                    }
                    if (ofst + cnt > source.length) {
                        throw new InvalidDeltaException("a copy reads past the end of the source");
                    }
                    System.arraycopy(source, (int) ofst, out, total, (int) cnt);
                    total += (int) cnt;
                    break;
                }
                case ':': {
                    if (cnt > limit - total) {
                        throw new InvalidDeltaException("an insert goes past the announced size");
                    }
                    if (cnt > r.remaining()) {
                        throw new InvalidDeltaException("an insert is longer than the rest of the delta");
                    }
                    r.copy(out, total, (int) cnt);
                    total += (int) cnt;
                    break;
                }
                case ';': {
                    if (total != limit) {
                        throw new InvalidDeltaException("the result's size is not the announced size");
                    }
                    if ((int) cnt != checksum(out, total)) {
                        throw new InvalidDeltaException("bad checksum");
                    }
                    return out;
                }
                default:
                    throw new InvalidDeltaException("unknown delta command");
            }
        }
        throw new InvalidDeltaException("the delta ends without a checksum");
    }

    /** Fossil's checksum: the sum of the content read as big-endian 32-bit words, the last one padded with zeros. */
    static int checksum(byte[] z, int n) {
        int sum0 = 0;
        int sum1 = 0;
        int sum2 = 0;
        int sum3 = 0;
        int p = 0;
        while (n >= 16) {
            sum0 += (z[p] & 0xff) + (z[p + 4] & 0xff) + (z[p + 8] & 0xff) + (z[p + 12] & 0xff);
            sum1 += (z[p + 1] & 0xff) + (z[p + 5] & 0xff) + (z[p + 9] & 0xff) + (z[p + 13] & 0xff);
            sum2 += (z[p + 2] & 0xff) + (z[p + 6] & 0xff) + (z[p + 10] & 0xff) + (z[p + 14] & 0xff);
            sum3 += (z[p + 3] & 0xff) + (z[p + 7] & 0xff) + (z[p + 11] & 0xff) + (z[p + 15] & 0xff);
            p += 16;
            n -= 16;
        }
        while (n >= 4) {
            sum0 += z[p] & 0xff;
            sum1 += z[p + 1] & 0xff;
            sum2 += z[p + 2] & 0xff;
            sum3 += z[p + 3] & 0xff;
            p += 4;
            n -= 4;
        }
        sum3 += (sum2 << 8) + (sum1 << 16) + (sum0 << 24);
        if (n == 3) {
            sum3 += (z[p + 2] & 0xff) << 8;
        }
        if (n >= 2) {
            sum3 += (z[p + 1] & 0xff) << 16;
        }
        if (n >= 1) {
            sum3 += (z[p] & 0xff) << 24;
        }
        return sum3;
    }

    private static int digitCount(int v) {
        int i = 1;
        for (long x = 64; v >= x; x <<= 6) {
            i++;
        }
        return i;
    }

    /** Writes {@code v} (read as unsigned) in Fossil's base-64 digits, most significant first. */
    private static void putInt(ByteArrayOutputStream out, int v) {
        if (v == 0) {
            out.write('0');
            return;
        }
        byte[] buf = new byte[6];
        int i = 0;
        for (long u = v & 0xffffffffL; u > 0; u >>>= 6) {
            buf[i++] = DIGITS[(int) (u & 0x3f)];
        }
        while (i > 0) {
            out.write(buf[--i]);
        }
    }

    /** Fossil's rolling hash over a window of {@link #NHASH} bytes, the bytes read as unsigned. */
    private static final class RollingHash {
        private final int[] window = new int[NHASH];
        private int a;
        private int b;
        private int i;

        void init(byte[] z, int at) {
            int x = z[at] & 0xff;
            int y = x;
            window[0] = x;
            for (int k = 1; k < NHASH; k++) {
                int c = z[at + k] & 0xff;
                window[k] = c;
                x += c;
                y += x;
            }
            a = x & 0xffff;
            b = y & 0xffff;
            i = 0;
        }

        void next(byte c) {
            int old = window[i];
            int v = c & 0xff;
            window[i] = v;
            i = (i + 1) & (NHASH - 1);
            a = (a - old + v) & 0xffff;
            b = (b - NHASH * old + a) & 0xffff;
        }

        int value() {
            return a | (b << 16);
        }
    }

    /** Reads a delta's numbers and bytes, refusing to run past its end. */
    private static final class Reader {
        private final byte[] d;
        private int p;

        Reader(byte[] d) {
            this.d = d;
        }

        int remaining() {
            return d.length - p;
        }

        int next() {
            if (p >= d.length) {
                throw new InvalidDeltaException("the delta ends inside a command");
            }
            return d[p++];
        }

        /** A number of at most 32 bits (a checksum is a full unsigned 32-bit value). */
        long integer() {
            long v = 0;
            int start = p;
            while (p < d.length) {
                int c = d[p];
                int digit = c >= 0 && c < 128 ? VALUES[c] : -1;
                if (digit < 0) {
                    break;
                }
                v = (v << 6) + digit;
                if (v > 0xffffffffL) {
                    throw new InvalidDeltaException("a number is out of range");
                }
                p++;
            }
            if (p == start) {
                throw new InvalidDeltaException("a number is missing");
            }
            return (int) v;
        }

        void copy(byte[] to, int at, int n) {
            System.arraycopy(d, p, to, at, n);
            p += n;
        }
    }
}
