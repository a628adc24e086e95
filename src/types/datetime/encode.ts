/**
 * Text output of dates, times and timestamps in every DateStyle
 * (datetime.c: EncodeDateOnly, EncodeTimeOnly, EncodeDateTime,
 * EncodeTimezone, AppendSeconds).
 */
import { DAY_NAMES, MONTH_NAMES, date2j, j2day } from './calendar.js';
import type { Tm } from './fields.js';
import type { DateStyle } from './style.js';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Years print as 4+ digits; BC years count back from 1 (year 0 is 1 BC). */
function yearText(year: number): string {
  return pad(year > 0 ? year : -(year - 1), 4);
}

/**
 * Seconds with up to `precision` fraction digits and trailing zeros trimmed;
 * signs are dropped (callers print them).
 */
export function appendSeconds(sec: number, fsec: number, precision: number, fillzeros: boolean): string {
  const whole = fillzeros ? pad(Math.abs(sec), 2) : String(Math.abs(sec));
  if (fsec === 0) return whole;
  const digits = String(Math.abs(fsec));
  if (digits.length > precision) return `${whole}.${digits}`;
  return `${whole}.${digits.padStart(precision, '0').replace(/0+$/, '')}`;
}

/** A zone offset as ISO prints it: '+05', '-03:30', '+04:56:02'. `tzWest` is seconds west of UTC. */
export function encodeTimezone(tzWest: number): string {
  let sec = Math.abs(tzWest);
  let min = Math.floor(sec / 60);
  sec -= min * 60;
  const hour = Math.floor(min / 60);
  min -= hour * 60;
  const sign = tzWest <= 0 ? '+' : '-';
  if (sec !== 0) return `${sign}${pad(hour, 2)}:${pad(min, 2)}:${pad(sec, 2)}`;
  if (min !== 0) return `${sign}${pad(hour, 2)}:${pad(min, 2)}`;
  return `${sign}${pad(hour, 2)}`;
}

export function encodeDateOnly(tm: Tm, ds: DateStyle): string {
  let s: string;
  switch (ds.style) {
    case 'ISO':
      s = `${yearText(tm.year)}-${pad(tm.mon, 2)}-${pad(tm.mday, 2)}`;
      break;
    case 'SQL':
      s = ds.order === 'DMY' ? `${pad(tm.mday, 2)}/${pad(tm.mon, 2)}` : `${pad(tm.mon, 2)}/${pad(tm.mday, 2)}`;
      s += `/${yearText(tm.year)}`;
      break;
    case 'GERMAN':
      s = `${pad(tm.mday, 2)}.${pad(tm.mon, 2)}.${yearText(tm.year)}`;
      break;
    default:
      s = ds.order === 'DMY' ? `${pad(tm.mday, 2)}-${pad(tm.mon, 2)}` : `${pad(tm.mon, 2)}-${pad(tm.mday, 2)}`;
      s += `-${yearText(tm.year)}`;
  }
  return tm.year <= 0 ? `${s} BC` : s;
}

/** A time of day; `tzWest` given means append the offset (timetz). */
export function encodeTimeOnly(tm: Tm, tzWest?: number): string {
  const s = `${pad(tm.hour, 2)}:${pad(tm.min, 2)}:${appendSeconds(tm.sec, tm.fsec, 6, true)}`;
  return tzWest === undefined ? s : s + encodeTimezone(tzWest);
}

/**
 * A timestamp. With `tz` (timestamptz) the offset or abbreviation is
 * appended: ISO always prints the numeric offset, the other styles the
 * abbreviation when there is one.
 */
export function encodeDateTime(tm: Tm, ds: DateStyle, tz?: { tzWest: number; abbrev: string | null }): string {
  const hms = `${pad(tm.hour, 2)}:${pad(tm.min, 2)}:${appendSeconds(tm.sec, tm.fsec, 6, true)}`;
  const zoneText = (): string => {
    if (tz === undefined) return '';
    return tz.abbrev !== null ? ` ${tz.abbrev}` : encodeTimezone(tz.tzWest);
  };
  let s: string;
  switch (ds.style) {
    case 'ISO':
      s = `${yearText(tm.year)}-${pad(tm.mon, 2)}-${pad(tm.mday, 2)} ${hms}`;
      if (tz !== undefined) s += encodeTimezone(tz.tzWest);
      break;
    case 'SQL':
      s = ds.order === 'DMY' ? `${pad(tm.mday, 2)}/${pad(tm.mon, 2)}` : `${pad(tm.mon, 2)}/${pad(tm.mday, 2)}`;
      s += `/${yearText(tm.year)} ${hms}${zoneText()}`;
      break;
    case 'GERMAN':
      s = `${pad(tm.mday, 2)}.${pad(tm.mon, 2)}.${yearText(tm.year)} ${hms}${zoneText()}`;
      break;
    default: {
      const dow = DAY_NAMES[j2day(date2j(tm.year, tm.mon, tm.mday))].slice(0, 3);
      const month = MONTH_NAMES[tm.mon - 1];
      s = ds.order === 'DMY' ? `${dow} ${pad(tm.mday, 2)} ${month}` : `${dow} ${month} ${pad(tm.mday, 2)}`;
      s += ` ${hms} ${yearText(tm.year)}`;
      if (tz !== undefined) s += tz.abbrev !== null ? ` ${tz.abbrev}` : ` ${encodeTimezone(tz.tzWest)}`;
    }
  }
  return tm.year <= 0 ? `${s} BC` : s;
}
