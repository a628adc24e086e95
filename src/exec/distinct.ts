import { jsonbHashKey, type JsonbValue } from '../types/json/jsonb.js';
/**
 * SELECT DISTINCT and SELECT DISTINCT ON, plus the hash keys that hash
 * aggregation and DISTINCT share.
 *
 * Hashing maps each value to a JS Map key such that values the type's
 * comparison calls equal get the same key: numeric 1.5 and 1.50, float -0
 * and 0, NaN and NaN, char(n) values differing in trailing spaces.
 */
import { Oid } from '../types/oids.js';
import { Numeric } from '../types/numeric.js';
import { isPgArray, type PgArray, type Value } from '../types/value.js';
import type { Compiled, ExecEnv, Row } from './compile-expr.js';
import type { Operator } from './operator.js';
import { makeValueComparator, yieldToEventLoop, YIELD_EVERY, type SortKey } from './sort.js';

// ------------------------------------------------------------------ hashing

/**
 * Types whose equal values can differ in representation beyond what the
 * runtime type of the value tells: char(n) compares ignoring trailing spaces.
 */
function trimsTrailingSpaces(typeOid: number): boolean {
  return typeOid === Oid.bpchar || typeOid === Oid._bpchar;
}

function stripTrailingSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 32) end--;
  return end === s.length ? s : s.slice(0, end);
}

/**
 * A string equal for exactly the tuples that compare equal, NULL equal to
 * NULL (as GROUP BY and DISTINCT treat it). Each element is tagged with its
 * JS type, strings are length-prefixed, and elements are separated by NUL,
 * so no two different tuples encode alike.
 */
export function hashKey(values: readonly Value[], typeOids: readonly number[]): string {
  let s = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) s += '\u0000';
    const v = values[i];
    // jsonb arrays are plain JS arrays whose canonical JSON could collide with other values; jsonb has its own key.
    if (typeOids[i] === Oid.jsonb && v !== null && v !== undefined) s += 'J' + jsonbHashKey(v as JsonbValue);
    else s += encodeValue(v, trimsTrailingSpaces(typeOids[i] ?? 0));
  }
  return s;
}

function encodeValue(v: Value, trim: boolean): string {
  switch (typeof v) {
    case 'string': {
      const t = trim ? stripTrailingSpaces(v) : v;
      return `s${t.length}:${t}`;
    }
    // String() already writes -0 as "0" and NaN as "NaN".
    case 'number':
      return `n${String(v)}`;
    case 'bigint':
      return `b${v}`;
    case 'boolean':
      return v ? 't' : 'f';
    case 'undefined':
      return 'N';
    case 'object':
      if (v === null) return 'N';
      return encodeObject(v, trim);
    default:
      return `?${String(v)}`;
  }
}

function encodeObject(v: object, trim: boolean): string {
  if (v instanceof Numeric) return `m${v.hashKey()}`;
  if (v instanceof Uint8Array) return `x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  if (isPgArray(v)) return encodeArray(v, trim);
  // Types added later can say how they hash by defining hashKey(), as Numeric does.
  const hk = (v as { hashKey?: unknown }).hashKey;
  if (typeof hk === 'function') return `h${String(hk.call(v))}`;
  return `j${JSON.stringify(canonical(v))}`;
}

function encodeArray(a: PgArray, trim: boolean): string {
  // Dimensions and bounds are part of array equality ('{1,2}' <> '[0:1]={1,2}').
  let s = `a${a.dims.join(',')}/${a.lbounds.join(',')}[`;
  const elemTrim = trim || trimsTrailingSpaces(a.elemOid);
  for (let i = 0; i < a.items.length; i++) {
    if (i > 0) s += '\u0000';
    s += encodeValue(a.items[i], elemTrim);
  }
  return s + ']';
}

/** A JSON-able form with object keys sorted, so equal objects stringify alike. */
function canonical(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'bigint':
      return `${v}n`;
    case 'number':
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : String(v);
    case 'object': {
      if (v instanceof Numeric) return `${v.hashKey()}m`;
      if (v instanceof Uint8Array) return `${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}x`;
      if (v instanceof Date) return `${v.getTime()}d`;
      if (Array.isArray(v)) return v.map(canonical);
      if (v instanceof Map) return [...v.entries()].map(([k, x]) => [canonical(k), canonical(x)]);
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(o).sort()) out[k] = canonical(o[k]);
      return out;
    }
    default:
      return v;
  }
}

/**
 * A Map key for one value of type `typeOid`. Primitives are their own keys —
 * a Map compares keys by SameValueZero, under which -0 equals 0 and NaN
 * equals NaN, exactly float equality in PostgreSQL — so the common cases
 * (integers, floats, text, booleans, NULL) allocate nothing. Objects get a
 * string from hashKey() that starts with NUL, which no SQL text value can
 * contain, so it cannot collide with a string value.
 */
export function valueKeyFn(typeOid: number): (v: Value) => unknown {
  const trim = trimsTrailingSpaces(typeOid);
  return (v) => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'object') return `\u0000${encodeObject(v, trim)}`;
    if (trim && typeof v === 'string') return stripTrailingSpaces(v);
    return v;
  };
}

/**
 * A Map key for a tuple of values of the given types: the value itself for
 * one column (see valueKeyFn), hashKey() for several.
 */
export function tupleKeyFn(typeOids: readonly number[]): (values: readonly Value[]) => unknown {
  if (typeOids.length === 1) {
    const one = valueKeyFn(typeOids[0]!);
    return (values) => one(values[0]);
  }
  if (typeOids.length === 0) return () => '';
  return (values) => hashKey(values, typeOids);
}

// ----------------------------------------------------------------- DISTINCT

export interface DistinctKey {
  readonly expr: Compiled;
  /** Type of the expression: decides which values count as equal. */
  readonly typeOid: number;
}

/**
 * SELECT DISTINCT: passes on each row whose key tuple was not seen before,
 * in input order, without blocking (rows stream out as they arrive, so a
 * LIMIT above stops the scan early).
 */
export function distinctOperator(input: Operator, keys: readonly DistinctKey[], env: ExecEnv): Operator {
  const exprs = keys.map((k) => k.expr);
  const width = exprs.length;
  const keyOf = tupleKeyFn(keys.map((k) => k.typeOid));
  const single = width === 1 ? exprs[0]! : null;
  const singleKey = width === 1 ? valueKeyFn(keys[0]!.typeOid) : null;
  const seen = new Set<unknown>();
  const scratch = new Array<Value>(width);
  let sinceYield = 0;
  return {
    next: async () => {
      for (;;) {
        const batch = await input.next();
        if (!batch) return null;
        env.session.checkInterrupts();
        const out: Row[] = [];
        for (let i = 0; i < batch.length; i++) {
          const row = batch[i]!;
          let key: unknown;
          if (single) key = singleKey!(single(row, env));
          else {
            for (let k = 0; k < width; k++) scratch[k] = exprs[k]!(row, env);
            key = keyOf(scratch);
          }
          if (seen.has(key)) continue;
          seen.add(key);
          out.push(row);
        }
        sinceYield += batch.length;
        if (sinceYield >= YIELD_EVERY) {
          sinceYield = 0;
          await yieldToEventLoop();
          env.session.checkInterrupts();
        }
        if (out.length > 0) return out;
      }
    },
    close: () => {
      seen.clear();
      input.close();
    },
  };
}

/**
 * SELECT DISTINCT ON (keys): the input arrives sorted by the ON keys (the
 * planner puts them first in the sort), and the first row of each run of
 * equal keys is kept. NULLs are equal to each other here, as in GROUP BY.
 */
export function distinctOnOperator(input: Operator, onKeys: readonly Pick<SortKey, 'expr' | 'compare'>[], env: ExecEnv): Operator {
  const exprs = onKeys.map((k) => k.expr);
  // Direction and NULL placement do not matter for equality; NULLS LAST is arbitrary.
  const cmps = onKeys.map((k) => makeValueComparator({ compare: k.compare, descending: false, nullsFirst: false }));
  const width = exprs.length;
  let prev: Value[] | null = null;
  let cur = new Array<Value>(width);
  return {
    next: async () => {
      for (;;) {
        const batch = await input.next();
        if (!batch) return null;
        env.session.checkInterrupts();
        const out: Row[] = [];
        for (let i = 0; i < batch.length; i++) {
          const row = batch[i]!;
          for (let k = 0; k < width; k++) cur[k] = exprs[k]!(row, env);
          if (prev !== null) {
            let same = true;
            for (let k = 0; k < width; k++) {
              if (cmps[k]!(prev[k], cur[k]) !== 0) {
                same = false;
                break;
              }
            }
            if (same) continue;
          }
          out.push(row);
          // Swap buffers: the keys just read become the group's keys.
          const t: Value[] = prev ?? new Array<Value>(width);
          prev = cur;
          cur = t;
        }
        if (out.length > 0) return out;
      }
    },
    close: () => input.close(),
  };
}
