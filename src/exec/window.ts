/**
 * Window functions (PostgreSQL's WindowAgg, nodeWindowAgg.c and
 * windowfuncs.c). The operator drains its input, then for each window clause
 * in turn sorts the row order by the clause's partition and ORDER BY keys
 * (unless the previous clause left the rows in an order that will do), cuts
 * it into partitions and peer groups, and computes every call of that
 * clause for every row. Output rows are the input row followed by the
 * calls' values, in the order the last clause left them.
 *
 * Frames follow PostgreSQL: ROWS, RANGE (with offsets through the in_range
 * rules of the ORDER BY key's type) and GROUPS, with EXCLUDE. An aggregate
 * whose frame starts at UNBOUNDED PRECEDING is folded incrementally as the
 * frame end advances (its final function must not change the state; array
 * results are copied because array_agg's final shares its buffer); other
 * frames fold the frame afresh, reusing the previous row's value when the
 * frame is the same.
 */
import { exprKey } from '../sql/expr-walk.js';
import type { Expr } from '../sql/bound.js';
import type { WindowCallSpec, WindowFrameBound, WindowFrameSpec, WindowInRange, WindowNode } from '../sql/plan/plan.js';
import { intervalCmpValue } from '../types/datetime/interval-math.js';
import type { Interval } from '../types/datetime/constants.js';
import { PgError, SqlState } from '../types/errors.js';
import { Numeric } from '../types/numeric.js';
import type { IoContext, PgType } from '../types/type.js';
import { isPgArray, type Value } from '../types/value.js';
import { compileExprAsync, containsAsync } from './compile-async.js';
import { compileExpr, type ExecEnv, type Row } from './compile-expr.js';
import type { Operator } from './operator.js';
import { drainRows, rowsOperator, sortRows, yieldToEventLoop, YIELD_EVERY, type SortKey } from './sort.js';

export function windowOperator(node: WindowNode, env: ExecEnv, input: Operator): Operator {
  let out: Operator | null = null;
  let closed = false;
  return {
    next: async () => {
      if (closed) return null;
      if (out === null) {
        const rows = await windowRows(node, input, env);
        input.close();
        if (closed) return null;
        out = rowsOperator(rows);
      }
      return out.next();
    },
    close: () => {
      if (closed) return;
      closed = true;
      if (out) out.close();
      else input.close();
    },
  };
}

/** Counts work and gives the event loop a turn (and checks for cancel) every YIELD_EVERY units. */
class Pacer {
  work = 0;
  constructor(private readonly env: ExecEnv) {}
  get io(): IoContext {
    return this.env.session.io;
  }
  async pace(): Promise<void> {
    if (this.work < YIELD_EVERY) return;
    this.work = 0;
    await yieldToEventLoop();
    this.env.session.checkInterrupts();
  }
}

async function windowRows(node: WindowNode, input: Operator, env: ExecEnv): Promise<Row[]> {
  const rows = await drainRows(input, env);
  const n = rows.length;
  const pacer = new Pacer(env);
  const results: Value[][] = node.calls.map(() => filledArray(n));
  let perm: number[] = Array.from({ length: n }, (_, i) => i);
  const columns = new Map<string, Value[]>();
  const column = async (e: Expr): Promise<Value[]> => {
    const key = exprKey(e);
    let col = columns.get(key);
    if (!col) columns.set(key, (col = await evaluateColumn(e, rows, env, pacer)));
    return col;
  };
  for (let ci = 0; ci < node.clauses.length; ci++) {
    const clause = node.clauses[ci]!;
    if (clause.sort && n > 1) {
      const keys: SortKey[] = [];
      for (const k of clause.sort) {
        const col = await column(k.expr);
        keys.push({ expr: (r) => col[r[0] as number], compare: k.expr.type.compare!, descending: k.descending, nullsFirst: k.nullsFirst });
      }
      const sorted = await sortRows(rowsOperator(perm.map((i) => [i])), keys, env);
      perm = sorted.map((r) => r[0] as number);
    }
    const calls = node.calls.map((c, index) => ({ c, index })).filter(({ c }) => c.clause === ci);
    if (calls.length === 0 || n === 0) continue;
    const partitionKeys: KeyColumn[] = [];
    for (const e of clause.partitionBy) partitionKeys.push({ values: await column(e), compare: e.type.compare! });
    const orderKeys: KeyColumn[] = [];
    for (const k of clause.orderBy) orderKeys.push({ values: await column(k.expr), compare: k.expr.type.compare! });
    const prepared: PreparedCall[] = [];
    for (const { c, index } of calls) {
      const args: Value[][] = [];
      for (const a of c.args) args.push(await column(a));
      const filter = c.filter ? await column(c.filter) : null;
      prepared.push({ spec: c, args, filter, out: results[index]! });
    }
    const offsets = await frameOffsets(clause.frame, env);
    const inRange = clause.frame.inRange ? makeInRange(clause.frame.inRange, env) : null;
    const needsFrame = prepared.some((p) => p.spec.aggregate !== null || FRAME_FUNCTIONS.has(p.spec.name));

    for (let ps = 0; ps < n; ) {
      let pe = ps + 1;
      while (pe < n && sameKeys(partitionKeys, perm[ps]!, perm[pe]!)) pe++;
      const idx = perm.slice(ps, pe);
      const peers = peerGroups(idx.length, (a, b) => sameKeys(orderKeys, idx[a]!, idx[b]!));
      let frames: Frames | null = null;
      if (needsFrame) {
        const keyCol = clause.frame.inRange ? orderKeys[0]!.values : null;
        const rangeKeys = keyCol ? idx.map((i) => keyCol[i]) : null;
        const order = clause.orderBy[0];
        frames = computeFrames(clause.frame, offsets, peers, rangeKeys, inRange, !(order?.descending ?? false), order?.nullsFirst ?? false);
      }
      const evaluators = prepared.map((p) => makeEvaluator(p, idx, peers, frames, clause.frame, pacer));
      for (let i = 0; i < idx.length; i++) {
        const row = idx[i]!;
        for (let k = 0; k < evaluators.length; k++) prepared[k]!.out[row] = evaluators[k]!(i);
        if ((pacer.work += evaluators.length) >= YIELD_EVERY) await pacer.pace();
      }
      ps = pe;
    }
  }

  const width = node.inputWidth;
  const nCalls = node.calls.length;
  const out: Row[] = [];
  for (let i = 0; i < n; i++) {
    const src = perm[i]!;
    const inRow = rows[src]!;
    const row = new Array<Value>(width + nCalls);
    for (let j = 0; j < width; j++) row[j] = inRow[j] ?? null;
    for (let k = 0; k < nCalls; k++) row[width + k] = results[k]![src] ?? null;
    out.push(row);
  }
  return out;
}

/** A packed array of n NULLs (filled in later in any order). */
function filledArray(n: number): Value[] {
  const a: Value[] = [];
  for (let i = 0; i < n; i++) a.push(null);
  return a;
}

/** The value of `e` for every row (async expressions — subqueries, pg_sleep — awaited row by row). */
async function evaluateColumn(e: Expr, rows: readonly Row[], env: ExecEnv, pacer: Pacer): Promise<Value[]> {
  const n = rows.length;
  const col = filledArray(n);
  if (containsAsync(e)) {
    const f = compileExprAsync(e);
    for (let i = 0; i < n; i++) {
      col[i] = await f(rows[i]!, env);
      if ((++pacer.work & 0xfff) === 0) await pacer.pace();
    }
    return col;
  }
  const f = compileExpr(e);
  for (let i = 0; i < n; i++) {
    col[i] = f(rows[i]!, env);
    if ((++pacer.work & 0xfff) === 0) await pacer.pace();
  }
  return col;
}

interface KeyColumn {
  readonly values: readonly Value[];
  readonly compare: (a: Value, b: Value) => number;
}

/** Do rows a and b (input indexes) agree on every key? NULL equals NULL here, as in grouping. */
function sameKeys(keys: readonly KeyColumn[], a: number, b: number): boolean {
  for (const k of keys) {
    const x = k.values[a];
    const y = k.values[b];
    if (x == null || y == null) {
      if (x == null && y == null) continue;
      return false;
    }
    if (k.compare(x, y) !== 0) return false;
  }
  return true;
}

interface PreparedCall {
  readonly spec: WindowCallSpec;
  /** Argument values by input row index. */
  readonly args: readonly (readonly Value[])[];
  readonly filter: readonly Value[] | null;
  /** Results by input row index. */
  readonly out: Value[];
}

// ------------------------------------------------------------ peer groups

/** The peer groups of a partition (rows equal under ORDER BY; all rows without one). */
export interface PeerGroups {
  readonly n: number;
  /** Group number of each row. */
  readonly groupOf: Int32Array;
  /** First row of each group, and the row after its last. */
  readonly groupStart: Int32Array;
  readonly groupEnd: Int32Array;
}

export function peerGroups(n: number, samePeer: (a: number, b: number) => boolean): PeerGroups {
  const groupOf = new Int32Array(n);
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 0 || !samePeer(i - 1, i)) starts.push(i);
    groupOf[i] = starts.length - 1;
  }
  const groupStart = Int32Array.from(starts);
  const groupEnd = new Int32Array(starts.length);
  for (let g = 0; g < starts.length; g++) groupEnd[g] = g + 1 < starts.length ? starts[g + 1]! : n;
  return { n, groupOf, groupStart, groupEnd };
}

// ------------------------------------------------------------------ frames

/** Evaluated frame offsets: row/group counts for ROWS and GROUPS, the offset value for RANGE. */
export interface FrameOffsets {
  readonly start: number | Value;
  readonly end: number | Value;
}

async function frameOffsets(frame: WindowFrameSpec, env: ExecEnv): Promise<FrameOffsets> {
  const one = async (b: WindowFrameBound, which: 'starting' | 'ending'): Promise<number | Value> => {
    if (!b.offset) return null;
    const v = containsAsync(b.offset) ? await compileExprAsync(b.offset)([], env) : compileExpr(b.offset)([], env);
    if (v === null) throw new PgError(SqlState.NullValueNotAllowed, `frame ${which} offset must not be null`);
    if (frame.mode === 'range') return v;
    const k = Number(v as bigint);
    if (k < 0) throw new PgError('22013', `frame ${which} offset must not be negative`);
    return k;
  };
  return { start: await one(frame.start, 'starting'), end: await one(frame.end, 'ending') };
}

/** in_range(val, base, offset, sub, less): is val ≤ base ± offset (less) or ≥ it (!less)? */
export type InRange = (val: Value, base: Value, offset: Value, sub: boolean, less: boolean) => boolean;

function invalidSize(): PgError {
  return new PgError('22013', 'invalid preceding or following size in window function');
}

/** The in_range support function of the ORDER BY key's type (PostgreSQL's in_range_*). */
export function makeInRange(spec: WindowInRange, env: ExecEnv): InRange {
  switch (spec.kind) {
    case 'int':
      return inRangeInt;
    case 'float':
      return inRangeFloat;
    case 'numeric':
      return inRangeNumeric;
    case 'time':
      return (val, base, offset, sub, less) => {
        const off = (offset as Interval).micros;
        if (off < 0n) throw invalidSize();
        const sum = sub ? (base as bigint) - off : (base as bigint) + off;
        return less ? (val as bigint) <= sum : (val as bigint) >= sum;
      };
    case 'generic': {
      const add = compileExpr(spec.add);
      const subtract = compileExpr(spec.sub);
      const cast = compileExpr(spec.castKey);
      const cmp = spec.compare;
      const scratch: Value[] = [null, null];
      return (val, base, offset, sub, less) => {
        if (intervalCmpValue(offset as Interval) < 0n) throw invalidSize();
        scratch[0] = base;
        scratch[1] = offset;
        const sum = (sub ? subtract : add)(scratch, env);
        scratch[0] = val;
        const c = cmp(cast(scratch, env), sum);
        return less ? c <= 0 : c >= 0;
      };
    }
  }
}

/** in_range_int{2,4,8}_int{2,4,8}: exact arithmetic, so an overflowing sum compares as PostgreSQL's overflow rule says. */
export const inRangeInt: InRange = (val, base, offset, sub, less) => {
  if ((offset as number | bigint) < 0) throw invalidSize();
  if (typeof val === 'number' && typeof base === 'number' && typeof offset === 'number') {
    const sum = sub ? base - offset : base + offset;
    return less ? val <= sum : val >= sum;
  }
  const b = BigInt(base as number | bigint);
  const o = BigInt(offset as number | bigint);
  const sum = sub ? b - o : b + o;
  const v = BigInt(val as number | bigint);
  return less ? v <= sum : v >= sum;
};

/** in_range_float8_float8 (float4 keys too): NaN sorts last; infinite offsets from infinite bases include everything. */
export const inRangeFloat: InRange = (val, base, offset, sub, less) => {
  const v = val as number;
  const b = base as number;
  const o = offset as number;
  if (Number.isNaN(o) || o < 0) throw invalidSize();
  if (Number.isNaN(v)) return Number.isNaN(b) ? true : !less;
  if (Number.isNaN(b)) return less;
  if (o === Infinity && (b === Infinity || b === -Infinity) && (sub ? b > 0 : b < 0)) return true;
  const sum = sub ? b - o : b + o;
  return less ? v <= sum : v >= sum;
};

/** in_range_numeric_numeric. */
export const inRangeNumeric: InRange = (val, base, offset, sub, less) => {
  const v = val as Numeric;
  const b = base as Numeric;
  const o = offset as Numeric;
  if (o.isNaN() || o.isNegative()) throw invalidSize();
  if (v.isNaN()) return b.isNaN() ? true : !less;
  if (b.isNaN()) return less;
  if (!o.isFinite()) {
    // offset is +Infinity
    const pinf = (x: Numeric) => x.isInfinite() && !x.isNegative();
    const ninf = (x: Numeric) => x.isInfinite() && x.isNegative();
    if (sub ? pinf(b) : ninf(b)) return true;
    if (sub) return less ? ninf(v) : true;
    return less ? true : pinf(v);
  }
  const sum = b.isFinite() ? (sub ? b.sub(o) : b.add(o)) : b;
  const c = Numeric.compare(v, sum);
  return less ? c <= 0 : c >= 0;
};

/** Frame of each row of a partition: rows [start[i], end[i]). */
export interface Frames {
  readonly start: Int32Array;
  readonly end: Int32Array;
}

/**
 * Frame bounds for every row of a partition, as update_frameheadpos and
 * update_frametailpos compute them. `keys` are the partition's ORDER BY
 * values (RANGE with an offset only), `asc`/`nullsFirst` their order.
 */
export function computeFrames(
  frame: Pick<WindowFrameSpec, 'mode' | 'start' | 'end'>,
  offsets: FrameOffsets,
  peers: PeerGroups,
  keys: readonly Value[] | null,
  inRange: InRange | null,
  asc: boolean,
  nullsFirst: boolean,
): Frames {
  const n = peers.n;
  const { groupOf, groupStart, groupEnd } = peers;
  const nGroups = groupStart.length;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const clamp = (x: number) => (x < 0 ? 0 : x > n ? n : x);

  // RANGE offset: frame head/tail pointers only move forward.
  let head = 0;
  let tail = 0;
  const rangeHead = (i: number, offset: Value, preceding: boolean): number => {
    let sub = preceding;
    let less = false;
    if (!asc) {
      sub = !sub;
      less = true;
    }
    const cv = keys![i];
    while (head < n) {
      const hv = keys![head];
      if (hv == null || cv == null) {
        // Only nulls_first decides how NULLs sort against values.
        if (nullsFirst) {
          if (hv != null || cv == null) break;
        } else if (hv == null || cv != null) break;
      } else if (inRange!(hv, cv, offset, sub, less)) break;
      head++;
    }
    return head;
  };
  const rangeTail = (i: number, offset: Value, preceding: boolean): number => {
    let sub = preceding;
    let less = true;
    if (!asc) {
      sub = !sub;
      less = false;
    }
    const cv = keys![i];
    while (tail < n) {
      const tv = keys![tail];
      if (tv == null || cv == null) {
        if (nullsFirst) {
          if (tv != null) break;
        } else if (cv != null) break;
      } else if (!inRange!(tv, cv, offset, sub, less)) break;
      tail++;
    }
    return tail;
  };

  for (let i = 0; i < n; i++) {
    const g = groupOf[i]!;
    let s: number;
    switch (frame.start.kind) {
      case 'unbounded preceding':
        s = 0;
        break;
      case 'current row':
        s = frame.mode === 'rows' ? i : groupStart[g]!;
        break;
      case 'preceding':
      case 'following': {
        const preceding = frame.start.kind === 'preceding';
        if (frame.mode === 'rows') {
          const o = offsets.start as number;
          s = clamp(preceding ? i - o : i + o);
        } else if (frame.mode === 'groups') {
          const o = offsets.start as number;
          const target = preceding ? g - o : g + o;
          s = target < 0 ? 0 : target >= nGroups ? n : groupStart[target]!;
        } else s = rangeHead(i, offsets.start as Value, preceding);
        break;
      }
      default:
        s = n;
    }
    let e: number;
    switch (frame.end.kind) {
      case 'unbounded following':
        e = n;
        break;
      case 'current row':
        e = frame.mode === 'rows' ? i + 1 : groupEnd[g]!;
        break;
      case 'preceding':
      case 'following': {
        const preceding = frame.end.kind === 'preceding';
        if (frame.mode === 'rows') {
          const o = offsets.end as number;
          e = clamp(preceding ? i - o + 1 : i + o + 1);
        } else if (frame.mode === 'groups') {
          const o = offsets.end as number;
          const target = preceding ? g - o : g + o;
          e = target < 0 ? 0 : target >= nGroups ? n : groupEnd[target]!;
        } else e = rangeTail(i, offsets.end as Value, preceding);
        break;
      }
      default:
        e = 0;
    }
    start[i] = s;
    end[i] = e < s ? s : e;
  }
  return { start, end };
}

/**
 * The rows of row i's frame after EXCLUDE, as up to three [from, to) runs in
 * partition order, written into `out` (flat pairs); returns the pair count.
 */
export function frameSegments(frames: Frames, peers: PeerGroups, exclude: WindowFrameSpec['exclude'], i: number, out: Int32Array): number {
  const fs = frames.start[i]!;
  const fe = frames.end[i]!;
  let k = 0;
  const push = (a: number, b: number) => {
    if (a < b) {
      out[2 * k] = a;
      out[2 * k + 1] = b;
      k++;
    }
  };
  if (exclude === 'no others') {
    push(fs, fe);
    return k;
  }
  let xs: number;
  let xe: number;
  if (exclude === 'current row') {
    xs = i;
    xe = i + 1;
  } else {
    const g = peers.groupOf[i]!;
    xs = peers.groupStart[g]!;
    xe = peers.groupEnd[g]!;
  }
  push(fs, Math.min(fe, xs));
  if (exclude === 'ties' && i >= fs && i < fe) push(i, i + 1);
  push(Math.max(fs, xe), fe);
  return k;
}

// -------------------------------------------------------------- evaluators

/** Functions that read the frame (the rest read the partition). */
const FRAME_FUNCTIONS = new Set(['first_value', 'last_value', 'nth_value']);

/** A call's value for row i of the partition; called for i = 0, 1, … in order. */
type Evaluator = (i: number) => Value;

function makeEvaluator(p: PreparedCall, idx: readonly number[], peers: PeerGroups, frames: Frames | null, frame: WindowFrameSpec, pacer: Pacer): Evaluator {
  const n = idx.length;
  const { groupOf, groupStart, groupEnd } = peers;
  const arg = (k: number, i: number): Value => p.args[k]![idx[i]!] ?? null;
  if (p.spec.aggregate) return aggregateEvaluator(p, idx, peers, frames!, frame, pacer);
  switch (p.spec.name) {
    case 'row_number':
      return (i) => BigInt(i + 1);
    case 'rank':
      return (i) => BigInt(groupStart[groupOf[i]!]! + 1);
    case 'dense_rank':
      return (i) => BigInt(groupOf[i]! + 1);
    case 'percent_rank':
      return (i) => (n > 1 ? groupStart[groupOf[i]!]! / (n - 1) : 0);
    case 'cume_dist':
      return (i) => groupEnd[groupOf[i]!]! / n;
    case 'ntile':
      return ntileEvaluator(n, (i) => arg(0, i));
    case 'lag':
    case 'lead': {
      const dir = p.spec.name === 'lag' ? -1 : 1;
      const nargs = p.args.length;
      return (i) => {
        let offset = 1;
        if (nargs > 1) {
          const o = arg(1, i);
          if (o === null) return null;
          offset = o as number;
        }
        const target = i + dir * offset;
        if (target >= 0 && target < n) return arg(0, target);
        return nargs > 2 ? arg(2, i) : null;
      };
    }
    case 'first_value':
    case 'last_value':
    case 'nth_value': {
      const segs = new Int32Array(6);
      const last = p.spec.name === 'last_value';
      const nth = p.spec.name === 'nth_value';
      return (i) => {
        let pos = 0;
        if (nth) {
          const v = arg(1, i);
          if (v === null) return null;
          pos = (v as number) - 1;
          if (pos < 0) throw new PgError('22016', 'argument of nth_value must be greater than zero');
        }
        const k = frameSegments(frames!, peers, frame.exclude, i, segs);
        if (last) return k === 0 ? null : arg(0, segs[2 * k - 1]! - 1);
        for (let s = 0; s < k; s++) {
          const len = segs[2 * s + 1]! - segs[2 * s]!;
          if (pos < len) return arg(0, segs[2 * s]! + pos);
          pos -= len;
        }
        return null;
      };
    }
  }
  throw new PgError(SqlState.InternalError, `unknown window function ${p.spec.name}`);
}

/** ntile(n) as windowfuncs.c computes it: leading buckets take one extra row when rows do not divide evenly. */
function ntileEvaluator(total: number, bucketsAt: (i: number) => Value): Evaluator {
  let ntile = 0;
  let rowsPerBucket = 0;
  let boundary = 0;
  let remainder = 0;
  return (i) => {
    if (ntile === 0) {
      const v = bucketsAt(i);
      if (v === null) return null;
      const buckets = v as number;
      if (buckets <= 0) throw new PgError('22014', 'argument of ntile must be greater than zero');
      ntile = 1;
      rowsPerBucket = 0;
      boundary = Math.trunc(total / buckets);
      if (boundary <= 0) boundary = 1;
      else {
        remainder = total % buckets;
        if (remainder !== 0) boundary++;
      }
    }
    rowsPerBucket++;
    if (boundary < rowsPerBucket) {
      if (remainder !== 0 && ntile === remainder) {
        remainder = 0;
        boundary -= 1;
      }
      ntile += 1;
      rowsPerBucket = 1;
    }
    return ntile;
  };
}

/**
 * A final value that shares no mutable structure with the state, for
 * aggregates folded incrementally: array_agg's final hands out its item
 * buffer, which later rows keep growing. (Other values are immutable.)
 */
function detached(v: Value): Value {
  if (v !== null && typeof v === 'object') {
    if (isPgArray(v)) return { ...v, dims: [...v.dims], lbounds: [...v.lbounds], items: v.items.slice() };
    if (Array.isArray(v)) return v.slice() as Value;
  }
  return v;
}

function aggregateEvaluator(p: PreparedCall, idx: readonly number[], peers: PeerGroups, frames: Frames, frame: WindowFrameSpec, pacer: Pacer): Evaluator {
  const def = p.spec.aggregate!;
  const argTypes: readonly PgType[] = p.spec.argTypes;
  const nargs = p.args.length;
  const cols = p.args;
  const filter = p.filter;
  const strict = def.strict;
  const scratch = new Array<Value>(nargs);
  /** Folds partition row j into the state (FILTER and strictness as in aggregation). */
  const step = (state: unknown, j: number): unknown => {
    const row = idx[j]!;
    if (filter !== null && filter[row] !== true) return state;
    for (let k = 0; k < nargs; k++) {
      const v = cols[k]![row] ?? null;
      if (v === null && strict) return state;
      scratch[k] = v;
    }
    return def.step(state, scratch);
  };

  if (frame.start.kind === 'unbounded preceding' && frame.exclude === 'no others') {
    // The frame only grows: keep one state and fold rows in as the end advances.
    let state = def.init(argTypes, pacer.io);
    let stepped = 0;
    let lastEnd = -1;
    let last: Value = null;
    return (i) => {
      const fe = frames.end[i]!;
      while (stepped < fe) state = step(state, stepped++);
      if (fe !== lastEnd) {
        pacer.work += fe - lastEnd;
        last = detached(def.final(state));
        lastEnd = fe;
      }
      return last;
    };
  }

  const segs = new Int32Array(6);
  const prevSegs = new Int32Array(6);
  let prevCount = -1;
  let last: Value = null;
  return (i) => {
    const k = frameSegments(frames, peers, frame.exclude, i, segs);
    if (k === prevCount) {
      let same = true;
      for (let s = 0; s < 2 * k; s++) if (segs[s] !== prevSegs[s]) same = false;
      if (same) return last;
    }
    let state = def.init(argTypes, pacer.io);
    for (let s = 0; s < k; s++) {
      const to = segs[2 * s + 1]!;
      for (let j = segs[2 * s]!; j < to; j++) state = step(state, j);
      pacer.work += to - segs[2 * s]!;
    }
    last = def.final(state);
    prevSegs.set(segs);
    prevCount = k;
    return last;
  };
}
