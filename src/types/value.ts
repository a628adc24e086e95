/**
 * How SQL values are held in memory, one JS representation per type family:
 *
 * | SQL types                         | JS value                         |
 * |-----------------------------------|----------------------------------|
 * | NULL                              | null                             |
 * | bool                              | boolean                          |
 * | int2, int4, oid, reg*             | number (an integer)              |
 * | int8                              | bigint                           |
 * | float4, float8                    | number                           |
 * | numeric                           | Numeric (types/numeric.ts)       |
 * | text, varchar, bpchar, name, "char", unknown, json | string          |
 * | bytea                             | Uint8Array                       |
 * | arrays                            | PgArray                          |
 *
 * Later types add their own representation here (date/time, uuid, vectors…).
 */
export type Value = unknown;

/** A PostgreSQL array: elements in row-major order plus the dimensions. */
export interface PgArray {
  readonly kind: 'array';
  /** Element type OID. */
  readonly elemOid: number;
  /** Length of each dimension; [] for an empty array. */
  readonly dims: readonly number[];
  /** Lower bound of each dimension (1 unless written otherwise). */
  readonly lbounds: readonly number[];
  readonly items: readonly Value[];
}

export function isPgArray(v: unknown): v is PgArray {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'array';
}

export function makeArray(elemOid: number, items: readonly Value[]): PgArray {
  return {
    kind: 'array',
    elemOid,
    dims: items.length === 0 ? [] : [items.length],
    lbounds: items.length === 0 ? [] : [1],
    items,
  };
}
