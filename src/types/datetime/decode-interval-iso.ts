/**
 * ISO 8601 interval input (datetime.c: DecodeISO8601Interval): the
 * designator form 'P1Y2M3DT4H5M6.5S' (fractions allowed on any field) and
 * the alternative forms 'P0001-02-03T04:05:06' and 'P00010203T040506'.
 * Interval input tries this only after the ordinary syntax fails.
 */
import { DTERR_BAD_FORMAT, DTERR_FIELD_OVERFLOW } from './dterr.js';
import { strtod } from './decode-parts.js';
import {
  type ItmIn,
  adjustDays,
  adjustFractDays,
  adjustFractMicroseconds,
  adjustFractYears,
  adjustMicroseconds,
  adjustMonths,
  adjustYears,
} from './interval-accum.js';

/** ISO 8601 number: [int part, fraction, end] with the integer part truncated toward zero. */
function parseIso8601Number(s: string, start: number): [bigint, number, number] | number {
  const c = s[start];
  if (!((c >= '0' && c <= '9') || c === '-' || c === '.')) return DTERR_BAD_FORMAT;
  const [val, end] = strtod(s, start);
  if (end === start) return DTERR_BAD_FORMAT;
  if (Number.isNaN(val) || val < -1e15 || val > 1e15) return DTERR_FIELD_OVERFLOW;
  const ipart = val >= 0 ? Math.floor(val) : -Math.floor(-val);
  return [BigInt(ipart), val - ipart, end];
}

function integerWidth(s: string, start: number): number {
  let i = start;
  if (s[i] === '-') i++;
  const m = /^\d*/.exec(s.slice(i));
  return m ? m[0].length : 0;
}

/** DecodeISO8601Interval: 'P…' in the designator or the alternative format. */
export function decodeIso8601Interval(str: string, itm: ItmIn): number {
  if (str.length < 2 || str[0] !== 'P') return DTERR_BAD_FORMAT;
  let datepart = true;
  let havefield = false;
  let i = 1;
  const n = str.length;
  const num = (): [bigint, number] | number => {
    const r = parseIso8601Number(str, i);
    if (typeof r === 'number') return r;
    i = r[2];
    return [r[0], r[1]];
  };
  while (i < n) {
    if (str[i] === 'T') {
      datepart = false;
      havefield = false;
      i++;
      continue;
    }
    const fieldstart = i;
    let r = num();
    if (typeof r === 'number') return r;
    let [val, fval] = r;
    const unit = i < n ? str[i] : '\0';
    i++;
    if (datepart) {
      switch (unit) {
        case 'Y':
          if (!adjustYears(val, 1, itm) || !adjustFractYears(fval, 1, itm)) return DTERR_FIELD_OVERFLOW;
          break;
        case 'M':
          if (!adjustMonths(val, itm) || !adjustFractDays(fval, 30, itm)) return DTERR_FIELD_OVERFLOW;
          break;
        case 'W':
          if (!adjustDays(val, 7, itm) || !adjustFractDays(fval, 7, itm)) return DTERR_FIELD_OVERFLOW;
          break;
        case 'D':
          if (!adjustDays(val, 1, itm) || !adjustFractMicroseconds(fval, 86_400_000_000, itm)) return DTERR_FIELD_OVERFLOW;
          break;
        case 'T':
        case '\0':
        case '-': {
          if (unit !== '-' && integerWidth(str, fieldstart) === 8 && !havefield) {
            // Basic alternative format: YYYYMMDD.
            if (
              !adjustYears(val / 10000n, 1, itm) ||
              !adjustMonths((val / 100n) % 100n, itm) ||
              !adjustDays(val % 100n, 1, itm) ||
              !adjustFractMicroseconds(fval, 86_400_000_000, itm)
            ) {
              return DTERR_FIELD_OVERFLOW;
            }
            if (unit === '\0') return 0;
            datepart = false;
            havefield = false;
            continue;
          }
          // Extended alternative format: Y-M-D.
          if (havefield) return DTERR_BAD_FORMAT;
          if (!adjustYears(val, 1, itm) || !adjustFractYears(fval, 1, itm)) return DTERR_FIELD_OVERFLOW;
          if (unit === '\0') return 0;
          if (unit === 'T') {
            datepart = false;
            havefield = false;
            continue;
          }
          r = num();
          if (typeof r === 'number') return r;
          [val, fval] = r;
          if (!adjustMonths(val, itm) || !adjustFractDays(fval, 30, itm)) return DTERR_FIELD_OVERFLOW;
          if (i >= n) return 0;
          if (str[i] === 'T') {
            datepart = false;
            havefield = false;
            continue;
          }
          if (str[i] !== '-') return DTERR_BAD_FORMAT;
          i++;
          r = num();
          if (typeof r === 'number') return r;
          [val, fval] = r;
          if (!adjustDays(val, 1, itm) || !adjustFractMicroseconds(fval, 86_400_000_000, itm)) return DTERR_FIELD_OVERFLOW;
          if (i >= n) return 0;
          if (str[i] === 'T') {
            datepart = false;
            havefield = false;
            continue;
          }
          return DTERR_BAD_FORMAT;
        }
        default:
          return DTERR_BAD_FORMAT;
      }
    } else {
      switch (unit) {
        case 'H':
          if (!adjustMicroseconds(val, fval, 3_600_000_000, itm)) return DTERR_FIELD_OVERFLOW;
          break;
        case 'M':
          if (!adjustMicroseconds(val, fval, 60_000_000, itm)) return DTERR_FIELD_OVERFLOW;
          break;
        case 'S':
          if (!adjustMicroseconds(val, fval, 1_000_000, itm)) return DTERR_FIELD_OVERFLOW;
          break;
        case '\0':
        case ':': {
          if (unit === '\0' && integerWidth(str, fieldstart) === 6 && !havefield) {
            // Basic alternative format: hhmmss.
            if (
              !adjustMicroseconds(val / 10000n, 0, 3_600_000_000, itm) ||
              !adjustMicroseconds((val / 100n) % 100n, 0, 60_000_000, itm) ||
              !adjustMicroseconds(val % 100n, 0, 1_000_000, itm) ||
              !adjustFractMicroseconds(fval, 1_000_000, itm)
            ) {
              return DTERR_FIELD_OVERFLOW;
            }
            return 0;
          }
          // Extended alternative format: h:m:s.
          if (havefield) return DTERR_BAD_FORMAT;
          if (!adjustMicroseconds(val, fval, 3_600_000_000, itm)) return DTERR_FIELD_OVERFLOW;
          if (unit === '\0') return 0;
          r = num();
          if (typeof r === 'number') return r;
          [val, fval] = r;
          if (!adjustMicroseconds(val, fval, 60_000_000, itm)) return DTERR_FIELD_OVERFLOW;
          if (i >= n) return 0;
          if (str[i] !== ':') return DTERR_BAD_FORMAT;
          i++;
          r = num();
          if (typeof r === 'number') return r;
          [val, fval] = r;
          if (!adjustMicroseconds(val, fval, 1_000_000, itm)) return DTERR_FIELD_OVERFLOW;
          if (i >= n) return 0;
          return DTERR_BAD_FORMAT;
        }
        default:
          return DTERR_BAD_FORMAT;
      }
    }
    havefield = true;
  }
  return 0;
}
