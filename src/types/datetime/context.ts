/**
 * What date/time I/O needs from the session beyond IoContext's settings: the
 * current time. 'now', 'today', 'tomorrow' and 'yesterday' in input, and
 * timetz input without a date, use `now` — the session passes its
 * transaction start time (PostgreSQL uses the transaction timestamp too),
 * either in an IoContext that also has a `now` field or as the explicit
 * argument of the parse functions. Without either, the wall clock is used.
 */
import type { IoContext } from '../type.js';
import { UNIX_EPOCH_OFFSET_USECS } from './constants.js';
import type { DecodeEnv } from './decode-env.js';
import { parseDateStyle } from './style.js';
import { sessionZone } from './zone.js';

export interface DateTimeIoContext extends IoContext {
  /** Transaction start time, µs since 2000-01-01 UTC. */
  readonly now?: bigint;
}

/** The wall clock as a timestamptz (µs since 2000-01-01 UTC). */
export function clockNow(): bigint {
  const ms = performance.timeOrigin + performance.now();
  return BigInt(Math.round(ms * 1000)) - UNIX_EPOCH_OFFSET_USECS;
}

export function decodeEnv(ctx: IoContext, now?: bigint): DecodeEnv {
  const fixedNow = now ?? (ctx as DateTimeIoContext).now;
  return {
    dateOrder: parseDateStyle(ctx.dateStyle).order,
    zone: sessionZone(ctx.timeZone),
    now: fixedNow !== undefined ? () => fixedNow : clockNow,
  };
}
