/**
 * Interval text output in the four IntervalStyles (datetime.c:
 * EncodeInterval), from the fields interval2itm splits out: years and
 * months from `months`, days as stored, and hours/minutes/seconds from
 * `micros` — never carried between those three groups.
 */
import { appendSeconds } from './encode.js';
import type { Interval } from './constants.js';
import type { IntervalStyle } from './style.js';

interface Itm {
  year: number;
  mon: number;
  mday: number;
  hour: bigint;
  min: number;
  sec: number;
  usec: number;
}

export function interval2itm(iv: Interval): Itm {
  let time = iv.micros;
  const hour = time / 3_600_000_000n;
  time -= hour * 3_600_000_000n;
  const min = time / 60_000_000n;
  time -= min * 60_000_000n;
  const sec = time / 1_000_000n;
  return {
    year: Math.trunc(iv.months / 12),
    mon: iv.months % 12,
    mday: iv.days,
    hour,
    min: Number(min),
    sec: Number(sec),
    usec: Number(time - sec * 1_000_000n),
  };
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

export function encodeInterval(iv: Interval, style: IntervalStyle): string {
  const { year, mon, mday, hour, min, sec, usec } = interval2itm(iv);
  switch (style) {
    case 'sql_standard':
      return sqlStandard(year, mon, mday, hour, min, sec, usec);
    case 'iso_8601':
      return iso8601(year, mon, mday, hour, min, sec, usec);
    case 'postgres':
      return postgres(year, mon, mday, hour, min, sec, usec);
    default:
      return postgresVerbose(year, mon, mday, hour, min, sec, usec);
  }
}

function postgres(year: number, mon: number, mday: number, hour: bigint, min: number, sec: number, usec: number): string {
  let s = '';
  let isZero = true;
  let isBefore = false;
  // Each nonzero field makes only the next one print a '+' when positive.
  const part = (value: number, unit: string): void => {
    if (value === 0) return;
    s += `${isZero ? '' : ' '}${isBefore && value > 0 ? '+' : ''}${value} ${unit}${value !== 1 ? 's' : ''}`;
    isBefore = value < 0;
    isZero = false;
  };
  part(year, 'year');
  part(mon, 'mon');
  part(mday, 'day');
  if (isZero || hour !== 0n || min !== 0 || sec !== 0 || usec !== 0) {
    const minus = hour < 0n || min < 0 || sec < 0 || usec < 0;
    s += `${isZero ? '' : ' '}${minus ? '-' : isBefore ? '+' : ''}${String(abs(hour)).padStart(2, '0')}:`;
    s += `${String(Math.abs(min)).padStart(2, '0')}:${appendSeconds(sec, usec, 6, true)}`;
  }
  return s;
}

function postgresVerbose(year: number, mon: number, mday: number, hour: bigint, min: number, sec: number, usec: number): string {
  let s = '@';
  let isZero = true;
  let isBefore = false;
  // The first nonzero field's sign becomes a trailing 'ago'; later fields print relative to it.
  const part = (v: number | bigint, unit: string): void => {
    let value = BigInt(v);
    if (value === 0n) return;
    if (isZero) {
      isBefore = value < 0n;
      value = abs(value);
    } else if (isBefore) {
      value = -value;
    }
    s += ` ${value} ${unit}${value === 1n ? '' : 's'}`;
    isZero = false;
  };
  part(year, 'year');
  part(mon, 'mon');
  part(mday, 'day');
  part(hour, 'hour');
  part(min, 'min');
  if (sec !== 0 || usec !== 0) {
    s += ' ';
    if (sec < 0 || (sec === 0 && usec < 0)) {
      if (isZero) isBefore = true;
      else if (!isBefore) s += '-';
    } else if (isBefore) {
      s += '-';
    }
    s += `${appendSeconds(sec, usec, 6, false)} sec${Math.abs(sec) !== 1 || usec !== 0 ? 's' : ''}`;
    isZero = false;
  }
  if (isZero) s += ' 0';
  if (isBefore) s += ' ago';
  return s;
}

function iso8601(year: number, mon: number, mday: number, hour: bigint, min: number, sec: number, usec: number): string {
  if (year === 0 && mon === 0 && mday === 0 && hour === 0n && min === 0 && sec === 0 && usec === 0) return 'PT0S';
  const part = (v: number | bigint, unit: string): string => (v === 0 || v === 0n ? '' : `${v}${unit}`);
  let s = 'P' + part(year, 'Y') + part(mon, 'M') + part(mday, 'D');
  if (hour !== 0n || min !== 0 || sec !== 0 || usec !== 0) s += 'T';
  s += part(hour, 'H') + part(min, 'M');
  if (sec !== 0 || usec !== 0) {
    if (sec < 0 || usec < 0) s += '-';
    s += appendSeconds(sec, usec, 6, false) + 'S';
  }
  return s;
}

function sqlStandard(y: number, mo: number, d: number, h: bigint, mi: number, se: number, us: number): string {
  let year = y;
  let mon = mo;
  let mday = d;
  let hour = h;
  let min = mi;
  let sec = se;
  let usec = us;
  const hasNegative = year < 0 || mon < 0 || mday < 0 || hour < 0n || min < 0 || sec < 0 || usec < 0;
  const hasPositive = year > 0 || mon > 0 || mday > 0 || hour > 0n || min > 0 || sec > 0 || usec > 0;
  const hasYearMonth = year !== 0 || mon !== 0;
  const hasDayTime = mday !== 0 || hour !== 0n || min !== 0 || sec !== 0 || usec !== 0;
  const hasDay = mday !== 0;
  const sqlStandardValue = !(hasNegative && hasPositive) && !(hasYearMonth && hasDayTime);
  let s = '';
  // The standard allows one leading sign only, so mixed signs force explicit signs on every part.
  if (hasNegative && sqlStandardValue) {
    s = '-';
    year = -year;
    mon = -mon;
    mday = -mday;
    hour = -hour;
    min = -min;
    sec = -sec;
    usec = -usec;
  }
  const minSec = (): string => `${String(Math.abs(min)).padStart(2, '0')}:${appendSeconds(sec, usec, 6, true)}`;
  if (!hasNegative && !hasPositive) return s + '0';
  if (!sqlStandardValue) {
    const yearSign = year < 0 || mon < 0 ? '-' : '+';
    const daySign = mday < 0 ? '-' : '+';
    const secSign = hour < 0n || min < 0 || sec < 0 || usec < 0 ? '-' : '+';
    return `${s}${yearSign}${Math.abs(year)}-${Math.abs(mon)} ${daySign}${Math.abs(mday)} ${secSign}${abs(hour)}:${minSec()}`;
  }
  if (hasYearMonth) return `${s}${year}-${mon}`;
  if (hasDay) return `${s}${mday} ${hour}:${minSec()}`;
  return `${s}${hour}:${minSec()}`;
}
