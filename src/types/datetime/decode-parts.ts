/**
 * The field decoders shared by date/time and time-only input (datetime.c:
 * DecodeDate, DecodeNumber, DecodeNumberField, DecodeTime, DecodeTimezone,
 * ValidateDate). They return 0 or a DTERR code and record what they set in
 * `st.tmask`, so the callers can reject a field given twice.
 */
import { date2j, daysInMonth, j2date } from './calendar.js';
import { MAX_TZDISP_HOUR } from './constants.js';
import { DTERR_BAD_FORMAT, DTERR_FIELD_OVERFLOW, DTERR_MD_FIELD_OVERFLOW, DTERR_TZDISP_OVERFLOW } from './dterr.js';
import type { Tm } from './fields.js';
import { DTK_DATE_M, DTK_TIME_M, M, T, decodeSpecial } from './tokens.js';

export type DateOrder = 'YMD' | 'DMY' | 'MDY';

/** Results of successful DecodeNumberField calls: what kind of field it was. */
export const NF_DATE = 2;
export const NF_TIME = 3;

export interface DecodeState {
  readonly tm: Tm;
  /** Day of year, for 'yyyy.ddd' input. */
  yday: number;
  /** The year was written with one or two digits (so 1970–2069 applies). */
  is2digits: boolean;
  /** Field bits set by the last decoder call. */
  tmask: number;
  readonly dateOrder: DateOrder;
}

const INT32_MAX = 2147483647;

/**
 * C strtol for base 10 limited to int32: optional spaces and sign, digits.
 * Returns [value, end index, overflowed]; end === start when no digits.
 */
export function strtoint(s: string, start: number): [number, number, boolean] {
  let i = start;
  while (i < s.length && (s[i] === ' ' || (s[i] >= '\t' && s[i] <= '\r'))) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  const digitsStart = i;
  let v = 0;
  while (i < s.length && s[i] >= '0' && s[i] <= '9') {
    v = v * 10 + (s.charCodeAt(i) - 48);
    i++;
  }
  if (i === digitsStart) return [0, start, false];
  const value = neg ? -v : v;
  return [value, i, value > INT32_MAX || value < -INT32_MAX - 1];
}

/**
 * C strtod's accepted prefix: returns [value, end]; end === start when no
 * number. Hex and inf/nan forms, which no date/time syntax produces, are not handled.
 */
export function strtod(s: string, start: number): [number, number] {
  const m = /^[ \t\n\v\f\r]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s.slice(start));
  if (!m) return [0, start];
  return [Number(m[0].trim()), start + m[0].length];
}

/** Round half to even, as C's rint() does in the default rounding mode. */
export function rint(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** Reads '.ddd' (all of `s` from `start`) as a fraction; '.' alone is zero. */
export function parseFraction(s: string, start: number): number | null {
  if (start + 1 === s.length) return 0;
  const [v, end] = strtod(s, start);
  if (end !== s.length || end === start) return null;
  return v;
}

export function parseFractionalSecond(s: string, start: number): number | null {
  const f = parseFraction(s, start);
  return f === null ? null : rint(f * 1_000_000);
}

/** A numeric zone offset '+hh', '-hh:mm', '+hhmm', '-hh:mm:ss': seconds WEST of UTC, or a DTERR. */
export function decodeTimezone(str: string): { tzWest: number } | number {
  if (str[0] !== '+' && str[0] !== '-') return DTERR_BAD_FORMAT;
  let [hr, cp, ovf] = strtoint(str, 1);
  if (ovf) return DTERR_TZDISP_OVERFLOW;
  let min = 0;
  let sec = 0;
  if (str[cp] === ':') {
    [min, cp, ovf] = strtoint(str, cp + 1);
    if (ovf) return DTERR_TZDISP_OVERFLOW;
    if (str[cp] === ':') {
      [sec, cp, ovf] = strtoint(str, cp + 1);
      if (ovf) return DTERR_TZDISP_OVERFLOW;
    }
  } else if (cp === str.length && str.length > 3) {
    min = hr % 100;
    hr = Math.trunc(hr / 100);
  }
  if (hr < 0 || hr > MAX_TZDISP_HOUR) return DTERR_TZDISP_OVERFLOW;
  if (min < 0 || min >= 60) return DTERR_TZDISP_OVERFLOW;
  if (sec < 0 || sec >= 60) return DTERR_TZDISP_OVERFLOW;
  let tz = (hr * 60 + min) * 60 + sec;
  if (str[0] === '-') tz = -tz;
  if (cp !== str.length) return DTERR_BAD_FORMAT;
  return { tzWest: -tz };
}

/** 'hh:mm', 'hh:mm:ss[.fff]', or 'mm:ss.fff'; `minuteToSecond` reads 'a:b' as mm:ss (interval typmods). */
export function decodeTime(str: string, st: DecodeState, minuteToSecond: boolean): number {
  const tm = st.tm;
  st.tmask = DTK_TIME_M;
  let [v, cp, ovf] = strtoint(str, 0);
  if (ovf) return DTERR_FIELD_OVERFLOW;
  tm.hour = v;
  if (str[cp] !== ':') return DTERR_BAD_FORMAT;
  [v, cp, ovf] = strtoint(str, cp + 1);
  if (ovf) return DTERR_FIELD_OVERFLOW;
  tm.min = v;
  if (cp === str.length) {
    tm.sec = 0;
    tm.fsec = 0;
    if (minuteToSecond) {
      if (tm.hour > Math.trunc(INT32_MAX / 60)) return DTERR_FIELD_OVERFLOW;
      tm.sec = tm.min;
      tm.min = tm.hour;
      tm.hour = 0;
    }
  } else if (str[cp] === '.') {
    // mm:ss.fff is always MINUTE TO SECOND.
    const f = parseFractionalSecond(str, cp);
    if (f === null) return DTERR_BAD_FORMAT;
    tm.fsec = f;
    if (tm.hour > Math.trunc(INT32_MAX / 60)) return DTERR_FIELD_OVERFLOW;
    tm.sec = tm.min;
    tm.min = tm.hour;
    tm.hour = 0;
  } else if (str[cp] === ':') {
    [v, cp, ovf] = strtoint(str, cp + 1);
    if (ovf) return DTERR_FIELD_OVERFLOW;
    tm.sec = v;
    if (str[cp] === '.') {
      const f = parseFractionalSecond(str, cp);
      if (f === null) return DTERR_BAD_FORMAT;
      tm.fsec = f;
    } else if (cp !== str.length) {
      return DTERR_BAD_FORMAT;
    } else {
      tm.fsec = 0;
    }
  } else {
    return DTERR_BAD_FORMAT;
  }
  if (tm.hour < 0 || tm.min < 0 || tm.min > 59 || tm.sec < 0 || tm.sec > 60 || tm.fsec < 0 || tm.fsec > 1_000_000) {
    return DTERR_FIELD_OVERFLOW;
  }
  return 0;
}

/** Digits run together: 'yyyymmdd', 'yymmdd', 'hhmmss', 'hhmm', with an optional fraction. */
export function decodeNumberField(str: string, fmask: number, st: DecodeState): number {
  const tm = st.tm;
  let s = str;
  const dot = s.indexOf('.');
  if (dot >= 0) {
    if (dot + 1 === s.length) tm.fsec = 0;
    else {
      const [frac] = strtod(s, dot);
      tm.fsec = rint(frac * 1_000_000);
    }
    s = s.slice(0, dot);
  } else if ((fmask & DTK_DATE_M) !== DTK_DATE_M) {
    if (s.length >= 6) {
      const len = s.length;
      st.tmask = DTK_DATE_M;
      tm.mday = atoi(s.slice(len - 2));
      tm.mon = atoi(s.slice(len - 4, len - 2));
      tm.year = atoi(s.slice(0, len - 4));
      if (len - 4 === 2) st.is2digits = true;
      return NF_DATE;
    }
  }
  if ((fmask & DTK_TIME_M) !== DTK_TIME_M) {
    if (s.length === 6) {
      st.tmask = DTK_TIME_M;
      tm.sec = atoi(s.slice(4));
      tm.min = atoi(s.slice(2, 4));
      tm.hour = atoi(s.slice(0, 2));
      return NF_TIME;
    }
    if (s.length === 4) {
      st.tmask = DTK_TIME_M;
      tm.sec = 0;
      tm.min = atoi(s.slice(2));
      tm.hour = atoi(s.slice(0, 2));
      return NF_TIME;
    }
  }
  return DTERR_BAD_FORMAT;
}

function atoi(s: string): number {
  const [v] = strtoint(s, 0);
  return v | 0;
}

/** One numeric date field; which one it is depends on what came before and on DateStyle's order. */
export function decodeNumber(str: string, haveTextMonth: boolean, fmask: number, st: DecodeState): number {
  const tm = st.tm;
  const flen = str.length;
  st.tmask = 0;
  const [val, cp, ovf] = strtoint(str, 0);
  if (ovf) return DTERR_FIELD_OVERFLOW;
  if (cp === 0) return DTERR_BAD_FORMAT;
  if (str[cp] === '.') {
    // More than two digits before the point: a date or run-together time.
    if (cp > 2) {
      const r = decodeNumberField(str, fmask | DTK_DATE_M, st);
      return r < 0 ? r : 0;
    }
    const f = parseFractionalSecond(str, cp);
    if (f === null) return DTERR_BAD_FORMAT;
    tm.fsec = f;
  } else if (cp !== str.length) {
    return DTERR_BAD_FORMAT;
  }

  // Day of year after a year ('2024.100' splits into '2024' and '100').
  if (flen === 3 && (fmask & DTK_DATE_M) === M(T.YEAR) && val >= 1 && val <= 366) {
    st.tmask = M(T.DOY) | M(T.MONTH) | M(T.DAY);
    st.yday = val;
    return 0;
  }

  switch (fmask & DTK_DATE_M) {
    case 0:
      // First field: a year if it has 3+ digits, else DateStyle's first field.
      if (flen >= 3 || st.dateOrder === 'YMD') {
        st.tmask = M(T.YEAR);
        tm.year = val;
      } else if (st.dateOrder === 'DMY') {
        st.tmask = M(T.DAY);
        tm.mday = val;
      } else {
        st.tmask = M(T.MONTH);
        tm.mon = val;
      }
      break;
    case M(T.YEAR):
      st.tmask = M(T.MONTH);
      tm.mon = val;
      break;
    case M(T.MONTH):
      if (haveTextMonth) {
        // MON-DD-YYYY, DD-MON-YYYY, YYYY-MON-DD; two-digit years only in YMD order.
        if (flen >= 3 || st.dateOrder === 'YMD') {
          st.tmask = M(T.YEAR);
          tm.year = val;
        } else {
          st.tmask = M(T.DAY);
          tm.mday = val;
        }
      } else {
        st.tmask = M(T.DAY);
        tm.mday = val;
      }
      break;
    case M(T.YEAR) | M(T.MONTH):
      if (haveTextMonth) {
        // DD-MON-YYYY even in YMD mode: the first number was the day.
        if (flen >= 3 && st.is2digits) {
          st.tmask = M(T.DAY);
          tm.mday = tm.year;
          tm.year = val;
          st.is2digits = false;
        } else {
          st.tmask = M(T.DAY);
          tm.mday = val;
        }
      } else {
        st.tmask = M(T.DAY);
        tm.mday = val;
      }
      break;
    case M(T.DAY):
      st.tmask = M(T.MONTH);
      tm.mon = val;
      break;
    case M(T.MONTH) | M(T.DAY):
      st.tmask = M(T.YEAR);
      tm.year = val;
      break;
    case M(T.YEAR) | M(T.MONTH) | M(T.DAY): {
      // The date is complete, so this is a time.
      const r = decodeNumberField(str, fmask, st);
      return r < 0 ? r : 0;
    }
    default:
      return DTERR_BAD_FORMAT;
  }
  if (st.tmask === M(T.YEAR)) st.is2digits = flen <= 2;
  return 0;
}

/** A date with delimiters: '2024-01-05', '1/5/2024', '5-jan-2024', 'jan.5.2024'. */
export function decodeDate(str: string, fmask0: number, st: DecodeState): number {
  const tm = st.tm;
  let fmask = fmask0;
  let tmask = 0;
  const fields: (string | null)[] = [];
  let i = 0;
  const isDigit = (k: number): boolean => k < str.length && str.charCodeAt(k) >= 48 && str.charCodeAt(k) <= 57;
  const isAlpha = (k: number): boolean => k < str.length && /[A-Za-z]/.test(str[k]);
  while (i < str.length && fields.length < 25) {
    while (i < str.length && !isDigit(i) && !isAlpha(i)) i++;
    if (i >= str.length) return DTERR_BAD_FORMAT;
    const start = i;
    if (isDigit(i)) while (isDigit(i)) i++;
    else while (isAlpha(i)) i++;
    fields.push(str.slice(start, i));
    // One delimiter character after a field is dropped, whatever it is.
    if (i < str.length) i++;
  }

  let haveTextMonth = false;
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f] as string;
    if (/^[A-Za-z]/.test(field)) {
      const tok = decodeSpecial(field);
      if (tok.type === T.IGNORE_DTF) continue;
      const dmask = M(tok.type);
      if (tok.type !== T.MONTH) return DTERR_BAD_FORMAT;
      tm.mon = tok.value as number;
      haveTextMonth = true;
      if (fmask & dmask) return DTERR_BAD_FORMAT;
      fmask |= dmask;
      tmask |= dmask;
      fields[f] = null;
    }
  }
  for (const field of fields) {
    if (field === null) continue;
    if (field.length === 0) return DTERR_BAD_FORMAT;
    const r = decodeNumber(field, haveTextMonth, fmask, st);
    if (r) return r;
    if (fmask & st.tmask) return DTERR_BAD_FORMAT;
    fmask |= st.tmask;
    tmask |= st.tmask;
  }
  st.tmask = tmask;
  if ((fmask & ~(M(T.DOY) | M(T.TZ))) !== DTK_DATE_M) return DTERR_BAD_FORMAT;
  return 0;
}

/** Final checks of year/month/day: BC and two-digit years, day-of-year, month and day ranges. */
export function validateDate(fmask: number, isjulian: boolean, is2digits: boolean, bc: boolean, st: DecodeState): number {
  const tm = st.tm;
  if (fmask & M(T.YEAR)) {
    if (isjulian) {
      // Julian day input already gave an astronomical year.
    } else if (bc) {
      if (tm.year <= 0) return DTERR_FIELD_OVERFLOW;
      tm.year = -(tm.year - 1);
    } else if (is2digits) {
      if (tm.year < 0) return DTERR_FIELD_OVERFLOW;
      if (tm.year < 70) tm.year += 2000;
      else if (tm.year < 100) tm.year += 1900;
    } else if (tm.year <= 0) {
      return DTERR_FIELD_OVERFLOW;
    }
  }
  if (fmask & M(T.DOY)) {
    const [y, m, d] = j2date(date2j(tm.year, 1, 1) + st.yday - 1);
    tm.year = y;
    tm.mon = m;
    tm.mday = d;
  }
  if (fmask & M(T.MONTH)) {
    if (tm.mon < 1 || tm.mon > 12) return DTERR_MD_FIELD_OVERFLOW;
  }
  if (fmask & M(T.DAY)) {
    if (tm.mday < 1 || tm.mday > 31) return DTERR_MD_FIELD_OVERFLOW;
  }
  if ((fmask & DTK_DATE_M) === DTK_DATE_M) {
    if (tm.mday > daysInMonth(tm.year, tm.mon)) return DTERR_FIELD_OVERFLOW;
  }
  return 0;
}
