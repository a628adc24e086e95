/**
 * ORDER BY: a full sort of the input, and the helpers the other blocking
 * operators (top-k, aggregation) share — sort-key comparison, batching and
 * cooperative yielding.
 *
 * Keys are evaluated once per row and kept beside the rows
 * (decorate-sort-undecorate): a comparison sort calls the comparator
 * n·log n times, and re-evaluating an expression inside it would multiply
 * the cost of every key expression by log n.
 *
 * Large inputs are sorted in runs of RUN_SIZE rows, then merged, with an
 * event-loop turn and an interrupt check between slices of work, so one big
 * ORDER BY neither freezes other sessions nor outlives a cancel or
 * statement_timeout.
 */
import { Oid } from '../types/oids.js';
import { typeByOid } from '../types/registry.js';
import type { Value } from '../types/value.js';
import type { Compiled, ExecEnv, Row } from './compile-expr.js';
import type { Operator } from './operator.js';

export interface SortKey {
  readonly expr: Compiled;
  /** The key type's total order (PgType.compare); never sees NULL. */
  readonly compare: (a: Value, b: Value) => number;
  readonly descending: boolean;
  /** The caller resolves PostgreSQL's default: NULLS LAST for ASC, NULLS FIRST for DESC. */
  readonly nullsFirst: boolean;
}

/** Rows per emitted batch. */
export const BATCH_SIZE = 1024;
/** Below this many rows a sort runs in one go: it takes a few ms at most. */
const CHUNKED_SORT_THRESHOLD = 50_000;
/** Rows sorted per slice before the runs are merged. */
const RUN_SIZE = 16_384;
/** Rows processed between event-loop turns in the long loops of blocking operators. */
export const YIELD_EVERY = 65_536;

/** Gives the event loop a turn (I/O, timers, other sessions) before continuing. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Orders two values of one key: NULLs placed by nullsFirst whatever the
 * direction (as in PostgreSQL), the type's order otherwise, reversed for DESC.
 * `undefined` counts as NULL because short rows read past their end.
 */
export function makeValueComparator(key: Pick<SortKey, 'compare' | 'descending' | 'nullsFirst'>): (a: Value, b: Value) => number {
  const cmp = key.compare;
  const nullSide = key.nullsFirst ? -1 : 1;
  if (key.descending) {
    return (a, b) => {
      if (a == null) return b == null ? 0 : nullSide;
      if (b == null) return -nullSide;
      return cmp(b, a);
    };
  }
  return (a, b) => {
    if (a == null) return b == null ? 0 : nullSide;
    if (b == null) return -nullSide;
    return cmp(a, b);
  };
}

/** Evaluates sort keys once per row and compares the evaluated keys. */
export interface RowComparator {
  readonly width: number;
  /** The key values of one row, in key order. */
  evaluate(row: Row, env: ExecEnv): Value[];
  /** Evaluates into an existing array (no allocation), e.g. a scratch buffer. */
  evaluateInto(row: Row, env: ExecEnv, out: Value[]): void;
  /** Orders two rows by their evaluated keys: negative, zero or positive. */
  compare(a: readonly Value[], b: readonly Value[]): number;
}

export function makeRowComparator(keys: readonly SortKey[]): RowComparator {
  const exprs = keys.map((k) => k.expr);
  const cmps = keys.map(makeValueComparator);
  const width = keys.length;
  const evaluateInto = (row: Row, env: ExecEnv, out: Value[]): void => {
    for (let i = 0; i < width; i++) out[i] = exprs[i]!(row, env);
  };
  let compare: (a: readonly Value[], b: readonly Value[]) => number;
  if (width === 1) {
    const c0 = cmps[0]!;
    compare = (a, b) => c0(a[0], b[0]);
  } else {
    compare = (a, b) => {
      for (let i = 0; i < width; i++) {
        const c = cmps[i]!(a[i], b[i]);
        if (c !== 0) return c;
      }
      return 0;
    };
  }
  return {
    width,
    evaluate: (row, env) => {
      const out = new Array<Value>(width);
      evaluateInto(row, env, out);
      return out;
    },
    evaluateInto,
    compare,
  };
}

/** An operator that hands out already materialised rows in batches. */
export function rowsOperator(rows: readonly Row[], onClose?: () => void): Operator {
  let pos = 0;
  let list: readonly Row[] | null = rows;
  return {
    next: async () => {
      if (list === null || pos >= list.length) {
        list = null;
        return null;
      }
      const end = Math.min(pos + BATCH_SIZE, list.length);
      const batch = list.slice(pos, end);
      pos = end;
      return batch;
    },
    close: () => {
      list = null;
      onClose?.();
    },
  };
}

/**
 * A stable sort of the whole input. The first next() drains the input; rows
 * come out in batches of BATCH_SIZE.
 */
export function sortOperator(input: Operator, keys: readonly SortKey[], env: ExecEnv): Operator {
  let sorted: Row[] | null = null;
  let pos = 0;
  let closed = false;
  let inputOpen = true;
  const closeInput = (): void => {
    if (inputOpen) {
      inputOpen = false;
      input.close();
    }
  };
  return {
    next: async () => {
      if (closed) return null;
      if (sorted === null) {
        sorted = await sortRows(input, keys, env);
        // Release the input's resources (read transactions) as soon as it is drained.
        closeInput();
      }
      if (pos >= sorted.length) return null;
      const end = Math.min(pos + BATCH_SIZE, sorted.length);
      const batch = sorted.slice(pos, end);
      pos = end;
      return batch;
    },
    close: () => {
      closed = true;
      sorted = null;
      closeInput();
    },
  };
}

/**
 * Drains `input` into one array. Batches are kept and flattened once the
 * total is known: appending a million rows one by one to a growing array
 * costs several times more than filling a preallocated one. (Batches
 * returned by next() belong to the caller, so keeping them is safe.)
 */
export async function drainRows(input: Operator, env: ExecEnv): Promise<Row[]> {
  const batches: (readonly Row[])[] = [];
  let n = 0;
  let sinceYield = 0;
  for (;;) {
    const batch = await input.next();
    if (!batch) break;
    env.session.checkInterrupts();
    if (batch.length === 0) continue;
    batches.push(batch);
    n += batch.length;
    sinceYield += batch.length;
    if (sinceYield >= YIELD_EVERY) {
      sinceYield = 0;
      await yieldToEventLoop();
      env.session.checkInterrupts();
    }
  }
  if (batches.length === 1) return batches[0]!.slice();
  const rows = new Array<Row>(n);
  let o = 0;
  for (const b of batches) for (let i = 0; i < b.length; i++) rows[o++] = b[i]!;
  return rows;
}

/** Drains `input` and returns its rows sorted (stable) by `keys`. */
export async function sortRows(input: Operator, keys: readonly SortKey[], env: ExecEnv): Promise<Row[]> {
  const rows = await drainRows(input, env);
  const n = rows.length;
  if (n < 2 || keys.length === 0) return rows;

  // Column-major key storage: one array per key rather than one small array
  // per row, which is both less garbage and faster to index.
  const cols: Value[][] = [];
  for (const k of keys) {
    const col = new Array<Value>(n);
    const expr = k.expr;
    for (let lo = 0; lo < n; lo += YIELD_EVERY) {
      const hi = Math.min(lo + YIELD_EVERY, n);
      for (let i = lo; i < hi; i++) col[i] = expr(rows[i]!, env);
      if (hi < n) {
        await yieldToEventLoop();
        env.session.checkInterrupts();
      }
    }
    cols.push(col);
  }

  const perm = (keys.length === 1 && (await singleKeySort(cols[0]!, keys[0]!, env))) || (await comparatorSort(cols, keys, env));
  const out = new Array<Row>(n);
  for (let i = 0; i < n; i++) out[i] = rows[perm[i]!]!;
  return out;
}

/** Sorts row indices with a comparator over the evaluated keys. */
async function comparatorSort(cols: Value[][], keys: readonly SortKey[], env: ExecEnv): Promise<Uint32Array> {
  const perm = identityPermutation(cols[0]!.length);
  await chunkedSort(perm, indexComparator(keys, cols), env);
  return perm;
}

/**
 * Compares row indices by their keys, then by index: the index tie-break
 * makes any sort algorithm (and the run merge) stable.
 */
function indexComparator(keys: readonly SortKey[], cols: Value[][]): (i: number, j: number) => number {
  const cmps = keys.map(makeValueComparator);
  if (keys.length === 1) {
    const c0 = cmps[0]!;
    const k0 = cols[0]!;
    return (i, j) => c0(k0[i], k0[j]) || i - j;
  }
  const width = keys.length;
  return (i, j) => {
    for (let k = 0; k < width; k++) {
      const c = cmps[k]!(cols[k]![i], cols[k]![j]);
      if (c !== 0) return c;
    }
    return i - j;
  };
}

/**
 * Sorts runs of RUN_SIZE in place, then merges pairs of runs bottom-up
 * between two buffers, yielding to the event loop every YIELD_EVERY rows.
 * Small inputs are sorted in one call.
 */
async function chunkedSort(perm: Uint32Array, cmp: (i: number, j: number) => number, env: ExecEnv): Promise<void> {
  const n = perm.length;
  if (n <= CHUNKED_SORT_THRESHOLD) {
    perm.sort(cmp);
    return;
  }
  for (let lo = 0; lo < n; lo += RUN_SIZE) {
    perm.subarray(lo, Math.min(lo + RUN_SIZE, n)).sort(cmp);
    await yieldToEventLoop();
    env.session.checkInterrupts();
  }
  const sorted = await mergeRuns(perm, new Uint32Array(n), (src, dst, m, budget) => mergeSome(src, dst, m, budget, cmp), env);
  if (sorted !== perm) perm.set(sorted);
}

/** A merge of src[i, mid) and src[j, hi) into dst from o on, resumable. */
interface Merge {
  i: number;
  readonly mid: number;
  j: number;
  readonly hi: number;
  o: number;
}

type MergeStep<A> = (src: A, dst: A, m: Merge, budget: number) => number;

/**
 * Bottom-up merging of sorted runs of RUN_SIZE, alternating between two
 * buffers; returns the buffer that holds the result. Yields to the event
 * loop after every YIELD_EVERY elements written.
 */
async function mergeRuns<A extends Uint32Array | Float64Array>(first: A, second: A, step: MergeStep<A>, env: ExecEnv): Promise<A> {
  const n = first.length;
  let src = first;
  let dst = second;
  let budget = YIELD_EVERY;
  for (let width = RUN_SIZE; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const m: Merge = { i: lo, mid, j: mid, hi: Math.min(lo + 2 * width, n), o: lo };
      for (;;) {
        budget -= step(src, dst, m, budget);
        if (budget <= 0) {
          budget = YIELD_EVERY;
          await yieldToEventLoop();
          env.session.checkInterrupts();
        }
        if (m.o === m.hi) break;
      }
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/**
 * Advances a merge by at most `budget` output elements and returns how many
 * it wrote; the merge is done when m.o reaches m.hi. Synchronous, so the hot
 * loop is a plain optimisable function rather than a resumable async one.
 */
function mergeSome(src: Uint32Array, dst: Uint32Array, m: Merge, budget: number, cmp: (i: number, j: number) => number): number {
  const { mid, hi } = m;
  let { i, j, o } = m;
  const start = o;
  const stop = o + budget;
  while (i < mid && j < hi && o < stop) {
    // Taking the left element on ties keeps equal keys in input order.
    if (cmp(src[j]!, src[i]!) < 0) dst[o++] = src[j++]!;
    else dst[o++] = src[i++]!;
  }
  return finishMerge(src, dst, m, i, j, o, start);
}

/** mergeSome for packed keys, compared as plain numbers. */
function mergeSomePacked(src: Float64Array, dst: Float64Array, m: Merge, budget: number): number {
  const { mid, hi } = m;
  let { i, j, o } = m;
  const start = o;
  const stop = o + budget;
  while (i < mid && j < hi && o < stop) {
    if (src[j]! < src[i]!) dst[o++] = src[j++]!;
    else dst[o++] = src[i++]!;
  }
  return finishMerge(src, dst, m, i, j, o, start);
}

function finishMerge<A extends Uint32Array | Float64Array>(src: A, dst: A, m: Merge, i: number, j: number, o: number, start: number): number {
  if (i === m.mid || j === m.hi) {
    // One side is used up: the rest of the other is already in order.
    if (i < m.mid) dst.set(src.subarray(i, m.mid), o);
    else if (j < m.hi) dst.set(src.subarray(j, m.hi), o);
    m.o = m.hi;
    return m.hi - start;
  }
  m.i = i;
  m.j = j;
  m.o = o;
  return o - start;
}

// ------------------------------------------ fast path: one number key

/**
 * Sorts by one key of a built-in number type without the generic
 * comparator, or returns null when the values do not allow it. (Text keys
 * were tried too: string comparison itself dominates, so a cheaper
 * comparator gained nothing measurable.)
 */
function singleKeySort(values: Value[], key: SortKey, env: ExecEnv): Promise<Uint32Array | null> | null {
  if (key.compare === bigintCompare || numberCompares.has(key.compare)) return numberKeySort(values, key, env);
  return null;
}

const numberCompares = new Set<unknown>([Oid.int2, Oid.int4, Oid.oid, Oid.float4, Oid.float8].map((o) => typeByOid(o).compare));
const bigintCompare = typeByOid(Oid.int8).compare;
const TWO_53 = 2 ** 53;

/**
 * One key of an integer or float type (known by its compare function, so
 * the order really is numeric order): NULLs are set aside, and the rest is
 * sorted without calling a comparator per comparison. Integers whose range
 * times the row count stays below 2^53 are packed as (key − min)·m + index
 * into one double — unique, so a native numeric sort is stable — and other
 * numbers are compared straight from a Float64Array. NaN (which sorts above
 * everything) and int8 values beyond 2^53 fall back to the generic path:
 * returns null.
 */
async function numberKeySort(values: Value[], key: SortKey, env: ExecEnv): Promise<Uint32Array | null> {
  const isBig = key.compare === bigintCompare;
  const n = values.length;
  const nulls: number[] = [];
  const idx = new Uint32Array(n);
  const f = new Float64Array(n);
  let m = 0;
  let allInts = true;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v == null) {
      nulls.push(i);
      continue;
    }
    let x: number;
    if (isBig) {
      const b = v as bigint;
      if (b > 9007199254740991n || b < -9007199254740991n) return null;
      x = Number(b);
    } else {
      x = v as number;
      if (x !== x) return null; // NaN
      if (allInts && !Number.isInteger(x)) allInts = false;
    }
    if (x < min) min = x;
    if (x > max) max = x;
    idx[m] = i;
    f[m++] = x;
  }

  let order: Uint32Array; // positions into idx/f, sorted
  if (allInts && m > 0 && (max - min + 1) * m < TWO_53) {
    const packed = new Float64Array(m);
    const desc = key.descending;
    for (let p = 0; p < m; p++) packed[p] = (desc ? max - f[p]! : f[p]! - min) * m + p;
    const sorted = await packedSort(packed, env);
    order = new Uint32Array(m);
    for (let p = 0; p < m; p++) order[p] = sorted[p]! % m;
  } else {
    order = identityPermutation(m);
    const fm = f.subarray(0, m);
    // a − b is NaN only for Infinity − Infinity (equal keys): NaN || … falls to the index.
    const cmp = key.descending ? (p: number, q: number) => fm[q]! - fm[p]! || p - q : (p: number, q: number) => fm[p]! - fm[q]! || p - q;
    await chunkedSort(order, cmp, env);
  }
  return withNulls(order, idx, nulls, key.nullsFirst);
}

function identityPermutation(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** Row order from the sorted positions of the non-NULL keys, NULL rows (in input order) before or after. */
function withNulls(order: Uint32Array, idx: Uint32Array, nulls: readonly number[], nullsFirst: boolean): Uint32Array {
  const m = order.length;
  const perm = new Uint32Array(m + nulls.length);
  let o = 0;
  if (nullsFirst) for (const i of nulls) perm[o++] = i;
  for (let p = 0; p < m; p++) perm[o++] = idx[order[p]!]!;
  if (!nullsFirst) for (const i of nulls) perm[o++] = i;
  return perm;
}

/** Native numeric sort of distinct doubles, in runs with merges for big inputs. */
async function packedSort(a: Float64Array, env: ExecEnv): Promise<Float64Array> {
  const n = a.length;
  if (n <= CHUNKED_SORT_THRESHOLD) return a.sort();
  for (let lo = 0; lo < n; lo += RUN_SIZE) {
    a.subarray(lo, Math.min(lo + RUN_SIZE, n)).sort();
    if (lo % (4 * RUN_SIZE) === 0) {
      await yieldToEventLoop();
      env.session.checkInterrupts();
    }
  }
  return mergeRuns(a, new Float64Array(n), mergeSomePacked, env);
}
