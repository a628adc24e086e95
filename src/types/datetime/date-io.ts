/** Text I/O of date (date.c: date_in, date_out). Dates are days since 2000-01-01; ±Infinity for 'infinity'. */
import type { IoContext } from '../type.js';
import { date2j, isValidDate, isValidJulian, j2date } from './calendar.js';
import { DATE_NOBEGIN, DATE_NOEND, POSTGRES_EPOCH_JDATE, UNIX_EPOCH_JDATE } from './constants.js';
import { decodeEnv } from './context.js';
import { decodeDateTime } from './decode-datetime.js';
import { DTERR_BAD_FORMAT, dateTimeParseError, outOfRange } from './dterr.js';
import { encodeDateOnly } from './encode.js';
import { parseIsoFast } from './fast-iso.js';
import { emptyTm } from './fields.js';
import { DATETIME_BUFLEN, parseDateTime } from './lex.js';
import { parseDateStyle } from './style.js';

export function parseDate(str: string, ctx: IoContext, now?: bigint): number {
  const fast = parseIsoFast(str);
  if (fast !== null && !fast.hasTime) return date2j(fast.tm.year, fast.tm.mon, fast.tm.mday) - POSTGRES_EPOCH_JDATE;
  const fields = parseDateTime(str, DATETIME_BUFLEN);
  const d = typeof fields === 'number' ? fields : decodeDateTime(fields, decodeEnv(ctx, now));
  if (typeof d === 'number') throw dateTimeParseError(d, str, 'date');
  let { year, mon, mday } = d.tm;
  switch (d.dtype) {
    case 'date':
      break;
    case 'epoch':
      [year, mon, mday] = j2date(UNIX_EPOCH_JDATE);
      break;
    case 'late':
      return DATE_NOEND;
    case 'early':
      return DATE_NOBEGIN;
    default:
      throw dateTimeParseError(DTERR_BAD_FORMAT, str, 'date');
  }
  if (!isValidJulian(year, mon)) throw outOfRange(`date out of range: "${str}"`);
  const date = date2j(year, mon, mday) - POSTGRES_EPOCH_JDATE;
  if (!isValidDate(date)) throw outOfRange(`date out of range: "${str}"`);
  return date;
}

export function formatDate(date: number, ctx: IoContext): string {
  if (date === DATE_NOEND) return 'infinity';
  if (date === DATE_NOBEGIN) return '-infinity';
  const tm = emptyTm();
  [tm.year, tm.mon, tm.mday] = j2date(date + POSTGRES_EPOCH_JDATE);
  return encodeDateOnly(tm, parseDateStyle(ctx.dateStyle));
}
