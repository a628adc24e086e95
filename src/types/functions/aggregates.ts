/**
 * Built-in aggregate functions, following PostgreSQL 15's pg_aggregate:
 * the same overloads, result types, NULL handling and arithmetic (result
 * scales of numeric averages and deviations, float overflow checks, the
 * Youngs–Cramer accumulation of float variances).
 *
 * An aggregate is a transition function folded over the rows of a group
 * (`step`, starting from `init`) and a final function (`final`). The
 * executor skips rows with a NULL argument for `strict` aggregates before
 * calling `step`, evaluates FILTER, DISTINCT and ORDER BY itself, and keeps
 * one state per group.
 */
import { PgError, SqlState } from '../errors.js';
import { Numeric } from '../numeric.js';
import { Oid } from '../oids.js';
import { findTypeByOid } from '../registry.js';
import type { IoContext, PgType } from '../type.js';
import { makeArray, type PgArray, type Value } from '../value.js';

export interface AggregateDef {
  readonly name: string;
  /** Argument type OIDs; pseudo types (anyarray, anynonarray, any) make it polymorphic. count(*) has none. */
  readonly args: readonly number[];
  /** Result type OID, or a function of the actual argument types for polymorphic aggregates. */
  readonly ret: number | ((argTypes: readonly PgType[]) => number);
  /** Rows where any argument is NULL are skipped without calling step. */
  readonly strict: boolean;
  /** pg_proc OID of the aggregate, as PostgreSQL numbers it. */
  readonly oid: number;
  /**
   * A fresh state for one group. argTypes are the actual (resolved) argument
   * types: min/max take their ordering from them, array_agg its element type.
   */
  init(argTypes: readonly PgType[], io: IoContext): unknown;
  /**
   * Folds one row into the state and returns the new state (possibly the
   * same object, mutated). `args` is a reused buffer: keep values, not it.
   */
  step(state: unknown, args: readonly Value[]): unknown;
  /** The aggregate's value for the group. */
  final(state: unknown): Value;
}

const registry = new Map<string, AggregateDef[]>();

function define(def: AggregateDef): void {
  let list = registry.get(def.name);
  if (!list) registry.set(def.name, (list = []));
  list.push(def);
}

/**
 * The overloads of an aggregate, restricted to those whose argument types
 * exist in this build (min(date) appears once the date type is registered).
 */
/** Registers aggregates defined elsewhere (pgvector's avg/sum over vectors). */
export function defineAggregates(defs: readonly AggregateDef[]): void {
  for (const d of defs) define(d);
}

export function aggregatesNamed(name: string): readonly AggregateDef[] {
  const list = registry.get(name);
  if (!list) return [];
  return list.filter((d) => d.args.every((oid) => findTypeByOid(oid) !== undefined));
}

export function isAggregateName(name: string): boolean {
  return registry.has(name);
}

/** Every aggregate overload, e.g. for pg_proc/pg_aggregate rows (filtered like aggregatesNamed). */
export function allAggregates(): AggregateDef[] {
  return [...registry.keys()].flatMap((name) => aggregatesNamed(name));
}

/** The result type OID of `def` applied to arguments of the given types. */
export function aggregateResultType(def: AggregateDef, argTypes: readonly PgType[]): number {
  return typeof def.ret === 'number' ? def.ret : def.ret(argTypes);
}

// ------------------------------------------------------------ shared pieces

function floatOverflow(): PgError {
  return new PgError(SqlState.NumericValueOutOfRange, 'value out of range: overflow');
}

const isInf = (v: number): boolean => v === Infinity || v === -Infinity;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

/**
 * Integer sums stay JS numbers while exact (|sum| ≤ 2^53) and become BigInt
 * beyond, so the common case allocates nothing. A double sum of two safe
 * integers that leaves the safe range is itself outside it (rounding is
 * monotonic), so the check is exact.
 */
function addInt(sum: number | bigint, v: number): number | bigint {
  if (typeof sum === 'number') {
    const s = sum + v;
    if (s <= MAX_SAFE && s >= -MAX_SAFE) return s;
    return BigInt(sum) + BigInt(v);
  }
  return sum + BigInt(v);
}

function toInt8(v: number | bigint): bigint {
  const b = BigInt(v);
  if (b < INT8_MIN || b > INT8_MAX) throw new PgError(SqlState.NumericValueOutOfRange, 'bigint out of range');
  return b;
}

/** The type of argument `i`, or the declared type when the caller gave none. */
function argType(argTypes: readonly PgType[], i: number, declared: number): PgType | undefined {
  return argTypes[i] ?? findTypeByOid(declared);
}

// -------------------------------------------------------------------- count

define({
  name: 'count',
  args: [],
  ret: Oid.int8,
  strict: false,
  oid: 2803,
  init: () => 0,
  step: (s) => (s as number) + 1,
  final: (s) => BigInt(s as number),
});

define({
  name: 'count',
  args: [Oid.any],
  ret: Oid.int8,
  strict: true,
  oid: 2147,
  init: () => 0,
  step: (s) => (s as number) + 1,
  final: (s) => BigInt(s as number),
});

// ---------------------------------------------------------------------- sum

// sum(int2), sum(int4) → int8 (int2_sum/int4_sum).
for (const [arg, oid] of [[Oid.int2, 2109], [Oid.int4, 2108]] as const) {
  define({
    name: 'sum',
    args: [arg],
    ret: Oid.int8,
    strict: true,
    oid,
    init: () => null,
    step: (s, a) => (s === null ? (a[0] as number) : addInt(s as number | bigint, a[0] as number)),
    final: (s) => (s === null ? null : toInt8(s as number | bigint)),
  });
}

// sum(int8) → numeric, so it cannot overflow (int8_sum).
define({
  name: 'sum',
  args: [Oid.int8],
  ret: Oid.numeric,
  strict: true,
  oid: 2107,
  init: () => null,
  step: (s, a) => (s === null ? (a[0] as bigint) : (s as bigint) + (a[0] as bigint)),
  final: (s) => (s === null ? null : Numeric.fromInt(s as bigint)),
});

// sum(float4) adds in single precision (float4pl), sum(float8) in double (float8pl).
define({
  name: 'sum',
  args: [Oid.float4],
  ret: Oid.float4,
  strict: true,
  oid: 2110,
  init: () => null,
  step: (s, a) => {
    const v = a[0] as number;
    if (s === null) return v;
    const r = Math.fround((s as number) + v);
    if (isInf(r) && !isInf(s as number) && !isInf(v)) throw floatOverflow();
    return r;
  },
  final: (s) => s,
});

define({
  name: 'sum',
  args: [Oid.float8],
  ret: Oid.float8,
  strict: true,
  oid: 2111,
  init: () => null,
  step: (s, a) => {
    const v = a[0] as number;
    if (s === null) return v;
    const r = (s as number) + v;
    if (isInf(r) && !isInf(s as number) && !isInf(v)) throw floatOverflow();
    return r;
  },
  final: (s) => s,
});

define({
  name: 'sum',
  args: [Oid.numeric],
  ret: Oid.numeric,
  strict: true,
  oid: 2114,
  init: () => null,
  step: (s, a) => (s === null ? (a[0] as Numeric) : (s as Numeric).add(a[0] as Numeric)),
  final: (s) => s,
});

// ---------------------------------------------------------------------- avg

class IntAvg {
  n = 0;
  sum: number | bigint = 0;
}

/** avg of integers: numeric_div(sum, count), so 16 significant digits at least (avg(1,2) = 1.5000000000000000). */
function numericAvg(sum: Numeric, n: number): Value {
  return n === 0 ? null : sum.div(Numeric.fromInt(n));
}

for (const [arg, oid] of [[Oid.int2, 2102], [Oid.int4, 2101]] as const) {
  define({
    name: 'avg',
    args: [arg],
    ret: Oid.numeric,
    strict: true,
    oid,
    init: () => new IntAvg(),
    step: (s, a) => {
      const st = s as IntAvg;
      st.n++;
      st.sum = addInt(st.sum, a[0] as number);
      return st;
    },
    final: (s) => {
      const st = s as IntAvg;
      return numericAvg(Numeric.fromInt(st.sum), st.n);
    },
  });
}

class Int8Avg {
  n = 0;
  sum = 0n;
}

define({
  name: 'avg',
  args: [Oid.int8],
  ret: Oid.numeric,
  strict: true,
  oid: 2100,
  init: () => new Int8Avg(),
  step: (s, a) => {
    const st = s as Int8Avg;
    st.n++;
    st.sum += a[0] as bigint;
    return st;
  },
  final: (s) => {
    const st = s as Int8Avg;
    return numericAvg(Numeric.fromInt(st.sum), st.n);
  },
});

class NumericAvg {
  n = 0;
  sum: Numeric = Numeric.ZERO;
}

define({
  name: 'avg',
  args: [Oid.numeric],
  ret: Oid.numeric,
  strict: true,
  oid: 2103,
  init: () => new NumericAvg(),
  step: (s, a) => {
    const st = s as NumericAvg;
    st.n++;
    st.sum = st.sum.add(a[0] as Numeric);
    return st;
  },
  final: (s) => {
    const st = s as NumericAvg;
    return numericAvg(st.sum, st.n);
  },
});

/**
 * float8_accum's state: count, sum and the sum of squared deviations,
 * updated with the Youngs–Cramer formula (more accurate than Σx² − (Σx)²/n)
 * and PostgreSQL's overflow rules: an infinite sum from finite inputs is an
 * error; an infinite input makes the deviation NaN.
 */
class FloatAccum {
  n = 0;
  sx = 0;
  sxx = 0;
}

function floatAccum(s: unknown, a: readonly Value[]): unknown {
  const st = s as FloatAccum;
  const v = a[0] as number;
  const oldN = st.n;
  const oldSx = st.sx;
  const n = oldN + 1;
  const sx = oldSx + v;
  let sxx = st.sxx;
  if (oldN > 0) {
    const tmp = v * n - sx;
    sxx += (tmp * tmp) / (n * oldN);
    if (isInf(sx) || isInf(sxx)) {
      if (!isInf(oldSx) && !isInf(v)) throw floatOverflow();
      sxx = NaN;
    }
  } else if (!Number.isFinite(v)) {
    sxx = NaN;
  }
  st.n = n;
  st.sx = sx;
  st.sxx = sxx;
  return st;
}

for (const [arg, oid] of [[Oid.float4, 2104], [Oid.float8, 2105]] as const) {
  define({
    name: 'avg',
    args: [arg],
    ret: Oid.float8,
    strict: true,
    oid,
    init: () => new FloatAccum(),
    step: floatAccum,
    final: (s) => {
      const st = s as FloatAccum;
      return st.n === 0 ? null : st.sx / st.n;
    },
  });
}

// ------------------------------------------------- variance and deviation

type Spread = 'stddev' | 'stddev_samp' | 'stddev_pop' | 'variance' | 'var_samp' | 'var_pop';
const SPREADS: readonly { name: Spread; variance: boolean; sample: boolean; oids: readonly number[] }[] = [
  // pg_proc OIDs in argument order int8, int4, int2, float4, float8, numeric.
  { name: 'stddev', variance: false, sample: true, oids: [2154, 2155, 2156, 2157, 2158, 2159] },
  { name: 'stddev_samp', variance: false, sample: true, oids: [2712, 2713, 2714, 2715, 2716, 2717] },
  { name: 'stddev_pop', variance: false, sample: false, oids: [2724, 2725, 2726, 2727, 2728, 2729] },
  { name: 'variance', variance: true, sample: true, oids: [2148, 2149, 2150, 2151, 2152, 2153] },
  { name: 'var_samp', variance: true, sample: true, oids: [2641, 2642, 2643, 2644, 2645, 2646] },
  { name: 'var_pop', variance: true, sample: false, oids: [2718, 2719, 2720, 2721, 2722, 2723] },
];

function floatSpread(st: FloatAccum, variance: boolean, sample: boolean): Value {
  if (sample ? st.n <= 1 : st.n === 0) return null;
  const v = st.sxx / (sample ? st.n - 1 : st.n);
  return variance ? v : Math.sqrt(v);
}

/** Σx and Σx² of integers, exact in BigInt (PostgreSQL uses int128 or numeric). */
class IntSpreadAccum {
  n = 0;
  sx = 0n;
  sxx = 0n;
}

class NumericSpreadAccum {
  n = 0;
  sx: Numeric = Numeric.ZERO;
  sxx: Numeric = Numeric.ZERO;
  /** A NaN or ±Infinity was seen: the result is NaN. */
  special = false;
}

/**
 * numeric_stddev_internal: (N·Σx² − (Σx)²) / (N·(N−1)) — or / N² for the
 * population — divided at numeric_div's scale, and its square root taken at
 * that same scale; a non-positive numerator (round-off) gives exactly 0.
 */
function numericSpread(n: number, sx: Numeric, sxx: Numeric, special: boolean, variance: boolean, sample: boolean): Value {
  if (n === 0 || (sample && n <= 1)) return null;
  if (special) return Numeric.NaN;
  const vN = Numeric.fromInt(n);
  const num = vN.mul(sxx).sub(sx.mul(sx));
  if (num.signum() <= 0) return Numeric.ZERO;
  const den = sample ? vN.mul(vN.sub(Numeric.ONE)) : vN.mul(vN);
  const q = num.div(den);
  return variance ? q : sqrtAtScale(q, q.dscale);
}

/** √x rounded half up to `rscale` fractional digits (sqrt_var with an explicit scale). */
function sqrtAtScale(x: Numeric, rscale: number): Numeric {
  // √(c·10^-s)·10^r = √(c·10^(2r−s)); one extra digit decides the rounding.
  // floor(√floor(y)) = floor(√y), so truncating before the root is exact.
  const e = 2 * rscale - x.dscale + 2;
  const scaled = e >= 0 ? x.coef * 10n ** BigInt(e) : x.coef / 10n ** BigInt(-e);
  const r = isqrt(scaled);
  return Numeric.of(r % 10n >= 5n ? r / 10n + 1n : r / 10n, rscale);
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  // Newton's method from an overestimate: 2^ceil(bits/2).
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

for (const sp of SPREADS) {
  const [oInt8, oInt4, oInt2, oFloat4, oFloat8, oNumeric] = sp.oids as [number, number, number, number, number, number];
  // Integer inputs sum exactly in bigint; int8 values already are bigints.
  for (const [arg, oid] of [[Oid.int2, oInt2], [Oid.int4, oInt4], [Oid.int8, oInt8]] as const) {
    const toBig = arg === Oid.int8 ? (x: Value) => x as bigint : (x: Value) => BigInt(x as number);
    define({
      name: sp.name,
      args: [arg],
      ret: Oid.numeric,
      strict: true,
      oid,
      init: () => new IntSpreadAccum(),
      step: (s, a) => {
        const st = s as IntSpreadAccum;
        const v = toBig(a[0]!);
        st.n++;
        st.sx += v;
        st.sxx += v * v;
        return st;
      },
      final: (s) => {
        const st = s as IntSpreadAccum;
        return numericSpread(st.n, Numeric.fromInt(st.sx), Numeric.fromInt(st.sxx), false, sp.variance, sp.sample);
      },
    });
  }
  define({
    name: sp.name,
    args: [Oid.numeric],
    ret: Oid.numeric,
    strict: true,
    oid: oNumeric,
    init: () => new NumericSpreadAccum(),
    step: (s, a) => {
      const st = s as NumericSpreadAccum;
      const v = a[0] as Numeric;
      st.n++;
      if (!v.isFinite()) st.special = true;
      else {
        st.sx = st.sx.add(v);
        st.sxx = st.sxx.add(v.mul(v));
      }
      return st;
    },
    final: (s) => {
      const st = s as NumericSpreadAccum;
      return numericSpread(st.n, st.sx, st.sxx, st.special, sp.variance, sp.sample);
    },
  });
  for (const [arg, oid] of [[Oid.float4, oFloat4], [Oid.float8, oFloat8]] as const) {
    define({
      name: sp.name,
      args: [arg],
      ret: Oid.float8,
      strict: true,
      oid,
      init: () => new FloatAccum(),
      step: floatAccum,
      final: (s) => floatSpread(s as FloatAccum, sp.variance, sp.sample),
    });
  }
}

// ----------------------------------------------------------------- min, max

/**
 * min/max keep the best value under the argument type's order. On ties the
 * newer value wins, as in numeric_smaller or float8larger — visible for
 * 1.5 vs 1.50 or 0 vs -0 — except for char(n), whose bpchar_smaller and
 * bpchar_larger keep the older value.
 */
class MinMax {
  v: Value = null;
  constructor(
    readonly cmp: (a: Value, b: Value) => number,
    readonly keepOnTie: boolean,
  ) {}
}

// Every type PostgreSQL 15 defines min/max for, with their pg_proc OIDs
// [min, max]; those not built yet are hidden by aggregatesNamed until registered.
const MIN_MAX_TYPES: readonly [number, number, number][] = [
  [Oid.int8, 2131, 2115],
  [Oid.int4, 2132, 2116],
  [Oid.int2, 2133, 2117],
  [Oid.oid, 2134, 2118],
  [Oid.float4, 2135, 2119],
  [Oid.float8, 2136, 2120],
  [Oid.date, 2138, 2122],
  [Oid.time, 2139, 2123],
  [Oid.timetz, 2140, 2124],
  [Oid.money, 2141, 2125],
  [Oid.timestamp, 2142, 2126],
  [Oid.timestamptz, 2143, 2127],
  [Oid.interval, 2144, 2128],
  [Oid.text, 2145, 2129],
  [Oid.numeric, 2146, 2130],
  [Oid.anyarray, 2051, 2050],
  [Oid.bpchar, 2245, 2244],
  [Oid.tid, 2798, 2797],
  [Oid.anyenum, 3527, 3526],
  [Oid.inet, 3565, 3564],
  [Oid.pg_lsn, 4190, 4189],
  [5069 /* xid8 */, 5100, 5099],
];

function minMaxInit(declared: number): (argTypes: readonly PgType[]) => unknown {
  return (argTypes) => {
    const t = argType(argTypes, 0, declared);
    const cmp = t?.compare;
    if (!cmp) {
      throw new PgError(SqlState.UndefinedFunction, `could not identify an ordering operator for type ${t?.name ?? declared}`);
    }
    return new MinMax(cmp, declared === Oid.bpchar || t!.oid === Oid.bpchar);
  };
}

for (const [typeOid, minOid, maxOid] of MIN_MAX_TYPES) {
  const polymorphic = typeOid === Oid.anyarray || typeOid === Oid.anyenum;
  const ret = polymorphic ? (argTypes: readonly PgType[]) => argTypes[0]?.oid ?? typeOid : typeOid;
  define({
    name: 'min',
    args: [typeOid],
    ret,
    strict: true,
    oid: minOid,
    init: minMaxInit(typeOid),
    step: (s, a) => {
      const st = s as MinMax;
      const v = a[0];
      if (st.v === null) st.v = v;
      else {
        const c = st.cmp(v, st.v);
        if (c < 0 || (c === 0 && !st.keepOnTie)) st.v = v;
      }
      return st;
    },
    final: (s) => (s as MinMax).v,
  });
  define({
    name: 'max',
    args: [typeOid],
    ret,
    strict: true,
    oid: maxOid,
    init: minMaxInit(typeOid),
    step: (s, a) => {
      const st = s as MinMax;
      const v = a[0];
      if (st.v === null) st.v = v;
      else {
        const c = st.cmp(v, st.v);
        if (c > 0 || (c === 0 && !st.keepOnTie)) st.v = v;
      }
      return st;
    },
    final: (s) => (s as MinMax).v,
  });
}

// ------------------------------------------------------------------- boolean

for (const [name, oid] of [['bool_and', 2517], ['every', 2519]] as const) {
  define({
    name,
    args: [Oid.bool],
    ret: Oid.bool,
    strict: true,
    oid,
    init: () => null,
    step: (s, a) => (s === null ? a[0] : (s as boolean) && (a[0] as boolean)),
    final: (s) => s,
  });
}

define({
  name: 'bool_or',
  args: [Oid.bool],
  ret: Oid.bool,
  strict: true,
  oid: 2518,
  init: () => null,
  step: (s, a) => (s === null ? a[0] : (s as boolean) || (a[0] as boolean)),
  final: (s) => s,
});

// ------------------------------------------------------------- bit_and/or/xor

const BIT_OPS = [
  // name, [int2, int4, int8] pg_proc OIDs, number op, bigint op
  ['bit_and', [2236, 2238, 2240], (a: number, b: number) => a & b, (a: bigint, b: bigint) => a & b],
  ['bit_or', [2237, 2239, 2241], (a: number, b: number) => a | b, (a: bigint, b: bigint) => a | b],
  ['bit_xor', [6164, 6165, 6166], (a: number, b: number) => a ^ b, (a: bigint, b: bigint) => a ^ b],
] as const;

for (const [name, oids, numOp, bigOp] of BIT_OPS) {
  for (const [i, arg] of [Oid.int2, Oid.int4].entries()) {
    define({
      name,
      args: [arg],
      ret: arg,
      strict: true,
      oid: oids[i]!,
      init: () => null,
      step: (s, a) => (s === null ? a[0] : numOp(s as number, a[0] as number)),
      final: (s) => s,
    });
  }
  define({
    name,
    args: [Oid.int8],
    ret: Oid.int8,
    strict: true,
    oid: oids[2],
    init: () => null,
    step: (s, a) => (s === null ? a[0] : bigOp(s as bigint, a[0] as bigint)),
    final: (s) => s,
  });
}

// --------------------------------------------------------------- string_agg

/**
 * string_agg(value, delimiter): NULL values are skipped; the delimiter
 * goes before every value but the first, and a NULL delimiter counts as
 * empty (string_agg_transfn). Not strict, since the delimiter may be NULL.
 */
define({
  name: 'string_agg',
  args: [Oid.text, Oid.text],
  ret: Oid.text,
  strict: false,
  oid: 3538,
  init: () => null,
  step: (s, a) => {
    const v = a[0];
    if (v == null) return s;
    if (s === null) return v;
    const d = a[1];
    // V8 concatenation builds ropes, so appending is O(1) and the string is
    // flattened once when first read.
    return d == null ? (s as string) + (v as string) : (s as string) + (d as string) + (v as string);
  },
  final: (s) => s,
});

define({
  name: 'string_agg',
  args: [Oid.bytea, Oid.bytea],
  ret: Oid.bytea,
  strict: false,
  oid: 3545,
  init: () => null,
  step: (s, a) => {
    const v = a[0];
    if (v == null) return s;
    if (s === null) return [v as Uint8Array];
    const parts = s as Uint8Array[];
    const d = a[1];
    if (d != null) parts.push(d as Uint8Array);
    parts.push(v as Uint8Array);
    return parts;
  },
  final: (s) => (s === null ? null : new Uint8Array(Buffer.concat(s as Uint8Array[]))),
});

// ---------------------------------------------------------------- array_agg

function arrayTypeOidOf(t: PgType | undefined): number {
  if (!t || !t.arrayOid) {
    throw new PgError(SqlState.UndefinedObject, `could not find array type for data type ${t?.name ?? 'unknown'}`);
  }
  return t.arrayOid;
}

class ArrayAccum {
  readonly items: Value[] = [];
  constructor(readonly elemOid: number) {}
}

/** array_agg(anynonarray): every value, NULLs included, into a one-dimensional array. */
define({
  name: 'array_agg',
  args: [Oid.anynonarray],
  ret: (argTypes) => arrayTypeOidOf(argTypes[0]),
  strict: false,
  oid: 2335,
  init: (argTypes) => new ArrayAccum(argTypes[0]?.oid ?? Oid.unknown),
  step: (s, a) => {
    (s as ArrayAccum).items.push(a[0] ?? null);
    return s;
  },
  final: (s) => {
    const st = s as ArrayAccum;
    return st.items.length === 0 ? null : makeArray(st.elemOid, st.items);
  },
});

const MAXDIM = 6;

class ArrayOfArraysAccum {
  elemOid = 0;
  dims: readonly number[] | null = null;
  lbounds: readonly number[] = [];
  readonly items: Value[] = [];
  count = 0;
}

function differentDimensionality(): PgError {
  return new PgError(SqlState.ArraySubscriptError, 'cannot accumulate arrays of different dimensionality');
}

/**
 * array_agg(anyarray): stacks equally shaped arrays into one of one more
 * dimension ({1,2},{3,4} → {{1,2},{3,4}}), as array_agg_array_transfn.
 */
define({
  name: 'array_agg',
  args: [Oid.anyarray],
  ret: (argTypes) => argTypes[0]?.oid ?? Oid.anyarray,
  strict: false,
  oid: 4053,
  init: (argTypes) => {
    const st = new ArrayOfArraysAccum();
    st.elemOid = argTypes[0]?.elemOid ?? 0;
    return st;
  },
  step: (s, a) => {
    const st = s as ArrayOfArraysAccum;
    const v = a[0] as PgArray | null | undefined;
    if (v == null) throw new PgError(SqlState.NullValueNotAllowed, 'cannot accumulate null arrays');
    if (v.dims.length === 0) throw new PgError(SqlState.ArraySubscriptError, 'cannot accumulate empty arrays');
    if (st.dims === null) {
      if (v.dims.length + 1 > MAXDIM) {
        throw new PgError(SqlState.ProgramLimitExceeded, `number of array dimensions (${v.dims.length + 1}) exceeds the maximum allowed (${MAXDIM})`);
      }
      st.dims = v.dims;
      st.lbounds = v.lbounds;
      if (!st.elemOid) st.elemOid = v.elemOid;
    } else {
      if (v.dims.length !== st.dims.length) throw differentDimensionality();
      for (let i = 0; i < v.dims.length; i++) {
        if (v.dims[i] !== st.dims[i] || v.lbounds[i] !== st.lbounds[i]) throw differentDimensionality();
      }
    }
    for (const x of v.items) st.items.push(x);
    st.count++;
    return st;
  },
  final: (s): Value => {
    const st = s as ArrayOfArraysAccum;
    if (st.dims === null) return null;
    const out: PgArray = { kind: 'array', elemOid: st.elemOid, dims: [st.count, ...st.dims], lbounds: [1, ...st.lbounds], items: st.items };
    return out;
  },
});

// ------------------------------------------------------- regression (float8)

/** float8_regr_accum's state: Youngs–Cramer sums for y (first argument) and x (second). */
class RegrAccum {
  n = 0;
  sx = 0;
  sxx = 0;
  sy = 0;
  syy = 0;
  sxy = 0;
}

function regrAccum(s: unknown, a: readonly Value[]): unknown {
  const st = s as RegrAccum;
  const y = a[0] as number;
  const x = a[1] as number;
  const oldN = st.n;
  const oldSx = st.sx;
  const oldSy = st.sy;
  const n = oldN + 1;
  const sx = oldSx + x;
  const sy = oldSy + y;
  let { sxx, syy, sxy } = st;
  if (oldN > 0) {
    const tx = x * n - sx;
    const ty = y * n - sy;
    const scale = 1 / (n * oldN);
    sxx += tx * tx * scale;
    syy += ty * ty * scale;
    sxy += tx * ty * scale;
    if (isInf(sx) || isInf(sxx) || isInf(sy) || isInf(syy) || isInf(sxy)) {
      if (
        ((isInf(sx) || isInf(sxx)) && !isInf(oldSx) && !isInf(x)) ||
        ((isInf(sy) || isInf(syy)) && !isInf(oldSy) && !isInf(y)) ||
        (isInf(sxy) && !isInf(oldSx) && !isInf(x) && !isInf(oldSy) && !isInf(y))
      ) {
        throw floatOverflow();
      }
      if (isInf(sxx)) sxx = NaN;
      if (isInf(syy)) syy = NaN;
      if (isInf(sxy)) sxy = NaN;
    }
  } else {
    if (!Number.isFinite(x)) sxx = sxy = NaN;
    if (!Number.isFinite(y)) syy = sxy = NaN;
  }
  st.n = n;
  st.sx = sx;
  st.sy = sy;
  st.sxx = sxx;
  st.syy = syy;
  st.sxy = sxy;
  return st;
}

const REGR_FINALS: readonly [string, number, number, (s: RegrAccum) => Value][] = [
  ['regr_count', 2818, Oid.int8, (s) => BigInt(s.n)],
  ['regr_sxx', 2819, Oid.float8, (s) => (s.n < 1 ? null : s.sxx)],
  ['regr_syy', 2820, Oid.float8, (s) => (s.n < 1 ? null : s.syy)],
  ['regr_sxy', 2821, Oid.float8, (s) => (s.n < 1 ? null : s.sxy)],
  ['regr_avgx', 2822, Oid.float8, (s) => (s.n < 1 ? null : s.sx / s.n)],
  ['regr_avgy', 2823, Oid.float8, (s) => (s.n < 1 ? null : s.sy / s.n)],
  ['regr_r2', 2824, Oid.float8, (s) => (s.n < 1 || s.sxx === 0 ? null : s.syy === 0 ? 1 : (s.sxy * s.sxy) / (s.sxx * s.syy))],
  ['regr_slope', 2825, Oid.float8, (s) => (s.n < 1 || s.sxx === 0 ? null : s.sxy / s.sxx)],
  ['regr_intercept', 2826, Oid.float8, (s) => (s.n < 1 || s.sxx === 0 ? null : (s.sy - (s.sx * s.sxy) / s.sxx) / s.n)],
  ['covar_pop', 2827, Oid.float8, (s) => (s.n < 1 ? null : s.sxy / s.n)],
  ['covar_samp', 2828, Oid.float8, (s) => (s.n < 2 ? null : s.sxy / (s.n - 1))],
  ['corr', 2829, Oid.float8, (s) => (s.n < 1 || s.sxx === 0 || s.syy === 0 ? null : s.sxy / Math.sqrt(s.sxx * s.syy))],
];

for (const [name, oid, ret, fin] of REGR_FINALS) {
  define({
    name,
    args: [Oid.float8, Oid.float8],
    ret,
    strict: true,
    oid,
    init: () => new RegrAccum(),
    step: regrAccum,
    final: (s) => fin(s as RegrAccum),
  });
}
