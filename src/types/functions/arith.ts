/** Arithmetic operators over integers and floats, with PostgreSQL's overflow and zero-division errors. */
import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import { checkInt2, checkInt4, checkInt8 } from '../casts.js';
import { fn, op, prefixOp } from './catalog.js';

const { int2, int4, int8, float4, float8 } = Oid;

export function divisionByZero(): PgError {
  return new PgError(SqlState.DivisionByZero, 'division by zero');
}

function floatResult(r: number, a: number, b: number, zeroIsUnderflow: boolean): number {
  if (!Number.isFinite(r) && !Number.isNaN(r) && Number.isFinite(a) && Number.isFinite(b)) {
    throw new PgError(SqlState.NumericValueOutOfRange, 'value out of range: overflow');
  }
  if (zeroIsUnderflow && r === 0 && a !== 0 && b !== 0 && Number.isFinite(a) && Number.isFinite(b)) {
    throw new PgError(SqlState.NumericValueOutOfRange, 'value out of range: underflow');
  }
  return r;
}

function float4Result(r: number, a: number, b: number, zeroIsUnderflow: boolean): number {
  return floatResult(Math.fround(r), a, b, zeroIsUnderflow);
}

// Small integers: exact in doubles, so compute and range-check.
for (const [t, check] of [
  [int2, checkInt2],
  [int4, checkInt4],
] as const) {
  op('+', t, t, t, (a, b) => check((a as number) + (b as number)));
  op('-', t, t, t, (a, b) => check((a as number) - (b as number)));
  // A product of two int4 values is below 2^62: inexact past 2^53, but then far out of range anyway.
  op('*', t, t, t, (a, b) => check((a as number) * (b as number)));
  op('/', t, t, t, (a, b) => {
    if (b === 0) throw divisionByZero();
    return check(Math.trunc((a as number) / (b as number)));
  });
  op('%', t, t, t, (a, b) => {
    if (b === 0) throw divisionByZero();
    const r = (a as number) % (b as number);
    return r === 0 ? 0 : r;
  });
  prefixOp('-', t, t, (a) => check(-(a as number)));
  prefixOp('+', t, t, (a) => a);
  fn('abs', [t], t, (a) => check(Math.abs(a[0] as number)));
  fn('mod', [t, t], t, (a) => {
    if (a[1] === 0) throw divisionByZero();
    const r = (a[0] as number) % (a[1] as number);
    return r === 0 ? 0 : r;
  });
}

op('+', int8, int8, int8, (a, b) => checkInt8((a as bigint) + (b as bigint)));
op('-', int8, int8, int8, (a, b) => checkInt8((a as bigint) - (b as bigint)));
op('*', int8, int8, int8, (a, b) => checkInt8((a as bigint) * (b as bigint)));
op('/', int8, int8, int8, (a, b) => {
  if (b === 0n) throw divisionByZero();
  return checkInt8((a as bigint) / (b as bigint));
});
op('%', int8, int8, int8, (a, b) => {
  if (b === 0n) throw divisionByZero();
  return (a as bigint) % (b as bigint);
});
prefixOp('-', int8, int8, (a) => checkInt8(-(a as bigint)));
prefixOp('+', int8, int8, (a) => a);
fn('abs', [int8], int8, (a) => checkInt8((a[0] as bigint) < 0n ? -(a[0] as bigint) : (a[0] as bigint)));
fn('mod', [int8, int8], int8, (a) => {
  if (a[1] === 0n) throw divisionByZero();
  return (a[0] as bigint) % (a[1] as bigint);
});

for (const [t, result] of [
  [float4, float4Result],
  [float8, floatResult],
] as const) {
  op('+', t, t, t, (a, b) => result((a as number) + (b as number), a as number, b as number, false));
  op('-', t, t, t, (a, b) => result((a as number) - (b as number), a as number, b as number, false));
  op('*', t, t, t, (a, b) => result((a as number) * (b as number), a as number, b as number, true));
  op('/', t, t, t, (a, b) => {
    if (b === 0) throw divisionByZero();
    return result((a as number) / (b as number), a as number, b as number, true);
  });
  prefixOp('-', t, t, (a) => -(a as number));
  prefixOp('+', t, t, (a) => a);
  fn('abs', [t], t, (a) => Math.abs(a[0] as number));
}
