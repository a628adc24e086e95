/**
 * ORDER BY, ORDER BY … LIMIT, DISTINCT and DISTINCT ON operators, driven
 * directly with rows from arrays and column closures as compiled
 * expressions. Orderings follow PostgreSQL 15: ASC NULLS LAST and DESC
 * NULLS FIRST by default, NaN above every float, -0 equal to 0, numeric
 * equal regardless of display scale, text in code point order (C collation).
 */
import { describe, expect, it } from 'vitest';
import type { Compiled, ExecEnv, Row } from '../../src/exec/compile-expr.js';
import { distinctOnOperator, distinctOperator, hashKey } from '../../src/exec/distinct.js';
import type { Operator } from '../../src/exec/operator.js';
import { makeRowComparator, sortOperator, type SortKey } from '../../src/exec/sort.js';
import { topKOperator } from '../../src/exec/top-k.js';
import { PgError } from '../../src/types/errors.js';
import { Numeric } from '../../src/types/numeric.js';
import { Oid } from '../../src/types/oids.js';
import { typeByOid } from '../../src/types/registry.js';
import type { EvalContext } from '../../src/types/context.js';
import { defaultIoContext } from '../../src/types/type.js';
import { makeArray, type Value } from '../../src/types/value.js';

// ---------------------------------------------------------------- helpers

/**
 * An ExecEnv whose session only answers what these operators use:
 * checkInterrupts (and io, for printing). The rest of EvalContext grows with
 * the server and is not needed here.
 */
function makeEnv(checkInterrupts: () => void = () => {}): ExecEnv {
  const session: Partial<EvalContext> = { io: defaultIoContext, checkInterrupts };
  return { params: [], session: session as EvalContext };
}
const env = makeEnv();

/** An operator over fixed rows, in batches of `batchSize`; records whether it was closed. */
function source(rows: readonly Row[], batchSize = 100): Operator & { closed: boolean } {
  let pos = 0;
  const op = {
    closed: false,
    next: async () => {
      if (pos >= rows.length) return null;
      const b = rows.slice(pos, pos + batchSize);
      pos += batchSize;
      return b;
    },
    close: () => {
      op.closed = true;
    },
  };
  return op;
}

async function drain(op: Operator): Promise<Row[]> {
  const out: Row[] = [];
  for (;;) {
    const b = await op.next();
    if (!b) break;
    expect(b.length).toBeLessThanOrEqual(1024);
    out.push(...b);
  }
  return out;
}

const col = (i: number): Compiled => (r) => r[i] ?? null;

function key(i: number, typeOid: number, opts: { desc?: boolean; nullsFirst?: boolean } = {}): SortKey {
  const desc = opts.desc ?? false;
  return { expr: col(i), compare: typeByOid(typeOid).compare!, descending: desc, nullsFirst: opts.nullsFirst ?? desc };
}

/** mulberry32: a small seeded PRNG, so random tests are reproducible. */
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

const N = (s: string): Numeric => Numeric.parse(s);
const firstCol = (rows: Row[]): Value[] => rows.map((r) => r[0]);
const ids = (rows: Row[], i: number): Value[] => rows.map((r) => r[i]);

async function sorted(values: Value[], typeOid: number, opts: { desc?: boolean; nullsFirst?: boolean } = {}): Promise<Value[]> {
  return firstCol(await drain(sortOperator(source(values.map((v) => [v])), [key(0, typeOid, opts)], env)));
}

// ------------------------------------------------------------------- sort

describe('sortOperator', () => {
  it('orders NULLs last ascending and first descending by default, as PostgreSQL', async () => {
    const vals = [3, null, 1, 2, null];
    expect(await sorted(vals, Oid.int4)).toEqual([1, 2, 3, null, null]);
    expect(await sorted(vals, Oid.int4, { desc: true })).toEqual([null, null, 3, 2, 1]);
    expect(await sorted(vals, Oid.int4, { nullsFirst: true })).toEqual([null, null, 1, 2, 3]);
    expect(await sorted(vals, Oid.int4, { desc: true, nullsFirst: false })).toEqual([3, 2, 1, null, null]);
  });

  it('sorts floats with -Infinity < numbers < Infinity < NaN, and -0 equal to 0 (stable)', async () => {
    const vals = [NaN, 1.5, -Infinity, 0, -0, Infinity, null, -2];
    const asc = await sorted(vals, Oid.float8);
    expect(asc.map(String)).toEqual(['-Infinity', '-2', '0', '0', '1.5', 'Infinity', 'NaN', 'null']);
    // 0 came before -0 in the input, and equal keys keep input order.
    expect(Object.is(asc[2], 0) && Object.is(asc[3], -0)).toBe(true);
    expect((await sorted(vals, Oid.float8, { desc: true })).map(String)).toEqual(['null', 'NaN', 'Infinity', '1.5', '0', '0', '-2', '-Infinity']);
  });

  it('sorts numeric by value regardless of scale, NaN last', async () => {
    const vals = [N('NaN'), N('1.50'), N('-Infinity'), N('1.5'), N('-0.001'), N('10'), N('Infinity')];
    expect((await sorted(vals, Oid.numeric)).map(String)).toEqual(['-Infinity', '-0.001', '1.50', '1.5', '10', 'Infinity', 'NaN']);
  });

  it('sorts text in code point order and bigint numerically', async () => {
    expect(await sorted(['b', 'a', 'Z', 'é', 'ab', '', 'a'], Oid.text)).toEqual(['', 'Z', 'a', 'a', 'ab', 'b', 'é']);
    expect(await sorted([10n, -(2n ** 63n), 2n ** 63n - 1n, 0n, -1n], Oid.int8)).toEqual([-(2n ** 63n), -1n, 0n, 10n, 2n ** 63n - 1n]);
  });

  it('sorts by several keys with mixed directions and is stable', async () => {
    const rows: Row[] = [
      ['b', 1, 0],
      ['a', 2, 1],
      ['b', 2, 2],
      ['a', 2, 3],
      [null, 1, 4],
      ['a', 1, 5],
      ['b', 1, 6],
    ];
    const out = await drain(sortOperator(source(rows, 3), [key(0, Oid.text), key(1, Oid.int4, { desc: true })], env));
    expect(ids(out, 2)).toEqual([1, 3, 5, 2, 0, 6, 4]);
  });

  it('evaluates each key once per row', async () => {
    let calls = 0;
    const counted: SortKey = { expr: (r) => (calls++, r[0] ?? null), compare: typeByOid(Oid.int4).compare!, descending: false, nullsFirst: false };
    const rows = Array.from({ length: 5000 }, (_, i) => [(i * 7919) % 5000]);
    const out = await drain(sortOperator(source(rows), [counted], env));
    expect(calls).toBe(5000);
    expect(firstCol(out)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('matches a stable reference sort on large inputs (chunked path) and lets the event loop run', async () => {
    const rnd = prng(42);
    const n = 200_000;
    const rows: Row[] = Array.from({ length: n }, (_, i) => [Math.floor(rnd() * 1000), i]);
    let turns = 0;
    let ticking = true;
    const tick = (): void => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const out = await drain(sortOperator(source(rows, 1000), [key(0, Oid.int4, { desc: true })], env));
    ticking = false;
    const expected = [...rows].sort((a, b) => (b[0] as number) - (a[0] as number));
    expect(ids(out, 1)).toEqual(ids(expected, 1));
    expect(turns).toBeGreaterThan(5);
  });

  it('agrees with a stable reference sort on every path (packed ints, floats, int8, NaN, text), small and chunked', async () => {
    const rnd = prng(99);
    const gens: [string, number, () => Value][] = [
      ['int4 few distinct', Oid.int4, () => Math.floor(rnd() * 20) - 10],
      ['int2', Oid.int2, () => Math.floor(rnd() * 65536) - 32768],
      ['float8 fractions, -0, ±Infinity', Oid.float8, () => [0, -0, Infinity, -Infinity, 0.5, -0.25][Math.floor(rnd() * 6)]! * (rnd() < 0.5 ? 1 : Math.floor(rnd() * 5))],
      ['float8 huge integers', Oid.float8, () => Math.floor(rnd() * 3) * 1e300 - 1e300 + Math.floor(rnd() * 100)],
      ['float8 with NaN', Oid.float8, () => (rnd() < 0.05 ? NaN : rnd() * 10)],
      ['int8 small', Oid.int8, () => BigInt(Math.floor(rnd() * 1000)) - 500n],
      ['int8 beyond 2^53', Oid.int8, () => BigInt(Math.floor(rnd() * 1000)) * 2n ** 60n - 2n ** 62n],
      ['text', Oid.text, () => String.fromCharCode(97 + Math.floor(rnd() * 5), 97 + Math.floor(rnd() * 5))],
      ['numeric', Oid.numeric, () => N((Math.floor(rnd() * 100) / 4).toFixed(Math.floor(rnd() * 3)))],
    ];
    const allOpts = [{}, { desc: true }, { nullsFirst: true }, { desc: true, nullsFirst: false }];
    for (const n of [3000, 60_000]) {
      for (const [name, oid, gen] of gens) {
        const rows: Row[] = Array.from({ length: n }, (_, i) => [rnd() < 0.1 ? null : gen(), i]);
        for (const opts of n > 50_000 ? allOpts.slice(0, 2) : allOpts) {
          const k = key(0, oid, opts);
          const ref = makeRowComparator([k]);
          const expected = [...rows].sort((a, b) => ref.compare([a[0]], [b[0]]) || (a[1] as number) - (b[1] as number));
          const out = await drain(sortOperator(source(rows, 1024), [k], env));
          expect(ids(out, 1), `${name}, n=${n}, ${JSON.stringify(opts)}`).toEqual(ids(expected, 1));
        }
      }
    }
  }, 120_000);

  it('stops with the session error when interrupted', async () => {
    let calls = 0;
    const cancelling = makeEnv(() => {
      if (++calls > 20) throw new PgError('57014', 'canceling statement due to user request');
    });
    const rows: Row[] = Array.from({ length: 300_000 }, (_, i) => [(i * 7919) % 300_000]);
    await expect(drain(sortOperator(source(rows, 1024), [key(0, Oid.int4)], cancelling))).rejects.toMatchObject({ code: '57014' });
  });

  it('closes its input once drained, and handles empty input', async () => {
    const src = source([[2], [1]]);
    const op = sortOperator(src, [key(0, Oid.int4)], env);
    expect(firstCol((await op.next())!)).toEqual([1, 2]);
    expect(src.closed).toBe(true);
    expect(await op.next()).toBeNull();
    expect(await drain(sortOperator(source([]), [key(0, Oid.int4)], env))).toEqual([]);
  });

  it('makeRowComparator compares evaluated keys', () => {
    const rc = makeRowComparator([key(0, Oid.int4), key(1, Oid.text, { desc: true })]);
    const a = rc.evaluate([1, 'x'], env);
    const b = rc.evaluate([1, 'y'], env);
    expect(rc.compare(a, b)).toBeGreaterThan(0);
    expect(rc.compare(b, a)).toBeLessThan(0);
    expect(rc.compare(a, rc.evaluate([1, 'x'], env))).toBe(0);
    expect(rc.compare(rc.evaluate([null, 'a'], env), a)).toBeGreaterThan(0);
  });
});

// ------------------------------------------------------------------ top-k

describe('topKOperator', () => {
  it('equals a stable sort followed by OFFSET/LIMIT on random data', async () => {
    const rnd = prng(7);
    for (let trial = 0; trial < 60; trial++) {
      const n = Math.floor(rnd() * 3000);
      const distinct = 1 + Math.floor(rnd() * 50);
      const rows: Row[] = Array.from({ length: n }, (_, i) => [rnd() < 0.1 ? null : Math.floor(rnd() * distinct), i]);
      const desc = rnd() < 0.5;
      const nullsFirst = rnd() < 0.5;
      const k = Math.floor(rnd() * 200);
      const offset = rnd() < 0.5 ? 0 : Math.floor(rnd() * 100);
      const keys = [key(0, Oid.int4, { desc, nullsFirst })];
      const full = await drain(sortOperator(source(rows), keys, env));
      const top = await drain(topKOperator(source(rows, 97), keys, k, offset, env));
      expect(ids(top, 1)).toEqual(ids(full.slice(offset, offset + k), 1));
    }
  });

  it('is stable on multi-key ties and handles k = 0, k beyond n, and no limit', async () => {
    const rows: Row[] = [
      ['a', 1, 0],
      ['b', 1, 1],
      ['a', 1, 2],
      ['a', 0, 3],
      ['a', 1, 4],
    ];
    const keys = [key(0, Oid.text), key(1, Oid.int4, { desc: true })];
    expect(ids(await drain(topKOperator(source(rows), keys, 3, 0, env)), 2)).toEqual([0, 2, 4]);
    expect(ids(await drain(topKOperator(source(rows), keys, 2, 1, env)), 2)).toEqual([2, 4]);
    expect(await drain(topKOperator(source(rows), keys, 0, 0, env))).toEqual([]);
    expect(ids(await drain(topKOperator(source(rows), keys, 100, 0, env)), 2)).toEqual([0, 2, 4, 3, 1]);
    expect(ids(await drain(topKOperator(source(rows), keys, 100, 10, env)), 2)).toEqual([]);
    expect(ids(await drain(topKOperator(source(rows), keys, Infinity, 2, env)), 2)).toEqual([4, 3, 1]);
  });

  it('works with numeric and text keys', async () => {
    const rows: Row[] = ['3.0', '1.5', '-2', '1.50', 'NaN', '10'].map((s, i) => [N(s), `r${i}`]);
    const out = await drain(topKOperator(source(rows), [key(0, Oid.numeric, { desc: true })], 4, 0, env));
    expect(ids(out, 1)).toEqual(['r4', 'r5', 'r0', 'r1']);
  });
});

// --------------------------------------------------------------- hashing

describe('hashKey', () => {
  const same = (a: Value[], b: Value[], oids: number[]): void => expect(hashKey(a, oids)).toBe(hashKey(b, oids));
  const differ = (a: Value[], b: Value[], oids: number[]): void => expect(hashKey(a, oids)).not.toBe(hashKey(b, oids));

  it('maps values that compare equal to one key', () => {
    same([N('1.5')], [N('1.50')], [Oid.numeric]);
    same([N('0')], [N('0.000')], [Oid.numeric]);
    same([N('100')], [N('100.0')], [Oid.numeric]);
    same([N('NaN')], [N('NaN')], [Oid.numeric]);
    same([-0], [0], [Oid.float8]);
    same([NaN], [NaN], [Oid.float8]);
    same(['ab  '], ['ab'], [Oid.bpchar]);
    same([null, 1], [undefined, 1], [Oid.int4, Oid.int4]);
    same([new Uint8Array([1, 2])], [Buffer.from([1, 2])], [Oid.bytea]);
    same([makeArray(Oid.numeric, [N('1.0'), null])], [makeArray(Oid.numeric, [N('1'), null])], [Oid._numeric]);
    same([makeArray(Oid.bpchar, ['a '])], [makeArray(Oid.bpchar, ['a'])], [Oid._bpchar]);
    same([{ b: 1, a: [2n, 'x'] }], [{ a: [2n, 'x'], b: 1 }], [Oid.jsonb]);
  });

  it('keeps different values and tuples apart', () => {
    differ([N('1.5')], [N('15')], [Oid.numeric]);
    differ([N('100')], [N('1')], [Oid.numeric]);
    differ(['ab '], ['ab'], [Oid.text]);
    differ(['a,b'], ['a', 'b'], [Oid.text]);
    differ(['a', 'bc'], ['ab', 'c'], [Oid.text, Oid.text]);
    differ([null], ['N'], [Oid.text]);
    differ([''], [null], [Oid.text]);
    differ([1n], [2n], [Oid.int8]);
    differ([true], [false], [Oid.bool]);
    differ([new Uint8Array([1])], [new Uint8Array([1, 0])], [Oid.bytea]);
    differ([makeArray(Oid.int4, [1, 2])], [makeArray(Oid.int4, [12])], [Oid._int4]);
    differ([makeArray(Oid.int4, [1, 2])], [{ kind: 'array', elemOid: Oid.int4, dims: [2], lbounds: [0], items: [1, 2] }], [Oid._int4]);
    differ([makeArray(Oid.int4, [])], [null], [Oid._int4]);
  });
});

// --------------------------------------------------------------- DISTINCT

describe('distinctOperator', () => {
  it('keeps the first row of each distinct key tuple, in input order, streaming', async () => {
    const rows: Row[] = [
      [N('1.5'), 'x', 0],
      [N('1.50'), 'x', 1],
      [null, 'x', 2],
      [N('2'), 'x', 3],
      [null, 'x', 4],
      [N('1.5'), 'y', 5],
    ];
    const keys = [
      { expr: col(0), typeOid: Oid.numeric },
      { expr: col(1), typeOid: Oid.text },
    ];
    expect(ids(await drain(distinctOperator(source(rows, 2), keys, env)), 2)).toEqual([0, 2, 3, 5]);
    const one = distinctOperator(source(rows, 2), [keys[1]!], env);
    expect(ids((await one.next())!, 2)).toEqual([0]);
    expect(ids((await one.next())!, 2)).toEqual([5]);
    expect(await one.next()).toBeNull();
  });

  it('treats floats -0/0 and NaN/NaN as duplicates, and char(n) ignores trailing spaces', async () => {
    const f = await drain(distinctOperator(source([[0], [-0], [NaN], [NaN], [1], [null], [null]]), [{ expr: col(0), typeOid: Oid.float8 }], env));
    expect(firstCol(f).map(String)).toEqual(['0', 'NaN', '1', 'null']);
    const c = await drain(distinctOperator(source([['a  '], ['a'], ['b']]), [{ expr: col(0), typeOid: Oid.bpchar }], env));
    expect(firstCol(c)).toEqual(['a  ', 'b']);
  });
});

describe('distinctOnOperator', () => {
  it('keeps the first row of each run of equal ON keys, NULLs forming one group', async () => {
    const rows: Row[] = [
      [1, N('1.5'), 'a'],
      [1, N('1.50'), 'b'],
      [1, N('2'), 'c'],
      [2, N('2'), 'd'],
      [2, N('2'), 'e'],
      [null, null, 'f'],
      [null, null, 'g'],
    ];
    const on = [key(0, Oid.int4), key(1, Oid.numeric)];
    expect(ids(await drain(distinctOnOperator(source(rows, 3), on, env)), 2)).toEqual(['a', 'c', 'd', 'f']);
    expect(ids(await drain(distinctOnOperator(source(rows, 1), [on[0]!], env)), 2)).toEqual(['a', 'd', 'f']);
  });
});

// ----------------------------------------------------------------- timing

describe('timing (printed, not asserted)', () => {
  it('sorts 1M int rows', async () => {
    const rnd = prng(1);
    const rows: Row[] = Array.from({ length: 1_000_000 }, (_, i) => [Math.floor(rnd() * 2 ** 31), i]);
    let out: Row[] = [];
    // Twice: the first run includes JIT warm-up.
    for (const pass of ['cold', 'warm']) {
      const t0 = performance.now();
      out = await drain(sortOperator(source(rows, 1024), [key(0, Oid.int4)], env));
      console.log(`sort of 1M int4 rows, ${pass}: ${(performance.now() - t0).toFixed(0)} ms`);
    }
    expect(out.length).toBe(1_000_000);
    for (let i = 1; i < out.length; i += 9973) expect(out[i - 1]![0] as number).toBeLessThanOrEqual(out[i]![0] as number);
    const t1 = performance.now();
    const top = await drain(topKOperator(source(rows, 1024), [key(0, Oid.int4)], 100, 0, env));
    console.log(`top-100 of 1M int4 rows: ${(performance.now() - t1).toFixed(0)} ms`);
    expect(ids(top, 1)).toEqual(ids(out.slice(0, 100), 1));
    const textRows: Row[] = rows.slice(0, 200_000).map((r) => [`k${r[0]}`, r[1]]);
    const t2 = performance.now();
    await drain(sortOperator(source(textRows, 1024), [key(0, Oid.text)], env));
    console.log(`sort of 200k text rows: ${(performance.now() - t2).toFixed(0)} ms`);
  }, 60_000);
});
