/**
 * Units, epochs and limits of PostgreSQL's date/time types
 * (src/include/datatype/timestamp.h), and the JS shapes of their values.
 */

export const USECS_PER_SEC = 1_000_000n;
export const USECS_PER_MINUTE = 60_000_000n;
export const USECS_PER_HOUR = 3_600_000_000n;
export const USECS_PER_DAY = 86_400_000_000n;
export const SECS_PER_DAY = 86_400;
export const SECS_PER_HOUR = 3600;
export const SECS_PER_MINUTE = 60;
export const MONTHS_PER_YEAR = 12;
export const DAYS_PER_MONTH = 30;
export const DAYS_PER_WEEK = 7;

/** Julian day numbers of 2000-01-01 (PostgreSQL's epoch) and 1970-01-01. */
export const POSTGRES_EPOCH_JDATE = 2451545;
export const UNIX_EPOCH_JDATE = 2440588;
/** Microseconds from 1970-01-01 to 2000-01-01, to convert Unix time to timestamps. */
export const UNIX_EPOCH_OFFSET_USECS = BigInt(POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * USECS_PER_DAY;

/** 'infinity' and '-infinity' timestamps: PostgreSQL's sentinels at the int64 extremes. */
export const TIMESTAMP_NOEND = 0x7fffffffffffffffn;
export const TIMESTAMP_NOBEGIN = -0x8000000000000000n;
/** 'infinity' and '-infinity' dates are held as JS infinities; on the wire they are INT32_MAX / INT32_MIN. */
export const DATE_NOEND = Number.POSITIVE_INFINITY;
export const DATE_NOBEGIN = Number.NEGATIVE_INFINITY;
export const DATEVAL_NOEND = 0x7fffffff;
export const DATEVAL_NOBEGIN = -0x80000000;

// Range limits: Julian day 0 (4714-11-24 BC) up to 5874898-06-03 for dates,
// 294277-01-01 (exclusive) for timestamps.
export const JULIAN_MINYEAR = -4713;
export const JULIAN_MINMONTH = 11;
export const JULIAN_MAXYEAR = 5874898;
export const JULIAN_MAXMONTH = 6;
export const DATETIME_MIN_JULIAN = 0;
export const DATE_END_JULIAN = 2147483494;
export const TIMESTAMP_END_JULIAN = 109203528;
export const MIN_TIMESTAMP = -211813488000000000n;
export const END_TIMESTAMP = 9223371331200000000n;

export const MAX_TIMESTAMP_PRECISION = 6;
export const MAX_TIME_PRECISION = 6;
export const MAX_INTERVAL_PRECISION = 6;

/** Numeric zone offsets are limited to ±15:59:59, as in PostgreSQL. */
export const MAX_TZDISP_HOUR = 15;
export const TZDISP_LIMIT = (MAX_TZDISP_HOUR + 1) * SECS_PER_HOUR;

export const INT32_MIN = -0x80000000;
export const INT32_MAX = 0x7fffffff;
export const INT64_MIN = -0x8000000000000000n;
export const INT64_MAX = 0x7fffffffffffffffn;

/** An interval value, laid out like PostgreSQL's Interval struct. */
export interface Interval {
  readonly months: number;
  readonly days: number;
  readonly micros: bigint;
}

/**
 * A time with time zone. `offsetSec` follows PostgreSQL's internal TimeTzADT
 * convention: seconds WEST of UTC, so '12:00+02' has offsetSec -7200.
 */
export interface TimeTz {
  readonly micros: bigint;
  readonly offsetSec: number;
}
