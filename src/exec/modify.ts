/** INSERT, UPDATE and DELETE operators. Each runs to completion on its first pull and returns the RETURNING rows. */
import type { DeleteNode, InsertNode, ReturningSpec, UpdateNode } from '../sql/plan/plan.js';
import type { Value } from '../types/value.js';
import { compileExpr, type Compiled, type Row } from './compile-expr.js';
import type { Operator, QueryEnv } from './operator.js';
import { TableWriter } from './table-writer.js';
import { PgError, SqlState } from '../types/errors.js';

const YIELD_EVERY = 5000;

function yieldNow(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

function writerFor(env: QueryEnv, tableOid: number): TableWriter {
  const model = env.models.get(tableOid);
  if (!model) throw new PgError(SqlState.InternalError, `no model for table ${tableOid}`);
  return new TableWriter(model, env.models, env.txn, env);
}

function returning(spec: ReturningSpec | null): Compiled[] | null {
  return spec ? spec.exprs.map(compileExpr) : null;
}

/** Runs `body` once, then serves the collected rows in batches. */
function runOnce(body: () => Promise<Row[]>): Operator {
  let rows: Row[] | null = null;
  let pos = 0;
  let closed = false;
  return {
    next: async () => {
      if (closed) return null;
      rows ??= await body();
      if (pos >= rows.length) return null;
      const out = rows.slice(pos, pos + 1024);
      pos += out.length;
      return out;
    },
    close: () => {
      closed = true;
    },
  };
}

export function insertOperator(node: InsertNode, env: QueryEnv, source: Operator): Operator {
  return runOnce(async () => {
    const writer = writerFor(env, node.table.oid);
    const db = env.txn.db;
    const alloc = () => db.allocateRowid(node.table.oid, env.txn.snapshot);
    const values = node.columnValues.map((c) => (c.kind === 'expr' ? compileExpr(c.expr) : null));
    const ret = returning(node.returning);
    const out: Row[] = [];
    const conflict = node.onConflict;
    const assignments = conflict?.assignments.map((a) => ({ column: a.column, fn: compileExpr(a.expr) })) ?? [];
    const conflictWhere = conflict?.where ? compileExpr(conflict.where) : null;
    const width = node.columnValues.length;
    const touched = new Set<number>();
    let n = 0;
    for (;;) {
      const batch = await source.next();
      if (!batch) break;
      for (const src of batch) {
        const row = new Array<Value>(width);
        for (let i = 0; i < width; i++) {
          const c = node.columnValues[i]!;
          row[i] = c.kind === 'source' ? (src[c.index] ?? null) : c.kind === 'expr' ? values[i]!(src, env) : null;
        }
        if (conflict) {
          const hit = writer.findConflict(row, conflict.index?.oid ?? null);
          if (hit) {
            if (conflict.action === 'nothing') continue;
            if (touched.has(hit.rowid)) {
              throw new PgError(SqlState.CardinalityViolation, 'ON CONFLICT DO UPDATE command cannot affect row a second time', {
                hint: 'Ensure that no rows proposed for insertion within the same command have duplicate constrained values.',
              });
            }
            const existing = writer.get(hit.rowid)!;
            const context: Row = [...existing, hit.rowid, ...row];
            if (conflictWhere && conflictWhere(context, env) !== true) continue;
            const updated = [...existing];
            for (const a of assignments) updated[a.column] = a.fn(context, env);
            writer.update(hit.rowid, existing, updated);
            touched.add(hit.rowid);
            env.counter.rows++;
            if (ret) out.push(ret.map((f) => f(updated, env)));
            continue;
          }
        }
        const rowid = writer.insert(row, alloc);
        if (conflict) touched.add(rowid);
        env.counter.rows++;
        if (ret) out.push(ret.map((f) => f(row, env)));
      }
      if ((n += batch.length) >= YIELD_EVERY) {
        n = 0;
        await yieldNow();
        env.session.checkInterrupts();
      }
    }
    source.close();
    writer.finishStatement();
    return out;
  });
}

export function updateOperator(node: UpdateNode, env: QueryEnv, input: Operator): Operator {
  return runOnce(async () => {
    const writer = writerFor(env, node.table.oid);
    const assignments = node.assignments.map((a) => ({ column: a.column, fn: compileExpr(a.expr) }));
    const ret = returning(node.returning);
    const out: Row[] = [];
    const seen = new Set<number>();
    let n = 0;
    // Collect first: updating while scanning would let the scan see its own new rows.
    const targets: Row[] = [];
    for (;;) {
      const batch = await input.next();
      if (!batch) break;
      for (const r of batch) targets.push(r);
    }
    input.close();
    const width = node.table.columns.length;
    for (const r of targets) {
      const rowid = r[width] as number;
      if (seen.has(rowid)) continue;
      seen.add(rowid);
      const old = r.slice(0, width) as Value[];
      const updated = [...old];
      for (const a of assignments) updated[a.column] = a.fn(r, env);
      writer.update(rowid, old, updated);
      env.counter.rows++;
      // RETURNING sees the new target row and, for UPDATE … FROM, the joined items after it.
      if (ret) {
        const full: Row = r.length > width + 1 ? [...updated, rowid, ...r.slice(width + 1)] : updated;
        out.push(ret.map((f) => f(full, env)));
      }
      if (++n % YIELD_EVERY === 0) {
        await yieldNow();
        env.session.checkInterrupts();
      }
    }
    writer.finishStatement();
    return out;
  });
}

export function deleteOperator(node: DeleteNode, env: QueryEnv, input: Operator): Operator {
  return runOnce(async () => {
    const writer = writerFor(env, node.table.oid);
    const ret = returning(node.returning);
    const out: Row[] = [];
    const width = node.table.columns.length;
    const targets: Row[] = [];
    for (;;) {
      const batch = await input.next();
      if (!batch) break;
      for (const r of batch) targets.push(r);
    }
    input.close();
    let n = 0;
    for (const r of targets) {
      const rowid = r[width] as number;
      const old = r.slice(0, width) as Value[];
      // A row may already be gone (deleted by a cascade from an earlier row of this statement).
      if (!writer.get(rowid)) continue;
      writer.delete(rowid, old);
      env.counter.rows++;
      if (ret) out.push(ret.map((f) => f(r, env)));
      if (++n % YIELD_EVERY === 0) {
        await yieldNow();
        env.session.checkInterrupts();
      }
    }
    writer.finishStatement();
    return out;
  });
}
