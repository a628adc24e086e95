/**
 * POSIX TZ strings ('UTC+3', '<+05>-05', 'EST5EDT', 'CET-1CEST,M3.5.0,M10.5.0/3'),
 * which PostgreSQL's pg_tzset accepts when no zone file matches, parsed as
 * leniently as its tzparse does (any abbreviation made of characters other
 * than digits, ',', '+' and '-'; '+02:00' with an empty one). POSIX offsets
 * count hours WEST of UTC, so 'UTC+3' is three hours behind UTC — the
 * inversion PostgreSQL users meet, kept on purpose. A daylight-saving part
 * without rules gets the US rules, as PostgreSQL's 'posixrules' default.
 */
import { date2j, daysInMonth, isLeap, j2date, j2day } from './calendar.js';
import { UNIX_EPOCH_JDATE } from './constants.js';

type Rule =
  | { readonly kind: 'julian'; readonly day: number; readonly time: number }
  | { readonly kind: 'doy'; readonly day: number; readonly time: number }
  | { readonly kind: 'mwd'; readonly month: number; readonly week: number; readonly dow: number; readonly time: number };

export interface PosixZone {
  readonly stdAbbrev: string;
  /** Standard-time offset, seconds EAST of UTC. */
  readonly stdOff: number;
  readonly dst?: {
    readonly abbrev: string;
    readonly off: number;
    readonly start: Rule;
    readonly end: Rule;
  };
}

class Cursor {
  i = 0;
  constructor(readonly s: string) {}
  ch(): string {
    return this.i < this.s.length ? this.s[this.i] : '';
  }
}

/** An abbreviation: '<...>' or a run of characters other than digits, ',', '+', '-'. */
function zname(p: Cursor): string | null {
  if (p.ch() === '<') {
    const close = p.s.indexOf('>', p.i + 1);
    if (close < 0) return null;
    const name = p.s.slice(p.i + 1, close);
    p.i = close + 1;
    return name;
  }
  const start = p.i;
  while (p.ch() !== '' && !/[0-9,+-]/.test(p.ch())) p.i++;
  return p.s.slice(start, p.i);
}

function num(p: Cursor, min: number, max: number): number | null {
  const start = p.i;
  let v = 0;
  while (p.ch() >= '0' && p.ch() <= '9') {
    v = v * 10 + Number(p.ch());
    if (v > max) return null;
    p.i++;
  }
  if (p.i === start || v < min) return null;
  return v;
}

/** [+-]hh[:mm[:ss]] in seconds, as written (POSIX sign: positive is west). */
function offset(p: Cursor): number | null {
  let sign = 1;
  if (p.ch() === '-' || p.ch() === '+') {
    if (p.ch() === '-') sign = -1;
    p.i++;
  }
  const h = num(p, 0, 24 * 7 - 1);
  if (h === null) return null;
  let secs = h * 3600;
  if (p.ch() === ':') {
    p.i++;
    const m = num(p, 0, 59);
    if (m === null) return null;
    secs += m * 60;
    if (p.ch() === ':') {
      p.i++;
      const s = num(p, 0, 60);
      if (s === null) return null;
      secs += s;
    }
  }
  return sign * secs;
}

function rule(p: Cursor): Rule | null {
  let r: Rule;
  if (p.ch() === 'J') {
    p.i++;
    const day = num(p, 1, 365);
    if (day === null) return null;
    r = { kind: 'julian', day, time: 7200 };
  } else if (p.ch() === 'M') {
    p.i++;
    const month = num(p, 1, 12);
    if (month === null || p.ch() !== '.') return null;
    p.i++;
    const week = num(p, 1, 5);
    if (week === null || p.ch() !== '.') return null;
    p.i++;
    const dow = num(p, 0, 6);
    if (dow === null) return null;
    r = { kind: 'mwd', month, week, dow, time: 7200 };
  } else if (p.ch() >= '0' && p.ch() <= '9') {
    const day = num(p, 0, 365);
    if (day === null) return null;
    r = { kind: 'doy', day, time: 7200 };
  } else {
    return null;
  }
  if (p.ch() === '/') {
    p.i++;
    const t = offset(p);
    if (t === null) return null;
    r = { ...r, time: t };
  }
  return r;
}

const US_START: Rule = { kind: 'mwd', month: 3, week: 2, dow: 0, time: 7200 };
const US_END: Rule = { kind: 'mwd', month: 11, week: 1, dow: 0, time: 7200 };

export function parsePosixZone(name: string): PosixZone | null {
  const p = new Cursor(name.toUpperCase());
  const stdAbbrev = zname(p);
  if (stdAbbrev === null || p.ch() === '') return null;
  const stdWest = offset(p);
  if (stdWest === null) return null;
  if (p.ch() === '') return { stdAbbrev, stdOff: -stdWest };
  const dstAbbrev = zname(p);
  if (dstAbbrev === null || dstAbbrev === '') return null;
  let dstWest = stdWest - 3600;
  if (p.ch() !== '' && p.ch() !== ',' && p.ch() !== ';') {
    const o = offset(p);
    if (o === null) return null;
    dstWest = o;
  }
  let start = US_START;
  let end = US_END;
  if (p.ch() === ',' || p.ch() === ';') {
    p.i++;
    const s = rule(p);
    if (s === null || p.ch() !== ',') return null;
    p.i++;
    const e = rule(p);
    if (e === null) return null;
    start = s;
    end = e;
  }
  if (p.ch() !== '') return null;
  return { stdAbbrev, stdOff: -stdWest, dst: { abbrev: dstAbbrev, off: -dstWest, start, end } };
}

/** Seconds from 1970-01-01 00:00 to the rule's moment in `year`, in the local time the rule is written in. */
function ruleLocalSeconds(r: Rule, year: number): number {
  let jd: number;
  if (r.kind === 'julian') {
    // Jn counts 1..365 and never Feb 29.
    jd = date2j(year, 1, 1) + r.day - 1 + (isLeap(year) && r.day >= 60 ? 1 : 0);
  } else if (r.kind === 'doy') {
    jd = date2j(year, 1, 1) + r.day;
  } else {
    const first = date2j(year, r.month, 1);
    let mday = 1 + ((r.dow - j2day(first) + 7) % 7) + (r.week - 1) * 7;
    while (mday > daysInMonth(year, r.month)) mday -= 7;
    jd = first + mday - 1;
  }
  return (jd - UNIX_EPOCH_JDATE) * 86400 + r.time;
}

/** Whether daylight time is in effect at Unix time `unixSec`. */
function inDst(z: PosixZone, unixSec: number): boolean {
  const dst = z.dst;
  if (dst === undefined) return false;
  const localDays = Math.floor((unixSec + z.stdOff) / 86400) + UNIX_EPOCH_JDATE;
  const [year] = j2date(Math.max(0, localDays));
  const start = ruleLocalSeconds(dst.start, year) - z.stdOff;
  const end = ruleLocalSeconds(dst.end, year) - dst.off;
  // Southern-hemisphere rules end before they start within a calendar year.
  return start < end ? unixSec >= start && unixSec < end : !(unixSec >= end && unixSec < start);
}

export function posixOffsetAt(z: PosixZone, unixSec: number): number {
  return inDst(z, unixSec) ? (z.dst as NonNullable<PosixZone['dst']>).off : z.stdOff;
}

export function posixAbbrevAt(z: PosixZone, unixSec: number): string {
  return inDst(z, unixSec) ? (z.dst as NonNullable<PosixZone['dst']>).abbrev : z.stdAbbrev;
}
