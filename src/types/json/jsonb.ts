/**
 * The in-memory jsonb value: a parsed, normalized tree, so operators never
 * re-parse text.
 *
 * | JSON      | JS                                                  |
 * |-----------|-----------------------------------------------------|
 * | null      | JSONB_NULL (a singleton: JS null is SQL NULL)       |
 * | boolean   | boolean                                             |
 * | number    | Numeric (jsonb numbers are numeric values)          |
 * | string    | string                                              |
 * | array     | readonly JsonbValue[]                               |
 * | object    | JsonbObject: keys in jsonb storage order            |
 *
 * A top-level value that is neither an array nor an object is what
 * PostgreSQL calls a "raw scalar". Values are immutable: operators build new
 * trees and may share unchanged subtrees.
 */
import { Numeric } from '../numeric.js';
import { compareText } from '../builtin/text.js';
import { parseJsonWith, Tok, type Builder } from './parser.js';

/** JSON null. A class so it prints recognizably when debugging. */
export class JsonbNull {
  private constructor() {}
  static readonly INSTANCE = new JsonbNull();
  toString(): string {
    return 'null';
  }
  /** Hash hook used by DISTINCT / GROUP BY (src/exec/distinct.ts). */
  hashKey(): string {
    return 'null';
  }
}
export const JSONB_NULL = JsonbNull.INSTANCE;

export type JsonbScalar = JsonbNull | boolean | Numeric | string;
export type JsonbValue = JsonbScalar | readonly JsonbValue[] | JsonbObject;

/** UTF-8 byte length, computed without allocating. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      if (c < 0x800) n += 1;
      else if (c >= 0xd800 && c <= 0xdbff) {
        // A surrogate pair: 2 code units, 4 bytes.
        n += 2;
        i++;
      } else n += 2;
    }
  }
  return n;
}

/**
 * jsonb key order (lengthCompareJsonbStringValue): shorter keys first (by
 * UTF-8 byte length), then bytewise, which for UTF-8 is code point order.
 */
export function compareKeys(a: string, aLen: number, b: string, bLen: number): number {
  if (aLen !== bLen) return aLen < bLen ? -1 : 1;
  return a === b ? 0 : compareText(a, b);
}

/** An object: keys unique and sorted in jsonb order, values parallel. */
export class JsonbObject {
  readonly keys: readonly string[];
  readonly values: readonly JsonbValue[];
  /** UTF-8 byte length of each key, the first sort criterion. */
  readonly keyLens: readonly number[];

  /** Trusted constructor: the caller guarantees sorted, unique keys. */
  constructor(keys: readonly string[], values: readonly JsonbValue[], keyLens?: readonly number[]) {
    this.keys = keys;
    this.values = values;
    this.keyLens = keyLens ?? keys.map(utf8Length);
  }

  static readonly EMPTY = new JsonbObject([], [], []);

  get size(): number {
    return this.keys.length;
  }

  /** Hash hook used by DISTINCT / GROUP BY (src/exec/distinct.ts): equal for objects that compare equal. */
  hashKey(): string {
    return jsonbHashKey(this);
  }

  /** Index of key, or -1 (binary search over the jsonb key order). */
  indexOf(key: string, keyLen = utf8Length(key)): number {
    const keys = this.keys;
    const lens = this.keyLens;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareKeys(keys[mid]!, lens[mid]!, key, keyLen);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  get(key: string): JsonbValue | undefined {
    const i = this.indexOf(key);
    return i < 0 ? undefined : this.values[i];
  }

  /**
   * Builds an object from pairs in input order: sorted into jsonb key order,
   * and for duplicate keys the last value wins (uniqueifyJsonbObject).
   */
  static fromPairs(keys: readonly string[], values: readonly JsonbValue[]): JsonbObject {
    const n = keys.length;
    if (n === 0) return JsonbObject.EMPTY;
    // One pass: byte lengths, and whether the input is already strictly ordered (common for machine-written JSON).
    const lens = new Array<number>(n);
    let sorted = true;
    for (let i = 0; i < n; i++) {
      const len = utf8Length(keys[i]!);
      lens[i] = len;
      if (sorted && i > 0 && compareKeys(keys[i - 1]!, lens[i - 1]!, keys[i]!, len) >= 0) sorted = false;
    }
    if (sorted) return new JsonbObject(keys, values, lens);
    const order = Array.from({ length: n }, (_, i) => i);
    // Equal keys: later input first, so keeping the first of each run keeps the last value.
    order.sort((x, y) => compareKeys(keys[x]!, lens[x]!, keys[y]!, lens[y]!) || y - x);
    const k: string[] = [];
    const v: JsonbValue[] = [];
    const l: number[] = [];
    for (const i of order) {
      if (k.length > 0 && l[l.length - 1] === lens[i] && k[k.length - 1] === keys[i]) continue;
      k.push(keys[i]!);
      v.push(values[i]!);
      l.push(lens[i]!);
    }
    return new JsonbObject(k, v, l);
  }

  /** A copy with key set to value (added or replaced). */
  with(key: string, value: JsonbValue): JsonbObject {
    const len = utf8Length(key);
    const i = this.indexOf(key, len);
    if (i >= 0) {
      const values = this.values.slice();
      values[i] = value;
      return new JsonbObject(this.keys, values, this.keyLens);
    }
    // Insertion point keeps the order.
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.keys[mid]!, this.keyLens[mid]!, key, len) < 0) lo = mid + 1;
      else hi = mid;
    }
    const keys = this.keys.slice();
    const values = this.values.slice();
    const lens = this.keyLens.slice();
    keys.splice(lo, 0, key);
    values.splice(lo, 0, value);
    lens.splice(lo, 0, len);
    return new JsonbObject(keys, values, lens);
  }

  /** A copy without the entries whose index fails keep. */
  filter(keep: (key: string, value: JsonbValue, index: number) => boolean): JsonbObject {
    const keys: string[] = [];
    const values: JsonbValue[] = [];
    const lens: number[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      if (!keep(this.keys[i]!, this.values[i]!, i)) continue;
      keys.push(this.keys[i]!);
      values.push(this.values[i]!);
      lens.push(this.keyLens[i]!);
    }
    return keys.length === this.keys.length ? this : new JsonbObject(keys, values, lens);
  }
}

export function isJsonbObject(v: JsonbValue): v is JsonbObject {
  return v instanceof JsonbObject;
}

export function isJsonbArray(v: JsonbValue): v is readonly JsonbValue[] {
  return Array.isArray(v);
}

export function isJsonbScalar(v: JsonbValue): v is JsonbScalar {
  return !Array.isArray(v) && !(v instanceof JsonbObject);
}

/** jsonb_typeof's names. */
export function jsonbTypeName(v: JsonbValue): 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (v instanceof Numeric) return 'number';
  if (v === JSONB_NULL) return 'null';
  return Array.isArray(v) ? 'array' : 'object';
}

// ------------------------------------------------------------------ input

/** Plain integers and decimals short enough to be exact in a double's integer range. */
const SIMPLE_NUMBER = /^-?(\d{1,15})(?:\.(\d{1,15}))?$/;

/**
 * A JSON number token as jsonb stores it: through numeric_in, so 1e3
 * becomes 1000 and 1.50 keeps its scale. The common short forms skip the
 * general parser (same result: coefficient and display scale from the digits).
 */
function jsonNumber(tok: string): Numeric {
  const m = SIMPLE_NUMBER.exec(tok);
  if (m === null || (m[2] !== undefined && m[1]!.length + m[2].length > 15)) return Numeric.parse(tok);
  const digits = m[2] === undefined ? m[1]! : m[1]! + m[2];
  const n = Number(digits);
  return Numeric.of(BigInt(tok.charCodeAt(0) === 45 ? -n : n), m[2] === undefined ? 0 : m[2].length);
}

const jsonbBuilder: Builder<JsonbValue> = {
  scalar(tok, str) {
    switch (tok) {
      case Tok.String:
        return str;
      case Tok.Number:
        return jsonNumber(str);
      case Tok.True:
        return true;
      case Tok.False:
        return false;
      default:
        return JSONB_NULL;
    }
  },
  array: (items) => items,
  object: (keys, values) => JsonbObject.fromPairs(keys, values),
};

/** jsonb_in. */
export function parseJsonb(text: string): JsonbValue {
  return parseJsonWith(text, jsonbBuilder);
}

// ----------------------------------------------------------------- output

const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/** escape_json: quotes a string the way PostgreSQL writes JSON strings. */
export function escapeJsonString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 32 && c !== 34 && c !== 92) continue;
    out += s.slice(run, i);
    run = i + 1;
    switch (c) {
      case 8:
        out += '\\b';
        break;
      case 12:
        out += '\\f';
        break;
      case 10:
        out += '\\n';
        break;
      case 13:
        out += '\\r';
        break;
      case 9:
        out += '\\t';
        break;
      case 34:
        out += '\\"';
        break;
      case 92:
        out += '\\\\';
        break;
      default:
        out += '\\u' + c.toString(16).padStart(4, '0');
    }
  }
  return out + s.slice(run) + '"';
}

function scalarText(v: JsonbScalar): string {
  if (typeof v === 'string') return escapeJsonString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Numeric) return v.toString();
  return 'null';
}

/** jsonb_out (JsonbToCString): `{"a": 1, "b": [1, 2]}`. */
export function jsonbToText(v: JsonbValue): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i ? ', ' : '') + jsonbToText(v[i]!);
    return s + ']';
  }
  if (v instanceof JsonbObject) {
    if (v.keys.length === 0) return '{}';
    let s = '{';
    for (let i = 0; i < v.keys.length; i++) s += (i ? ', ' : '') + escapeJsonString(v.keys[i]!) + ': ' + jsonbToText(v.values[i]!);
    return s + '}';
  }
  return scalarText(v as JsonbScalar);
}

/**
 * jsonb_pretty (JsonbToCStringIndent): one element per line, four spaces
 * per level; an empty container still opens and closes on two lines.
 */
export function jsonbPretty(v: JsonbValue): string {
  const out: string[] = [];
  prettyInto(v, 0, out);
  return out.join('');
}

function prettyInto(v: JsonbValue, level: number, out: string[]): void {
  if (Array.isArray(v)) {
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      out.push(i ? ',\n' : '\n', '    '.repeat(level + 1));
      prettyInto(v[i]!, level + 1, out);
    }
    out.push('\n', '    '.repeat(level), ']');
  } else if (v instanceof JsonbObject) {
    out.push('{');
    for (let i = 0; i < v.keys.length; i++) {
      out.push(i ? ',\n' : '\n', '    '.repeat(level + 1), escapeJsonString(v.keys[i]!), ': ');
      prettyInto(v.values[i]!, level + 1, out);
    }
    out.push('\n', '    '.repeat(level), '}');
  } else {
    out.push(scalarText(v as JsonbScalar));
  }
}

/**
 * JsonbValueAsText for ->> and #>>: strings unquoted, null as SQL NULL,
 * containers as jsonb text.
 */
export function jsonbAsText(v: JsonbValue): string | null {
  if (typeof v === 'string') return v;
  if (v === JSONB_NULL) return null;
  return jsonbToText(v);
}

/** jsonb_send / jsonb_recv wire format: version 1, then the text form. */
export const JSONB_BINARY_VERSION = 1;

// ------------------------------------------------------------- comparison

/** jbvType order: Null < String < Numeric < Bool < Array < Object. */
function typeRank(v: JsonbValue): number {
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 3;
  if (v instanceof Numeric) return 2;
  if (v === JSONB_NULL) return 0;
  return Array.isArray(v) ? 0x10 : 0x11;
}

function compareScalars(a: JsonbScalar, b: JsonbScalar): number {
  // Same type guaranteed by the caller.
  if (typeof a === 'string') return compareText(a, b as string);
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Numeric) return Numeric.compare(a, b as Numeric);
  return 0;
}

/**
 * jsonb btree order (compareJsonbContainers). Objects > arrays > booleans >
 * numbers > strings > null; containers first by size, then pairwise (object
 * keys in storage order, compared as strings). A top-level scalar is a
 * one-element "raw scalar" array, which gives PostgreSQL's quirk that an
 * empty top-level array sorts below every scalar.
 */
export function compareJsonb(a: JsonbValue, b: JsonbValue): number {
  const aObj = a instanceof JsonbObject;
  const bObj = b instanceof JsonbObject;
  if (aObj || bObj) {
    if (aObj && bObj) return compareNested(a, b);
    return aObj ? 1 : -1;
  }
  const aArr = Array.isArray(a);
  const bArr = Array.isArray(b);
  if (aArr && bArr) return compareNested(a, b);
  const aLen = aArr ? (a as readonly JsonbValue[]).length : 1;
  const bLen = bArr ? (b as readonly JsonbValue[]).length : 1;
  // Both are arrays at the top; the raw-scalar flag decides unless the counts differ.
  if (aLen !== bLen) return aLen > bLen ? 1 : -1;
  if (aArr !== bArr) return aArr ? 1 : -1;
  return compareNested(a, b);
}

/** Comparison of two values below the top level (no raw scalars). */
function compareNested(a: JsonbValue, b: JsonbValue): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra > rb ? 1 : -1;
  if (ra === 0x10) {
    const x = a as readonly JsonbValue[];
    const y = b as readonly JsonbValue[];
    if (x.length !== y.length) return x.length > y.length ? 1 : -1;
    for (let i = 0; i < x.length; i++) {
      const c = compareNested(x[i]!, y[i]!);
      if (c !== 0) return c;
    }
    return 0;
  }
  if (ra === 0x11) {
    const x = a as JsonbObject;
    const y = b as JsonbObject;
    if (x.size !== y.size) return x.size > y.size ? 1 : -1;
    for (let i = 0; i < x.size; i++) {
      const kx = x.keys[i]!;
      const ky = y.keys[i]!;
      if (kx !== ky) {
        const c = compareText(kx, ky);
        if (c !== 0) return c;
      }
      const c = compareNested(x.values[i]!, y.values[i]!);
      if (c !== 0) return c;
    }
    return 0;
  }
  return compareScalars(a as JsonbScalar, b as JsonbScalar);
}

/** equalsJsonbScalarValue: same type and equal (numbers by numeric equality, 1.0 = 1). */
function scalarEquals(a: JsonbScalar, b: JsonbValue): boolean {
  if (typeof a === 'string') return a === b;
  if (typeof a === 'boolean') return a === b;
  if (a instanceof Numeric) return b instanceof Numeric && Numeric.compare(a, b) === 0;
  return b === JSONB_NULL;
}

/**
 * A key for hashing (GROUP BY, DISTINCT, hash joins) consistent with
 * compareJsonb equality: numbers with trailing zeros trimmed, so 1.0 and 1
 * hash alike as jsonb_hash makes them.
 */
export function jsonbHashKey(v: JsonbValue): string {
  if (Array.isArray(v)) return '[' + v.map(jsonbHashKey).join(',') + ']';
  if (v instanceof JsonbObject) {
    let s = '{';
    for (let i = 0; i < v.size; i++) s += (i ? ',' : '') + escapeJsonString(v.keys[i]!) + ':' + jsonbHashKey(v.values[i]!);
    return s + '}';
  }
  if (v instanceof Numeric) return v.isFinite() ? v.trimScale().toString() : v.toString();
  return scalarText(v as JsonbScalar);
}

// ------------------------------------------------------------ containment

/**
 * jsonb @> (JsonbDeepContains). Objects: every rhs pair has a key in lhs
 * whose value contains it (scalars: equal). Arrays: every rhs scalar occurs
 * among lhs's scalars and every rhs container is contained in some lhs
 * container, ignoring order and duplicates. A top-level scalar is a
 * one-element array, so ["a"] @> "a", but "a" does not contain ["a"].
 */
export function jsonbContains(val: JsonbValue, tmpl: JsonbValue): boolean {
  const vObj = val instanceof JsonbObject;
  if (vObj !== tmpl instanceof JsonbObject) return false;
  if (vObj) return containsNested(val, tmpl);
  const vRaw = !Array.isArray(val);
  const tRaw = !Array.isArray(tmpl);
  if (vRaw && !tRaw) return false;
  return containsArray(vRaw ? [val] : (val as readonly JsonbValue[]), tRaw ? [tmpl] : (tmpl as readonly JsonbValue[]));
}

function containsNested(val: JsonbValue, tmpl: JsonbValue): boolean {
  if (val instanceof JsonbObject) {
    if (!(tmpl instanceof JsonbObject)) return false;
    if (val.size < tmpl.size) return false;
    for (let i = 0; i < tmpl.size; i++) {
      const j = val.indexOf(tmpl.keys[i]!, tmpl.keyLens[i]);
      if (j < 0) return false;
      const lv = val.values[j]!;
      const tv = tmpl.values[i]!;
      if (isJsonbScalar(lv)) {
        if (!isJsonbScalar(tv) || !scalarEquals(lv, tv)) return false;
      } else {
        if (isJsonbScalar(tv)) return false;
        if (!containsNested(lv, tv)) return false;
      }
    }
    return true;
  }
  if (Array.isArray(val)) {
    if (!Array.isArray(tmpl)) return false;
    return containsArray(val, tmpl);
  }
  return false;
}

function containsArray(val: readonly JsonbValue[], tmpl: readonly JsonbValue[]): boolean {
  let lhsContainers: JsonbValue[] | null = null;
  for (const t of tmpl) {
    if (isJsonbScalar(t)) {
      let found = false;
      for (const v of val) {
        if (isJsonbScalar(v) && scalarEquals(t, v)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    } else {
      lhsContainers ??= val.filter((v) => !isJsonbScalar(v));
      if (lhsContainers.length === 0) return false;
      if (!lhsContainers.some((v) => containsNested(v, t))) return false;
    }
  }
  return true;
}

/**
 * jsonb ? key (findJsonbValueFromContainer over object keys and array
 * string elements, top level only; a top-level string counts).
 */
export function jsonbExists(v: JsonbValue, key: string): boolean {
  if (v instanceof JsonbObject) return v.indexOf(key) >= 0;
  if (Array.isArray(v)) return v.some((e) => e === key);
  return v === key;
}
