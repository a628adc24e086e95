/** Array functions (https://www.postgresql.org/docs/15/functions-array.html). */
import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import { typeByOid } from '../registry.js';
import type { PgArray, Value } from '../value.js';
import { define, fn, functionsNamed } from './catalog.js';

const { anyarray, anyelement, int4, text } = Oid;
const A = (v: Value) => v as PgArray;

function oneDim(elemOid: number, items: Value[]): PgArray {
  return { kind: 'array', elemOid, dims: items.length ? [items.length] : [], lbounds: items.length ? [1] : [], items };
}

function requireOneDim(a: PgArray, what: string): void {
  if (a.dims.length > 1) throw new PgError(SqlState.FeatureNotSupported, `${what} of multidimensional arrays is not supported`);
}

function sameValue(a: Value, b: Value, elemOid: number): boolean {
  if (a === null || b === null) return a === b;
  const cmp = typeByOid(elemOid).compare;
  return cmp ? cmp(a, b) === 0 : a === b;
}

fn('array_length', [anyarray, int4], int4, (a) => {
  const arr = A(a[0]);
  const d = a[1] as number;
  return d >= 1 && d <= arr.dims.length ? arr.dims[d - 1]! : null;
});
fn('array_upper', [anyarray, int4], int4, (a) => {
  const arr = A(a[0]);
  const d = a[1] as number;
  return d >= 1 && d <= arr.dims.length ? arr.lbounds[d - 1]! + arr.dims[d - 1]! - 1 : null;
});
fn('array_lower', [anyarray, int4], int4, (a) => {
  const arr = A(a[0]);
  const d = a[1] as number;
  return d >= 1 && d <= arr.dims.length ? arr.lbounds[d - 1]! : null;
});
fn('array_ndims', [anyarray], int4, (a) => (A(a[0]).dims.length === 0 ? null : A(a[0]).dims.length));
fn('array_dims', [anyarray], text, (a) => {
  const arr = A(a[0]);
  return arr.dims.length === 0 ? null : arr.dims.map((d, i) => `[${arr.lbounds[i]}:${arr.lbounds[i]! + d - 1}]`).join('');
});
fn('cardinality', [anyarray], int4, (a) => A(a[0]).items.length);

function arrayToString(arr: PgArray, sep: string, nullText: string | null, ctx: { io: import('../type.js').IoContext }): string {
  const t = typeByOid(arr.elemOid);
  const parts: string[] = [];
  for (const v of arr.items) {
    if (v === null) {
      if (nullText !== null) parts.push(nullText);
    } else parts.push(t.toText(v, ctx.io));
  }
  return parts.join(sep);
}
fn('array_to_string', [anyarray, text], text, (a, ctx) => arrayToString(A(a[0]), a[1] as string, null, ctx), { volatility: 'stable' });
define({
  name: 'array_to_string',
  kind: 'function',
  args: [anyarray, text, text],
  ret: text,
  strict: false,
  volatility: 'stable',
  impl: (a, ctx) => (a[0] === null || a[1] === null ? null : arrayToString(A(a[0]), a[1] as string, a[2] as string | null, ctx)),
});

define({
  name: 'array_append',
  kind: 'function',
  args: [anyarray, anyelement],
  ret: anyarray,
  strict: false,
  volatility: 'immutable',
  impl: (a) => {
    if (a[0] === null) return null;
    const arr = A(a[0]);
    requireOneDim(arr, 'array_append');
    return { ...oneDim(arr.elemOid, [...arr.items, a[1] ?? null]), lbounds: arr.lbounds.length ? arr.lbounds : [1] };
  },
});
define({
  name: 'array_prepend',
  kind: 'function',
  args: [anyelement, anyarray],
  ret: anyarray,
  strict: false,
  volatility: 'immutable',
  impl: (a) => {
    if (a[1] === null) return null;
    const arr = A(a[1]);
    requireOneDim(arr, 'array_prepend');
    return oneDim(arr.elemOid, [a[0] ?? null, ...arr.items]);
  },
});
define({
  name: 'array_cat',
  kind: 'function',
  args: [anyarray, anyarray],
  ret: anyarray,
  strict: false,
  volatility: 'immutable',
  impl: (a) => {
    if (a[0] === null) return a[1];
    if (a[1] === null) return a[0];
    const x = A(a[0]);
    const y = A(a[1]);
    if (x.items.length === 0) return y;
    if (y.items.length === 0) return x;
    if (x.dims.length === y.dims.length && x.dims.length === 1) return oneDim(x.elemOid, [...x.items, ...y.items]);
    if (x.dims.length === y.dims.length && x.dims.slice(1).every((d, i) => d === y.dims[i + 1])) {
      return { kind: 'array', elemOid: x.elemOid, dims: [x.dims[0]! + y.dims[0]!, ...x.dims.slice(1)], lbounds: x.lbounds, items: [...x.items, ...y.items] };
    }
    throw new PgError(SqlState.ArraySubscriptError, 'cannot concatenate incompatible arrays');
  },
});
define({
  name: 'array_position',
  kind: 'function',
  args: [anyarray, anyelement],
  ret: int4,
  strict: false,
  volatility: 'immutable',
  impl: (a) => {
    if (a[0] === null) return null;
    const arr = A(a[0]);
    requireOneDim(arr, 'searching for elements');
    const i = arr.items.findIndex((v) => sameValue(v, a[1] ?? null, arr.elemOid));
    return i < 0 ? null : i + (arr.lbounds[0] ?? 1);
  },
});
define({
  name: 'array_remove',
  kind: 'function',
  args: [anyarray, anyelement],
  ret: anyarray,
  strict: false,
  volatility: 'immutable',
  impl: (a) => {
    if (a[0] === null) return null;
    const arr = A(a[0]);
    requireOneDim(arr, 'removing elements');
    return oneDim(arr.elemOid, arr.items.filter((v) => !sameValue(v, a[1] ?? null, arr.elemOid)));
  },
});
define({
  name: 'string_to_array',
  kind: 'function',
  args: [text, text],
  ret: Oid._text,
  strict: false,
  volatility: 'immutable',
  impl: (a) => splitToArray(a[0] as string | null, a[1] as string | null, null),
});
define({
  name: 'string_to_array',
  kind: 'function',
  args: [text, text, text],
  ret: Oid._text,
  strict: false,
  volatility: 'immutable',
  impl: (a) => splitToArray(a[0] as string | null, a[1] as string | null, a[2] as string | null),
});

function splitToArray(s: string | null, sep: string | null, nullStr: string | null): PgArray | null {
  if (s === null) return null;
  if (s === '') return oneDim(text, []);
  const parts = sep === null ? [...s] : sep === '' ? [s] : s.split(sep);
  return oneDim(text, parts.map((p) => (nullStr !== null && p === nullStr ? null : p)));
}

// || on arrays: array_cat, array_append and array_prepend under operator syntax.
for (const [args, impl] of [
  [[anyarray, anyarray], 'array_cat'],
  [[anyarray, anyelement], 'array_append'],
  [[anyelement, anyarray], 'array_prepend'],
] as const) {
  const def = functionsNamedOnce(impl, args.length);
  define({ name: '||', kind: 'operator', args, ret: anyarray, strict: false, volatility: 'immutable', impl: def });
}

function functionsNamedOnce(name: string, arity: number) {
  return functionsNamed(name).find((d) => d.args.length === arity)!.impl;
}
