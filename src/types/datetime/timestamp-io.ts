/** Text I/O of timestamp and timestamptz (timestamp.c: timestamp_in/out, timestamptz_in/out). */
import type { IoContext } from '../type.js';
import { TIMESTAMP_NOBEGIN, TIMESTAMP_NOEND, UNIX_EPOCH_OFFSET_USECS } from './constants.js';
import { decodeEnv } from './context.js';
import { type DecodedDateTime, decodeDateTime } from './decode-datetime.js';
import { dateTimeParseError, outOfRange } from './dterr.js';
import { encodeDateTime } from './encode.js';
import { emptyTm, timestamp2tm, tm2timestamp } from './fields.js';
import { DATETIME_BUFLEN, parseDateTime } from './lex.js';
import { parseIsoFast } from './fast-iso.js';
import { gmtoffForLocalTm, toLocalTm, unixSeconds } from './local.js';
import { parseDateStyle } from './style.js';
import { adjustTimestampForTypmod } from './typmod.js';
import { abbrevAt, sessionZone } from './zone.js';

/** 1970-01-01 00:00:00 as a timestamp ('epoch'). */
export const EPOCH_TIMESTAMP = -UNIX_EPOCH_OFFSET_USECS;

export function isFiniteTimestamp(ts: bigint): boolean {
  return ts !== TIMESTAMP_NOBEGIN && ts !== TIMESTAMP_NOEND;
}

function decode(str: string, typeName: string, ctx: IoContext, now?: bigint): DecodedDateTime {
  const fields = parseDateTime(str, DATETIME_BUFLEN);
  const r = typeof fields === 'number' ? fields : decodeDateTime(fields, decodeEnv(ctx, now));
  if (typeof r === 'number') throw dateTimeParseError(r, str, typeName);
  return r;
}

function special(d: DecodedDateTime): bigint | null {
  switch (d.dtype) {
    case 'epoch':
      return EPOCH_TIMESTAMP;
    case 'late':
      return TIMESTAMP_NOEND;
    case 'early':
      return TIMESTAMP_NOBEGIN;
    default:
      return null;
  }
}

/** timestamp input; any zone in the text is checked but ignored. `now` is for 'now'/'today'. */
export function parseTimestamp(str: string, typmod: number, ctx: IoContext, now?: bigint): bigint {
  const fast = parseIsoFast(str);
  if (fast !== null) {
    const ts = tm2timestamp(fast.tm);
    if (ts !== null) return adjustTimestampForTypmod(ts, typmod);
  }
  const d = decode(str, 'timestamp', ctx, now);
  let ts = special(d);
  if (ts === null) {
    ts = tm2timestamp(d.tm);
    if (ts === null) throw outOfRange(`timestamp out of range: "${str}"`);
  }
  return adjustTimestampForTypmod(ts, typmod);
}

/** timestamptz input: the text's zone, else the session TimeZone, gives the offset. */
export function parseTimestamptz(str: string, typmod: number, ctx: IoContext, now?: bigint): bigint {
  const fast = parseIsoFast(str);
  if (fast !== null) {
    const tzWest = fast.tzWest ?? -gmtoffForLocalTm(fast.tm, sessionZone(ctx.timeZone));
    const ts = tm2timestamp(fast.tm, tzWest);
    if (ts !== null) return adjustTimestampForTypmod(ts, typmod);
  }
  const d = decode(str, 'timestamp with time zone', ctx, now);
  let ts = special(d);
  if (ts === null) {
    ts = tm2timestamp(d.tm, d.tzWest);
    if (ts === null) throw outOfRange(`timestamp out of range: "${str}"`);
  }
  return adjustTimestampForTypmod(ts, typmod);
}

function specialText(ts: bigint): string | null {
  if (ts === TIMESTAMP_NOEND) return 'infinity';
  if (ts === TIMESTAMP_NOBEGIN) return '-infinity';
  return null;
}

export function formatTimestamp(ts: bigint, ctx: IoContext): string {
  const sp = specialText(ts);
  if (sp !== null) return sp;
  const tm = emptyTm();
  if (!timestamp2tm(ts, tm)) throw outOfRange('timestamp out of range');
  return encodeDateTime(tm, parseDateStyle(ctx.dateStyle));
}

/** timestamptz output, in the session TimeZone. */
export function formatTimestamptz(ts: bigint, ctx: IoContext): string {
  const sp = specialText(ts);
  if (sp !== null) return sp;
  const zone = sessionZone(ctx.timeZone);
  const local = toLocalTm(ts, zone);
  if (local === null) throw outOfRange('timestamp out of range');
  const ds = parseDateStyle(ctx.dateStyle);
  const abbrev = ds.style === 'ISO' ? null : abbrevAt(zone, unixSeconds(ts)).slice(0, 10);
  return encodeDateTime(local.tm, ds, { tzWest: -local.gmtoff, abbrev });
}
