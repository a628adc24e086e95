/**
 * date_trunc (timestamp.c: timestamp_trunc, timestamptz_trunc_internal,
 * interval_trunc). Truncating a timestamptz to a day or longer happens on the
 * local calendar of the given zone and takes that zone's offset at the
 * truncated time; shorter units keep the original offset. Week truncation
 * goes to the ISO week's Monday; centuries and millennia start at year 1.
 */
import { date2isoweek, isoweek2j, j2date } from './calendar.js';
import type { Interval } from './constants.js';
import { outOfRange } from './dterr.js';
import { type Tm, emptyTm, timestamp2tm, tm2timestamp } from './fields.js';
import { interval2itm } from './interval-text.js';
import { gmtoffForLocalTm, toLocalTm } from './local.js';
import { isFiniteTimestamp } from './timestamp-io.js';
import type { Unit } from './tokens.js';
import { type TypeName, notSupported, truncUnit } from './units.js';
import type { Zone } from './zone.js';

/** Truncates fields in place; returns false for units that cannot truncate a timestamp. */
function truncTm(tm: Tm, unit: Unit): boolean {
  const units: Unit[] = ['millennium', 'century', 'decade', 'year', 'quarter', 'month', 'day', 'hour', 'minute', 'second'];
  if (unit === 'week') {
    const woy = date2isoweek(tm.year, tm.mon, tm.mday);
    // Early-January days of week 52/53 belong to the previous ISO year; late-December days of week 1 to the next.
    if (woy >= 52 && tm.mon === 1) tm.year--;
    if (woy <= 1 && tm.mon === 12) tm.year++;
    [tm.year, tm.mon, tm.mday] = j2date(isoweek2j(tm.year, woy));
    tm.hour = 0;
    tm.min = 0;
    tm.sec = 0;
    tm.fsec = 0;
    return true;
  }
  if (unit === 'milliseconds') {
    tm.fsec = Math.trunc(tm.fsec / 1000) * 1000;
    return true;
  }
  if (unit === 'microseconds') return true;
  const start = units.indexOf(unit);
  if (start < 0) return false;
  // Each unit also clears every smaller one (PostgreSQL's fall-through switch).
  for (const u of units.slice(start)) {
    switch (u) {
      case 'millennium':
        tm.year = tm.year > 0 ? Math.trunc((tm.year + 999) / 1000) * 1000 - 999 : -Math.trunc((999 - (tm.year - 1)) / 1000) * 1000 + 1;
        break;
      case 'century':
        tm.year = tm.year > 0 ? Math.trunc((tm.year + 99) / 100) * 100 - 99 : -Math.trunc((99 - (tm.year - 1)) / 100) * 100 + 1;
        break;
      case 'decade':
        if (unit !== 'millennium' && unit !== 'century') {
          tm.year = tm.year > 0 ? Math.trunc(tm.year / 10) * 10 : -Math.trunc((8 - (tm.year - 1)) / 10) * 10;
        }
        break;
      case 'year':
        tm.mon = 1;
        break;
      case 'quarter':
        tm.mon = 3 * Math.trunc((tm.mon - 1) / 3) + 1;
        break;
      case 'month':
        tm.mday = 1;
        break;
      case 'day':
        tm.hour = 0;
        break;
      case 'hour':
        tm.min = 0;
        break;
      case 'minute':
        tm.sec = 0;
        break;
      default:
        tm.fsec = 0;
    }
  }
  return true;
}

const tsType: TypeName = 'timestamp without time zone';
const tstzType: TypeName = 'timestamp with time zone';

/** date_trunc(field, timestamp). */
export function truncTimestamp(field: string, ts: bigint): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  const { unit, low } = truncUnit(field, tsType);
  const tm = emptyTm();
  if (!timestamp2tm(ts, tm)) throw outOfRange('timestamp out of range');
  if (!truncTm(tm, unit)) throw notSupported(low, tsType);
  const r = tm2timestamp(tm);
  if (r === null) throw outOfRange('timestamp out of range');
  return r;
}

/** date_trunc(field, timestamptz[, zone]) on the calendar of `zone`. */
export function truncTimestamptz(field: string, ts: bigint, zone: Zone): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  const { unit, low } = truncUnit(field, tstzType);
  const local = toLocalTm(ts, zone);
  if (local === null) throw outOfRange('timestamp out of range');
  const { tm } = local;
  if (!truncTm(tm, unit)) throw notSupported(low, tstzType);
  const redo = unit !== 'hour' && unit !== 'minute' && unit !== 'second' && unit !== 'milliseconds' && unit !== 'microseconds';
  const gmtoff = redo ? gmtoffForLocalTm(tm, zone) : local.gmtoff;
  const r = tm2timestamp(tm, -gmtoff);
  if (r === null) throw outOfRange('timestamp out of range');
  return r;
}

/** date_trunc(field, interval): zeroes the fields below `field`. */
export function truncInterval(field: string, iv: Interval): Interval {
  const { unit, low } = truncUnit(field, 'interval');
  const itm = interval2itm(iv);
  const order: Unit[] = ['millennium', 'century', 'decade', 'year', 'quarter', 'month', 'day', 'hour', 'minute', 'second'];
  if (unit === 'milliseconds') itm.usec = Math.trunc(itm.usec / 1000) * 1000;
  else if (unit !== 'microseconds') {
    const start = order.indexOf(unit);
    if (start < 0) {
      throw notSupported(low, 'interval', unit === 'week' ? 'Months usually have fractional weeks.' : undefined);
    }
    for (const u of order.slice(start)) {
      switch (u) {
        case 'millennium':
          itm.year = Math.trunc(itm.year / 1000) * 1000;
          break;
        case 'century':
          itm.year = Math.trunc(itm.year / 100) * 100;
          break;
        case 'decade':
          itm.year = Math.trunc(itm.year / 10) * 10;
          break;
        case 'year':
          itm.mon = 0;
          break;
        case 'quarter':
          itm.mon = 3 * Math.trunc(itm.mon / 3);
          break;
        case 'month':
          itm.mday = 0;
          break;
        case 'day':
          itm.hour = 0n;
          break;
        case 'hour':
          itm.min = 0;
          break;
        case 'minute':
          itm.sec = 0;
          break;
        default:
          itm.usec = 0;
      }
    }
  }
  const months = itm.year * 12 + itm.mon;
  if (months > 2147483647 || months < -2147483648) throw outOfRange('interval out of range');
  const micros = itm.hour * 3_600_000_000n + BigInt(itm.min) * 60_000_000n + BigInt(itm.sec) * 1_000_000n + BigInt(itm.usec);
  return { months, days: itm.mday, micros };
}
