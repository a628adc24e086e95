/** UNION / INTERSECT / EXCEPT [ALL], and WITH RECURSIVE's iteration. */
import type { RecursiveUnionNode, SetOpNode } from '../sql/plan/plan.js';
import type { Row } from './compile-expr.js';
import { tupleKeyFn } from './distinct.js';
import { buildOperator, type Operator, type QueryEnv } from './operator.js';
import { rowsOperator, yieldToEventLoop } from './sort.js';

async function drain(op: Operator, into: Row[] = []): Promise<Row[]> {
  for (;;) {
    const b = await op.next();
    if (!b) break;
    for (const r of b) into.push(r);
  }
  op.close();
  return into;
}

export function setOpOperator(node: SetOpNode, env: QueryEnv, left: Operator, right: Operator): Operator {
  const keyOf = tupleKeyFn(node.types.map((t) => t.oid));
  if (node.op === 'union') {
    // Left then right; without ALL, each distinct row once, in order of first appearance.
    const seen = node.all ? null : new Set<unknown>();
    let onRight = false;
    return {
      next: async () => {
        for (;;) {
          const batch = await (onRight ? right : left).next();
          if (!batch) {
            if (onRight) return null;
            onRight = true;
            continue;
          }
          if (!seen) return batch;
          const out: Row[] = [];
          for (const r of batch) {
            const k = keyOf(r);
            if (!seen.has(k)) {
              seen.add(k);
              out.push(r);
            }
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
  // INTERSECT / EXCEPT: count the right side's rows, then stream the left against the counts.
  let counts: Map<unknown, number> | null = null;
  const emitted = new Set<unknown>();
  return {
    next: async () => {
      if (!counts) {
        counts = new Map();
        for (const r of await drain(right)) {
          const k = keyOf(r);
          counts.set(k, (counts.get(k) ?? 0) + 1);
        }
      }
      for (;;) {
        const batch = await left.next();
        if (!batch) return null;
        const out: Row[] = [];
        for (const r of batch) {
          const k = keyOf(r);
          const c = counts.get(k) ?? 0;
          if (node.op === 'intersect') {
            if (c === 0) continue;
            if (node.all) counts.set(k, c - 1);
            else if (emitted.has(k)) continue;
            else emitted.add(k);
            out.push(r);
          } else {
            if (node.all) {
              if (c > 0) counts.set(k, c - 1);
              else out.push(r);
            } else if (c === 0 && !emitted.has(k)) {
              emitted.add(k);
              out.push(r);
            }
          }
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

export function recursiveUnionOperator(node: RecursiveUnionNode, env: QueryEnv): Operator {
  let result: Operator | null = null;
  return {
    next: async () => {
      if (!result) {
        const keyOf = tupleKeyFn(node.types.map((t) => t.oid));
        const seen = node.all ? null : new Set<unknown>();
        const fresh = (rows: Row[]) => {
          if (!seen) return rows;
          return rows.filter((r) => {
            const k = keyOf(r);
            if (seen.has(k)) return false;
            seen.add(k);
            return true;
          });
        };
        const all: Row[] = [];
        let work = fresh(await drain(buildOperator(node.anchor, env)));
        all.push(...work);
        const tables = env.workTables!;
        while (work.length > 0) {
          env.session.checkInterrupts();
          tables.set(node.id, work);
          work = fresh(await drain(buildOperator(node.recursive, env)));
          for (const r of work) all.push(r);
          await yieldToEventLoop();
        }
        tables.delete(node.id);
        result = rowsOperator(all);
      }
      return result.next();
    },
    close: () => result?.close(),
  };
}
