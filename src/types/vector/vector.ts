/**
 * pgvector's `vector` and `halfvec` types.
 *
 * Values:
 * - vector: a Float32Array, one float4 per dimension, always finite.
 * - halfvec: also a Float32Array, whose every element is exactly a binary16
 *   value (rounded on the way in). pgvector computes on halves by widening
 *   them to float4 first (HalfToFloat4), so holding the widened values lets
 *   halfvec share vector's distance kernels and give identical results,
 *   while storage and the wire still use 2 bytes per element (toBinary).
 *
 * Text: '[1,2.5,-3]', each element the shortest float4 text; binary: int16
 * dim, int16 unused (0), then float4 (vector) or binary16 (halfvec) each,
 * big-endian — exactly vector_send/halfvec_send.
 */
import { PgError, SqlState } from '../errors.js';
import type { PgType } from '../type.js';
import type { Value } from '../value.js';
import {
  BinaryReader,
  checkDim,
  checkExpectedDim,
  dataException,
  dimsTypmodIn,
  isSpace,
  skipSpaces,
  typmodOut,
} from './common.js';
import { float4ToHalfBits, formatFloat4, halfBitsToFloat, strtof } from './float.js';
import { HALFVEC_MAX_DIM, VECTOR_MAX_DIM, VectorOid } from './oids.js';

export type DenseKind = 'vector' | 'halfvec';

/** CheckElement for vector: finite only. */
export function checkVectorElement(v: number): void {
  if (v !== v) throw dataException('NaN not allowed in vector');
  if (v === Infinity || v === -Infinity) throw dataException('infinite value not allowed in vector');
}

/** CheckElement for halfvec (the value already rounded to binary16). */
export function checkHalfElement(v: number): void {
  if (v !== v) throw dataException('NaN not allowed in halfvec');
  if (v === Infinity || v === -Infinity) throw dataException('infinite value not allowed in halfvec');
}

function invalidSyntax(kind: DenseKind, lit: string, detail?: string): PgError {
  return new PgError(SqlState.InvalidTextRepresentation, `invalid input syntax for type ${kind}: "${lit}"`, detail ? { detail } : {});
}

/**
 * float4 → binary16 for halfvec, with Float4ToHalf's check: a finite float
 * that overflows binary16 is an error naming the float4 (as its shortest text).
 */
export function toHalfChecked(x: number): number {
  const h = halfBitsToFloat(float4ToHalfBits(x));
  if ((h === Infinity || h === -Infinity) && x !== Infinity && x !== -Infinity) {
    throw new PgError(SqlState.NumericValueOutOfRange, `"${formatFloat4(x)}" is out of range for type halfvec`);
  }
  return h;
}

// One scratch buffer for parsing, grown as needed: a literal's dimension is
// only known at the closing bracket.
let scratch = new Float32Array(256);

/** vector_in / halfvec_in, with their checks in their order. */
export function parseDense(kind: DenseKind, lit: string, typmod: number): Float32Array {
  const max = kind === 'vector' ? VECTOR_MAX_DIM : HALFVEC_MAX_DIM;
  const n = lit.length;
  let pt = skipSpaces(lit, 0);
  if (lit.charCodeAt(pt) !== 91) throw invalidSyntax(kind, lit, 'Vector contents must start with "[".');
  pt = skipSpaces(lit, pt + 1);
  if (lit.charCodeAt(pt) === 93) throw dataException(`${kind} must have at least 1 dimension`);
  let dim = 0;
  for (;;) {
    if (dim === max) throw new PgError(SqlState.ProgramLimitExceeded, `${kind} cannot have more than ${max} dimensions`);
    pt = skipSpaces(lit, pt);
    if (pt >= n) throw invalidSyntax(kind, lit);
    const r = strtof(lit, pt);
    if (r.end === pt) throw invalidSyntax(kind, lit);
    const val = r.value;
    let x: number;
    if (kind === 'vector') {
      if (r.erange && (val === Infinity || val === -Infinity)) {
        throw new PgError(SqlState.NumericValueOutOfRange, `"${lit.slice(pt, r.end)}" is out of range for type vector`);
      }
      checkVectorElement(val);
      x = val;
    } else {
      x = halfBitsToFloat(float4ToHalfBits(val));
      const valInf = val === Infinity || val === -Infinity;
      if ((r.erange && valInf) || ((x === Infinity || x === -Infinity) && !valInf)) {
        throw new PgError(SqlState.NumericValueOutOfRange, `"${lit.slice(pt, r.end)}" is out of range for type halfvec`);
      }
      checkHalfElement(x);
    }
    if (dim === scratch.length) {
      const bigger = new Float32Array(Math.min(scratch.length * 2, max));
      bigger.set(scratch);
      scratch = bigger;
    }
    scratch[dim++] = x;
    pt = skipSpaces(lit, r.end);
    const c = lit.charCodeAt(pt);
    if (c === 44) pt++;
    else if (c === 93) {
      pt++;
      break;
    } else throw invalidSyntax(kind, lit);
  }
  while (pt < n && isSpace(lit.charCodeAt(pt))) pt++;
  if (pt < n) throw invalidSyntax(kind, lit, 'Junk after closing right brace.');
  checkDim(kind, dim, max);
  checkExpectedDim(typmod, dim);
  return scratch.slice(0, dim);
}

/** vector_out / halfvec_out: '[1,2.5,-3]'. */
export function formatDense(v: Float32Array): string {
  let s = '[';
  for (let i = 0; i < v.length; i++) {
    if (i > 0) s += ',';
    s += formatFloat4(v[i]!);
  }
  return s + ']';
}

/** vector_cmp_internal / halfvec_cmp_internal: element by element, then the shorter first. */
export function compareDense(a: Float32Array, b: Float32Array): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function vectorSend(v: Value): Uint8Array {
  const a = v as Float32Array;
  const out = new Uint8Array(4 + 4 * a.length);
  const dv = new DataView(out.buffer);
  dv.setInt16(0, a.length);
  dv.setInt16(2, 0);
  for (let i = 0, o = 4; i < a.length; i++, o += 4) dv.setFloat32(o, a[i]!);
  return out;
}

function halfvecSend(v: Value): Uint8Array {
  const a = v as Float32Array;
  const out = new Uint8Array(4 + 2 * a.length);
  const dv = new DataView(out.buffer);
  dv.setInt16(0, a.length);
  dv.setInt16(2, 0);
  for (let i = 0, o = 4; i < a.length; i++, o += 2) dv.setUint16(o, float4ToHalfBits(a[i]!));
  return out;
}

/** vector_recv / halfvec_recv: the dimension is a signed int16, so > 32767 reads as negative. */
function denseRecv(kind: DenseKind, b: Uint8Array, typmod: number): Float32Array {
  const r = new BinaryReader(b);
  const dim = r.int16();
  const unused = r.int16();
  checkDim(kind, dim, kind === 'vector' ? VECTOR_MAX_DIM : HALFVEC_MAX_DIM);
  checkExpectedDim(typmod, dim);
  if (unused !== 0) throw dataException(`expected unused to be 0, not ${unused}`);
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) {
    if (kind === 'vector') {
      const x = r.float32();
      checkVectorElement(x);
      out[i] = x;
    } else {
      const x = halfBitsToFloat(r.uint16());
      checkHalfElement(x);
      out[i] = x;
    }
  }
  r.end();
  return out;
}

export const vectorType: PgType = {
  oid: VectorOid.vector,
  name: 'vector',
  len: -1,
  category: 'U',
  preferred: false,
  arrayOid: VectorOid._vector,
  elemOid: 0,
  delimiter: ',',
  toText: (v) => formatDense(v as Float32Array),
  fromText: (s, typmod) => parseDense('vector', s, typmod),
  toBinary: vectorSend,
  fromBinary: (b, typmod) => denseRecv('vector', b, typmod),
  compare: (a, b) => compareDense(a as Float32Array, b as Float32Array),
  typmodIn: dimsTypmodIn('vector', VECTOR_MAX_DIM),
  typmodOut,
};

export const halfvecType: PgType = {
  oid: VectorOid.halfvec,
  name: 'halfvec',
  len: -1,
  category: 'U',
  preferred: false,
  arrayOid: VectorOid._halfvec,
  elemOid: 0,
  delimiter: ',',
  toText: (v) => formatDense(v as Float32Array),
  fromText: (s, typmod) => parseDense('halfvec', s, typmod),
  toBinary: halfvecSend,
  fromBinary: (b, typmod) => denseRecv('halfvec', b, typmod),
  compare: (a, b) => compareDense(a as Float32Array, b as Float32Array),
  typmodIn: dimsTypmodIn('halfvec', HALFVEC_MAX_DIM),
  typmodOut,
};
