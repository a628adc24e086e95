/**
 * extract() and date_part() (timestamp.c: timestamp_part_common,
 * interval_part_common; date.c: extract_date, time_part_common,
 * timetz_part_common).
 *
 * extract returns numeric in PostgreSQL 14+; here that is an exact decimal
 * `{ coef, dscale }` meaning coef × 10^-dscale — the same pair numeric.ts's
 * Numeric.of(coef, dscale) takes — so '7.000000' keeps its six places; or
 * 'Infinity' / '-Infinity' for monotonic fields of infinite values, or null
 * where PostgreSQL returns NULL. date_part returns float8 and repeats
 * PostgreSQL's floating-point formulas, so results agree to the last bit.
 */
import { date2isoweek, date2isoyear, date2j, j2date, j2day } from './calendar.js';
import {
  DATE_NOBEGIN,
  type Interval,
  POSTGRES_EPOCH_JDATE,
  TIMESTAMP_NOBEGIN,
  type TimeTz,
  UNIX_EPOCH_JDATE,
  UNIX_EPOCH_OFFSET_USECS,
} from './constants.js';
import { dateToTimestamp } from './convert.js';
import { outOfRange } from './dterr.js';
import { type Tm, emptyTm, time2tm, timestamp2tm } from './fields.js';
import { interval2itm } from './interval-text.js';
import { toLocalTm } from './local.js';
import { isFiniteTimestamp } from './timestamp-io.js';
import { type Field, type TypeName, extractField, notSupported } from './units.js';
import type { Zone } from './zone.js';

export interface ExactDecimal {
  readonly coef: bigint;
  readonly dscale: number;
}

export type ExtractResult = ExactDecimal | 'Infinity' | '-Infinity' | null;

/** The two answers for one field: exact (extract) and float8 (date_part). */
interface Part {
  readonly exact: ExtractResult;
  readonly float: number | null;
}

// `|| 0` turns the -0 that JS integer arithmetic can produce into the 0 C's ints give.
const int = (v: number | bigint): Part => ({ exact: { coef: BigInt(v), dscale: 0 }, float: Number(v) || 0 });
const scaled = (v: bigint, dscale: number, float: number): Part => ({ exact: { coef: v, dscale }, float });

/** The text numeric_out prints for an extract result ('7.000000', 'Infinity'); 'NULL' never appears — null stays null. */
export function extractText(r: Exclude<ExtractResult, null>): string {
  if (typeof r === 'string') return r;
  const neg = r.coef < 0n;
  let digits = (neg ? -r.coef : r.coef).toString();
  if (r.dscale > 0) {
    digits = digits.padStart(r.dscale + 1, '0');
    digits = `${digits.slice(0, -r.dscale)}.${digits.slice(-r.dscale)}`;
  }
  return neg ? `-${digits}` : digits;
}

/** C integer division. */
const div = (a: number, b: number): number => Math.trunc(a / b);

function yearPart(year: number): number {
  return year > 0 ? year : year - 1;
}

function decadePart(year: number): number {
  return year >= 0 ? div(year, 10) : -div(8 - (year - 1), 10);
}

function centuryPart(year: number): number {
  return year > 0 ? div(year + 99, 100) : -div(99 - (year - 1), 100);
}

function millenniumPart(year: number): number {
  return year > 0 ? div(year + 999, 1000) : -div(999 - (year - 1), 1000);
}

function isoyearPart(tm: Tm): number {
  const y = date2isoyear(tm.year, tm.mon, tm.mday);
  return y <= 0 ? y - 1 : y;
}

/** Fields that are the same for date, timestamp and timestamptz. */
function calendarPart(field: Field, tm: Tm): Part | undefined {
  switch (field) {
    case 'day':
      return int(tm.mday);
    case 'month':
      return int(tm.mon);
    case 'quarter':
      return int(div(tm.mon - 1, 3) + 1);
    case 'week':
      return int(date2isoweek(tm.year, tm.mon, tm.mday));
    case 'year':
      return int(yearPart(tm.year));
    case 'decade':
      return int(decadePart(tm.year));
    case 'century':
      return int(centuryPart(tm.year));
    case 'millennium':
      return int(millenniumPart(tm.year));
    case 'isoyear':
      return int(isoyearPart(tm));
    case 'dow':
    case 'isodow': {
      const d = j2day(date2j(tm.year, tm.mon, tm.mday));
      return int(field === 'isodow' && d === 0 ? 7 : d);
    }
    case 'doy':
      return int(date2j(tm.year, tm.mon, tm.mday) - date2j(tm.year, 1, 1) + 1);
    default:
      return undefined;
  }
}

/** Seconds with fraction, milliseconds and microseconds, from sec and µs fields. */
function secondsPart(field: Field, sec: number, usec: number): Part | undefined {
  const total = BigInt(sec) * 1_000_000n + BigInt(usec);
  switch (field) {
    case 'microseconds':
      return int(total);
    case 'milliseconds':
      return scaled(total, 3, sec * 1000.0 + usec / 1000.0);
    case 'second':
      return scaled(total, 6, sec + usec / 1000000.0);
    default:
      return undefined;
  }
}

/** Base-10000 weight and leading digit of a non-negative integer, as numeric stores it. */
function weightAndFirst(n: bigint): [number, bigint] {
  if (n === 0n) return [0, 0n];
  let w = 0;
  let first = n;
  while (first >= 10000n) {
    first /= 10000n;
    w++;
  }
  return [w, first];
}

/** Julian day with the time of day as a fraction, at the scale numeric division picks (select_div_scale). */
function julianPart(tm: Tm): Part {
  const jd = date2j(tm.year, tm.mon, tm.mday);
  const t = BigInt(((tm.hour * 60 + tm.min) * 60 + tm.sec) * 1_000_000 + tm.fsec);
  const d = 86_400_000_000n;
  const [w1, f1] = weightAndFirst(t);
  const [w2, f2] = weightAndFirst(d);
  let qweight = w1 - w2;
  if (f1 <= f2) qweight--;
  const rscale = Math.min(Math.max(16 - qweight * 4, 0), 1000);
  const p = 10n ** BigInt(rscale);
  const q = (2n * t * p + d) / (2n * d);
  const float = jd + (((tm.hour * 60 + tm.min) * 60 + tm.sec + tm.fsec / 1000000.0) / 86400);
  return { exact: { coef: BigInt(jd) * p + q, dscale: rscale }, float };
}

function infinitePart(field: Field, negative: boolean, low: string, type: TypeName): Part {
  switch (field) {
    case 'microseconds':
    case 'milliseconds':
    case 'second':
    case 'minute':
    case 'hour':
    case 'day':
    case 'month':
    case 'quarter':
    case 'week':
    case 'dow':
    case 'isodow':
    case 'doy':
    case 'timezone':
    case 'timezone_minute':
    case 'timezone_hour':
      return { exact: null, float: null };
    case 'year':
    case 'decade':
    case 'century':
    case 'millennium':
    case 'julian':
    case 'isoyear':
    case 'epoch':
      return negative ? { exact: '-Infinity', float: -Infinity } : { exact: 'Infinity', float: Infinity };
    default:
      throw notSupported(low, type);
  }
}

function timestampPart(fieldName: string, ts: bigint, zone: Zone | null): Part {
  const type: TypeName = zone === null ? 'timestamp without time zone' : 'timestamp with time zone';
  const { field, low } = extractField(fieldName, type);
  if (!isFiniteTimestamp(ts)) {
    return infinitePart(field, ts === TIMESTAMP_NOBEGIN, low, type);
  }
  if (field === 'epoch') {
    const v = ts + UNIX_EPOCH_OFFSET_USECS;
    return scaled(v, 6, Number(v) / 1000000.0);
  }
  let tm: Tm;
  let gmtoff = 0;
  if (zone === null) {
    tm = emptyTm();
    if (!timestamp2tm(ts, tm)) throw outOfRange('timestamp out of range');
  } else {
    const local = toLocalTm(ts, zone);
    if (local === null) throw outOfRange('timestamp out of range');
    tm = local.tm;
    gmtoff = local.gmtoff;
  }
  const p = calendarPart(field, tm) ?? secondsPart(field, tm.sec, tm.fsec);
  if (p !== undefined) return p;
  switch (field) {
    case 'minute':
      return int(tm.min);
    case 'hour':
      return int(tm.hour);
    case 'julian':
      return julianPart(tm);
  }
  if (zone !== null) {
    switch (field) {
      case 'timezone':
        return int(gmtoff);
      case 'timezone_minute':
        return int(div(gmtoff, 60) % 60);
      case 'timezone_hour':
        return int(div(gmtoff, 3600));
    }
  }
  throw notSupported(low, type);
}

function datePart(fieldName: string, date: number): Part {
  const { field, low } = extractField(fieldName, 'date');
  if (!Number.isFinite(date)) {
    switch (field) {
      case 'day':
      case 'month':
      case 'quarter':
      case 'week':
      case 'dow':
      case 'isodow':
      case 'doy':
        return { exact: null, float: null };
      case 'year':
      case 'decade':
      case 'century':
      case 'millennium':
      case 'julian':
      case 'isoyear':
      case 'epoch':
        return date === DATE_NOBEGIN ? { exact: '-Infinity', float: -Infinity } : { exact: 'Infinity', float: Infinity };
      default:
        throw notSupported(low, 'date');
    }
  }
  if (field === 'epoch') return int((BigInt(date) + BigInt(POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE)) * 86400n);
  if (field === 'julian') return int(date + POSTGRES_EPOCH_JDATE);
  const tm = emptyTm();
  [tm.year, tm.mon, tm.mday] = j2date(date + POSTGRES_EPOCH_JDATE);
  const p = calendarPart(field, tm);
  if (p === undefined) throw notSupported(low, 'date');
  return p;
}

function timePart(fieldName: string, time: bigint, zoneWest: number | null): Part {
  const type: TypeName = zoneWest === null ? 'time without time zone' : 'time with time zone';
  const { field, low } = extractField(fieldName, type);
  if (field === 'epoch') {
    if (zoneWest === null) return scaled(time, 6, Number(time) / 1000000.0);
    const v = time + BigInt(zoneWest) * 1_000_000n;
    return scaled(v, 6, Number(time) / 1000000.0 + zoneWest);
  }
  const tm = emptyTm();
  time2tm(time, tm);
  const p = secondsPart(field, tm.sec, tm.fsec);
  if (p !== undefined) return p;
  if (field === 'minute') return int(tm.min);
  if (field === 'hour') return int(tm.hour);
  if (zoneWest !== null) {
    if (field === 'timezone') return int(-zoneWest);
    if (field === 'timezone_minute') return int(div(-zoneWest, 60) % 60);
    if (field === 'timezone_hour') return int(div(-zoneWest, 3600));
  }
  throw notSupported(low, type);
}

function intervalPart(fieldName: string, iv: Interval): Part {
  const { field, low } = extractField(fieldName, 'interval');
  if (field === 'epoch') {
    // Years count 365.25 days and months 30, computed exactly in quarter-days.
    const secsFromDayMonth =
      (1461n * BigInt(div(iv.months, 12)) + 120n * BigInt(iv.months % 12) + 4n * BigInt(iv.days)) * 21600n;
    const exact = secsFromDayMonth * 1_000_000n + iv.micros;
    let float = Number(iv.micros) / 1000000.0;
    float += 365.25 * 86400 * div(iv.months, 12);
    float += 30 * 86400 * (iv.months % 12);
    float += 86400 * iv.days;
    return scaled(exact, 6, float);
  }
  const itm = interval2itm(iv);
  const p = secondsPart(field, itm.sec, itm.usec);
  if (p !== undefined) return p;
  switch (field) {
    case 'minute':
      return int(itm.min);
    case 'hour':
      return int(itm.hour);
    case 'day':
      return int(itm.mday);
    case 'month':
      return int(itm.mon);
    case 'quarter':
      return int(div(itm.mon, 3) + 1);
    case 'year':
      return int(itm.year);
    case 'decade':
      return int(div(itm.year, 10));
    case 'century':
      return int(div(itm.year, 100));
    case 'millennium':
      return int(div(itm.year, 1000));
    default:
      throw notSupported(low, 'interval');
  }
}

/** extract(field from timestamp). */
export function extractTimestamp(field: string, ts: bigint): ExtractResult {
  return timestampPart(field, ts, null).exact;
}

/** extract(field from timestamptz), on the calendar of `zone` (the session TimeZone). */
export function extractTimestamptz(field: string, ts: bigint, zone: Zone): ExtractResult {
  return timestampPart(field, ts, zone).exact;
}

export function extractDate(field: string, date: number): ExtractResult {
  return datePart(field, date).exact;
}

export function extractTime(field: string, time: bigint): ExtractResult {
  return timePart(field, time, null).exact;
}

export function extractTimetz(field: string, t: TimeTz): ExtractResult {
  return timePart(field, t.micros, t.offsetSec).exact;
}

export function extractInterval(field: string, iv: Interval): ExtractResult {
  return intervalPart(field, iv).exact;
}

/** date_part(field, timestamp) → float8 (null where PostgreSQL gives NULL). */
export function datePartTimestamp(field: string, ts: bigint): number | null {
  return timestampPart(field, ts, null).float;
}

export function datePartTimestamptz(field: string, ts: bigint, zone: Zone): number | null {
  return timestampPart(field, ts, zone).float;
}

/** date_part(field, date) is date_part(field, date::timestamp) in PostgreSQL. */
export function datePartDate(field: string, date: number): number | null {
  return timestampPart(field, dateToTimestamp(date), null).float;
}

export function datePartTime(field: string, time: bigint): number | null {
  return timePart(field, time, null).float;
}

export function datePartTimetz(field: string, t: TimeTz): number | null {
  return timePart(field, t.micros, t.offsetSec).float;
}

export function datePartInterval(field: string, iv: Interval): number | null {
  return intervalPart(field, iv).float;
}
