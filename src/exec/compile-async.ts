/**
 * Expressions that call asynchronous functions (pg_sleep…) cannot run in the
 * synchronous compiled form. They are rare, so they take a slower path: each
 * async call is awaited first (its arguments evaluated synchronously), its
 * result substituted as a constant, and the rest evaluated as usual.
 * Unlike PostgreSQL, such a call runs even inside an untaken CASE branch.
 */
import type { Expr } from '../sql/bound.js';
import { children } from '../sql/expr-walk.js';
import type { Value } from '../types/value.js';
import { compileExpr, type ExecEnv, type Row } from './compile-expr.js';

export type CompiledAsync = (row: Row, env: ExecEnv) => Promise<Value>;

export function containsAsync(e: Expr): boolean {
  if (e.kind === 'call' && e.def.async) return true;
  return children(e).some(containsAsync);
}

export function compileExprAsync(e: Expr): CompiledAsync {
  return async (row, env) => {
    const resolved = await hoist(e, row, env);
    return compileExpr(resolved)(row, env);
  };
}

async function hoist(e: Expr, row: Row, env: ExecEnv): Promise<Expr> {
  if (!containsAsync(e)) return e;
  if (e.kind === 'call' && e.def.async) {
    const args: Value[] = [];
    for (const a of e.args) args.push(compileExpr(await hoist(a, row, env))(row, env));
    const value = e.def.strict && args.some((v) => v === null) ? null : await e.def.impl(args, env.session);
    return { kind: 'const', type: e.type, typmod: e.typmod, value, location: -1 };
  }
  const replace = async (xs: readonly Expr[]) => Promise.all(xs.map((x) => hoist(x, row, env)));
  switch (e.kind) {
    case 'call':
    case 'and':
    case 'or':
    case 'not':
    case 'coalesce':
    case 'greatest':
    case 'least':
      return { ...e, args: await replace(e.args) } as Expr;
    case 'cast':
    case 'nulltest':
    case 'booltest':
      return { ...e, arg: await hoist(e.arg, row, env) } as Expr;
    case 'nullif': {
      const [a, b] = await replace(e.args);
      return { ...e, args: [a!, b!], equals: { ...e.equals, args: [a!, b!] } };
    }
    case 'array':
      return { ...e, elements: await replace(e.elements) };
    case 'case': {
      const whens = [];
      for (const w of e.whens) whens.push({ cond: await hoist(w.cond, row, env), result: await hoist(w.result, row, env) });
      return { ...e, whens, otherwise: e.otherwise ? await hoist(e.otherwise, row, env) : null };
    }
    default:
      return e;
  }
}
