/**
 * date_bin(stride, source, origin) (timestamp.c: timestamp_bin): the start
 * of the stride-sized bin, counted from origin, that contains source. The
 * same arithmetic serves timestamp and timestamptz — bins are fixed lengths
 * of time, so zones do not matter.
 */
import { PgError, SqlState } from '../errors.js';
import { type Interval, USECS_PER_DAY } from './constants.js';
import { outOfRange } from './dterr.js';
import { isFiniteTimestamp } from './timestamp-io.js';

export function dateBin(stride: Interval, ts: bigint, origin: bigint): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  if (!isFiniteTimestamp(origin)) throw outOfRange('origin out of range');
  if (stride.months !== 0) {
    throw new PgError(SqlState.FeatureNotSupported, 'timestamps cannot be binned into intervals containing months or years');
  }
  const strideUsecs = BigInt(stride.days) * USECS_PER_DAY + stride.micros;
  if (strideUsecs <= 0n) throw outOfRange('stride must be greater than zero');
  const diff = ts - origin;
  let delta = diff - (diff % strideUsecs);
  // The bin must start at or before source even when origin is later.
  if (origin > ts && strideUsecs > 1n) delta -= strideUsecs;
  return origin + delta;
}

export function isFiniteDate(date: number): boolean {
  return Number.isFinite(date);
}
