import type { EvalContext } from '../context.js';
import type { Value } from '../value.js';

export type Volatility = 'immutable' | 'stable' | 'volatile';

/**
 * A built-in function or operator implementation. Operators are functions
 * too (PostgreSQL's pg_operator rows point at pg_proc rows); `kind` says how
 * SQL calls it.
 */
export interface FuncDef {
  readonly name: string;
  readonly kind: 'function' | 'operator' | 'prefix';
  /** Argument type OIDs; pseudo types (anyelement, anyarray…) make it polymorphic. */
  readonly args: readonly number[];
  /** With `variadic`, the last declared argument repeats (its element type). */
  readonly variadic?: boolean;
  readonly ret: number;
  /** A strict function returns NULL when any argument is NULL, without being called. */
  readonly strict: boolean;
  readonly volatility: Volatility;
  readonly impl: (args: Value[], ctx: EvalContext) => Value;
  /**
   * Arguments declared `any`/`anynonarray` reach the implementation already
   * converted to text by their type's output function (textanycat, concat).
   */
  readonly anyToText?: boolean;
  /** The implementation receives each argument's type OID instead of its value (pg_typeof). */
  readonly argTypeOids?: boolean;
  /** Builds an implementation for the actual argument types (to_json and json_build_* convert by type). */
  readonly specialize?: (argTypeOids: readonly number[]) => FuncDef['impl'];
  /** The implementation returns a Promise (pg_sleep, advisory locks): evaluated outside the compiled fast path. */
  readonly async?: boolean;
  /** pg_proc OID when it matters to clients (regproc output, \df); 0 otherwise. */
  readonly oid?: number;
}

const byName = new Map<string, FuncDef[]>();

export function define(def: FuncDef): void {
  const key = `${def.kind === 'function' ? 'f' : 'o'}:${def.name}`;
  let list = byName.get(key);
  if (!list) byName.set(key, (list = []));
  list.push(def);
}

export function fn(
  name: string,
  args: readonly number[],
  ret: number,
  impl: FuncDef['impl'],
  opts: { strict?: boolean; volatility?: Volatility; variadic?: boolean } = {},
): void {
  define({ name, kind: 'function', args, ret, impl, strict: opts.strict ?? true, volatility: opts.volatility ?? 'immutable', variadic: opts.variadic });
}

export function op(name: string, left: number, right: number, ret: number, impl: (a: Value, b: Value, ctx: EvalContext) => Value): void {
  define({ name, kind: 'operator', args: [left, right], ret, strict: true, volatility: 'immutable', impl: (a, ctx) => impl(a[0], a[1], ctx) });
}

export function prefixOp(name: string, arg: number, ret: number, impl: (a: Value) => Value): void {
  define({ name, kind: 'prefix', args: [arg], ret, strict: true, volatility: 'immutable', impl: (a) => impl(a[0]) });
}

export function functionsNamed(name: string): readonly FuncDef[] {
  return byName.get(`f:${name}`) ?? [];
}

export function operatorsNamed(name: string, prefix: boolean): readonly FuncDef[] {
  const all = byName.get(`o:${name}`) ?? [];
  return all.filter((d) => (d.kind === 'prefix') === prefix);
}
