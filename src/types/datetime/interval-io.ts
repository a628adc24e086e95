/** Text I/O of interval (timestamp.c: interval_in, interval_out). */
import { PgError, SqlState } from '../errors.js';
import type { IoContext } from '../type.js';
import type { Interval } from './constants.js';
import { decodeInterval } from './decode-interval.js';
import { decodeIso8601Interval } from './decode-interval-iso.js';
import type { ItmIn } from './interval-accum.js';
import { DTERR_BAD_FORMAT, DTERR_FIELD_OVERFLOW, DTERR_INTERVAL_OVERFLOW, dateTimeParseError } from './dterr.js';
import { encodeInterval } from './interval-text.js';
import { INTERVAL_BUFLEN, parseDateTime } from './lex.js';
import { parseIntervalStyle } from './style.js';
import { adjustIntervalForTypmod, intervalRange } from './typmod.js';

export function parseInterval(str: string, typmod: number, ctx: IoContext): Interval {
  const style = parseIntervalStyle(ctx.intervalStyle);
  let itm: ItmIn = { usec: 0n, mday: 0, mon: 0, year: 0 };
  const fields = parseDateTime(str, INTERVAL_BUFLEN);
  let dterr = typeof fields === 'number' ? fields : decodeInterval(fields, intervalRange(typmod), style, itm);
  // PostgreSQL falls back to ISO 8601 syntax only on a format error.
  if (dterr === DTERR_BAD_FORMAT) {
    itm = { usec: 0n, mday: 0, mon: 0, year: 0 };
    dterr = decodeIso8601Interval(str, itm);
  }
  if (dterr !== 0) {
    throw dateTimeParseError(dterr === DTERR_FIELD_OVERFLOW ? DTERR_INTERVAL_OVERFLOW : dterr, str, 'interval');
  }
  const months = itm.year * 12 + itm.mon;
  if (months > 2147483647 || months < -2147483648) {
    throw new PgError(SqlState.DatetimeFieldOverflow, 'interval out of range');
  }
  return adjustIntervalForTypmod({ months, days: itm.mday, micros: itm.usec }, typmod);
}

export function formatInterval(iv: Interval, ctx: IoContext): string {
  return encodeInterval(iv, parseIntervalStyle(ctx.intervalStyle));
}
