/**
 * Numbers labeled by a preceding unit letter in date/time input
 * ('J2451545', 'y2001m02d04 h04mm05s06', and the ISO 'T' before a
 * run-together time), which PostgreSQL 15 still accepts.
 */
import { j2date } from './calendar.js';
import { DTERR_BAD_FORMAT, DTERR_FIELD_OVERFLOW } from './dterr.js';
import { time2tm } from './fields.js';
import { type DecodeState, decodeNumberField, decodeTimezone, parseFraction, parseFractionalSecond, strtoint } from './decode-parts.js';
import { DTK_ALL_SECS_M, DTK_DATE_M, DTK_TIME_M, M, T } from './tokens.js';

interface Labeled {
  tmask: number;
  isjulian?: boolean;
  tzWest?: number;
}

/** A number after a unit label: 'j2451545', 'y2001', 't040506', 's06.5'. */
export function decodeLabeledNumber(f: string, ptype: string, fmask: number, st: DecodeState): Labeled | number {
  const tm = st.tm;
  const [val, cp, ovf] = strtoint(f, 0);
  if (ovf) return DTERR_FIELD_OVERFLOW;
  if (f[cp] === '.') {
    if (ptype !== 'julian' && ptype !== 'time' && ptype !== 'second') return DTERR_BAD_FORMAT;
  } else if (cp !== f.length) {
    return DTERR_BAD_FORMAT;
  }
  switch (ptype) {
    case 'year':
      tm.year = val;
      return { tmask: M(T.YEAR) };
    case 'month':
      // With month and hour known, 'm' means minutes.
      if (fmask & M(T.MONTH) && fmask & M(T.HOUR)) {
        tm.min = val;
        return { tmask: M(T.MINUTE) };
      }
      tm.mon = val;
      return { tmask: M(T.MONTH) };
    case 'day':
      tm.mday = val;
      return { tmask: M(T.DAY) };
    case 'hour':
      tm.hour = val;
      return { tmask: M(T.HOUR) };
    case 'minute':
      tm.min = val;
      return { tmask: M(T.MINUTE) };
    case 'second': {
      tm.sec = val;
      if (f[cp] === '.') {
        const fs = parseFractionalSecond(f, cp);
        if (fs === null) return DTERR_BAD_FORMAT;
        tm.fsec = fs;
        return { tmask: DTK_ALL_SECS_M };
      }
      return { tmask: M(T.SECOND) };
    }
    case 'timezone': {
      const tz = decodeTimezone(f);
      if (typeof tz === 'number') return tz;
      return { tmask: M(T.TZ), tzWest: tz.tzWest };
    }
    case 'julian': {
      if (val < 0) return DTERR_FIELD_OVERFLOW;
      [tm.year, tm.mon, tm.mday] = j2date(val);
      let tmask = DTK_DATE_M;
      if (f[cp] === '.') {
        const frac = parseFraction(f, cp);
        if (frac === null) return DTERR_BAD_FORMAT;
        time2tm(BigInt(Math.trunc(frac * 86_400_000_000)), tm);
        tmask |= DTK_TIME_M;
      }
      return { tmask, isjulian: true };
    }
    case 'time': {
      const r = decodeNumberField(f, fmask | DTK_DATE_M, st);
      if (r < 0) return r;
      if (st.tmask !== DTK_TIME_M) return DTERR_BAD_FORMAT;
      return { tmask: st.tmask };
    }
    default:
      return DTERR_BAD_FORMAT;
  }
}
