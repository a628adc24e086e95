/**
 * Physical operators: pull-based, producing batches of rows, so per-call
 * overhead (and any await) is paid once per batch, not once per row. Each
 * logical plan node (sql/plan/plan.ts) becomes the operator of the same name.
 */
import type { PlanNode, SortKeySpec } from '../sql/plan/plan.js';
import type { PlanStats } from '../sql/plan/explain.js';
import type { TableModels } from '../sql/plan/table-model.js';
import type { Value } from '../types/value.js';
import { compileExpr, type ExecEnv, type Row } from './compile-expr.js';
import { PgError, SqlState } from '../types/errors.js';
import { compileExprAsync, containsAsync } from './compile-async.js';
import { sortOperator, type SortKey } from './sort.js';
import { topKOperator } from './top-k.js';
import { distinctOnOperator, distinctOperator } from './distinct.js';
import { hashAggregateOperator } from './aggregate.js';
import type { Transaction } from './transaction.js';
import { TableWriter } from './table-writer.js';
import { indexScanRows } from './index-scan.js';
import { deleteOperator, insertOperator, updateOperator } from './modify.js';
import { joinOperator, lateralJoinOperator } from './join.js';
import { annScanRows } from './ann-scan.js';
import { recursiveUnionOperator, setOpOperator } from './setop.js';
import { windowOperator } from './window.js';

export interface Operator {
  /** The next batch of rows, or null when exhausted. */
  next(): Promise<Row[] | null>;
  /** Releases resources (read transactions, cursors) early. */
  close(): void;
}

/** What operators that touch tables need besides parameters and the session. */
export interface QueryEnv extends ExecEnv {
  readonly txn: Transaction;
  readonly models: TableModels;
  /** Rows inserted/updated/deleted, for the command tag. */
  readonly counter: { rows: number };
  /** EXPLAIN ANALYZE: per-node row counts and timings are collected here. */
  readonly stats?: PlanStats;
  /** WITH RECURSIVE work tables by id, filled by the recursive union while its term runs. */
  readonly workTables?: Map<number, Row[]>;
}

/** Wraps an operator to count its rows and time its pulls (EXPLAIN ANALYZE). */
function instrument(op: Operator, node: PlanNode, stats: PlanStats): Operator {
  const st = { rows: 0, firstMs: 0, totalMs: 0, loops: 1 };
  stats.set(node, st);
  const start = performance.now();
  let first = true;
  return {
    next: async () => {
      const batch = await op.next();
      const now = performance.now() - start;
      if (first && batch) {
        st.firstMs = now;
        first = false;
      }
      st.totalMs = now;
      if (batch) st.rows += batch.length;
      return batch;
    },
    close: () => op.close(),
  };
}

export function buildOperator(node: PlanNode, env: QueryEnv): Operator {
  const op = build(node, env);
  return env.stats ? instrument(op, node, env.stats) : op;
}

export const BATCH = 1024;

/** Batches rows from a synchronous generator, checking for cancel between batches. */
export function generatorOperator(gen: Generator<Row>, env: ExecEnv): Operator {
  let done = false;
  return {
    next: async () => {
      if (done) return null;
      env.session.checkInterrupts();
      const out: Row[] = [];
      for (let i = 0; i < BATCH; i++) {
        const r = gen.next();
        if (r.done) {
          done = true;
          break;
        }
        out.push(r.value);
      }
      return out.length > 0 ? out : done ? null : out;
    },
    close: () => {
      done = true;
      gen.return(undefined);
    },
  };
}

function sortKeys(keys: readonly SortKeySpec[]): SortKey[] {
  return keys.map((k) => ({ expr: compileExpr(k.expr), compare: k.expr.type.compare!, descending: k.descending, nullsFirst: k.nullsFirst }));
}

function build(node: PlanNode, env: QueryEnv): Operator {
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
    case 'seqscan': {
      const model = env.models.get(node.table.oid);
      if (!model) throw new PgError(SqlState.InternalError, `no model for table ${node.table.name}`);
      return generatorOperator(new TableWriter(model, env.models, env.txn, env).scan(), env);
    }
    case 'indexscan':
      return generatorOperator(indexScanRows(node, env), env);
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
      const condAsync = containsAsync(node.condition) ? compileExprAsync(node.condition) : null;
      const cond = condAsync ? () => null : compileExpr(node.condition);
      return {
        next: async () => {
          for (;;) {
            const batch = await input.next();
            if (!batch) return null;
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
    case 'sort':
      return sortOperator(buildOperator(node.input, env), sortKeys(node.keys), env);
    case 'topk': {
      const count = limitValue(compileExpr(node.count)([], env), 'LIMIT');
      const offset = node.offset ? limitValue(compileExpr(node.offset)([], env), 'OFFSET') : 0;
      return topKOperator(buildOperator(node.input, env), sortKeys(node.keys), count, offset, env);
    }
    case 'distinct': {
      const input = buildOperator(node.input, env);
      if (node.on) return distinctOnOperator(input, node.on.map((e) => ({ expr: compileExpr(e), compare: e.type.compare! })), env);
      return distinctOperator(input, node.types.map((t, i) => ({ expr: (r: Row) => r[i] ?? null, typeOid: t.oid })), env);
    }
    case 'aggregate': {
      const input = buildOperator(node.input, env);
      const aggs = node.aggregates.map((a) => {
        return {
          def: a.def,
          argExprs: a.args.map(compileExpr),
          argTypes: a.argTypes,
          distinct: a.distinct,
          filter: a.filter ? compileExpr(a.filter) : null,
          orderBy: a.orderBy.length > 0 ? sortKeys(a.orderBy) : undefined,
        };
      });
      return hashAggregateOperator(input, node.groupKeys.map((g) => ({ expr: compileExpr(g), typeOid: g.type.oid })), aggs, env);
    }
    case 'system': {
      const s = env.session;
      const rows = node.relation.rows({
        catalog: env.txn.catalog,
        userName: s.userName,
        databaseName: s.databaseName,
        backendPid: s.backendPid,
        setting: (name) => s.getSetting(name, true),
      });
      return generatorOperator((function* () {
        yield* rows;
      })(), env);
    }
    case 'annscan': {
      let rows: Row[] | null = null;
      let done = false;
      return {
        next: async () => {
          if (done) return null;
          done = true;
          rows = await annScanRows(node, env);
          return rows.length > 0 ? rows : null;
        },
        close: () => {
          done = true;
        },
      };
    }
    case 'function':
      return generatorOperator(functionRows(node, env), env);
    case 'projectset':
      return projectSetOperator(node, env, buildOperator(node.input, env));
    case 'window':
      return windowOperator(node, env, buildOperator(node.input, env));
    case 'setop':
      return setOpOperator(node, env, buildOperator(node.left, env), buildOperator(node.right, env));
    case 'recursive':
      return recursiveUnionOperator(node, env);
    case 'worktable': {
      const rows = env.workTables?.get(node.id) ?? [];
      return generatorOperator((function* () {
        yield* rows;
      })(), env);
    }
    case 'join':
      if (node.lateral) return lateralJoinOperator(node, env, buildOperator(node.left, env), (inner) => buildOperator(node.right, inner));
      return joinOperator(node, env, buildOperator(node.left, env), buildOperator(node.right, env));
    case 'insert':
      return insertOperator(node, env, buildOperator(node.source, env));
    case 'update':
      return updateOperator(node, env, buildOperator(node.input, env));
    case 'delete':
      return deleteOperator(node, env, buildOperator(node.input, env));
  }
}

function limitValue(v: Value, clause: 'LIMIT' | 'OFFSET'): number {
  if (v === null) return clause === 'LIMIT' ? Infinity : 0;
  const n = Number(v as bigint);
  if (n < 0) throw new PgError(clause === 'LIMIT' ? '2201W' : '2201X', clause === 'LIMIT' ? 'LIMIT must not be negative' : 'OFFSET must not be negative');
  return n;
}

/** Rows of set-returning functions called side by side (ROWS FROM), padded with NULLs, numbered if WITH ORDINALITY. */
function* functionRows(node: Extract<PlanNode, { kind: 'function' }>, env: QueryEnv): Generator<Row> {
  const iters = node.calls.map((c) => {
    const args = c.args.map((a) => compileExpr(a)([], env));
    if (c.def.strict && args.some((v) => v === null)) return null;
    return c.def.rows(args, env.session, c.argTypes)[Symbol.iterator]();
  });
  const done = iters.map((it) => it === null);
  for (let n = 1; ; n++) {
    const row: Value[] = [];
    let any = false;
    node.calls.forEach((c, i) => {
      const it = iters[i];
      const r = !done[i] && it ? it.next() : { done: true as const, value: undefined };
      if (r.done) {
        done[i] = true;
        for (let k = 0; k < c.width; k++) row.push(null);
      } else {
        any = true;
        for (let k = 0; k < c.width; k++) row.push(r.value[k] ?? null);
      }
    });
    if (!any) return;
    if (node.ordinality) row.push(BigInt(n));
    yield row;
  }
}

/** SRFs in the select list: each input row repeated once per row of the longest SRF (PostgreSQL 10+ semantics). */
function projectSetOperator(node: Extract<PlanNode, { kind: 'projectset' }>, env: QueryEnv, input: Operator): Operator {
  const calls = node.calls.map((c) => ({ def: c.def, args: c.args.map(compileExpr), argTypes: c.argTypes }));
  return {
    next: async () => {
      for (;;) {
        const batch = await input.next();
        if (!batch) return null;
        const out: Row[] = [];
        for (const r of batch) {
          const base = r.length > node.inputWidth ? r.slice(0, node.inputWidth) : [...r];
          while (base.length < node.inputWidth) base.push(null);
          const iters = calls.map((c) => {
            const args = c.args.map((a) => a(r, env));
            return c.def.strict && args.some((v) => v === null) ? null : c.def.rows(args, env.session, c.argTypes)[Symbol.iterator]();
          });
          const done = iters.map((it) => it === null);
          for (;;) {
            const extra: Value[] = [];
            let any = false;
            iters.forEach((it, i) => {
              const x = !done[i] && it ? it.next() : { done: true as const, value: undefined };
              if (x.done) {
                done[i] = true;
                extra.push(null);
              } else {
                any = true;
                extra.push(x.value[0] ?? null);
              }
            });
            if (!any) break;
            out.push([...base, ...extra]);
          }
        }
        if (out.length > 0) return out;
      }
    },
    close: () => input.close(),
  };
}
