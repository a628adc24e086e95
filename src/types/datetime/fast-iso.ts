/**
 * A fast path for the canonical ISO forms that clients and COPY send almost
 * always — 'YYYY-MM-DD', 'YYYY-MM-DD hh:mm:ss[.ffffff][±hh[:mm]]' (space or
 * 'T') — decoded without the general tokenizer. It accepts only input whose
 * meaning is unambiguous and in range, and returns null for everything else
 * so the general decoder (and its error messages) handles it; the results
 * are the ones the general decoder gives.
 */
import { daysInMonth } from './calendar.js';
import { type Tm, emptyTm } from './fields.js';

export interface FastIso {
  readonly tm: Tm;
  readonly hasTime: boolean;
  /** Offset written in the text, seconds WEST of UTC; undefined when absent. */
  readonly tzWest: number | undefined;
}

function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

export function parseIsoFast(s: string): FastIso | null {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const year = digits(s, 0, 4);
  const mon = digits(s, 5, 2);
  const mday = digits(s, 8, 2);
  if (year < 1 || mon < 1 || mon > 12 || mday < 1 || mday > daysInMonth(year, mon)) return null;
  const tm = emptyTm();
  tm.year = year;
  tm.mon = mon;
  tm.mday = mday;
  if (n === 10) return { tm, hasTime: false, tzWest: undefined };
  const sep = s.charCodeAt(10);
  if ((sep !== 32 && sep !== 84) || n < 19 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return null;
  const hour = digits(s, 11, 2);
  const min = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 59) return null;
  tm.hour = hour;
  tm.min = min;
  tm.sec = sec;
  let i = 19;
  if (i < n && s.charCodeAt(i) === 46) {
    const start = ++i;
    while (i < n && i - start < 7 && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    const len = i - start;
    if (len === 0 || len > 6) return null;
    tm.fsec = digits(s, start, len) * 10 ** (6 - len);
  }
  if (i === n) return { tm, hasTime: true, tzWest: undefined };
  const sign = s.charCodeAt(i);
  if (sign !== 43 && sign !== 45) return null;
  let tzh: number;
  let tzm = 0;
  if (n - i === 3) tzh = digits(s, i + 1, 2);
  else if (n - i === 6 && s.charCodeAt(i + 3) === 58) {
    tzh = digits(s, i + 1, 2);
    tzm = digits(s, i + 4, 2);
  } else return null;
  if (tzh < 0 || tzh > 15 || tzm < 0 || tzm > 59) return null;
  const east = (tzh * 60 + tzm) * 60;
  return { tm, hasTime: true, tzWest: sign === 43 ? -east : east };
}
