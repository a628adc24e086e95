/**
 * Decoding of date and timestamp input fields (datetime.c: DecodeDateTime).
 * Accepts everything PostgreSQL 15 accepts — ISO 8601 with 'T' or space,
 * DateStyle-ordered numeric dates, text months, 'J2451545', 'y2001m02d04',
 * AM/PM, BC, zone offsets, abbreviations and names — and reports the same
 * DTERR codes.
 */
import { date2j, j2date } from './calendar.js';
import { DTERR_BAD_FORMAT, DTERR_FIELD_OVERFLOW, zoneNotRecognized } from './dterr.js';
import { type Tm, emptyTm, timeOverflows } from './fields.js';
import {
  type DecodeState,
  decodeDate,
  decodeNumber,
  decodeNumberField,
  decodeTime,
  decodeTimezone,
  strtoint,
  validateDate,
} from './decode-parts.js';
import { type DecodeEnv, currentLocal, decodeTimezoneAbbrev } from './decode-env.js';
import { decodeLabeledNumber } from './decode-labeled.js';
import { F, type Fields } from './lex.js';
import { gmtoffForLocalTm } from './local.js';
import { AM, BC, DTK_DATE_M, DTK_TIME_M, HR24, M, PM, T, type Token, decodeSpecial } from './tokens.js';
import { type Zone, dynamicAbbrevZone, findZone } from './zone.js';

export type DateType = 'date' | 'epoch' | 'early' | 'late';

export interface DecodedDateTime {
  readonly dtype: DateType;
  readonly tm: Tm;
  /** Zone offset in seconds WEST of UTC, as PostgreSQL's *tzp. */
  readonly tzWest: number;
}

function zoneOrThrow(name: string): Zone {
  const z = findZone(name);
  if (z === null) throw zoneNotRecognized(name);
  return z;
}

/** DecodeDateTime: returns the decoded value or a DTERR code (1 means "time only"). */
export function decodeDateTime(fields: Fields, env: DecodeEnv): DecodedDateTime | number {
  const { field, ftype } = fields;
  const nf = field.length;
  const tm = emptyTm();
  const st: DecodeState = { tm, yday: 0, is2digits: false, tmask: 0, dateOrder: env.dateOrder };
  let fmask = 0;
  let tmask = 0;
  let ptype: string | 0 = 0;
  let haveTextMonth = false;
  let isjulian = false;
  let bc = false;
  let mer = HR24;
  let namedTz: Zone | null = null;
  let abbrevTz: Zone | null = null;
  let dtype: DateType = 'date';
  let tzWest = 0;

  for (let i = 0; i < nf; i++) {
    const f = field[i];
    switch (ftype[i]) {
      case F.DATE: {
        if (ptype === 'julian') {
          // A Julian day with an attached zone, like 'J2451187-08'.
          const [val, cp, ovf] = strtoint(f, 0);
          if (ovf || val < 0) return DTERR_FIELD_OVERFLOW;
          [tm.year, tm.mon, tm.mday] = j2date(val);
          isjulian = true;
          const tz = decodeTimezone(f.slice(cp));
          if (typeof tz === 'number') return tz;
          tzWest = tz.tzWest;
          tmask = DTK_DATE_M | DTK_TIME_M | M(T.TZ);
          ptype = 0;
          break;
        } else if (ptype !== 0 || (fmask & (M(T.MONTH) | M(T.DAY))) === (M(T.MONTH) | M(T.DAY))) {
          // With month and day known, this is a zone name ('america/new_york')
          // or a run-together time with a zone ('040506-08').
          if (/^[0-9]/.test(f) || ptype !== 0) {
            if (ptype !== 0) {
              if (ptype !== 'time') return DTERR_BAD_FORMAT;
              ptype = 0;
            }
            if ((fmask & DTK_TIME_M) === DTK_TIME_M) return DTERR_BAD_FORMAT;
            const dash = f.indexOf('-');
            if (dash < 0) return DTERR_BAD_FORMAT;
            const tz = decodeTimezone(f.slice(dash));
            if (typeof tz === 'number') return tz;
            tzWest = tz.tzWest;
            const r = decodeNumberField(f.slice(0, dash), fmask, st);
            if (r < 0) return r;
            tmask = st.tmask | M(T.TZ);
          } else {
            namedTz = zoneOrThrow(f);
            tmask = M(T.TZ);
          }
        } else {
          const r = decodeDate(f, fmask, st);
          if (r) return r;
          tmask = st.tmask;
        }
        break;
      }
      case F.TIME: {
        if (ptype !== 0) {
          if (ptype !== 'time') return DTERR_BAD_FORMAT;
          ptype = 0;
        }
        const r = decodeTime(f, st, false);
        if (r) return r;
        tmask = st.tmask;
        if (timeOverflows(tm.hour, tm.min, tm.sec, tm.fsec)) return DTERR_FIELD_OVERFLOW;
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
          dtype = 'date';
        } else {
          const flen = f.length;
          const dot = f.indexOf('.');
          let r: number;
          if (dot >= 0 && !(fmask & DTK_DATE_M)) {
            // '2024.01.05' or 'yyyy.ddd'.
            r = decodeDate(f, fmask, st);
            if (r) return r;
          } else if (dot >= 0 && dot > 2) {
            r = decodeNumberField(f, fmask, st);
            if (r < 0) return r;
          } else if (flen >= 6 && (!(fmask & DTK_DATE_M) || !(fmask & DTK_TIME_M))) {
            // Six or more digits: run-together 'yyyymmdd' or 'hhmmss'.
            r = decodeNumberField(f, fmask, st);
            if (r < 0) return r;
          } else {
            r = decodeNumber(f, haveTextMonth, fmask, st);
            if (r) return r;
          }
          tmask = st.tmask;
        }
        break;
      }
      case F.STRING:
      case F.SPECIAL: {
        // Zone abbreviations take precedence over keywords.
        let tok: Token & { zone?: string } = decodeTimezoneAbbrev(f);
        if (tok.type === T.UNKNOWN_FIELD) tok = decodeSpecial(f);
        if (tok.type === T.IGNORE_DTF) continue;
        tmask = M(tok.type);
        switch (tok.type) {
          case T.RESERV:
            switch (tok.value) {
              case 'now': {
                tmask = DTK_DATE_M | DTK_TIME_M | M(T.TZ);
                dtype = 'date';
                const cur = currentLocal(env);
                Object.assign(tm, cur.tm);
                tzWest = cur.tzWest;
                break;
              }
              case 'yesterday':
              case 'today':
              case 'tomorrow': {
                tmask = DTK_DATE_M;
                dtype = 'date';
                const cur = currentLocal(env).tm;
                const delta = tok.value === 'yesterday' ? -1 : tok.value === 'tomorrow' ? 1 : 0;
                [tm.year, tm.mon, tm.mday] = j2date(date2j(cur.year, cur.mon, cur.mday) + delta);
                break;
              }
              case 'zulu':
                tmask = DTK_TIME_M | M(T.TZ);
                dtype = 'date';
                tm.hour = 0;
                tm.min = 0;
                tm.sec = 0;
                tzWest = 0;
                break;
              default:
                dtype = tok.value as DateType;
            }
            break;
          case T.MONTH:
            // A numeric month already read was really the day ('5 jan 2024' read as month first).
            if (fmask & M(T.MONTH) && !haveTextMonth && !(fmask & M(T.DAY)) && tm.mon >= 1 && tm.mon <= 31) {
              tm.mday = tm.mon;
              tmask = M(T.DAY);
            }
            haveTextMonth = true;
            tm.mon = tok.value as number;
            break;
          case T.DTZMOD:
            // 'DST' after a standard-time abbreviation.
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
          case T.DOW:
            break;
          case T.UNITS:
            tmask = 0;
            ptype = tok.value as string;
            break;
          case T.ISOTIME:
            // 't' between date and time: a date must precede, a time must follow.
            tmask = 0;
            if ((fmask & DTK_DATE_M) !== DTK_DATE_M) return DTERR_BAD_FORMAT;
            if (i >= nf - 1 || (ftype[i + 1] !== F.NUMBER && ftype[i + 1] !== F.TIME && ftype[i + 1] !== F.DATE)) {
              return DTERR_BAD_FORMAT;
            }
            ptype = tok.value as string;
            break;
          case T.UNKNOWN_FIELD: {
            // An all-letter zone name, like 'utc' or 'japan'.
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

  // PostgreSQL 15 does not reject a unit label left without a number, and
  // checks the date fields even of 'infinity' or 'epoch'.
  const r = validateDate(fmask, isjulian, st.is2digits, bc, st);
  if (r) return r;
  if (mer !== HR24 && tm.hour > 12) return DTERR_FIELD_OVERFLOW;
  if (mer === AM && tm.hour === 12) tm.hour = 0;
  else if (mer === PM && tm.hour !== 12) tm.hour += 12;

  if (dtype === 'date') {
    if ((fmask & DTK_DATE_M) !== DTK_DATE_M) {
      if ((fmask & DTK_TIME_M) === DTK_TIME_M) return 1;
      return DTERR_BAD_FORMAT;
    }
    // Named zones and dynamic abbreviations need the date to pick DST.
    if (namedTz !== null) {
      if (fmask & M(T.DTZMOD)) return DTERR_BAD_FORMAT;
      tzWest = -gmtoffForLocalTm(tm, namedTz);
    }
    if (abbrevTz !== null) {
      if (fmask & M(T.DTZMOD)) return DTERR_BAD_FORMAT;
      tzWest = -gmtoffForLocalTm(tm, abbrevTz);
    }
    if (!(fmask & M(T.TZ))) {
      if (fmask & M(T.DTZMOD)) return DTERR_BAD_FORMAT;
      tzWest = -gmtoffForLocalTm(tm, env.zone);
    }
  }
  return { dtype, tm, tzWest };
}
