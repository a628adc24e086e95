/**
 * Aggregate functions and the hash aggregation operator, driven directly
 * with rows from arrays. Every expected value and result type below was
 * produced by PostgreSQL 15 (the SQL is in each case's title), written in
 * PostgreSQL's text output and compared through our types' output functions.
 */
import { describe, expect, it } from 'vitest';
import { hashAggregateOperator, type AggCall, type GroupKey } from '../../src/exec/aggregate.js';
import type { Compiled, ExecEnv, Row } from '../../src/exec/compile-expr.js';
import type { Operator } from '../../src/exec/operator.js';
import type { SortKey } from '../../src/exec/sort.js';
import type { EvalContext } from '../../src/types/context.js';
import { PgError } from '../../src/types/errors.js';
import { formatType } from '../../src/types/format-type.js';
import { aggregateResultType, aggregatesNamed, type AggregateDef } from '../../src/types/functions/aggregates.js';
import { Numeric } from '../../src/types/numeric.js';
import { Oid } from '../../src/types/oids.js';
import { isArrayType, typeByOid } from '../../src/types/registry.js';
import { defaultIoContext, type PgType } from '../../src/types/type.js';
import type { Value } from '../../src/types/value.js';

// ---------------------------------------------------------------- helpers

/**
 * An ExecEnv whose session only answers what these operators use:
 * checkInterrupts (and io, for printing). The rest of EvalContext grows with
 * the server and is not needed here.
 */
function makeEnv(checkInterrupts: () => void = () => {}): ExecEnv {
  const session: Partial<EvalContext> = { io: defaultIoContext, checkInterrupts };
  return { params: [], session: session as EvalContext };
}
const env = makeEnv();

function source(rows: readonly Row[], batchSize = 100): Operator {
  let pos = 0;
  return {
    next: async () => {
      if (pos >= rows.length) return null;
      const b = rows.slice(pos, pos + batchSize);
      pos += batchSize;
      return b;
    },
    close: () => {},
  };
}

async function drain(op: Operator): Promise<Row[]> {
  const out: Row[] = [];
  for (;;) {
    const b = await op.next();
    if (!b) return out;
    out.push(...b);
  }
}

const col = (i: number): Compiled => (r) => r[i] ?? null;

/** Overload resolution, reduced to what these tests need: exact types, else polymorphic. */
function resolve(name: string, argTypes: readonly PgType[]): AggregateDef {
  const defs = aggregatesNamed(name).filter((d) => d.args.length === argTypes.length);
  const exact = defs.find((d) => d.args.every((a, i) => a === argTypes[i]!.oid));
  if (exact) return exact;
  const poly = defs.find((d) =>
    d.args.every((a, i) => a === Oid.any || (a === Oid.anyarray && isArrayType(argTypes[i]!)) || (a === Oid.anynonarray && !isArrayType(argTypes[i]!))),
  );
  if (!poly) throw new Error(`no aggregate ${name}(${argTypes.map((t) => t.name).join(', ')})`);
  return poly;
}

const parse = (text: string | null, oid: number): Value => (text === null ? null : typeByOid(oid).fromText(text, -1, defaultIoContext));
const show = (v: Value, oid: number): string | null => (v === null ? null : typeByOid(oid).toText(v, defaultIoContext));

interface Case {
  /** What PostgreSQL was asked. */
  sql: string;
  agg: string;
  /** Column types of `rows`; the aggregate's arguments are the first `nargs` columns (default: all). */
  cols: number[];
  nargs?: number;
  rows: (string | null)[][];
  distinct?: boolean;
  /** ORDER BY inside the call, over columns of `rows`. */
  orderBy?: { col: number; desc?: boolean; nullsFirst?: boolean }[];
  /** FILTER (WHERE col) over a boolean column. */
  filterCol?: number;
  /** PostgreSQL's text output, null for NULL, or 'ERR <sqlstate> <message>'. */
  want: string | null;
  /** pg_typeof of the result. */
  type?: string;
}

/** Runs one aggregate call over the rows with no GROUP BY and returns [text, result type name]. */
async function run(c: Case): Promise<[string | null, string]> {
  const colTypes = c.cols.map((o) => typeByOid(o));
  const nargs = c.nargs ?? c.cols.length;
  const argTypes = colTypes.slice(0, nargs);
  const def = resolve(c.agg, argTypes);
  const ret = aggregateResultType(def, argTypes);
  const orderBy: SortKey[] = (c.orderBy ?? []).map((o) => ({
    expr: col(o.col),
    compare: colTypes[o.col]!.compare!,
    descending: o.desc ?? false,
    nullsFirst: o.nullsFirst ?? o.desc ?? false,
  }));
  const call: AggCall = {
    def,
    argExprs: argTypes.map((_, i) => col(i)),
    argTypes,
    distinct: c.distinct ?? false,
    filter: c.filterCol === undefined ? null : col(c.filterCol),
    orderBy,
  };
  const rows = c.rows.map((r) => r.map((s, i) => parse(s, c.cols[i]!)));
  try {
    const out = await drain(hashAggregateOperator(source(rows, 2), [], [call], env));
    expect(out.length).toBe(1);
    return [show(out[0]![0], ret), formatType(ret)];
  } catch (e) {
    if (!(e instanceof PgError)) throw e;
    return [`ERR ${e.code} ${e.message}`, formatType(ret)];
  }
}

const I2 = Oid.int2;
const I4 = Oid.int4;
const I8 = Oid.int8;
const NUM = Oid.numeric;
const F4 = Oid.float4;
const F8 = Oid.float8;
const TEXT = Oid.text;
const BOOL = Oid.bool;
const col1 = (...vals: (string | null)[]): (string | null)[][] => vals.map((v) => [v]);

// ------------------------------------------------------------------ cases

const CASES: Case[] = [
  // sum and avg: result types and scales.
  { sql: 'sum(x) from (values (1::int2),(2::int2),(4::int2))', agg: 'sum', cols: [I2], rows: col1('1', '2', '4'), want: '7', type: 'bigint' },
  { sql: 'avg(x) from (values (1::int2),(2::int2),(4::int2))', agg: 'avg', cols: [I2], rows: col1('1', '2', '4'), want: '2.3333333333333333', type: 'numeric' },
  { sql: 'sum(x) from (values (1),(2),(4))', agg: 'sum', cols: [I4], rows: col1('1', '2', '4'), want: '7', type: 'bigint' },
  { sql: 'avg(x) from (values (1),(2))', agg: 'avg', cols: [I4], rows: col1('1', '2'), want: '1.5000000000000000', type: 'numeric' },
  { sql: 'avg(x) from (values (1),(2),(2))', agg: 'avg', cols: [I4], rows: col1('1', '2', '2'), want: '1.6666666666666667', type: 'numeric' },
  { sql: 'sum(x) int8 max,max,5', agg: 'sum', cols: [I8], rows: col1('9223372036854775807', '9223372036854775807', '5'), want: '18446744073709551619', type: 'numeric' },
  { sql: 'avg(x) int8 max,max,5', agg: 'avg', cols: [I8], rows: col1('9223372036854775807', '9223372036854775807', '5'), want: '6148914691236517206', type: 'numeric' },
  { sql: 'avg(x) int8 (10000000000),(1)', agg: 'avg', cols: [I8], rows: col1('10000000000', '1'), want: '5000000000.50000000' },
  { sql: 'sum(x) int8 3 × 2^62', agg: 'sum', cols: [I8], rows: col1('4611686018427387904', '4611686018427387904', '4611686018427387904'), want: '13835058055282163712' },
  { sql: 'avg(x) int8 3 × 2^62', agg: 'avg', cols: [I8], rows: col1('4611686018427387904', '4611686018427387904', '4611686018427387904'), want: '4611686018427387904' },
  { sql: 'sum(x) int8 (min),(max),(max),(5)', agg: 'sum', cols: [I8], rows: col1('-9223372036854775808', '9223372036854775807', '9223372036854775807', '5'), want: '9223372036854775811' },
  { sql: 'avg(x) int8 (min),(max),(max),(5)', agg: 'avg', cols: [I8], rows: col1('-9223372036854775808', '9223372036854775807', '9223372036854775807', '5'), want: '2305843009213693953' },
  { sql: 'sum(x) int4 (min),(max),(max),(5)', agg: 'sum', cols: [I4], rows: col1('-2147483648', '2147483647', '2147483647', '5'), want: '2147483651' },
  { sql: 'avg(x) int4 (min),(max),(max),(5)', agg: 'avg', cols: [I4], rows: col1('-2147483648', '2147483647', '2147483647', '5'), want: '536870912.75000000' },
  { sql: 'sum(x) numeric (1.5),(2.25),(3)', agg: 'sum', cols: [NUM], rows: col1('1.5', '2.25', '3'), want: '6.75', type: 'numeric' },
  { sql: 'avg(x) numeric (1.5),(2.25),(3)', agg: 'avg', cols: [NUM], rows: col1('1.5', '2.25', '3'), want: '2.2500000000000000', type: 'numeric' },
  { sql: 'avg(x) numeric (1.123456789),(2)', agg: 'avg', cols: [NUM], rows: col1('1.123456789', '2'), want: '1.5617283945000000' },
  { sql: 'sum(x) numeric (1.10),(2.205),(-0.5)', agg: 'sum', cols: [NUM], rows: col1('1.10', '2.205', '-0.5'), want: '2.805' },
  { sql: 'avg(x) numeric (1.10),(2.205),(-0.5)', agg: 'avg', cols: [NUM], rows: col1('1.10', '2.205', '-0.5'), want: '0.93500000000000000000' },
  { sql: 'sum(x) numeric (1.250),(-0.5),(10)', agg: 'sum', cols: [NUM], rows: col1('1.250', '-0.5', '10'), want: '10.750' },
  { sql: 'avg(x) numeric (1.250),(-0.5),(10)', agg: 'avg', cols: [NUM], rows: col1('1.250', '-0.5', '10'), want: '3.5833333333333333' },
  { sql: 'sum(x) float4 (0.1),(0.2),(0.3)', agg: 'sum', cols: [F4], rows: col1('0.1', '0.2', '0.3'), want: '0.6', type: 'real' },
  { sql: 'avg(x) float4 (0.1),(0.2),(0.3)', agg: 'avg', cols: [F4], rows: col1('0.1', '0.2', '0.3'), want: '0.2000000054637591', type: 'double precision' },
  { sql: 'sum(x) float8 (0.1),(0.2),(0.3)', agg: 'sum', cols: [F8], rows: col1('0.1', '0.2', '0.3'), want: '0.6000000000000001', type: 'double precision' },
  { sql: 'avg(x) float8 (0.1),(0.2),(0.3)', agg: 'avg', cols: [F8], rows: col1('0.1', '0.2', '0.3'), want: '0.20000000000000004', type: 'double precision' },
  { sql: 'sum(x) float4 (0.1),(1e10),(-3.5),(7)', agg: 'sum', cols: [F4], rows: col1('0.1', '1e10', '-3.5', '7'), want: '1e+10' },
  { sql: 'avg(x) float4 (0.1),(1e10),(-3.5),(7)', agg: 'avg', cols: [F4], rows: col1('0.1', '1e10', '-3.5', '7'), want: '2500000000.9' },
  { sql: 'sum(x) float8 (1e20),(1),(-1e20)', agg: 'sum', cols: [F8], rows: col1('1e20', '1', '-1e20'), want: '0' },
  { sql: 'avg(x) float8 (1e20),(1),(-1e20)', agg: 'avg', cols: [F8], rows: col1('1e20', '1', '-1e20'), want: '0' },
  // Overflow and special values.
  { sql: 'sum(x) float8 (1e308),(1e308)', agg: 'sum', cols: [F8], rows: col1('1e308', '1e308'), want: 'ERR 22003 value out of range: overflow' },
  { sql: 'sum(x) float4 (3e38),(3e38)', agg: 'sum', cols: [F4], rows: col1('3e38', '3e38'), want: 'ERR 22003 value out of range: overflow' },
  { sql: 'avg(x) float8 (1e308),(1e308)', agg: 'avg', cols: [F8], rows: col1('1e308', '1e308'), want: 'ERR 22003 value out of range: overflow' },
  { sql: 'avg(x) float8 (1e200),(-1e200)', agg: 'avg', cols: [F8], rows: col1('1e200', '-1e200'), want: 'ERR 22003 value out of range: overflow' },
  { sql: "sum(x) float8 ('Infinity'),('-Infinity')", agg: 'sum', cols: [F8], rows: col1('Infinity', '-Infinity'), want: 'NaN' },
  { sql: "avg(x) float8 ('Infinity'),('-Infinity')", agg: 'avg', cols: [F8], rows: col1('Infinity', '-Infinity'), want: 'NaN' },
  { sql: "avg(x) float8 ('Infinity'),(1)", agg: 'avg', cols: [F8], rows: col1('Infinity', '1'), want: 'Infinity' },
  { sql: "sum(x) numeric ('Infinity'),('-Infinity')", agg: 'sum', cols: [NUM], rows: col1('Infinity', '-Infinity'), want: 'NaN' },
  { sql: "avg(x) numeric ('Infinity'),('-Infinity')", agg: 'avg', cols: [NUM], rows: col1('Infinity', '-Infinity'), want: 'NaN' },
  { sql: "stddev(x) numeric ('Infinity'),('-Infinity')", agg: 'stddev', cols: [NUM], rows: col1('Infinity', '-Infinity'), want: 'NaN' },
  { sql: "sum(x) numeric ('Infinity'),(1)", agg: 'sum', cols: [NUM], rows: col1('Infinity', '1'), want: 'Infinity' },
  { sql: "avg(x) numeric ('Infinity'),(1)", agg: 'avg', cols: [NUM], rows: col1('Infinity', '1'), want: 'Infinity' },
  { sql: "stddev(x) numeric ('Infinity'),(1)", agg: 'stddev', cols: [NUM], rows: col1('Infinity', '1'), want: 'NaN' },
  { sql: "avg(x) numeric ('NaN'),(1)", agg: 'avg', cols: [NUM], rows: col1('NaN', '1'), want: 'NaN' },
  { sql: "avg(x) numeric ('NaN')", agg: 'avg', cols: [NUM], rows: col1('NaN'), want: 'NaN' },
  { sql: "stddev(x) numeric ('NaN')", agg: 'stddev', cols: [NUM], rows: col1('NaN'), want: null },
  { sql: "min(x) numeric ('NaN'),(1)", agg: 'min', cols: [NUM], rows: col1('NaN', '1'), want: '1' },
  { sql: "max(x) numeric ('NaN'),(1)", agg: 'max', cols: [NUM], rows: col1('NaN', '1'), want: 'NaN' },
  { sql: "min(x) float8 ('NaN'),(1),('-Infinity')", agg: 'min', cols: [F8], rows: col1('NaN', '1', '-Infinity'), want: '-Infinity' },
  { sql: "max(x) float8 ('NaN'),(1),('-Infinity')", agg: 'max', cols: [F8], rows: col1('NaN', '1', '-Infinity'), want: 'NaN' },
  { sql: 'sum(x) from generate_series(1,100000)', agg: 'sum', cols: [I4], rows: Array.from({ length: 100000 }, (_, i) => [String(i + 1)]), want: '5000050000' },
  { sql: 'sum(x::float4) from generate_series(1,100000)', agg: 'sum', cols: [F4], rows: Array.from({ length: 100000 }, (_, i) => [String(i + 1)]), want: '4.9999903e+09' },

  // NULLs and empty input.
  ...(['sum', 'avg', 'min', 'max', 'stddev', 'var_pop', 'bit_and'] as const).map(
    (agg): Case => ({ sql: `${agg}(x) from (values (null::int4))`, agg, cols: [I4], rows: col1(null), want: null }),
  ),
  { sql: 'count(x) from (values (null::int4))', agg: 'count', cols: [I4], rows: col1(null), want: '0', type: 'bigint' },
  { sql: 'count(*) from (values (null::int4))', agg: 'count', cols: [I4], nargs: 0, rows: col1(null), want: '1', type: 'bigint' },
  ...(['sum', 'avg', 'min', 'max', 'stddev', 'var_pop'] as const).map((agg): Case => ({ sql: `${agg}(x) from empty`, agg, cols: [NUM], rows: [], want: null })),
  { sql: 'count(x) from empty', agg: 'count', cols: [I4], rows: [], want: '0' },
  { sql: 'count(*) from empty', agg: 'count', cols: [I4], nargs: 0, rows: [], want: '0' },
  { sql: "string_agg(x, ',') from empty", agg: 'string_agg', cols: [TEXT, TEXT], rows: [], want: null },
  { sql: 'array_agg(x) from empty', agg: 'array_agg', cols: [I4], rows: [], want: null },
  { sql: 'bool_and(x) from empty', agg: 'bool_and', cols: [BOOL], rows: [], want: null },

  // Variance and standard deviation.
  ...[I2, I4, I8, NUM].flatMap((t): Case[] => [
    { sql: `stddev(x) (1),(2),(4),(7)::${t}`, agg: 'stddev', cols: [t], rows: col1('1', '2', '4', '7'), want: '2.6457513110645906', type: 'numeric' },
    { sql: `stddev_samp(x) (1),(2),(4),(7)::${t}`, agg: 'stddev_samp', cols: [t], rows: col1('1', '2', '4', '7'), want: '2.6457513110645906' },
    { sql: `stddev_pop(x) (1),(2),(4),(7)::${t}`, agg: 'stddev_pop', cols: [t], rows: col1('1', '2', '4', '7'), want: '2.2912878474779200' },
    { sql: `variance(x) (1),(2),(4),(7)::${t}`, agg: 'variance', cols: [t], rows: col1('1', '2', '4', '7'), want: '7.0000000000000000' },
    { sql: `var_samp(x) (1),(2),(4),(7)::${t}`, agg: 'var_samp', cols: [t], rows: col1('1', '2', '4', '7'), want: '7.0000000000000000' },
    { sql: `var_pop(x) (1),(2),(4),(7)::${t}`, agg: 'var_pop', cols: [t], rows: col1('1', '2', '4', '7'), want: '5.2500000000000000', type: 'numeric' },
  ]),
  ...[F4, F8].flatMap((t): Case[] => [
    { sql: `stddev(x) (1),(2),(4),(7)::${t}`, agg: 'stddev', cols: [t], rows: col1('1', '2', '4', '7'), want: '2.6457513110645907', type: 'double precision' },
    { sql: `stddev_pop(x) (1),(2),(4),(7)::${t}`, agg: 'stddev_pop', cols: [t], rows: col1('1', '2', '4', '7'), want: '2.29128784747792' },
    { sql: `variance(x) (1),(2),(4),(7)::${t}`, agg: 'variance', cols: [t], rows: col1('1', '2', '4', '7'), want: '7' },
    { sql: `var_pop(x) (1),(2),(4),(7)::${t}`, agg: 'var_pop', cols: [t], rows: col1('1', '2', '4', '7'), want: '5.25', type: 'double precision' },
  ]),
  ...[I4, NUM, F8].flatMap((t): Case[] => [
    { sql: `stddev(x) (5::${t})`, agg: 'stddev', cols: [t], rows: col1('5'), want: null },
    { sql: `stddev_pop(x) (5::${t})`, agg: 'stddev_pop', cols: [t], rows: col1('5'), want: '0' },
    { sql: `variance(x) (5::${t})`, agg: 'variance', cols: [t], rows: col1('5'), want: null },
    { sql: `var_pop(x) (5::${t})`, agg: 'var_pop', cols: [t], rows: col1('5'), want: '0' },
  ]),
  { sql: 'stddev(x) numeric (1.5),(2.25),(3.125)', agg: 'stddev', cols: [NUM], rows: col1('1.5', '2.25', '3.125'), want: '0.81330088733096395985' },
  { sql: 'stddev_pop(x) numeric (1.5),(2.25),(3.125)', agg: 'stddev_pop', cols: [NUM], rows: col1('1.5', '2.25', '3.125'), want: '0.66405739377121780694' },
  { sql: 'variance(x) numeric (1.5),(2.25),(3.125)', agg: 'variance', cols: [NUM], rows: col1('1.5', '2.25', '3.125'), want: '0.66145833333333333333' },
  { sql: 'var_pop(x) numeric (1.5),(2.25),(3.125)', agg: 'var_pop', cols: [NUM], rows: col1('1.5', '2.25', '3.125'), want: '0.44097222222222222222' },
  { sql: 'stddev(x) numeric (0.1),(0.1),(0.1)', agg: 'stddev', cols: [NUM], rows: col1('0.1', '0.1', '0.1'), want: '0' },
  { sql: 'var_pop(x) numeric (0.1),(0.1),(0.1)', agg: 'var_pop', cols: [NUM], rows: col1('0.1', '0.1', '0.1'), want: '0' },
  { sql: 'stddev(x) float8 (0.1),(0.1),(0.1)', agg: 'stddev', cols: [F8], rows: col1('0.1', '0.1', '0.1'), want: '0' },
  { sql: 'variance(x) numeric (1e-10),(2e-10),(4e-10)', agg: 'variance', cols: [NUM], rows: col1('1e-10', '2e-10', '4e-10'), want: '0.000000000000000000023333333333333333' },
  { sql: 'stddev(x) numeric (1e-10),(2e-10),(4e-10)', agg: 'stddev', cols: [NUM], rows: col1('1e-10', '2e-10', '4e-10'), want: '0.000000000152752523165194665795178789' },
  { sql: 'stddev(x) int8 (123456789012),(987654321098),(5)', agg: 'stddev', cols: [I8], rows: col1('123456789012', '987654321098', '5'), want: '538135672359' },
  { sql: 'stddev_pop(x) int8 (123456789012),(987654321098),(5)', agg: 'stddev_pop', cols: [I8], rows: col1('123456789012', '987654321098', '5'), want: '439385936556' },
  { sql: 'variance(x) int8 (123456789012),(987654321098),(5)', agg: 'variance', cols: [I8], rows: col1('123456789012', '987654321098', '5'), want: '289590001864854443378682' },
  { sql: 'var_pop(x) int8 (123456789012),(987654321098),(5)', agg: 'var_pop', cols: [I8], rows: col1('123456789012', '987654321098', '5'), want: '193060001243236295585788' },
  { sql: 'stddev(x) int8 (min),(max),(max),(5)', agg: 'stddev', cols: [I8], rows: col1('-9223372036854775808', '9223372036854775807', '9223372036854775807', '5'), want: '8830706413006553154' },
  { sql: 'variance(x) int8 (min),(max),(max),(5)', agg: 'variance', cols: [I8], rows: col1('-9223372036854775808', '9223372036854775807', '9223372036854775807', '5'), want: '77981375752715064526780498802213126152' },
  { sql: 'stddev(x) int4 (min),(max),(max),(5)', agg: 'stddev', cols: [I4], rows: col1('-2147483648', '2147483647', '2147483647', '5'), want: '2056059057' },
  { sql: 'variance(x) int4 (min),(max),(max),(5)', agg: 'variance', cols: [I4], rows: col1('-2147483648', '2147483647', '2147483647', '5'), want: '4227378846288052232' },
  { sql: 'stddev_pop(x) numeric (1.10),(2.205),(-0.5)', agg: 'stddev_pop', cols: [NUM], rows: col1('1.10', '2.205', '-0.5'), want: '1.1104578635259722' },
  { sql: 'avg(x) int2 (100),(-7),(3)', agg: 'avg', cols: [I2], rows: col1('100', '-7', '3'), want: '32.0000000000000000' },
  { sql: 'variance(x) int2 (100),(-7),(3)', agg: 'variance', cols: [I2], rows: col1('100', '-7', '3'), want: '3493.0000000000000000' },
  { sql: 'stddev(x) float4 (0.1),(1e10),(-3.5),(7)', agg: 'stddev', cols: [F4], rows: col1('0.1', '1e10', '-3.5', '7'), want: '4999999999.4' },
  { sql: 'var_pop(x) float4 (0.1),(1e10),(-3.5),(7)', agg: 'var_pop', cols: [F4], rows: col1('0.1', '1e10', '-3.5', '7'), want: '1.87499999955e+19' },
  { sql: 'stddev_pop(x) float8 (1e20),(1),(-1e20)', agg: 'stddev_pop', cols: [F8], rows: col1('1e20', '1', '-1e20'), want: '8.16496580927726e+19' },
  { sql: 'var_samp(x) float8 (1e20),(1),(-1e20)', agg: 'var_samp', cols: [F8], rows: col1('1e20', '1', '-1e20'), want: '1e+40' },
  { sql: 'stddev(x) float8 (0.1),(0.2),(0.3),(0.4),(1e-3)', agg: 'stddev', cols: [F8], rows: col1('0.1', '0.2', '0.3', '0.4', '1e-3'), want: '0.15779797210357296' },
  { sql: 'var_pop(x) float8 (0.1),(0.2),(0.3),(0.4),(1e-3)', agg: 'var_pop', cols: [F8], rows: col1('0.1', '0.2', '0.3', '0.4', '1e-3'), want: '0.019920159999999996' },
  { sql: 'stddev(x) float8 (1e200),(1e200)', agg: 'stddev', cols: [F8], rows: col1('1e200', '1e200'), want: '0' },
  { sql: "stddev(x) float8 ('Infinity'),(1)", agg: 'stddev', cols: [F8], rows: col1('Infinity', '1'), want: 'NaN' },
  { sql: "var_pop(x) float8 ('NaN'),(1)", agg: 'var_pop', cols: [F8], rows: col1('NaN', '1'), want: 'NaN' },
  { sql: "stddev(x) float8 (1),('Infinity')", agg: 'stddev', cols: [F8], rows: col1('1', 'Infinity'), want: 'NaN' },
  { sql: "var_pop(x) float8 ('Infinity')", agg: 'var_pop', cols: [F8], rows: col1('Infinity'), want: 'NaN' },

  // min and max.
  { sql: "min(x) from (values ('é'),('z'),('Z'),('ab'))", agg: 'min', cols: [TEXT], rows: col1('é', 'z', 'Z', 'ab'), want: 'Z', type: 'text' },
  { sql: "max(x) from (values ('é'),('z'),('Z'),('ab'))", agg: 'max', cols: [TEXT], rows: col1('é', 'z', 'Z', 'ab'), want: 'é' },
  { sql: 'min(x) numeric (1.250),(-0.5),(10)', agg: 'min', cols: [NUM], rows: col1('1.250', '-0.5', '10'), want: '-0.5', type: 'numeric' },
  { sql: 'min(x) numeric (1.50),(1.5)', agg: 'min', cols: [NUM], rows: col1('1.50', '1.5'), want: '1.5' },
  { sql: 'max(x) numeric (1.50),(1.5)', agg: 'max', cols: [NUM], rows: col1('1.50', '1.5'), want: '1.5' },
  { sql: 'min(x) numeric (1.5),(1.50)', agg: 'min', cols: [NUM], rows: col1('1.5', '1.50'), want: '1.50' },
  { sql: "min(x) float8 ('-0'),(0)", agg: 'min', cols: [F8], rows: col1('-0', '0'), want: '0' },
  { sql: "max(x) float8 ('0'),('-0')", agg: 'max', cols: [F8], rows: col1('0', '-0'), want: '-0' },
  { sql: 'min(x) int8', agg: 'min', cols: [I8], rows: col1('5', '-9223372036854775808', null), want: '-9223372036854775808', type: 'bigint' },
  { sql: 'max(x) int2', agg: 'max', cols: [I2], rows: col1('5', '-3', null), want: '5', type: 'smallint' },
  { sql: 'min(x) int[] ({1,2}),({1}),({0,5})', agg: 'min', cols: [Oid._int4], rows: col1('{1,2}', '{1}', '{0,5}'), want: '{0,5}', type: 'integer[]' },
  { sql: 'max(x) int[] ({1,2}),({1}),({0,5})', agg: 'max', cols: [Oid._int4], rows: col1('{1,2}', '{1}', '{0,5}'), want: '{1,2}', type: 'integer[]' },
  { sql: 'max(x) int[] ({1,NULL}),({1,2}),({1}),({0,5,6})', agg: 'max', cols: [Oid._int4], rows: col1('{1,NULL}', '{1,2}', '{1}', '{0,5,6}'), want: '{1,NULL}' },

  // bool_and, bool_or, every, bit_*.
  { sql: 'bool_and(x) (true),(null),(false)', agg: 'bool_and', cols: [BOOL], rows: col1('t', null, 'f'), want: 'f', type: 'boolean' },
  { sql: 'bool_or(x) (true),(null),(false)', agg: 'bool_or', cols: [BOOL], rows: col1('t', null, 'f'), want: 't' },
  { sql: 'every(x) (true),(null),(false)', agg: 'every', cols: [BOOL], rows: col1('t', null, 'f'), want: 'f' },
  { sql: 'every(x) (true),(null)', agg: 'every', cols: [BOOL], rows: col1('t', null), want: 't' },
  { sql: 'bool_or(x) (false),(false)', agg: 'bool_or', cols: [BOOL], rows: col1('f', 'f'), want: 'f' },
  { sql: 'bit_and(x) int2 (12),(10),(7)', agg: 'bit_and', cols: [I2], rows: col1('12', '10', '7'), want: '0', type: 'smallint' },
  { sql: 'bit_or(x) int2 (12),(10),(7)', agg: 'bit_or', cols: [I2], rows: col1('12', '10', '7'), want: '15' },
  { sql: 'bit_xor(x) int8 (12),(10),(7)', agg: 'bit_xor', cols: [I8], rows: col1('12', '10', '7'), want: '1', type: 'bigint' },

  // string_agg.
  { sql: "string_agg(x, ',') (a,-),(null,+),(b,null),(c,*)", agg: 'string_agg', cols: [TEXT, TEXT], rows: [['a', ','], [null, ','], ['b', ','], ['c', ',']], want: 'a,b,c', type: 'text' },
  { sql: 'string_agg(x, y) (a,-),(null,+),(b,null),(c,*)', agg: 'string_agg', cols: [TEXT, TEXT], rows: [['a', '-'], [null, '+'], ['b', null], ['c', '*']], want: 'ab*c' },
  { sql: 'string_agg(x, null) (a),(null),(b),(c)', agg: 'string_agg', cols: [TEXT, TEXT], rows: [['a', null], [null, null], ['b', null], ['c', null]], want: 'abc' },
  { sql: "string_agg(x, ', ') ('x'),('y'),(''),('z')", agg: 'string_agg', cols: [TEXT, TEXT], rows: [['x', ', '], ['y', ', '], ['', ', '], ['z', ', ']], want: 'x, y, , z' },
  { sql: "string_agg(x, ',') (null)", agg: 'string_agg', cols: [TEXT, TEXT], rows: [[null, ',']], want: null },
  { sql: "string_agg(x, '\\xff'::bytea) (\\x01),(\\x02)", agg: 'string_agg', cols: [Oid.bytea, Oid.bytea], rows: [['\\x01', '\\xff'], ['\\x02', '\\xff']], want: '\\x01ff02', type: 'bytea' },

  // array_agg.
  { sql: 'array_agg(x) (3),(null),(1),(3),(2)', agg: 'array_agg', cols: [I4], rows: col1('3', null, '1', '3', '2'), want: '{3,NULL,1,3,2}', type: 'integer[]' },
  { sql: 'array_agg(x) text', agg: 'array_agg', cols: [TEXT], rows: col1('a b', null, '"'), want: '{"a b",NULL,"\\""}', type: 'text[]' },
  { sql: 'array_agg(x) int[] ({1,2}),({3,4})', agg: 'array_agg', cols: [Oid._int4], rows: col1('{1,2}', '{3,4}'), want: '{{1,2},{3,4}}', type: 'integer[]' },
  { sql: 'array_agg(x) 2-D', agg: 'array_agg', cols: [Oid._int4], rows: col1('{{1,2},{3,4}}', '{{5,6},{7,8}}'), want: '{{{1,2},{3,4}},{{5,6},{7,8}}}' },
  { sql: 'array_agg(x) ({1,2}),({3})', agg: 'array_agg', cols: [Oid._int4], rows: col1('{1,2}', '{3}'), want: 'ERR 2202E cannot accumulate arrays of different dimensionality' },
  { sql: "array_agg(x) ('[0:1]={1,2}'),('{3,4}')", agg: 'array_agg', cols: [Oid._int4], rows: col1('[0:1]={1,2}', '{3,4}'), want: 'ERR 2202E cannot accumulate arrays of different dimensionality' },
  { sql: 'array_agg(x) ({1,2}),(null)', agg: 'array_agg', cols: [Oid._int4], rows: col1('{1,2}', null), want: 'ERR 22004 cannot accumulate null arrays' },
  { sql: "array_agg(x) ('{}'),('{}')", agg: 'array_agg', cols: [Oid._int4], rows: col1('{}', '{}'), want: 'ERR 2202E cannot accumulate empty arrays' },

  // DISTINCT, ORDER BY and FILTER inside the call.
  { sql: 'array_agg(distinct x) (3),(null),(1),(3),(2)', agg: 'array_agg', cols: [I4], rows: col1('3', null, '1', '3', '2'), distinct: true, want: '{1,2,3,NULL}' },
  { sql: 'array_agg(x order by x desc) (3),(null),(1),(3),(2)', agg: 'array_agg', cols: [I4], rows: col1('3', null, '1', '3', '2'), orderBy: [{ col: 0, desc: true }], want: '{NULL,3,3,2,1}' },
  { sql: 'array_agg(x order by x nulls first)', agg: 'array_agg', cols: [I4], rows: col1('3', null, '1', '3', '2'), orderBy: [{ col: 0, nullsFirst: true }], want: '{NULL,1,2,3,3}' },
  { sql: 'count(distinct x) (3),(null),(1),(3),(2)', agg: 'count', cols: [I4], rows: col1('3', null, '1', '3', '2'), distinct: true, want: '3' },
  { sql: 'sum(distinct x) (3),(null),(1),(3),(2)', agg: 'sum', cols: [I4], rows: col1('3', null, '1', '3', '2'), distinct: true, want: '6' },
  { sql: 'avg(distinct x) (3),(null),(1),(3),(2)', agg: 'avg', cols: [I4], rows: col1('3', null, '1', '3', '2'), distinct: true, want: '2.0000000000000000' },
  { sql: "string_agg(distinct x::text, ',')", agg: 'string_agg', cols: [TEXT, TEXT], rows: [['3', ','], [null, ','], ['1', ','], ['3', ','], ['2', ',']], distinct: true, want: '1,2,3' },
  { sql: 'count(distinct x) numeric (1.5),(1.50),(null)', agg: 'count', cols: [NUM], rows: col1('1.5', '1.50', null), distinct: true, want: '1' },
  { sql: 'array_agg(distinct x) numeric (1.5),(1.50),(null)', agg: 'array_agg', cols: [NUM], rows: col1('1.5', '1.50', null), distinct: true, want: '{1.5,NULL}' },
  {
    sql: "string_agg(x, ',' order by y) (a,2),(b,1),(c,2),(d,null)",
    agg: 'string_agg',
    cols: [TEXT, TEXT, I4],
    nargs: 2,
    rows: [['a', ',', '2'], ['b', ',', '1'], ['c', ',', '2'], ['d', ',', null]],
    orderBy: [{ col: 2 }],
    want: 'b,a,c,d',
  },
  {
    sql: "string_agg(x, ',' order by y desc, x) (a,2),(b,1),(c,2),(d,null)",
    agg: 'string_agg',
    cols: [TEXT, TEXT, I4],
    nargs: 2,
    rows: [['c', ',', '2'], ['b', ',', '1'], ['a', ',', '2'], ['d', ',', null]],
    orderBy: [{ col: 2, desc: true }, { col: 0 }],
    want: 'd,a,c,b',
  },
  {
    sql: 'array_agg(x order by y desc nulls last) (a,1),(b,null),(c,3),(d,3)',
    agg: 'array_agg',
    cols: [TEXT, I4],
    nargs: 1,
    rows: [['a', '1'], ['b', null], ['c', '3'], ['d', '3']],
    orderBy: [{ col: 1, desc: true, nullsFirst: false }],
    want: '{c,d,a,b}',
  },
  {
    sql: "string_agg(x, '|' order by x desc) filter (where y is not null) (a,1),(b,null),(c,3),(d,3)",
    agg: 'string_agg',
    cols: [TEXT, TEXT, BOOL],
    nargs: 2,
    rows: [['a', '|', 't'], ['b', '|', 'f'], ['c', '|', 't'], ['d', '|', 't']],
    orderBy: [{ col: 0, desc: true }],
    filterCol: 2,
    want: 'd|c|a',
  },
  { sql: 'count(*) filter (where x)', agg: 'count', cols: [BOOL], nargs: 0, rows: col1('t', null, 'f', 't'), filterCol: 0, want: '2' },

  // Regression aggregates: (y, x).
  ...(
    [
      ['corr', '0.9896730330942586'],
      ['covar_pop', '3.15625'],
      ['covar_samp', '4.208333333333333'],
      ['regr_avgx', '2.5'],
      ['regr_avgy', '5.4375'],
      ['regr_count', '4'],
      ['regr_intercept', '-0.875'],
      ['regr_r2', '0.9794527124339895'],
      ['regr_slope', '2.525'],
      ['regr_sxx', '5'],
      ['regr_sxy', '12.625'],
      ['regr_syy', '32.546875'],
    ] as const
  ).map(
    ([agg, want]): Case => ({
      sql: `${agg}(y, x) from (values (1,2),(2,3.5),(3,7),(null,1),(4,9.25)) v(x,y)`,
      agg,
      cols: [F8, F8],
      rows: [['2', '1'], ['3.5', '2'], ['7', '3'], ['1', null], ['9.25', '4']],
      want,
      type: agg === 'regr_count' ? 'bigint' : 'double precision',
    }),
  ),
  ...(
    [
      ['corr', null],
      ['covar_pop', '0'],
      ['covar_samp', null],
      ['regr_r2', null],
      ['regr_slope', null],
      ['regr_intercept', null],
      ['regr_count', '1'],
    ] as const
  ).map(([agg, want]): Case => ({ sql: `${agg}(y, x) from (values (1,2))`, agg, cols: [F8, F8], rows: [['2', '1']], want })),
  { sql: 'corr(y, x) (1,2),(2,2)', agg: 'corr', cols: [F8, F8], rows: [['2', '1'], ['2', '2']], want: null },
  { sql: 'regr_r2(y, x) (1,2),(2,2)', agg: 'regr_r2', cols: [F8, F8], rows: [['2', '1'], ['2', '2']], want: '1' },
  { sql: 'regr_slope(y, x) (1,2),(2,2)', agg: 'regr_slope', cols: [F8, F8], rows: [['2', '1'], ['2', '2']], want: '0' },
  { sql: 'regr_r2(y, x) (1,2),(1,3)', agg: 'regr_r2', cols: [F8, F8], rows: [['2', '1'], ['3', '1']], want: null },
];

describe('aggregate functions match PostgreSQL 15', () => {
  it.each(CASES.map((c) => [c.sql, c] as const))('%s', async (_sql, c) => {
    const [text, type] = await run(c);
    expect(text).toBe(c.want);
    if (c.type) expect(type).toBe(c.type);
  });

  it('min/max of char(n) keep the first of equal values (bpchar_smaller), others the last', async () => {
    const bp = typeByOid(Oid.bpchar);
    for (const agg of ['min', 'max']) {
      const def = resolve(agg, [bp]);
      const out = await drain(hashAggregateOperator(source([['a  '], ['a']]), [], [{ def, argExprs: [col(0)], argTypes: [bp], distinct: false, filter: null }], env));
      expect(out[0]![0]).toBe('a  ');
    }
  });

  it('hides overloads whose argument type is not built yet, and knows polymorphic result types', () => {
    const mins = aggregatesNamed('min').map((d) => d.args[0]);
    expect(mins).toContain(Oid.int4);
    expect(mins).toContain(Oid.anyarray);
    for (const oid of mins) expect(() => typeByOid(oid!)).not.toThrow();
    const arrayAgg = resolve('array_agg', [typeByOid(Oid.varchar)]);
    expect(aggregateResultType(arrayAgg, [typeByOid(Oid.varchar)])).toBe(Oid._varchar);
    expect(aggregatesNamed('no_such_aggregate')).toEqual([]);
  });
});

// ------------------------------------------------------------- GROUP BY

describe('hashAggregateOperator', () => {
  const count = resolve('count', []);
  const sumI4 = resolve('sum', [typeByOid(Oid.int4)]);
  const plain = (def: AggregateDef, args: Compiled[] = []): AggCall => ({ def, argExprs: args, distinct: false, filter: null });

  it('groups numeric keys by value (1.5 = 1.50), NULLs together, in order of first appearance', async () => {
    // select k, count(*), sum(v) from (values (1.5,1),(1.50,2),(null,3),(null,4),(2,5)) t(k,v) group by k
    const rows: Row[] = [
      [Numeric.parse('1.5'), 1],
      [Numeric.parse('1.50'), 2],
      [null, 3],
      [null, 4],
      [Numeric.parse('2'), 5],
    ];
    const keys: GroupKey[] = [{ expr: col(0), typeOid: Oid.numeric }];
    const out = await drain(hashAggregateOperator(source(rows, 2), keys, [plain(count), plain(sumI4, [col(1)])], env));
    expect(out.map((r) => [r[0] === null ? null : String(r[0]), r[1], r[2]])).toEqual([
      ['1.5', 2n, 3n],
      [null, 2n, 7n],
      ['2', 1n, 5n],
    ]);
  });

  it('groups by several keys', async () => {
    const rows: Row[] = [
      ['a', 1, 10],
      ['a', 2, 20],
      ['b', 1, 30],
      ['a', 1, 40],
      [null, null, 50],
      [null, null, 60],
      ['a', null, 70],
    ];
    const keys: GroupKey[] = [
      { expr: col(0), typeOid: Oid.text },
      { expr: col(1), typeOid: Oid.int4 },
    ];
    const out = await drain(hashAggregateOperator(source(rows, 3), keys, [plain(sumI4, [col(2)])], env));
    expect(out).toEqual([
      ['a', 1, 50n],
      ['a', 2, 20n],
      ['b', 1, 30n],
      [null, null, 110n],
      ['a', null, 70n],
    ]);
  });

  it('treats float -0/0 and NaN/NaN as one group', async () => {
    const out = await drain(hashAggregateOperator(source([[0], [-0], [NaN], [NaN], [1]]), [{ expr: col(0), typeOid: Oid.float8 }], [plain(count)], env));
    expect(out.map((r) => [String(r[0]), r[1]])).toEqual([
      ['0', 2n],
      ['NaN', 2n],
      ['1', 1n],
    ]);
  });

  it('emits one row without GROUP BY even for empty input, and none with GROUP BY', async () => {
    const none = await drain(hashAggregateOperator(source([]), [], [plain(count), plain(sumI4, [col(0)])], env));
    expect(none).toEqual([[0n, null]]);
    const grouped = await drain(hashAggregateOperator(source([]), [{ expr: col(0), typeOid: Oid.int4 }], [plain(count)], env));
    expect(grouped).toEqual([]);
  });

  it('keeps DISTINCT, FILTER and ORDER BY per group', async () => {
    const text = typeByOid(Oid.text);
    const stringAgg = resolve('string_agg', [text, text]);
    const rows: Row[] = [
      ['g1', 'b', 2],
      ['g2', 'x', 1],
      ['g1', 'a', 1],
      ['g1', 'b', 3],
      ['g2', 'y', null],
    ];
    const comma: Compiled = () => ',';
    const calls: AggCall[] = [
      { def: stringAgg, argExprs: [col(1), comma], argTypes: [text, text], distinct: false, filter: null, orderBy: [{ expr: col(2), compare: typeByOid(Oid.int4).compare!, descending: true, nullsFirst: true }] },
      { def: count, argExprs: [], distinct: false, filter: (r) => (r[2] === null ? null : (r[2] as number) > 1) },
      { def: resolve('count', [text]), argExprs: [col(1)], argTypes: [text], distinct: true, filter: null },
    ];
    const out = await drain(hashAggregateOperator(source(rows, 2), [{ expr: col(0), typeOid: Oid.text }], calls, env));
    expect(out).toEqual([
      ['g1', 'b,b,a', 2n, 2n],
      ['g2', 'y,x', 0n, 2n],
    ]);
  });

  it('stops with the session error when interrupted, and lets the event loop run', async () => {
    const rows: Row[] = Array.from({ length: 300_000 }, (_, i) => [i % 10]);
    let calls = 0;
    const cancelling = makeEnv(() => {
      if (++calls > 50) throw new PgError('57014', 'canceling statement due to statement timeout');
    });
    await expect(drain(hashAggregateOperator(source(rows, 1024), [{ expr: col(0), typeOid: Oid.int4 }], [plain(count)], cancelling))).rejects.toMatchObject({ code: '57014' });

    let turns = 0;
    let ticking = true;
    const tick = (): void => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const out = await drain(hashAggregateOperator(source(rows, 1024), [{ expr: col(0), typeOid: Oid.int4 }], [plain(count)], env));
    ticking = false;
    expect(out.length).toBe(10);
    expect(turns).toBeGreaterThan(2);
  });

  it('timing (printed, not asserted): 1M rows into 1k groups', async () => {
    const n = 1_000_000;
    const rows: Row[] = Array.from({ length: n }, (_, i) => [(i * 7919) % 1000, i % 100]);
    const avg = resolve('avg', [typeByOid(Oid.int4)]);
    const text = typeByOid(Oid.text);
    const textRows: Row[] = rows.map((r) => [`key-${r[0]}`, r[1]]);
    // Each run twice: the first includes JIT warm-up.
    for (const pass of ['cold', 'warm']) {
      const t0 = performance.now();
      const out = await drain(
        hashAggregateOperator(source(rows, 1024), [{ expr: col(0), typeOid: Oid.int4 }], [plain(count), plain(sumI4, [col(1)]), plain(avg, [col(1)])], env),
      );
      console.log(`hash aggregate of 1M rows into 1k int4 groups (count, sum, avg), ${pass}: ${(performance.now() - t0).toFixed(0)} ms`);
      expect(out.length).toBe(1000);
      expect(out.reduce((s, r) => s + (r[1] as bigint), 0n)).toBe(BigInt(n));
      const t1 = performance.now();
      await drain(hashAggregateOperator(source(textRows, 1024), [{ expr: col(0), typeOid: text.oid }], [plain(count), plain(sumI4, [col(1)])], env));
      console.log(`hash aggregate of 1M rows into 1k text groups (count, sum), ${pass}: ${(performance.now() - t1).toFixed(0)} ms`);
    }
  }, 60_000);
});
