/**
 * Orderings of the date/time types and across them (the btree support
 * functions date_cmp, timestamp_cmp, timetz_cmp, interval_cmp and the
 * cross-type date_cmp_timestamp(tz), timestamp_cmp_timestamptz). Infinite
 * values sort after/before everything, as in PostgreSQL. Cross-type
 * comparisons read the zoneless side in `zone`, the session TimeZone.
 */
import {
  DATE_NOBEGIN,
  DATE_NOEND,
  POSTGRES_EPOCH_JDATE,
  TIMESTAMP_END_JULIAN,
  TIMESTAMP_NOBEGIN,
  TIMESTAMP_NOEND,
  type TimeTz,
  USECS_PER_SEC,
} from './constants.js';
import { dateToTimestamp, dateToTimestamptz, timestampToTimestamptz } from './convert.js';
import type { Zone } from './zone.js';

export { compareInterval } from './interval-math.js';

export function compareDate(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** timestamp, timestamptz and time are all compared as plain int64. */
export function compareTimestamp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const compareTime = compareTimestamp;

/** By the UTC-equivalent time first, then by zone, so equal instants in different zones still differ. */
export function compareTimetz(a: TimeTz, b: TimeTz): number {
  const t1 = a.micros + BigInt(a.offsetSec) * USECS_PER_SEC;
  const t2 = b.micros + BigInt(b.offsetSec) * USECS_PER_SEC;
  if (t1 !== t2) return t1 > t2 ? 1 : -1;
  return a.offsetSec > b.offsetSec ? 1 : a.offsetSec < b.offsetSec ? -1 : 0;
}

/** A date past timestamp's range still compares as greater than any finite timestamp. */
export function compareDateTimestamp(date: number, ts: bigint): number {
  if (date !== DATE_NOBEGIN && date !== DATE_NOEND && date >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE) {
    return ts === TIMESTAMP_NOEND ? -1 : 1;
  }
  return compareTimestamp(dateToTimestamp(date), ts);
}

export function compareDateTimestamptz(date: number, ts: bigint, zone: Zone): number {
  if (date !== DATE_NOBEGIN && date !== DATE_NOEND && date >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE) {
    return ts === TIMESTAMP_NOEND ? -1 : 1;
  }
  return compareTimestamp(dateToTimestamptz(date, zone), ts);
}

export function compareTimestampTimestamptz(ts: bigint, tstz: bigint, zone: Zone): number {
  if (ts === TIMESTAMP_NOBEGIN || ts === TIMESTAMP_NOEND) return compareTimestamp(ts, tstz);
  return compareTimestamp(timestampToTimestamptz(ts, zone), tstz);
}
