import type { Value } from './value.js';

/**
 * The session settings that change how values are written and read, passed
 * to every I/O function (never read from globals, so one process can serve
 * sessions with different settings).
 */
export interface IoContext {
  /** extra_float_digits: > 0 means shortest round-trip output (PostgreSQL 12+). */
  extraFloatDigits: number;
  /** DateStyle, e.g. 'ISO, MDY'. */
  dateStyle: string;
  /** IntervalStyle: postgres | postgres_verbose | sql_standard | iso_8601. */
  intervalStyle: string;
  /** TimeZone: an IANA name or a fixed offset such as 'UTC' or '+02:00'. */
  timeZone: string;
  /** bytea_output: hex | escape. */
  byteaOutput: string;
  /** Catalog lookups for regclass input and output; absent where no catalog is reachable. */
  names?: NameResolver;
  /** Transaction start, µs since 2000-01-01 UTC: what 'now' and 'today' mean in date/time input. */
  readonly now?: bigint;
}

/** Relation names ⇄ OIDs, as regclass I/O needs them (resolved with the session's search_path). */
export interface NameResolver {
  relationOid(name: string): number;
  relationName(oid: number): string | undefined;
  namespaceOid(name: string): number;
  namespaceName(oid: number): string | undefined;
}

export const defaultIoContext: IoContext = {
  extraFloatDigits: 1,
  dateStyle: 'ISO, MDY',
  intervalStyle: 'postgres',
  timeZone: 'UTC',
  byteaOutput: 'hex',
};

/**
 * Type categories as in pg_type.typcategory; they drive implicit-cast
 * preference when resolving overloaded operators and functions.
 */
export type TypeCategory =
  | 'A' // array
  | 'B' // boolean
  | 'C' // composite
  | 'D' // date/time
  | 'E' // enum
  | 'G' // geometric
  | 'I' // network
  | 'N' // numeric
  | 'P' // pseudo
  | 'R' // range
  | 'S' // string
  | 'T' // timespan
  | 'U' // user-defined
  | 'V' // bit string
  | 'X' // unknown
  | 'Z'; // internal-use ("char")

/** One SQL type: identity, catalog facts, and its text and binary I/O. */
export interface PgType {
  readonly oid: number;
  readonly name: string;
  /** pg_type.typlen: byte length, -1 for varlena, -2 for cstring. */
  readonly len: number;
  readonly category: TypeCategory;
  /** pg_type.typispreferred: preferred within its category for implicit casts. */
  readonly preferred: boolean;
  /** OID of the array type over this type, 0 if none. */
  readonly arrayOid: number;
  /** For an array type, the element type OID; otherwise 0. */
  readonly elemOid: number;
  /** Array element delimiter (pg_type.typdelim). */
  readonly delimiter: string;

  /** Text output (the typoutput function). */
  toText(v: Value, ctx: IoContext): string;
  /** Text input (typinput); throws PgError 22P02 and friends on bad input. */
  fromText(s: string, typmod: number, ctx: IoContext): Value;
  /** Binary output (typsend); undefined when the type has no binary form. */
  toBinary?(v: Value, ctx: IoContext): Uint8Array;
  /** Binary input (typreceive). */
  fromBinary?(b: Uint8Array, typmod: number, ctx: IoContext): Value;
  /**
   * Total order used by ORDER BY, comparisons, B-tree keys and DISTINCT;
   * undefined for types without a default B-tree operator class.
   */
  compare?(a: Value, b: Value): number;
  /** Turns the integers written after a type name, e.g. (10) or (5,2), into a typmod (typmodin). */
  typmodIn?(mods: number[]): number;
  /** Formats a typmod for format_type(), e.g. '(10)' for varchar(10). */
  typmodOut?(typmod: number): string;
}
