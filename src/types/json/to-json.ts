/**
 * SQL value → JSON conversion for to_json/to_jsonb and the json(b)_build_*
 * functions (PostgreSQL's datum_to_json / datum_to_jsonb). The conversion
 * depends on the value's SQL type, not just its JS representation: numbers
 * stay numbers, booleans stay booleans, json text is embedded rather than
 * quoted, date/times use ISO 8601 "T" format, everything else becomes a
 * string of the type's output text.
 */
import { PgError, SqlState } from '../errors.js';
import { Numeric } from '../numeric.js';
import { Oid } from '../oids.js';
import { findTypeByOid } from '../registry.js';
import { isPgArray, type PgArray, type Value } from '../value.js';
import type { IoContext } from '../type.js';
import { escapeJsonString, JSONB_NULL, JsonbNull, JsonbObject, jsonbToText, parseJsonb, type JsonbValue } from './jsonb.js';
import { isValidJsonNumber } from './parser.js';

type Category = 'bool' | 'numeric' | 'date' | 'timestamp' | 'timestamptz' | 'json' | 'jsonb' | 'array' | 'other';

/** json_categorize_type. */
function categorize(oid: number): Category {
  switch (oid) {
    case Oid.bool:
      return 'bool';
    case Oid.int2:
    case Oid.int4:
    case Oid.int8:
    case Oid.float4:
    case Oid.float8:
    case Oid.numeric:
      return 'numeric';
    case Oid.date:
      return 'date';
    case Oid.timestamp:
      return 'timestamp';
    case Oid.timestamptz:
      return 'timestamptz';
    case Oid.json:
      return 'json';
    case Oid.jsonb:
      return 'jsonb';
    default: {
      const t = findTypeByOid(oid);
      return t && t.category === 'A' && t.elemOid !== 0 ? 'array' : 'other';
    }
  }
}

/** Whether values of the type become JSON arrays (json_agg puts a line break before each). */
export function isJsonArrayType(oid: number): boolean {
  return categorize(oid) === 'array';
}

function keyNotScalar(): PgError {
  return new PgError(SqlState.InvalidParameterValue, 'key value must be scalar, not array, composite, or json');
}

/** The type's output function; an unregistered OID (should not happen) falls back to String(). */
function outputText(v: Value, oid: number, ctx: IoContext): string {
  const t = findTypeByOid(oid);
  return t ? t.toText(v, ctx) : String(v);
}

/**
 * JsonEncodeDateTime's XSD format, derived from the ISO output: "T"
 * between date and time, and a zone offset always written as ±HH:MM. Dates
 * and the special values are the ISO text unchanged.
 */
function dateTimeText(v: Value, oid: number, ctx: IoContext): string {
  const iso = outputText(v, oid, ctx.dateStyle.startsWith('ISO') ? ctx : { ...ctx, dateStyle: 'ISO, MDY' });
  if (oid === Oid.date) return iso;
  const sp = iso.indexOf(' ');
  // 'infinity' has no space; a BC date has its space after the time.
  if (sp < 0 || !/^\d/.test(iso)) return iso;
  let s = iso.slice(0, sp) + 'T' + iso.slice(sp + 1);
  if (oid === Oid.timestamptz) s = s.replace(/([+-]\d\d)( BC)?$/, '$1:00$2');
  return s;
}

/**
 * A best guess at the SQL type of a bare JS value, for calls bound without
 * argument types (see the report: the binder should pass real types). jsonb
 * values are recognized exactly; json text is indistinguishable from text
 * and becomes a JSON string.
 */
export function inferTypeOid(v: Value): number {
  switch (typeof v) {
    case 'boolean':
      return Oid.bool;
    case 'bigint':
      return Oid.int8;
    case 'number':
      return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? Oid.int4 : Oid.float8;
    case 'string':
      return Oid.text;
  }
  if (v instanceof Numeric) return Oid.numeric;
  if (v instanceof Uint8Array) return Oid.bytea;
  if (v instanceof JsonbNull || v instanceof JsonbObject || Array.isArray(v)) return Oid.jsonb;
  if (isPgArray(v)) return findTypeByOid(v.elemOid)?.arrayOid || Oid.anyarray;
  return Oid.text;
}

// ------------------------------------------------------------------ jsonb

/**
 * datum_to_jsonb: a SQL value of type typeOid as a jsonb value. With
 * asKey, the result is the key string (containers and json are refused).
 */
export function toJsonbValue(v: Value, typeOid: number, ctx: IoContext, asKey = false): JsonbValue {
  if (v === null || v === undefined) return JSONB_NULL;
  const cat = categorize(typeOid);
  if (asKey && (cat === 'array' || cat === 'json' || cat === 'jsonb')) throw keyNotScalar();
  switch (cat) {
    case 'bool':
      return asKey ? (v ? 'true' : 'false') : (v as boolean);
    case 'numeric': {
      if (!asKey && typeOid === Oid.numeric && (v as Numeric).isFinite()) return v as Numeric;
      if (!asKey && (typeOid === Oid.int4 || typeOid === Oid.int2)) return Numeric.fromInt(v as number);
      if (!asKey && typeOid === Oid.int8) return Numeric.fromInt(v as bigint);
      const s = outputText(v, typeOid, ctx);
      // NaN and ±Infinity have no JSON number form: they become strings.
      if (asKey || /[Nn]/.test(s)) return s;
      return Numeric.parse(s);
    }
    case 'date':
    case 'timestamp':
    case 'timestamptz':
      return dateTimeText(v, typeOid, ctx);
    case 'json':
      return parseJsonb(v as string);
    case 'jsonb':
      return v as JsonbValue;
    case 'array':
      return arrayToJsonb(v as PgArray, ctx);
    default:
      return outputText(v, typeOid, ctx);
  }
}

/** Multi-dimensional arrays become nested JSON arrays. */
function arrayToJsonb(arr: PgArray, ctx: IoContext): JsonbValue {
  const dims = arr.dims;
  if (dims.length === 0 || arr.items.length === 0) return [];
  let k = 0;
  const build = (d: number): JsonbValue[] => {
    const out: JsonbValue[] = [];
    for (let i = 0; i < dims[d]!; i++) out.push(d + 1 === dims.length ? toJsonbValue(arr.items[k++] ?? null, arr.elemOid, ctx) : build(d + 1));
    return out;
  };
  return build(0);
}

// ------------------------------------------------------------------- json

/**
 * datum_to_json: a SQL value as json text. Numbers keep their output text
 * (1e+20 stays 1e+20), json is embedded verbatim, arrays are compact.
 */
export function toJsonText(v: Value, typeOid: number, ctx: IoContext, asKey = false): string {
  if (v === null || v === undefined) return 'null';
  const cat = categorize(typeOid);
  if (asKey && (cat === 'array' || cat === 'json' || cat === 'jsonb')) throw keyNotScalar();
  switch (cat) {
    case 'bool':
      return asKey ? (v ? '"true"' : '"false"') : v ? 'true' : 'false';
    case 'numeric': {
      const s = outputText(v, typeOid, ctx);
      return !asKey && isValidJsonNumber(s) ? s : escapeJsonString(s);
    }
    case 'date':
    case 'timestamp':
    case 'timestamptz':
      return escapeJsonString(dateTimeText(v, typeOid, ctx));
    case 'json':
      return v as string;
    case 'jsonb':
      return jsonbToText(v as JsonbValue);
    case 'array':
      return arrayToJsonText(v as PgArray, ctx, false);
    default:
      return escapeJsonString(outputText(v, typeOid, ctx));
  }
}

/** array_to_json: compact; with lineFeeds, the outer dimension's elements are separated by ",\n ". */
export function arrayToJsonText(arr: PgArray, ctx: IoContext, lineFeeds: boolean): string {
  const dims = arr.dims;
  if (dims.length === 0 || arr.items.length === 0) return '[]';
  let k = 0;
  const build = (d: number, feeds: boolean): string => {
    let s = '[';
    for (let i = 0; i < dims[d]!; i++) {
      if (i > 0) s += feeds ? ',\n ' : ',';
      s += d + 1 === dims.length ? toJsonText(arr.items[k++] ?? null, arr.elemOid, ctx) : build(d + 1, false);
    }
    return s + ']';
  };
  return build(0, lineFeeds);
}

// --------------------------------------------------------------- builders

function oddArguments(fname: string): PgError {
  return new PgError(SqlState.InvalidParameterValue, 'argument list must have even number of elements', {
    hint: `The arguments of ${fname}() must consist of alternating keys and values.`,
  });
}

/** jsonb_build_object(VARIADIC "any"). */
export function jsonbBuildObject(args: readonly Value[], types: readonly number[], ctx: IoContext): JsonbValue {
  if (args.length % 2 !== 0) throw oddArguments('jsonb_build_object');
  const keys: string[] = [];
  const values: JsonbValue[] = [];
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] === null) throw new PgError(SqlState.InvalidParameterValue, `argument ${i + 1}: key must not be null`);
    keys.push(toJsonbValue(args[i], types[i]!, ctx, true) as string);
    values.push(toJsonbValue(args[i + 1], types[i + 1]!, ctx));
  }
  return JsonbObject.fromPairs(keys, values);
}

/** jsonb_build_array(VARIADIC "any"). */
export function jsonbBuildArray(args: readonly Value[], types: readonly number[], ctx: IoContext): JsonbValue {
  return args.map((a, i) => toJsonbValue(a, types[i]!, ctx));
}

/** json_build_object(VARIADIC "any"): `{"a" : 1, "b" : 2}`, keys kept in order, duplicates kept. */
export function jsonBuildObject(args: readonly Value[], types: readonly number[], ctx: IoContext): string {
  if (args.length % 2 !== 0) throw oddArguments('json_build_object');
  const parts: string[] = [];
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] === null) {
      throw new PgError(SqlState.InvalidParameterValue, `argument ${i + 1} cannot be null`, { hint: 'Object keys should be text.' });
    }
    parts.push(toJsonText(args[i], types[i]!, ctx, true) + ' : ' + toJsonText(args[i + 1], types[i + 1]!, ctx));
  }
  return '{' + parts.join(', ') + '}';
}

/** json_build_array(VARIADIC "any"): `[1, "a"]`. */
export function jsonBuildArray(args: readonly Value[], types: readonly number[], ctx: IoContext): string {
  return '[' + args.map((a, i) => toJsonText(a, types[i]!, ctx)).join(', ') + ']';
}
