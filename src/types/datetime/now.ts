/**
 * The current-time functions, given the current instant (µs since
 * 2000-01-01 UTC): now()/current_timestamp/transaction_timestamp take the
 * transaction start, statement_timestamp the statement start,
 * clock_timestamp and timeofday the wall clock (clockNow()). The session
 * supplies the instant; these only convert and round it.
 */
import { DAY_NAMES, MONTH_NAMES, date2j, j2day } from './calendar.js';
import type { TimeTz } from './constants.js';
import { timestamptzToDate, timestamptzToTime, timestamptzToTimestamp, timestamptzToTimetz } from './convert.js';
import { toLocalTm, unixSeconds } from './local.js';
import { adjustTimeForTypmod, adjustTimestampForTypmod } from './typmod.js';
import { type Zone, abbrevAt } from './zone.js';

export { clockNow } from './context.js';

/** current_date. */
export function currentDate(now: bigint, zone: Zone): number {
  return timestamptzToDate(now, zone);
}

/** current_timestamp(p) / now(). */
export function currentTimestamp(now: bigint, typmod = -1): bigint {
  return adjustTimestampForTypmod(now, typmod);
}

/** localtimestamp(p). */
export function localTimestamp(now: bigint, zone: Zone, typmod = -1): bigint {
  return adjustTimestampForTypmod(timestamptzToTimestamp(now, zone), typmod);
}

/** current_time(p): local time of day with the zone's current offset. */
export function currentTime(now: bigint, zone: Zone, typmod = -1): TimeTz {
  const t = timestamptzToTimetz(now, zone) as TimeTz;
  return { micros: adjustTimeForTypmod(t.micros, typmod), offsetSec: t.offsetSec };
}

/** localtime(p). */
export function localTime(now: bigint, zone: Zone, typmod = -1): bigint {
  return adjustTimeForTypmod(timestamptzToTime(now, zone) as bigint, typmod);
}

/** timeofday(): 'Wed Nov 25 09:17:07.123456 2026 UTC'. */
export function timeofday(now: bigint, zone: Zone): string {
  const local = toLocalTm(now, zone);
  if (local === null) return '';
  const { tm } = local;
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const dow = DAY_NAMES[j2day(date2j(tm.year, tm.mon, tm.mday))].slice(0, 3);
  const frac = String(tm.fsec).padStart(6, '0');
  return `${dow} ${MONTH_NAMES[tm.mon - 1]} ${p2(tm.mday)} ${p2(tm.hour)}:${p2(tm.min)}:${p2(tm.sec)}.${frac} ${tm.year} ${abbrevAt(zone, unixSeconds(now))}`;
}
