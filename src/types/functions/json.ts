/**
 * json and jsonb operators, functions and casts
 * (https://www.postgresql.org/docs/15/functions-json.html).
 *
 * Functions whose result depends on their arguments' SQL types
 * (to_json[b], json[b]_build_object/array) carry `specialize`: given the
 * bound argument type OIDs it returns an implementation that converts each
 * argument by its real type. Until the binder calls it, `impl` guesses the
 * types from the JS values (exact for jsonb, numbers and booleans; json
 * text then reads as a string).
 */
import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import { defineCast } from '../casts.js';
import type { EvalContext } from '../context.js';
import type { PgArray, Value } from '../value.js';
import { define, fn, op, type FuncDef } from './catalog.js';
import {
  escapeJsonString,
  JsonbObject,
  jsonbContains,
  jsonbExists,
  jsonbPretty,
  jsonbToText,
  jsonbTypeName,
  JSONB_NULL,
  parseJsonb,
  type JsonbValue,
} from '../json/jsonb.js';
import {
  asTextOrNull,
  jsonbArrayElement,
  jsonbArrayLength,
  jsonbConcat,
  jsonbDeleteIndex,
  jsonbDeleteKey,
  jsonbDeleteKeys,
  jsonbDeletePath,
  jsonbExtractPath,
  jsonbInsert,
  jsonbObjectField,
  jsonbSet,
  jsonbSetLax,
  jsonbStripNulls,
  jsonbToBool,
  jsonbToNumeric,
  textArrayKeys,
} from '../json/jsonb-ops.js';
import { jsonArrayElement, jsonArrayLength, jsonExtractPath, jsonObjectField, jsonStripNulls, jsonTypeof } from '../json/json-text.js';
import {
  arrayToJsonText,
  inferTypeOid,
  jsonBuildArray,
  jsonBuildObject,
  jsonbBuildArray,
  jsonbBuildObject,
  toJsonbValue,
  toJsonText,
} from '../json/to-json.js';

const { json, jsonb, text, int4, bool, _text, any, anyelement, anyarray } = Oid;
const J = (v: Value) => v as JsonbValue;
const S = (v: Value) => v as string;
const A = (v: Value) => v as PgArray;

/** A FuncDef whose implementation can be specialized to the bound argument types. */
export type SpecializableFuncDef = FuncDef & {
  readonly specialize: (argTypeOids: readonly number[]) => FuncDef['impl'];
};

/**
 * Defines a function that needs its arguments' SQL types. `body` gets the
 * values, their type OIDs and the context; `impl` infers the OIDs from the
 * values when the binder did not specialize the call.
 */
function defineTyped(
  name: string,
  args: readonly number[],
  ret: number,
  opts: { variadic?: boolean; strict: boolean },
  body: (vals: Value[], types: readonly number[], ctx: EvalContext) => Value,
): void {
  const def: SpecializableFuncDef = {
    name,
    kind: 'function',
    args,
    variadic: opts.variadic,
    ret,
    strict: opts.strict,
    volatility: 'stable',
    impl: (a, ctx) => body(a, a.map(inferTypeOid), ctx),
    specialize: (types) => (a, ctx) => body(a, types, ctx),
  };
  define(def);
}

// ------------------------------------------------------------- extraction

// json: the text is re-parsed per call and slices of it are returned.
op('->', json, text, json, (a, b) => jsonObjectField(S(a), S(b), false));
op('->>', json, text, text, (a, b) => jsonObjectField(S(a), S(b), true));
op('->', json, int4, json, (a, b) => jsonArrayElement(S(a), b as number, false));
op('->>', json, int4, text, (a, b) => jsonArrayElement(S(a), b as number, true));
op('#>', json, _text, json, (a, b) => jsonExtractPath(S(a), A(b).items as (string | null)[], false));
op('#>>', json, _text, text, (a, b) => jsonExtractPath(S(a), A(b).items as (string | null)[], true));
fn('json_object_field', [json, text], json, (a) => jsonObjectField(S(a[0]), S(a[1]), false));
fn('json_object_field_text', [json, text], text, (a) => jsonObjectField(S(a[0]), S(a[1]), true));
fn('json_array_element', [json, int4], json, (a) => jsonArrayElement(S(a[0]), a[1] as number, false));
fn('json_array_element_text', [json, int4], text, (a) => jsonArrayElement(S(a[0]), a[1] as number, true));
fn('json_extract_path', [json, text], json, (a) => jsonExtractPath(S(a[0]), a.slice(1) as string[], false), { variadic: true });
fn('json_extract_path_text', [json, text], text, (a) => jsonExtractPath(S(a[0]), a.slice(1) as string[], true), { variadic: true });

op('->', jsonb, text, jsonb, (a, b) => jsonbObjectField(J(a), S(b)));
op('->>', jsonb, text, text, (a, b) => asTextOrNull(jsonbObjectField(J(a), S(b))));
op('->', jsonb, int4, jsonb, (a, b) => jsonbArrayElement(J(a), b as number));
op('->>', jsonb, int4, text, (a, b) => asTextOrNull(jsonbArrayElement(J(a), b as number)));
op('#>', jsonb, _text, jsonb, (a, b) => jsonbExtractPath(J(a), A(b).items as (string | null)[]));
op('#>>', jsonb, _text, text, (a, b) => asTextOrNull(jsonbExtractPath(J(a), A(b).items as (string | null)[])));
fn('jsonb_object_field', [jsonb, text], jsonb, (a) => jsonbObjectField(J(a[0]), S(a[1])));
fn('jsonb_object_field_text', [jsonb, text], text, (a) => asTextOrNull(jsonbObjectField(J(a[0]), S(a[1]))));
fn('jsonb_array_element', [jsonb, int4], jsonb, (a) => jsonbArrayElement(J(a[0]), a[1] as number));
fn('jsonb_array_element_text', [jsonb, int4], text, (a) => asTextOrNull(jsonbArrayElement(J(a[0]), a[1] as number)));
fn('jsonb_extract_path', [jsonb, text], jsonb, (a) => jsonbExtractPath(J(a[0]), a.slice(1) as string[]), { variadic: true });
fn('jsonb_extract_path_text', [jsonb, text], text, (a) => asTextOrNull(jsonbExtractPath(J(a[0]), a.slice(1) as string[])), { variadic: true });

// ------------------------------------------------- containment and exists

op('@>', jsonb, jsonb, bool, (a, b) => jsonbContains(J(a), J(b)));
op('<@', jsonb, jsonb, bool, (a, b) => jsonbContains(J(b), J(a)));
op('?', jsonb, text, bool, (a, b) => jsonbExists(J(a), S(b)));
op('?|', jsonb, _text, bool, (a, b) => textArrayKeys(A(b)).some((k) => jsonbExists(J(a), k)));
op('?&', jsonb, _text, bool, (a, b) => textArrayKeys(A(b)).every((k) => jsonbExists(J(a), k)));
fn('jsonb_contains', [jsonb, jsonb], bool, (a) => jsonbContains(J(a[0]), J(a[1])));
fn('jsonb_contained', [jsonb, jsonb], bool, (a) => jsonbContains(J(a[1]), J(a[0])));
fn('jsonb_exists', [jsonb, text], bool, (a) => jsonbExists(J(a[0]), S(a[1])));
fn('jsonb_exists_any', [jsonb, _text], bool, (a) => textArrayKeys(A(a[1])).some((k) => jsonbExists(J(a[0]), k)));
fn('jsonb_exists_all', [jsonb, _text], bool, (a) => textArrayKeys(A(a[1])).every((k) => jsonbExists(J(a[0]), k)));

// ------------------------------------------------------------ modification

op('||', jsonb, jsonb, jsonb, (a, b) => jsonbConcat(J(a), J(b)));
op('-', jsonb, text, jsonb, (a, b) => jsonbDeleteKey(J(a), S(b)));
op('-', jsonb, _text, jsonb, (a, b) => jsonbDeleteKeys(J(a), A(b)));
op('-', jsonb, int4, jsonb, (a, b) => jsonbDeleteIndex(J(a), b as number));
op('#-', jsonb, _text, jsonb, (a, b) => jsonbDeletePath(J(a), A(b)));
fn('jsonb_concat', [jsonb, jsonb], jsonb, (a) => jsonbConcat(J(a[0]), J(a[1])));
fn('jsonb_delete', [jsonb, text], jsonb, (a) => jsonbDeleteKey(J(a[0]), S(a[1])));
fn('jsonb_delete', [jsonb, _text], jsonb, (a) => jsonbDeleteKeys(J(a[0]), A(a[1])));
fn('jsonb_delete', [jsonb, int4], jsonb, (a) => jsonbDeleteIndex(J(a[0]), a[1] as number));
fn('jsonb_delete_path', [jsonb, _text], jsonb, (a) => jsonbDeletePath(J(a[0]), A(a[1])));
// Defaults (create_if_missing true, insert_after false) as separate arities: the catalog has no default arguments.
fn('jsonb_set', [jsonb, _text, jsonb], jsonb, (a) => jsonbSet(J(a[0]), A(a[1]), J(a[2]), true));
fn('jsonb_set', [jsonb, _text, jsonb, bool], jsonb, (a) => jsonbSet(J(a[0]), A(a[1]), J(a[2]), a[3] as boolean));
fn('jsonb_insert', [jsonb, _text, jsonb], jsonb, (a) => jsonbInsert(J(a[0]), A(a[1]), J(a[2]), false));
fn('jsonb_insert', [jsonb, _text, jsonb, bool], jsonb, (a) => jsonbInsert(J(a[0]), A(a[1]), J(a[2]), a[3] as boolean));
const setLax = (a: Value[]) =>
  jsonbSetLax(a[0] as JsonbValue | null, a[1] as PgArray | null, a[2] as JsonbValue | null, (a[3] ?? null) as boolean | null, (a[4] ?? null) as string | null);
fn('jsonb_set_lax', [jsonb, _text, jsonb], jsonb, (a) => setLax([a[0], a[1], a[2], true, 'use_json_null']), { strict: false });
fn('jsonb_set_lax', [jsonb, _text, jsonb, bool], jsonb, (a) => setLax([a[0], a[1], a[2], a[3], 'use_json_null']), { strict: false });
fn('jsonb_set_lax', [jsonb, _text, jsonb, bool, text], jsonb, (a) => setLax(a), { strict: false });
fn('jsonb_strip_nulls', [jsonb], jsonb, (a) => jsonbStripNulls(J(a[0])));
fn('json_strip_nulls', [json], json, (a) => jsonStripNulls(S(a[0])));

// --------------------------------------------------------------- inspection

fn('jsonb_typeof', [jsonb], text, (a) => jsonbTypeName(J(a[0])));
fn('json_typeof', [json], text, (a) => jsonTypeof(S(a[0])));
fn('jsonb_array_length', [jsonb], int4, (a) => jsonbArrayLength(J(a[0])));
fn('json_array_length', [json], int4, (a) => jsonArrayLength(S(a[0])));
fn('jsonb_pretty', [jsonb], text, (a) => jsonbPretty(J(a[0])));

// ----------------------------------------------------------- construction

defineTyped('to_jsonb', [anyelement], jsonb, { strict: true }, (a, t, ctx) => toJsonbValue(a[0], t[0]!, ctx.io));
defineTyped('to_json', [anyelement], json, { strict: true }, (a, t, ctx) => toJsonText(a[0], t[0]!, ctx.io));
defineTyped('jsonb_build_object', [any], jsonb, { variadic: true, strict: false }, (a, t, ctx) => jsonbBuildObject(a, t, ctx.io));
defineTyped('jsonb_build_array', [any], jsonb, { variadic: true, strict: false }, (a, t, ctx) => jsonbBuildArray(a, t, ctx.io));
defineTyped('json_build_object', [any], json, { variadic: true, strict: false }, (a, t, ctx) => jsonBuildObject(a, t, ctx.io));
defineTyped('json_build_array', [any], json, { variadic: true, strict: false }, (a, t, ctx) => jsonBuildArray(a, t, ctx.io));
// An array value carries its element type, so array_to_json needs no binder help.
define({
  name: 'array_to_json',
  kind: 'function',
  args: [anyarray],
  ret: json,
  strict: true,
  volatility: 'stable',
  impl: (a, ctx) => arrayToJsonText(A(a[0]), ctx.io, false),
});
define({
  name: 'array_to_json',
  kind: 'function',
  args: [anyarray, bool],
  ret: json,
  strict: true,
  volatility: 'stable',
  impl: (a, ctx) => arrayToJsonText(A(a[0]), ctx.io, a[1] as boolean),
});

function subscriptError(message: string): PgError {
  return new PgError(SqlState.ArraySubscriptError, message);
}
function nullKey(): PgError {
  return new PgError(SqlState.NullValueNotAllowed, 'null value not allowed for object key');
}

/** json_object(text[]): a flat key/value list or an N×2 array, as key/value pairs. */
function objectPairs1(arr: PgArray): [string, string | null][] {
  const items = arr.items as (string | null)[];
  switch (arr.dims.length) {
    case 0:
      return [];
    case 1:
      if (arr.dims[0]! % 2) throw subscriptError('array must have even number of elements');
      break;
    case 2:
      if (arr.dims[1] !== 2) throw subscriptError('array must have two columns');
      break;
    default:
      throw subscriptError('wrong number of array subscripts');
  }
  const out: [string, string | null][] = [];
  for (let i = 0; i < items.length; i += 2) {
    if (items[i] === null) throw nullKey();
    out.push([items[i]!, items[i + 1]!]);
  }
  return out;
}

/** json_object(keys text[], values text[]). */
function objectPairs2(keys: PgArray, values: PgArray): [string, string | null][] {
  if (keys.dims.length > 1 || keys.dims.length !== values.dims.length) throw subscriptError('wrong number of array subscripts');
  if (keys.dims.length === 0) return [];
  if (keys.items.length !== values.items.length) throw subscriptError('mismatched array dimensions');
  return keys.items.map((k, i) => {
    if (k === null) throw nullKey();
    return [k as string, values.items[i] as string | null];
  });
}

const pairsToJson = (pairs: [string, string | null][]) =>
  '{' + pairs.map(([k, v]) => `${escapeJsonString(k)} : ${v === null ? 'null' : escapeJsonString(v)}`).join(', ') + '}';
const pairsToJsonb = (pairs: [string, string | null][]) =>
  JsonbObject.fromPairs(
    pairs.map((p) => p[0]),
    pairs.map((p) => p[1] ?? JSONB_NULL),
  );
fn('json_object', [_text], json, (a) => pairsToJson(objectPairs1(A(a[0]))));
fn('json_object', [_text, _text], json, (a) => pairsToJson(objectPairs2(A(a[0]), A(a[1]))));
fn('jsonb_object', [_text], jsonb, (a) => pairsToJsonb(objectPairs1(A(a[0]))));
fn('jsonb_object', [_text, _text], jsonb, (a) => pairsToJsonb(objectPairs2(A(a[0]), A(a[1]))));

// ------------------------------------------------------------------ casts

// json ↔ jsonb are assignment casts through I/O, as in pg_cast.
defineCast(json, jsonb, 'a', (v) => parseJsonb(S(v)));
defineCast(jsonb, json, 'a', (v) => jsonbToText(J(v)));
// jsonb → scalar types are explicit and accept only a top-level value of the matching JSON type.
defineCast(jsonb, Oid.numeric, 'e', (v) => jsonbToNumeric(J(v), 'numeric'));
defineCast(jsonb, Oid.int2, 'e', (v) => jsonbToNumeric(J(v), 'smallint').toInt('int2'));
defineCast(jsonb, int4, 'e', (v) => jsonbToNumeric(J(v), 'integer').toInt('int4'));
defineCast(jsonb, Oid.int8, 'e', (v) => jsonbToNumeric(J(v), 'bigint').toBigInt('int8'));
defineCast(jsonb, Oid.float4, 'e', (v) => jsonbToNumeric(J(v), 'real').toFloat4());
defineCast(jsonb, Oid.float8, 'e', (v) => jsonbToNumeric(J(v), 'double precision').toNumber());
defineCast(jsonb, bool, 'e', (v) => jsonbToBool(J(v)));
