/**
 * GROUP BY and aggregates: hash aggregation. Each input row is routed to its
 * group through a Map and folded into that group's aggregate states; when
 * the input ends, each group becomes one output row
 * `[...group key values, ...aggregate results]`, in order of first
 * appearance.
 *
 * Aggregates with DISTINCT or ORDER BY cannot be folded as rows arrive: their
 * arguments are buffered per group and, at the end, sorted (by the ORDER BY
 * keys, then — for DISTINCT — by the arguments, which is why
 * array_agg(DISTINCT x) comes out sorted, as in PostgreSQL), de-duplicated,
 * and only then folded.
 */
import type { AggregateDef } from '../types/functions/aggregates.js';
import { findTypeByOid } from '../types/registry.js';
import type { IoContext, PgType } from '../types/type.js';
import type { Value } from '../types/value.js';
import type { Compiled, ExecEnv, Row } from './compile-expr.js';
import { tupleKeyFn, valueKeyFn } from './distinct.js';
import type { Operator } from './operator.js';
import { makeValueComparator, rowsOperator, yieldToEventLoop, YIELD_EVERY, type SortKey } from './sort.js';

export interface GroupKey {
  readonly expr: Compiled;
  /** Type of the key: decides which values fall into one group (1.5 and 1.50 do). */
  readonly typeOid: number;
}

export interface AggCall {
  readonly def: AggregateDef;
  readonly argExprs: readonly Compiled[];
  /**
   * The actual argument types. Needed by polymorphic aggregates (min/max
   * order by them, array_agg builds its array type from them) and by
   * DISTINCT; defaults to the declared def.args.
   */
  readonly argTypes?: readonly PgType[];
  readonly distinct: boolean;
  /** FILTER (WHERE …): the row counts for this aggregate only when it yields true. */
  readonly filter: Compiled | null;
  /** ORDER BY inside the call, e.g. string_agg(x, ',' ORDER BY y). */
  readonly orderBy?: readonly SortKey[];
}

/** One aggregate call, prepared for the per-row loop. */
interface PreparedAgg {
  readonly def: AggregateDef;
  readonly argTypes: readonly PgType[];
  readonly args: readonly Compiled[];
  readonly nargs: number;
  readonly strict: boolean;
  readonly filter: Compiled | null;
  /** DISTINCT or ORDER BY: arguments are buffered and folded at the end. */
  readonly buffered: boolean;
  readonly distinct: boolean;
  readonly orderExprs: readonly Compiled[];
  /** Reused argument buffer handed to step(). */
  readonly scratch: Value[];
}

interface Group {
  readonly keys: Value[];
  /** Per aggregate: its state, or for a buffered aggregate the rows [...args, ...order keys] collected. */
  readonly states: unknown[];
}

export function hashAggregateOperator(input: Operator, groupKeys: readonly GroupKey[], aggs: readonly AggCall[], env: ExecEnv): Operator {
  let out: Operator | null = null;
  let closed = false;
  return {
    next: async () => {
      if (closed) return null;
      if (out === null) {
        const rows = await aggregateRows(input, groupKeys, aggs, env);
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

function prepare(call: AggCall): PreparedAgg {
  const def = call.def;
  const argTypes =
    call.argTypes ??
    def.args.map((oid) => {
      const t = findTypeByOid(oid);
      if (!t) throw new Error(`aggregate ${def.name}: unknown argument type ${oid}`);
      return t;
    });
  const orderExprs = (call.orderBy ?? []).map((k) => k.expr);
  return {
    def,
    argTypes,
    args: call.argExprs,
    nargs: call.argExprs.length,
    strict: def.strict,
    filter: call.filter,
    buffered: call.distinct || orderExprs.length > 0,
    distinct: call.distinct,
    orderExprs,
    scratch: new Array<Value>(call.argExprs.length),
  };
}

async function aggregateRows(input: Operator, groupKeys: readonly GroupKey[], calls: readonly AggCall[], env: ExecEnv): Promise<Row[]> {
  const aggs = calls.map(prepare);
  const nAggs = aggs.length;
  const keyExprs = groupKeys.map((k) => k.expr);
  const nKeys = keyExprs.length;

  const newGroup = (keys: Value[]): Group => {
    const states = new Array<unknown>(nAggs);
    for (let j = 0; j < nAggs; j++) {
      const a = aggs[j]!;
      states[j] = a.buffered ? [] : a.def.init(a.argTypes, env.session.io);
    }
    return { keys, states };
  };

  const groups = new Map<unknown, Group>();
  // Without GROUP BY there is exactly one group, present even for no input
  // (SELECT count(*) FROM empty is one row: 0).
  const only = nKeys === 0 ? newGroup([]) : null;
  if (only) groups.set('', only);
  const singleKeyExpr = nKeys === 1 ? keyExprs[0]! : null;
  const singleKeyOf = nKeys === 1 ? valueKeyFn(groupKeys[0]!.typeOid) : null;
  const tupleKeyOf = tupleKeyFn(groupKeys.map((k) => k.typeOid));
  const keyScratch = new Array<Value>(nKeys);

  let sinceYield = 0;
  for (;;) {
    const batch = await input.next();
    if (!batch) break;
    env.session.checkInterrupts();
    for (let i = 0; i < batch.length; i++) {
      const row = batch[i]!;
      let group: Group;
      if (only) group = only;
      else if (singleKeyExpr) {
        const v = singleKeyExpr(row, env);
        const key = singleKeyOf!(v);
        let g = groups.get(key);
        if (g === undefined) groups.set(key, (g = newGroup([v])));
        group = g;
      } else {
        for (let k = 0; k < nKeys; k++) keyScratch[k] = keyExprs[k]!(row, env);
        const key = tupleKeyOf(keyScratch);
        let g = groups.get(key);
        if (g === undefined) groups.set(key, (g = newGroup(keyScratch.slice())));
        group = g;
      }
      const states = group.states;
      for (let j = 0; j < nAggs; j++) {
        const a = aggs[j]!;
        if (a.filter !== null && a.filter(row, env) !== true) continue;
        const args = a.scratch;
        let skip = false;
        for (let k = 0; k < a.nargs; k++) {
          const v = a.args[k]!(row, env);
          // Strict aggregates ignore rows with a NULL argument (count(x) counts non-NULL x).
          if (v == null) {
            if (a.strict) {
              skip = true;
              break;
            }
            args[k] = null;
          } else args[k] = v;
        }
        if (skip) continue;
        if (a.buffered) {
          const entry = args.slice();
          for (const e of a.orderExprs) entry.push(e(row, env));
          (states[j] as Value[][]).push(entry);
        } else {
          states[j] = a.def.step(states[j], args);
        }
      }
    }
    sinceYield += batch.length;
    if (sinceYield >= YIELD_EVERY) {
      sinceYield = 0;
      await yieldToEventLoop();
      env.session.checkInterrupts();
    }
  }

  const finishers = calls.map((c, j) => (aggs[j]!.buffered ? makeBufferedFinisher(aggs[j]!, c.orderBy ?? [], env.session.io) : null));
  const out: Row[] = [];
  let work = 0;
  for (const g of groups.values()) {
    const row = new Array<Value>(nKeys + nAggs);
    for (let k = 0; k < nKeys; k++) row[k] = g.keys[k];
    for (let j = 0; j < nAggs; j++) {
      const fin = finishers[j];
      if (fin) {
        const entries = g.states[j] as Value[][];
        work += entries.length;
        row[nKeys + j] = fin(entries);
      } else {
        row[nKeys + j] = aggs[j]!.def.final(g.states[j]);
      }
    }
    out.push(row);
    if (++work >= YIELD_EVERY) {
      work = 0;
      await yieldToEventLoop();
      env.session.checkInterrupts();
    }
  }
  return out;
}

/**
 * Folds one group's buffered rows `[...args, ...order keys]` for an
 * aggregate with DISTINCT and/or ORDER BY: stable sort, drop repeated
 * argument tuples, then step through what is left.
 */
function makeBufferedFinisher(a: PreparedAgg, orderBy: readonly SortKey[], io: IoContext): (entries: Value[][]) => Value {
  const nargs = a.nargs;
  const cmps: { col: number; cmp: (x: Value, y: Value) => number }[] = orderBy.map((k, i) => ({ col: nargs + i, cmp: makeValueComparator(k) }));
  if (a.distinct) {
    // DISTINCT sorts by the arguments (after any ORDER BY keys), ascending,
    // NULLs last — the order PostgreSQL feeds a DISTINCT aggregate in.
    for (let i = 0; i < nargs; i++) {
      const compare = a.argTypes[i]?.compare;
      if (compare) cmps.push({ col: i, cmp: makeValueComparator({ compare, descending: false, nullsFirst: false }) });
    }
  }
  const ncmp = cmps.length;
  const compare = (x: Value[], y: Value[]): number => {
    for (let i = 0; i < ncmp; i++) {
      const c = cmps[i]!;
      const r = c.cmp(x[c.col], y[c.col]);
      if (r !== 0) return r;
    }
    return 0;
  };
  const argKey = a.distinct ? tupleKeyFn(a.argTypes.slice(0, nargs).map((t) => t.oid)) : null;
  const hasOrderCols = orderBy.length > 0;
  return (entries) => {
    // Array.prototype.sort is stable, so rows with equal keys keep input order.
    if (ncmp > 0 && entries.length > 1) entries.sort(compare);
    const seen = argKey ? new Set<unknown>() : null;
    let state = a.def.init(a.argTypes, io);
    const args = a.scratch;
    for (const e of entries) {
      let stepArgs: Value[] = e;
      if (hasOrderCols) {
        for (let k = 0; k < nargs; k++) args[k] = e[k];
        stepArgs = args;
      }
      if (seen) {
        const key = argKey!(stepArgs);
        if (seen.has(key)) continue;
        seen.add(key);
      }
      state = a.def.step(state, stepArgs);
    }
    return a.def.final(state);
  };
}
