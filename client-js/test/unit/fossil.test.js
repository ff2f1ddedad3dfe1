// Our Fossil delta apply against the vectors the Java tests share, and against the reference fossil-delta-js
// (a test-only dependency nobody here wrote): their deltas applied with our code, ours applied with theirs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { applyDelta, DeltaBase, InvalidDeltaError, rawData } from "../../src/fossil.js";
import * as reference from "fossil-delta";

const vectors = JSON.parse(readFileSync(new URL("../../../protocol/src/test/resources/delta/fossil-vectors.json", import.meta.url), "utf8"));
const enc = new TextEncoder();
const dec = new TextDecoder();

test("every shared vector applies to its target", () => {
  assert.ok(vectors.length > 10);
  for (const v of vectors) {
    const out = applyDelta(enc.encode(v.source), enc.encode(v.delta));
    assert.equal(dec.decode(out), v.target, v.name);
  }
});

test("the reference applies every vector's delta, and makes the same delta from the ASCII ones", () => {
  for (const v of vectors) {
    const s = enc.encode(v.source);
    const t = enc.encode(v.target);
    assert.equal(dec.decode(reference.applyDelta(s, enc.encode(v.delta))), v.target, v.name);
    if (v.by.startsWith("fossil-delta-js")) {
      assert.equal(dec.decode(reference.createDelta(s, t)), v.delta, v.name);
    }
  }
});

test("random deltas made by the reference apply with ours", () => {
  let seed = 17;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  for (let round = 0; round < 300; round++) {
    const source = new Uint8Array(rnd(5000));
    for (let i = 0; i < source.length; i++) source[i] = rnd(rnd(2) ? 256 : 4);
    let target = source.slice();
    for (let e = rnd(5); e > 0 && target.length > 0; e--) target[rnd(target.length)] = rnd(256);
    if (rnd(2)) {
      const extra = new Uint8Array(rnd(50)).map(() => rnd(256));
      const at = rnd(target.length + 1);
      target = new Uint8Array([...target.subarray(0, at), ...extra, ...target.subarray(at)]);
    }
    const delta = reference.createDelta(source, target);
    assert.deepEqual(applyDelta(source, delta), target, `round ${round}`);
  }
});

test("a malformed delta or one made from another source is refused", () => {
  const source = enc.encode("The quick brown fox jumps over the lazy dog, twice over.");
  const other = enc.encode("The quick br0wn fox jumps over the lazy dog, twice over.");
  const delta = reference.createDelta(source, enc.encode("The quick brown fox jumps over the lazy cat, twice over."));
  assert.throws(() => applyDelta(other, delta), /checksum/);
  for (const bad of ["", "5", "5\n", "5\n5:abc", "3\n3@0;", "3\n9@0,3;", "3\n3!", "~~~~~~\n0;", "2\n2:ab", "1\n1@99,0;"]) {
    assert.throws(() => applyDelta(source, enc.encode(bad)), InvalidDeltaError, JSON.stringify(bad));
  }
});

test("rawData finds the server's exact text of a frame's data", () => {
  assert.equal(rawData('{"type":"message","channel":"doc:1","offset":3,"epoch":"e","data":{"a":1.50,"s":"x,}\\"]"}}'),
    '{"a":1.50,"s":"x,}\\"]"}');
  assert.equal(rawData('{"type":"message","channel":"c","delta":true,"data":"3\\n3:abc1;"}'), '"3\\n3:abc1;"');
  assert.equal(rawData('{"type":"message","data":[1,[2,{"b":null}]],"channel":"c"}'), '[1,[2,{"b":null}]]');
  assert.equal(rawData('{"type":"message","data":12.0}'), "12.0");
  assert.equal(rawData('{"type":"pong"}'), undefined);
});

test("a delta base turns a full publication then deltas into full documents", () => {
  const first = '{"n":1,"text":"a text long enough to be copied from, more than sixteen bytes"}';
  const second = '{"n":2,"text":"a text long enough to be copied from, more than sixteen bytes"}';
  const base = new DeltaBase();
  assert.deepEqual(base.take(JSON.parse(first), false, first), JSON.parse(first));
  const delta = dec.decode(reference.createDelta(enc.encode(first), enc.encode(second)));
  assert.deepEqual(base.take(delta, true, undefined), JSON.parse(second));
  base.reset();
  assert.throws(() => base.take(delta, true, undefined), InvalidDeltaError);
});
