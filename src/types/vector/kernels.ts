/**
 * Distance kernels, written to give pgvector's results to the last bit.
 *
 * pgvector accumulates distances in C `float` (float4), adding one term at
 * a time, and widens to double only at the end; so these loops round every
 * product and every partial sum to float4 with Math.fround. (Rounding the
 * exact double result of a float4 op to float4 is the same as doing the op
 * in float4: double has more than 2·24+2 bits, so no double rounding.)
 * This matches pgvector's scalar order, which is what its portable build
 * (and the PGlite/WASM build used as the test oracle) computes. A native
 * x86-64 build auto-vectorises these loops with reassociation and FMA,
 * which can differ in the last bits for vectors longer than 8 dims; no
 * single order can match every build.
 *
 * The loops are allocation-free and monomorphic over Float32Array: they are
 * the hot path of exact k-NN. vector and halfvec share them, since a halfvec
 * value holds its elements widened to float4 (see vector.ts).
 */
import type { BitString } from './bit.js';
import type { SparseVec } from './sparsevec.js';

const fround = Math.fround;

/** VectorL2SquaredDistance: Σ (a−b)², in float4. */
export function l2SquaredDistance(a: Float32Array, b: Float32Array): number {
  let d = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const diff = fround(a[i]! - b[i]!);
    d = fround(d + fround(diff * diff));
  }
  return d;
}

/** VectorInnerProduct: Σ a·b, in float4. */
export function innerProduct(a: Float32Array, b: Float32Array): number {
  let d = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) d = fround(d + fround(a[i]! * b[i]!));
  return d;
}

/** VectorCosineSimilarity: the three sums in float4, combined in double as sim / √(‖a‖²·‖b‖²). */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let sim = 0;
  let na = 0;
  let nb = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    sim = fround(sim + fround(x * y));
    na = fround(na + fround(x * x));
    nb = fround(nb + fround(y * y));
  }
  return sim / Math.sqrt(na * nb);
}

/** cosine_distance: 1 − similarity clamped to [−1, 1]; NaN (zero vectors) stays NaN. */
export function cosineDistanceFromSimilarity(similarity: number): number {
  if (similarity > 1) similarity = 1;
  else if (similarity < -1) similarity = -1;
  return 1 - similarity;
}

export function cosineDistance(a: Float32Array, b: Float32Array): number {
  return cosineDistanceFromSimilarity(cosineSimilarity(a, b));
}

/** VectorL1Distance: Σ |a−b|, in float4. */
export function l1Distance(a: Float32Array, b: Float32Array): number {
  let d = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) d = fround(d + Math.abs(fround(a[i]! - b[i]!)));
  return d;
}

/** vector_spherical_distance: acos(clamped inner product) / π, for unit vectors. */
export function sphericalDistance(a: Float32Array, b: Float32Array): number {
  let d = innerProduct(a, b);
  if (d > 1) d = 1;
  else if (d < -1) d = -1;
  return Math.acos(d) / Math.PI;
}

/** vector_norm / l2_norm: √Σ a², accumulated in double. */
export function l2Norm(a: Float32Array | readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    s += x * x;
  }
  return Math.sqrt(s);
}

// ---------------------------------------------------------------- sparse

/** SparsevecL2SquaredDistance: a merge over both index lists, in pgvector's term order. */
export function sparseL2SquaredDistance(a: SparseVec, b: SparseVec): number {
  const ax = a.values;
  const bx = b.values;
  const ai_ = a.indices;
  const bi_ = b.indices;
  const an = ai_.length;
  const bn = bi_.length;
  let d = 0;
  let bpos = 0;
  for (let i = 0; i < an; i++) {
    const ai = ai_[i]!;
    let bi = -1;
    for (let j = bpos; j < bn; j++) {
      bi = bi_[j]!;
      if (ai === bi) {
        const diff = fround(ax[i]! - bx[j]!);
        d = fround(d + fround(diff * diff));
      } else if (ai > bi) d = fround(d + fround(bx[j]! * bx[j]!));
      if (ai >= bi) bpos = j + 1;
      if (bi >= ai) break;
    }
    if (ai !== bi) d = fround(d + fround(ax[i]! * ax[i]!));
  }
  for (let j = bpos; j < bn; j++) d = fround(d + fround(bx[j]! * bx[j]!));
  return d;
}

/** SparsevecInnerProduct: products of the shared indices, in float4. */
export function sparseInnerProduct(a: SparseVec, b: SparseVec): number {
  const ax = a.values;
  const bx = b.values;
  const ai_ = a.indices;
  const bi_ = b.indices;
  const an = ai_.length;
  const bn = bi_.length;
  let d = 0;
  let bpos = 0;
  for (let i = 0; i < an; i++) {
    const ai = ai_[i]!;
    for (let j = bpos; j < bn; j++) {
      const bi = bi_[j]!;
      if (ai === bi) d = fround(d + fround(ax[i]! * bx[j]!));
      if (ai >= bi) bpos = j + 1;
      if (bi >= ai) break;
    }
  }
  return d;
}

function sumSquaresF4(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s = fround(s + fround(x[i]! * x[i]!));
  return s;
}

export function sparseCosineDistance(a: SparseVec, b: SparseVec): number {
  const sim = sparseInnerProduct(a, b);
  const na = sumSquaresF4(a.values);
  const nb = sumSquaresF4(b.values);
  return cosineDistanceFromSimilarity(sim / Math.sqrt(na * nb));
}

export function sparseL1Distance(a: SparseVec, b: SparseVec): number {
  const ax = a.values;
  const bx = b.values;
  const ai_ = a.indices;
  const bi_ = b.indices;
  const an = ai_.length;
  const bn = bi_.length;
  let d = 0;
  let bpos = 0;
  for (let i = 0; i < an; i++) {
    const ai = ai_[i]!;
    let bi = -1;
    for (let j = bpos; j < bn; j++) {
      bi = bi_[j]!;
      if (ai === bi) d = fround(d + Math.abs(fround(ax[i]! - bx[j]!)));
      else if (ai > bi) d = fround(d + Math.abs(bx[j]!));
      if (ai >= bi) bpos = j + 1;
      if (bi >= ai) break;
    }
    if (ai !== bi) d = fround(d + Math.abs(ax[i]!));
  }
  for (let j = bpos; j < bn; j++) d = fround(d + Math.abs(bx[j]!));
  return d;
}

// ------------------------------------------------------------------ bits

const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!;

export function popcountBytes(x: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < x.length; i++) c += POPCOUNT[x[i]!]!;
  return c;
}

/** Number of differing bits (lengths already checked equal). */
export function hammingDistance(a: BitString, b: BitString): number {
  const ax = a.bytes;
  const bx = b.bytes;
  let d = 0;
  for (let i = 0; i < ax.length; i++) d += POPCOUNT[ax[i]! ^ bx[i]!]!;
  return d;
}

/** 1 − |a∧b| / |a∨b|, and 1 when a∧b is empty (BitJaccardDistance). */
export function jaccardDistance(a: BitString, b: BitString): number {
  const ax = a.bytes;
  const bx = b.bytes;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < ax.length; i++) {
    const x = ax[i]!;
    const y = bx[i]!;
    ab += POPCOUNT[x & y]!;
    aa += POPCOUNT[x]!;
    bb += POPCOUNT[y]!;
  }
  if (ab === 0) return 1;
  return 1 - ab / (aa + bb - ab);
}

// ------------------------------------------------------ by operator name

/**
 * The SQL distance operators as plain functions, for exact k-NN and index
 * re-ranking: the same values the operators return, without the dimension
 * check (callers compare vectors of one column, already checked).
 */
export const denseDistance: Readonly<Record<'<->' | '<#>' | '<=>' | '<+>', (a: Float32Array, b: Float32Array) => number>> = {
  '<->': (a, b) => Math.sqrt(l2SquaredDistance(a, b)),
  '<#>': (a, b) => -innerProduct(a, b),
  '<=>': cosineDistance,
  '<+>': l1Distance,
};

export const sparseDistance: Readonly<Record<'<->' | '<#>' | '<=>' | '<+>', (a: SparseVec, b: SparseVec) => number>> = {
  '<->': (a, b) => Math.sqrt(sparseL2SquaredDistance(a, b)),
  '<#>': (a, b) => -sparseInnerProduct(a, b),
  '<=>': sparseCosineDistance,
  '<+>': sparseL1Distance,
};

export const bitDistance: Readonly<Record<'<~>' | '<%>', (a: BitString, b: BitString) => number>> = {
  '<~>': hammingDistance,
  '<%>': jaccardDistance,
};
