/**
 * Set-returning functions: called in FROM (or the select list) and yielding
 * rows. Each definition declares its output columns; a scalar-returning SRF
 * has one column named after the function.
 */
import { PgError, SqlState } from '../errors.js';
import { Numeric } from '../numeric.js';
import { Oid } from '../oids.js';
import { typeByOid } from '../registry.js';
import type { PgType } from '../type.js';
import type { EvalContext } from '../context.js';
import type { PgArray, Value } from '../value.js';

export interface SrfDef {
  readonly name: string;
  readonly args: readonly number[];
  readonly variadic?: boolean;
  /** Output column types (polymorphic ones resolved from the argument types). */
  readonly columns: (argTypes: readonly PgType[]) => { name: string | null; type: PgType }[];
  readonly strict: boolean;
  /** Yields one array of column values per row. */
  readonly rows: (args: readonly Value[], ctx: EvalContext, argTypes: readonly PgType[]) => Iterable<Value[]>;
}

const registry = new Map<string, SrfDef[]>();

export function defineSrf(def: SrfDef): void {
  let list = registry.get(def.name);
  if (!list) registry.set(def.name, (list = []));
  list.push(def);
}

export function srfsNamed(name: string): readonly SrfDef[] {
  return registry.get(name) ?? [];
}

const single = (oid: number) => () => [{ name: null, type: typeByOid(oid) }];
const MAX_ROWS = 100_000_000;

function* intSeries(start: number, stop: number, step: number): Generator<Value[]> {
  if (step === 0) throw new PgError(SqlState.InvalidParameterValue, 'step size cannot equal zero');
  let n = 0;
  for (let v = start; step > 0 ? v <= stop : v >= stop; v += step) {
    if (++n > MAX_ROWS) throw new PgError(SqlState.ProgramLimitExceeded, 'generate_series would return too many rows');
    yield [v];
  }
}

function* bigSeries(start: bigint, stop: bigint, step: bigint): Generator<Value[]> {
  if (step === 0n) throw new PgError(SqlState.InvalidParameterValue, 'step size cannot equal zero');
  for (let v = start; step > 0n ? v <= stop : v >= stop; v += step) yield [v];
}

for (const t of [Oid.int4, Oid.int2]) {
  defineSrf({ name: 'generate_series', args: [t, t], columns: single(Oid.int4), strict: true, rows: (a) => intSeries(a[0] as number, a[1] as number, 1) });
  defineSrf({ name: 'generate_series', args: [t, t, t], columns: single(Oid.int4), strict: true, rows: (a) => intSeries(a[0] as number, a[1] as number, a[2] as number) });
}
defineSrf({ name: 'generate_series', args: [Oid.int8, Oid.int8], columns: single(Oid.int8), strict: true, rows: (a) => bigSeries(a[0] as bigint, a[1] as bigint, 1n) });
defineSrf({ name: 'generate_series', args: [Oid.int8, Oid.int8, Oid.int8], columns: single(Oid.int8), strict: true, rows: (a) => bigSeries(a[0] as bigint, a[1] as bigint, a[2] as bigint) });
defineSrf({
  name: 'generate_series',
  args: [Oid.numeric, Oid.numeric, Oid.numeric],
  columns: single(Oid.numeric),
  strict: true,
  rows: function* (a) {
    const [start, stop, step] = a as Numeric[];
    if (step!.isZero()) throw new PgError(SqlState.InvalidParameterValue, 'step size cannot equal zero');
    if (start!.isNaN() || stop!.isNaN() || step!.isNaN()) throw new PgError(SqlState.InvalidParameterValue, 'start value cannot be NaN');
    const up = step!.signum() > 0;
    for (let v = start!; up ? Numeric.compare(v, stop!) <= 0 : Numeric.compare(v, stop!) >= 0; v = v.add(step!)) yield [v];
  },
});
defineSrf({
  name: 'generate_series',
  args: [Oid.numeric, Oid.numeric],
  columns: single(Oid.numeric),
  strict: true,
  rows: function* (a) {
    const [start, stop] = a as Numeric[];
    for (let v = start!; Numeric.compare(v, stop!) <= 0; v = v.add(Numeric.ONE)) yield [v];
  },
});

/** unnest(anyarray): every element, in storage order (multi-dimensional arrays flatten). */
defineSrf({
  name: 'unnest',
  args: [Oid.anyarray],
  columns: (t) => [{ name: null, type: typeByOid(t[0]!.elemOid || Oid.text) }],
  strict: true,
  rows: function* (a) {
    for (const v of (a[0] as PgArray).items) yield [v ?? null];
  },
});

defineSrf({
  name: 'generate_subscripts',
  args: [Oid.anyarray, Oid.int4],
  columns: single(Oid.int4),
  strict: true,
  rows: function* (a) {
    const arr = a[0] as PgArray;
    const d = a[1] as number;
    if (d < 1 || d > arr.dims.length) return;
    const lo = arr.lbounds[d - 1]!;
    for (let i = 0; i < arr.dims[d - 1]!; i++) yield [lo + i];
  },
});
defineSrf({
  name: 'generate_subscripts',
  args: [Oid.anyarray, Oid.int4, Oid.bool],
  columns: single(Oid.int4),
  strict: true,
  rows: function* (a) {
    const arr = a[0] as PgArray;
    const d = a[1] as number;
    if (d < 1 || d > arr.dims.length) return;
    const lo = arr.lbounds[d - 1]!;
    const n = arr.dims[d - 1]!;
    for (let i = 0; i < n; i++) yield [a[2] ? lo + n - 1 - i : lo + i];
  },
});

defineSrf({
  name: 'regexp_split_to_table',
  args: [Oid.text, Oid.text],
  columns: single(Oid.text),
  strict: true,
  rows: function* (a) {
    let re: RegExp;
    try {
      re = new RegExp(a[1] as string, 'u');
    } catch (e) {
      throw new PgError(SqlState.InvalidRegularExpression, `invalid regular expression: ${(e as Error).message}`);
    }
    for (const part of (a[0] as string).split(re)) yield [part];
  },
});
defineSrf({
  name: 'string_to_table',
  args: [Oid.text, Oid.text],
  columns: single(Oid.text),
  strict: false,
  rows: function* (a) {
    if (a[0] === null) return;
    const s = a[0] as string;
    if (a[1] === null) {
      for (const ch of s) yield [ch];
      return;
    }
    if (s === '') return;
    for (const part of (a[1] as string) === '' ? [s] : s.split(a[1] as string)) yield [part];
  },
});
