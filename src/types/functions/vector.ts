/**
 * pgvector 0.8's operators, functions and casts over vector, halfvec,
 * sparsevec and bit — the same names, argument types, result types, cast
 * contexts and error texts as its extension script (vector--0.8.1.sql) —
 * plus PostgreSQL's own bit-string operators and functions.
 *
 * Comparison operators (= <> < <= > >=) come from each type's `compare`
 * through compare.ts, as for every other type.
 */
import { defineCast, registerTypmodApplier } from '../casts.js';
import { PgError, SqlState } from '../errors.js';
import type { Numeric } from '../numeric.js';
import { Oid } from '../oids.js';
import { isPgArray, makeArray, type PgArray, type Value } from '../value.js';
import {
  applyBitTypmod,
  applyVarbitTypmod,
  makeBits,
  padBits,
  type BitString,
} from '../vector/bit.js';
import { checkDim, checkExpectedDim, dataException, differentDims, floatOverflow, floatUnderflow } from '../vector/common.js';
import { float4ToHalfBits, halfBitsToFloat } from '../vector/float.js';
import * as K from '../vector/kernels.js';
import { HALFVEC_MAX_DIM, SPARSEVEC_MAX_DIM, VECTOR_MAX_DIM, VectorOid } from '../vector/oids.js';
import { compareSparse, checkSparseElement, type SparseVec } from '../vector/sparsevec.js';
import { checkHalfElement, checkVectorElement, compareDense, toHalfChecked } from '../vector/vector.js';
import { fn, op, prefixOp } from './catalog.js';

const { vector, halfvec, sparsevec } = VectorOid;
const { float8, float4, int4, int8, bool, numeric, bit, varbit } = Oid;

type Dense = Float32Array;
type DenseKind = 'vector' | 'halfvec';
const V = (v: Value) => v as Dense;
const S = (v: Value) => v as SparseVec;
const B = (v: Value) => v as BitString;
const isInf = (x: number) => x === Infinity || x === -Infinity;

/** The vector_lt … vector_gt family, callable by name like pgvector's. */
const CMP_TESTS: [string, (c: number) => boolean][] = [
  ['lt', (c) => c < 0],
  ['le', (c) => c <= 0],
  ['eq', (c) => c === 0],
  ['ne', (c) => c !== 0],
  ['ge', (c) => c >= 0],
  ['gt', (c) => c > 0],
];

function sameDims(kind: string, a: { length: number }, b: { length: number }): void {
  if (a.length !== b.length) throw differentDims(kind, a.length, b.length);
}

function sameSparseDims(a: SparseVec, b: SparseVec): void {
  if (a.dim !== b.dim) throw differentDims('sparsevec', a.dim, b.dim);
}

// ------------------------------------------------------- distances (dense)

for (const kind of ['vector', 'halfvec'] as const) {
  const t = kind === 'vector' ? vector : halfvec;
  const l2 = (a: Value, b: Value) => {
    sameDims(kind, V(a), V(b));
    return Math.sqrt(K.l2SquaredDistance(V(a), V(b)));
  };
  const ip = (a: Value, b: Value) => {
    sameDims(kind, V(a), V(b));
    return K.innerProduct(V(a), V(b));
  };
  // -VectorInnerProduct: negated, so a zero product gives -0, as in C.
  const nip = (a: Value, b: Value) => -ip(a, b);
  const cos = (a: Value, b: Value) => {
    sameDims(kind, V(a), V(b));
    return K.cosineDistance(V(a), V(b));
  };
  const l1 = (a: Value, b: Value) => {
    sameDims(kind, V(a), V(b));
    return K.l1Distance(V(a), V(b));
  };
  op('<->', t, t, float8, l2);
  op('<#>', t, t, float8, nip);
  op('<=>', t, t, float8, cos);
  op('<+>', t, t, float8, l1);
  fn('l2_distance', [t, t], float8, (a) => l2(a[0], a[1]));
  fn('inner_product', [t, t], float8, (a) => ip(a[0], a[1]));
  fn('cosine_distance', [t, t], float8, (a) => cos(a[0], a[1]));
  fn('l1_distance', [t, t], float8, (a) => l1(a[0], a[1]));
  fn(`${kind}_l2_squared_distance`, [t, t], float8, (a) => {
    sameDims(kind, V(a[0]), V(a[1]));
    return K.l2SquaredDistance(V(a[0]), V(a[1]));
  });
  fn(`${kind}_negative_inner_product`, [t, t], float8, (a) => nip(a[0], a[1]));
  fn(`${kind}_spherical_distance`, [t, t], float8, (a) => {
    sameDims(kind, V(a[0]), V(a[1]));
    return K.sphericalDistance(V(a[0]), V(a[1]));
  });
  fn('vector_dims', [t], int4, (a) => V(a[0]).length);
}

fn('vector_norm', [vector], float8, (a) => K.l2Norm(V(a[0])));
fn('l2_norm', [halfvec], float8, (a) => K.l2Norm(V(a[0])));

// ------------------------------------------------------ arithmetic (dense)

/** Rounds a float4 result to the type's precision: identity for vector, binary16 for halfvec. */
function narrow(kind: DenseKind): (x: number) => number {
  return kind === 'vector' ? (x) => x : (x) => halfBitsToFloat(float4ToHalfBits(x));
}

for (const kind of ['vector', 'halfvec'] as const) {
  const t = kind === 'vector' ? vector : halfvec;
  const max = kind === 'vector' ? VECTOR_MAX_DIM : HALFVEC_MAX_DIM;
  const round = narrow(kind);
  const elementwise = (name: string, f: (x: number, y: number) => number, underflowCheck: boolean) => {
    const impl = (a: Dense, b: Dense): Dense => {
      sameDims(kind, a, b);
      const r = new Float32Array(a.length);
      for (let i = 0; i < a.length; i++) r[i] = round(Math.fround(f(a[i]!, b[i]!)));
      // Checked after the loop, as pgvector does (overflow first, then underflow, per element).
      for (let i = 0; i < r.length; i++) {
        if (isInf(r[i]!)) throw floatOverflow();
        if (underflowCheck && r[i] === 0 && !(a[i] === 0 || b[i] === 0)) throw floatUnderflow();
      }
      return r;
    };
    fn(`${kind}_${name}`, [t, t], t, (a) => impl(V(a[0]), V(a[1])));
    return impl;
  };
  const add = elementwise('add', (x, y) => x + y, false);
  const sub = elementwise('sub', (x, y) => x - y, false);
  const mul = elementwise('mul', (x, y) => x * y, true);
  op('+', t, t, t, (a, b) => add(V(a), V(b)));
  op('-', t, t, t, (a, b) => sub(V(a), V(b)));
  op('*', t, t, t, (a, b) => mul(V(a), V(b)));
  const concat = (a: Dense, b: Dense): Dense => {
    checkDim(kind, a.length + b.length, max);
    const r = new Float32Array(a.length + b.length);
    r.set(a);
    r.set(b, a.length);
    return r;
  };
  op('||', t, t, t, (a, b) => concat(V(a), V(b)));
  fn(`${kind}_concat`, [t, t], t, (a) => concat(V(a[0]), V(a[1])));

  fn('l2_normalize', [t], t, (a) => {
    const x = V(a[0]);
    const norm = K.l2Norm(x);
    const r = new Float32Array(x.length);
    // A zero vector normalizes to zeros.
    if (norm > 0) {
      for (let i = 0; i < x.length; i++) r[i] = round(Math.fround(x[i]! / norm));
      for (let i = 0; i < r.length; i++) if (isInf(r[i]!)) throw floatOverflow();
    }
    return r;
  });

  fn('binary_quantize', [t], bit, (a) => {
    const x = V(a[0]);
    const out = makeBits(x.length);
    for (let i = 0; i < x.length; i++) if (x[i]! > 0) out.bytes[i >> 3]! |= 0x80 >> (i & 7);
    return out;
  });

  fn('subvector', [t, int4, int4], t, (a) => {
    const x = V(a[0]);
    let start = a[1] as number;
    const count = a[2] as number;
    const dim = x.length;
    if (count < 1) throw dataException(`${kind} must have at least 1 dimension`);
    // end = start + count, clamped, computed without overflow as pgvector does.
    const end = start > dim - count ? dim + 1 : start + count;
    if (start < 1) start = 1;
    else if (start > dim) throw dataException(`${kind} must have at least 1 dimension`);
    const n = end - start;
    checkDim(kind, n, max);
    return x.slice(start - 1, start - 1 + n);
  });

  const cmp = (a: Value[]) => compareDense(V(a[0]), V(a[1]));
  fn(`${kind}_cmp`, [t, t], int4, cmp);
  for (const [suffix, test] of CMP_TESTS) fn(`${kind}_${suffix}`, [t, t], bool, (a) => test(cmp(a)));
}

// ------------------------------------------------------------- sparsevec

{
  const t = sparsevec;
  const l2 = (a: Value, b: Value) => {
    sameSparseDims(S(a), S(b));
    return Math.sqrt(K.sparseL2SquaredDistance(S(a), S(b)));
  };
  const ip = (a: Value, b: Value) => {
    sameSparseDims(S(a), S(b));
    return K.sparseInnerProduct(S(a), S(b));
  };
  const cos = (a: Value, b: Value) => {
    sameSparseDims(S(a), S(b));
    return K.sparseCosineDistance(S(a), S(b));
  };
  const l1 = (a: Value, b: Value) => {
    sameSparseDims(S(a), S(b));
    return K.sparseL1Distance(S(a), S(b));
  };
  op('<->', t, t, float8, l2);
  op('<#>', t, t, float8, (a, b) => -ip(a, b));
  op('<=>', t, t, float8, cos);
  op('<+>', t, t, float8, l1);
  fn('l2_distance', [t, t], float8, (a) => l2(a[0], a[1]));
  fn('inner_product', [t, t], float8, (a) => ip(a[0], a[1]));
  fn('cosine_distance', [t, t], float8, (a) => cos(a[0], a[1]));
  fn('l1_distance', [t, t], float8, (a) => l1(a[0], a[1]));
  fn('sparsevec_l2_squared_distance', [t, t], float8, (a) => {
    sameSparseDims(S(a[0]), S(a[1]));
    return K.sparseL2SquaredDistance(S(a[0]), S(a[1]));
  });
  fn('sparsevec_negative_inner_product', [t, t], float8, (a) => -ip(a[0], a[1]));
  fn('l2_norm', [t], float8, (a) => K.l2Norm(S(a[0]).values));
  fn('l2_normalize', [t], t, (a) => sparseNormalize(S(a[0])));
  const cmp = (a: Value[]) => compareSparse(S(a[0]), S(a[1]));
  fn('sparsevec_cmp', [t, t], int4, cmp);
  for (const [suffix, test] of CMP_TESTS) fn(`sparsevec_${suffix}`, [t, t], bool, (a) => test(cmp(a)));
}

/** sparsevec_l2_normalize: elements that underflow to 0 are dropped. */
function sparseNormalize(x: SparseVec): SparseVec {
  const norm = K.l2Norm(x.values);
  if (!(norm > 0)) return { dim: x.dim, indices: x.indices.slice(), values: x.values.slice() };
  const nnz = x.values.length;
  const values = new Float32Array(nnz);
  let zeros = 0;
  for (let i = 0; i < nnz; i++) {
    const r = Math.fround(x.values[i]! / norm);
    if (isInf(r)) throw floatOverflow();
    if (r === 0) zeros++;
    values[i] = r;
  }
  if (zeros === 0) return { dim: x.dim, indices: x.indices.slice(), values };
  const keepIdx = new Int32Array(nnz - zeros);
  const keepVal = new Float32Array(nnz - zeros);
  for (let i = 0, j = 0; i < nnz; i++) {
    if (values[i] === 0) continue;
    keepIdx[j] = x.indices[i]!;
    keepVal[j++] = values[i]!;
  }
  return { dim: x.dim, indices: keepIdx, values: keepVal };
}

// ---------------------------------------------------------------- bit

{
  const sameLength = (a: BitString, b: BitString) => {
    if (a.length !== b.length) throw dataException(`different bit lengths ${a.length} and ${b.length}`);
  };
  const hamming = (a: Value, b: Value) => {
    sameLength(B(a), B(b));
    return K.hammingDistance(B(a), B(b));
  };
  const jaccard = (a: Value, b: Value) => {
    sameLength(B(a), B(b));
    return K.jaccardDistance(B(a), B(b));
  };
  op('<~>', bit, bit, float8, hamming);
  op('<%>', bit, bit, float8, jaccard);
  fn('hamming_distance', [bit, bit], float8, (a) => hamming(a[0], a[1]));
  fn('jaccard_distance', [bit, bit], float8, (a) => jaccard(a[0], a[1]));
}

// -------------------------------------------------------- casts (pgvector)

/**
 * The elements of a 1-D array without NULLs, each converted to float4 the
 * way array_to_vector does: (float) of an int4 or float8, numeric_float4
 * for numeric (with its out-of-range error).
 */
function arrayFloats(arr: PgArray, check: (n: number) => void): Float32Array {
  if (arr.dims.length > 1) throw dataException('array must be 1-D');
  const items = arr.items;
  for (let i = 0; i < items.length; i++) {
    if (items[i] === null || items[i] === undefined) throw new PgError(SqlState.NullValueNotAllowed, 'array must not contain nulls');
  }
  check(items.length);
  const out = new Float32Array(items.length);
  switch (arr.elemOid) {
    case int4:
    case float8:
    case float4:
      for (let i = 0; i < items.length; i++) out[i] = items[i] as number;
      break;
    case numeric:
      for (let i = 0; i < items.length; i++) out[i] = (items[i] as Numeric).toFloat4();
      break;
    default:
      throw dataException('unsupported array type');
  }
  return out;
}

function asArray(v: Value): PgArray {
  if (!isPgArray(v)) throw new PgError(SqlState.InternalError, 'expected an array');
  return v;
}

function arrayToVector(v: Value, typmod: number): Dense {
  const out = arrayFloats(asArray(v), (n) => {
    checkDim('vector', n, VECTOR_MAX_DIM);
    checkExpectedDim(typmod, n);
  });
  for (let i = 0; i < out.length; i++) checkVectorElement(out[i]!);
  return out;
}

function arrayToHalfvec(v: Value, typmod: number): Dense {
  const arr = asArray(v);
  const f = arrayFloats(arr, (n) => {
    checkDim('halfvec', n, HALFVEC_MAX_DIM);
    checkExpectedDim(typmod, n);
  });
  for (let i = 0; i < f.length; i++) f[i] = toHalfChecked(f[i]!);
  for (let i = 0; i < f.length; i++) checkHalfElement(f[i]!);
  return f;
}

function arrayToSparsevec(v: Value, typmod: number): SparseVec {
  const f = arrayFloats(asArray(v), (n) => {
    checkDim('sparsevec', n, SPARSEVEC_MAX_DIM);
    checkExpectedDim(typmod, n);
  });
  for (let i = 0; i < f.length; i++) checkSparseElement(f[i]!);
  return denseToSparse(f);
}

/** The non-zero elements of a dense vector (−0 counts as zero). */
function denseToSparse(x: Dense): SparseVec {
  let nnz = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) nnz++;
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  for (let i = 0, j = 0; i < x.length; i++) {
    if (x[i] !== 0) {
      indices[j] = i;
      values[j++] = x[i]!;
    }
  }
  return { dim: x.length, indices, values };
}

function toFloat4Array(x: Dense): PgArray {
  return makeArray(float4, Array.from(x));
}

const vectorToHalfvec = (x: Dense, typmod: number): Dense => {
  checkDim('halfvec', x.length, HALFVEC_MAX_DIM);
  checkExpectedDim(typmod, x.length);
  const r = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) r[i] = toHalfChecked(x[i]!);
  return r;
};

const halfvecToVector = (x: Dense, typmod: number): Dense => {
  checkDim('vector', x.length, VECTOR_MAX_DIM);
  checkExpectedDim(typmod, x.length);
  return x.slice();
};

const sparseToDense = (kind: DenseKind, x: SparseVec, typmod: number): Dense => {
  checkDim(kind, x.dim, kind === 'vector' ? VECTOR_MAX_DIM : HALFVEC_MAX_DIM);
  checkExpectedDim(typmod, x.dim);
  const r = new Float32Array(x.dim);
  for (let i = 0; i < x.indices.length; i++) r[x.indices[i]!] = kind === 'vector' ? x.values[i]! : toHalfChecked(x.values[i]!);
  return r;
};

const denseToSparseChecked = (x: Dense, typmod: number): SparseVec => {
  checkDim('sparsevec', x.length, SPARSEVEC_MAX_DIM);
  checkExpectedDim(typmod, x.length);
  return denseToSparse(x);
};

const ARRAY_SOURCES = [
  [Oid._int4, int4],
  [Oid._float4, float4],
  [Oid._float8, float8],
  [Oid._numeric, numeric],
] as const;

// vector
defineCast(vector, Oid._float4, 'i', (v) => toFloat4Array(V(v)));
for (const [arrOid] of ARRAY_SOURCES) {
  defineCast(arrOid, vector, 'a', (v) => arrayToVector(v, -1));
  defineCast(arrOid, halfvec, 'a', (v) => arrayToHalfvec(v, -1));
  defineCast(arrOid, sparsevec, 'a', (v) => arrayToSparsevec(v, -1));
  fn('array_to_vector', [arrOid, int4, bool], vector, (a) => arrayToVector(a[0], a[1] as number));
  fn('array_to_halfvec', [arrOid, int4, bool], halfvec, (a) => arrayToHalfvec(a[0], a[1] as number));
  fn('array_to_sparsevec', [arrOid, int4, bool], sparsevec, (a) => arrayToSparsevec(a[0], a[1] as number));
}
// halfvec
defineCast(halfvec, vector, 'a', (v) => halfvecToVector(V(v), -1));
defineCast(vector, halfvec, 'i', (v) => vectorToHalfvec(V(v), -1));
defineCast(halfvec, Oid._float4, 'a', (v) => toFloat4Array(V(v)));
// sparsevec
defineCast(sparsevec, vector, 'a', (v) => sparseToDense('vector', S(v), -1));
defineCast(vector, sparsevec, 'i', (v) => denseToSparseChecked(V(v), -1));
defineCast(sparsevec, halfvec, 'a', (v) => sparseToDense('halfvec', S(v), -1));
defineCast(halfvec, sparsevec, 'i', (v) => denseToSparseChecked(V(v), -1));

// The conversion functions behind those casts, callable by name as in pgvector.
fn('vector_to_float4', [vector, int4, bool], Oid._float4, (a) => toFloat4Array(V(a[0])));
fn('halfvec_to_float4', [halfvec, int4, bool], Oid._float4, (a) => toFloat4Array(V(a[0])));
fn('halfvec_to_vector', [halfvec, int4, bool], vector, (a) => halfvecToVector(V(a[0]), a[1] as number));
fn('vector_to_halfvec', [vector, int4, bool], halfvec, (a) => vectorToHalfvec(V(a[0]), a[1] as number));
fn('sparsevec_to_vector', [sparsevec, int4, bool], vector, (a) => sparseToDense('vector', S(a[0]), a[1] as number));
fn('sparsevec_to_halfvec', [sparsevec, int4, bool], halfvec, (a) => sparseToDense('halfvec', S(a[0]), a[1] as number));
fn('vector_to_sparsevec', [vector, int4, bool], sparsevec, (a) => denseToSparseChecked(V(a[0]), a[1] as number));
fn('halfvec_to_sparsevec', [halfvec, int4, bool], sparsevec, (a) => denseToSparseChecked(V(a[0]), a[1] as number));

// Typmod coercions: vector(3) and friends check the dimension on assignment and cast alike.
const checkDenseTypmod = (v: Value, typmod: number): Value => {
  checkExpectedDim(typmod, V(v).length);
  return v;
};
registerTypmodApplier(vector, checkDenseTypmod);
registerTypmodApplier(halfvec, checkDenseTypmod);
registerTypmodApplier(sparsevec, (v, typmod) => {
  checkExpectedDim(typmod, S(v).dim);
  return v;
});
fn('vector', [vector, int4, bool], vector, (a) => checkDenseTypmod(a[0], a[1] as number));
fn('halfvec', [halfvec, int4, bool], halfvec, (a) => checkDenseTypmod(a[0], a[1] as number));
fn('sparsevec', [sparsevec, int4, bool], sparsevec, (a) => {
  checkExpectedDim(a[1] as number, S(a[0]).dim);
  return a[0];
});

// ------------------------------------- aggregate support functions by name

/** CheckStateArray: a 1-D float8[] without NULLs; anything else is an internal error. */
function stateValues(v: Value, caller: string): number[] {
  const arr = asArray(v);
  if (arr.dims.length !== 1 || arr.items.length < 1 || arr.elemOid !== float8 || arr.items.some((x) => x === null)) {
    throw new PgError(SqlState.InternalError, `${caller}: expected state array`);
  }
  return arr.items as number[];
}

for (const kind of ['vector', 'halfvec'] as const) {
  const t = kind === 'vector' ? vector : halfvec;
  fn(`${kind}_accum`, [Oid._float8, t], Oid._float8, (a) => {
    const st = stateValues(a[0], `${kind}_accum`);
    const x = V(a[1]);
    const dim = st.length - 1;
    const out: number[] = [st[0]! + 1];
    if (dim === 0) for (let i = 0; i < x.length; i++) out.push(x[i]!);
    else {
      checkExpectedDim(dim, x.length);
      for (let i = 0; i < dim; i++) {
        const s = st[i + 1]! + x[i]!;
        if (isInf(s)) throw floatOverflow();
        out.push(s);
      }
    }
    return makeArray(float8, out);
  });
  fn(`${kind}_combine`, [Oid._float8, Oid._float8], Oid._float8, (a) => {
    const s1 = stateValues(a[0], 'vector_combine');
    const s2 = stateValues(a[1], 'vector_combine');
    if (s1[0] === 0) return makeArray(float8, s2.slice());
    if (s2[0] === 0) return makeArray(float8, s1.slice());
    checkExpectedDim(s1.length - 1, s2.length - 1);
    const out: number[] = [s1[0]! + s2[0]!];
    for (let i = 1; i < s1.length; i++) {
      const s = s1[i]! + s2[i]!;
      if (isInf(s)) throw floatOverflow();
      out.push(s);
    }
    return makeArray(float8, out);
  });
  fn(`${kind}_avg`, [Oid._float8], t, (a) => {
    const st = stateValues(a[0], `${kind}_avg`);
    const n = st[0]!;
    if (n === 0) return null;
    const dim = st.length - 1;
    checkDim(kind, dim, kind === 'vector' ? VECTOR_MAX_DIM : HALFVEC_MAX_DIM);
    const r = new Float32Array(dim);
    for (let i = 0; i < dim; i++) {
      const x = Math.fround(st[i + 1]! / n);
      if (kind === 'vector') {
        checkVectorElement(x);
        r[i] = x;
      } else {
        const h = toHalfChecked(x);
        checkHalfElement(h);
        r[i] = h;
      }
    }
    return r;
  });
}

// ------------------------------------------------- PostgreSQL bit strings

// bit and varbit share one representation; PostgreSQL's casts between them are implicit and binary-coercible.
defineCast(bit, varbit, 'i');
defineCast(varbit, bit, 'i');
registerTypmodApplier(bit, (v, typmod, explicit) => applyBitTypmod(B(v), typmod, explicit));
registerTypmodApplier(varbit, (v, typmod, explicit) => applyVarbitTypmod(B(v), typmod, explicit));

/** bittoint4 / bittoint8: the bits as an unsigned number, wrapped to the signed type. */
defineCast(bit, int4, 'e', (v) => {
  const b = B(v);
  if (b.length > 32) throw new PgError(SqlState.NumericValueOutOfRange, 'integer out of range');
  let r = 0;
  for (let i = 0; i < b.bytes.length; i++) r = r * 256 + b.bytes[i]!;
  return (r / 2 ** ((8 - (b.length & 7)) & 7)) | 0;
});
defineCast(bit, int8, 'e', (v) => {
  const b = B(v);
  if (b.length > 64) throw new PgError(SqlState.NumericValueOutOfRange, 'bigint out of range');
  let r = 0n;
  for (let i = 0; i < b.bytes.length; i++) r = (r << 8n) | BigInt(b.bytes[i]!);
  return BigInt.asIntN(64, r >> BigInt((8 - (b.length & 7)) & 7));
});

function bitwise(name: string, f: (x: number, y: number) => number): (a: Value, b: Value) => BitString {
  return (a, b) => {
    const x = B(a);
    const y = B(b);
    if (x.length !== y.length) throw new PgError('22026', `cannot ${name} bit strings of different sizes`);
    const out = makeBits(x.length);
    for (let i = 0; i < out.bytes.length; i++) out.bytes[i] = f(x.bytes[i]!, y.bytes[i]!);
    return out;
  };
}
op('&', bit, bit, bit, bitwise('AND', (x, y) => x & y));
op('|', bit, bit, bit, bitwise('OR', (x, y) => x | y));
op('#', bit, bit, bit, bitwise('XOR', (x, y) => x ^ y));
prefixOp('~', bit, bit, (a) => {
  const x = B(a);
  const out = makeBits(x.length);
  for (let i = 0; i < out.bytes.length; i++) out.bytes[i] = ~x.bytes[i]! & 0xff;
  return padBits(out);
});

function getBit(b: BitString, i: number): number {
  return (b.bytes[i >> 3]! >> (7 - (i & 7))) & 1;
}

/** The bits of b moved `shift` places left (negative: right), zero-filled, same length. */
function shiftBits(b: BitString, shift: number): BitString {
  const out = makeBits(b.length);
  const n = b.length;
  for (let i = 0; i < n; i++) {
    const src = i + shift;
    if (src >= 0 && src < n && getBit(b, src)) out.bytes[i >> 3]! |= 0x80 >> (i & 7);
  }
  return out;
}
op('<<', bit, int4, bit, (a, s) => shiftBits(B(a), s as number));
op('>>', bit, int4, bit, (a, s) => shiftBits(B(a), -(s as number)));

/** bitcat: the result is bit varying. */
op('||', varbit, varbit, varbit, (a, b) => {
  const x = B(a);
  const y = B(b);
  const out = makeBits(x.length + y.length);
  out.bytes.set(x.bytes);
  for (let i = 0; i < y.length; i++) if (getBit(y, i)) out.bytes[(x.length + i) >> 3]! |= 0x80 >> ((x.length + i) & 7);
  return out;
});

fn('length', [bit], int4, (a) => B(a[0]).length);
fn('bit_length', [bit], int4, (a) => B(a[0]).length);
fn('octet_length', [bit], int4, (a) => B(a[0]).bytes.length);
fn('bit_count', [bit], int8, (a) => BigInt(K.popcountBytes(B(a[0]).bytes)));

function checkBitIndex(b: BitString, n: number): void {
  if (n < 0 || n >= b.length) {
    throw new PgError(SqlState.ArraySubscriptError, `bit index ${n} out of valid range (0..${b.length - 1})`);
  }
}
fn('get_bit', [bit, int4], int4, (a) => {
  const b = B(a[0]);
  checkBitIndex(b, a[1] as number);
  return getBit(b, a[1] as number);
});
fn('set_bit', [bit, int4, int4], bit, (a) => {
  const b = B(a[0]);
  const n = a[1] as number;
  checkBitIndex(b, n);
  const nb = a[2] as number;
  if (nb !== 0 && nb !== 1) throw new PgError(SqlState.InvalidParameterValue, 'new bit must be 0 or 1');
  const out = makeBits(b.length, b.bytes.slice());
  if (nb) out.bytes[n >> 3]! |= 0x80 >> (n & 7);
  else out.bytes[n >> 3]! &= ~(0x80 >> (n & 7)) & 0xff;
  return out;
});
