/**
 * AT TIME ZONE (timestamp.c: timestamptz_zone, timestamp_zone, the interval
 * variants; date.c: timetz_zone). A zone argument is first looked up as an
 * abbreviation ('EST' is always -05), then as a zone name; an interval
 * argument is an offset EAST of UTC ('+02:00' is two hours ahead), unlike a
 * POSIX-style name such as 'UTC+2'.
 */
import { PgError, SqlState } from '../errors.js';
import { isValidTimestamp } from './calendar.js';
import { type Interval, type TimeTz, USECS_PER_DAY, USECS_PER_SEC } from './constants.js';
import { outOfRange } from './dterr.js';
import { emptyTm, timestamp2tm } from './fields.js';
import { encodeInterval } from './interval-text.js';
import { gmtoffAt, gmtoffForLocalTm } from './local.js';
import { isFiniteTimestamp } from './timestamp-io.js';
import { type Zone, zoneArgument } from './zone.js';

function checked(ts: bigint): bigint {
  if (!isValidTimestamp(ts)) throw outOfRange('timestamp out of range');
  return ts;
}

function zoneOf(zone: string | Zone): Zone {
  return typeof zone === 'string' ? zoneArgument(zone) : zone;
}

/** timestamptz AT TIME ZONE zone → timestamp: the wall-clock time there. */
export function timestamptzAtZone(ts: bigint, zone: string | Zone): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  const z = zoneOf(zone);
  return checked(ts + BigInt(gmtoffAt(z, ts)) * USECS_PER_SEC);
}

/** timestamp AT TIME ZONE zone → timestamptz: the instant when it is that wall-clock time there. */
export function timestampAtZone(ts: bigint, zone: string | Zone): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  const z = zoneOf(zone);
  const tm = emptyTm();
  if (!timestamp2tm(ts, tm)) throw outOfRange('timestamp out of range');
  return checked(ts - BigInt(gmtoffForLocalTm(tm, z)) * USECS_PER_SEC);
}

function intervalOffsetSeconds(iv: Interval): bigint {
  if (iv.months !== 0 || iv.days !== 0) {
    throw new PgError(
      SqlState.InvalidParameterValue,
      `interval time zone "${encodeInterval(iv, 'postgres')}" must not include months or days`,
    );
  }
  return iv.micros / USECS_PER_SEC;
}

/** timestamptz AT TIME ZONE interval → timestamp. */
export function timestamptzAtOffset(ts: bigint, iv: Interval): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  const secs = intervalOffsetSeconds(iv);
  return checked(ts + secs * USECS_PER_SEC);
}

/** timestamp AT TIME ZONE interval → timestamptz. */
export function timestampAtOffset(ts: bigint, iv: Interval): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  const secs = intervalOffsetSeconds(iv);
  return checked(ts - secs * USECS_PER_SEC);
}

function rotate(t: TimeTz, offsetWest: number): TimeTz {
  let micros = t.micros + BigInt(t.offsetSec - offsetWest) * USECS_PER_SEC;
  while (micros < 0n) micros += USECS_PER_DAY;
  if (micros >= USECS_PER_DAY) micros %= USECS_PER_DAY;
  return { micros, offsetSec: offsetWest };
}

/** timetz AT TIME ZONE zone: the same instant in that zone's current offset (`now` picks the offset). */
export function timetzAtZone(t: TimeTz, zone: string | Zone, now: bigint): TimeTz {
  return rotate(t, -gmtoffAt(zoneOf(zone), now));
}

/** timetz AT TIME ZONE interval. */
export function timetzAtOffset(t: TimeTz, iv: Interval): TimeTz {
  return rotate(t, -Number(intervalOffsetSeconds(iv)));
}
