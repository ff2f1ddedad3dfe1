// The binary protocol's format, version 1 (docs/PROTOCOL.md "Binary protocol (MessagePack), version 1"): the JSON
// envelope's value model in MessagePack. Maps with string keys, arrays, strings, integers, finite floats, booleans
// and nil; `bin` and `ext` values have no JSON counterpart and are refused both ways, so a message means the same in
// both formats. No dependencies: the client stays one folder of plain ES modules.

/** The sub-protocol a client offers (before `switchboard`) to speak MessagePack. */
export const MSGPACK_PROTOCOL = "switchboard.msgpack";

/** Nesting a decoded value may have at most: deeper frames are refused rather than risking the stack. */
const MAX_DEPTH = 512;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Encodes a JSON-like value as MessagePack, as `JSON.stringify` would see it: `toJSON` is called, `undefined` and
 * functions are left out of maps (and are nil in arrays), non-finite numbers are nil, integers up to 64 bits are
 * integers (a `bigint` too), other numbers float 64.
 * @param {unknown} value
 * @returns {Uint8Array}
 */
export function encode(value) {
  const out = new Writer();
  write(out, value, 0);
  return out.bytes();
}

/**
 * Decodes one MessagePack value that fills `bytes` exactly. Integers beyond 2^53 become (inexact) numbers, as
 * `JSON.parse` makes them. Throws a `TypeError` saying what is wrong.
 * @param {ArrayBuffer | ArrayBufferView} bytes
 * @returns {any}
 */
export function decode(bytes) {
  const view = bytes instanceof ArrayBuffer
    ? new Uint8Array(bytes)
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader = new Reader(view);
  const value = reader.value(0);
  if (reader.at !== view.length) throw new TypeError("trailing bytes after the first MessagePack value");
  return value;
}

/**
 * A frame the client built as JSON text, as the binary frame of the MessagePack protocol.
 * @param {string} json
 */
export function encodeFrame(json) {
  return encode(JSON.parse(json));
}

/**
 * A binary frame's envelope. Browsers hand an `ArrayBuffer` (the client sets `binaryType`), Node a `Buffer`.
 * @param {unknown} data
 */
export function decodeFrame(data) {
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return decode(/** @type {ArrayBuffer | ArrayBufferView} */ (data));
  throw new TypeError("a binary frame must arrive as an ArrayBuffer or a typed array");
}

class Writer {
  constructor() {
    this.buf = new Uint8Array(256);
    this.view = new DataView(this.buf.buffer);
    this.at = 0;
  }

  /** @param {number} n */
  room(n) {
    if (this.at + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buf.subarray(0, this.at));
    this.buf = bigger;
    this.view = new DataView(bigger.buffer);
  }

  /** @param {number} b */
  u8(b) {
    this.room(1);
    this.buf[this.at++] = b;
  }

  /** @param {number} tag @param {number} v */
  u16(tag, v) {
    this.room(3);
    this.buf[this.at] = tag;
    this.view.setUint16(this.at + 1, v);
    this.at += 3;
  }

  /** @param {number} tag @param {number} v */
  u32(tag, v) {
    this.room(5);
    this.buf[this.at] = tag;
    this.view.setUint32(this.at + 1, v);
    this.at += 5;
  }

  /** @param {number} tag @param {bigint} v @param {boolean} signed */
  u64(tag, v, signed) {
    this.room(9);
    this.buf[this.at] = tag;
    if (signed) this.view.setBigInt64(this.at + 1, v);
    else this.view.setBigUint64(this.at + 1, v);
    this.at += 9;
  }

  /** @param {number} v */
  f64(v) {
    this.room(9);
    this.buf[this.at] = 0xcb;
    this.view.setFloat64(this.at + 1, v);
    this.at += 9;
  }

  /** @param {Uint8Array} bytes */
  raw(bytes) {
    this.room(bytes.length);
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
  }

  bytes() {
    return this.buf.slice(0, this.at);
  }
}

/**
 * @param {Writer} out
 * @param {any} value
 * @param {number} depth
 */
function write(out, value, depth) {
  if (depth > MAX_DEPTH) throw new TypeError(`a value nested more than ${MAX_DEPTH} levels deep`);
  if (value !== null && typeof value === "object" && typeof value.toJSON === "function") value = value.toJSON();
  if (value === null || value === undefined || typeof value === "function" || typeof value === "symbol") {
    out.u8(0xc0);
  } else if (value === false) {
    out.u8(0xc2);
  } else if (value === true) {
    out.u8(0xc3);
  } else if (typeof value === "number") {
    writeNumber(out, value);
  } else if (typeof value === "bigint") {
    writeBigInt(out, value);
  } else if (typeof value === "string") {
    writeString(out, value);
  } else if (Array.isArray(value)) {
    header(out, value.length, 0x90, 0xdc, 0xdd);
    for (const item of value) write(out, item, depth + 1);
  } else if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    throw new TypeError("bytes have no place in protocol version 1: send them as a base64 string");
  } else {
    const keys = Object.keys(value).filter((k) => {
      const v = value[k];
      return v !== undefined && typeof v !== "function" && typeof v !== "symbol";
    });
    header(out, keys.length, 0x80, 0xde, 0xdf);
    for (const key of keys) {
      writeString(out, key);
      write(out, value[key], depth + 1);
    }
  }
}

/** @param {Writer} out @param {number} n @param {number} fix @param {number} tag16 @param {number} tag32 */
function header(out, n, fix, tag16, tag32) {
  if (n < 16) out.u8(fix | n);
  else if (n < 0x10000) out.u16(tag16, n);
  else out.u32(tag32, n);
}

/** @param {Writer} out @param {number} n */
function writeNumber(out, n) {
  if (!Number.isFinite(n)) {
    out.u8(0xc0); // as JSON.stringify writes null
  } else if (!Number.isSafeInteger(n)) {
    out.f64(n);
  } else if (n >= 0) {
    if (n < 128) out.u8(n);
    else if (n < 0x100) { out.u8(0xcc); out.u8(n); }
    else if (n < 0x10000) out.u16(0xcd, n);
    else if (n < 0x100000000) out.u32(0xce, n);
    else out.u64(0xcf, BigInt(n), false);
  } else if (n >= -32) {
    out.u8(n & 0xff);
  } else if (n >= -128) {
    out.u8(0xd0); out.u8(n & 0xff);
  } else if (n >= -32768) {
    out.u16(0xd1, n & 0xffff);
  } else if (n >= -2147483648) {
    out.u32(0xd2, n >>> 0);
  } else {
    out.u64(0xd3, BigInt(n), true);
  }
}

/** @param {Writer} out @param {bigint} n */
function writeBigInt(out, n) {
  if (n >= -(2n ** 63n) && n < 2n ** 63n) {
    if (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)) writeNumber(out, Number(n));
    else out.u64(0xd3, n, true);
  } else if (n >= 0n && n < 2n ** 64n) {
    out.u64(0xcf, n, false);
  } else {
    throw new TypeError("an integer beyond 64 bits has no MessagePack encoding");
  }
}

/** @param {Writer} out @param {string} s */
function writeString(out, s) {
  const bytes = utf8Encoder.encode(s);
  const n = bytes.length;
  if (n < 32) out.u8(0xa0 | n);
  else if (n < 0x100) { out.u8(0xd9); out.u8(n); }
  else if (n < 0x10000) out.u16(0xda, n);
  else out.u32(0xdb, n);
  out.raw(bytes);
}

class Reader {
  /** @param {Uint8Array} bytes */
  constructor(bytes) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.at = 0;
  }

  /** @param {number} n the bytes the next read takes */
  need(n) {
    if (this.at + n > this.bytes.length) throw new TypeError("truncated MessagePack: the frame ends inside a value");
    const at = this.at;
    this.at += n;
    return at;
  }

  /** @param {number} depth @returns {any} */
  value(depth) {
    const tag = this.bytes[this.need(1)];
    if (tag < 0x80) return tag;
    if (tag >= 0xe0) return tag - 0x100;
    if ((tag & 0xf0) === 0x80) return this.map(tag & 0x0f, depth);
    if ((tag & 0xf0) === 0x90) return this.array(tag & 0x0f, depth);
    if ((tag & 0xe0) === 0xa0) return this.string(tag & 0x1f);
    const v = this.view;
    switch (tag) {
      case 0xc0: return null;
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xca: return this.finite(v.getFloat32(this.need(4)));
      case 0xcb: return this.finite(v.getFloat64(this.need(8)));
      case 0xcc: return v.getUint8(this.need(1));
      case 0xcd: return v.getUint16(this.need(2));
      case 0xce: return v.getUint32(this.need(4));
      case 0xcf: return Number(v.getBigUint64(this.need(8)));
      case 0xd0: return v.getInt8(this.need(1));
      case 0xd1: return v.getInt16(this.need(2));
      case 0xd2: return v.getInt32(this.need(4));
      case 0xd3: return Number(v.getBigInt64(this.need(8)));
      case 0xd9: return this.string(v.getUint8(this.need(1)));
      case 0xda: return this.string(v.getUint16(this.need(2)));
      case 0xdb: return this.string(v.getUint32(this.need(4)));
      case 0xdc: return this.array(v.getUint16(this.need(2)), depth);
      case 0xdd: return this.array(v.getUint32(this.need(4)), depth);
      case 0xde: return this.map(v.getUint16(this.need(2)), depth);
      case 0xdf: return this.map(v.getUint32(this.need(4)), depth);
      case 0xc1: throw new TypeError("not MessagePack: byte 0xc1 is never used");
      default: throw new TypeError("bin and ext values are not part of protocol version 1");
    }
  }

  /** @param {number} f */
  finite(f) {
    if (!Number.isFinite(f)) throw new TypeError("floats must be finite: JSON has no NaN or Infinity");
    return f;
  }

  /** @param {number} n */
  string(n) {
    const at = this.need(n);
    return utf8Decoder.decode(this.bytes.subarray(at, at + n));
  }

  /** @param {number} n @param {number} depth */
  array(n, depth) {
    if (depth >= MAX_DEPTH) throw new TypeError(`MessagePack nested more than ${MAX_DEPTH} levels deep`);
    // Each item takes at least one byte: a length beyond what is left is refused before anything is allocated.
    if (n > this.bytes.length - this.at) throw new TypeError("truncated MessagePack: fewer bytes than the array's items");
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.value(depth + 1);
    return out;
  }

  /** @param {number} n @param {number} depth */
  map(n, depth) {
    if (depth >= MAX_DEPTH) throw new TypeError(`MessagePack nested more than ${MAX_DEPTH} levels deep`);
    if (n * 2 > this.bytes.length - this.at) throw new TypeError("truncated MessagePack: fewer bytes than the map's entries");
    /** @type {Record<string, any>} */
    const out = {};
    for (let i = 0; i < n; i++) {
      const tag = this.bytes[this.at];
      if (!((tag & 0xe0) === 0xa0 || tag === 0xd9 || tag === 0xda || tag === 0xdb)) {
        throw new TypeError("MessagePack map keys must be strings");
      }
      const key = /** @type {string} */ (this.value(depth + 1));
      const value = this.value(depth + 1);
      // As JSON.parse does: "__proto__" becomes an own property, never the object's prototype.
      if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
    }
    return out;
  }
}
