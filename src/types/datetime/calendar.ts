/**
 * Proleptic Gregorian calendar arithmetic on Julian day numbers, the same
 * integer algorithms PostgreSQL uses (datetime.c: date2j, j2date, j2day), so
 * that every year from 4713 BC on maps exactly as it does there. Years are
 * astronomical: 1 BC is year 0.
 */
import {
  DATE_END_JULIAN,
  DATETIME_MIN_JULIAN,
  END_TIMESTAMP,
  JULIAN_MAXMONTH,
  JULIAN_MAXYEAR,
  JULIAN_MINMONTH,
  JULIAN_MINYEAR,
  MIN_TIMESTAMP,
  POSTGRES_EPOCH_JDATE,
} from './constants.js';

const DAYS_IN_MONTH = [
  [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
  [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
];

export const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** C integer division (truncates toward zero). */
export function idiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

export function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

export function daysInMonth(year: number, month: number): number {
  return DAYS_IN_MONTH[isLeap(year) ? 1 : 0][month - 1];
}

export function date2j(year: number, month: number, day: number): number {
  let y = year;
  let m = month;
  if (m > 2) {
    m += 1;
    y += 4800;
  } else {
    m += 13;
    y += 4799;
  }
  const century = idiv(y, 100);
  let julian = y * 365 - 32167;
  julian += idiv(y, 4) - century + idiv(century, 4);
  julian += idiv(7834 * m, 256) + day;
  return julian;
}

/** Julian day to [year, month, day]; valid for non-negative day numbers. */
export function j2date(jd: number): [number, number, number] {
  let julian = jd + 32044;
  let quad = Math.floor(julian / 146097);
  const extra = (julian - quad * 146097) * 4 + 3;
  julian += 60 + quad * 3 + Math.floor(extra / 146097);
  quad = Math.floor(julian / 1461);
  julian -= quad * 1461;
  let y = Math.floor((julian * 4) / 1461);
  julian = (y !== 0 ? (julian + 305) % 365 : (julian + 306) % 366) + 123;
  y += quad * 4;
  const year = y - 4800;
  quad = Math.floor((julian * 2141) / 65536);
  const day = julian - Math.floor((7834 * quad) / 256);
  const month = ((quad + 10) % 12) + 1;
  return [year, month, day];
}

/** Day of week of a Julian day, 0 = Sunday. */
export function j2day(jd: number): number {
  const d = (jd + 1) % 7;
  return d < 0 ? d + 7 : d;
}

/** Whether a date is inside the range the Julian-day routines handle. */
export function isValidJulian(y: number, m: number): boolean {
  return (
    (y > JULIAN_MINYEAR || (y === JULIAN_MINYEAR && m >= JULIAN_MINMONTH)) &&
    (y < JULIAN_MAXYEAR || (y === JULIAN_MAXYEAR && m < JULIAN_MAXMONTH))
  );
}

/** Whether a day count since 2000-01-01 is a valid finite date. */
export function isValidDate(d: number): boolean {
  return d >= DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE && d < DATE_END_JULIAN - POSTGRES_EPOCH_JDATE;
}

export function isValidTimestamp(t: bigint): boolean {
  return t >= MIN_TIMESTAMP && t < END_TIMESTAMP;
}

/** Julian day of the Monday starting ISO week `week` of ISO year `year`. */
export function isoweek2j(year: number, week: number): number {
  const day4 = date2j(year, 1, 4);
  const day0 = j2day(day4 - 1);
  return (week - 1) * 7 + (day4 - day0);
}

export function date2isoweek(year: number, mon: number, mday: number): number {
  const dayn = date2j(year, mon, mday);
  let day4 = date2j(year, 1, 4);
  let day0 = j2day(day4 - 1);
  // The first ISO week is the one containing a Thursday.
  if (dayn < day4 - day0) {
    day4 = date2j(year - 1, 1, 4);
    day0 = j2day(day4 - 1);
  }
  let result = idiv(dayn - (day4 - day0), 7) + 1;
  // The last days of December can fall into week 1 of the next year.
  if (result >= 52) {
    day4 = date2j(year + 1, 1, 4);
    day0 = j2day(day4 - 1);
    if (dayn >= day4 - day0) result = idiv(dayn - (day4 - day0), 7) + 1;
  }
  return result;
}

export function date2isoyear(year: number, mon: number, mday: number): number {
  let y = year;
  const dayn = date2j(y, mon, mday);
  let day4 = date2j(y, 1, 4);
  let day0 = j2day(day4 - 1);
  if (dayn < day4 - day0) {
    day4 = date2j(y - 1, 1, 4);
    day0 = j2day(day4 - 1);
    y--;
  }
  const result = idiv(dayn - (day4 - day0), 7) + 1;
  if (result >= 52) {
    day4 = date2j(y + 1, 1, 4);
    day0 = j2day(day4 - 1);
    if (dayn >= day4 - day0) y++;
  }
  return y;
}
