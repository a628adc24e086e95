/**
 * Physical operators: pull-based, producing batches of rows, so per-call
 * overhead (and any await) is paid once per batch, not once per row.
 */
import type { PlanNode } from '../sql/plan/plan.js';
import type { Value } from '../types/value.js';
import { compileExpr, type ExecEnv, type Row } from './compile-expr.js';
import { PgError, SqlState } from '../types/errors.js';
import { compileExprAsync, containsAsync } from './compile-async.js';

export interface Operator {
  /** The next batch of rows, or null when exhausted. */
  next(): Promise<Row[] | null>;
  /** Releases resources (read transactions, cursors) early. */
  close(): void;
}

export function buildOperator(node: PlanNode, env: ExecEnv): Operator {
  switch (node.kind) {
    case 'values': {
      const rows = node.rows.map((r) => r.map(compileExpr));
      let done = false;
      return {
        next: async () => {
          if (done) return null;
          done = true;
          return rows.map((r) => r.map((f) => f([], env)));
        },
        close: () => {
          done = true;
        },
      };
    }
    case 'project': {
      const input = buildOperator(node.input, env);
      if (node.exprs.some(containsAsync)) {
        const asyncExprs = node.exprs.map(compileExprAsync);
        return {
          next: async () => {
            const batch = await input.next();
            if (!batch) return null;
            const out: Row[] = [];
            for (const inRow of batch) {
              const row: Value[] = [];
              for (const f of asyncExprs) row.push(await f(inRow, env));
              out.push(row);
            }
            return out;
          },
          close: () => input.close(),
        };
      }
      const exprs = node.exprs.map(compileExpr);
      const width = exprs.length;
      return {
        next: async () => {
          const batch = await input.next();
          if (!batch) return null;
          const out: Row[] = new Array(batch.length);
          for (let i = 0; i < batch.length; i++) {
            const inRow = batch[i]!;
            const row = new Array<Value>(width);
            for (let j = 0; j < width; j++) row[j] = exprs[j]!(inRow, env);
            out[i] = row;
          }
          return out;
        },
        close: () => input.close(),
      };
    }
    case 'filter': {
      const input = buildOperator(node.input, env);
      const isAsync = containsAsync(node.condition);
      const cond = compileExpr(node.condition);
      const condAsync = isAsync ? compileExprAsync(node.condition) : null;
      return {
        next: async () => {
          for (;;) {
            const batch = await input.next();
            if (!batch) return null;
            env.session.checkInterrupts();
            let out: Row[];
            if (condAsync) {
              out = [];
              for (const r of batch) if ((await condAsync(r, env)) === true) out.push(r);
            } else out = batch.filter((r) => cond(r, env) === true);
            if (out.length > 0) return out;
          }
        },
        close: () => input.close(),
      };
    }
    case 'limit': {
      const input = buildOperator(node.input, env);
      const count = node.count ? limitValue(compileExpr(node.count)([], env), 'LIMIT') : Infinity;
      let skip = node.offset ? limitValue(compileExpr(node.offset)([], env), 'OFFSET') : 0;
      let left = count;
      return {
        next: async () => {
          while (left > 0) {
            const batch = await input.next();
            if (!batch) return null;
            let rows = batch;
            if (skip > 0) {
              const n = Math.min(skip, rows.length);
              rows = rows.slice(n);
              skip -= n;
            }
            if (rows.length === 0) continue;
            if (rows.length > left) rows = rows.slice(0, left);
            left -= rows.length;
            return rows;
          }
          input.close();
          return null;
        },
        close: () => input.close(),
      };
    }
  }
}

function limitValue(v: Value, clause: 'LIMIT' | 'OFFSET'): number {
  if (v === null) return clause === 'LIMIT' ? Infinity : 0;
  const n = Number(v as bigint);
  if (n < 0) {
    throw new PgError(clause === 'LIMIT' ? '2201W' : '2201X', clause === 'LIMIT' ? 'LIMIT must not be negative' : 'OFFSET must not be negative');
  }
  return n;
}
