/**
 * Splits date/time input into typed fields, exactly as PostgreSQL's
 * ParseDateTime does, since which inputs are accepted depends on these
 * boundaries ('2024-01-05T10:00' → date, 't', time). Letters are lower-cased.
 */
import { DTERR_BAD_FORMAT } from './dterr.js';
import { isDateKeyword } from './tokens.js';

export const F = {
  NUMBER: 0,
  STRING: 1,
  DATE: 2,
  TIME: 3,
  TZ: 4,
  SPECIAL: 6,
} as const;

export interface Fields {
  readonly field: string[];
  readonly ftype: number[];
}

/** Maximum number of fields (MAXDATEFIELDS). */
const MAXDATEFIELDS = 25;
/** Work buffer sizes of the input functions: date/time types, and interval. */
export const DATETIME_BUFLEN = 128 + MAXDATEFIELDS;
export const INTERVAL_BUFLEN = 256;

const enum C {
  Tab = 9,
  Cr = 13,
  Space = 32,
  Plus = 43,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  D0 = 48,
  D9 = 57,
  Colon = 58,
  Under = 95,
}

const isDigit = (c: number): boolean => c >= C.D0 && c <= C.D9;
const isAlpha = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isAlnum = (c: number): boolean => isDigit(c) || isAlpha(c);
const isSpace = (c: number): boolean => c === C.Space || (c >= C.Tab && c <= C.Cr);
const isPunct = (c: number): boolean => c > C.Space && c < 127 && !isAlnum(c);
const isZonePunct = (c: number): boolean =>
  c === C.Plus || c === C.Minus || c === C.Slash || c === C.Under || c === C.Dot || c === C.Colon;

/** Returns the fields, or a DTERR code. */
export function parseDateTime(s: string, buflen: number): Fields | number {
  const field: string[] = [];
  const ftype: number[] = [];
  const n = s.length;
  // NaN past the end, so every class test fails there.
  const at = (i: number): number => (i < n ? s.charCodeAt(i) : NaN);
  let cp = 0;
  // Characters PostgreSQL would write to its fixed work buffer, NULs included.
  let used = 0;
  while (cp < n) {
    const c = s.charCodeAt(cp);
    if (isSpace(c)) {
      cp++;
      continue;
    }
    if (field.length >= MAXDATEFIELDS) return DTERR_BAD_FORMAT;
    const start = cp;
    let prefix = '';
    let lower = false;
    let type: number;
    if (isDigit(c)) {
      cp++;
      while (isDigit(at(cp))) cp++;
      const d = at(cp);
      if (d === C.Colon) {
        type = F.TIME;
        cp++;
        while (isDigit(at(cp)) || at(cp) === C.Colon || at(cp) === C.Dot) cp++;
      } else if (d === C.Minus || d === C.Slash || d === C.Dot) {
        cp++;
        if (isDigit(at(cp))) {
          type = d === C.Dot ? F.NUMBER : F.DATE;
          while (isDigit(at(cp))) cp++;
          // Only matching delimiters make a three-part date.
          if (at(cp) === d) {
            type = F.DATE;
            cp++;
            while (isDigit(at(cp)) || at(cp) === d) cp++;
          }
        } else {
          type = F.DATE;
          lower = true;
          while (isAlnum(at(cp)) || at(cp) === d) cp++;
        }
      } else {
        type = F.NUMBER;
      }
    } else if (c === C.Dot) {
      cp++;
      while (isDigit(at(cp))) cp++;
      type = F.NUMBER;
    } else if (isAlpha(c)) {
      type = F.STRING;
      lower = true;
      cp++;
      while (isAlpha(at(cp))) cp++;
      // A word followed by punctuation or digits may be a date with a text
      // month or a zone name ('America/New_York', 'UTC+3'), unless the word
      // is a keyword such as 'j' (Julian day) or 't' (ISO time separator).
      const next = at(cp);
      let isDate = false;
      if (next === C.Minus || next === C.Slash || next === C.Dot) isDate = true;
      else if (next === C.Plus || isDigit(next)) isDate = !isDateKeyword(s.slice(start, cp).toLowerCase());
      if (isDate) {
        type = F.DATE;
        do cp++;
        while (isZonePunct(at(cp)) || isAlnum(at(cp)));
      }
    } else if (c === C.Plus || c === C.Minus) {
      // The sign is kept; spaces after it are dropped.
      prefix = s[cp];
      used++;
      cp++;
      while (cp < n && isSpace(s.charCodeAt(cp))) cp++;
      const bodyStart = cp;
      if (isDigit(at(cp))) {
        type = F.TZ;
        cp++;
        while (isDigit(at(cp)) || at(cp) === C.Colon || at(cp) === C.Dot || at(cp) === C.Minus) cp++;
      } else if (isAlpha(at(cp))) {
        type = F.SPECIAL;
        lower = true;
        cp++;
        while (isAlpha(at(cp))) cp++;
      } else {
        return DTERR_BAD_FORMAT;
      }
      const body = s.slice(bodyStart, cp);
      used += body.length;
      if (used >= buflen) return DTERR_BAD_FORMAT;
      used++;
      field.push(prefix + (lower ? body.toLowerCase() : body));
      ftype.push(type);
      continue;
    } else if (isPunct(c)) {
      cp++;
      continue;
    } else {
      return DTERR_BAD_FORMAT;
    }
    const text = s.slice(start, cp);
    used += text.length;
    if (used >= buflen) return DTERR_BAD_FORMAT;
    used++;
    field.push(lower ? text.toLowerCase() : text);
    ftype.push(type);
  }
  return { field, ftype };
}
