/**
 * The keyword tables of PostgreSQL's date/time parser (datetime.c: datetktbl
 * for date/time input, deltatktbl for interval units). Keys compare on their
 * first TOKMAXLEN characters, as PostgreSQL's lookup does, which is how
 * 'microseconds' and 'milliseconds' resolve.
 */

/** Field types; the numbers are PostgreSQL's, because they are bit positions in field masks. */
export const T = {
  RESERV: 0,
  MONTH: 1,
  YEAR: 2,
  DAY: 3,
  JULIAN: 4,
  TZ: 5,
  DTZ: 6,
  DYNTZ: 7,
  IGNORE_DTF: 8,
  AMPM: 9,
  HOUR: 10,
  MINUTE: 11,
  SECOND: 12,
  MILLISECOND: 13,
  MICROSECOND: 14,
  DOY: 15,
  DOW: 16,
  UNITS: 17,
  ADBC: 18,
  AGO: 19,
  ISOTIME: 23,
  WEEK: 24,
  DECADE: 25,
  CENTURY: 26,
  MILLENNIUM: 27,
  DTZMOD: 28,
  UNKNOWN_FIELD: 31,
} as const;

export function M(t: number): number {
  return 1 << t;
}

export const DTK_ALL_SECS_M = M(T.SECOND) | M(T.MILLISECOND) | M(T.MICROSECOND);
export const DTK_DATE_M = M(T.YEAR) | M(T.MONTH) | M(T.DAY);
export const DTK_TIME_M = M(T.HOUR) | M(T.MINUTE) | DTK_ALL_SECS_M;

/** Units (the DTK_* values of UNITS tokens), named as date_part spells them. */
export type Unit =
  | 'microseconds'
  | 'milliseconds'
  | 'second'
  | 'minute'
  | 'hour'
  | 'day'
  | 'week'
  | 'month'
  | 'quarter'
  | 'year'
  | 'decade'
  | 'century'
  | 'millennium'
  | 'julian'
  | 'dow'
  | 'doy'
  | 'isodow'
  | 'isoyear'
  | 'timezone'
  | 'timezone_hour'
  | 'timezone_minute'
  | 'time';

/** Values of RESERV tokens. */
export type Reserved = 'epoch' | 'early' | 'late' | 'now' | 'today' | 'tomorrow' | 'yesterday' | 'zulu';

export const AM = 0;
export const PM = 1;
export const HR24 = 2;
export const AD = 0;
export const BC = 1;

export interface Token {
  readonly type: number;
  /** A number for MONTH/DOW/AMPM/ADBC/DTZMOD tokens, a Unit or Reserved name otherwise. */
  readonly value: number | Unit | Reserved;
}

export const TOKMAXLEN = 10;

function table(entries: [string, number, Token['value']][]): Map<string, Token> {
  const m = new Map<string, Token>();
  for (const [key, type, value] of entries) m.set(key.slice(0, TOKMAXLEN), { type, value });
  return m;
}

const DATE_TOKENS = table([
  ['-infinity', T.RESERV, 'early'],
  ['ad', T.ADBC, AD],
  ['allballs', T.RESERV, 'zulu'],
  ['am', T.AMPM, AM],
  ['apr', T.MONTH, 4],
  ['april', T.MONTH, 4],
  ['at', T.IGNORE_DTF, 0],
  ['aug', T.MONTH, 8],
  ['august', T.MONTH, 8],
  ['bc', T.ADBC, BC],
  ['d', T.UNITS, 'day'],
  ['dec', T.MONTH, 12],
  ['december', T.MONTH, 12],
  ['dow', T.UNITS, 'dow'],
  ['doy', T.UNITS, 'doy'],
  ['dst', T.DTZMOD, 3600],
  ['epoch', T.RESERV, 'epoch'],
  ['feb', T.MONTH, 2],
  ['february', T.MONTH, 2],
  ['fri', T.DOW, 5],
  ['friday', T.DOW, 5],
  ['h', T.UNITS, 'hour'],
  ['infinity', T.RESERV, 'late'],
  ['isodow', T.UNITS, 'isodow'],
  ['isoyear', T.UNITS, 'isoyear'],
  ['j', T.UNITS, 'julian'],
  ['jan', T.MONTH, 1],
  ['january', T.MONTH, 1],
  ['jd', T.UNITS, 'julian'],
  ['jul', T.MONTH, 7],
  ['julian', T.UNITS, 'julian'],
  ['july', T.MONTH, 7],
  ['jun', T.MONTH, 6],
  ['june', T.MONTH, 6],
  ['m', T.UNITS, 'month'],
  ['mar', T.MONTH, 3],
  ['march', T.MONTH, 3],
  ['may', T.MONTH, 5],
  ['mm', T.UNITS, 'minute'],
  ['mon', T.DOW, 1],
  ['monday', T.DOW, 1],
  ['nov', T.MONTH, 11],
  ['november', T.MONTH, 11],
  ['now', T.RESERV, 'now'],
  ['oct', T.MONTH, 10],
  ['october', T.MONTH, 10],
  ['on', T.IGNORE_DTF, 0],
  ['pm', T.AMPM, PM],
  ['s', T.UNITS, 'second'],
  ['sat', T.DOW, 6],
  ['saturday', T.DOW, 6],
  ['sep', T.MONTH, 9],
  ['sept', T.MONTH, 9],
  ['september', T.MONTH, 9],
  ['sun', T.DOW, 0],
  ['sunday', T.DOW, 0],
  ['t', T.ISOTIME, 'time'],
  ['thu', T.DOW, 4],
  ['thur', T.DOW, 4],
  ['thurs', T.DOW, 4],
  ['thursday', T.DOW, 4],
  ['today', T.RESERV, 'today'],
  ['tomorrow', T.RESERV, 'tomorrow'],
  ['tue', T.DOW, 2],
  ['tues', T.DOW, 2],
  ['tuesday', T.DOW, 2],
  ['wed', T.DOW, 3],
  ['wednesday', T.DOW, 3],
  ['weds', T.DOW, 3],
  ['y', T.UNITS, 'year'],
  ['yesterday', T.RESERV, 'yesterday'],
]);

const DELTA_TOKENS = table([
  ['@', T.IGNORE_DTF, 0],
  ['ago', T.AGO, 0],
  ['c', T.UNITS, 'century'],
  ['cent', T.UNITS, 'century'],
  ['centuries', T.UNITS, 'century'],
  ['century', T.UNITS, 'century'],
  ['d', T.UNITS, 'day'],
  ['day', T.UNITS, 'day'],
  ['days', T.UNITS, 'day'],
  ['dec', T.UNITS, 'decade'],
  ['decade', T.UNITS, 'decade'],
  ['decades', T.UNITS, 'decade'],
  ['decs', T.UNITS, 'decade'],
  ['h', T.UNITS, 'hour'],
  ['hour', T.UNITS, 'hour'],
  ['hours', T.UNITS, 'hour'],
  ['hr', T.UNITS, 'hour'],
  ['hrs', T.UNITS, 'hour'],
  ['m', T.UNITS, 'minute'],
  ['microsecond', T.UNITS, 'microseconds'],
  ['mil', T.UNITS, 'millennium'],
  ['millennia', T.UNITS, 'millennium'],
  ['millennium', T.UNITS, 'millennium'],
  ['millisecond', T.UNITS, 'milliseconds'],
  ['mils', T.UNITS, 'millennium'],
  ['min', T.UNITS, 'minute'],
  ['mins', T.UNITS, 'minute'],
  ['minute', T.UNITS, 'minute'],
  ['minutes', T.UNITS, 'minute'],
  ['mon', T.UNITS, 'month'],
  ['mons', T.UNITS, 'month'],
  ['month', T.UNITS, 'month'],
  ['months', T.UNITS, 'month'],
  ['ms', T.UNITS, 'milliseconds'],
  ['msec', T.UNITS, 'milliseconds'],
  ['mseconds', T.UNITS, 'milliseconds'],
  ['msecs', T.UNITS, 'milliseconds'],
  ['qtr', T.UNITS, 'quarter'],
  ['quarter', T.UNITS, 'quarter'],
  ['s', T.UNITS, 'second'],
  ['sec', T.UNITS, 'second'],
  ['second', T.UNITS, 'second'],
  ['seconds', T.UNITS, 'second'],
  ['secs', T.UNITS, 'second'],
  ['timezone', T.UNITS, 'timezone'],
  ['timezone_h', T.UNITS, 'timezone_hour'],
  ['timezone_m', T.UNITS, 'timezone_minute'],
  ['us', T.UNITS, 'microseconds'],
  ['usec', T.UNITS, 'microseconds'],
  ['useconds', T.UNITS, 'microseconds'],
  ['usecs', T.UNITS, 'microseconds'],
  ['w', T.UNITS, 'week'],
  ['week', T.UNITS, 'week'],
  ['weeks', T.UNITS, 'week'],
  ['y', T.UNITS, 'year'],
  ['year', T.UNITS, 'year'],
  ['years', T.UNITS, 'year'],
  ['yr', T.UNITS, 'year'],
  ['yrs', T.UNITS, 'year'],
]);

const UNKNOWN: Token = { type: T.UNKNOWN_FIELD, value: 0 };

/** Looks up a lower-cased word among date/time keywords (DecodeSpecial). */
export function decodeSpecial(lowtoken: string): Token {
  return DATE_TOKENS.get(lowtoken.slice(0, TOKMAXLEN)) ?? UNKNOWN;
}

/** Looks up a lower-cased word among interval units (DecodeUnits). */
export function decodeUnits(lowtoken: string): Token {
  return DELTA_TOKENS.get(lowtoken.slice(0, TOKMAXLEN)) ?? UNKNOWN;
}

/** Whether a word is a core date/time keyword (not a zone name): ParseDateTime's check. */
export function isDateKeyword(lowtoken: string): boolean {
  return DATE_TOKENS.has(lowtoken.slice(0, TOKMAXLEN));
}
