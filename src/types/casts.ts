import { PgError, SqlState } from './errors.js';
import { Oid } from './oids.js';
import type { EvalContext } from './context.js';
import type { PgType } from './type.js';
import type { Value } from './value.js';
import { INT2_MAX, INT2_MIN, INT4_MAX, INT4_MIN, INT8_MAX, INT8_MIN, outOfRange } from './builtin/int.js';
import { applyBpcharTypmod, applyVarcharTypmod, truncateName } from './builtin/text.js';
import { formatFloat } from './builtin/float.js';

/** pg_cast.castcontext: implicit, assignment, explicit. */
export type CastContext = 'i' | 'a' | 'e';

export interface CastDef {
  readonly source: number;
  readonly target: number;
  readonly context: CastContext;
  /** Absent: the representation is shared (binary-coercible), the value passes unchanged. */
  readonly impl?: (v: Value, ctx: EvalContext) => Value;
}

const casts = new Map<string, CastDef>();
const key = (s: number, t: number) => `${s}>${t}`;

export function defineCast(source: number, target: number, context: CastContext, impl?: CastDef['impl']): void {
  casts.set(key(source, target), { source, target, context, impl });
}

export function findCast(source: number, target: number): CastDef | undefined {
  return casts.get(key(source, target));
}

/** Round half to even, as rint() does for float → integer casts. */
export function rint(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function checkInt2(v: number): number {
  if (!(v >= INT2_MIN && v <= INT2_MAX)) throw outOfRange('smallint');
  return v === 0 ? 0 : v;
}
export function checkInt4(v: number): number {
  if (!(v >= INT4_MIN && v <= INT4_MAX)) throw outOfRange('integer');
  return v === 0 ? 0 : v;
}
export function checkInt8(v: bigint): bigint {
  if (v < INT8_MIN || v > INT8_MAX) throw outOfRange('bigint');
  return v;
}
export function checkFloat8(v: number): number {
  if (!Number.isFinite(v) && !Number.isNaN(v)) throw new PgError(SqlState.NumericValueOutOfRange, 'value out of range: overflow');
  return v;
}
function floatToInt8(v: number): bigint {
  if (Number.isNaN(v) || !Number.isFinite(v)) throw outOfRange('bigint');
  return checkInt8(BigInt(rint(v)));
}
function float4Narrow(v: number): number {
  const r = Math.fround(v);
  if (!Number.isFinite(r) && Number.isFinite(v)) throw new PgError(SqlState.NumericValueOutOfRange, 'value out of range: overflow');
  if (r === 0 && v !== 0) throw new PgError(SqlState.NumericValueOutOfRange, 'value out of range: underflow');
  return r;
}

const { int2, int4, int8, float4, float8, oid, text, varchar, bpchar, name, bool, char } = Oid;

// Integer widening is implicit, narrowing is assignment (checked).
defineCast(int2, int4, 'i', (v) => v);
defineCast(int2, int8, 'i', (v) => BigInt(v as number));
defineCast(int4, int8, 'i', (v) => BigInt(v as number));
defineCast(int4, int2, 'a', (v) => checkInt2(v as number));
defineCast(int8, int4, 'a', (v) => checkInt4(Number(v as bigint)));
defineCast(int8, int2, 'a', (v) => checkInt2(Number(v as bigint)));
// Integer to float is implicit.
for (const s of [int2, int4]) {
  defineCast(s, float4, 'i', (v) => Math.fround(v as number));
  defineCast(s, float8, 'i', (v) => v);
}
defineCast(int8, float4, 'i', (v) => Math.fround(Number(v as bigint)));
defineCast(int8, float8, 'i', (v) => Number(v as bigint));
// Float to integer rounds half to even and is assignment.
defineCast(float4, int2, 'a', (v) => checkInt2(rint(v as number)));
defineCast(float8, int2, 'a', (v) => checkInt2(rint(v as number)));
defineCast(float4, int4, 'a', (v) => checkInt4(rint(v as number)));
defineCast(float8, int4, 'a', (v) => checkInt4(rint(v as number)));
defineCast(float4, int8, 'a', (v) => floatToInt8(v as number));
defineCast(float8, int8, 'a', (v) => floatToInt8(v as number));
defineCast(float4, float8, 'i', (v) => v);
defineCast(float8, float4, 'a', (v) => float4Narrow(v as number));
// oid and int.
defineCast(int4, oid, 'i', (v) => ((v as number) < 0 ? (v as number) + 4294967296 : v));
defineCast(int2, oid, 'i', (v) => ((v as number) < 0 ? (v as number) + 4294967296 : v));
defineCast(int8, oid, 'i', (v) => {
  const n = Number(v as bigint);
  if (n < -2147483648 || n > 4294967295) throw new PgError(SqlState.NumericValueOutOfRange, 'OID out of range');
  return n < 0 ? n + 4294967296 : n;
});
defineCast(oid, int4, 'a', (v) => ((v as number) > INT4_MAX ? (v as number) - 4294967296 : v));
defineCast(oid, int8, 'a', (v) => BigInt(v as number));
// regtype is an oid.
defineCast(oid, Oid.regtype, 'i');
defineCast(Oid.regtype, oid, 'i');
defineCast(int4, Oid.regtype, 'i', (v) => ((v as number) < 0 ? (v as number) + 4294967296 : v));
defineCast(Oid.regtype, int4, 'a', (v) => ((v as number) > INT4_MAX ? (v as number) - 4294967296 : v));
defineCast(oid, Oid.regnamespace, 'i');
defineCast(Oid.regnamespace, oid, 'i');
defineCast(oid, Oid.regclass, 'i');
defineCast(Oid.regclass, oid, 'i');
defineCast(int4, Oid.regclass, 'i', (v) => ((v as number) < 0 ? (v as number) + 4294967296 : v));
defineCast(Oid.regclass, int4, 'a', (v) => ((v as number) > INT4_MAX ? (v as number) - 4294967296 : v));
// bool → text is booltext ('true'/'false'), not bool's output function ('t'/'f').
defineCast(bool, text, 'a', (v) => (v ? 'true' : 'false'));
defineCast(bool, varchar, 'a', (v) => (v ? 'true' : 'false'));
defineCast(bool, bpchar, 'a', (v) => (v ? 'true' : 'false'));
// bool and int4.
defineCast(int4, bool, 'e', (v) => v !== 0);
defineCast(bool, int4, 'e', (v) => (v ? 1 : 0));
// String types share one representation.
defineCast(text, varchar, 'i');
defineCast(text, bpchar, 'i');
defineCast(varchar, text, 'i');
defineCast(varchar, bpchar, 'i');
defineCast(bpchar, text, 'i', (v) => (v as string).replace(/ +$/, ''));
defineCast(bpchar, varchar, 'i', (v) => (v as string).replace(/ +$/, ''));
defineCast(text, name, 'i', (v) => truncateName(v as string));
defineCast(varchar, name, 'i', (v) => truncateName(v as string));
defineCast(bpchar, name, 'i', (v) => truncateName((v as string).replace(/ +$/, '')));
defineCast(name, text, 'i');
defineCast(name, varchar, 'a');
defineCast(name, bpchar, 'a');
defineCast(char, text, 'i');
defineCast(text, char, 'a', (v) => (v as string).slice(0, 1));
defineCast(int4, char, 'e', (v) => String.fromCharCode((v as number) & 0xff));
defineCast(char, int4, 'e', (v) => ((v as string).length ? (v as string).charCodeAt(0) : 0));

/** float8 → text must use the session's extra_float_digits, so it is an explicit function, not I/O. */
export function floatToText(v: number, single: boolean, ctx: EvalContext): string {
  return formatFloat(v, single, ctx.io);
}

/**
 * Applies a type modifier (length, precision) to a value already of type t,
 * as PostgreSQL's length-coercion functions do. `explicit` distinguishes a
 * CAST (silently truncates strings) from an assignment (raises an error).
 */
const typmodAppliers = new Map<number, (v: Value, typmod: number, explicit: boolean) => Value>([
  [varchar, (v, t, e) => applyVarcharTypmod(v as string, t, e)],
  [bpchar, (v, t, e) => applyBpcharTypmod(v as string, t, e)],
]);

export function registerTypmodApplier(oid: number, f: (v: Value, typmod: number, explicit: boolean) => Value): void {
  typmodAppliers.set(oid, f);
}

export function applyTypmod(t: PgType, v: Value, typmod: number, explicit: boolean): Value {
  if (typmod < 0 || v === null) return v;
  const f = typmodAppliers.get(t.oid);
  return f ? f(v, typmod, explicit) : v;
}

export function hasTypmodApplier(oid: number): boolean {
  return typmodAppliers.has(oid);
}
