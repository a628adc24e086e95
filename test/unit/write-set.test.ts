import { describe, expect, it } from 'vitest';
import { WriteSet } from '../../src/storage/write-set.js';

/** A deterministic PRNG, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const key = (n: number) => Buffer.from([n >> 8, n & 0xff]);

describe('WriteSet', () => {
  it('range() agrees with a brute-force model under interleaved writes, reads, savepoints and rollbacks', () => {
    const random = rng(7);
    const ws = new WriteSet();
    let model = new Map<number, Buffer | null>();
    const marks: { mark: number; model: Map<number, Buffer | null> }[] = [];
    for (let step = 0; step < 5000; step++) {
      const r = random();
      // Mostly ascending keys (like rowids), some random ones (like index keys).
      const n = r < 0.5 ? step % 4096 : Math.floor(random() * 4096);
      if (r < 0.6) {
        const v = Buffer.from([step & 0xff]);
        ws.put('rows', key(n), v);
        model.set(n, v);
      } else if (r < 0.7) {
        ws.delete('rows', key(n));
        model.set(n, null);
      } else if (r < 0.75) {
        marks.push({ mark: ws.mark(), model: new Map(model) });
      } else if (r < 0.78 && marks.length > 0) {
        const m = marks.pop()!;
        ws.rollbackTo(m.mark);
        model = m.model;
      } else {
        const lo = Math.floor(random() * 4096);
        const hi = lo + Math.floor(random() * 600);
        const got = ws.range('rows', key(lo), key(hi)).map((e) => [e.key.readUInt16BE(0), e.value]);
        const want = [...model.entries()].filter(([k]) => k >= lo && k < hi).sort((a, b) => a[0] - b[0]);
        expect(got).toEqual(want);
      }
    }
  });
});
