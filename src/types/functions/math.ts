/** Mathematical functions over double precision (https://www.postgresql.org/docs/15/functions-math.html). */
import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import { rint } from '../casts.js';
import { fn } from './catalog.js';

const { float8, int4 } = Oid;

function checkResult(r: number, input: number): number {
  if (!Number.isFinite(r) && Number.isFinite(input)) throw new PgError(SqlState.NumericValueOutOfRange, 'value out of range: overflow');
  return r;
}

fn('sqrt', [float8], float8, (a) => {
  const x = a[0] as number;
  if (x < 0) throw new PgError('2201F', 'cannot take square root of a negative number');
  return Math.sqrt(x);
});
fn('cbrt', [float8], float8, (a) => Math.cbrt(a[0] as number));
fn('exp', [float8], float8, (a) => checkResult(Math.exp(a[0] as number), a[0] as number));
for (const [name, f] of [
  ['ln', Math.log],
  ['log', Math.log10],
  ['log10', Math.log10],
] as const) {
  fn(name, [float8], float8, (a) => {
    const x = a[0] as number;
    if (x === 0) throw new PgError('2201E', 'cannot take logarithm of zero');
    if (x < 0) throw new PgError('2201E', 'cannot take logarithm of a negative number');
    return f(x);
  });
}
fn('power', [float8, float8], float8, (a) => {
  const [x, y] = a as [number, number];
  if (x === 0 && y < 0) throw new PgError('2201F', 'zero raised to a negative power is undefined');
  if (x < 0 && !Number.isInteger(y)) throw new PgError('2201F', 'a negative number raised to a non-integer power yields a complex result');
  return checkResult(Math.pow(x, y), x);
});
fn('pow', [float8, float8], float8, (a) => Math.pow(a[0] as number, a[1] as number));
fn('floor', [float8], float8, (a) => Math.floor(a[0] as number));
fn('ceil', [float8], float8, (a) => Math.ceil(a[0] as number));
fn('ceiling', [float8], float8, (a) => Math.ceil(a[0] as number));
fn('round', [float8], float8, (a) => rint(a[0] as number));
fn('trunc', [float8], float8, (a) => Math.trunc(a[0] as number));
fn('sign', [float8], float8, (a) => Math.sign(a[0] as number));
fn('pi', [], float8, () => Math.PI);
fn('degrees', [float8], float8, (a) => ((a[0] as number) * 180) / Math.PI);
fn('radians', [float8], float8, (a) => ((a[0] as number) * Math.PI) / 180);
for (const [name, f] of [
  ['sin', Math.sin],
  ['cos', Math.cos],
  ['tan', Math.tan],
  ['asin', Math.asin],
  ['acos', Math.acos],
  ['atan', Math.atan],
  ['sinh', Math.sinh],
  ['cosh', Math.cosh],
  ['tanh', Math.tanh],
] as const) {
  fn(name, [float8], float8, (a) => {
    const x = a[0] as number;
    const r = f(x);
    if (Number.isNaN(r) && !Number.isNaN(x)) throw new PgError(SqlState.NumericValueOutOfRange, 'input is out of range');
    return r;
  });
}
fn('atan2', [float8, float8], float8, (a) => Math.atan2(a[0] as number, a[1] as number));
fn('random', [], float8, () => Math.random(), { volatility: 'volatile' });
fn('width_bucket', [float8, float8, float8, int4], int4, (a) => {
  const [x, lo, hi, n] = a as [number, number, number, number];
  if (n <= 0) throw new PgError('2201G', 'count must be greater than zero');
  if (lo === hi) throw new PgError('2201G', 'lower bound cannot equal upper bound');
  if (lo < hi) return x < lo ? 0 : x >= hi ? n + 1 : Math.floor(((x - lo) / (hi - lo)) * n) + 1;
  return x > lo ? 0 : x <= hi ? n + 1 : Math.floor(((lo - x) / (lo - hi)) * n) + 1;
});
