// Applies Fossil deltas (https://fossil-scm.org/home/doc/tip/www/delta_format.wiki), the format the server sends
// a publication's data in when a subscription asked for `delta: 'fossil'`. Dependency-free; the server makes the
// deltas, so only apply lives here.

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~';
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < DIGITS.length; i++) VALUES[DIGITS.charCodeAt(i)] = i;

/** A delta that cannot be applied to the source at hand. */
export class InvalidDeltaError extends Error {
  /** @param {string} reason */
  constructor(reason) {
    super(`invalid delta: ${reason}`);
    this.name = 'InvalidDeltaError';
  }
}

/**
 * The target that `delta` makes of `source`.
 * @param {Uint8Array} source
 * @param {Uint8Array} delta
 * @returns {Uint8Array}
 */
export function applyDelta(source, delta) {
  let p = 0;
  const integer = () => {
    const start = p;
    let v = 0;
    while (p < delta.length) {
      const c = delta[p];
      const d = c < 128 ? VALUES[c] : -1;
      if (d < 0) break;
      v = v * 64 + d;
      if (v > 0xffffffff) throw new InvalidDeltaError('a number is out of range');
      p++;
    }
    if (p === start) throw new InvalidDeltaError('a number is missing');
    return v;
  };
  const next = () => {
    if (p >= delta.length) throw new InvalidDeltaError('the delta ends inside a command');
    return delta[p++];
  };
  const limit = integer();
  if (next() !== 10) throw new InvalidDeltaError('the size is not followed by a newline');
  const out = new Uint8Array(limit);
  let total = 0;
  while (p < delta.length) {
    const cnt = integer();
    switch (next()) {
      case 64: { // '@'
        const ofst = integer();
        if (next() !== 44) throw new InvalidDeltaError("a copy command is not terminated by ','");
        if (cnt > limit - total) throw new InvalidDeltaError('a copy goes past the announced size');
        if (ofst + cnt > source.length) throw new InvalidDeltaError('a copy reads past the end of the source');
        out.set(source.subarray(ofst, ofst + cnt), total);
        total += cnt;
        break;
      }
      case 58: { // ':'
        if (cnt > limit - total) throw new InvalidDeltaError('an insert goes past the announced size');
        if (cnt > delta.length - p) throw new InvalidDeltaError('an insert is longer than the rest of the delta');
        out.set(delta.subarray(p, p + cnt), total);
        p += cnt;
        total += cnt;
        break;
      }
      case 59: { // ';'
        if (total !== limit) throw new InvalidDeltaError("the result's size is not the announced size");
        if (cnt !== checksum(out)) throw new InvalidDeltaError('bad checksum');
        return out;
      }
      default:
        throw new InvalidDeltaError('unknown delta command');
    }
  }
  throw new InvalidDeltaError('the delta ends without a checksum');
}

/**
 * Fossil's checksum: the sum of the bytes read as big-endian 32-bit words, the last one padded with zeros.
 * @param {Uint8Array} z
 */
function checksum(z) {
  let sum0 = 0, sum1 = 0, sum2 = 0, sum3 = 0;
  let p = 0;
  let n = z.length;
  while (n >= 4) {
    sum0 = (sum0 + z[p]) | 0;
    sum1 = (sum1 + z[p + 1]) | 0;
    sum2 = (sum2 + z[p + 2]) | 0;
    sum3 = (sum3 + z[p + 3]) | 0;
    p += 4;
    n -= 4;
  }
  sum3 = (sum3 + (sum2 << 8) + (sum1 << 16) + (sum0 << 24)) | 0;
  if (n === 3) sum3 = (sum3 + (z[p + 2] << 8)) | 0;
  if (n >= 2) sum3 = (sum3 + (z[p + 1] << 16)) | 0;
  if (n >= 1) sum3 = (sum3 + (z[p] << 24)) | 0;
  return sum3 >>> 0;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * A delta subscription's data, kept as the exact UTF-8 bytes of the last publication's `data` JSON: the base the
 * next delta applies to.
 */
export class DeltaBase {
  constructor() {
    /** @type {Uint8Array | null} */
    this.bytes = null;
  }

  /**
   * The data of a publication frame: the delta applied when the frame says `delta: true`, else the frame's data,
   * and either way the new base. `raw` is the frame's `data` JSON text as the server wrote it.
   * @param {any} data the frame's parsed `data`
   * @param {boolean} isDelta
   * @param {string | undefined} raw
   * @returns {any}
   */
  take(data, isDelta, raw) {
    if (isDelta) {
      if (this.bytes === null) throw new InvalidDeltaError('a delta arrived before any full publication');
      const next = applyDelta(this.bytes, encoder.encode(String(data)));
      this.bytes = next;
      return JSON.parse(decoder.decode(next));
    }
    this.bytes = raw === undefined ? encoder.encode(JSON.stringify(data)) : encoder.encode(raw);
    return data;
  }

  /** Forgets the base (after a resubscribe or a recovery the server sends a full publication first). */
  reset() {
    this.bytes = null;
  }
}

/**
 * The exact text of the top-level `data` value of a server frame, or undefined: the server's bytes of the data,
 * which JSON.parse would lose (number spellings, escapes).
 * @param {string} frame
 * @returns {string | undefined}
 */
export function rawData(frame) {
  if (frame.charCodeAt(0) !== 123) return undefined; // '{'
  let i = 1;
  const n = frame.length;
  while (i < n) {
    i = skipSpace(frame, i);
    if (frame[i] === '}') return undefined;
    if (frame[i] !== '"') return undefined;
    const keyEnd = skipString(frame, i);
    const key = frame.slice(i + 1, keyEnd - 1);
    i = skipSpace(frame, keyEnd);
    if (frame[i] !== ':') return undefined;
    i = skipSpace(frame, i + 1);
    const end = skipValue(frame, i);
    if (key === 'data') return frame.slice(i, end);
    i = skipSpace(frame, end);
    if (frame[i] === ',') i++;
  }
  return undefined;
}

/** @param {string} s @param {number} i */
function skipSpace(s, i) {
  while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\r' || s[i] === '\t')) i++;
  return i;
}

/** @param {string} s @param {number} i the opening quote @returns {number} just past the closing quote */
function skipString(s, i) {
  for (i++; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '"') return i + 1;
  }
  return s.length;
}

/** @param {string} s @param {number} i @returns {number} just past the value */
function skipValue(s, i) {
  if (s[i] === '"') return skipString(s, i);
  let depth = 0;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      i = skipString(s, i) - 1;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      if (depth === 0) return i;
      depth--;
      if (depth === 0) return i + 1;
    } else if (depth === 0 && c === ',') {
      return i;
    }
  }
  return i;
}
