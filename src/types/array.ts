import { PgError, SqlState } from './errors.js';
import type { IoContext, PgType } from './type.js';
import { isPgArray, type PgArray, type Value } from './value.js';
import { asBuffer } from './binary.js';

const MAXDIM = 6;

function malformed(input: string, detail: string): PgError {
  return new PgError(SqlState.InvalidTextRepresentation, `malformed array literal: "${input}"`, { detail });
}

function needsQuotes(s: string, delim: string): boolean {
  if (s === '') return true;
  if (s.length === 4 && s.toLowerCase() === 'null') return true;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === '\\' || c === '{' || c === '}' || c === delim || c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f') return true;
  }
  return false;
}

export function formatArray(arr: PgArray, elem: PgType, ctx: IoContext): string {
  const { dims, lbounds, items } = arr;
  if (dims.length === 0) return '{}';
  const delim = elem.delimiter;
  let prefix = '';
  if (lbounds.some((l) => l !== 1)) {
    prefix = dims.map((d, i) => `[${lbounds[i]}:${lbounds[i]! + d - 1}]`).join('') + '=';
  }
  let idx = 0;
  const walk = (level: number): string => {
    const parts: string[] = [];
    for (let i = 0; i < dims[level]!; i++) {
      if (level < dims.length - 1) {
        parts.push(walk(level + 1));
        continue;
      }
      const v = items[idx++];
      if (v === null || v === undefined) {
        parts.push('NULL');
        continue;
      }
      const s = elem.toText(v, ctx);
      parts.push(needsQuotes(s, delim) ? `"${s.replace(/[\\"]/g, (m) => '\\' + m)}"` : s);
    }
    return `{${parts.join(delim)}}`;
  };
  return prefix + walk(0);
}

/** array_in: parses `{...}` (optionally with `[lo:hi]=` bounds) into elements of `elem`. */
export function parseArray(input: string, elem: PgType, typmod: number, ctx: IoContext): PgArray {
  const delim = elem.delimiter;
  let pos = 0;
  const s = input;
  const skipWs = () => {
    while (pos < s.length && /\s/.test(s[pos]!)) pos++;
  };
  skipWs();
  let explicitBounds: { lo: number; hi: number }[] | null = null;
  if (s[pos] === '[') {
    explicitBounds = [];
    while (s[pos] === '[') {
      const close = s.indexOf(']', pos);
      if (close < 0) throw malformed(input, 'Missing "]" after array dimensions.');
      const m = /^\s*(-?\d+)\s*(?::\s*(-?\d+)\s*)?$/.exec(s.slice(pos + 1, close));
      if (!m) throw malformed(input, 'Missing array dimension value.');
      const lo = m[2] === undefined ? 1 : Number(m[1]);
      const hi = m[2] === undefined ? Number(m[1]) : Number(m[2]);
      if (hi < lo) {
        throw new PgError(SqlState.ArraySubscriptError, 'upper bound cannot be less than lower bound');
      }
      explicitBounds.push({ lo, hi });
      pos = close + 1;
    }
    skipWs();
    if (s[pos] !== '=') throw malformed(input, 'Missing "=" after array dimensions.');
    pos++;
    skipWs();
  }
  if (s[pos] !== '{') throw malformed(input, 'Array value must start with "{" or dimension information.');

  const items: Value[] = [];
  const dims: number[] = [];
  // counts[level] = elements seen at that level in the current sub-array
  const counts: number[] = [];
  let depth = 0;
  let maxDepth = -1;
  let expectElement = true;
  const closeLevel = () => {
    const n = counts[depth - 1]!;
    const level = depth - 1;
    if (dims[level] === undefined) dims[level] = n;
    else if (dims[level] !== n) {
      throw malformed(input, 'Multidimensional arrays must have sub-arrays with matching dimensions.');
    }
  };
  while (pos < s.length) {
    const c = s[pos]!;
    if (c === '{') {
      if (maxDepth >= 0 && depth >= maxDepth) throw malformed(input, 'Unexpected "{" character.');
      if (depth > 0) counts[depth - 1]!++;
      depth++;
      if (depth > MAXDIM) {
        throw new PgError(SqlState.ProgramLimitExceeded, `number of array dimensions (${depth}) exceeds the maximum allowed (${MAXDIM})`);
      }
      counts[depth - 1] = 0;
      pos++;
      expectElement = true;
      skipWs();
      continue;
    }
    if (c === '}') {
      if (depth === 0) throw malformed(input, 'Unexpected "}" character.');
      if (maxDepth < 0) maxDepth = depth;
      if (counts[depth - 1] !== 0 && expectElement) throw malformed(input, 'Unexpected "}" character.');
      closeLevel();
      depth--;
      pos++;
      expectElement = false;
      skipWs();
      if (depth === 0) break;
      continue;
    }
    if (c === delim) {
      if (expectElement) throw malformed(input, `Unexpected "${delim}" character.`);
      pos++;
      expectElement = true;
      skipWs();
      continue;
    }
    if (!expectElement) throw malformed(input, 'Expected "," or "}" character.');
    if (maxDepth >= 0 && depth !== maxDepth) throw malformed(input, 'Unexpected array element.');
    // An element: quoted or unquoted.
    let text = '';
    let quoted = false;
    if (c === '"') {
      quoted = true;
      pos++;
      while (pos < s.length && s[pos] !== '"') {
        if (s[pos] === '\\') pos++;
        if (pos < s.length) text += s[pos++];
      }
      if (pos >= s.length) throw malformed(input, 'Unexpected end of input.');
      pos++;
      skipWs();
    } else {
      let trailingWs = '';
      while (pos < s.length) {
        const ch = s[pos]!;
        if (ch === '\\') {
          pos++;
          if (pos >= s.length) throw malformed(input, 'Unexpected end of input.');
          text += trailingWs + s[pos++];
          trailingWs = '';
          continue;
        }
        if (ch === delim || ch === '{' || ch === '}' || ch === '"') break;
        if (/\s/.test(ch)) trailingWs += ch;
        else {
          text += trailingWs + ch;
          trailingWs = '';
        }
        pos++;
      }
      if (s[pos] === '{' || s[pos] === '"') throw malformed(input, `Unexpected "${s[pos]}" character.`);
    }
    if (!quoted && text.toLowerCase() === 'null') items.push(null);
    else items.push(elem.fromText(text, typmod, ctx));
    counts[depth - 1]!++;
    expectElement = false;
  }
  if (depth !== 0) throw malformed(input, 'Unexpected end of input.');
  skipWs();
  if (pos < s.length) throw malformed(input, 'Junk after closing right brace.');
  if (items.length === 0) {
    return { kind: 'array', elemOid: elem.oid, dims: [], lbounds: [], items };
  }
  let lbounds = dims.map(() => 1);
  if (explicitBounds) {
    if (explicitBounds.length !== dims.length || explicitBounds.some((b, i) => b.hi - b.lo + 1 !== dims[i])) {
      throw malformed(input, 'Specified array dimensions do not match array contents.');
    }
    lbounds = explicitBounds.map((b) => b.lo);
  }
  return { kind: 'array', elemOid: elem.oid, dims, lbounds, items };
}

export function arrayToBinary(arr: PgArray, elem: PgType, ctx: IoContext): Uint8Array {
  if (!elem.toBinary) {
    throw new PgError(SqlState.FeatureNotSupported, `no binary output function available for type ${elem.name}`);
  }
  const parts: Uint8Array[] = [];
  let size = 12 + arr.dims.length * 8;
  let hasNull = 0;
  for (const v of arr.items) {
    if (v === null || v === undefined) {
      hasNull = 1;
      size += 4;
      parts.push(EMPTY);
      continue;
    }
    const b = elem.toBinary(v, ctx);
    parts.push(b);
    size += 4 + b.length;
  }
  const out = Buffer.allocUnsafe(size);
  let o = out.writeInt32BE(arr.dims.length, 0);
  o = out.writeInt32BE(hasNull, o);
  o = out.writeUInt32BE(elem.oid, o);
  for (let i = 0; i < arr.dims.length; i++) {
    o = out.writeInt32BE(arr.dims[i]!, o);
    o = out.writeInt32BE(arr.lbounds[i]!, o);
  }
  for (let i = 0; i < arr.items.length; i++) {
    const v = arr.items[i];
    if (v === null || v === undefined) {
      o = out.writeInt32BE(-1, o);
      continue;
    }
    const b = parts[i]!;
    o = out.writeInt32BE(b.length, o);
    out.set(b, o);
    o += b.length;
  }
  return out;
}

const EMPTY = new Uint8Array(0);

export function arrayFromBinary(input: Uint8Array, elem: PgType, typmod: number, ctx: IoContext): PgArray {
  const b = asBuffer(input);
  const bad = (msg: string) => new PgError(SqlState.InvalidBinaryRepresentation, msg);
  if (b.length < 12) throw bad('insufficient data left in message');
  const ndim = b.readInt32BE(0);
  const flags = b.readInt32BE(4);
  const elemOid = b.readUInt32BE(8);
  if (ndim < 0 || ndim > MAXDIM) throw bad(`invalid number of dimensions: ${ndim}`);
  if (flags !== 0 && flags !== 1) throw bad('invalid array flags');
  if (elemOid !== elem.oid) {
    throw new PgError(SqlState.DatatypeMismatch, `binary data has array element type ${elemOid} instead of expected ${elem.oid}`);
  }
  if (!elem.fromBinary) throw bad(`no binary input function available for type ${elem.name}`);
  let o = 12;
  const dims: number[] = [];
  const lbounds: number[] = [];
  let count = ndim === 0 ? 0 : 1;
  for (let i = 0; i < ndim; i++) {
    if (o + 8 > b.length) throw bad('insufficient data left in message');
    const d = b.readInt32BE(o);
    const l = b.readInt32BE(o + 4);
    o += 8;
    if (d < 0) throw bad('invalid array dimensions');
    dims.push(d);
    lbounds.push(l);
    count *= d;
  }
  if (count > 134217727) throw new PgError(SqlState.ProgramLimitExceeded, 'array size exceeds the maximum allowed (134217727)');
  const items: Value[] = new Array(count);
  for (let i = 0; i < count; i++) {
    if (o + 4 > b.length) throw bad('insufficient data left in message');
    const len = b.readInt32BE(o);
    o += 4;
    if (len === -1) {
      items[i] = null;
      continue;
    }
    if (len < 0 || o + len > b.length) throw bad('insufficient data left in message');
    items[i] = elem.fromBinary(b.subarray(o, o + len), typmod, ctx);
    o += len;
  }
  if (o !== b.length) throw bad('incorrect binary data format in array');
  if (count === 0) return { kind: 'array', elemOid: elem.oid, dims: [], lbounds: [], items: [] };
  return { kind: 'array', elemOid: elem.oid, dims, lbounds, items };
}

/** Lexicographic element order, NULLs last, then by dimensions (array_cmp). */
export function compareArrays(a: PgArray, b: PgArray, elem: PgType): number {
  const cmp = elem.compare!;
  const n = Math.min(a.items.length, b.items.length);
  for (let i = 0; i < n; i++) {
    const x = a.items[i];
    const y = b.items[i];
    const xn = x === null || x === undefined;
    const yn = y === null || y === undefined;
    if (xn || yn) {
      if (xn && yn) continue;
      return xn ? 1 : -1;
    }
    const c = cmp(x, y);
    if (c !== 0) return c;
  }
  if (a.items.length !== b.items.length) return a.items.length < b.items.length ? -1 : 1;
  if (a.dims.length !== b.dims.length) return a.dims.length < b.dims.length ? -1 : 1;
  for (let i = 0; i < a.dims.length; i++) {
    if (a.dims[i] !== b.dims[i]) return a.dims[i]! < b.dims[i]! ? -1 : 1;
    if (a.lbounds[i] !== b.lbounds[i]) return a.lbounds[i]! < b.lbounds[i]! ? -1 : 1;
  }
  return 0;
}

/** Makes the array type over `elem`, e.g. int4[] (_int4, OID 1007) over int4. */
export function arrayTypeOf(elem: PgType): PgType {
  return {
    oid: elem.arrayOid,
    name: '_' + elem.name,
    len: -1,
    category: 'A',
    preferred: false,
    arrayOid: 0,
    elemOid: elem.oid,
    delimiter: ',',
    toText: (v, ctx) => formatArray(v as PgArray, elem, ctx),
    fromText: (s, typmod, ctx) => parseArray(s, elem, typmod, ctx),
    toBinary: elem.toBinary ? (v, ctx) => arrayToBinary(v as PgArray, elem, ctx) : undefined,
    fromBinary: elem.fromBinary ? (b, typmod, ctx) => arrayFromBinary(b, elem, typmod, ctx) : undefined,
    compare: elem.compare ? (a, b) => compareArrays(a as PgArray, b as PgArray, elem) : undefined,
    typmodOut: elem.typmodOut,
  };
}

export { isPgArray };
