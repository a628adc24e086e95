/**
 * Conversions between UTC timestamps and local wall-clock fields in a zone
 * (PostgreSQL's timestamp2tm with a zone, and tm2timestamp with the offset
 * DetermineTimeZoneOffset picks).
 */
import { date2j } from './calendar.js';
import { POSTGRES_EPOCH_JDATE, UNIX_EPOCH_JDATE, USECS_PER_SEC } from './constants.js';
import { type Tm, emptyTm, timestamp2tm } from './fields.js';
import { type Zone, offsetAt, offsetForLocal } from './zone.js';

const EPOCH_DIFF_SECS = (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * 86400;

/** Unix seconds (floored) of a timestamp in µs since 2000-01-01. */
export function unixSeconds(ts: bigint): number {
  let s = ts / USECS_PER_SEC;
  if (ts < 0n && s * USECS_PER_SEC !== ts) s -= 1n;
  return Number(s) + EPOCH_DIFF_SECS;
}

/** Offset (seconds east) of `zone` at the instant `ts`. */
export function gmtoffAt(zone: Zone, ts: bigint): number {
  return offsetAt(zone, unixSeconds(ts));
}

/**
 * Local fields of the instant `ts` in `zone`, and the offset used (seconds
 * east). Null when out of range.
 */
export function toLocalTm(ts: bigint, zone: Zone): { tm: Tm; gmtoff: number } | null {
  const gmtoff = gmtoffAt(zone, ts);
  const tm = emptyTm();
  if (!timestamp2tm(ts + BigInt(gmtoff) * USECS_PER_SEC, tm)) return null;
  return { tm, gmtoff };
}

/** Offset (seconds east) that applies to local fields `tm` in `zone`, PostgreSQL's rule for gaps and overlaps. */
export function gmtoffForLocalTm(tm: Tm, zone: Zone): number {
  if (zone.kind === 'fixed') return zone.gmtoff;
  const days = date2j(tm.year, tm.mon, tm.mday) - UNIX_EPOCH_JDATE;
  const localSec = days * 86400 + (tm.hour * 60 + tm.min) * 60 + tm.sec;
  return offsetForLocal(zone, localSec);
}
