/**
 * Type coercion: turning an expression of one type into another, as
 * PostgreSQL's coerce_type does — literals of unknown type are converted once
 * here by the target type's input function, parameters of unknown type take
 * the target type, and everything else goes through pg_cast rules.
 */
import { PgError, SqlState } from '../../types/errors.js';
import { applyTypmod, findCast, hasTypmodApplier, type CastContext } from '../../types/casts.js';
import { formatType } from '../../types/format-type.js';
import { Oid } from '../../types/oids.js';
import { findTypeByOid, isArrayType, typeByOid } from '../../types/registry.js';
import type { PgType } from '../../types/type.js';
import { isPgArray, type PgArray } from '../../types/value.js';
import type { CastExpr, Expr } from '../bound.js';
import type { AnalyzeContext } from './context.js';

export type CoercionContext = 'implicit' | 'assignment' | 'explicit';

const rank: Record<CoercionContext, number> = { implicit: 0, assignment: 1, explicit: 2 };
const castRank: Record<CastContext, number> = { i: 0, a: 1, e: 2 };

const STRING_TYPES: ReadonlySet<number> = new Set([Oid.text, Oid.varchar, Oid.bpchar, Oid.name]);

export function isStringType(t: PgType): boolean {
  return STRING_TYPES.has(t.oid);
}

/** May a value of `source` become `target` in this context (PostgreSQL's can_coerce_type)? */
export function canCoerce(source: PgType, target: PgType, context: CoercionContext): boolean {
  if (source.oid === target.oid) return true;
  if (source.oid === Oid.unknown) return true;
  if (target.oid === Oid.any) return true;
  if (target.oid === Oid.anyelement || target.oid === Oid.anycompatible) return true;
  if (target.oid === Oid.anynonarray) return !isArrayType(source);
  if (target.oid === Oid.anyarray || target.oid === Oid.anycompatiblearray) return isArrayType(source);
  return castMethod(source, target, context) !== null;
}

type Method = CastExpr['method'];

function castMethod(source: PgType, target: PgType, context: CoercionContext): Method | null {
  if (source.oid === target.oid) return { kind: 'none' };
  const cast = findCast(source.oid, target.oid);
  if (cast) {
    if (castRank[cast.context] > rank[context]) return null;
    return cast.impl ? { kind: 'function', cast } : { kind: 'none' };
  }
  // Every type can be written as a string type (assignment) and read from one (explicit only).
  if (isStringType(target) && rank[context] >= rank.assignment && source.category !== 'P') return { kind: 'io' };
  if (isStringType(source) && context === 'explicit' && target.category !== 'P') return { kind: 'io' };
  if (isArrayType(source) && isArrayType(target)) {
    const se = typeByOid(source.elemOid);
    const te = typeByOid(target.elemOid);
    const m = castMethod(se, te, context);
    if (!m) return null;
    if (m.kind === 'none') return m;
    return { kind: 'array', element: { kind: 'cast', arg: placeholder(se), type: te, typmod: -1, method: m, applyTypmod: false, explicit: context === 'explicit' } };
  }
  return null;
}

function placeholder(t: PgType): Expr {
  return { kind: 'column', index: 0, name: '', type: t, typmod: -1 };
}

/**
 * Coerces `expr` to `target(typmod)`; throws `onFail()` (or 42846) when no
 * coercion exists in this context.
 */
export function coerce(
  ctx: AnalyzeContext,
  expr: Expr,
  target: PgType,
  typmod: number,
  context: CoercionContext,
  location?: number,
  onFail?: () => PgError,
): Expr {
  if (expr.type.oid === Oid.unknown) return coerceUnknown(ctx, expr, target, typmod, context, location);
  if (expr.type.oid === target.oid) {
    if (typmod < 0 || typmod === expr.typmod || !hasTypmodApplier(target.oid)) {
      return typmod === expr.typmod || typmod < 0 ? expr : { ...expr, typmod } as Expr;
    }
    return { kind: 'cast', arg: expr, type: target, typmod, method: { kind: 'none' }, applyTypmod: true, explicit: context === 'explicit' };
  }
  const method = castMethod(expr.type, target, context);
  if (!method) {
    throw (
      onFail?.() ??
      new PgError(SqlState.CannotCoerce, `cannot cast type ${formatType(expr.type.oid, expr.typmod)} to ${formatType(target.oid, typmod)}`, {
        position: ctx.pos(location),
      })
    );
  }
  return {
    kind: 'cast',
    arg: expr,
    type: target,
    typmod,
    method,
    applyTypmod: typmod >= 0 && hasTypmodApplier(target.oid),
    explicit: context === 'explicit',
  };
}

function coerceUnknown(ctx: AnalyzeContext, expr: Expr, target: PgType, typmod: number, context: CoercionContext, location?: number): Expr {
  if (target.category === 'P' && target.oid !== Oid.unknown) {
    // A literal passed to a polymorphic argument is resolved as text, as PostgreSQL does.
    return coerceUnknown(ctx, expr, typeByOid(Oid.text), -1, context, location);
  }
  if (expr.kind === 'const') {
    if (expr.value === null) return { ...expr, type: target, typmod };
    try {
      // An explicit cast of a literal truncates to the length (char(3), varchar(3)) where input would refuse.
      const explicitLength = context === 'explicit' && typmod >= 0 && hasTypmodApplier(target.oid);
      let value = target.fromText(expr.value as string, explicitLength ? -1 : typmod, ctx.io);
      if (explicitLength) value = applyTypmod(target, value, typmod, true);
      return { kind: 'const', type: target, typmod, value, location: expr.location };
    } catch (e) {
      if (e instanceof PgError) e.at(ctx.pos(expr.location));
      throw e;
    }
  }
  if (expr.kind === 'param') {
    const known = ctx.paramTypes[expr.index];
    if (known && known.oid !== Oid.unknown && known.oid !== target.oid) {
      // The parameter was typed by the client or an earlier use.
      return coerce(ctx, { ...expr, type: known }, target, typmod, context, location);
    }
    ctx.paramTypes[expr.index] = target;
    const typed: Expr = { ...expr, type: target, typmod: -1 };
    return typmod >= 0 && hasTypmodApplier(target.oid)
      ? { kind: 'cast', arg: typed, type: target, typmod, method: { kind: 'none' }, applyTypmod: true, explicit: context === 'explicit' }
      : typed;
  }
  // Another expression of unknown type (e.g. CASE over literals): treat it as text.
  return coerce(ctx, { ...expr, type: typeByOid(Oid.text) } as Expr, target, typmod, context, location);
}

/** The element type of an array type, or the array type of an element type. */
export function arrayOf(t: PgType): PgType | undefined {
  return t.arrayOid ? findTypeByOid(t.arrayOid) : undefined;
}

export function isArrayValue(v: unknown): v is PgArray {
  return isPgArray(v);
}
