// The MessagePack codec of the binary protocol (version 1): every type both ways, the smallest encodings, the
// bytes another implementation writes, and the refusals of what version 1 does not have.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeMsgPack as decode, encodeMsgPack as encode, MSGPACK_PROTOCOL } from "../../src/index.js";

const hex = (bytes) => Buffer.from(bytes).toString("hex");

test("an envelope round-trips with every JSON type, as JSON.stringify sees it", () => {
  const envelope = { type: "publish", id: "c1", data: { s: "ünïcode ✓", i: -5, big: 2 ** 40, f: 1.5, t: true, f2: false,
    n: null, a: [1, "two", { three: 3 }, []], o: {}, long: "x".repeat(70000), gone: undefined, when: new Date(0) } };
  assert.deepEqual(decode(encode(envelope)), JSON.parse(JSON.stringify(envelope)));
  assert.equal(MSGPACK_PROTOCOL, "switchboard.msgpack");
});

test("integers take the smallest encoding at every boundary, and floats are float 64", () => {
  const cases = [[0, "00"], [127, "7f"], [128, "cc80"], [255, "ccff"], [256, "cd0100"], [65536, "ce00010000"],
    [2 ** 32, "cf0000000100000000"], [-1, "ff"], [-32, "e0"], [-33, "d0df"], [-129, "d1ff7f"], [-32769, "d2ffff7fff"],
    [-(2 ** 31) - 1, "d3ffffffff7fffffff"], [0.5, "cb3fe0000000000000"]];
  for (const [n, bytes] of cases) {
    assert.equal(hex(encode(n)), bytes, `encoding of ${n}`);
    assert.equal(decode(Buffer.from(bytes, "hex")), n, `decoding of ${bytes}`);
  }
  assert.equal(decode(encode(Number.MAX_SAFE_INTEGER)), Number.MAX_SAFE_INTEGER);
  assert.equal(hex(encode(NaN)), "c0", "as JSON.stringify writes null");
});

test("the bytes of a ping are those the server's MessagePack writes", () => {
  // {"type":"ping","id":1}: fixmap 2, fixstr "type", fixstr "ping", fixstr "id", fixint 1.
  const bytes = "82a474797065a470696e67a2696401";
  assert.equal(hex(encode({ type: "ping", id: 1 })), bytes);
  assert.deepEqual(decode(Buffer.from(bytes, "hex")), { type: "ping", id: 1 });
  // str 8/16 and map 16 / array 16 as other writers produce them.
  assert.equal(decode(Buffer.from("d903616263", "hex")), "abc");
  assert.deepEqual(decode(Buffer.from("de0001a161dc000101", "hex")), { a: [1] });
  assert.equal(decode(Buffer.from("ca3fc00000", "hex")), 1.5, "float 32");
});

test("what version 1 does not have is refused with a message saying so", () => {
  const refused = (bytes, message) => assert.throws(() => decode(Buffer.from(bytes, "hex")), (e) => e instanceof TypeError && message.test(e.message));
  refused("c1", /0xc1/);
  refused("c403010203", /bin and ext/);
  refused("d6ff00000000", /bin and ext/);
  refused("810102", /keys must be strings/);
  refused("81a474", /truncated/);
  refused("dd7fffffff", /truncated/);
  refused("cb7ff8000000000000", /finite/);
  refused("0101", /trailing/);
  refused("a2c328", /./); // not UTF-8
  assert.throws(() => encode(new Uint8Array([1])), /base64/);
});

test("a __proto__ key is an own property, never the prototype", () => {
  const value = decode(encode(JSON.parse('{"__proto__": {"polluted": true}}')));
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.deepEqual(Object.keys(value), ["__proto__"]);
  assert.equal(/** @type {any} */ ({}).polluted, undefined);
});
