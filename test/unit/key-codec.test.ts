import { describe, expect, it } from 'vitest';
import {
  MAX_KEY_SIZE,
  decodeKey,
  decodeKeyPrefix,
  decodeRowid,
  decodeTableKey,
  encodeKey,
  encodePrefix,
  encodeRowid,
  isKeyEncodable,
  keyIsExact,
  keySuccessor,
  keyWithRowid,
  prefixUpperBound,
  tableKey,
  tablePrefix,
} from '../../src/storage/key-codec.js';
import { PgError } from '../../src/types/errors.js';
import { Numeric } from '../../src/types/numeric.js';
import { Oid } from '../../src/types/oids.js';
import { typeByOid } from '../../src/types/registry.js';
import type { Value } from '../../src/types/value.js';

/*
 * Property tests: for many random values per type, the byte order of the
 * keys must equal the type's semantic order (PgType.compare, Numeric.compare,
 * or PostgreSQL's rule written out below for types not registered yet).
 */

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
const sign = (x: number): number => (x < 0 ? -1 : x > 0 ? 1 : 0);

function randU32(r: Rng): number {
  return Math.floor(r() * 4294967296);
}

function randInt64(r: Rng): bigint {
  return BigInt.asIntN(64, (BigInt(randU32(r)) << 32n) | BigInt(randU32(r)));
}

function randDouble(r: Rng): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setUint32(0, randU32(r));
  dv.setUint32(4, randU32(r));
  return dv.getFloat64(0); // every bit pattern: NaNs with payloads, denormals, -0
}

const TEXT_ALPHABET = ['a', 'b', 'z', 'A', ' ', '\u0001', '\u007f', 'é', 'ÿ', '€', '\uffff', '😀', '𝄞', '0', '~'];

function randString(r: Rng, maxLen: number): string {
  let s = '';
  const n = int(r, 0, maxLen);
  for (let i = 0; i < n; i++) s += pick(r, TEXT_ALPHABET);
  return s;
}

function randBytes(r: Rng, maxLen: number): Uint8Array {
  const n = int(r, 0, maxLen);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = pick(r, [0, 0, 1, 0xff, 0xfe, 0x7f, int(r, 0, 255)]);
  return b;
}

function randNumeric(r: Rng): Numeric {
  const x = r();
  if (x < 0.03) return Numeric.NaN;
  if (x < 0.06) return Numeric.POSITIVE_INFINITY;
  if (x < 0.09) return Numeric.NEGATIVE_INFINITY;
  if (x < 0.12) return Numeric.of(0n, int(r, 0, 5));
  const digits = int(r, 1, 30);
  let coef = 0n;
  for (let i = 0; i < digits; i++) coef = coef * 10n + BigInt(r() < 0.3 ? 0 : int(r, 0, 9));
  if (r() < 0.5) coef = -coef;
  const dscale = int(r, 0, 25);
  // Sometimes the same value at a larger display scale: 1.5 vs 1.50 must be one key.
  const extra = r() < 0.2 ? int(r, 1, 4) : 0;
  return Numeric.of(coef * 10n ** BigInt(extra), dscale + extra);
}

interface Interval {
  months: number;
  days: number;
  micros: bigint;
}
interface TimeTz {
  micros: bigint;
  offsetSec: number;
}

/** interval_cmp: the total of months·30 days + days, in µs. */
function intervalSpan(v: Interval): bigint {
  return (BigInt(v.months) * 30n + BigInt(v.days)) * 86_400_000_000n + v.micros;
}

const cmpBig = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);
const cmpNum = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

/** A generator and the reference order for one type. */
interface TypeCase {
  oid: number;
  gen: (r: Rng) => Value;
  cmp: (a: Value, b: Value) => number;
}

function registered(oid: number): (a: Value, b: Value) => number {
  return typeByOid(oid).compare!;
}

const CASES: TypeCase[] = [
  { oid: Oid.bool, gen: (r) => r() < 0.5, cmp: registered(Oid.bool) },
  { oid: Oid.int2, gen: (r) => pick(r, [-32768, 32767, 0, -1, 1, int(r, -32768, 32767), int(r, -3, 3)]), cmp: registered(Oid.int2) },
  {
    oid: Oid.int4,
    gen: (r) => pick(r, [-2147483648, 2147483647, 0, -1, 1, int(r, -2147483648, 2147483647), int(r, -300, 300)]),
    cmp: registered(Oid.int4),
  },
  {
    oid: Oid.int8,
    gen: (r) => pick(r, [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, 1n, randInt64(r), BigInt(int(r, -1000, 1000)), 2n ** 32n, -(2n ** 32n)]),
    cmp: registered(Oid.int8),
  },
  { oid: Oid.oid, gen: (r) => pick(r, [0, 4294967295, 2147483648, randU32(r), int(r, 0, 100)]), cmp: registered(Oid.oid) },
  {
    oid: Oid.float8,
    gen: (r) => pick(r, [0, -0, NaN, -NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, randDouble(r), randDouble(r), (r() - 0.5) * 1e6, int(r, -5, 5)]),
    cmp: registered(Oid.float8),
  },
  {
    oid: Oid.float4,
    gen: (r) => Math.fround(pick(r, [0, -0, NaN, Infinity, -Infinity, 1.401298464324817e-45, 3.4028234663852886e38, randDouble(r), (r() - 0.5) * 1e4, int(r, -5, 5)])),
    cmp: registered(Oid.float4),
  },
  { oid: Oid.numeric, gen: randNumeric, cmp: registered(Oid.numeric) },
  { oid: Oid.text, gen: (r) => randString(r, 6), cmp: registered(Oid.text) },
  { oid: Oid.varchar, gen: (r) => randString(r, 4), cmp: registered(Oid.varchar) },
  { oid: Oid.name, gen: (r) => randString(r, 4), cmp: registered(Oid.name) },
  { oid: Oid.bpchar, gen: (r) => randString(r, 3) + ' '.repeat(int(r, 0, 2)), cmp: registered(Oid.bpchar) },
  { oid: Oid.char, gen: (r) => pick(r, ['', 'a', 'b', 'A', '\u0001', 'é', 'ÿ']), cmp: registered(Oid.char) },
  { oid: Oid.bytea, gen: (r) => randBytes(r, 5), cmp: registered(Oid.bytea) },
  {
    oid: Oid.date,
    gen: (r) => pick(r, [Infinity, -Infinity, 0, -1, int(r, -2451545, 2147483494 - 2451545), int(r, -10, 10)]),
    cmp: (a, b) => cmpNum(a as number, b as number),
  },
  ...[Oid.timestamp, Oid.timestamptz].map((oid) => ({
    oid,
    gen: (r: Rng): Value => pick(r, [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, randInt64(r) / 1000n, BigInt(int(r, -100, 100))]),
    cmp: (a: Value, b: Value) => cmpBig(a as bigint, b as bigint),
  })),
  {
    oid: Oid.time,
    gen: (r) => BigInt(int(r, 0, 86400)) * 1_000_000n + BigInt(int(r, 0, 2)),
    cmp: (a, b) => cmpBig(a as bigint, b as bigint),
  },
  {
    oid: Oid.timetz,
    // Few distinct times and zones so that equal UTC instants in different zones are common.
    gen: (r): TimeTz => ({ micros: BigInt(int(r, 0, 48)) * 1_800_000_000n, offsetSec: int(r, -4, 4) * 3600 }),
    cmp: (a, b) => {
      const x = a as TimeTz;
      const y = b as TimeTz;
      const c = cmpBig(x.micros + BigInt(x.offsetSec) * 1_000_000n, y.micros + BigInt(y.offsetSec) * 1_000_000n);
      return c !== 0 ? c : cmpNum(x.offsetSec, y.offsetSec);
    },
  },
  {
    oid: Oid.interval,
    gen: (r): Interval =>
      r() < 0.5
        ? { months: int(r, -3, 3), days: int(r, -90, 90), micros: BigInt(int(r, -2, 2)) * 86_400_000_000n }
        : {
            months: pick(r, [2147483647, -2147483648, int(r, -1e9, 1e9)]),
            days: pick(r, [2147483647, -2147483648, int(r, -1e9, 1e9)]),
            micros: pick(r, [2n ** 63n - 1n, -(2n ** 63n), randInt64(r)]),
          },
    cmp: (a, b) => cmpBig(intervalSpan(a as Interval), intervalSpan(b as Interval)),
  },
  {
    oid: Oid.uuid,
    gen: (r) => {
      const u = new Uint8Array(16);
      const shared = int(r, 0, 16);
      for (let i = shared; i < 16; i++) u[i] = int(r, 0, 255);
      if (r() < 0.5) u[0] = 0xff;
      return u;
    },
    cmp: (a, b) => Buffer.compare(a as Uint8Array, b as Uint8Array),
  },
];

const typeName = (oid: number): string => Object.entries(Oid).find(([, v]) => v === oid)?.[0] ?? String(oid);

/** Reference order of one column including NULLs. */
function columnCmp(c: TypeCase, a: Value, b: Value, nullsFirst: boolean, desc: boolean): number {
  if (a === null || b === null) {
    if (a === null && b === null) return 0;
    return (a === null) === nullsFirst ? -1 : 1;
  }
  const s = sign(c.cmp(a, b));
  return desc ? -s : s;
}

function tupleCmp(cases: TypeCase[], a: Value[], b: Value[], desc: boolean[], nf: boolean[]): number {
  for (let i = 0; i < cases.length; i++) {
    const c = columnCmp(cases[i]!, a[i], b[i], nf[i]!, desc[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

/** Equality that survives the lossy encodings: equal under the type's order. */
function expectKeyEqual(c: TypeCase, got: Value, want: Value): void {
  if (want === null) {
    expect(got).toBeNull();
    return;
  }
  expect(got).not.toBeNull();
  expect(sign(c.cmp(got, want)), `${typeName(c.oid)} ${String(got)} vs ${String(want)}`).toBe(0);
}

describe('key codec: per-type order', () => {
  for (const c of CASES) {
    it(`${typeName(c.oid)}: byte order equals semantic order, ASC and DESC`, () => {
      const r = prng(c.oid * 7919);
      const pool = Array.from({ length: 300 }, () => c.gen(r));
      pool.push(null, null);
      for (const desc of [false, true]) {
        for (const nf of [false, true]) {
          const keys = pool.map((v) => encodeKey([v], [c.oid], [desc], [nf]));
          for (let n = 0; n < 4000; n++) {
            const i = int(r, 0, pool.length - 1);
            const j = int(r, 0, pool.length - 1);
            const want = columnCmp(c, pool[i], pool[j], nf, desc);
            const got = sign(Buffer.compare(keys[i]!, keys[j]!));
            if (got !== want) {
              throw new Error(
                `${typeName(c.oid)} desc=${desc} nullsFirst=${nf}: ${String(pool[i])} vs ${String(pool[j])}: bytes ${got}, want ${want}`,
              );
            }
          }
          // Sorting by bytes gives a sequence the reference order agrees with.
          const order = pool.map((_, i) => i).sort((i, j) => Buffer.compare(keys[i]!, keys[j]!));
          for (let k = 1; k < order.length; k++) {
            expect(columnCmp(c, pool[order[k - 1]!], pool[order[k]!], nf, desc)).toBeLessThanOrEqual(0);
          }
        }
      }
    });

    it(`${typeName(c.oid)}: decodeKey round trip`, () => {
      const r = prng(c.oid * 104729);
      for (let n = 0; n < 500; n++) {
        const v = n === 0 ? null : c.gen(r);
        for (const desc of [false, true]) {
          const key = encodeKey([v], [c.oid], [desc], [!desc]);
          const [got] = decodeKey(key, [c.oid], [desc], [!desc]);
          expectKeyEqual(c, got, v);
          if (keyIsExact(c.oid) && v !== null) expect(got instanceof Uint8Array ? new Uint8Array(got) : got).toEqual(v);
          // Re-encoding the decoded value gives the same key (the encoding is canonical).
          expect(encodeKey([got], [c.oid], [desc], [!desc]).equals(key)).toBe(true);
        }
      }
    });
  }

  it('integers of different widths share one encoding', () => {
    for (const v of [-32768, -1, 0, 1, 255, 32767]) {
      const k2 = encodeKey([v], [Oid.int2]);
      expect(encodeKey([v], [Oid.int4]).equals(k2)).toBe(true);
      expect(encodeKey([BigInt(v)], [Oid.int8]).equals(k2)).toBe(true);
    }
    expect(encodeKey([4294967295], [Oid.oid]).equals(encodeKey([4294967295n], [Oid.int8]))).toBe(true);
    expect(decodeKey(encodeKey([5n], [Oid.int8]), [Oid.int4])).toEqual([5]);
    expect(decodeKey(encodeKey([5], [Oid.int4]), [Oid.int8])).toEqual([5n]);
  });

  it('floats: -0 equals 0, every NaN is one key above +Infinity, float4 widens exactly', () => {
    const k = (v: number, oid: number = Oid.float8): Buffer => encodeKey([v], [oid]);
    expect(k(-0).equals(k(0))).toBe(true);
    const nan2 = new DataView(new ArrayBuffer(8));
    nan2.setUint32(0, 0xfff00000);
    nan2.setUint32(4, 1); // a negative signalling NaN
    expect(k(nan2.getFloat64(0)).equals(k(NaN))).toBe(true);
    expect(Buffer.compare(k(Infinity), k(NaN))).toBe(-1);
    expect(Buffer.compare(k(-Infinity), k(-Number.MAX_VALUE))).toBe(-1);
    expect(k(Math.fround(0.1), Oid.float4).equals(k(Math.fround(0.1)))).toBe(true);
    expect(Object.is(decodeKey(k(-0), [Oid.float8])[0], 0)).toBe(true);
    expect(keyIsExact(Oid.float8)).toBe(false);
  });

  it('numeric: equal values at different scales are one key; decoding drops the extra zeros', () => {
    const k = (s: string): Buffer => encodeKey([Numeric.parse(s)], [Oid.numeric]);
    expect(k('1.5').equals(k('1.50'))).toBe(true);
    expect(k('0').equals(k('0.000'))).toBe(true);
    expect(k('-100').equals(k('-100.0'))).toBe(true);
    expect(k('100').equals(k('1e2'))).toBe(true);
    const order = ['-Infinity', '-1e100', '-123.45', '-1.1', '-1', '-0.001', '0', '1e-20', '0.12', '0.121', '0.13', '1', '1.01', '10', '1e100', 'Infinity', 'NaN'];
    for (let i = 1; i < order.length; i++) {
      expect(Buffer.compare(k(order[i - 1]!), k(order[i]!)), `${order[i - 1]} < ${order[i]}`).toBe(-1);
    }
    const dec = (s: string): string => (decodeKey(k(s), [Oid.numeric])[0] as Numeric).toString();
    expect(dec('1.50')).toBe('1.5');
    expect(dec('-0.00100')).toBe('-0.001');
    expect(dec('12300')).toBe('12300');
    expect(dec('NaN')).toBe('NaN');
  });

  it('text: prefixes first, NUL escaped, bpchar ignores trailing spaces', () => {
    const k = (s: string, oid: number = Oid.text): Buffer => encodeKey([s], [oid]);
    const order = ['', 'a', 'a\u0000', 'a\u0000b', 'a\u0001', 'ab', 'b'];
    for (const desc of [false, true]) {
      for (let i = 1; i < order.length; i++) {
        const a = encodeKey([order[i - 1]], [Oid.text], [desc]);
        const b = encodeKey([order[i]], [Oid.text], [desc]);
        expect(Buffer.compare(a, b)).toBe(desc ? 1 : -1);
      }
    }
    expect(decodeKey(k('a\u0000b'), [Oid.text])).toEqual(['a\u0000b']);
    expect(k('ab  ', Oid.bpchar).equals(k('ab', Oid.bpchar))).toBe(true);
    expect(Buffer.compare(k('ab ', Oid.bpchar), k('ab!', Oid.bpchar))).toBe(-1);
  });

  it('interval: equal totals are one key (1 mon = 30 days)', () => {
    const k = (months: number, days: number, micros: bigint): Buffer => encodeKey([{ months, days, micros }], [Oid.interval]);
    expect(k(1, 0, 0n).equals(k(0, 30, 0n))).toBe(true);
    expect(k(0, 1, 0n).equals(k(0, 0, 86_400_000_000n))).toBe(true);
    expect(Buffer.compare(k(0, 0, -1n), k(0, 0, 0n))).toBe(-1);
    expect(decodeKey(k(0, 45, 5n), [Oid.interval])).toEqual([{ months: 1, days: 15, micros: 5n }]);
  });
});

describe('key codec: tuples', () => {
  // Types with small value pools, so tuples often tie on their leading columns.
  const small: TypeCase[] = [
    { oid: Oid.int4, gen: (r) => int(r, -2, 2), cmp: registered(Oid.int4) },
    { oid: Oid.text, gen: (r) => randString(r, 2), cmp: registered(Oid.text) },
    { oid: Oid.numeric, gen: (r) => Numeric.of(BigInt(int(r, -20, 20)), int(r, 0, 2)), cmp: registered(Oid.numeric) },
    { oid: Oid.float8, gen: (r) => pick(r, [-1.5, -0, 0, 2, NaN, Infinity]), cmp: registered(Oid.float8) },
    { oid: Oid.bytea, gen: (r) => randBytes(r, 2), cmp: registered(Oid.bytea) },
    { oid: Oid.bool, gen: (r) => r() < 0.5, cmp: registered(Oid.bool) },
    { oid: Oid.timestamptz, gen: (r) => BigInt(int(r, -3, 3)), cmp: (a, b) => cmpBig(a as bigint, b as bigint) },
  ];

  function randomIndex(r: Rng): { cases: TypeCase[]; desc: boolean[]; nf: boolean[]; oids: number[] } {
    const ncols = int(r, 1, 4);
    const cases = Array.from({ length: ncols }, () => pick(r, small));
    const desc = cases.map(() => r() < 0.5);
    const nf = desc.map((d) => (r() < 0.7 ? d : !d));
    return { cases, desc, nf, oids: cases.map((c) => c.oid) };
  }

  const randTuple = (r: Rng, cases: TypeCase[]): Value[] => cases.map((c) => (r() < 0.15 ? null : c.gen(r)));

  it('multi-column keys with mixed ASC/DESC and NULLS FIRST/LAST sort like the tuples', () => {
    const r = prng(42);
    for (let round = 0; round < 60; round++) {
      const { cases, desc, nf, oids } = randomIndex(r);
      const tuples = Array.from({ length: 150 }, () => randTuple(r, cases));
      const keys = tuples.map((t) => encodeKey(t, oids, desc, nf));
      for (let n = 0; n < 1500; n++) {
        const i = int(r, 0, tuples.length - 1);
        const j = int(r, 0, tuples.length - 1);
        const want = tupleCmp(cases, tuples[i]!, tuples[j]!, desc, nf);
        const got = sign(Buffer.compare(keys[i]!, keys[j]!));
        if (got !== want) throw new Error(`${oids} desc=${desc} nf=${nf}: tuples ${i} and ${j}: bytes ${got}, want ${want}`);
      }
      for (let i = 0; i < tuples.length; i++) {
        const { values, end } = decodeKeyPrefix(keyWithRowid(keys[i]!, i), oids, desc, nf);
        expect(end).toBe(keys[i]!.length);
        values.forEach((v, c) => expectKeyEqual(cases[c]!, v, tuples[i]![c]));
      }
    }
  });

  it('every key with a given prefix lies in [encodePrefix, prefixUpperBound), and no other', () => {
    const r = prng(7);
    for (let round = 0; round < 60; round++) {
      const { cases, desc, nf, oids } = randomIndex(r);
      const tuples = Array.from({ length: 120 }, () => randTuple(r, cases));
      // Full entry keys carry a rowid, whose bytes can be anything (0xFF included).
      const entries = tuples.map((t) => keyWithRowid(encodeKey(t, oids, desc, nf), pick(r, [0, 2 ** 53 - 1, randU32(r)])));
      for (let n = 0; n < 40; n++) {
        const base = pick(r, tuples);
        const k = int(r, 1, cases.length);
        const prefix = base.slice(0, k);
        const lo = encodePrefix(prefix, oids, desc, nf);
        const hi = prefixUpperBound(lo);
        for (let i = 0; i < tuples.length; i++) {
          const matches = cases.slice(0, k).every((c, col) => columnCmp(c, tuples[i]![col], prefix[col], false, false) === 0);
          const inRange = Buffer.compare(entries[i]!, lo) >= 0 && (hi === undefined || Buffer.compare(entries[i]!, hi) < 0);
          if (inRange !== matches) throw new Error(`${oids} desc=${desc} nf=${nf}: tuple ${i} vs prefix of ${k}: in range ${inRange}`);
        }
      }
    }
  });

  it('range bounds: > and <= via prefixUpperBound, and the NULL boundary', () => {
    const vals = [null, -5, -1, 0, 0, 3, 7, null];
    for (const desc of [false, true]) {
      for (const nf of [false, true]) {
        const keys = vals.map((v, i) => keyWithRowid(encodeKey([v], [Oid.int4], [desc], [nf]), i));
        const count = (lo: Buffer | undefined, hi: Buffer | undefined): number =>
          keys.filter((k) => (lo === undefined || Buffer.compare(k, lo) >= 0) && (hi === undefined || Buffer.compare(k, hi) < 0)).length;
        const p0 = encodePrefix([0], [Oid.int4], [desc], [nf]);
        const pNull = encodePrefix([null], [Oid.int4], [desc], [nf]);
        const all = encodePrefix([], [Oid.int4]);
        expect(count(p0, prefixUpperBound(p0))).toBe(2); // = 0
        // Non-null values only: between the NULL block and the other end.
        const nonNull = nf ? count(prefixUpperBound(pNull), undefined) : count(undefined, pNull);
        expect(nonNull).toBe(6);
        expect(all.length).toBe(0);
        if (!desc) {
          // ASC: x > 0 starts after all entries equal to 0, and stops before the NULLs (NULLS LAST).
          expect(count(prefixUpperBound(p0), nf ? undefined : pNull)).toBe(2);
          expect(count(nf ? prefixUpperBound(pNull) : undefined, p0)).toBe(2); // x < 0
        }
      }
    }
  });

  it('keySuccessor is the next possible key', () => {
    const k = encodeKey([1, 'x'], [Oid.int4, Oid.text]);
    const s = keySuccessor(k);
    expect(Buffer.compare(k, s)).toBe(-1);
    expect(s.subarray(0, k.length).equals(k)).toBe(true);
    expect(s[k.length]).toBe(0);
  });
});

describe('key codec: limits and errors', () => {
  it('keys above 1900 bytes fail with 54000', () => {
    // flag byte + n bytes + 2-byte terminator
    expect(encodeKey(['x'.repeat(MAX_KEY_SIZE - 3)], [Oid.text]).length).toBe(MAX_KEY_SIZE);
    let err: unknown;
    try {
      encodeKey(['x'.repeat(MAX_KEY_SIZE - 2)], [Oid.text], undefined, undefined, 't_x_idx');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PgError);
    expect((err as PgError).code).toBe('54000');
    expect((err as PgError).message).toBe(`index row size 1901 exceeds maximum 1900 for index "t_x_idx"`);
    expect(() => encodeKey([1, 'é'.repeat(1000)], [Oid.int4, Oid.text])).toThrow(/index row size 2012 exceeds maximum 1900 for index/);
    // Bounds are not limited: a scan may compare against a longer value.
    expect(encodePrefix(['x'.repeat(3000)], [Oid.text]).length).toBe(3003);
  });

  it('corrupt or truncated keys fail with a PgError', () => {
    const k = encodeKey([5, 'abc'], [Oid.int4, Oid.text]);
    expect(() => decodeKey(k.subarray(0, 5), [Oid.int4, Oid.text])).toThrow(/invalid index key/);
    expect(() => decodeKey(k.subarray(0, k.length - 1), [Oid.int4, Oid.text])).toThrow(PgError);
    expect(() => decodeKey(Buffer.from([7]), [Oid.int4])).toThrow(PgError);
    // The reader state is reset after a failure.
    expect(decodeKey(k, [Oid.int4, Oid.text])).toEqual([5, 'abc']);
  });

  it('types without a btree order are rejected', () => {
    expect(isKeyEncodable(Oid.int4)).toBe(true);
    expect(isKeyEncodable(Oid.json)).toBe(false);
    expect(() => encodeKey([[1]], [Oid._int4])).toThrow(PgError);
    const err = (() => {
      try {
        encodeKey(['{}'], [Oid.void]);
      } catch (e) {
        return e as PgError;
      }
      return undefined;
    })();
    expect(err?.code).toBe('42704');
    expect(err?.message).toBe('data type void has no default operator class for access method "btree"');
  });
});

describe('rowids and table keys', () => {
  it('rowids encode in numeric order and round trip', () => {
    const r = prng(99);
    const ids = [0, 1, 255, 256, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, ...Array.from({ length: 500 }, () => Math.floor(r() * 2 ** 53))];
    const enc = ids.map(encodeRowid);
    for (let i = 0; i < ids.length; i++) {
      expect(decodeRowid(enc[i]!)).toBe(ids[i]);
      for (let j = 0; j < 20; j++) {
        const k = int(r, 0, ids.length - 1);
        if (sign(Buffer.compare(enc[i]!, enc[k]!)) !== cmpNum(ids[i]!, ids[k]!)) throw new Error(`rowids ${ids[i]} vs ${ids[k]}`);
      }
    }
    expect(() => encodeRowid(-1)).toThrow(RangeError);
    expect(() => encodeRowid(2 ** 53)).toThrow(RangeError);
    expect(() => encodeRowid(1.5)).toThrow(RangeError);
  });

  it('table keys group by table, then order by rowid', () => {
    const a = tableKey(16384, 2 ** 40);
    const b = tableKey(16384, 2 ** 40 + 1);
    const c = tableKey(16385, 0);
    expect(a.length).toBe(12);
    expect(Buffer.compare(a, b)).toBe(-1);
    expect(Buffer.compare(b, c)).toBe(-1);
    expect(decodeTableKey(b)).toEqual({ tableOid: 16384, rowid: 2 ** 40 + 1 });
    const p = tablePrefix(16384);
    expect(Buffer.compare(p, a)).toBe(-1);
    expect(Buffer.compare(b, prefixUpperBound(p)!)).toBe(-1);
    expect(prefixUpperBound(p)!.equals(tablePrefix(16385))).toBe(true);
    expect(prefixUpperBound(tablePrefix(0xffffffff))).toBeUndefined();
    expect(decodeTableKey(tableKey(0xffffffff, 7))).toEqual({ tableOid: 0xffffffff, rowid: 7 });
  });
});

describe('key codec: speed (printed, not asserted)', () => {
  it('encodes and decodes a (int8, text, timestamptz) key', () => {
    const oids = [Oid.int8, Oid.text, Oid.timestamptz];
    const rows = Array.from({ length: 1000 }, (_, i) => [BigInt(i) * 7919n, `customer-${i}-name`, 757382400000000n + BigInt(i)]);
    const keys = rows.map((t) => encodeKey(t, oids));
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
    const enc = time((i) => encodeKey(rows[i % 1000]!, oids));
    const dec = time((i) => decodeKey(keys[i % 1000]!, oids));
    console.log(`key codec: encodeKey ${enc.toFixed(0)} ns, decodeKey ${dec.toFixed(0)} ns (3 columns, ${keys[1]!.length} bytes)`);
    expect(decodeKey(keys[3]!, oids)).toEqual(rows[3]);
  });
});
