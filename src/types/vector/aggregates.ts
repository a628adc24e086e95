/**
 * pgvector's aggregates: avg and sum over vector and halfvec.
 *
 * avg keeps pgvector's state (vector_accum/halfvec_accum): a count and a
 * float8 running sum per dimension, then divides in double and narrows to
 * float4 (and to binary16 for halfvec). sum folds vector_add/halfvec_add,
 * so it adds in float4 (binary16) with their overflow checks.
 */
import type { AggregateDef } from '../functions/aggregates.js';
import { checkExpectedDim, differentDims, floatOverflow } from './common.js';
import { float4ToHalfBits, halfBitsToFloat } from './float.js';
import { VectorOid } from './oids.js';
import { checkHalfElement, checkVectorElement, toHalfChecked } from './vector.js';

/**
 * pg_proc OIDs for the aggregates: an extension's functions get OIDs at
 * CREATE EXTENSION time, so these are fixed ones next to the type OIDs
 * (see oids.ts), outside the range user objects are allocated from.
 */
export const VectorAggregateOid = {
  avgVector: 8011,
  sumVector: 8012,
  avgHalfvec: 8013,
  sumHalfvec: 8014,
} as const;

class AvgState {
  n = 0;
  sums: Float64Array | null = null;
}

function avgStep(s: unknown, args: readonly unknown[]): unknown {
  const st = s as AvgState;
  const x = args[0] as Float32Array;
  if (st.sums === null) {
    st.sums = Float64Array.from(x);
  } else {
    const sums = st.sums;
    checkExpectedDim(sums.length, x.length);
    for (let i = 0; i < sums.length; i++) {
      const v = sums[i]! + x[i]!;
      if (v === Infinity || v === -Infinity) throw floatOverflow();
      sums[i] = v;
    }
  }
  st.n++;
  return st;
}

function sumStep(half: boolean): (s: unknown, args: readonly unknown[]) => unknown {
  const name = half ? 'halfvec' : 'vector';
  return (s, args) => {
    const x = args[0] as Float32Array;
    // The first value becomes the state (a copy: the state is then added into in place).
    if (s === null) return Float32Array.from(x);
    const acc = s as Float32Array;
    if (acc.length !== x.length) throw differentDims(name, acc.length, x.length);
    for (let i = 0; i < acc.length; i++) {
      const f = Math.fround(acc[i]! + x[i]!);
      const r = half ? halfBitsToFloat(float4ToHalfBits(f)) : f;
      if (r === Infinity || r === -Infinity) throw floatOverflow();
      acc[i] = r;
    }
    return acc;
  };
}

export const vectorAggregates: readonly AggregateDef[] = [
  {
    name: 'avg',
    args: [VectorOid.vector],
    ret: VectorOid.vector,
    strict: true,
    oid: VectorAggregateOid.avgVector,
    init: () => new AvgState(),
    step: avgStep,
    final: (s) => {
      const st = s as AvgState;
      if (st.n === 0 || st.sums === null) return null;
      const out = new Float32Array(st.sums.length);
      for (let i = 0; i < out.length; i++) {
        const x = Math.fround(st.sums[i]! / st.n);
        checkVectorElement(x);
        out[i] = x;
      }
      return out;
    },
  },
  {
    name: 'sum',
    args: [VectorOid.vector],
    ret: VectorOid.vector,
    strict: true,
    oid: VectorAggregateOid.sumVector,
    init: () => null,
    step: sumStep(false),
    // A copy, so that a window frame that keeps stepping cannot change a result already returned.
    final: (s) => (s === null ? null : Float32Array.from(s as Float32Array)),
  },
  {
    name: 'avg',
    args: [VectorOid.halfvec],
    ret: VectorOid.halfvec,
    strict: true,
    oid: VectorAggregateOid.avgHalfvec,
    init: () => new AvgState(),
    step: avgStep,
    final: (s) => {
      const st = s as AvgState;
      if (st.n === 0 || st.sums === null) return null;
      const out = new Float32Array(st.sums.length);
      for (let i = 0; i < out.length; i++) {
        const x = toHalfChecked(Math.fround(st.sums[i]! / st.n));
        checkHalfElement(x);
        out[i] = x;
      }
      return out;
    },
  },
  {
    name: 'sum',
    args: [VectorOid.halfvec],
    ret: VectorOid.halfvec,
    strict: true,
    oid: VectorAggregateOid.sumHalfvec,
    init: () => null,
    step: sumStep(true),
    final: (s) => (s === null ? null : Float32Array.from(s as Float32Array)),
  },
];
