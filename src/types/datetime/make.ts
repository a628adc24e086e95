/**
 * make_date, make_time, make_timestamp, make_timestamptz and make_interval
 * (date.c, timestamp.c), with PostgreSQL 15's messages. Negative years mean
 * BC. make_interval does no overflow checks in PostgreSQL 15 — its fields
 * wrap like C integers — and that is reproduced rather than fixed.
 */
import { PgError, SqlState } from '../errors.js';
import { date2j, isValidDate, isValidJulian, isValidTimestamp } from './calendar.js';
import { type Interval, POSTGRES_EPOCH_JDATE, USECS_PER_DAY } from './constants.js';
import { timestampToTimestamptz } from './convert.js';
import { DTERR_BAD_FORMAT, DTERR_TZDISP_OVERFLOW, outOfRange, zoneNotRecognized } from './dterr.js';
import { decodeTimezone, rint } from './decode-parts.js';
import { type DecodeState, validateDate } from './decode-parts.js';
import { emptyTm, timestamp2tm } from './fields.js';
import { DTK_DATE_M } from './tokens.js';
import { gmtoffForLocalTm } from './local.js';
import { type Zone, zoneArgument } from './zone.js';

/** C's %0<width>d. */
function d(n: number, width = 0): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + s.padStart(width - (n < 0 ? 1 : 0), '0');
}

/** C's %02g as PostgreSQL's snprintf prints it (6 significant digits, NaN, Infinity). */
export function formatG2(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return '00';
  const [mant, expText] = x.toExponential(5).split('e');
  const exp = Number(expText);
  let s: string;
  if (exp < -4 || exp >= 6) {
    const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    s = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else {
    s = x.toFixed(5 - exp);
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  }
  if (s.length < 2) s = (s.startsWith('-') ? '-' : '') + s.replace('-', '').padStart(2 - (s.startsWith('-') ? 1 : 0), '0');
  return s;
}

function validatedDays(year: number, month: number, day: number, message: (y: number) => string): number {
  const tm = emptyTm();
  tm.year = year;
  tm.mon = month;
  tm.mday = day;
  let bc = false;
  if (tm.year < 0) {
    bc = true;
    tm.year = -tm.year;
  }
  const st: DecodeState = { tm, yday: 0, is2digits: false, tmask: 0, dateOrder: 'MDY' };
  if (validateDate(DTK_DATE_M, false, false, bc, st) !== 0) {
    throw new PgError(SqlState.DatetimeFieldOverflow, message(tm.year));
  }
  if (!isValidJulian(tm.year, tm.mon)) throw outOfRange(`date out of range: ${d(year)}-${d(month, 2)}-${d(day, 2)}`);
  return date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE;
}

export function makeDate(year: number, month: number, day: number): number {
  // PostgreSQL prints the year after its BC adjustment here.
  const date = validatedDays(year, month, day, (y) => `date field value out of range: ${d(y)}-${d(month, 2)}-${d(day, 2)}`);
  if (!isValidDate(date)) throw outOfRange(`date out of range: ${d(year)}-${d(month, 2)}-${d(day, 2)}`);
  return date;
}

/** Whether hour:min:sec is past 24:00:00 or malformed; sec is rounded to µs first. */
function floatTimeOverflows(hour: number, min: number, sec: number): boolean {
  if (hour < 0 || hour > 24 || min < 0 || min >= 60) return true;
  if (Number.isNaN(sec)) return true;
  const usec = rint(sec * 1e6);
  if (usec < 0 || usec > 60e6) return true;
  return ((hour * 60 + min) * 60) * 1e6 + usec > 86_400_000_000;
}

function timeMicros(hour: number, min: number, sec: number): bigint {
  return BigInt(((hour * 60 + min) * 60) * 1_000_000) + BigInt(rint(sec * 1e6));
}

export function makeTime(hour: number, min: number, sec: number): bigint {
  if (floatTimeOverflows(hour, min, sec)) {
    throw new PgError(SqlState.DatetimeFieldOverflow, `time field value out of range: ${d(hour)}:${d(min, 2)}:${formatG2(sec)}`);
  }
  return timeMicros(hour, min, sec);
}

export function makeTimestamp(year: number, month: number, mday: number, hour: number, min: number, sec: number): bigint {
  const date = validatedDays(year, month, mday, () => `date field value out of range: ${d(year)}-${d(month, 2)}-${d(mday, 2)}`);
  if (floatTimeOverflows(hour, min, sec)) {
    throw new PgError(SqlState.DatetimeFieldOverflow, `time field value out of range: ${d(hour)}:${d(min, 2)}:${formatG2(sec)}`);
  }
  const time = timeMicros(hour, min, sec);
  const result = BigInt(date) * USECS_PER_DAY + time;
  if ((result < 0n && date > 0) || (result > 0n && date < -1) || !isValidTimestamp(result)) {
    throw outOfRange(`timestamp out of range: ${d(year)}-${d(month, 2)}-${d(mday, 2)} ${d(hour)}:${d(min, 2)}:${formatG2(sec)}`);
  }
  return result;
}

/**
 * The zone argument of make_timestamptz (parse_sane_timezone): a numeric
 * offset such as '+2' or '-05:30' is EAST-positive (ISO), then an
 * abbreviation, then a zone name. Returns seconds WEST for the local fields.
 */
function saneTimezoneWest(ts: bigint, zone: string): number {
  if (/^[0-9]/.test(zone)) {
    throw new PgError(SqlState.InvalidParameterValue, `invalid input syntax for type numeric time zone: "${zone}"`, {
      hint: 'Numeric time zones must have "-" or "+" as first character.',
    });
  }
  const r = decodeTimezone(zone);
  if (typeof r !== 'number') return r.tzWest;
  if (r === DTERR_TZDISP_OVERFLOW) throw new PgError(SqlState.InvalidParameterValue, `numeric time zone "${zone}" out of range`);
  if (r !== DTERR_BAD_FORMAT) throw zoneNotRecognized(zone);
  const z = zoneArgument(zone);
  const tm = emptyTm();
  timestamp2tm(ts, tm);
  return -gmtoffForLocalTm(tm, z);
}

/** make_timestamptz: local fields in `zone` (a name), or in the session zone when given a Zone. */
export function makeTimestamptz(
  year: number,
  month: number,
  mday: number,
  hour: number,
  min: number,
  sec: number,
  zone: string | Zone,
): bigint {
  const ts = makeTimestamp(year, month, mday, hour, min, sec);
  if (typeof zone !== 'string') return timestampToTimestamptz(ts, zone);
  const r = ts + BigInt(saneTimezoneWest(ts, zone)) * 1_000_000n;
  if (!isValidTimestamp(r)) throw outOfRange('timestamp out of range');
  return r;
}

/** Conversion of an out-of-range double to int64 as x86 does it (the "integer indefinite" value). */
function toInt64(x: number): bigint {
  if (Number.isNaN(x) || x >= 9223372036854775808 || x < -9223372036854775808) return -(1n << 63n);
  return BigInt(Math.trunc(x));
}

/** make_interval(years, months, weeks, days, hours, mins, secs). */
export function makeInterval(years = 0, months = 0, weeks = 0, days = 0, hours = 0, mins = 0, secs = 0): Interval {
  if (!Number.isFinite(secs)) throw outOfRange('interval out of range');
  const micros = BigInt.asIntN(
    64,
    BigInt(hours) * 3_600_000_000n + BigInt(mins) * 60_000_000n + toInt64(rint(secs * 1e6)),
  );
  return {
    months: (Math.imul(years, 12) + months) | 0,
    days: (Math.imul(weeks, 7) + days) | 0,
    micros,
  };
}
