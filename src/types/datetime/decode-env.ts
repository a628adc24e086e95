/**
 * What the date/time decoders need besides the text: DateStyle's field
 * order, the session zone, and a clock; plus zone abbreviation lookup,
 * which takes precedence over keywords in both date/time and time input.
 */
import { DST_ABBREVIATIONS, ZONE_ABBREVIATIONS } from './abbrevs.js';
import type { DateOrder } from './decode-parts.js';
import { type Tm, emptyTm } from './fields.js';
import { toLocalTm } from './local.js';
import { T, type Token } from './tokens.js';
import type { Zone } from './zone.js';

export interface DecodeEnv {
  readonly dateOrder: DateOrder;
  /** The session zone: the default for input without a zone, and the zone of 'now'/'today'. */
  readonly zone: Zone;
  /** The current time (µs since 2000-01-01 UTC) for 'now', 'today', 'tomorrow', 'yesterday'. */
  readonly now: () => bigint;
}

/** A zone abbreviation as a token: TZ/DTZ with an offset east, or DYNTZ naming a zone. */
export function decodeTimezoneAbbrev(lowtoken: string): Token & { zone?: string } {
  const key = lowtoken.slice(0, 10);
  const v = ZONE_ABBREVIATIONS.get(key);
  if (v === undefined) return { type: T.UNKNOWN_FIELD, value: 0 };
  if (typeof v === 'string') return { type: T.DYNTZ, value: 0, zone: v };
  return { type: DST_ABBREVIATIONS.has(key) ? T.DTZ : T.TZ, value: v };
}

/** Local date/time now in the session zone, and its offset west. */
export function currentLocal(env: DecodeEnv): { tm: Tm; tzWest: number } {
  const local = toLocalTm(env.now(), env.zone);
  if (local === null) return { tm: emptyTm(), tzWest: 0 };
  return { tm: local.tm, tzWest: -local.gmtoff };
}
