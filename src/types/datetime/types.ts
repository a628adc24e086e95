/**
 * The PgType objects of date, time, timetz, timestamp, timestamptz and
 * interval: catalog facts from pg_type.dat, text I/O in the session's
 * DateStyle/IntervalStyle/TimeZone, and the binary send/recv formats —
 * which are PostgreSQL's internal representations, big-endian:
 *   date         int32 days since 2000-01-01 (INT32_MIN/MAX for ∓infinity)
 *   time         int64 µs since midnight
 *   timetz       int64 µs + int32 zone seconds WEST of UTC
 *   timestamp(tz) int64 µs since 2000-01-01 (INT64_MIN/MAX for ∓infinity)
 *   interval     int64 µs, int32 days, int32 months
 */
import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import type { IoContext, PgType } from '../type.js';
import type { Value } from '../value.js';
import { expectLength } from '../binary.js';
import { isValidDate, isValidTimestamp } from './calendar.js';
import { compareDate, compareInterval, compareTimestamp, compareTimetz } from './compare.js';
import {
  DATE_NOBEGIN,
  DATE_NOEND,
  DATEVAL_NOBEGIN,
  DATEVAL_NOEND,
  type Interval,
  TIMESTAMP_NOBEGIN,
  TIMESTAMP_NOEND,
  type TimeTz,
  TZDISP_LIMIT,
  USECS_PER_DAY,
} from './constants.js';
import { formatDate, parseDate } from './date-io.js';
import { outOfRange } from './dterr.js';
import { formatInterval, parseInterval } from './interval-io.js';
import { formatTime, formatTimetz, parseTime, parseTimetz } from './time-io.js';
import { formatTimestamp, formatTimestamptz, parseTimestamp, parseTimestamptz } from './timestamp-io.js';
import { adjustIntervalForTypmod, adjustTimeForTypmod, adjustTimestampForTypmod, intervalTypmodOut, precisionTypmodOut } from './typmod.js';

const base = { elemOid: 0, delimiter: ',' } as const;

function timestampRecv(b: Uint8Array, typmod: number): bigint {
  const ts = expectLength(b, 8, 'timestamp').readBigInt64BE(0);
  if (ts !== TIMESTAMP_NOBEGIN && ts !== TIMESTAMP_NOEND && !isValidTimestamp(ts)) throw outOfRange('timestamp out of range');
  return adjustTimestampForTypmod(ts, typmod);
}

function writer(n: number): [Uint8Array, DataView] {
  const b = new Uint8Array(n);
  return [b, new DataView(b.buffer)];
}

function int64Send(v: bigint): Uint8Array {
  const [b, dv] = writer(8);
  dv.setBigInt64(0, v);
  return b;
}

function timeRecv(v: bigint): bigint {
  if (v < 0n || v > USECS_PER_DAY) throw new PgError(SqlState.InvalidBinaryRepresentation, 'time out of range');
  return v;
}

export const dateType: PgType = {
  ...base,
  oid: Oid.date,
  name: 'date',
  len: 4,
  category: 'D',
  preferred: false,
  arrayOid: 1182,
  toText: (v: Value, ctx: IoContext) => formatDate(v as number, ctx),
  fromText: (s: string, _typmod: number, ctx: IoContext) => parseDate(s, ctx),
  toBinary(v: Value): Uint8Array {
    const d = v as number;
    const [b, dv] = writer(4);
    dv.setInt32(0, d === DATE_NOEND ? DATEVAL_NOEND : d === DATE_NOBEGIN ? DATEVAL_NOBEGIN : d);
    return b;
  },
  fromBinary(b: Uint8Array): Value {
    const d = expectLength(b, 4, 'date').readInt32BE(0);
    if (d === DATEVAL_NOEND) return DATE_NOEND;
    if (d === DATEVAL_NOBEGIN) return DATE_NOBEGIN;
    if (!isValidDate(d)) throw outOfRange('date out of range');
    return d;
  },
  compare: (a: Value, b: Value) => compareDate(a as number, b as number),
};

export const timeType: PgType = {
  ...base,
  oid: Oid.time,
  name: 'time',
  len: 8,
  category: 'D',
  preferred: false,
  arrayOid: 1183,
  toText: (v: Value) => formatTime(v as bigint),
  fromText: (s: string, typmod: number, ctx: IoContext) => parseTime(s, typmod, ctx),
  toBinary: (v: Value) => int64Send(v as bigint),
  fromBinary: (b: Uint8Array, typmod: number) => adjustTimeForTypmod(timeRecv(expectLength(b, 8, 'time').readBigInt64BE(0)), typmod),
  compare: (a: Value, b: Value) => compareTimestamp(a as bigint, b as bigint),
  typmodOut: precisionTypmodOut,
};

export const timetzType: PgType = {
  ...base,
  oid: Oid.timetz,
  name: 'timetz',
  len: 12,
  category: 'D',
  preferred: false,
  arrayOid: 1270,
  toText: (v: Value) => formatTimetz(v as TimeTz),
  fromText: (s: string, typmod: number, ctx: IoContext) => parseTimetz(s, typmod, ctx),
  toBinary(v: Value): Uint8Array {
    const t = v as TimeTz;
    const [b, dv] = writer(12);
    dv.setBigInt64(0, t.micros);
    dv.setInt32(8, t.offsetSec);
    return b;
  },
  fromBinary(b: Uint8Array, typmod: number): Value {
    const buf = expectLength(b, 12, 'time with time zone');
    const micros = timeRecv(buf.readBigInt64BE(0));
    const offsetSec = buf.readInt32BE(8);
    if (offsetSec <= -TZDISP_LIMIT || offsetSec >= TZDISP_LIMIT) {
      throw new PgError(SqlState.InvalidTimeZoneDisplacementValue, 'time zone displacement out of range');
    }
    return { micros: adjustTimeForTypmod(micros, typmod), offsetSec };
  },
  compare: (a: Value, b: Value) => compareTimetz(a as TimeTz, b as TimeTz),
  typmodOut: precisionTypmodOut,
};

export const timestampType: PgType = {
  ...base,
  oid: Oid.timestamp,
  name: 'timestamp',
  len: 8,
  category: 'D',
  preferred: false,
  arrayOid: 1115,
  toText: (v: Value, ctx: IoContext) => formatTimestamp(v as bigint, ctx),
  fromText: (s: string, typmod: number, ctx: IoContext) => parseTimestamp(s, typmod, ctx),
  toBinary: (v: Value) => int64Send(v as bigint),
  fromBinary: (b: Uint8Array, typmod: number) => timestampRecv(b, typmod),
  compare: (a: Value, b: Value) => compareTimestamp(a as bigint, b as bigint),
  typmodOut: precisionTypmodOut,
};

export const timestamptzType: PgType = {
  ...base,
  oid: Oid.timestamptz,
  name: 'timestamptz',
  len: 8,
  category: 'D',
  preferred: true,
  arrayOid: 1185,
  toText: (v: Value, ctx: IoContext) => formatTimestamptz(v as bigint, ctx),
  fromText: (s: string, typmod: number, ctx: IoContext) => parseTimestamptz(s, typmod, ctx),
  toBinary: (v: Value) => int64Send(v as bigint),
  fromBinary: (b: Uint8Array, typmod: number) => timestampRecv(b, typmod),
  compare: (a: Value, b: Value) => compareTimestamp(a as bigint, b as bigint),
  typmodOut: precisionTypmodOut,
};

export const intervalType: PgType = {
  ...base,
  oid: Oid.interval,
  name: 'interval',
  len: 16,
  category: 'T',
  preferred: true,
  arrayOid: 1187,
  toText: (v: Value, ctx: IoContext) => formatInterval(v as Interval, ctx),
  fromText: (s: string, typmod: number, ctx: IoContext) => parseInterval(s, typmod, ctx),
  toBinary(v: Value): Uint8Array {
    const iv = v as Interval;
    const [b, dv] = writer(16);
    dv.setBigInt64(0, iv.micros);
    dv.setInt32(8, iv.days);
    dv.setInt32(12, iv.months);
    return b;
  },
  fromBinary(b: Uint8Array, typmod: number): Value {
    const buf = expectLength(b, 16, 'interval');
    return adjustIntervalForTypmod({ micros: buf.readBigInt64BE(0), days: buf.readInt32BE(8), months: buf.readInt32BE(12) }, typmod);
  },
  compare: (a: Value, b: Value) => compareInterval(a as Interval, b as Interval),
  typmodOut: intervalTypmodOut,
};

export const dateTimeTypes: readonly PgType[] = [dateType, timeType, timetzType, timestampType, timestamptzType, intervalType];
