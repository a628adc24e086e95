import { describe, expect, it } from 'vitest';
import { findCast } from '../../src/types/casts.js';
import type { EvalContext } from '../../src/types/context.js';
import { PgError } from '../../src/types/errors.js';
import { functionsNamed, operatorsNamed } from '../../src/types/functions/index.js';
import type { FuncDef } from '../../src/types/functions/catalog.js';
import { Oid } from '../../src/types/oids.js';
import { findTypeByName, typeByOid } from '../../src/types/registry.js';
import type { Value } from '../../src/types/value.js';

/*
 * The SQL wiring of the date/time types, checked against PostgreSQL 15's
 * catalogs (pg_cast, pg_operator, pg_proc rows copied below) and, for what
 * SQL cannot reach (typmodin errors, OVERLAPS with NULLs), against its
 * answers. The values themselves are covered by sql/types/datetime.slt.
 */

const { date, time, timetz, timestamp, timestamptz, interval, int4, float8, text, bool } = Oid;

const NOW = 770_000_000_000_000n; // 2024-05-26 ... UTC, µs since 2000-01-01
const io = { extraFloatDigits: 1, dateStyle: 'ISO, MDY', intervalStyle: 'postgres', timeZone: 'UTC', byteaOutput: 'hex', now: NOW };
const ctx = { io, transactionTimestamp: () => NOW, statementTimestamp: () => NOW } as unknown as EvalContext;

function parse(oid: number, s: string): Value {
  return typeByOid(oid).fromText(s, -1, io);
}
function fmt(oid: number, v: Value): string {
  return v === null ? 'NULL' : typeByOid(oid).toText(v, io);
}
function fnDef(name: string, args: number[]): FuncDef {
  const d = functionsNamed(name).find((f) => f.args.length === args.length && f.args.every((a, i) => a === args[i]));
  if (!d) throw new Error(`no ${name}(${args.join(',')})`);
  return d;
}

describe('pg_cast', () => {
  // select castsource::regtype, casttarget::regtype, castcontext from pg_cast (date/time rows, minus the typmod self-casts)
  const rows: [number, number, string][] = [
    [date, timestamp, 'i'],
    [date, timestamptz, 'i'],
    [time, interval, 'i'],
    [time, timetz, 'i'],
    [timestamp, date, 'a'],
    [timestamp, time, 'a'],
    [timestamp, timestamptz, 'i'],
    [timestamptz, date, 'a'],
    [timestamptz, time, 'a'],
    [timestamptz, timestamp, 'a'],
    [timestamptz, timetz, 'a'],
    [interval, time, 'a'],
    [timetz, time, 'a'],
  ];
  it.each(rows)('%i → %i is %s', (s, t, c) => {
    expect(findCast(s, t)?.context).toBe(c);
  });
  it('has no other casts among the date/time types', () => {
    const all = [date, time, timetz, timestamp, timestamptz, interval];
    const defined = all.flatMap((s) => all.filter((t) => s !== t && findCast(s, t)).map((t) => `${s}>${t}`));
    expect(defined.sort()).toEqual(rows.map(([s, t]) => `${s}>${t}`).sort());
  });
});

describe('pg_operator', () => {
  // select oprname, oprleft, oprright, oprresult from pg_operator (date/time rows other than comparisons)
  const rows: [string, number, number, number][] = [
    ['*', float8, interval, interval],
    ['*', interval, float8, interval],
    ['+', int4, date, date],
    ['+', date, int4, date],
    ['+', date, time, timestamp],
    ['+', date, interval, timestamp],
    ['+', date, timetz, timestamptz],
    ['+', time, date, timestamp],
    ['+', time, interval, time],
    ['+', timestamp, interval, timestamp],
    ['+', timestamptz, interval, timestamptz],
    ['+', interval, date, timestamp],
    ['+', interval, time, time],
    ['+', interval, timestamp, timestamp],
    ['+', interval, timestamptz, timestamptz],
    ['+', interval, interval, interval],
    ['+', interval, timetz, timetz],
    ['+', timetz, date, timestamptz],
    ['+', timetz, interval, timetz],
    ['-', date, int4, date],
    ['-', date, date, int4],
    ['-', date, interval, timestamp],
    ['-', time, time, interval],
    ['-', time, interval, time],
    ['-', timestamp, timestamp, interval],
    ['-', timestamp, interval, timestamp],
    ['-', timestamptz, timestamptz, interval],
    ['-', timestamptz, interval, timestamptz],
    ['-', interval, interval, interval],
    ['-', timetz, interval, timetz],
    ['/', interval, float8, interval],
  ];
  it.each(rows)('%s (%i, %i) → %i', (name, l, r, ret) => {
    const d = operatorsNamed(name, false).find((o) => o.args[0] === l && o.args[1] === r);
    expect(d?.ret).toBe(ret);
  });
  it('has prefix - for interval', () => {
    expect(operatorsNamed('-', true).find((o) => o.args[0] === interval)?.ret).toBe(interval);
  });
  it('compares within each type', () => {
    for (const t of [date, time, timetz, timestamp, timestamptz, interval]) {
      expect(operatorsNamed('<', false).some((o) => o.args[0] === t && o.args[1] === t)).toBe(true);
    }
  });
});

describe('pg_proc volatility', () => {
  // provolatile from pg_proc: the zone-dependent forms are stable, clock_timestamp and timeofday volatile.
  const rows: [string, number[], string][] = [
    ['now', [], 'stable'],
    ['statement_timestamp', [], 'stable'],
    ['clock_timestamp', [], 'volatile'],
    ['timeofday', [], 'volatile'],
    ['date_trunc', [text, timestamp], 'immutable'],
    ['date_trunc', [text, timestamptz], 'stable'],
    ['date_trunc', [text, timestamptz, text], 'stable'],
    ['date_part', [text, timestamptz], 'stable'],
    ['extract', [text, timestamptz], 'stable'],
    ['extract', [text, date], 'immutable'],
    ['age', [timestamp], 'stable'],
    ['make_timestamptz', [int4, int4, int4, int4, int4, float8], 'stable'],
    ['timezone', [text, timestamptz], 'immutable'],
    ['timezone', [text, timetz], 'stable'],
  ];
  it.each(rows)('%s(%j) is %s', (name, args, v) => {
    expect(fnDef(name, args).volatility).toBe(v);
  });
  it('has make_interval for 0 to 7 leading arguments', () => {
    expect(functionsNamed('make_interval').map((d) => d.args.length).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(fmt(interval, fnDef('make_interval', [int4, int4, int4]).impl([1, 2, 3], ctx))).toBe('1 year 2 mons 21 days');
  });
  it('has the SQL value functions expr.ts looks up', () => {
    for (const name of ['current_date', 'now', 'localtimestamp', 'current_time', 'localtime']) {
      expect(functionsNamed(name).some((d) => d.args.length === 0)).toBe(true);
    }
    expect(fmt(timestamptz, fnDef('now', []).impl([], ctx))).toBe('2024-05-26 00:53:20+00');
    expect(fmt(date, fnDef('current_date', []).impl([], ctx))).toBe('2024-05-26');
  });
});

describe('typmodin', () => {
  const mods = (name: string, m: number[]): string => {
    try {
      return String(findTypeByName(name)!.typmodIn!(m));
    } catch (e) {
      if (!(e instanceof PgError)) throw e;
      return `ERR ${e.code} ${e.message}`;
    }
  };
  it('checks precisions as anytimestamp_typmodin/anytime_typmodin do', () => {
    expect(mods('timestamp', [3])).toBe('3');
    expect(mods('timestamptz', [7])).toBe('6'); // PostgreSQL also warns
    expect(mods('timestamp', [-1])).toBe('ERR 22023 TIMESTAMP(-1) precision must not be negative');
    expect(mods('timestamptz', [-2])).toBe('ERR 22023 TIMESTAMP(-2) WITH TIME ZONE precision must not be negative');
    expect(mods('time', [-1])).toBe('ERR 22023 TIME(-1) precision must not be negative');
    expect(mods('timetz', [1, 2])).toBe('ERR 22023 invalid type modifier');
  });
  it('checks interval ranges as intervaltypmodin does', () => {
    const DAY = 1 << 3;
    const SECOND = 1 << 12;
    expect(mods('interval', [0x7fff])).toBe('-1');
    expect(mods('interval', [0x7fff, 3])).toBe(String((0x7fff << 16) | 3));
    expect(mods('interval', [DAY])).toBe(String((DAY << 16) | 0xffff));
    expect(mods('interval', [SECOND, 9])).toBe(String((SECOND << 16) | 6));
    expect(mods('interval', [DAY | SECOND])).toBe('ERR 22023 invalid INTERVAL type modifier');
    expect(mods('interval', [0x7fff, -1])).toBe('ERR 22023 INTERVAL(-1) precision must not be negative');
  });
});

describe('OVERLAPS', () => {
  // Answers of PostgreSQL 15 for the same arguments.
  const ts = (s: string | null) => (s === null ? null : parse(timestamp, s));
  const ov = (args: Value[], types: number[] = [timestamp, timestamp, timestamp, timestamp]) => fnDef('overlaps', types).impl(args, ctx);
  it('follows overlaps_timestamp with NULL ends', () => {
    expect(ov([ts('2024-01-01'), null, ts('2023-12-01'), ts('2024-02-01')])).toBe(true);
    expect(ov([ts('2024-01-01'), null, ts('2024-01-01'), ts('2024-02-01')])).toBe(null);
    expect(ov([null, null, ts('2023-12-01'), ts('2024-02-01')])).toBe(null);
    expect(ov([ts('2024-03-01'), ts('2024-01-01'), ts('2024-02-01'), null])).toBe(true);
    expect(ov([ts('2024-01-01'), null, ts('2024-02-01'), ts('2024-03-01')])).toBe(null);
  });
  it('adds intervals to the start and is not strict', () => {
    const r = ov([ts('2024-01-01'), parse(interval, '1 month'), ts('2024-01-31'), null], [timestamp, interval, timestamp, interval]);
    expect(r).toBe(true);
    const tz = (s: string) => parse(timetz, s);
    expect(ov([tz('10:00+00'), tz('12:00+00'), tz('13:00+02'), tz('14:00+02')], [timetz, timetz, timetz, timetz])).toBe(true);
  });
});

describe('to_timestamp', () => {
  const run = (x: number) => {
    try {
      return fmt(timestamptz, fnDef('to_timestamp', [float8]).impl([x], ctx));
    } catch (e) {
      if (!(e instanceof PgError)) throw e;
      return `ERR ${e.code} ${e.message}`;
    }
  };
  it('converts Unix epoch seconds as float8_timestamptz', () => {
    expect(run(0)).toBe('1970-01-01 00:00:00+00');
    expect(run(-1.5)).toBe('1969-12-31 23:59:58.5+00');
    expect(run(Infinity)).toBe('infinity');
    expect(run(NaN)).toBe('ERR 22008 timestamp cannot be NaN');
    expect(run(-210866803200)).toBe('4714-11-24 00:00:00+00 BC');
    expect(run(-210866803201)).toBe('ERR 22008 timestamp out of range: "-2.10867e+11"');
  });
});

it('returns bool from isfinite', () => {
  expect(fnDef('isfinite', [date]).ret).toBe(bool);
});
