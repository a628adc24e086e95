/**
 * UTC offsets of IANA time zones at an instant, computed with
 * Intl.DateTimeFormat and cached. Formatting is slow (microseconds per call)
 * and timestamptz output needs an offset per value, so each zone keeps one
 * entry per UTC day: either a constant offset or the single transition inside
 * that day. Like PostgreSQL (DetermineTimeZoneOffset), this assumes a zone
 * never changes its offset twice within a day.
 */

const SECS_PER_DAY = 86400;
/** JS Date's range limit, in seconds (±8.64e15 ms). */
const JS_DATE_LIMIT_SECS = 8.64e12;
/** Seconds in 400 Gregorian years, the period of the calendar and of DST rules. */
const GREGORIAN_CYCLE_SECS = 146097 * SECS_PER_DAY;
const MAX_CACHED_DAYS = 50_000;

interface DayEntry {
  /** Offset (seconds east) at the start of the day. */
  readonly start: number;
  /** Offset from `at` on; `at` is Infinity when nothing changes that day. */
  readonly end: number;
  readonly at: number;
}

class ZoneOffsets {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly days = new Map<number, DayEntry>();

  constructor(readonly iana: string) {
    this.fmt = new Intl.DateTimeFormat('en-US', { timeZone: iana, timeZoneName: 'longOffset' });
  }

  offsetAt(unixSec: number): number {
    const day = Math.floor(unixSec / SECS_PER_DAY);
    let e = this.days.get(day);
    if (e === undefined) {
      if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
      e = this.computeDay(day);
      this.days.set(day, e);
    }
    return unixSec >= e.at ? e.end : e.start;
  }

  private computeDay(day: number): DayEntry {
    const lo = day * SECS_PER_DAY;
    const hi = lo + SECS_PER_DAY - 1;
    const start = this.format(lo);
    const end = this.format(hi);
    if (start === end) return { start, end, at: Infinity };
    // Binary search for the first second showing the new offset.
    let a = lo;
    let b = hi;
    while (b - a > 1) {
      const mid = Math.floor((a + b) / 2);
      if (this.format(mid) === start) a = mid;
      else b = mid;
    }
    return { start, end, at: b };
  }

  /** Asks ICU; instants beyond JS Date's range are moved by whole 400-year cycles. */
  private format(unixSec: number): number {
    let s = unixSec;
    while (s > JS_DATE_LIMIT_SECS) s -= GREGORIAN_CYCLE_SECS;
    while (s < -JS_DATE_LIMIT_SECS) s += GREGORIAN_CYCLE_SECS;
    return parseLongOffset(this.fmt.format(s * 1000));
  }
}

/** Parses the 'GMT-04:56:02' that timeZoneName 'longOffset' appends; plain 'GMT' is zero. */
function parseLongOffset(text: string): number {
  const m = /GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/.exec(text);
  if (!m) throw new Error(`unexpected Intl offset format: ${text}`);
  if (m[1] === undefined) return 0;
  const secs = Number(m[2]) * 3600 + Number(m[3]) * 60 + (m[4] === undefined ? 0 : Number(m[4]));
  return m[1] === '-' ? -secs : secs;
}

const zones = new Map<string, ZoneOffsets>();

/** Offset in seconds EAST of UTC of the IANA zone `iana` at Unix time `unixSec`. */
export function ianaOffsetAt(iana: string, unixSec: number): number {
  let z = zones.get(iana);
  if (z === undefined) {
    z = new ZoneOffsets(iana);
    zones.set(iana, z);
  }
  return z.offsetAt(unixSec);
}

/** The canonical IANA name ICU knows for `name` (case-insensitive, links resolved), or null. */
export function canonicalIanaName(name: string): string | null {
  // Newer ICU versions also accept offsets like '+02:00' as zone ids; those
  // must go through PostgreSQL's POSIX rules instead, so only names are tried.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
