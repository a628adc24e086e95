/**
 * Precision typmods: timestamp(p), time(p) and interval fields/precision
 * round or truncate values as PostgreSQL's AdjustTimestampForTypmod,
 * AdjustTimeForTypmod and AdjustIntervalForTypmod do, and print as
 * format_type shows them.
 */
import { PgError, SqlState } from '../errors.js';
import { type Interval, MAX_TIMESTAMP_PRECISION, TIMESTAMP_NOBEGIN, TIMESTAMP_NOEND } from './constants.js';
import { IM, INTERVAL_FULL_PRECISION, INTERVAL_FULL_RANGE } from './decode-interval.js';

const SCALES = [1_000_000n, 100_000n, 10_000n, 1000n, 100n, 10n, 1n];
const OFFSETS = [500_000n, 50_000n, 5000n, 500n, 50n, 5n, 0n];

/** Rounds µs to `precision` fraction digits, halves away from zero. */
function roundMicros(v: bigint, precision: number): bigint {
  const scale = SCALES[precision];
  const offset = OFFSETS[precision];
  return v >= 0n ? ((v + offset) / scale) * scale : -(((-v + offset) / scale) * scale);
}

export function adjustTimestampForTypmod(ts: bigint, typmod: number): bigint {
  if (ts === TIMESTAMP_NOBEGIN || ts === TIMESTAMP_NOEND || typmod === -1 || typmod === MAX_TIMESTAMP_PRECISION) return ts;
  if (typmod < 0 || typmod > MAX_TIMESTAMP_PRECISION) {
    throw new PgError(SqlState.InvalidParameterValue, `timestamp(${typmod}) precision must be between 0 and 6`);
  }
  return roundMicros(ts, typmod);
}

export function adjustTimeForTypmod(time: bigint, typmod: number): bigint {
  if (typmod < 0 || typmod > 6) return time;
  return roundMicros(time, typmod);
}

/** The range part of an interval typmod (which fields are kept). */
export function intervalRange(typmod: number): number {
  return typmod < 0 ? INTERVAL_FULL_RANGE : (typmod >> 16) & 0x7fff;
}

export function intervalPrecision(typmod: number): number {
  return typmod < 0 ? INTERVAL_FULL_PRECISION : typmod & 0xffff;
}

/** An interval typmod from a fields mask and a precision (INTERVAL_TYPMOD). */
export function intervalTypmod(range: number = INTERVAL_FULL_RANGE, precision: number = INTERVAL_FULL_PRECISION): number {
  return ((range & 0x7fff) << 16) | (precision & 0xffff);
}

const HOUR = 3_600_000_000n;
const MINUTE = 60_000_000n;

/** Fields right of the last one the typmod names are dropped; fractional seconds are rounded to the precision. */
export function adjustIntervalForTypmod(iv: Interval, typmod: number): Interval {
  if (typmod < 0) return iv;
  const range = intervalRange(typmod);
  const precision = intervalPrecision(typmod);
  let { months, days, micros } = iv;
  switch (range) {
    case INTERVAL_FULL_RANGE:
    case IM.SECOND:
    case IM.DAY | IM.HOUR | IM.MINUTE | IM.SECOND:
    case IM.HOUR | IM.MINUTE | IM.SECOND:
    case IM.MINUTE | IM.SECOND:
      break;
    case IM.YEAR:
      months = Math.trunc(months / 12) * 12;
      days = 0;
      micros = 0n;
      break;
    case IM.MONTH:
    case IM.YEAR | IM.MONTH:
      days = 0;
      micros = 0n;
      break;
    case IM.DAY:
      micros = 0n;
      break;
    case IM.HOUR:
    case IM.DAY | IM.HOUR:
      micros = (micros / HOUR) * HOUR;
      break;
    case IM.MINUTE:
    case IM.DAY | IM.HOUR | IM.MINUTE:
    case IM.HOUR | IM.MINUTE:
      micros = (micros / MINUTE) * MINUTE;
      break;
    default:
      throw new PgError(SqlState.InternalError, `unrecognized interval typmod: ${typmod}`);
  }
  if (precision !== INTERVAL_FULL_PRECISION) {
    if (precision < 0 || precision > 6) {
      throw new PgError(SqlState.InvalidParameterValue, `interval(${precision}) precision must be between 0 and 6`);
    }
    micros = roundMicros(micros, precision);
  }
  if (months === iv.months && days === iv.days && micros === iv.micros) return iv;
  return { months, days, micros };
}

const RANGE_NAMES = new Map<number, string>([
  [IM.YEAR, ' year'],
  [IM.MONTH, ' month'],
  [IM.DAY, ' day'],
  [IM.HOUR, ' hour'],
  [IM.MINUTE, ' minute'],
  [IM.SECOND, ' second'],
  [IM.YEAR | IM.MONTH, ' year to month'],
  [IM.DAY | IM.HOUR, ' day to hour'],
  [IM.DAY | IM.HOUR | IM.MINUTE, ' day to minute'],
  [IM.DAY | IM.HOUR | IM.MINUTE | IM.SECOND, ' day to second'],
  [IM.HOUR | IM.MINUTE, ' hour to minute'],
  [IM.HOUR | IM.MINUTE | IM.SECOND, ' hour to second'],
  [IM.MINUTE | IM.SECOND, ' minute to second'],
  [INTERVAL_FULL_RANGE, ''],
]);

/** format_type's suffix for an interval typmod: ' day to second(3)'. */
export function intervalTypmodOut(typmod: number): string {
  if (typmod < 0) return '';
  const fields = RANGE_NAMES.get(intervalRange(typmod)) ?? '';
  const precision = intervalPrecision(typmod);
  return precision !== INTERVAL_FULL_PRECISION ? `${fields}(${precision})` : fields;
}

/**
 * The precision of timestamp(p)/time(p), '(3)'; format_type puts it before
 * 'with/without time zone' itself.
 */
export function precisionTypmodOut(typmod: number): string {
  return typmod >= 0 ? `(${typmod})` : '';
}
