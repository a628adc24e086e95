/**
 * Timestamp arithmetic (timestamp.c: timestamp_pl_interval,
 * timestamptz_pl_interval, timestamp_mi, timestamp_age). Months are added
 * on the calendar, clamping the day to the month's length ('2024-01-31' + 1
 * month = '2024-02-29'); days are added on the calendar too, which for
 * timestamptz means in local time, so '+ 1 day' across a DST change keeps
 * the wall-clock time while '+ 24 hours' does not.
 */
import type { PgError } from '../errors.js';
import { date2j, daysInMonth, isValidTimestamp, j2date } from './calendar.js';
import { type Interval, USECS_PER_SEC } from './constants.js';
import { outOfRange } from './dterr.js';
import { type Tm, emptyTm, timestamp2tm, tm2timestamp } from './fields.js';
import { justifyHours } from './interval-math.js';
import { gmtoffForLocalTm, toLocalTm } from './local.js';
import { isFiniteTimestamp } from './timestamp-io.js';
import type { Zone } from './zone.js';

function tsOutOfRange(): PgError {
  return outOfRange('timestamp out of range');
}

function addMonths(tm: Tm, months: number): void {
  tm.mon += months;
  if (tm.mon > 12) {
    tm.year += Math.trunc((tm.mon - 1) / 12);
    tm.mon = ((tm.mon - 1) % 12) + 1;
  } else if (tm.mon < 1) {
    tm.year += Math.trunc(tm.mon / 12) - 1;
    tm.mon = (tm.mon % 12) + 12;
  }
  const last = daysInMonth(tm.year, tm.mon);
  if (tm.mday > last) tm.mday = last;
}

function addDays(tm: Tm, days: number): void {
  [tm.year, tm.mon, tm.mday] = j2date(date2j(tm.year, tm.mon, tm.mday) + days);
}

/** timestamp + interval. Infinite timestamps are returned unchanged. */
export function timestampPlusInterval(ts: bigint, iv: Interval): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  let t = ts;
  for (const [apply, n] of [
    [addMonths, iv.months],
    [addDays, iv.days],
  ] as const) {
    if (n === 0) continue;
    const tm = emptyTm();
    if (!timestamp2tm(t, tm)) throw tsOutOfRange();
    apply(tm, n);
    const r = tm2timestamp(tm);
    if (r === null) throw tsOutOfRange();
    t = r;
  }
  t += iv.micros;
  if (!isValidTimestamp(t)) throw tsOutOfRange();
  return t;
}

export function timestampMinusInterval(ts: bigint, iv: Interval): bigint {
  return timestampPlusInterval(ts, { months: -iv.months, days: -iv.days, micros: -iv.micros });
}

/** timestamptz + interval: months and days move the local date in `zone`, then micros move the instant. */
export function timestamptzPlusInterval(ts: bigint, iv: Interval, zone: Zone): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  let t = ts;
  for (const [apply, n] of [
    [addMonths, iv.months],
    [addDays, iv.days],
  ] as const) {
    if (n === 0) continue;
    const local = toLocalTm(t, zone);
    if (local === null) throw tsOutOfRange();
    apply(local.tm, n);
    const r = tm2timestamp(local.tm, -gmtoffForLocalTm(local.tm, zone));
    if (r === null) throw tsOutOfRange();
    t = r;
  }
  t += iv.micros;
  if (!isValidTimestamp(t)) throw tsOutOfRange();
  return t;
}

export function timestamptzMinusInterval(ts: bigint, iv: Interval, zone: Zone): bigint {
  return timestamptzPlusInterval(ts, { months: -iv.months, days: -iv.days, micros: -iv.micros }, zone);
}

/**
 * timestamp - timestamp (either kind): the difference in microseconds, with
 * whole 24-hour periods then moved to days by justify_hours — so across a
 * DST change the result is '1 day 01:00:00', as in PostgreSQL.
 */
export function timestampDiff(a: bigint, b: bigint): Interval {
  if (!isFiniteTimestamp(a) || !isFiniteTimestamp(b)) throw outOfRange('cannot subtract infinite timestamps');
  // PostgreSQL 15 does not check this subtraction: it wraps like int64.
  return justifyHours({ months: 0, days: 0, micros: BigInt.asIntN(64, a - b) });
}

/** The symbolic difference of two sets of fields, borrowing downward like age(). */
function ageOf(tm1: Tm, tm2: Tm, negative: boolean): Interval {
  let fsec = tm1.fsec - tm2.fsec;
  let sec = tm1.sec - tm2.sec;
  let min = tm1.min - tm2.min;
  let hour = tm1.hour - tm2.hour;
  let mday = tm1.mday - tm2.mday;
  let mon = tm1.mon - tm2.mon;
  let year = tm1.year - tm2.year;
  if (negative) {
    [fsec, sec, min, hour, mday, mon, year] = [-fsec, -sec, -min, -hour, -mday, -mon, -year];
  }
  while (fsec < 0) {
    fsec += 1_000_000;
    sec--;
  }
  while (sec < 0) {
    sec += 60;
    min--;
  }
  while (min < 0) {
    min += 60;
    hour--;
  }
  while (hour < 0) {
    hour += 24;
    mday--;
  }
  while (mday < 0) {
    // Borrow the length of the earlier timestamp's month.
    const ref = negative ? tm1 : tm2;
    mday += daysInMonth(ref.year, ref.mon);
    mon--;
  }
  while (mon < 0) {
    mon += 12;
    year--;
  }
  if (negative) {
    [fsec, sec, min, hour, mday, mon, year] = [-fsec, -sec, -min, -hour, -mday, -mon, -year];
  }
  const months = year * 12 + mon;
  if (months > 2147483647 || months < -2147483648) throw outOfRange('interval out of range');
  const micros = BigInt(((hour * 60 + min) * 60 + sec) * 1_000_000) + BigInt(fsec);
  return { months, days: mday, micros };
}

/** age(timestamp, timestamp): years, months and days between the calendar fields. */
export function timestampAge(a: bigint, b: bigint): Interval {
  const tm1 = emptyTm();
  const tm2 = emptyTm();
  if (!timestamp2tm(a, tm1) || !timestamp2tm(b, tm2)) throw tsOutOfRange();
  return ageOf(tm1, tm2, a < b);
}

/** age(timestamptz, timestamptz): as timestampAge on the local fields in `zone`. */
export function timestamptzAge(a: bigint, b: bigint, zone: Zone): Interval {
  const l1 = toLocalTm(a, zone);
  const l2 = toLocalTm(b, zone);
  if (l1 === null || l2 === null) throw tsOutOfRange();
  return ageOf(l1.tm, l2.tm, a < b);
}

/** Shifts a timestamp by whole seconds (dt2local), checking the range. */
export function shiftSeconds(ts: bigint, seconds: number): bigint {
  const r = ts + BigInt(seconds) * USECS_PER_SEC;
  if (!isValidTimestamp(r)) throw tsOutOfRange();
  return r;
}

