/**
 * Interval input (datetime.c: DecodeInterval, as of PostgreSQL 15):
 * '1 year 2 mons', '1 day 02:03:04', '@ 3 hours ago', SQL-standard
 * 'Y-M D H:M:S'. Fields are read right to left so a unit word applies to
 * the number before it; fractions cascade down to smaller units (a month is
 * 30 days, a day 24 hours) and never up. ISO 8601 'P…' input is in
 * decode-interval-iso.ts.
 */
import { DTERR_BAD_FORMAT, DTERR_FIELD_OVERFLOW } from './dterr.js';
import { emptyTm } from './fields.js';
import { type DecodeState, decodeTime, parseFraction, strtoint } from './decode-parts.js';
import {
  I32_MIN,
  I64_MIN,
  type ItmIn,
  addUsec,
  adjustDays,
  adjustFractDays,
  adjustFractMicroseconds,
  adjustFractYears,
  adjustMicroseconds,
  adjustMonths,
  adjustYears,
  fitsI64,
} from './interval-accum.js';
import { F, type Fields } from './lex.js';
import { DTK_ALL_SECS_M, M, T, decodeUnits } from './tokens.js';
import type { IntervalStyle } from './style.js';

/** Interval typmod field masks (INTERVAL_MASK). */
export const IM = {
  MONTH: 1 << 1,
  YEAR: 1 << 2,
  DAY: 1 << 3,
  HOUR: 1 << 10,
  MINUTE: 1 << 11,
  SECOND: 1 << 12,
} as const;
export const INTERVAL_FULL_RANGE = 0x7fff;
export const INTERVAL_FULL_PRECISION = 0xffff;

/** strtoi64: [value, end, overflow]. */
function strtoi64(s: string, start: number): [bigint, number, boolean] {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s.slice(start));
  if (!m) return [0n, start, false];
  const v = BigInt(m[1] + m[2]);
  return [v, start + m[0].length, !fitsI64(v)];
}

/** The time part of an interval field: 'hh:mm:ss.f' added into `itm.usec`. */
function decodeTimeForInterval(str: string, range: number, itm: ItmIn): { tmask: number } | number {
  const st: DecodeState = { tm: emptyTm(), yday: 0, is2digits: false, tmask: 0, dateOrder: 'MDY' };
  const r = decodeTime(str, st, range === (IM.MINUTE | IM.SECOND));
  if (r) return r;
  const { hour, min, sec, fsec } = st.tm;
  const total = BigInt(hour) * 3_600_000_000n + BigInt(min) * 60_000_000n + BigInt(sec) * 1_000_000n + BigInt(fsec);
  if (!addUsec(itm, total)) return DTERR_FIELD_OVERFLOW;
  return { tmask: st.tmask };
}

/** The unit a bare number has, from the typmod's last field ('interval hour' reads '5' as hours). */
function defaultUnit(range: number): string {
  switch (range) {
    case IM.YEAR:
      return 'year';
    case IM.MONTH:
    case IM.YEAR | IM.MONTH:
      return 'month';
    case IM.DAY:
      return 'day';
    case IM.HOUR:
    case IM.DAY | IM.HOUR:
      return 'hour';
    case IM.MINUTE:
    case IM.HOUR | IM.MINUTE:
    case IM.DAY | IM.HOUR | IM.MINUTE:
      return 'minute';
    default:
      return 'second';
  }
}

/** DecodeInterval: fills `itm`, or returns a DTERR code. */
export function decodeInterval(fields: Fields, range: number, style: IntervalStyle, itm: ItmIn): number {
  const { field, ftype } = fields;
  const nf = field.length;
  let isBefore = false;
  let fmask = 0;
  let tmask = 0;
  let type = 'ignore';

  // SQL standard: a leading '-' applies to every field when no other signs appear.
  let forceNegative = false;
  if (style === 'sql_standard' && nf > 0 && field[0][0] === '-') {
    forceNegative = true;
    for (let i = 1; i < nf; i++) {
      if (field[i][0] === '-' || field[i][0] === '+') {
        forceNegative = false;
        break;
      }
    }
  }

  for (let i = nf - 1; i >= 0; i--) {
    const f = field[i];
    let ft = ftype[i];
    if (ft === F.TIME) {
      const r = decodeTimeForInterval(f, range, itm);
      if (typeof r === 'number') return r;
      tmask = r.tmask;
      if (forceNegative && itm.usec > 0n) itm.usec = -itm.usec;
      type = 'day';
      if (tmask & fmask) return DTERR_BAD_FORMAT;
      fmask |= tmask;
      continue;
    }
    if (ft === F.TZ) {
      // A signed 'hh:mm[:ss]' is a time; otherwise a signed number.
      if (f.indexOf(':', 1) >= 0) {
        const r = decodeTimeForInterval(f.slice(1), range, itm);
        if (typeof r !== 'number') {
          if (f[0] === '-') itm.usec = -itm.usec;
          if (forceNegative && itm.usec > 0n) itm.usec = -itm.usec;
          // '1 +02:03': the number before a time is days.
          type = 'day';
          tmask = r.tmask;
          if (tmask & fmask) return DTERR_BAD_FORMAT;
          fmask |= tmask;
          continue;
        }
      }
      ft = F.NUMBER;
    }
    if (ft === F.DATE || ft === F.NUMBER) {
      if (type === 'ignore') type = defaultUnit(range);
      let [val, cp, ovf] = strtoi64(f, 0);
      if (ovf) return DTERR_FIELD_OVERFLOW;
      let fval: number;
      if (f[cp] === '-') {
        // SQL 'years-months'.
        let [val2, end2, ovf2] = strtoint(f, cp + 1);
        if (ovf2 || val2 < 0 || val2 >= 12) return DTERR_FIELD_OVERFLOW;
        if (end2 !== f.length) return DTERR_BAD_FORMAT;
        type = 'month';
        if (f[0] === '-') val2 = -val2;
        val = val * 12n + BigInt(val2);
        if (!fitsI64(val)) return DTERR_FIELD_OVERFLOW;
        fval = 0;
      } else if (f[cp] === '.') {
        const frac = parseFraction(f, cp);
        if (frac === null) return DTERR_BAD_FORMAT;
        fval = f[0] === '-' ? -frac : frac;
      } else if (cp === f.length) {
        fval = 0;
      } else {
        return DTERR_BAD_FORMAT;
      }
      if (forceNegative) {
        if (val > 0n) val = -val;
        if (fval > 0) fval = -fval;
      }
      switch (type) {
        case 'microseconds':
          if (!adjustMicroseconds(val, fval, 1, itm)) return DTERR_FIELD_OVERFLOW;
          tmask = M(T.MICROSECOND);
          break;
        case 'milliseconds':
          if (!adjustMicroseconds(val, fval, 1000, itm)) return DTERR_FIELD_OVERFLOW;
          tmask = M(T.MILLISECOND);
          break;
        case 'second':
          if (!adjustMicroseconds(val, fval, 1_000_000, itm)) return DTERR_FIELD_OVERFLOW;
          // Fractional seconds also count as the ms and us fields.
          tmask = fval === 0 ? M(T.SECOND) : DTK_ALL_SECS_M;
          break;
        case 'minute':
          if (!adjustMicroseconds(val, fval, 60_000_000, itm)) return DTERR_FIELD_OVERFLOW;
          tmask = M(T.MINUTE);
          break;
        case 'hour':
          if (!adjustMicroseconds(val, fval, 3_600_000_000, itm)) return DTERR_FIELD_OVERFLOW;
          tmask = M(T.HOUR);
          type = 'day';
          break;
        case 'day':
          if (!adjustDays(val, 1, itm) || !adjustFractMicroseconds(fval, 86_400_000_000, itm)) return DTERR_FIELD_OVERFLOW;
          tmask = M(T.DAY);
          break;
        case 'week':
          if (!adjustDays(val, 7, itm) || !adjustFractDays(fval, 7, itm)) return DTERR_FIELD_OVERFLOW;
          tmask = M(T.WEEK);
          break;
        case 'month':
          if (!adjustMonths(val, itm) || !adjustFractDays(fval, 30, itm)) return DTERR_FIELD_OVERFLOW;
          tmask = M(T.MONTH);
          break;
        case 'year':
          if (!adjustYears(val, 1, itm) || !adjustFractYears(fval, 1, itm)) return DTERR_FIELD_OVERFLOW;
          tmask = M(T.YEAR);
          break;
        case 'decade':
          if (!adjustYears(val, 10, itm) || !adjustFractYears(fval, 10, itm)) return DTERR_FIELD_OVERFLOW;
          tmask = M(T.DECADE);
          break;
        case 'century':
          if (!adjustYears(val, 100, itm) || !adjustFractYears(fval, 100, itm)) return DTERR_FIELD_OVERFLOW;
          tmask = M(T.CENTURY);
          break;
        case 'millennium':
          if (!adjustYears(val, 1000, itm) || !adjustFractYears(fval, 1000, itm)) return DTERR_FIELD_OVERFLOW;
          tmask = M(T.MILLENNIUM);
          break;
        default:
          return DTERR_BAD_FORMAT;
      }
    } else if (ft === F.STRING || ft === F.SPECIAL) {
      const tok = decodeUnits(f);
      if (tok.type === T.IGNORE_DTF) continue;
      tmask = 0;
      if (tok.type === T.UNITS) type = tok.value as string;
      else if (tok.type === T.AGO) {
        isBefore = true;
        type = 'ago';
      } else {
        return DTERR_BAD_FORMAT;
      }
    } else {
      return DTERR_BAD_FORMAT;
    }
    if (tmask & fmask) return DTERR_BAD_FORMAT;
    fmask |= tmask;
  }

  if (fmask === 0) return DTERR_BAD_FORMAT;
  if (isBefore) {
    if (itm.usec === I64_MIN || itm.mday === I32_MIN || itm.mon === I32_MIN || itm.year === I32_MIN) return DTERR_FIELD_OVERFLOW;
    itm.usec = -itm.usec;
    itm.mday = -itm.mday;
    itm.mon = -itm.mon;
    itm.year = -itm.year;
  }
  return 0;
}
