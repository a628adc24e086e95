/**
 * Decoding of time and timetz input fields (datetime.c: DecodeTimeOnly):
 * 'hh:mm[:ss[.f]]', run-together 'hhmmss', AM/PM, an optional leading date,
 * and a zone (offset, abbreviation, or a name — which needs a date unless the
 * zone has a single fixed offset).
 */
import { DTERR_BAD_FORMAT, DTERR_FIELD_OVERFLOW, zoneNotRecognized } from './dterr.js';
import { type Tm, emptyTm, timeOverflows } from './fields.js';
import {
  type DecodeState,
  decodeDate,
  decodeNumber,
  decodeNumberField,
  decodeTime,
  decodeTimezone,
  validateDate,
} from './decode-parts.js';
import { type DecodeEnv, currentLocal, decodeTimezoneAbbrev } from './decode-env.js';
import { decodeLabeledNumber } from './decode-labeled.js';
import { F, type Fields } from './lex.js';
import { gmtoffForLocalTm } from './local.js';
import { AM, BC, DTK_DATE_M, DTK_TIME_M, HR24, M, PM, T, type Token, decodeSpecial } from './tokens.js';
import { type Zone, dynamicAbbrevZone, findZone, isFixedZone } from './zone.js';

export interface DecodedTime {
  readonly tm: Tm;
  /** Zone offset in seconds WEST of UTC. */
  readonly tzWest: number;
}

/** DecodeTimeOnly: returns the decoded time or a DTERR code. */
export function decodeTimeOnly(fields: Fields, env: DecodeEnv): DecodedTime | number {
  const { field, ftype } = fields;
  const nf = field.length;
  const tm = emptyTm();
  const st: DecodeState = { tm, yday: 0, is2digits: false, tmask: 0, dateOrder: env.dateOrder };
  let fmask = 0;
  let tmask = 0;
  let ptype: string | 0 = 0;
  let isjulian = false;
  let bc = false;
  let mer = HR24;
  let namedTz: Zone | null = null;
  let abbrevTz: Zone | null = null;
  let tzWest = 0;

  for (let i = 0; i < nf; i++) {
    const f = field[i];
    switch (ftype[i]) {
      case F.DATE:
        // A leading date is accepted when a time or zone follows.
        if (i === 0 && nf >= 2 && (ftype[nf - 1] === F.DATE || ftype[1] === F.TIME)) {
          const r = decodeDate(f, fmask, st);
          if (r) return r;
          tmask = st.tmask;
        } else if (/^[0-9]/.test(f)) {
          if ((fmask & DTK_TIME_M) === DTK_TIME_M) return DTERR_BAD_FORMAT;
          const dash = f.indexOf('-');
          if (dash < 0) return DTERR_BAD_FORMAT;
          const tz = decodeTimezone(f.slice(dash));
          if (typeof tz === 'number') return tz;
          tzWest = tz.tzWest;
          const r = decodeNumberField(f.slice(0, dash), fmask | DTK_DATE_M, st);
          if (r < 0) return r;
          tmask = st.tmask | M(T.TZ);
        } else {
          const z = findZone(f);
          if (z === null) throw zoneNotRecognized(f);
          namedTz = z;
          tmask = M(T.TZ);
        }
        break;
      case F.TIME: {
        const r = decodeTime(f, st, false);
        if (r) return r;
        tmask = st.tmask;
        break;
      }
      case F.TZ: {
        const tz = decodeTimezone(f);
        if (typeof tz === 'number') return tz;
        tzWest = tz.tzWest;
        tmask = M(T.TZ);
        break;
      }
      case F.NUMBER: {
        if (ptype !== 0) {
          const r = decodeLabeledNumber(f, ptype, fmask, st);
          if (typeof r === 'number') return r;
          tmask = r.tmask;
          if (r.isjulian) isjulian = true;
          if (r.tzWest !== undefined) tzWest = r.tzWest;
          ptype = 0;
        } else {
          const dot = f.indexOf('.');
          if (dot >= 0) {
            if (i === 0 && nf >= 2 && ftype[nf - 1] === F.DATE) {
              const r = decodeDate(f, fmask, st);
              if (r) return r;
            } else if (dot > 2) {
              const r = decodeNumberField(f, fmask | DTK_DATE_M, st);
              if (r < 0) return r;
            } else {
              return DTERR_BAD_FORMAT;
            }
          } else if (f.length > 4) {
            const r = decodeNumberField(f, fmask | DTK_DATE_M, st);
            if (r < 0) return r;
          } else {
            const r = decodeNumber(f, false, fmask | DTK_DATE_M, st);
            if (r) return r;
          }
          tmask = st.tmask;
        }
        break;
      }
      case F.STRING:
      case F.SPECIAL: {
        let tok: Token & { zone?: string } = decodeTimezoneAbbrev(f);
        if (tok.type === T.UNKNOWN_FIELD) tok = decodeSpecial(f);
        if (tok.type === T.IGNORE_DTF) continue;
        tmask = M(tok.type);
        switch (tok.type) {
          case T.RESERV:
            if (tok.value === 'now') {
              tmask = DTK_TIME_M;
              const cur = currentLocal(env).tm;
              tm.hour = cur.hour;
              tm.min = cur.min;
              tm.sec = cur.sec;
              tm.fsec = cur.fsec;
            } else if (tok.value === 'zulu') {
              tmask = DTK_TIME_M | M(T.TZ);
              tm.hour = 0;
              tm.min = 0;
              tm.sec = 0;
            } else {
              return DTERR_BAD_FORMAT;
            }
            break;
          case T.DTZMOD:
            tmask |= M(T.DTZ);
            tzWest -= tok.value as number;
            break;
          case T.DTZ:
            tmask |= M(T.TZ);
            tzWest = -(tok.value as number);
            break;
          case T.TZ:
            tzWest = -(tok.value as number);
            break;
          case T.DYNTZ: {
            tmask |= M(T.TZ);
            const z = dynamicAbbrevZone(f, tok.zone as string);
            if (z === null) throw zoneNotRecognized(tok.zone as string);
            abbrevTz = z;
            break;
          }
          case T.AMPM:
            mer = tok.value as number;
            break;
          case T.ADBC:
            bc = tok.value === BC;
            break;
          case T.UNITS:
          case T.ISOTIME:
            tmask = 0;
            if (tok.type === T.ISOTIME) {
              if (i >= nf - 1 || (ftype[i + 1] !== F.NUMBER && ftype[i + 1] !== F.TIME && ftype[i + 1] !== F.DATE)) {
                return DTERR_BAD_FORMAT;
              }
            }
            ptype = tok.value as string;
            break;
          case T.UNKNOWN_FIELD: {
            const z = findZone(f);
            if (z === null) return DTERR_BAD_FORMAT;
            namedTz = z;
            tmask = M(T.TZ);
            break;
          }
          default:
            return DTERR_BAD_FORMAT;
        }
        break;
      }
      default:
        return DTERR_BAD_FORMAT;
    }
    if (tmask & fmask) return DTERR_BAD_FORMAT;
    fmask |= tmask;
  }

  // PostgreSQL 15 does not reject a unit label left without a number.
  const r = validateDate(fmask, isjulian, st.is2digits, bc, st);
  if (r) return r;
  if (mer !== HR24 && tm.hour > 12) return DTERR_FIELD_OVERFLOW;
  if (mer === AM && tm.hour === 12) tm.hour = 0;
  else if (mer === PM && tm.hour !== 12) tm.hour += 12;
  if (timeOverflows(tm.hour, tm.min, tm.sec, tm.fsec)) return DTERR_FIELD_OVERFLOW;
  if ((fmask & DTK_TIME_M) !== DTK_TIME_M) return DTERR_BAD_FORMAT;

  // A zone's offset depends on the date unless it never changes; without a
  // date, abbreviations and the session zone use today's date.
  if (namedTz !== null) {
    if (fmask & M(T.DTZMOD)) return DTERR_BAD_FORMAT;
    if (isFixedZone(namedTz)) {
      tzWest = -gmtoffForLocalTm(tm, namedTz);
    } else {
      if ((fmask & DTK_DATE_M) !== DTK_DATE_M) return DTERR_BAD_FORMAT;
      tzWest = -gmtoffForLocalTm(tm, namedTz);
    }
  }
  if (abbrevTz !== null) {
    if (fmask & M(T.DTZMOD)) return DTERR_BAD_FORMAT;
    const r2 = offsetWithDate(tm, fmask, abbrevTz, env);
    if (typeof r2 !== 'object') return r2;
    tzWest = r2.tzWest;
  }
  if (!(fmask & M(T.TZ))) {
    if (fmask & M(T.DTZMOD)) return DTERR_BAD_FORMAT;
    const r2 = offsetWithDate(tm, fmask, env.zone, env);
    if (typeof r2 !== 'object') return r2;
    tzWest = r2.tzWest;
  }
  return { tm, tzWest };
}

function offsetWithDate(tm: Tm, fmask: number, zone: Zone, env: DecodeEnv): { tzWest: number } | number {
  const tmp = { ...tm };
  if ((fmask & DTK_DATE_M) === 0) {
    const cur = currentLocal(env).tm;
    tmp.year = cur.year;
    tmp.mon = cur.mon;
    tmp.mday = cur.mday;
  } else if ((fmask & DTK_DATE_M) !== DTK_DATE_M) {
    return DTERR_BAD_FORMAT;
  }
  return { tzWest: -gmtoffForLocalTm(tmp, zone) };
}
