/**
 * jsonb operators and functions over the parsed tree, following
 * PostgreSQL 15's jsonfuncs.c (extraction, deletion, concatenation,
 * jsonb_set/jsonb_insert via setPath) including its error texts and its
 * treatment of top-level "raw scalars" as one-element arrays where
 * PostgreSQL's code does so.
 */
import { PgError, SqlState } from '../errors.js';
import { Numeric } from '../numeric.js';
import type { PgArray } from '../value.js';
import { parsePathIndex } from './json-text.js';
import { JSONB_NULL, JsonbObject, jsonbAsText, type JsonbValue } from './jsonb.js';

const INT_MIN = -2147483648;

function isRawScalar(v: JsonbValue): boolean {
  return !Array.isArray(v) && !(v instanceof JsonbObject);
}

/** JB_ROOT_COUNT: pairs of an object, elements of an array, 1 for a raw scalar. */
function rootCount(v: JsonbValue): number {
  if (Array.isArray(v)) return v.length;
  if (v instanceof JsonbObject) return v.size;
  return 1;
}

function wrongSubscripts(): PgError {
  return new PgError(SqlState.ArraySubscriptError, 'wrong number of array subscripts');
}

/** Path arrays (text[]) must be one-dimensional for the modifying functions. */
function pathItems(path: PgArray): readonly (string | null)[] {
  if (path.dims.length > 1) throw wrongSubscripts();
  return path.items as readonly (string | null)[];
}

// ------------------------------------------------------------- extraction

/** jsonb -> text: NULL unless an object with that key. */
export function jsonbObjectField(v: JsonbValue, key: string): JsonbValue | null {
  if (!(v instanceof JsonbObject)) return null;
  return v.get(key) ?? null;
}

/** jsonb -> int: a raw scalar answers index 0 (and -1), as PostgreSQL's root-array check lets it. */
export function jsonbArrayElement(v: JsonbValue, index: number): JsonbValue | null {
  if (v instanceof JsonbObject) return null;
  const items = Array.isArray(v) ? (v as readonly JsonbValue[]) : [v];
  const n = items.length;
  let i = index;
  if (i < 0) {
    if (-i > n) return null;
    i += n;
  }
  return i < n ? items[i]! : null;
}

/** jsonb #> text[] (jsonb_get_element): NULL when any step is missing or a path element is NULL. */
export function jsonbExtractPath(v: JsonbValue, path: readonly (string | null)[]): JsonbValue | null {
  if (path.length === 0) return v;
  // A raw scalar has nothing to step into.
  if (isRawScalar(v)) return null;
  let cur: JsonbValue = v;
  for (const p of path) {
    if (p === null) return null;
    if (cur instanceof JsonbObject) {
      const next = cur.get(p);
      if (next === undefined) return null;
      cur = next;
    } else if (Array.isArray(cur)) {
      const arr = cur as readonly JsonbValue[];
      let idx = parsePathIndex(p);
      if (idx === null) return null;
      if (idx < 0) {
        if (idx === INT_MIN || -idx > arr.length) return null;
        idx += arr.length;
      }
      if (idx >= arr.length) return null;
      cur = arr[idx]!;
    } else {
      return null;
    }
  }
  return cur;
}

/** ->> / #>> result: strings unquoted, JSON null as SQL NULL. */
export function asTextOrNull(v: JsonbValue | null): string | null {
  return v === null ? null : jsonbAsText(v);
}

// ----------------------------------------------------------------- exists

/** ?| and ?&: the array's non-NULL elements (any dimensionality). */
export function textArrayKeys(keys: PgArray): string[] {
  return (keys.items as readonly (string | null)[]).filter((k): k is string => k !== null);
}

// ------------------------------------------------------------ concatenate

/**
 * jsonb || jsonb (IteratorConcat): two objects merge (right wins);
 * anything else concatenates as arrays, an object or raw scalar counting as
 * a one-element array.
 */
export function jsonbConcat(a: JsonbValue, b: JsonbValue): JsonbValue {
  const aObj = a instanceof JsonbObject;
  const bObj = b instanceof JsonbObject;
  // An empty operand of the same kind returns the other unchanged (jsonb_concat's shortcut).
  if (aObj === bObj) {
    if (rootCount(a) === 0 && !isRawScalar(b)) return b;
    if (rootCount(b) === 0 && !isRawScalar(a)) return a;
  }
  if (aObj && bObj) {
    const l = a as JsonbObject;
    const r = b as JsonbObject;
    return JsonbObject.fromPairs([...l.keys, ...r.keys], [...l.values, ...r.values]);
  }
  const left = Array.isArray(a) ? (a as readonly JsonbValue[]) : [a];
  const right = Array.isArray(b) ? (b as readonly JsonbValue[]) : [b];
  return [...left, ...right];
}

// ----------------------------------------------------------------- delete

function cannotDeleteFromScalar(): PgError {
  return new PgError(SqlState.InvalidParameterValue, 'cannot delete from scalar');
}

/** jsonb - text: removes the key, or every string element equal to it. */
export function jsonbDeleteKey(v: JsonbValue, key: string): JsonbValue {
  if (isRawScalar(v)) throw cannotDeleteFromScalar();
  if (rootCount(v) === 0) return v;
  if (v instanceof JsonbObject) {
    const i = v.indexOf(key);
    return i < 0 ? v : v.filter((_k, _v, j) => j !== i);
  }
  return (v as readonly JsonbValue[]).filter((e) => e !== key);
}

/** jsonb - text[]: removes every listed key (NULL elements ignored). */
export function jsonbDeleteKeys(v: JsonbValue, keys: PgArray): JsonbValue {
  if (keys.dims.length > 1) throw wrongSubscripts();
  if (isRawScalar(v)) throw cannotDeleteFromScalar();
  if (rootCount(v) === 0) return v;
  const set = new Set(textArrayKeys(keys));
  if (set.size === 0) return v;
  if (v instanceof JsonbObject) return v.filter((k) => !set.has(k));
  return (v as readonly JsonbValue[]).filter((e) => typeof e !== 'string' || !set.has(e));
}

/** jsonb - int: removes one array element (negative counts from the end; out of range is a no-op). */
export function jsonbDeleteIndex(v: JsonbValue, index: number): JsonbValue {
  if (isRawScalar(v)) throw cannotDeleteFromScalar();
  if (v instanceof JsonbObject) throw new PgError(SqlState.InvalidParameterValue, 'cannot delete from object using integer index');
  const arr = v as readonly JsonbValue[];
  const n = arr.length;
  if (n === 0) return v;
  let i = index;
  if (i < 0) {
    if (-i > n) return v;
    i += n;
  }
  if (i >= n) return v;
  return arr.filter((_e, j) => j !== i);
}

// ---------------------------------------------------------------- setPath

/** setPath's operation flags (JB_PATH_*), minus FILL_GAPS which only subscripting assignment uses. */
const enumOp = { Create: 1, Delete: 2, Replace: 4, InsertBefore: 8, InsertAfter: 16 } as const;
type PathOp = (typeof enumOp)[keyof typeof enumOp];
const CREATE_OR_INSERT = enumOp.Create | enumOp.InsertBefore | enumOp.InsertAfter;

function setPath(v: JsonbValue, path: readonly (string | null)[], level: number, newval: JsonbValue | null, op: PathOp): JsonbValue {
  if (path[level] === null) {
    throw new PgError(SqlState.NullValueNotAllowed, `path element at position ${level + 1} is null`);
  }
  if (v instanceof JsonbObject) return setPathObject(v, path, level, newval, op);
  if (Array.isArray(v)) return setPathArray(v as readonly JsonbValue[], path, level, newval, op);
  return v;
}

function setPathObject(obj: JsonbObject, path: readonly (string | null)[], level: number, newval: JsonbValue | null, op: PathOp): JsonbValue {
  const key = path[level]!;
  const last = level === path.length - 1;
  const i = obj.indexOf(key);
  if (i >= 0) {
    if (!last) return obj.with(key, setPath(obj.values[i]!, path, level + 1, newval, op));
    if (op & (enumOp.InsertBefore | enumOp.InsertAfter)) {
      throw new PgError(SqlState.InvalidParameterValue, 'cannot replace existing key', {
        hint: 'Try using the function jsonb_set to replace key value.',
      });
    }
    if (op & enumOp.Delete) return obj.filter((_k, _v, j) => j !== i);
    return obj.with(key, newval!);
  }
  if (last && op & CREATE_OR_INSERT) return obj.with(key, newval!);
  return obj;
}

function setPathArray(arr: readonly JsonbValue[], path: readonly (string | null)[], level: number, newval: JsonbValue | null, op: PathOp): JsonbValue {
  const c = path[level]!;
  let idx = parsePathIndex(c);
  if (idx === null) {
    throw new PgError(SqlState.InvalidTextRepresentation, `path element at position ${level + 1} is not an integer: "${c}"`);
  }
  const n = arr.length;
  if (idx < 0) idx = -idx > n ? INT_MIN : n + idx;
  if (idx > n) idx = n;
  const last = level === path.length - 1;
  const out: JsonbValue[] = [];
  let done = false;
  // Before the start (or into an empty array): prepend.
  if ((idx === INT_MIN || n === 0) && last && op & CREATE_OR_INSERT) {
    out.push(newval!);
    done = true;
  }
  for (let i = 0; i < n; i++) {
    if (i !== idx) {
      out.push(arr[i]!);
      continue;
    }
    done = true;
    if (!last) {
      out.push(setPath(arr[i]!, path, level + 1, newval, op));
      continue;
    }
    if (op & (enumOp.InsertBefore | enumOp.Create)) out.push(newval!);
    if (op & (enumOp.InsertAfter | enumOp.InsertBefore)) out.push(arr[i]!);
    if (op & (enumOp.InsertAfter | enumOp.Replace)) out.push(newval!);
  }
  if (op & CREATE_OR_INSERT && !done && last) out.push(newval!);
  return out;
}

/** jsonb_set(target, path, new_value, create_if_missing). */
export function jsonbSet(v: JsonbValue, path: PgArray, newval: JsonbValue, create: boolean): JsonbValue {
  const p = pathItems(path);
  if (isRawScalar(v)) throw new PgError(SqlState.InvalidParameterValue, 'cannot set path in scalar');
  if (rootCount(v) === 0 && !create) return v;
  if (p.length === 0) return v;
  return setPath(v, p, 0, newval, create ? enumOp.Create : enumOp.Replace);
}

/** jsonb_insert(target, path, new_value, insert_after). */
export function jsonbInsert(v: JsonbValue, path: PgArray, newval: JsonbValue, after: boolean): JsonbValue {
  const p = pathItems(path);
  if (isRawScalar(v)) throw new PgError(SqlState.InvalidParameterValue, 'cannot set path in scalar');
  if (p.length === 0) return v;
  return setPath(v, p, 0, newval, after ? enumOp.InsertAfter : enumOp.InsertBefore);
}

/** jsonb #- text[] (jsonb_delete_path). */
export function jsonbDeletePath(v: JsonbValue, path: PgArray): JsonbValue {
  const p = pathItems(path);
  if (isRawScalar(v)) throw new PgError(SqlState.InvalidParameterValue, 'cannot delete path in scalar');
  if (rootCount(v) === 0) return v;
  if (p.length === 0) return v;
  return setPath(v, p, 0, null, enumOp.Delete);
}

/**
 * jsonb_set_lax(target, path, new_value, create_if_missing,
 * null_value_treatment): not strict; a SQL NULL new value is handled as
 * the treatment says.
 */
export function jsonbSetLax(v: JsonbValue | null, path: PgArray | null, newval: JsonbValue | null, create: boolean | null, treatment: string | null): JsonbValue | null {
  if (v === null || path === null || create === null) return null;
  const bad = () =>
    new PgError(SqlState.InvalidParameterValue, 'null_value_treatment must be "delete_key", "return_target", "use_json_null", or "raise_exception"');
  if (treatment === null) throw bad();
  if (newval !== null) return jsonbSet(v, path, newval, create);
  switch (treatment) {
    case 'raise_exception':
      throw new PgError(SqlState.NullValueNotAllowed, 'JSON value must not be null', {
        detail: 'Exception was raised because null_value_treatment is "raise_exception".',
        hint: 'To avoid, either change the null_value_treatment argument or ensure that an SQL NULL is not passed.',
      });
    case 'use_json_null':
      return jsonbSet(v, path, JSONB_NULL, create);
    case 'delete_key':
      return jsonbDeletePath(v, path);
    case 'return_target':
      return v;
    default:
      throw bad();
  }
}

// ------------------------------------------------------------------ misc

/** jsonb_strip_nulls: drops object fields whose value is null, at every depth (array nulls stay). */
export function jsonbStripNulls(v: JsonbValue): JsonbValue {
  if (Array.isArray(v)) {
    let changed = false;
    const out = (v as readonly JsonbValue[]).map((e) => {
      const s = jsonbStripNulls(e);
      if (s !== e) changed = true;
      return s;
    });
    return changed ? out : v;
  }
  if (v instanceof JsonbObject) {
    const keys: string[] = [];
    const values: JsonbValue[] = [];
    const lens: number[] = [];
    let changed = false;
    for (let i = 0; i < v.size; i++) {
      const x = v.values[i]!;
      if (x === JSONB_NULL) {
        changed = true;
        continue;
      }
      const s = jsonbStripNulls(x);
      if (s !== x) changed = true;
      keys.push(v.keys[i]!);
      values.push(s);
      lens.push(v.keyLens[i]!);
    }
    return changed ? new JsonbObject(keys, values, lens) : v;
  }
  return v;
}

/** jsonb_array_length. */
export function jsonbArrayLength(v: JsonbValue): number {
  if (Array.isArray(v)) return v.length;
  throw new PgError(SqlState.InvalidParameterValue, v instanceof JsonbObject ? 'cannot get array length of a non-array' : 'cannot get array length of a scalar');
}

// ------------------------------------------------------------------ casts

function kindName(v: JsonbValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (v instanceof Numeric) return 'numeric';
  if (v === JSONB_NULL) return 'null';
  return Array.isArray(v) ? 'array' : 'object';
}

function cannotCast(v: JsonbValue, sqlType: string): PgError {
  return new PgError(SqlState.InvalidParameterValue, `cannot cast jsonb ${kindName(v)} to type ${sqlType}`);
}

/** jsonb → numeric (and, via numeric, the integer and float casts): only a top-level number. */
export function jsonbToNumeric(v: JsonbValue, sqlType: string): Numeric {
  if (!(v instanceof Numeric)) throw cannotCast(v, sqlType);
  return v;
}

/** jsonb → boolean: only a top-level boolean. */
export function jsonbToBool(v: JsonbValue): boolean {
  if (typeof v !== 'boolean') throw cannotCast(v, 'boolean');
  return v;
}
