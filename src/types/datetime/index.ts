/**
 * PostgreSQL 15's date/time types as pure functions.
 *
 * Values (PostgreSQL's own representations, so binary I/O is direct):
 *   date         number — days since 2000-01-01; ±Infinity for ±infinity
 *   time         bigint — µs since midnight
 *   timetz       TimeTz { micros, offsetSec } — offsetSec is seconds WEST of UTC
 *   timestamp    bigint — µs since 2000-01-01 00:00:00
 *   timestamptz  bigint — µs since 2000-01-01 00:00:00 UTC
 *                (TIMESTAMP_NOEND / TIMESTAMP_NOBEGIN for ±infinity)
 *   interval     Interval { months, days, micros }
 *
 * Zones are resolved once into a Zone (sessionZone(ctx.timeZone) for the
 * session, zoneArgument(text) for AT TIME ZONE-style arguments) and passed
 * to every function that needs one. The current time comes from the caller:
 * `now` (µs since 2000-01-01 UTC, normally the transaction start) either as
 * an argument or as a `now` field on the IoContext (DateTimeIoContext).
 */
export {
  DATE_NOBEGIN,
  DATE_NOEND,
  type Interval,
  TIMESTAMP_NOBEGIN,
  TIMESTAMP_NOEND,
  type TimeTz,
  USECS_PER_DAY,
  USECS_PER_HOUR,
  USECS_PER_MINUTE,
  USECS_PER_SEC,
  UNIX_EPOCH_OFFSET_USECS,
} from './constants.js';
export { type DateTimeIoContext, clockNow } from './context.js';
export { type Zone, UTC_ZONE, findZone, fixedZone, offsetAt, sessionZone, zoneArgument } from './zone.js';
export { type DateStyle, type IntervalStyle, formatDateStyle, parseDateStyle, parseIntervalStyle } from './style.js';

export { dateType, dateTimeTypes, intervalType, timeType, timestampType, timestamptzType, timetzType } from './types.js';
export { formatDate, parseDate } from './date-io.js';
export { formatTime, formatTimetz, parseTime, parseTimetz } from './time-io.js';
export { EPOCH_TIMESTAMP, formatTimestamp, formatTimestamptz, isFiniteTimestamp, parseTimestamp, parseTimestamptz } from './timestamp-io.js';
export { formatInterval, parseInterval } from './interval-io.js';
export {
  adjustIntervalForTypmod,
  adjustTimeForTypmod,
  adjustTimestampForTypmod,
  intervalTypmod,
  intervalTypmodOut,
  precisionTypmodOut,
} from './typmod.js';
export { IM as INTERVAL_MASK, INTERVAL_FULL_PRECISION, INTERVAL_FULL_RANGE } from './decode-interval.js';

export {
  compareDate,
  compareDateTimestamp,
  compareDateTimestamptz,
  compareInterval,
  compareTime,
  compareTimestamp,
  compareTimestampTimestamptz,
  compareTimetz,
} from './compare.js';
export {
  dateTimeToTimestamp,
  dateTimetzToTimestamptz,
  dateToTimestamp,
  dateToTimestamptz,
  intervalToTime,
  timeToTimetz,
  timestampToDate,
  timestampToTime,
  timestampToTimestamptz,
  timestamptzToDate,
  timestamptzToTime,
  timestamptzToTimestamp,
  timestamptzToTimetz,
  timetzToTime,
} from './convert.js';
export {
  shiftSeconds,
  timestampAge,
  timestampDiff,
  timestampMinusInterval,
  timestampPlusInterval,
  timestamptzAge,
  timestamptzMinusInterval,
  timestamptzPlusInterval,
} from './timestamp-math.js';
export {
  dateDiff,
  dateMinusDays,
  dateMinusInterval,
  datePlusDays,
  datePlusInterval,
  timeDiff,
  timeMinusInterval,
  timePlusInterval,
  timetzMinusInterval,
  timetzPlusInterval,
} from './date-math.js';
export {
  intervalCmpValue,
  intervalDiv,
  intervalMinus,
  intervalMul,
  intervalNegate,
  intervalPlus,
  justifyDays,
  justifyHours,
  justifyInterval,
} from './interval-math.js';
export {
  timestampAtOffset,
  timestampAtZone,
  timestamptzAtOffset,
  timestamptzAtZone,
  timetzAtOffset,
  timetzAtZone,
} from './at-time-zone.js';
export { truncInterval, truncTimestamp, truncTimestamptz } from './trunc.js';
export {
  type ExactDecimal,
  type ExtractResult,
  datePartDate,
  datePartInterval,
  datePartTime,
  datePartTimestamp,
  datePartTimestamptz,
  datePartTimetz,
  extractDate,
  extractInterval,
  extractText,
  extractTime,
  extractTimestamp,
  extractTimestamptz,
  extractTimetz,
} from './extract.js';
export { makeDate, makeInterval, makeTime, makeTimestamp, makeTimestamptz } from './make.js';
export { currentDate, currentTime, currentTimestamp, localTime, localTimestamp, timeofday } from './now.js';
export { dateBin, isFiniteDate } from './date-bin.js';
