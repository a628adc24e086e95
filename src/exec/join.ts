/**
 * Join operators. Hash join when the condition has equality keys: the right
 * input is read once into a hash table, the left streams through it. Nested
 * loop otherwise, over the materialized right input. Outer joins pad the
 * missing side with NULLs; FULL joins remember which right rows matched.
 */
import type { JoinNode } from '../sql/plan/plan.js';
import type { Value } from '../types/value.js';
import { compileExpr, type Compiled, type Row } from './compile-expr.js';
import { tupleKeyFn } from './distinct.js';
import type { Operator, QueryEnv } from './operator.js';
import { yieldToEventLoop } from './sort.js';

async function drain(op: Operator): Promise<Row[]> {
  const out: Row[] = [];
  for (;;) {
    const b = await op.next();
    if (!b) break;
    for (const r of b) out.push(r);
  }
  op.close();
  return out;
}

function nulls(n: number): Value[] {
  return new Array<Value>(n).fill(null);
}

export function joinOperator(node: JoinNode, env: QueryEnv, left: Operator, right: Operator): Operator {
  // A RIGHT join is a LEFT join with the inputs swapped; rows are put back in left-right order on output.
  const swap = node.joinType === 'right';
  const outer = swap ? right : left;
  const inner = swap ? left : right;
  const outerWidth = swap ? node.rightWidth : node.leftWidth;
  const innerWidth = swap ? node.leftWidth : node.rightWidth;
  const preserveOuter = node.joinType !== 'inner';
  const preserveInner = node.joinType === 'full';
  const cond: Compiled | null = node.condition ? compileExpr(node.condition) : null;
  const outerKeys = node.hashKeys.map((k) => compileExpr(swap ? k.right : k.left));
  const innerKeys = node.hashKeys.map((k) => compileExpr(swap ? k.left : k.right));
  const keyOf = tupleKeyFn(node.hashKeys.map((k) => k.left.type.oid));
  const combine = (o: Row, i: Row): Row => (swap ? [...i, ...o] : [...o, ...i]);

  let built: { rows: Row[]; table: Map<unknown, number[]> | null; matched: Uint8Array } | null = null;
  let outerDone = false;
  let emittedUnmatched = false;
  let n = 0;

  async function build() {
    const rows = await drain(inner);
    let table: Map<unknown, number[]> | null = null;
    if (innerKeys.length > 0) {
      table = new Map();
      const vals: Value[] = new Array(innerKeys.length);
      for (let i = 0; i < rows.length; i++) {
        let hasNull = false;
        for (let k = 0; k < innerKeys.length; k++) {
          const v = innerKeys[k]!(rows[i]!, env);
          if (v === null) hasNull = true;
          vals[k] = v;
        }
        // NULL keys never join; they survive only as unmatched rows of a FULL join.
        if (hasNull) continue;
        const key = keyOf(vals);
        const list = table.get(key);
        if (list) list.push(i);
        else table.set(key, [i]);
      }
    }
    built = { rows, table, matched: new Uint8Array(preserveInner ? rows.length : 0) };
  }

  return {
    next: async () => {
      if (!built) await build();
      const b = built!;
      for (;;) {
        if (outerDone) {
          if (preserveInner && !emittedUnmatched) {
            emittedUnmatched = true;
            const out: Row[] = [];
            for (let i = 0; i < b.rows.length; i++) if (!b.matched[i]) out.push(combine(nulls(outerWidth), b.rows[i]!));
            if (out.length > 0) return out;
          }
          return null;
        }
        const batch = await outer.next();
        if (!batch) {
          outerDone = true;
          continue;
        }
        const out: Row[] = [];
        const vals: Value[] = new Array(outerKeys.length);
        for (const o of batch) {
          let candidates: number[] | undefined;
          if (b.table) {
            let hasNull = false;
            for (let k = 0; k < outerKeys.length; k++) {
              const v = outerKeys[k]!(o, env);
              if (v === null) hasNull = true;
              vals[k] = v;
            }
            candidates = hasNull ? undefined : b.table.get(keyOf(vals));
          }
          let matchedAny = false;
          const visit = (i: number) => {
            const row = combine(o, b.rows[i]!);
            if (cond && cond(row, env) !== true) return;
            matchedAny = true;
            if (preserveInner) b.matched[i] = 1;
            out.push(row);
          };
          if (b.table) {
            if (candidates) for (const i of candidates) visit(i);
          } else {
            for (let i = 0; i < b.rows.length; i++) visit(i);
          }
          if (!matchedAny && preserveOuter) out.push(combine(o, nulls(innerWidth)));
        }
        if ((n += batch.length * Math.max(1, b.table ? 1 : b.rows.length)) > 200_000) {
          n = 0;
          await yieldToEventLoop();
          env.session.checkInterrupts();
        }
        if (out.length > 0) return out;
      }
    },
    close: () => {
      left.close();
      right.close();
    },
  };
}

/**
 * LATERAL join: a nested loop that runs the right plan once per left row,
 * with that row as the right side's outer row (depth 1). INNER and LEFT only.
 */
export function lateralJoinOperator(node: JoinNode, env: QueryEnv, left: Operator, buildRight: (env: QueryEnv) => Operator): Operator {
  const cond: Compiled | null = node.condition ? compileExpr(node.condition) : null;
  const nulls: Value[] = new Array<Value>(node.rightWidth).fill(null);
  const outerRows = env.outerRows ?? [];
  let current: Operator | null = null;
  return {
    next: async () => {
      for (;;) {
        const batch = await left.next();
        if (!batch) return null;
        const out: Row[] = [];
        for (const l of batch) {
          const right = buildRight({ ...env, outerRows: [l, ...outerRows] });
          current = right;
          let matched = false;
          try {
            for (let rows = await right.next(); rows; rows = await right.next()) {
              for (const r of rows) {
                const joined = [...l, ...r];
                if (cond && cond(joined, env) !== true) continue;
                matched = true;
                out.push(joined);
              }
            }
          } finally {
            right.close();
            current = null;
          }
          if (!matched && node.joinType === 'left') out.push([...l, ...nulls]);
        }
        if (out.length > 0) return out;
      }
    },
    close: () => {
      current?.close();
      left.close();
    },
  };
}
