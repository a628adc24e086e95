/**
 * OIDs of the pgvector types in vecsql.
 *
 * pgvector is an extension, so in PostgreSQL its types get whatever OIDs
 * CREATE EXTENSION hands out (16385… in a fresh cluster). vecsql has them
 * built in, so they need fixed OIDs that can never collide with a user
 * object (allocated from FirstNormalObjectId = 16384 up) nor with a
 * PostgreSQL built-in: 8000–8010 lies in the block PostgreSQL reserves for
 * in-development catalog entries, which released versions leave unused.
 * Clients find these types by name (pg_type.typname), never by number, so
 * the difference from a real pgvector install is invisible to them.
 *
 *   8000 vector     8001 _vector
 *   8002 halfvec    8003 _halfvec
 *   8004 sparsevec  8005 _sparsevec
 *   8006–8010 reserved for later vector types
 */
export const VectorOid = {
  vector: 8000,
  _vector: 8001,
  halfvec: 8002,
  _halfvec: 8003,
  sparsevec: 8004,
  _sparsevec: 8005,
} as const;

/** pgvector's limits (vector.h, halfvec.h, sparsevec.h). */
export const VECTOR_MAX_DIM = 16000;
export const HALFVEC_MAX_DIM = 16000;
export const SPARSEVEC_MAX_DIM = 1000000000;
export const SPARSEVEC_MAX_NNZ = 16000;
