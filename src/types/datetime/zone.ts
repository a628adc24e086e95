/**
 * Time zones: resolving names the way PostgreSQL does, and the two questions
 * every conversion asks — the UTC offset at an instant, and the offset of a
 * local wall-clock time (with PostgreSQL's rule for skipped and repeated
 * local times). Offsets here are seconds EAST of UTC (like tm_gmtoff); the
 * decoders negate them where PostgreSQL keeps seconds west.
 */
import { PgError, SqlState } from '../errors.js';
import { ZONE_ABBREVIATIONS } from './abbrevs.js';
import { zoneNotRecognized } from './dterr.js';
import { type PosixZone, parsePosixZone, posixAbbrevAt, posixOffsetAt } from './posix-tz.js';
import { abbrevOffsetIn, ianaAbbrev, numericAbbrev } from './zone-abbrev.js';
import { canonicalIanaName, ianaOffsetAt } from './zone-offsets.js';

export type Zone =
  | { readonly kind: 'fixed'; readonly gmtoff: number; readonly abbrev: string }
  | { readonly kind: 'iana'; readonly iana: string }
  | { readonly kind: 'posix'; readonly rules: PosixZone }
  /**
   * A dynamic abbreviation such as 'MSK' (Europe/Moscow): the zone's offset
   * while the zone uses that abbreviation, else the abbreviation's own offset.
   */
  | { readonly kind: 'abbrev'; readonly iana: string; readonly abbrev: string; readonly offset: number };

export const UTC_ZONE: Zone = { kind: 'fixed', gmtoff: 0, abbrev: 'UTC' };

const GMT_NAMES = new Set(['GMT0', 'GMT+0', 'GMT-0', 'ETC/GMT', 'ETC/GMT0', 'ETC/GMT+0', 'ETC/GMT-0', 'GREENWICH', 'ETC/GREENWICH']);

const found = new Map<string, Zone | null>();

/**
 * A zone by full name, as pg_tzset resolves it: an IANA zone (any case), else
 * a POSIX TZ string. Null when neither. Cached, because asking ICU costs tens
 * of microseconds and a zone name may come with every row of a COPY.
 */
export function findZone(name: string): Zone | null {
  let z = found.get(name);
  if (z === undefined) {
    if (found.size >= 10_000) found.clear();
    z = resolveZone(name);
    found.set(name, z);
  }
  return z;
}

function resolveZone(name: string): Zone | null {
  if (name.length === 0 || name.length > 255) return null;
  const upper = name.toUpperCase();
  if (upper === 'GMT') return { kind: 'fixed', gmtoff: 0, abbrev: 'GMT' };
  const iana = canonicalIanaName(name);
  if (iana !== null) {
    if (iana === 'UTC') return { kind: 'fixed', gmtoff: 0, abbrev: GMT_NAMES.has(upper) ? 'GMT' : 'UTC' };
    const etc = /^Etc\/GMT([+-]\d+)$/.exec(iana);
    if (etc) {
      const gmtoff = -Number(etc[1]) * 3600;
      return { kind: 'fixed', gmtoff, abbrev: numericAbbrev(gmtoff) };
    }
    return { kind: 'iana', iana };
  }
  const posix = parsePosixZone(name);
  if (posix === null) return null;
  if (posix.dst === undefined) return { kind: 'fixed', gmtoff: posix.stdOff, abbrev: posix.stdAbbrev };
  return { kind: 'posix', rules: posix };
}

const fixedByOffset = new Map<number, Zone>();

/** A fixed-offset zone (what pg_tzset_offset builds), named like '<+05>-05'. */
export function fixedZone(gmtoff: number): Zone {
  let z = fixedByOffset.get(gmtoff);
  if (z === undefined) {
    z = { kind: 'fixed', gmtoff, abbrev: numericAbbrev(gmtoff).replace(/^([+-]\d\d)(\d\d)/, '$1:$2') };
    fixedByOffset.set(gmtoff, z);
  }
  return z;
}

const sessionZones = new Map<string, Zone>();

/**
 * The zone a TimeZone setting names, as PostgreSQL's check_timezone reads it:
 * a bare number is hours EAST of UTC ('5', '-3.5'); anything else is a zone
 * name or POSIX string — so '+02:00' means two hours WEST, as in PostgreSQL.
 * Throws 22023 for an unknown name. Cached, since every I/O call asks.
 */
export function sessionZone(setting: string): Zone {
  let z = sessionZones.get(setting);
  if (z !== undefined) return z;
  if (/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(setting)) {
    z = fixedZone(Math.trunc(Number(setting) * 3600));
  } else {
    const named = findZone(setting);
    if (named === null) {
      throw new PgError(SqlState.InvalidParameterValue, `invalid value for parameter "TimeZone": "${setting}"`);
    }
    z = named;
  }
  sessionZones.set(setting, z);
  return z;
}

/**
 * The zone named by a function argument (AT TIME ZONE, date_trunc's third
 * argument): a zone abbreviation first ('EST', 'CEST'), then a full name —
 * the order of PostgreSQL's timestamptz_zone. Throws 22023 if unknown.
 */
export function zoneArgument(name: string): Zone {
  const abbrev = ZONE_ABBREVIATIONS.get(name.toLowerCase());
  if (typeof abbrev === 'number') return { kind: 'fixed', gmtoff: abbrev, abbrev: name.toUpperCase() };
  if (typeof abbrev === 'string') {
    const z = dynamicAbbrevZone(name, abbrev);
    if (z !== null) return z;
  }
  const z = findZone(name);
  if (z === null) throw zoneNotRecognized(name);
  return z;
}

/**
 * The zone a dynamic abbreviation stands for. PostgreSQL uses the meaning the
 * abbreviation had at the time in question; without the zone's abbreviation
 * history, the zone's own offset is used while its present-day name for that
 * offset is the abbreviation, and the abbreviation's present-day offset
 * otherwise.
 */
export function dynamicAbbrevZone(abbrev: string, zoneName: string): Zone | null {
  const z = findZone(zoneName);
  if (z === null || z.kind !== 'iana') return z;
  const upper = abbrev.toUpperCase();
  const offset = abbrevOffsetIn(z.iana, upper);
  return offset === undefined ? z : { kind: 'abbrev', iana: z.iana, abbrev: upper, offset };
}

/** Offset (seconds east) in effect at Unix time `unixSec`. */
export function offsetAt(zone: Zone, unixSec: number): number {
  switch (zone.kind) {
    case 'fixed':
      return zone.gmtoff;
    case 'iana':
      return ianaOffsetAt(zone.iana, unixSec);
    case 'abbrev': {
      const off = ianaOffsetAt(zone.iana, unixSec);
      return ianaAbbrev(zone.iana, off) === zone.abbrev ? off : zone.offset;
    }
    default:
      return posixOffsetAt(zone.rules, unixSec);
  }
}

/** The zone's abbreviation at an instant, for the non-ISO DateStyles. */
export function abbrevAt(zone: Zone, unixSec: number): string {
  switch (zone.kind) {
    case 'fixed':
      return zone.abbrev;
    case 'iana':
      return ianaAbbrev(zone.iana, ianaOffsetAt(zone.iana, unixSec));
    case 'abbrev':
      return ianaAbbrev(zone.iana, offsetAt(zone, unixSec));
    default:
      return posixAbbrevAt(zone.rules, unixSec);
  }
}

/** Whether the zone has one offset for all time, so a time-only literal needs no date. */
export function isFixedZone(zone: Zone): boolean {
  return zone.kind === 'fixed';
}

/**
 * The offset (seconds east) that applies to a local wall-clock time, given as
 * Unix seconds of that wall time read as if it were UTC. A time skipped by a
 * spring-forward transition takes the offset before it (02:30 becomes 03:30
 * DST); a time repeated by a fall-back transition takes the later, standard
 * offset — PostgreSQL's DetermineTimeZoneOffset.
 */
export function offsetForLocal(zone: Zone, localSec: number): number {
  if (zone.kind === 'fixed') return zone.gmtoff;
  const before = offsetAt(zone, localSec - 86400);
  const after = offsetAt(zone, localSec + 86400);
  if (before === after) return before;
  // The transition instant: the first second showing the later offset.
  let lo = localSec - 86400;
  let hi = localSec + 86400;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  const boundary = hi;
  const beforeTime = localSec - before;
  const afterTime = localSec - after;
  if (beforeTime < boundary && afterTime < boundary) return before;
  if (beforeTime > boundary && afterTime >= boundary) return after;
  return beforeTime > afterTime ? before : after;
}
