/**
 * Casts among the date/time types (date.c and timestamp.c: date_timestamp,
 * timestamp_date, timestamp_timestamptz, timestamptz_time, time_timetz, …).
 * Whenever a value without a zone meets one with a zone, the given `zone`
 * (the session TimeZone) interprets it; local times that fall in a DST gap
 * or overlap resolve as PostgreSQL does.
 */
import { date2j, isValidTimestamp, j2date } from './calendar.js';
import {
  DATE_NOBEGIN,
  DATE_NOEND,
  POSTGRES_EPOCH_JDATE,
  TIMESTAMP_END_JULIAN,
  TIMESTAMP_NOBEGIN,
  TIMESTAMP_NOEND,
  type TimeTz,
  USECS_PER_DAY,
  USECS_PER_SEC,
} from './constants.js';
import { outOfRange } from './dterr.js';
import { type Tm, emptyTm, time2tm, timestamp2tm, tm2time, tm2timestamp } from './fields.js';
import { gmtoffForLocalTm, toLocalTm } from './local.js';
import { isFiniteTimestamp } from './timestamp-io.js';
import type { Zone } from './zone.js';

function dateTm(date: number): Tm {
  const tm = emptyTm();
  [tm.year, tm.mon, tm.mday] = j2date(date + POSTGRES_EPOCH_JDATE);
  return tm;
}

/** date → timestamp (midnight). */
export function dateToTimestamp(date: number): bigint {
  if (date === DATE_NOBEGIN) return TIMESTAMP_NOBEGIN;
  if (date === DATE_NOEND) return TIMESTAMP_NOEND;
  if (date >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE) throw outOfRange('date out of range for timestamp');
  return BigInt(date) * USECS_PER_DAY;
}

/** date → timestamptz: local midnight in `zone`. */
export function dateToTimestamptz(date: number, zone: Zone): bigint {
  if (date === DATE_NOBEGIN) return TIMESTAMP_NOBEGIN;
  if (date === DATE_NOEND) return TIMESTAMP_NOEND;
  if (date >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE) throw outOfRange('date out of range for timestamp');
  const gmtoff = gmtoffForLocalTm(dateTm(date), zone);
  const r = BigInt(date) * USECS_PER_DAY - BigInt(gmtoff) * USECS_PER_SEC;
  if (!isValidTimestamp(r)) throw outOfRange('date out of range for timestamp');
  return r;
}

function tmToDate(tm: Tm): number {
  return date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE;
}

/** timestamp → date (drops the time). */
export function timestampToDate(ts: bigint): number {
  if (ts === TIMESTAMP_NOBEGIN) return DATE_NOBEGIN;
  if (ts === TIMESTAMP_NOEND) return DATE_NOEND;
  const tm = emptyTm();
  if (!timestamp2tm(ts, tm)) throw outOfRange('timestamp out of range');
  return tmToDate(tm);
}

/** timestamptz → date: the local date in `zone`. */
export function timestamptzToDate(ts: bigint, zone: Zone): number {
  if (ts === TIMESTAMP_NOBEGIN) return DATE_NOBEGIN;
  if (ts === TIMESTAMP_NOEND) return DATE_NOEND;
  const local = toLocalTm(ts, zone);
  if (local === null) throw outOfRange('timestamp out of range');
  return tmToDate(local.tm);
}

/** timestamp → timestamptz: the timestamp read as local time in `zone`. */
export function timestampToTimestamptz(ts: bigint, zone: Zone): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  const tm = emptyTm();
  if (!timestamp2tm(ts, tm)) throw outOfRange('timestamp out of range');
  const r = ts - BigInt(gmtoffForLocalTm(tm, zone)) * USECS_PER_SEC;
  if (!isValidTimestamp(r)) throw outOfRange('timestamp out of range');
  return r;
}

/** timestamptz → timestamp: the local wall-clock time in `zone`. */
export function timestamptzToTimestamp(ts: bigint, zone: Zone): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  const local = toLocalTm(ts, zone);
  const r = local === null ? null : tm2timestamp(local.tm);
  if (r === null) throw outOfRange('timestamp out of range');
  return r;
}

/** timestamp → time; null for an infinite timestamp (as PostgreSQL returns NULL). */
export function timestampToTime(ts: bigint): bigint | null {
  if (!isFiniteTimestamp(ts)) return null;
  const tm = emptyTm();
  if (!timestamp2tm(ts, tm)) throw outOfRange('timestamp out of range');
  return tm2time(tm.hour, tm.min, tm.sec, tm.fsec);
}

/** timestamptz → time: local time of day in `zone`; null if infinite. */
export function timestamptzToTime(ts: bigint, zone: Zone): bigint | null {
  if (!isFiniteTimestamp(ts)) return null;
  const local = toLocalTm(ts, zone);
  if (local === null) throw outOfRange('timestamp out of range');
  return tm2time(local.tm.hour, local.tm.min, local.tm.sec, local.tm.fsec);
}

/** timestamptz → timetz: local time of day and the offset in effect; null if infinite. */
export function timestamptzToTimetz(ts: bigint, zone: Zone): TimeTz | null {
  if (!isFiniteTimestamp(ts)) return null;
  const local = toLocalTm(ts, zone);
  if (local === null) throw outOfRange('timestamp out of range');
  const { tm } = local;
  return { micros: tm2time(tm.hour, tm.min, tm.sec, tm.fsec), offsetSec: -local.gmtoff };
}

/** date + time → timestamp. */
export function dateTimeToTimestamp(date: number, time: bigint): bigint {
  const ts = dateToTimestamp(date);
  if (!isFiniteTimestamp(ts)) return ts;
  const r = ts + time;
  if (!isValidTimestamp(r)) throw outOfRange('timestamp out of range');
  return r;
}

/** date + timetz → timestamptz. */
export function dateTimetzToTimestamptz(date: number, t: TimeTz): bigint {
  if (date === DATE_NOBEGIN) return TIMESTAMP_NOBEGIN;
  if (date === DATE_NOEND) return TIMESTAMP_NOEND;
  if (date >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE) throw outOfRange('date out of range for timestamp');
  const r = BigInt(date) * USECS_PER_DAY + t.micros + BigInt(t.offsetSec) * USECS_PER_SEC;
  if (!isValidTimestamp(r)) throw outOfRange('date out of range for timestamp');
  return r;
}

/**
 * time → timetz: the offset `zone` has today. `now` is the current
 * timestamptz (PostgreSQL uses the transaction start).
 */
export function timeToTimetz(time: bigint, zone: Zone, now: bigint): TimeTz {
  const local = toLocalTm(now, zone);
  const tm = local === null ? emptyTm() : local.tm;
  time2tm(time, tm);
  return { micros: time, offsetSec: -gmtoffForLocalTm(tm, zone) };
}

export function timetzToTime(t: TimeTz): bigint {
  return t.micros;
}

/** interval → time: the time part modulo one day. */
export function intervalToTime(micros: bigint): bigint {
  let t = micros % USECS_PER_DAY;
  if (t < 0n) t += USECS_PER_DAY;
  return t;
}
