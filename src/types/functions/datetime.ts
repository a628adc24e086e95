/**
 * Date/time operators, functions and casts
 * (https://www.postgresql.org/docs/15/functions-datetime.html), wired to the
 * pure implementations in ../datetime. Signatures, cast contexts and
 * volatilities follow PostgreSQL 15's pg_cast, pg_operator and pg_proc.
 * Comparisons within each type come from the types' `compare` (compare.ts);
 * comparisons across date, timestamp and timestamptz go through the implicit
 * casts, as PostgreSQL's cross-type operators compute them.
 *
 * Whatever depends on the session TimeZone reads it from ctx.io.timeZone and
 * is 'stable'; the current time is the transaction start
 * (ctx.transactionTimestamp()), as in PostgreSQL.
 */
import type { EvalContext } from '../context.js';
import { PgError, SqlState } from '../errors.js';
import { Numeric } from '../numeric.js';
import { Oid } from '../oids.js';
import type { Value } from '../value.js';
import { defineCast, registerTypmodApplier, rint } from '../casts.js';
import { define, fn, op, prefixOp, type FuncDef, type Volatility } from './catalog.js';
import {
  type ExtractResult,
  type Interval,
  TIMESTAMP_NOBEGIN,
  TIMESTAMP_NOEND,
  type TimeTz,
  type Zone,
  adjustIntervalForTypmod,
  adjustTimeForTypmod,
  adjustTimestampForTypmod,
  clockNow,
  compareTimestamp,
  compareTimetz,
  currentDate,
  currentTime,
  dateBin,
  dateDiff,
  dateMinusDays,
  dateMinusInterval,
  datePartDate,
  datePartInterval,
  datePartTime,
  datePartTimestamp,
  datePartTimestamptz,
  datePartTimetz,
  datePlusDays,
  datePlusInterval,
  dateTimeToTimestamp,
  dateTimetzToTimestamptz,
  dateToTimestamp,
  dateToTimestamptz,
  extractDate,
  extractInterval,
  extractTime,
  extractTimestamp,
  extractTimestamptz,
  extractTimetz,
  intervalDiv,
  intervalMinus,
  intervalMul,
  intervalNegate,
  intervalPlus,
  intervalToTime,
  isFiniteDate,
  isFiniteTimestamp,
  justifyDays,
  justifyHours,
  justifyInterval,
  localTime,
  localTimestamp,
  makeDate,
  makeInterval,
  makeTime,
  makeTimestamp,
  makeTimestamptz,
  sessionZone,
  timeDiff,
  timeMinusInterval,
  timePlusInterval,
  timeToTimetz,
  timeofday,
  timestampAge,
  timestampAtOffset,
  timestampAtZone,
  timestampDiff,
  timestampMinusInterval,
  timestampPlusInterval,
  timestampToDate,
  timestampToTime,
  timestampToTimestamptz,
  timestamptzAge,
  timestamptzAtOffset,
  timestamptzAtZone,
  timestamptzMinusInterval,
  timestamptzPlusInterval,
  timestamptzToDate,
  timestamptzToTime,
  timestamptzToTimestamp,
  timestamptzToTimetz,
  timetzAtOffset,
  timetzAtZone,
  timetzMinusInterval,
  timetzPlusInterval,
  timetzToTime,
  truncInterval,
  truncTimestamp,
  truncTimestamptz,
  zoneArgument,
} from '../datetime/index.js';
import { isValidTimestamp } from '../datetime/calendar.js';
import { formatG2 } from '../datetime/make.js';

const { date, time, timetz, timestamp, timestamptz, interval, int4, float8, text, numeric, bool } = Oid;

const D = (v: Value) => v as number;
const T = (v: Value) => v as bigint;
const IV = (v: Value) => v as Interval;
const TZ = (v: Value) => v as TimeTz;
const S = (v: Value) => v as string;

/** The session's TimeZone as a Zone (sessionZone caches the lookup). */
function zone(ctx: EvalContext): Zone {
  return sessionZone(ctx.io.timeZone);
}

/** An operator whose result depends on the session (TimeZone): 'stable', unlike op()'s. */
function stableOp(name: string, left: number, right: number, ret: number, impl: (a: Value, b: Value, ctx: EvalContext) => Value): void {
  define({ name, kind: 'operator', args: [left, right], ret, strict: true, volatility: 'stable', impl: (a, ctx) => impl(a[0], a[1], ctx) });
}

function stable(name: string, args: readonly number[], ret: number, impl: FuncDef['impl']): void {
  fn(name, args, ret, impl, { volatility: 'stable' });
}

// ---------------------------------------------------------------- casts

defineCast(date, timestamp, 'i', (v) => dateToTimestamp(D(v)));
defineCast(date, timestamptz, 'i', (v, ctx) => dateToTimestamptz(D(v), zone(ctx)));
defineCast(timestamp, timestamptz, 'i', (v, ctx) => timestampToTimestamptz(T(v), zone(ctx)));
defineCast(timestamptz, timestamp, 'a', (v, ctx) => timestamptzToTimestamp(T(v), zone(ctx)));
defineCast(timestamp, date, 'a', (v) => timestampToDate(T(v)));
defineCast(timestamptz, date, 'a', (v, ctx) => timestamptzToDate(T(v), zone(ctx)));
defineCast(timestamp, time, 'a', (v) => timestampToTime(T(v)));
defineCast(timestamptz, time, 'a', (v, ctx) => timestamptzToTime(T(v), zone(ctx)));
defineCast(timestamptz, timetz, 'a', (v, ctx) => timestamptzToTimetz(T(v), zone(ctx)));
defineCast(time, interval, 'i', (v) => ({ months: 0, days: 0, micros: T(v) }) satisfies Interval);
defineCast(interval, time, 'a', (v) => intervalToTime(IV(v).micros));
defineCast(time, timetz, 'i', (v, ctx) => timeToTimetz(T(v), zone(ctx), ctx.transactionTimestamp()));
defineCast(timetz, time, 'a', (v) => timetzToTime(TZ(v)));

// Length coercions: timestamp(p), time(p), interval day to second(p).
registerTypmodApplier(timestamp, (v, typmod) => adjustTimestampForTypmod(T(v), typmod));
registerTypmodApplier(timestamptz, (v, typmod) => adjustTimestampForTypmod(T(v), typmod));
registerTypmodApplier(time, (v, typmod) => adjustTimeForTypmod(T(v), typmod));
registerTypmodApplier(timetz, (v, typmod) => {
  const t = TZ(v);
  const micros = adjustTimeForTypmod(t.micros, typmod);
  return micros === t.micros ? t : { micros, offsetSec: t.offsetSec };
});
registerTypmodApplier(interval, (v, typmod) => adjustIntervalForTypmod(IV(v), typmod));

// The cast functions, callable by name as in PostgreSQL: date(ts), timestamp(date, time)…
fn('date', [timestamp], date, (a) => timestampToDate(T(a[0])));
stable('date', [timestamptz], date, (a, ctx) => timestamptzToDate(T(a[0]), zone(ctx)));
fn('time', [timestamp], time, (a) => timestampToTime(T(a[0])));
stable('time', [timestamptz], time, (a, ctx) => timestamptzToTime(T(a[0]), zone(ctx)));
fn('time', [interval], time, (a) => intervalToTime(IV(a[0]).micros));
fn('time', [timetz], time, (a) => timetzToTime(TZ(a[0])));
stable('timetz', [time], timetz, (a, ctx) => timeToTimetz(T(a[0]), zone(ctx), ctx.transactionTimestamp()));
stable('timetz', [timestamptz], timetz, (a, ctx) => timestamptzToTimetz(T(a[0]), zone(ctx)));
fn('timestamp', [date], timestamp, (a) => dateToTimestamp(D(a[0])));
fn('timestamp', [date, time], timestamp, (a) => dateTimeToTimestamp(D(a[0]), T(a[1])));
stable('timestamp', [timestamptz], timestamp, (a, ctx) => timestamptzToTimestamp(T(a[0]), zone(ctx)));
stable('timestamptz', [date], timestamptz, (a, ctx) => dateToTimestamptz(D(a[0]), zone(ctx)));
fn('timestamptz', [date, timetz], timestamptz, (a) => dateTimetzToTimestamptz(D(a[0]), TZ(a[1])));
stable('timestamptz', [date, time], timestamptz, (a, ctx) => timestampToTimestamptz(dateTimeToTimestamp(D(a[0]), T(a[1])), zone(ctx)));
stable('timestamptz', [timestamp], timestamptz, (a, ctx) => timestampToTimestamptz(T(a[0]), zone(ctx)));
fn('interval', [time], interval, (a) => ({ months: 0, days: 0, micros: T(a[0]) }) satisfies Interval);

// ---------------------------------------------------------------- operators

// date
op('+', date, int4, date, (a, b) => datePlusDays(D(a), D(b)));
op('+', int4, date, date, (a, b) => datePlusDays(D(b), D(a)));
op('-', date, int4, date, (a, b) => dateMinusDays(D(a), D(b)));
op('-', date, date, int4, (a, b) => dateDiff(D(a), D(b)));
op('+', date, interval, timestamp, (a, b) => datePlusInterval(D(a), IV(b)));
op('+', interval, date, timestamp, (a, b) => datePlusInterval(D(b), IV(a)));
op('-', date, interval, timestamp, (a, b) => dateMinusInterval(D(a), IV(b)));
op('+', date, time, timestamp, (a, b) => dateTimeToTimestamp(D(a), T(b)));
op('+', time, date, timestamp, (a, b) => dateTimeToTimestamp(D(b), T(a)));
op('+', date, timetz, timestamptz, (a, b) => dateTimetzToTimestamptz(D(a), TZ(b)));
op('+', timetz, date, timestamptz, (a, b) => dateTimetzToTimestamptz(D(b), TZ(a)));

// timestamp
op('+', timestamp, interval, timestamp, (a, b) => timestampPlusInterval(T(a), IV(b)));
op('+', interval, timestamp, timestamp, (a, b) => timestampPlusInterval(T(b), IV(a)));
op('-', timestamp, interval, timestamp, (a, b) => timestampMinusInterval(T(a), IV(b)));
op('-', timestamp, timestamp, interval, (a, b) => timestampDiff(T(a), T(b)));

// timestamptz: adding days or months steps over the session zone's calendar.
stableOp('+', timestamptz, interval, timestamptz, (a, b, ctx) => timestamptzPlusInterval(T(a), IV(b), zone(ctx)));
stableOp('+', interval, timestamptz, timestamptz, (a, b, ctx) => timestamptzPlusInterval(T(b), IV(a), zone(ctx)));
stableOp('-', timestamptz, interval, timestamptz, (a, b, ctx) => timestamptzMinusInterval(T(a), IV(b), zone(ctx)));
op('-', timestamptz, timestamptz, interval, (a, b) => timestampDiff(T(a), T(b)));

// time and timetz
op('+', time, interval, time, (a, b) => timePlusInterval(T(a), IV(b)));
op('+', interval, time, time, (a, b) => timePlusInterval(T(b), IV(a)));
op('-', time, interval, time, (a, b) => timeMinusInterval(T(a), IV(b)));
op('-', time, time, interval, (a, b) => timeDiff(T(a), T(b)));
op('+', timetz, interval, timetz, (a, b) => timetzPlusInterval(TZ(a), IV(b)));
op('+', interval, timetz, timetz, (a, b) => timetzPlusInterval(TZ(b), IV(a)));
op('-', timetz, interval, timetz, (a, b) => timetzMinusInterval(TZ(a), IV(b)));

// interval
op('+', interval, interval, interval, (a, b) => intervalPlus(IV(a), IV(b)));
op('-', interval, interval, interval, (a, b) => intervalMinus(IV(a), IV(b)));
prefixOp('-', interval, interval, (a) => intervalNegate(IV(a)));
op('*', interval, float8, interval, (a, b) => intervalMul(IV(a), b as number));
op('*', float8, interval, interval, (a, b) => intervalMul(IV(b), a as number));
op('/', interval, float8, interval, (a, b) => intervalDiv(IV(a), b as number));

// ---------------------------------------------------------------- current time

stable('now', [], timestamptz, (_a, ctx) => ctx.transactionTimestamp());
stable('transaction_timestamp', [], timestamptz, (_a, ctx) => ctx.transactionTimestamp());
stable('statement_timestamp', [], timestamptz, (_a, ctx) => ctx.statementTimestamp());
fn('clock_timestamp', [], timestamptz, () => clockNow(), { volatility: 'volatile' });
fn('timeofday', [], text, (_a, ctx) => timeofday(clockNow(), zone(ctx)), { volatility: 'volatile' });
// The SQL value functions (current_date, current_time, localtime, localtimestamp; current_timestamp is now()).
stable('current_date', [], date, (_a, ctx) => currentDate(ctx.transactionTimestamp(), zone(ctx)));
stable('current_time', [], timetz, (_a, ctx) => currentTime(ctx.transactionTimestamp(), zone(ctx)));
stable('localtime', [], time, (_a, ctx) => localTime(ctx.transactionTimestamp(), zone(ctx)));
stable('localtimestamp', [], timestamp, (_a, ctx) => localTimestamp(ctx.transactionTimestamp(), zone(ctx)));

// ---------------------------------------------------------------- date_trunc, date_part, extract

fn('date_trunc', [text, timestamp], timestamp, (a) => truncTimestamp(S(a[0]), T(a[1])));
stable('date_trunc', [text, timestamptz], timestamptz, (a, ctx) => truncTimestamptz(S(a[0]), T(a[1]), zone(ctx)));
stable('date_trunc', [text, timestamptz, text], timestamptz, (a) => truncTimestamptz(S(a[0]), T(a[1]), zoneArgument(S(a[2]))));
fn('date_trunc', [text, interval], interval, (a) => truncInterval(S(a[0]), IV(a[1])));

fn('date_part', [text, date], float8, (a) => datePartDate(S(a[0]), D(a[1])));
fn('date_part', [text, time], float8, (a) => datePartTime(S(a[0]), T(a[1])));
fn('date_part', [text, timetz], float8, (a) => datePartTimetz(S(a[0]), TZ(a[1])));
fn('date_part', [text, timestamp], float8, (a) => datePartTimestamp(S(a[0]), T(a[1])));
stable('date_part', [text, timestamptz], float8, (a, ctx) => datePartTimestamptz(S(a[0]), T(a[1]), zone(ctx)));
fn('date_part', [text, interval], float8, (a) => datePartInterval(S(a[0]), IV(a[1])));

/** An extract() result as a numeric value. */
function extractNumeric(r: ExtractResult): Numeric | null {
  if (r === null) return null;
  if (r === 'Infinity') return Numeric.POSITIVE_INFINITY;
  if (r === '-Infinity') return Numeric.NEGATIVE_INFINITY;
  return Numeric.of(r.coef, r.dscale);
}

// EXTRACT(field FROM x) arrives as extract('field', x).
fn('extract', [text, date], numeric, (a) => extractNumeric(extractDate(S(a[0]), D(a[1]))));
fn('extract', [text, time], numeric, (a) => extractNumeric(extractTime(S(a[0]), T(a[1]))));
fn('extract', [text, timetz], numeric, (a) => extractNumeric(extractTimetz(S(a[0]), TZ(a[1]))));
fn('extract', [text, timestamp], numeric, (a) => extractNumeric(extractTimestamp(S(a[0]), T(a[1]))));
stable('extract', [text, timestamptz], numeric, (a, ctx) => extractNumeric(extractTimestamptz(S(a[0]), T(a[1]), zone(ctx))));
fn('extract', [text, interval], numeric, (a) => extractNumeric(extractInterval(S(a[0]), IV(a[1]))));

// ---------------------------------------------------------------- age, justify_*

fn('age', [timestamp, timestamp], interval, (a) => timestampAge(T(a[0]), T(a[1])));
fn('age', [timestamptz, timestamptz], interval, (a, ctx) => timestamptzAge(T(a[0]), T(a[1]), zone(ctx)));
// age(x) is age(current_date::timestamp[tz], x): from midnight today.
stable('age', [timestamp], interval, (a, ctx) => timestampAge(dateToTimestamp(currentDate(ctx.transactionTimestamp(), zone(ctx))), T(a[0])));
stable('age', [timestamptz], interval, (a, ctx) => {
  const z = zone(ctx);
  return timestamptzAge(dateToTimestamptz(currentDate(ctx.transactionTimestamp(), z), z), T(a[0]), z);
});
fn('justify_days', [interval], interval, (a) => justifyDays(IV(a[0])));
fn('justify_hours', [interval], interval, (a) => justifyHours(IV(a[0])));
fn('justify_interval', [interval], interval, (a) => justifyInterval(IV(a[0])));

// ---------------------------------------------------------------- make_*

fn('make_date', [int4, int4, int4], date, (a) => makeDate(D(a[0]), D(a[1]), D(a[2])));
fn('make_time', [int4, int4, float8], time, (a) => makeTime(D(a[0]), D(a[1]), D(a[2])));
fn('make_timestamp', [int4, int4, int4, int4, int4, float8], timestamp, (a) =>
  makeTimestamp(D(a[0]), D(a[1]), D(a[2]), D(a[3]), D(a[4]), D(a[5])),
);
stable('make_timestamptz', [int4, int4, int4, int4, int4, float8], timestamptz, (a, ctx) =>
  makeTimestamptz(D(a[0]), D(a[1]), D(a[2]), D(a[3]), D(a[4]), D(a[5]), zone(ctx)),
);
stable('make_timestamptz', [int4, int4, int4, int4, int4, float8, text], timestamptz, (a) =>
  makeTimestamptz(D(a[0]), D(a[1]), D(a[2]), D(a[3]), D(a[4]), D(a[5]), S(a[6])),
);
// make_interval(years, months, weeks, days, hours, mins, secs float8), each defaulting to 0:
// one overload per number of leading arguments given.
const MAKE_INTERVAL_ARGS = [int4, int4, int4, int4, int4, int4, float8];
for (let n = 0; n <= MAKE_INTERVAL_ARGS.length; n++) {
  fn('make_interval', MAKE_INTERVAL_ARGS.slice(0, n), interval, (a) => makeInterval(...(a as number[])));
}

// ---------------------------------------------------------------- AT TIME ZONE

// x AT TIME ZONE z arrives as timezone(z, x).
fn('timezone', [text, timestamp], timestamptz, (a) => timestampAtZone(T(a[1]), S(a[0])));
fn('timezone', [text, timestamptz], timestamp, (a) => timestamptzAtZone(T(a[1]), S(a[0])));
stable('timezone', [text, timetz], timetz, (a, ctx) => timetzAtZone(TZ(a[1]), S(a[0]), ctx.transactionTimestamp()));
fn('timezone', [interval, timestamp], timestamptz, (a) => timestampAtOffset(T(a[1]), IV(a[0])));
fn('timezone', [interval, timestamptz], timestamp, (a) => timestamptzAtOffset(T(a[1]), IV(a[0])));
fn('timezone', [interval, timetz], timetz, (a) => timetzAtOffset(TZ(a[1]), IV(a[0])));

// ---------------------------------------------------------------- others

fn('isfinite', [date], bool, (a) => isFiniteDate(D(a[0])));
fn('isfinite', [timestamp], bool, (a) => isFiniteTimestamp(T(a[0])));
fn('isfinite', [timestamptz], bool, (a) => isFiniteTimestamp(T(a[0])));
// Intervals have no infinity in PostgreSQL 15.
fn('isfinite', [interval], bool, () => true);

const SECS_PER_DAY = 86_400;
const UNIX_EPOCH_JDATE = 2_440_588;
const POSTGRES_EPOCH_JDATE = 2_451_545;
const TIMESTAMP_END_JULIAN = 109_203_528;

/** to_timestamp(float8): Unix epoch seconds → timestamptz (float8_timestamptz). */
function unixToTimestamptz(seconds: number): bigint {
  if (Number.isNaN(seconds)) throw new PgError(SqlState.DatetimeFieldOverflow, 'timestamp cannot be NaN');
  if (seconds === Infinity) return TIMESTAMP_NOEND;
  if (seconds === -Infinity) return TIMESTAMP_NOBEGIN;
  const outOfRange = () => new PgError(SqlState.DatetimeFieldOverflow, `timestamp out of range: "${formatG2(seconds)}"`);
  if (seconds < SECS_PER_DAY * -UNIX_EPOCH_JDATE || seconds >= SECS_PER_DAY * (TIMESTAMP_END_JULIAN - UNIX_EPOCH_JDATE)) throw outOfRange();
  const result = BigInt(rint((seconds - (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY) * 1e6));
  if (!isValidTimestamp(result)) throw outOfRange();
  return result;
}
fn('to_timestamp', [float8], timestamptz, (a) => unixToTimestamptz(a[0] as number));

fn('date_bin', [interval, timestamp, timestamp], timestamp, (a) => dateBin(IV(a[0]), T(a[1]), T(a[2])));
fn('date_bin', [interval, timestamptz, timestamptz], timestamptz, (a) => dateBin(IV(a[0]), T(a[1]), T(a[2])));

// ---------------------------------------------------------------- OVERLAPS

/**
 * (s1, e1) OVERLAPS (s2, e2), arriving as overlaps(s1, e1, s2, e2): not
 * strict — a NULL end may still give a definite answer (overlaps_timestamp).
 */
function overlaps(cmp: (a: Value, b: Value) => number, args: Value[]): Value {
  let [s1, e1, s2, e2] = args;
  if (s1 === null) {
    if (e1 === null) return null;
    s1 = e1;
    e1 = null;
  } else if (e1 !== null && cmp(s1, e1) > 0) [s1, e1] = [e1, s1];
  if (s2 === null) {
    if (e2 === null) return null;
    s2 = e2;
    e2 = null;
  } else if (e2 !== null && cmp(s2, e2) > 0) [s2, e2] = [e2, s2];
  const c = cmp(s1, s2);
  if (c > 0) {
    if (e2 === null) return null;
    if (cmp(s1, e2) < 0) return true;
    return e1 === null ? null : false;
  }
  if (c < 0) {
    if (e1 === null) return null;
    if (cmp(s2, e1) < 0) return true;
    return e2 === null ? null : false;
  }
  return e1 === null || e2 === null ? null : true;
}

function defineOverlaps(
  t: number,
  cmp: (a: Value, b: Value) => number,
  plus: ((v: Value, iv: Interval, ctx: EvalContext) => Value) | null,
  volatility: Volatility,
): void {
  const def = (args: number[], impl: FuncDef['impl'], v: Volatility) =>
    define({ name: 'overlaps', kind: 'function', args, ret: bool, strict: false, volatility: v, impl });
  def([t, t, t, t], (a) => overlaps(cmp, a), 'immutable');
  if (!plus) return;
  // The interval forms add the interval to the start: (s, s + i).
  const end = (s: Value, iv: Value, ctx: EvalContext): Value => (s === null || iv === null ? null : plus(s, IV(iv), ctx));
  def([t, interval, t, interval], (a, ctx) => overlaps(cmp, [a[0], end(a[0], a[1], ctx), a[2], end(a[2], a[3], ctx)]), volatility);
  def([t, interval, t, t], (a, ctx) => overlaps(cmp, [a[0], end(a[0], a[1], ctx), a[2], a[3]]), volatility);
  def([t, t, t, interval], (a, ctx) => overlaps(cmp, [a[0], a[1], a[2], end(a[2], a[3], ctx)]), volatility);
}

const cmpInt64 = (a: Value, b: Value) => compareTimestamp(T(a), T(b));
defineOverlaps(timestamp, cmpInt64, (v, iv) => timestampPlusInterval(T(v), iv), 'immutable');
defineOverlaps(timestamptz, cmpInt64, (v, iv, ctx) => timestamptzPlusInterval(T(v), iv, zone(ctx)), 'stable');
defineOverlaps(time, cmpInt64, (v, iv) => timePlusInterval(T(v), iv), 'immutable');
defineOverlaps(timetz, (a, b) => compareTimetz(TZ(a), TZ(b)), null, 'immutable');
