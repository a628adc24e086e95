/**
 * Expressions that call asynchronous functions (pg_sleep…) cannot run in the
 * synchronous compiled form. They are rare, so they take a slower path: each
 * async call is awaited first (its arguments evaluated synchronously), its
 * result substituted as a constant, and the rest evaluated as usual.
 * Unlike PostgreSQL, such a call runs even inside an untaken CASE branch.
 */
import type { Expr } from '../sql/bound.js';
import { children, withChildren } from '../sql/expr-walk.js';
import type { Value } from '../types/value.js';
import { compileExpr, type ExecEnv, type Row } from './compile-expr.js';
import { buildOperator, type Operator, type QueryEnv } from './operator.js';
import { PgError, SqlState } from '../types/errors.js';
import type { PgArray } from '../types/value.js';

export type CompiledAsync = (row: Row, env: ExecEnv) => Promise<Value>;

export function containsAsync(e: Expr): boolean {
  if (e.kind === 'call' && e.def.async) return true;
  if (e.kind === 'subquery') return true;
  return children(e).some(containsAsync);
}

/** Async parts whose value depends on the row (async calls, correlated subqueries) force per-row evaluation. */
function variesPerRow(e: Expr): boolean {
  if (e.kind === 'call' && e.def.async) return true;
  // x IN (SELECT …): the left side changes per row even when the subquery does not.
  if (e.kind === 'subquery' && (e.correlated || e.test !== null)) return true;
  return children(e).some(variesPerRow);
}

export function compileExprAsync(e: Expr): CompiledAsync {
  if (!variesPerRow(e)) {
    // Only uncorrelated subqueries: run them once, then evaluate like any other expression.
    let compiled: ((row: Row, env: ExecEnv) => Value) | null = null;
    return async (row, env) => {
      compiled ??= compileExpr(await hoist(e, row, env));
      return compiled(row, env);
    };
  }
  return async (row, env) => {
    const resolved = await hoist(e, row, env);
    return compileExpr(resolved)(row, env);
  };
}

async function hoist(e: Expr, row: Row, env: ExecEnv): Promise<Expr> {
  if (!containsAsync(e)) return e;
  if (e.kind === 'subquery') {
    const left = e.test ? compileExpr(await hoist(e.test.left, row, env))(row, env) : null;
    const value = await runSubquery(e, left, row, env);
    return { kind: 'const', type: e.type, typmod: e.typmod, value, location: -1 };
  }
  if (e.kind === 'call' && e.def.async) {
    const args: Value[] = [];
    for (const a of e.args) args.push(compileExpr(await hoist(a, row, env))(row, env));
    const value = e.def.strict && args.some((v) => v === null) ? null : await e.def.impl(args, env.session);
    return { kind: 'const', type: e.type, typmod: e.typmod, value, location: -1 };
  }
  // Any other node: hoist inside its children, in order, and rebuild it.
  const kids: Expr[] = [];
  for (const k of children(e)) kids.push(await hoist(k, row, env));
  return withChildren(e, kids);
}

/** Runs a subquery for the current row and folds its rows into the expression's value. */
async function runSubquery(e: Extract<Expr, { kind: 'subquery' }>, left: Value, row: Row, env: ExecEnv): Promise<Value> {
  const cache = env.subqueryCache;
  const cacheKey = e.test ? null : e;
  if (!e.correlated && cacheKey && cache?.has(cacheKey)) return cache.get(cacheKey)!;
  const innerEnv = { ...(env as QueryEnv), outerRows: [row, ...(env.outerRows ?? [])] };
  // An uncorrelated ANY/ALL subquery whose values are cached needs no operator.
  const cachedValues = e.test && !e.correlated && cache?.has(e);
  const op: Operator = cachedValues ? { next: async () => null, close: () => undefined } : buildOperator(e.plan.root, innerEnv);
  let result: Value;
  try {
    switch (e.sublink) {
      case 'exists': {
        const batch = await firstNonEmpty(op);
        result = batch !== null;
        break;
      }
      case 'expr': {
        const rows = await take(op, 2);
        if (rows.length > 1) throw new PgError(SqlState.CardinalityViolation, 'more than one row returned by a subquery used as an expression');
        result = rows.length === 0 ? null : (rows[0]![0] ?? null);
        break;
      }
      case 'array': {
        const rows = await take(op, Infinity);
        const items = rows.map((r) => r[0] ?? null);
        result = { kind: 'array', elemOid: e.type.elemOid, dims: items.length ? [items.length] : [], lbounds: items.length ? [1] : [], items } as PgArray;
        break;
      }
      default: {
        // x op ANY/ALL (SELECT …): three-valued. An uncorrelated subquery's values are read once per statement.
        const all = e.sublink === 'all';
        const test = e.test!;
        const right = compileExpr(test.right);
        let values = !e.correlated ? (cache?.get(e) as Value[] | undefined) : undefined;
        if (!values) {
          values = (await take(op, Infinity)).map((r) => r[0] ?? null);
          if (!e.correlated) cache?.set(e, values);
        }
        const one: Value[] = [null];
        let sawNull = false;
        let decided: boolean | null = null;
        for (const v of values) {
          if (v === null || left === null) {
            sawNull = true;
            continue;
          }
          one[0] = v;
          const cmp = test.def.impl([left, right(one, env)], env.session);
          if (cmp === null) sawNull = true;
          else if (cmp === !all) {
            decided = !all;
            break;
          }
        }
        result = decided !== null ? decided : sawNull ? null : all;
      }
    }
  } finally {
    op.close();
  }
  if (!e.correlated && cacheKey && cache) cache.set(cacheKey, result);
  return result;
}

async function firstNonEmpty(op: Operator): Promise<Row[] | null> {
  for (;;) {
    const b = await op.next();
    if (!b) return null;
    if (b.length > 0) return b;
  }
}

async function take(op: Operator, n: number): Promise<Row[]> {
  const out: Row[] = [];
  while (out.length < n) {
    const b = await op.next();
    if (!b) break;
    for (const r of b) out.push(r);
  }
  return out;
}
