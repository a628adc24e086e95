/**
 * pgvector's types (vector, halfvec, sparsevec) and PostgreSQL's bit
 * strings (bit, varbit), which pgvector's binary vectors use.
 * registry.ts registers `vectorTypes`; functions/vector.ts defines their
 * operators, functions and casts; `vectorAggregates` holds avg/sum.
 */
import type { PgType } from '../type.js';
import { bitType, varbitType } from './bit.js';
import { sparsevecType } from './sparsevec.js';
import { halfvecType, vectorType } from './vector.js';

export { VectorOid, VECTOR_MAX_DIM, HALFVEC_MAX_DIM, SPARSEVEC_MAX_DIM, SPARSEVEC_MAX_NNZ } from './oids.js';
export { vectorType, halfvecType, parseDense, formatDense, compareDense } from './vector.js';
export { sparsevecType, parseSparse, formatSparse, compareSparse, makeSparse, type SparseVec } from './sparsevec.js';
export { bitType, varbitType, parseBits, formatBits, compareBits, makeBits, type BitString } from './bit.js';
export { vectorAggregates, VectorAggregateOid } from './aggregates.js';
export * as kernels from './kernels.js';

/** Every type this module defines, for registerBaseType (each also gets its array type). */
export const vectorTypes: readonly PgType[] = [vectorType, halfvecType, sparsevecType, bitType, varbitType];
