/**
 * pgvector's `sparsevec`: a dimension plus the non-zero elements, with
 * indices ascending and unique.
 *
 * Value: SparseVec { dim, indices (0-based, Int32Array), values (Float32Array) }.
 * Text: '{1:1.5,3:2}/5' with 1-based indices; zeros written in the text are
 * dropped. Binary: int32 dim, int32 nnz, int32 unused (0), nnz int32
 * 0-based indices, nnz float4 values, big-endian (sparsevec_send).
 */
import { PgError, SqlState } from '../errors.js';
import type { PgType } from '../type.js';
import type { Value } from '../value.js';
import { BinaryReader, checkDim, checkExpectedDim, dataException, dimsTypmodIn, isSpace, skipSpaces, typmodOut } from './common.js';
import { formatFloat4, strtof } from './float.js';
import { SPARSEVEC_MAX_DIM, SPARSEVEC_MAX_NNZ, VectorOid } from './oids.js';

export interface SparseVec {
  readonly dim: number;
  /** 0-based, strictly ascending. */
  readonly indices: Int32Array;
  /** Non-zero and finite, one per index. */
  readonly values: Float32Array;
}

export function makeSparse(dim: number, indices: Int32Array, values: Float32Array): SparseVec {
  return { dim, indices, values };
}

export function checkSparseElement(v: number): void {
  if (v !== v) throw dataException('NaN not allowed in sparsevec');
  if (v === Infinity || v === -Infinity) throw dataException('infinite value not allowed in sparsevec');
}

function checkNnz(nnz: number, dim: number): void {
  if (nnz < 0) throw dataException('sparsevec cannot have negative number of elements');
  if (nnz > SPARSEVEC_MAX_NNZ) {
    throw new PgError(SqlState.ProgramLimitExceeded, `sparsevec cannot have more than ${SPARSEVEC_MAX_NNZ} non-zero elements`);
  }
  if (nnz > dim) throw new PgError(SqlState.ProgramLimitExceeded, 'sparsevec cannot have more elements than dimensions');
}

/** CheckIndex: in range, ascending, no duplicates. */
function checkIndex(indices: Int32Array, i: number, dim: number): void {
  const index = indices[i]!;
  if (index < 0 || index >= dim) throw dataException('sparsevec index out of bounds');
  if (i > 0) {
    if (index < indices[i - 1]!) throw dataException('sparsevec indices must be in ascending order');
    if (index === indices[i - 1]!) throw dataException('sparsevec indices must not contain duplicates');
  }
}

function invalidSyntax(lit: string, detail?: string): PgError {
  return new PgError(SqlState.InvalidTextRepresentation, `invalid input syntax for type sparsevec: "${lit}"`, detail ? { detail } : {});
}

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

/**
 * strtol(s + i, 10), clamped to the int range as sparsevec_in does; end is
 * i when there are no digits.
 */
function strtol(s: string, i: number): { value: number; end: number } {
  const start = i;
  i = skipSpaces(s, i);
  let neg = false;
  const c = s.charCodeAt(i);
  if (c === 43 || c === 45) {
    neg = c === 45;
    i++;
  }
  const d0 = i;
  let v = 0;
  while (i < s.length) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    // Past ~2^53 precision no longer matters: the result is clamped to int range.
    if (v < 1e16) v = v * 10 + d;
    i++;
  }
  if (i === d0) return { value: 0, end: start };
  return { value: neg ? -v : v, end: i };
}

/** sparsevec_in, with its checks in its order. */
export function parseSparse(lit: string, typmod: number): SparseVec {
  // Like sparsevec_in, bound the element count by the commas before parsing.
  let maxNnz = 1;
  for (let i = 0; i < lit.length; i++) if (lit.charCodeAt(i) === 44) maxNnz++;
  if (maxNnz > SPARSEVEC_MAX_NNZ) {
    throw new PgError(SqlState.ProgramLimitExceeded, `sparsevec cannot have more than ${SPARSEVEC_MAX_NNZ} non-zero elements`);
  }
  const idx: number[] = [];
  const vals: number[] = [];
  let pt = skipSpaces(lit, 0);
  if (lit.charCodeAt(pt) !== 123) throw invalidSyntax(lit, 'Vector contents must start with "{".');
  pt = skipSpaces(lit, pt + 1);
  if (lit.charCodeAt(pt) === 125) pt++;
  else {
    for (;;) {
      pt = skipSpaces(lit, pt);
      if (pt >= lit.length) throw invalidSyntax(lit);
      const ix = strtol(lit, pt);
      if (ix.end === pt) throw invalidSyntax(lit);
      // Kept in int range so a huge index reports "out of bounds" later.
      const index = ix.value > INT_MAX ? INT_MAX : ix.value < INT_MIN + 1 ? INT_MIN + 1 : ix.value;
      pt = skipSpaces(lit, ix.end);
      if (lit.charCodeAt(pt) !== 58) throw invalidSyntax(lit);
      pt = skipSpaces(lit, pt + 1);
      const r = strtof(lit, pt);
      if (r.end === pt) throw invalidSyntax(lit);
      const value = r.value;
      if (r.erange) {
        throw new PgError(SqlState.NumericValueOutOfRange, `"${lit.slice(pt, r.end)}" is out of range for type sparsevec`);
      }
      checkSparseElement(value);
      // Zeros are not stored.
      if (value !== 0) {
        idx.push(index - 1);
        vals.push(value);
      }
      pt = skipSpaces(lit, r.end);
      const c = lit.charCodeAt(pt);
      if (c === 44) pt++;
      else if (c === 125) {
        pt++;
        break;
      } else throw invalidSyntax(lit);
    }
  }
  pt = skipSpaces(lit, pt);
  if (lit.charCodeAt(pt) !== 47) throw invalidSyntax(lit, 'Unexpected end of input.');
  pt = skipSpaces(lit, pt + 1);
  const d = strtol(lit, pt);
  if (d.end === pt) throw invalidSyntax(lit);
  const dim = d.value > INT_MAX ? INT_MAX : d.value < INT_MIN ? INT_MIN : d.value;
  pt = d.end;
  while (pt < lit.length && isSpace(lit.charCodeAt(pt))) pt++;
  if (pt < lit.length) throw invalidSyntax(lit, 'Junk after closing.');
  checkDim('sparsevec', dim, SPARSEVEC_MAX_DIM);
  checkExpectedDim(typmod, dim);
  // Stable sort by index, as qsort leaves equal indices adjacent for the duplicate check.
  const order = idx.map((_, i) => i).sort((a, b) => idx[a]! - idx[b]! || a - b);
  const nnz = order.length;
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  for (let i = 0; i < nnz; i++) {
    indices[i] = idx[order[i]!]!;
    values[i] = vals[order[i]!]!;
    checkIndex(indices, i, dim);
  }
  return { dim, indices, values };
}

/** sparsevec_out: '{1:1.5,3:2}/5'. */
export function formatSparse(v: SparseVec): string {
  let s = '{';
  for (let i = 0; i < v.indices.length; i++) {
    if (i > 0) s += ',';
    s += String(v.indices[i]! + 1) + ':' + formatFloat4(v.values[i]!);
  }
  return s + '}/' + String(v.dim);
}

function sparseSend(v: Value): Uint8Array {
  const a = v as SparseVec;
  const nnz = a.indices.length;
  const out = new Uint8Array(12 + 8 * nnz);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, a.dim);
  dv.setInt32(4, nnz);
  dv.setInt32(8, 0);
  let o = 12;
  for (let i = 0; i < nnz; i++, o += 4) dv.setInt32(o, a.indices[i]!);
  for (let i = 0; i < nnz; i++, o += 4) dv.setFloat32(o, a.values[i]!);
  return out;
}

/** sparsevec_recv: indices are 0-based on the wire; zero values are refused. */
function sparseRecv(b: Uint8Array, typmod: number): SparseVec {
  const r = new BinaryReader(b);
  const dim = r.int32();
  const nnz = r.int32();
  const unused = r.int32();
  checkDim('sparsevec', dim, SPARSEVEC_MAX_DIM);
  checkNnz(nnz, dim);
  checkExpectedDim(typmod, dim);
  if (unused !== 0) throw dataException(`expected unused to be 0, not ${unused}`);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  for (let i = 0; i < nnz; i++) {
    indices[i] = r.int32();
    checkIndex(indices, i, dim);
  }
  for (let i = 0; i < nnz; i++) {
    const x = r.float32();
    checkSparseElement(x);
    if (x === 0) throw dataException('binary representation of sparsevec cannot contain zero values');
    values[i] = x;
  }
  r.end();
  return { dim, indices, values };
}

/**
 * sparsevec_cmp_internal: by the values at the positions in order (an
 * absent element counts as 0), then by dimension.
 */
export function compareSparse(a: SparseVec, b: SparseVec): number {
  const ax = a.values;
  const bx = b.values;
  const an = a.indices.length;
  const bn = b.indices.length;
  const nnz = an < bn ? an : bn;
  for (let i = 0; i < nnz; i++) {
    const ai = a.indices[i]!;
    const bi = b.indices[i]!;
    if (ai < bi) return ax[i]! < 0 ? -1 : 1;
    if (ai > bi) return bx[i]! < 0 ? 1 : -1;
    if (ax[i]! < bx[i]!) return -1;
    if (ax[i]! > bx[i]!) return 1;
  }
  if (an < bn && b.indices[nnz]! < a.dim) return bx[nnz]! < 0 ? 1 : -1;
  if (an > bn && a.indices[nnz]! < b.dim) return ax[nnz]! < 0 ? -1 : 1;
  return a.dim < b.dim ? -1 : a.dim > b.dim ? 1 : 0;
}

export const sparsevecType: PgType = {
  oid: VectorOid.sparsevec,
  name: 'sparsevec',
  len: -1,
  category: 'U',
  preferred: false,
  arrayOid: VectorOid._sparsevec,
  elemOid: 0,
  delimiter: ',',
  toText: (v) => formatSparse(v as SparseVec),
  fromText: (s, typmod) => parseSparse(s, typmod),
  toBinary: sparseSend,
  fromBinary: (b, typmod) => sparseRecv(b, typmod),
  compare: (a, b) => compareSparse(a as SparseVec, b as SparseVec),
  typmodIn: dimsTypmodIn('sparsevec', SPARSEVEC_MAX_DIM),
  typmodOut,
};
