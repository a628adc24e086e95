/**
 * Interval arithmetic (timestamp.c: interval_pl/mi/um/mul/div, the justify
 * functions, interval_cmp). Months, days and microseconds stay separate
 * because their lengths vary; only comparison treats a month as 30 days and a
 * day as 24 hours, as PostgreSQL does.
 */
import { PgError, SqlState } from '../errors.js';
import type { Interval } from './constants.js';
import { outOfRange } from './dterr.js';
import { rint } from './decode-parts.js';

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;
const USECS_PER_DAY = 86_400_000_000n;

function intervalOutOfRange(): PgError {
  return outOfRange('interval out of range');
}

function i32(v: number): number {
  if (v < I32_MIN || v > I32_MAX) throw intervalOutOfRange();
  return v;
}

function i64(v: bigint): bigint {
  if (v < I64_MIN || v > I64_MAX) throw intervalOutOfRange();
  return v;
}

export function makeIntervalValue(months: number, days: number, micros: bigint): Interval {
  return { months, days, micros };
}

export function intervalPlus(a: Interval, b: Interval): Interval {
  return { months: i32(a.months + b.months), days: i32(a.days + b.days), micros: i64(a.micros + b.micros) };
}

export function intervalMinus(a: Interval, b: Interval): Interval {
  return { months: i32(a.months - b.months), days: i32(a.days - b.days), micros: i64(a.micros - b.micros) };
}

export function intervalNegate(a: Interval): Interval {
  return { months: i32(-a.months), days: i32(-a.days), micros: i64(-a.micros) };
}

/**
 * The value intervals are ordered and hashed by: a month counts 30 days, a
 * day 24 hours; so '1 mon' = '30 days' and '1 day' = '24 hours'.
 */
export function intervalCmpValue(a: Interval): bigint {
  return (BigInt(a.months) * 30n + BigInt(a.days)) * USECS_PER_DAY + a.micros;
}

export function compareInterval(a: Interval, b: Interval): number {
  const x = intervalCmpValue(a);
  const y = intervalCmpValue(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Truncating division and remainder of µs by days, as TMODULO. */
function splitDays(micros: bigint): [number, bigint] {
  const whole = micros / USECS_PER_DAY;
  return [Number(whole), micros - whole * USECS_PER_DAY];
}

/** justify_hours: whole 24-hour periods become days, with day and time signs made to agree. */
export function justifyHours(iv: Interval): Interval {
  const [wholeDay, rest] = splitDays(iv.micros);
  let days = i32(iv.days + wholeDay);
  let micros = rest;
  if (days > 0 && micros < 0n) {
    micros += USECS_PER_DAY;
    days--;
  } else if (days < 0 && micros > 0n) {
    micros -= USECS_PER_DAY;
    days++;
  }
  return { months: iv.months, days, micros };
}

/** justify_days: whole 30-day periods become months, with month and day signs made to agree. */
export function justifyDays(iv: Interval): Interval {
  const wholeMonth = Math.trunc(iv.days / 30);
  let days = iv.days - wholeMonth * 30;
  let months = i32(iv.months + wholeMonth);
  if (months > 0 && days < 0) {
    days += 30;
    months--;
  } else if (months < 0 && days > 0) {
    days -= 30;
    months++;
  }
  return { months, days, micros: iv.micros };
}

/** justify_interval: both of the above, with all three signs made to agree. */
export function justifyInterval(iv: Interval): Interval {
  let { months, days, micros } = iv;
  // Justify days first when that cannot overflow the later sum.
  if ((days > 0 && micros > 0n) || (days < 0 && micros < 0n)) {
    const wholeMonth = Math.trunc(days / 30);
    days -= wholeMonth * 30;
    months = i32(months + wholeMonth);
  }
  const [wholeDay, rest] = splitDays(micros);
  micros = rest;
  days += wholeDay;
  const wholeMonth = Math.trunc(days / 30);
  days -= wholeMonth * 30;
  months = i32(months + wholeMonth);
  if (months > 0 && (days < 0 || (days === 0 && micros < 0n))) {
    days += 30;
    months--;
  } else if (months < 0 && (days > 0 || (days === 0 && micros > 0n))) {
    days -= 30;
    months++;
  }
  if (days > 0 && micros < 0n) {
    micros += USECS_PER_DAY;
    days--;
  } else if (days < 0 && micros > 0n) {
    micros -= USECS_PER_DAY;
    days++;
  }
  return { months, days, micros };
}

const fitsI32 = (v: number): boolean => !Number.isNaN(v) && v >= I32_MIN && v < -I32_MIN;
const fitsI64 = (v: number): boolean => !Number.isNaN(v) && v >= -9223372036854775808 && v < 9223372036854775808;
/** Rounds to whole microseconds' worth of seconds (TSROUND). */
const tsround = (v: number): number => rint(v * 1e6) / 1e6;

/**
 * interval * float8 and interval / float8: months and days keep their whole
 * parts and cascade fractions down (a month is 30 days, a day 86400 s),
 * never up — interval_mul / interval_div, float rounding included.
 */
function scale(iv: Interval, op: (x: number) => number): Interval {
  const monthD = op(iv.months);
  if (!fitsI32(monthD)) throw intervalOutOfRange();
  const months = Math.trunc(monthD);
  const dayD = op(iv.days);
  if (!fitsI32(dayD)) throw intervalOutOfRange();
  let days = Math.trunc(dayD);
  const monthRemainderDays = tsround((op(iv.months) - months) * 30);
  let secRemainder = tsround((op(iv.days) - days + monthRemainderDays - Math.trunc(monthRemainderDays)) * 86400);
  if (Math.abs(secRemainder) >= 86400) {
    const extra = Math.trunc(secRemainder / 86400);
    days = i32(days + extra);
    secRemainder -= extra * 86400;
  }
  days = i32(days + Math.trunc(monthRemainderDays));
  const microsD = rint(op(Number(iv.micros)) + secRemainder * 1e6);
  if (!fitsI64(microsD)) throw intervalOutOfRange();
  return { months, days, micros: BigInt(microsD) };
}

export function intervalMul(iv: Interval, factor: number): Interval {
  return scale(iv, (x) => x * factor);
}

export function intervalDiv(iv: Interval, factor: number): Interval {
  if (factor === 0) throw new PgError(SqlState.DivisionByZero, 'division by zero');
  return scale(iv, (x) => x / factor);
}
