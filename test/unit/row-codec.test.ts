import { describe, expect, it } from 'vitest';
import { decodeColumn, decodeRow, encodeRow, storedColumnCount } from '../../src/storage/row-codec.js';
import { PgError } from '../../src/types/errors.js';
import { Numeric } from '../../src/types/numeric.js';
import { Oid } from '../../src/types/oids.js';
import { makeArray } from '../../src/types/value.js';
import type { PgArray, Value } from '../../src/types/value.js';

/** mulberry32: a small seeded PRNG so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const u32 = (r: Rng): number => Math.floor(r() * 4294967296);
const int64 = (r: Rng): bigint => BigInt.asIntN(64, (BigInt(u32(r)) << 32n) | BigInt(u32(r)));

function bitsOf(v: number): string {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v);
  return dv.getBigUint64(0).toString(16);
}

function randDouble(r: Rng): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setUint32(0, u32(r));
  dv.setUint32(4, u32(r));
  return dv.getFloat64(0);
}

const STRING_UNITS = ['a', 'Z', ' ', '\u0001', 'é', '€', '😀', '\uffff', '日本', 'x'.repeat(30)];
const randString = (r: Rng): string => Array.from({ length: int(r, 0, 8) }, () => pick(r, STRING_UNITS)).join('');

function randBytes(r: Rng, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => int(r, 0, 255));
}

function randNumeric(r: Rng): Numeric {
  const x = r();
  if (x < 0.05) return Numeric.NaN;
  if (x < 0.1) return Numeric.POSITIVE_INFINITY;
  if (x < 0.15) return Numeric.NEGATIVE_INFINITY;
  let coef = 0n;
  for (let i = int(r, 0, 60); i > 0; i--) coef = coef * 10n + BigInt(int(r, 0, 9));
  return Numeric.of(r() < 0.5 ? -coef : coef, int(r, 0, 40));
}

/** Generators for every type with its own storage path, plus some generic (registry) ones. */
const GEN: Record<number, (r: Rng) => Value> = {
  [Oid.bool]: (r) => r() < 0.5,
  [Oid.int2]: (r) => pick(r, [-32768, 32767, 0, -1, int(r, -32768, 32767)]),
  [Oid.int4]: (r) => pick(r, [-2147483648, 2147483647, 0, -1, int(r, -2147483648, 2147483647)]),
  [Oid.int8]: (r) => pick(r, [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, int64(r)]),
  [Oid.oid]: (r) => pick(r, [0, 4294967295, 2147483648, u32(r)]),
  [Oid.regclass]: (r) => u32(r),
  [Oid.float4]: (r) => Math.fround(pick(r, [0, -0, NaN, Infinity, -Infinity, 1.401298464324817e-45, randDouble(r), r() * 1000])),
  [Oid.float8]: (r) => pick(r, [0, -0, NaN, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE, randDouble(r), r()]),
  [Oid.numeric]: randNumeric,
  [Oid.text]: randString,
  [Oid.varchar]: randString,
  [Oid.bpchar]: (r) => randString(r) + '   ',
  [Oid.name]: randString,
  [Oid.char]: (r) => pick(r, ['', 'a', 'é']),
  [Oid.json]: (r) => JSON.stringify({ a: randString(r), n: int(r, 0, 9) }),
  [Oid.bytea]: (r) => randBytes(r, int(r, 0, 40)),
  [Oid.date]: (r) => pick(r, [Infinity, -Infinity, 0, int(r, -2451545, 2_000_000)]),
  [Oid.timestamp]: (r) => pick(r, [-(2n ** 63n), 2n ** 63n - 1n, int64(r) / 1000n]),
  [Oid.timestamptz]: (r) => int64(r) / 1000n,
  [Oid.time]: (r) => BigInt(int(r, 0, 86_400)) * 1_000_000n,
  [Oid.timetz]: (r) => ({ micros: BigInt(int(r, 0, 86_400)) * 1_000_000n, offsetSec: int(r, -57_599, 57_599) }),
  [Oid.interval]: (r) => ({ months: int(r, -2147483648, 2147483647), days: int(r, -2147483648, 2147483647), micros: int64(r) }),
  [Oid.uuid]: (r) => randBytes(r, 16),
  // Generic path: the registry's binary send/receive.
  [Oid._int4]: (r): PgArray => makeArray(Oid.int4, Array.from({ length: int(r, 0, 4) }, () => (r() < 0.2 ? null : int(r, -99, 99)))),
  [Oid._text]: (r): PgArray => makeArray(Oid.text, Array.from({ length: int(r, 0, 3) }, () => randString(r))),
};
const OIDS = Object.keys(GEN).map(Number);

/** Equality for stored values: floats bit for bit, numerics by digits and scale, byte arrays by content. */
function expectSame(got: Value, want: Value, oid: number): void {
  if (want === null) return expect(got).toBeNull();
  if (typeof want === 'number') {
    expect(typeof got).toBe('number');
    if (oid === Oid.float4 || oid === Oid.float8) return expect(bitsOf(got as number)).toBe(bitsOf(want));
    return expect(got).toBe(want);
  }
  if (want instanceof Numeric) {
    expect(got).toBeInstanceOf(Numeric);
    expect((got as Numeric).toString()).toBe(want.toString());
    return expect((got as Numeric).dscale).toBe(want.dscale);
  }
  if (want instanceof Uint8Array) {
    expect(got).toBeInstanceOf(Uint8Array);
    return expect(Buffer.from(got as Uint8Array).equals(Buffer.from(want))).toBe(true);
  }
  expect(got).toEqual(want);
}

function randomRow(r: Rng, oids: number[]): Value[] {
  return oids.map((oid) => (r() < 0.2 ? null : GEN[oid]!(r)));
}

describe('row codec', () => {
  it('round-trips random rows of every type, and decodeColumn agrees with decodeRow', () => {
    const r = prng(1);
    for (let round = 0; round < 400; round++) {
      const oids = Array.from({ length: int(r, 0, 20) }, () => pick(r, OIDS));
      const row = randomRow(r, oids);
      const enc = encodeRow(row, oids);
      const dec = decodeRow(enc, oids);
      expect(dec.length).toBe(oids.length);
      for (let i = 0; i < oids.length; i++) {
        expectSame(dec[i], row[i], oids[i]!);
        expectSame(decodeColumn(enc, oids, i), row[i], oids[i]!);
      }
    }
  });

  it('keeps -0 and NaN floats bit-exact', () => {
    const oids = [Oid.float8, Oid.float8, Oid.float4, Oid.float4];
    const [a, b, c, d] = decodeRow(encodeRow([-0, NaN, -0, NaN], oids), oids);
    expect(Object.is(a, -0)).toBe(true);
    expect(Number.isNaN(b)).toBe(true);
    expect(Object.is(c, -0)).toBe(true);
    expect(Number.isNaN(d)).toBe(true);
    const enc = encodeRow([Math.fround(0.1)], [Oid.float4]);
    expect(decodeRow(enc, [Oid.float4])[0]).toBe(Math.fround(0.1));
  });

  it('decodes a row written before ADD COLUMN: the new columns are null', () => {
    const old = [Oid.int4, Oid.text];
    const enc = encodeRow([7, 'seven'], old);
    const now = [Oid.int4, Oid.text, Oid.float8, Oid.bool, Oid.numeric];
    expect(decodeRow(enc, now)).toEqual([7, 'seven', null, null, null]);
    expect(decodeColumn(enc, now, 1)).toBe('seven');
    expect(decodeColumn(enc, now, 4)).toBeNull();
    expect(storedColumnCount(enc)).toBe(2);
    // Fewer columns than stored (trailing columns dropped): the rest is ignored.
    expect(decodeRow(enc, [Oid.int4])).toEqual([7]);
    // OID 0 marks a dropped column: always null, whatever was stored.
    expect(decodeRow(enc, [Oid.int4, 0])).toEqual([7, null]);
    expect(decodeRow(encodeRow([1, 'gone', 2], [Oid.int4, 0, Oid.int4]), [Oid.int4, 0, Oid.int4])).toEqual([1, null, 2]);
  });

  it('handles nulls, empty values and many columns', () => {
    const oids = Array.from({ length: 70 }, (_, i) => (i % 3 === 0 ? Oid.text : i % 3 === 1 ? Oid.int8 : Oid.bytea));
    const row = oids.map((oid, i) => (i % 5 === 0 ? null : oid === Oid.text ? (i % 2 ? '' : `v${i}`) : oid === Oid.int8 ? BigInt(i) : new Uint8Array(i % 4)));
    const dec = decodeRow(encodeRow(row, oids), oids);
    oids.forEach((oid, i) => expectSame(dec[i], row[i], oid));
    expect(decodeRow(encodeRow([], []), [Oid.int4])).toEqual([null]);
    expect(decodeRow(encodeRow([null, undefined], [Oid.int4, Oid.text]), [Oid.int4, Oid.text])).toEqual([null, null]);
  });

  it('switches to 32-bit offsets for rows over 64 KiB', () => {
    const oids = [Oid.text, Oid.int4, Oid.bytea, Oid.text];
    const big = 'é'.repeat(40_000); // 80,000 bytes
    const blob = randBytes(prng(3), 70_000);
    const row = [big, 5, blob, 'tail'];
    const enc = encodeRow(row, oids);
    expect(enc[0]! & 1).toBe(1);
    const dec = decodeRow(enc, oids);
    oids.forEach((oid, i) => expectSame(dec[i], row[i], oid));
    expect(decodeColumn(enc, oids, 3)).toBe('tail');
    expect(encodeRow([1], [Oid.int4])[0]! & 1).toBe(0);
  });

  it('decoded values never share memory with the stored bytes', () => {
    const oids = [Oid.bytea, Oid.uuid, Oid.text, Oid._int4, Oid.numeric];
    const uuid = Uint8Array.from({ length: 16 }, (_, i) => i);
    const row = [Uint8Array.of(1, 2, 3), uuid, 'abc', makeArray(Oid.int4, [1, 2]), Numeric.parse('12.5')];
    const enc = encodeRow(row, oids);
    const decoded = decodeRow(enc, oids);
    const single = decodeColumn(enc, oids, 0);
    enc.fill(0xaa); // LMDB reuses its read buffers
    oids.forEach((oid, i) => expectSame(decoded[i], row[i], oid));
    expectSame(single, row[0], Oid.bytea);
  });

  it('accepts a plain Uint8Array (not a Buffer) as input', () => {
    const oids = [Oid.int8, Oid.text];
    const enc = encodeRow([42n, 'héllo'], oids);
    const plain = new Uint8Array(enc.length + 3).subarray(3);
    plain.set(enc);
    expect(decodeRow(plain, oids)).toEqual([42n, 'héllo']);
    expect(decodeColumn(plain, oids, 1)).toBe('héllo');
  });

  it('rejects corrupt rows and unstorable types with a PgError', () => {
    expect(() => decodeRow(Buffer.from([0x10]), [Oid.int4])).toThrow(PgError);
    expect(() => decodeRow(Buffer.from([0x20, 0, 0]), [Oid.int4])).toThrow(/invalid stored row/);
    expect(() => decodeRow(Buffer.from([0x10, 9, 0]), [Oid.int4])).toThrow(PgError);
    expect(() => encodeRow([1], [Oid.void])).toThrow(PgError);
    expect(() => encodeRow([new Uint8Array(3)], [Oid.uuid])).toThrow(PgError);
  });

  it('speed of a 6-column row (printed, not asserted)', () => {
    const oids = [Oid.int8, Oid.int4, Oid.text, Oid.float8, Oid.bool, Oid.timestamptz];
    const rows = Array.from({ length: 1000 }, (_, i) => [
      BigInt(i) * 1_000_003n,
      i,
      `user-${i}-abcdefghijklmnop`.slice(0, 20),
      i * 1.25,
      i % 2 === 0,
      757_382_400_000_000n + BigInt(i),
    ]);
    const encoded = rows.map((row) => encodeRow(row, oids));
    // Best of several runs: the machine is shared, so single runs are noisy.
    const time = (f: (i: number) => unknown): number => {
      for (let i = 0; i < 100_000; i++) f(i);
      let best = Infinity;
      for (let run = 0; run < 5; run++) {
        const n = 100_000;
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < n; i++) f(i);
        best = Math.min(best, Number(process.hrtime.bigint() - t0) / n);
      }
      return best;
    };
    const enc = time((i) => encodeRow(rows[i % 1000]!, oids));
    const dec = time((i) => decodeRow(encoded[i % 1000]!, oids));
    const col = time((i) => decodeColumn(encoded[i % 1000]!, oids, 2));
    console.log(
      `row codec: encodeRow ${enc.toFixed(0)} ns, decodeRow ${dec.toFixed(0)} ns, decodeColumn(text) ${col.toFixed(0)} ns (${encoded[0]!.length} bytes)`,
    );
    expect(decodeRow(encoded[9]!, oids)).toEqual(rows[9]);
  });
});
