/**
 * Window function machinery: peer groups, frame bounds for ROWS, GROUPS and
 * RANGE (PostgreSQL's update_frameheadpos/update_frametailpos, NULL
 * placement included), EXCLUDE, the in_range support functions, and the
 * operator end to end on hand-built plans (sorting per window, incremental
 * aggregation, cancellation).
 */
import { describe, expect, it } from 'vitest';
import type { ExecEnv, Row } from '../../src/exec/compile-expr.js';
import type { Operator } from '../../src/exec/operator.js';
import { computeFrames, frameSegments, inRangeFloat, inRangeInt, inRangeNumeric, peerGroups, windowOperator, type FrameOffsets } from '../../src/exec/window.js';
import type { Expr } from '../../src/sql/bound.js';
import type { WindowCallSpec, WindowClauseSpec, WindowFrameSpec, WindowNode } from '../../src/sql/plan/plan.js';
import { aggregatesNamed } from '../../src/types/functions/aggregates.js';
import type { EvalContext } from '../../src/types/context.js';
import { PgError } from '../../src/types/errors.js';
import { Numeric } from '../../src/types/numeric.js';
import { Oid } from '../../src/types/oids.js';
import { typeByOid } from '../../src/types/registry.js';
import { defaultIoContext } from '../../src/types/type.js';
import type { PgArray, Value } from '../../src/types/value.js';

function makeEnv(checkInterrupts: () => void = () => {}): ExecEnv {
  const session: Partial<EvalContext> = { io: defaultIoContext, checkInterrupts };
  return { params: [], session: session as EvalContext };
}
const env = makeEnv();

type Bound = WindowFrameSpec['start']['kind'];
const frame = (mode: WindowFrameSpec['mode'], start: Bound, end: Bound): Pick<WindowFrameSpec, 'mode' | 'start' | 'end'> => ({
  mode,
  start: { kind: start, offset: null },
  end: { kind: end, offset: null },
});

/** Peer groups of a sorted key list (equal neighbours are peers). */
const peersOf = (keys: readonly Value[]) => peerGroups(keys.length, (a, b) => keys[a] === keys[b]);

/** Frames as [start, end) pairs. */
function bounds(f: Pick<WindowFrameSpec, 'mode' | 'start' | 'end'>, offsets: FrameOffsets, keys: readonly Value[], opts: { asc?: boolean; nullsFirst?: boolean } = {}): [number, number][] {
  const peers = peersOf(keys);
  const r = computeFrames(f, offsets, peers, f.mode === 'range' ? keys : null, inRangeInt, opts.asc ?? true, opts.nullsFirst ?? false);
  return Array.from(r.start, (s, i) => [s, r.end[i]!]);
}

describe('peer groups', () => {
  it('numbers runs of equal keys', () => {
    const p = peersOf([1, 1, 2, 3, 3, 3]);
    expect(Array.from(p.groupOf)).toEqual([0, 0, 1, 2, 2, 2]);
    expect(Array.from(p.groupStart)).toEqual([0, 2, 3]);
    expect(Array.from(p.groupEnd)).toEqual([2, 3, 6]);
  });

  it('handles an empty partition', () => {
    const p = peersOf([]);
    expect(p.groupStart.length).toBe(0);
  });
});

describe('ROWS frames', () => {
  const keys = [10, 20, 30, 40, 50];
  it('n PRECEDING to n FOLLOWING clips at the partition edges', () => {
    expect(bounds(frame('rows', 'preceding', 'following'), { start: 1, end: 2 }, keys)).toEqual([[0, 3], [0, 4], [1, 5], [2, 5], [3, 5]]);
  });

  it('an end before the start is an empty frame', () => {
    const r = bounds(frame('rows', 'preceding', 'preceding'), { start: 1, end: 3 }, keys);
    for (const [s, e] of r) expect(e).toBeLessThanOrEqual(s);
    expect(bounds(frame('rows', 'following', 'following'), { start: 3, end: 4 }, keys)).toEqual([[3, 5], [4, 5], [5, 5], [5, 5], [5, 5]]);
  });

  it('CURRENT ROW is the row itself, not its peers', () => {
    expect(bounds(frame('rows', 'unbounded preceding', 'current row'), { start: null, end: null }, [1, 1, 2])).toEqual([[0, 1], [0, 2], [0, 3]]);
  });

  it('huge offsets do not overflow', () => {
    expect(bounds(frame('rows', 'preceding', 'following'), { start: 2 ** 62, end: 2 ** 62 }, keys)[2]).toEqual([0, 5]);
  });
});

describe('GROUPS frames', () => {
  const keys = [1, 1, 2, 3, 3, 4];
  it('counts peer groups', () => {
    expect(bounds(frame('groups', 'preceding', 'current row'), { start: 1, end: null }, keys)).toEqual([[0, 2], [0, 2], [0, 3], [2, 5], [2, 5], [3, 6]]);
    expect(bounds(frame('groups', 'following', 'following'), { start: 1, end: 2 }, keys)).toEqual([[2, 5], [2, 5], [3, 6], [5, 6], [5, 6], [6, 6]]);
  });

  it('an end group before the first is empty', () => {
    expect(bounds(frame('groups', 'unbounded preceding', 'preceding'), { start: null, end: 1 }, keys)).toEqual([[0, 0], [0, 0], [0, 2], [0, 3], [0, 3], [0, 5]]);
  });
});

describe('RANGE frames', () => {
  it('CURRENT ROW takes in the peers; without ORDER BY that is the partition', () => {
    expect(bounds(frame('range', 'unbounded preceding', 'current row'), { start: null, end: null }, [1, 1, 2])).toEqual([[0, 2], [0, 2], [0, 3]]);
    expect(bounds(frame('range', 'current row', 'current row'), { start: null, end: null }, [null, null, null])).toEqual([[0, 3], [0, 3], [0, 3]]);
  });

  it('offsets compare key values', () => {
    const keys = [1, 2, 4, 4, 7];
    expect(bounds(frame('range', 'preceding', 'following'), { start: 1, end: 1 }, keys)).toEqual([[0, 2], [0, 2], [2, 4], [2, 4], [4, 5]]);
    expect(bounds(frame('range', 'preceding', 'preceding'), { start: 3, end: 1 }, keys)).toEqual([[0, 0], [0, 1], [0, 2], [0, 2], [2, 4]]);
  });

  it('descending keys flip the direction', () => {
    const keys = [7, 4, 4, 2, 1];
    expect(bounds(frame('range', 'preceding', 'following'), { start: 1, end: 1 }, keys, { asc: false })).toEqual([[0, 1], [1, 3], [1, 3], [3, 5], [3, 5]]);
  });

  it('NULL keys are peers of each other, placed by NULLS FIRST/LAST', () => {
    // NULLS LAST: a NULL row's frame is the NULLs; value rows never reach them.
    expect(bounds(frame('range', 'preceding', 'following'), { start: 1, end: 1 }, [1, 2, null, null])).toEqual([[0, 2], [0, 2], [2, 4], [2, 4]]);
    // NULLS FIRST.
    expect(bounds(frame('range', 'preceding', 'following'), { start: 1, end: 1 }, [null, null, 1, 2], { nullsFirst: true })).toEqual([[0, 2], [0, 2], [2, 4], [2, 4]]);
    expect(bounds(frame('range', 'unbounded preceding', 'preceding'), { start: null, end: 1 }, [null, 1, 2, 5], { nullsFirst: true })).toEqual([[0, 1], [0, 1], [0, 2], [0, 3]]);
  });
});

describe('EXCLUDE', () => {
  const keys = [1, 2, 2, 2, 3];
  const peers = peersOf(keys);
  const whole = computeFrames(frame('rows', 'unbounded preceding', 'unbounded following'), { start: null, end: null }, peers, null, null, true, false);
  const segments = (exclude: WindowFrameSpec['exclude'], i: number) => {
    const out = new Int32Array(6);
    const k = frameSegments(whole, peers, exclude, i, out);
    return Array.from({ length: k }, (_, s) => [out[2 * s]!, out[2 * s + 1]!]);
  };
  it('cuts the current row, its group, or its ties out of the frame', () => {
    expect(segments('no others', 2)).toEqual([[0, 5]]);
    expect(segments('current row', 2)).toEqual([[0, 2], [3, 5]]);
    expect(segments('group', 2)).toEqual([[0, 1], [4, 5]]);
    expect(segments('ties', 2)).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(segments('current row', 0)).toEqual([[1, 5]]);
  });
});

describe('in_range', () => {
  it('integers: exact sums, so overflow past the type compares as PostgreSQL', () => {
    expect(inRangeInt(5, 3, 2, false, true)).toBe(true); // 5 <= 3 + 2
    expect(inRangeInt(6, 3, 2, false, true)).toBe(false);
    expect(inRangeInt(1, 3, 2, true, false)).toBe(true); // 1 >= 3 - 2
    expect(inRangeInt(2147483647, 2147483647, 10, false, true)).toBe(true);
    expect(inRangeInt(9223372036854775807n, 9223372036854775807n, 1n, false, true)).toBe(true);
    expect(inRangeInt(-9223372036854775808n, -9223372036854775808n, 1n, true, false)).toBe(true);
    expect(() => inRangeInt(1, 1, -1, false, true)).toThrow(PgError);
  });

  it('floats: NaN after everything, infinite offsets from infinite bases cover all', () => {
    expect(inRangeFloat(NaN, NaN, 1, true, false)).toBe(true);
    expect(inRangeFloat(NaN, 1, 1, true, true)).toBe(false);
    expect(inRangeFloat(1, NaN, 1, true, true)).toBe(true);
    expect(inRangeFloat(5, Infinity, Infinity, true, false)).toBe(true);
    expect(inRangeFloat(5, 1, Infinity, false, true)).toBe(true);
    expect(() => inRangeFloat(1, 1, NaN, false, true)).toThrow('invalid preceding or following size');
  });

  it('numeric: the same rules with exact decimals', () => {
    const n = (s: string) => Numeric.parse(s);
    expect(inRangeNumeric(n('2.5'), n('1'), n('1.5'), false, true)).toBe(true);
    expect(inRangeNumeric(n('2.51'), n('1'), n('1.5'), false, true)).toBe(false);
    expect(inRangeNumeric(n('-Infinity'), n('1'), n('Infinity'), true, true)).toBe(true);
    expect(inRangeNumeric(n('5'), n('1'), n('Infinity'), true, true)).toBe(false);
    expect(inRangeNumeric(n('5'), n('Infinity'), n('Infinity'), true, true)).toBe(true);
    expect(() => inRangeNumeric(n('1'), n('1'), n('-1'), false, true)).toThrow(PgError);
  });
});

// ---------------------------------------------------------------- operator

const int4 = typeByOid(Oid.int4);
const col = (index: number): Expr => ({ kind: 'column', index, name: `c${index}`, type: int4, typmod: -1 });

function source(rows: readonly Row[], batchSize = 100): Operator {
  let pos = 0;
  return {
    next: async () => {
      if (pos >= rows.length) return null;
      const b = rows.slice(pos, pos + batchSize);
      pos += batchSize;
      return b.map((r) => [...r]);
    },
    close: () => {},
  };
}

async function drain(op: Operator): Promise<Row[]> {
  const out: Row[] = [];
  for (let b = await op.next(); b; b = await op.next()) out.push(...b);
  op.close();
  return out;
}

const defaultFrame: WindowFrameSpec = { mode: 'range', start: { kind: 'unbounded preceding', offset: null }, end: { kind: 'current row', offset: null }, exclude: 'no others', inRange: null };

function call(name: string, clause: number, args: Expr[] = [], aggregate: string | null = null): WindowCallSpec {
  const def = aggregate ? aggregatesNamed(aggregate).find((d) => d.args.length === args.length && (d.args.length === 0 || d.args[0] === Oid.int4 || d.args[0] === Oid.anynonarray))! : null;
  return { name, clause, aggregate: def, args, argTypes: args.map((a) => a.type), filter: null, resultType: int4 };
}

describe('window operator', () => {
  it('evaluates each clause in its own order and emits rows in the last one', async () => {
    // rows: [group, value]
    const rows: Row[] = [[1, 30], [2, 10], [1, 10], [2, 20], [1, 20]];
    const byGroup: WindowClauseSpec = {
      partitionBy: [col(0)],
      orderBy: [{ expr: col(1), descending: false, nullsFirst: false }],
      frame: defaultFrame,
      sort: [{ expr: col(0), descending: false, nullsFirst: false }, { expr: col(1), descending: false, nullsFirst: false }],
    };
    const byValueDesc: WindowClauseSpec = {
      partitionBy: [],
      orderBy: [{ expr: col(1), descending: true, nullsFirst: true }],
      frame: defaultFrame,
      sort: [{ expr: col(1), descending: true, nullsFirst: true }],
    };
    const node: WindowNode = {
      kind: 'window',
      input: { kind: 'values', rows: [], width: 2 },
      inputWidth: 2,
      clauses: [byGroup, byValueDesc],
      calls: [call('row_number', 0), call('sum', 0, [col(1)], 'sum'), call('rank', 1)],
    };
    const out = await drain(windowOperator(node, env, source(rows, 2)));
    expect(out).toEqual([
      // The second sort is stable: ties keep the first clause's (group, value) order.
      [1, 30, 3n, 60n, 1n],
      [1, 20, 2n, 30n, 2n],
      [2, 20, 2n, 30n, 2n],
      [1, 10, 1n, 10n, 4n],
      [2, 10, 1n, 10n, 4n],
    ]);
  });

  it('running array_agg values do not share the growing state', async () => {
    const rows: Row[] = [[1], [2], [3]];
    const node: WindowNode = {
      kind: 'window',
      input: { kind: 'values', rows: [], width: 1 },
      inputWidth: 1,
      clauses: [{ partitionBy: [], orderBy: [{ expr: col(0), descending: false, nullsFirst: false }], frame: defaultFrame, sort: [{ expr: col(0), descending: false, nullsFirst: false }] }],
      calls: [call('array_agg', 0, [col(0)], 'array_agg')],
    };
    const out = await drain(windowOperator(node, env, source(rows)));
    expect(out.map((r) => (r[1] as PgArray).items)).toEqual([[1], [1, 2], [1, 2, 3]]);
  });

  it('checks for cancel on big inputs', async () => {
    const rows: Row[] = Array.from({ length: 200_000 }, (_, i) => [i % 7, i]);
    let checks = 0;
    const cancelling = makeEnv(() => {
      if (++checks > 3) throw new PgError('57014', 'canceling statement due to user request');
    });
    const node: WindowNode = {
      kind: 'window',
      input: { kind: 'values', rows: [], width: 2 },
      inputWidth: 2,
      clauses: [{ partitionBy: [col(0)], orderBy: [], frame: defaultFrame, sort: [{ expr: col(0), descending: false, nullsFirst: false }] }],
      calls: [call('row_number', 0)],
    };
    await expect(drain(windowOperator(node, cancelling, source(rows, 1024)))).rejects.toThrow('canceling statement');
  });
});
