/**
 * Compiles bound expressions into closures once per statement, so that rows
 * are evaluated by plain JS calls rather than by walking a tree each time.
 */
import type { Expr } from '../sql/bound.js';
import type { EvalContext } from '../types/context.js';
import { applyTypmod } from '../types/casts.js';
import { typeByOid } from '../types/registry.js';
import type { PgType } from '../types/type.js';
import type { PgArray, Value } from '../types/value.js';
import { PgError, SqlState } from '../types/errors.js';

export type Row = readonly Value[];

/** Per-execution inputs: bound parameter values and the session. */
export interface ExecEnv {
  readonly params: readonly Value[];
  readonly session: EvalContext;
  /** Rows of the enclosing queries while a correlated subquery runs, innermost first. */
  readonly outerRows?: readonly Row[];
  /** Results of uncorrelated subqueries, computed once per statement. */
  readonly subqueryCache?: Map<unknown, Value>;
}

export type Compiled = (row: Row, env: ExecEnv) => Value;

export function compileExpr(e: Expr): Compiled {
  switch (e.kind) {
    case 'const': {
      const v = e.value;
      return () => v;
    }
    case 'param': {
      const i = e.index;
      return (_r, env) => env.params[i] ?? null;
    }
    case 'column': {
      const i = e.index;
      return (r) => r[i] ?? null;
    }
    case 'session': {
      switch (e.what) {
        case 'current_user':
        case 'current_role':
        case 'user':
          return (_r, env) => env.session.userName;
        case 'session_user':
          return (_r, env) => env.session.sessionUserName;
        case 'current_catalog':
          return (_r, env) => env.session.databaseName;
        case 'current_schema':
          return (_r, env) => {
            const sp = env.session.getSetting('search_path') ?? '';
            const first = sp.split(',').map((s) => s.trim()).find((s) => s !== '"$user"' && s !== '');
            return first ?? null;
          };
      }
      break;
    }
    case 'call':
      return compileCall(e);
    case 'cast':
      return compileCast(e);
    case 'and': {
      const args = e.args.map(compileExpr);
      return (r, env) => {
        let sawNull = false;
        for (const a of args) {
          const v = a(r, env);
          if (v === false) return false;
          if (v === null) sawNull = true;
        }
        return sawNull ? null : true;
      };
    }
    case 'or': {
      const args = e.args.map(compileExpr);
      return (r, env) => {
        let sawNull = false;
        for (const a of args) {
          const v = a(r, env);
          if (v === true) return true;
          if (v === null) sawNull = true;
        }
        return sawNull ? null : false;
      };
    }
    case 'not': {
      const a = compileExpr(e.args[0]!);
      return (r, env) => {
        const v = a(r, env);
        return v === null ? null : !v;
      };
    }
    case 'nulltest': {
      const a = compileExpr(e.arg);
      const isNull = e.isNull;
      return (r, env) => (a(r, env) === null) === isNull;
    }
    case 'booltest': {
      const a = compileExpr(e.arg);
      switch (e.test) {
        case 'true':
          return (r, env) => a(r, env) === true;
        case 'not true':
          return (r, env) => a(r, env) !== true;
        case 'false':
          return (r, env) => a(r, env) === false;
        case 'not false':
          return (r, env) => a(r, env) !== false;
        case 'unknown':
          return (r, env) => a(r, env) === null;
        case 'not unknown':
          return (r, env) => a(r, env) !== null;
      }
      break;
    }
    case 'case': {
      const whens = e.whens.map((w) => ({ cond: compileExpr(w.cond), result: compileExpr(w.result) }));
      const otherwise = e.otherwise ? compileExpr(e.otherwise) : null;
      return (r, env) => {
        for (const w of whens) if (w.cond(r, env) === true) return w.result(r, env);
        return otherwise ? otherwise(r, env) : null;
      };
    }
    case 'coalesce': {
      const args = e.args.map(compileExpr);
      return (r, env) => {
        for (const a of args) {
          const v = a(r, env);
          if (v !== null) return v;
        }
        return null;
      };
    }
    case 'greatest':
    case 'least': {
      const args = e.args.map(compileExpr);
      const cmp = e.type.compare!;
      const sign = e.kind === 'greatest' ? 1 : -1;
      return (r, env) => {
        let best: Value = null;
        for (const a of args) {
          const v = a(r, env);
          if (v === null) continue;
          if (best === null || sign * cmp(v, best) > 0) best = v;
        }
        return best;
      };
    }
    case 'nullif': {
      const left = compileExpr(e.args[0]);
      const right = compileExpr(e.args[1]);
      const eq = e.equals.def.impl;
      return (r, env) => {
        const a = left(r, env);
        const b = right(r, env);
        if (a === null || b === null) return a;
        return eq([a, b], env.session) === true ? null : a;
      };
    }
    case 'array': {
      const elems = e.elements.map(compileExpr);
      const elemOid = e.type.elemOid;
      return (r, env): PgArray => {
        const items = elems.map((x) => x(r, env));
        return { kind: 'array', elemOid, dims: items.length ? [items.length] : [], lbounds: items.length ? [1] : [], items };
      };
    }
    case 'outer': {
      const depth = e.depth - 1;
      const i = e.index;
      return (_r, env) => env.outerRows?.[depth]?.[i] ?? null;
    }
    case 'subquery':
      // Subqueries run operators (asynchronous): expressions holding them compile through compile-async.ts.
      throw new PgError(SqlState.FeatureNotSupported, 'subqueries are not supported in this position');
    case 'anyall':
      return compileAnyAll(e);
    case 'subscript':
      return compileSubscript(e);
  }
  throw new Error(`cannot compile expression kind ${(e as Expr).kind}`);
}

function compileAnyAll(e: Extract<Expr, { kind: 'anyall' }>): Compiled {
  const left = compileExpr(e.left);
  const array = compileExpr(e.array);
  const element = compileExpr(e.element);
  const impl = e.def.impl;
  const all = e.all;
  const one: Value[] = [null];
  return (r, env) => {
    const arr = array(r, env) as PgArray | null;
    if (arr === null) return null;
    if (arr.items.length === 0) return all;
    const l = left(r, env);
    let sawNull = false;
    for (const item of arr.items) {
      if (item === null || l === null) {
        sawNull = true;
        continue;
      }
      one[0] = item;
      const v = impl([l, element(one, env)], env.session);
      if (v === null) sawNull = true;
      else if (v === !all) return !all;
    }
    return sawNull ? null : all;
  };
}

function compileSubscript(e: Extract<Expr, { kind: 'subscript' }>): Compiled {
  const arg = compileExpr(e.arg);
  const idx = e.indexes.map((i) => ({ lower: i.lower ? compileExpr(i.lower) : null, upper: i.upper ? compileExpr(i.upper) : null, slice: i.slice }));
  const slice = idx.some((i) => i.slice);
  return (r, env) => {
    const a = arg(r, env) as PgArray | null;
    if (a === null) return null;
    const bounds: { lo: number; hi: number }[] = [];
    for (const i of idx) {
      const hi = i.upper ? (i.upper(r, env) as number | null) : null;
      const lo = i.slice ? (i.lower ? (i.lower(r, env) as number | null) : null) : hi;
      if ((i.upper && hi === null) || (i.lower && lo === null)) return null;
      bounds.push({ lo: lo ?? -Infinity, hi: hi ?? Infinity });
    }
    if (!slice) {
      if (bounds.length !== a.dims.length) return null;
      let offset = 0;
      for (let d = 0; d < a.dims.length; d++) {
        const pos = bounds[d]!.hi - a.lbounds[d]!;
        if (pos < 0 || pos >= a.dims[d]!) return null;
        offset = offset * a.dims[d]! + pos;
      }
      return a.items[offset] ?? null;
    }
    // A slice keeps the dimensions; missing trailing subscripts take whole dimensions.
    const nd = a.dims.length;
    if (nd === 0) return a;
    const lo: number[] = [];
    const hi: number[] = [];
    for (let d = 0; d < nd; d++) {
      const b = bounds[d] ?? { lo: -Infinity, hi: Infinity };
      lo.push(Math.max(b.lo, a.lbounds[d]!));
      hi.push(Math.min(b.hi, a.lbounds[d]! + a.dims[d]! - 1));
      if (hi[d]! < lo[d]!) return { kind: 'array', elemOid: a.elemOid, dims: [], lbounds: [], items: [] } as PgArray;
    }
    const items: Value[] = [];
    const walk = (d: number, offset: number) => {
      for (let i = lo[d]!; i <= hi[d]!; i++) {
        const off = offset * a.dims[d]! + (i - a.lbounds[d]!);
        if (d === nd - 1) items.push(a.items[off] ?? null);
        else walk(d + 1, off);
      }
    };
    walk(0, 0);
    return { kind: 'array', elemOid: a.elemOid, dims: lo.map((l, d) => hi[d]! - l + 1), lbounds: lo.map(() => 1), items } as PgArray;
  };
}

function compileCall(e: Extract<Expr, { kind: 'call' }>): Compiled {
  const args = e.args.map(compileExpr);
  const impl = e.def.impl;
  const strict = e.def.strict;
  const n = args.length;
  if (n === 0) return (_r, env) => impl([], env.session);
  if (n === 1) {
    const a0 = args[0]!;
    return (r, env) => {
      const v = a0(r, env);
      if (strict && v === null) return null;
      return impl([v], env.session);
    };
  }
  if (n === 2) {
    const a0 = args[0]!;
    const a1 = args[1]!;
    return (r, env) => {
      const v0 = a0(r, env);
      if (strict && v0 === null) return null;
      const v1 = a1(r, env);
      if (strict && v1 === null) return null;
      return impl([v0, v1], env.session);
    };
  }
  return (r, env) => {
    const vals = new Array<Value>(n);
    for (let i = 0; i < n; i++) {
      const v = args[i]!(r, env);
      if (strict && v === null) return null;
      vals[i] = v;
    }
    return impl(vals, env.session);
  };
}

/** Builds the value converter of a cast, without the input expression. */
export function castConverter(e: Extract<Expr, { kind: 'cast' }>): (v: Value, env: ExecEnv) => Value {
  const target = e.type;
  const source = e.arg.type;
  const typmod = e.typmod;
  const explicit = e.explicit;
  let convert: (v: Value, env: ExecEnv) => Value;
  switch (e.method.kind) {
    case 'none':
      convert = (v) => v;
      break;
    case 'function': {
      const impl = e.method.cast.impl!;
      convert = (v, env) => impl(v, env.session);
      break;
    }
    case 'io':
      convert = (v, env) => target.fromText(source.toText(v, env.session.io), explicit ? -1 : typmod, env.session.io);
      break;
    case 'array': {
      const element = castConverter(e.method.element);
      convert = (v, env) => {
        const a = v as PgArray;
        return { ...a, elemOid: target.elemOid, items: a.items.map((x) => (x === null ? null : element(x, env))) };
      };
      break;
    }
  }
  if (!e.applyTypmod) return convert;
  const typmodTarget: PgType = target.elemOid && target.category === 'A' ? typeByOid(target.elemOid) : target;
  if (typmodTarget !== target) {
    return (v, env) => {
      const a = convert(v, env) as PgArray;
      return { ...a, items: a.items.map((x) => applyTypmod(typmodTarget, x, typmod, explicit)) };
    };
  }
  return (v, env) => applyTypmod(target, convert(v, env), typmod, explicit);
}

function compileCast(e: Extract<Expr, { kind: 'cast' }>): Compiled {
  const arg = compileExpr(e.arg);
  const convert = castConverter(e);
  return (r, env) => {
    const v = arg(r, env);
    return v === null ? null : convert(v, env);
  };
}
