/**
 * Text I/O of time and timetz (date.c: time_in/out, timetz_in/out). A time
 * is µs since midnight (24:00:00 allowed); a timetz adds its offset in
 * seconds WEST of UTC.
 */
import type { IoContext } from '../type.js';
import type { TimeTz } from './constants.js';
import { decodeEnv } from './context.js';
import { type DecodedTime, decodeTimeOnly } from './decode-time.js';
import { dateTimeParseError } from './dterr.js';
import { encodeTimeOnly } from './encode.js';
import { emptyTm, time2tm, tm2time } from './fields.js';
import { DATETIME_BUFLEN, parseDateTime } from './lex.js';
import { adjustTimeForTypmod } from './typmod.js';

function decode(str: string, typeName: string, ctx: IoContext, now?: bigint): DecodedTime {
  const fields = parseDateTime(str, DATETIME_BUFLEN);
  const d = typeof fields === 'number' ? fields : decodeTimeOnly(fields, decodeEnv(ctx, now));
  if (typeof d === 'number') throw dateTimeParseError(d, str, typeName);
  return d;
}

export function parseTime(str: string, typmod: number, ctx: IoContext, now?: bigint): bigint {
  const { tm } = decode(str, 'time', ctx, now);
  return adjustTimeForTypmod(tm2time(tm.hour, tm.min, tm.sec, tm.fsec), typmod);
}

/** timetz input; without a zone in the text the session zone's offset today applies. */
export function parseTimetz(str: string, typmod: number, ctx: IoContext, now?: bigint): TimeTz {
  const { tm, tzWest } = decode(str, 'time with time zone', ctx, now);
  return { micros: adjustTimeForTypmod(tm2time(tm.hour, tm.min, tm.sec, tm.fsec), typmod), offsetSec: tzWest };
}

export function formatTime(time: bigint): string {
  const tm = emptyTm();
  time2tm(time, tm);
  return encodeTimeOnly(tm);
}

export function formatTimetz(t: TimeTz): string {
  const tm = emptyTm();
  time2tm(t.micros, tm);
  return encodeTimeOnly(tm, t.offsetSec);
}
