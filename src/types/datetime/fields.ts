/**
 * Broken-down date/time fields (PostgreSQL's struct pg_tm plus fsec) and the
 * conversions between them and the packed microsecond representations.
 */
import { date2j, isValidJulian, isValidTimestamp, j2date } from './calendar.js';
import { INT32_MAX, POSTGRES_EPOCH_JDATE, USECS_PER_DAY, USECS_PER_HOUR, USECS_PER_MINUTE, USECS_PER_SEC } from './constants.js';

/** Calendar fields with an astronomical year (1 BC = 0) and fsec in microseconds. */
export interface Tm {
  year: number;
  mon: number;
  mday: number;
  hour: number;
  min: number;
  sec: number;
  fsec: number;
}

export function emptyTm(): Tm {
  return { year: 0, mon: 0, mday: 0, hour: 0, min: 0, sec: 0, fsec: 0 };
}

/** Splits a time of day in microseconds into fields. */
export function time2tm(time: bigint, tm: Tm): void {
  if (time >= 0n && time <= USECS_PER_DAY) {
    // The common case in plain doubles, exact below 2^53 and much cheaper than BigInt.
    const t = Number(time);
    const hour = Math.floor(t / 3_600_000_000);
    let rest = t - hour * 3_600_000_000;
    const min = Math.floor(rest / 60_000_000);
    rest -= min * 60_000_000;
    const sec = Math.floor(rest / 1_000_000);
    tm.hour = hour;
    tm.min = min;
    tm.sec = sec;
    tm.fsec = rest - sec * 1_000_000;
    return;
  }
  const hour = time / USECS_PER_HOUR;
  let rest = time - hour * USECS_PER_HOUR;
  const min = rest / USECS_PER_MINUTE;
  rest -= min * USECS_PER_MINUTE;
  const sec = rest / USECS_PER_SEC;
  tm.hour = Number(hour);
  tm.min = Number(min);
  tm.sec = Number(sec);
  tm.fsec = Number(rest - sec * USECS_PER_SEC);
}

export function tm2time(hour: number, min: number, sec: number, fsec: number): bigint {
  return BigInt(((hour * 60 + min) * 60 + sec) * 1_000_000 + fsec);
}

/**
 * Splits a timestamp (µs since 2000-01-01, already shifted to local time if
 * needed) into fields. Returns false when the day is outside Julian range.
 */
export function timestamp2tm(dt: bigint, tm: Tm): boolean {
  let date = dt / USECS_PER_DAY;
  let time = dt - date * USECS_PER_DAY;
  if (time < 0n) {
    time += USECS_PER_DAY;
    date -= 1n;
  }
  const jd = Number(date) + POSTGRES_EPOCH_JDATE;
  if (jd < 0 || jd > INT32_MAX) return false;
  const [y, m, d] = j2date(jd);
  tm.year = y;
  tm.mon = m;
  tm.mday = d;
  time2tm(time, tm);
  return true;
}

/**
 * Packs fields into a timestamp, then shifts by `tzWest` seconds (the zone
 * offset west of UTC) when given. Returns null when out of range.
 */
export function tm2timestamp(tm: Tm, tzWest?: number): bigint | null {
  if (!isValidJulian(tm.year, tm.mon)) return null;
  const date = BigInt(date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE);
  const time = tm2time(tm.hour, tm.min, tm.sec, tm.fsec);
  let result = date * USECS_PER_DAY + time;
  // Allow 1999-12-31 24:00:00 but nothing that wraps across the epoch.
  if ((result < 0n && date > 0n) || (result > 0n && date < -1n)) return null;
  if (tzWest !== undefined) result += BigInt(tzWest) * USECS_PER_SEC;
  if (!isValidTimestamp(result)) return null;
  return result;
}

/** Whether hour/min/sec/fsec exceed a day (24:00:00 itself is allowed). */
export function timeOverflows(hour: number, min: number, sec: number, fsec: number): boolean {
  if (hour < 0 || hour > 24 || min < 0 || min > 59 || sec < 0 || sec > 60 || fsec < 0 || fsec > 1_000_000) return true;
  return ((hour * 60 + min) * 60 + sec) * 1_000_000 + fsec > 86_400_000_000;
}
