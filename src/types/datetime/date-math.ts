/**
 * Arithmetic on date, time and timetz (date.c: date_pli, date_mi,
 * date_pl_interval, time_pl_interval, time_mi_time, timetz_pl_interval).
 * Times wrap around midnight; infinite dates stay infinite.
 */
import { isValidDate } from './calendar.js';
import { type Interval, type TimeTz, USECS_PER_DAY } from './constants.js';
import { dateToTimestamp } from './convert.js';
import { outOfRange } from './dterr.js';
import { timestampMinusInterval, timestampPlusInterval } from './timestamp-math.js';

/** date + integer days. */
export function datePlusDays(date: number, days: number): number {
  if (!Number.isFinite(date)) return date;
  const r = date + days;
  if (!isValidDate(r)) throw outOfRange('date out of range');
  return r;
}

export function dateMinusDays(date: number, days: number): number {
  return datePlusDays(date, -days);
}

/** date - date: days between. */
export function dateDiff(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) throw outOfRange('cannot subtract infinite dates');
  return a - b;
}

/** date + interval → timestamp. */
export function datePlusInterval(date: number, iv: Interval): bigint {
  return timestampPlusInterval(dateToTimestamp(date), iv);
}

export function dateMinusInterval(date: number, iv: Interval): bigint {
  return timestampMinusInterval(dateToTimestamp(date), iv);
}

function wrapDay(t: bigint): bigint {
  let r = t % USECS_PER_DAY;
  if (r < 0n) r += USECS_PER_DAY;
  return r;
}

/** time + interval: only the interval's time part counts, modulo a day. */
export function timePlusInterval(time: bigint, iv: Interval): bigint {
  return wrapDay(time + iv.micros);
}

export function timeMinusInterval(time: bigint, iv: Interval): bigint {
  return wrapDay(time - iv.micros);
}

/** time - time → interval. */
export function timeDiff(a: bigint, b: bigint): Interval {
  return { months: 0, days: 0, micros: a - b };
}

export function timetzPlusInterval(t: TimeTz, iv: Interval): TimeTz {
  return { micros: wrapDay(t.micros + iv.micros), offsetSec: t.offsetSec };
}

export function timetzMinusInterval(t: TimeTz, iv: Interval): TimeTz {
  return { micros: wrapDay(t.micros - iv.micros), offsetSec: t.offsetSec };
}
