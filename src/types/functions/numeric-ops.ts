/** numeric operators, functions and casts (https://www.postgresql.org/docs/15/functions-math.html). */
import { PgError, SqlState } from '../errors.js';
import { Numeric } from '../numeric.js';
import { Oid } from '../oids.js';
import { defineCast, registerTypmodApplier } from '../casts.js';
import { fn, op, prefixOp } from './catalog.js';

const { numeric, int2, int4, int8, float4, float8 } = Oid;
const N = (v: unknown) => v as Numeric;

op('+', numeric, numeric, numeric, (a, b) => N(a).add(N(b)));
op('-', numeric, numeric, numeric, (a, b) => N(a).sub(N(b)));
op('*', numeric, numeric, numeric, (a, b) => N(a).mul(N(b)));
op('/', numeric, numeric, numeric, (a, b) => N(a).div(N(b)));
op('%', numeric, numeric, numeric, (a, b) => N(a).mod(N(b)));
prefixOp('-', numeric, numeric, (a) => N(a).neg());
prefixOp('+', numeric, numeric, (a) => a);
fn('abs', [numeric], numeric, (a) => N(a[0]).abs());
fn('mod', [numeric, numeric], numeric, (a) => N(a[0]).mod(N(a[1])));
fn('div', [numeric, numeric], numeric, (a) => N(a[0]).intDiv(N(a[1])));
fn('round', [numeric], numeric, (a) => N(a[0]).round(0));
fn('round', [numeric, int4], numeric, (a) => N(a[0]).round(a[1] as number));
fn('trunc', [numeric], numeric, (a) => N(a[0]).trunc(0));
fn('trunc', [numeric, int4], numeric, (a) => N(a[0]).trunc(a[1] as number));
fn('ceil', [numeric], numeric, (a) => N(a[0]).ceil());
fn('ceiling', [numeric], numeric, (a) => N(a[0]).ceil());
fn('floor', [numeric], numeric, (a) => N(a[0]).floor());
fn('sign', [numeric], numeric, (a) => N(a[0]).sign());
fn('sqrt', [numeric], numeric, (a) => N(a[0]).sqrt());
fn('gcd', [numeric, numeric], numeric, (a) => N(a[0]).gcd(N(a[1])));
fn('lcm', [numeric, numeric], numeric, (a) => N(a[0]).lcm(N(a[1])));
fn('scale', [numeric], int4, (a) => N(a[0]).scale());
fn('min_scale', [numeric], int4, (a) => N(a[0]).minScale());
fn('trim_scale', [numeric], numeric, (a) => N(a[0]).trimScale());
fn('factorial', [int8], numeric, (a) => {
  if ((a[0] as bigint) < 0n) throw new PgError(SqlState.InvalidParameterValue, 'factorial of a negative number is undefined');
  return Numeric.factorial(a[0] as bigint);
});

// Integers widen to numeric implicitly; numeric narrows to integers by assignment (rounding half away from zero).
defineCast(int2, numeric, 'i', (v) => Numeric.fromInt(v as number));
defineCast(int4, numeric, 'i', (v) => Numeric.fromInt(v as number));
defineCast(int8, numeric, 'i', (v) => Numeric.fromInt(v as bigint));
defineCast(numeric, int2, 'a', (v) => N(v).toInt('int2'));
defineCast(numeric, int4, 'a', (v) => N(v).toInt('int4'));
defineCast(numeric, int8, 'a', (v) => N(v).toBigInt('int8'));
// numeric → float is implicit; float → numeric is assignment.
defineCast(numeric, float4, 'i', (v) => N(v).toFloat4());
defineCast(numeric, float8, 'i', (v) => N(v).toNumber());
defineCast(float4, numeric, 'a', (v) => Numeric.fromFloat4(v as number));
defineCast(float8, numeric, 'a', (v) => Numeric.fromFloat(v as number));
registerTypmodApplier(numeric, (v, typmod) => N(v).applyTypmod(typmod));
