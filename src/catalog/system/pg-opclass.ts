/**
 * pg_opclass (https://www.postgresql.org/docs/15/catalog-pg-opclass.html):
 * PostgreSQL 15's btree and hash operator classes for the types vecsql
 * has, plus pgvector's hnsw and ivfflat classes (fixed OIDs below 16384).
 */
import { Oid } from '../../types/oids.js';
import { findTypeByName, findTypeByOid } from '../../types/registry.js';
import type { Value } from '../../types/value.js';
import { PG_CATALOG_OID } from '../catalog.js';
import { BOOTSTRAP_SUPERUSER_OID, accessMethodOid } from './common.js';
import { cols, defineSystemRelation } from './relation.js';

/** [oid, opcmethod, opcname, opcfamily, opcintype, opcdefault, opckeytype] */
type Opclass = readonly [number, number, string, number, number, boolean, number];

const BUILTIN: readonly Opclass[] = [
  [1978, 403, 'int4_ops', 1976, 23, true, 0],
  [1979, 403, 'int2_ops', 1976, 21, true, 0],
  [1981, 403, 'oid_ops', 1989, 26, true, 0],
  [3122, 403, 'date_ops', 434, 1082, true, 0],
  [3123, 403, 'float8_ops', 1970, 701, true, 0],
  [3124, 403, 'int8_ops', 1976, 20, true, 0],
  [3125, 403, 'numeric_ops', 1988, 1700, true, 0],
  [3126, 403, 'text_ops', 1994, 25, true, 0],
  [3127, 403, 'timestamptz_ops', 434, 1184, true, 0],
  [3128, 403, 'timestamp_ops', 434, 1114, true, 0],
  [4217, 403, 'text_pattern_ops', 2095, 25, false, 0],
  [4218, 403, 'varchar_pattern_ops', 2095, 25, false, 0],
  [4219, 403, 'bpchar_pattern_ops', 2097, 1042, false, 0],
  [10000, 403, 'array_ops', 397, 2277, true, 0],
  [10002, 403, 'bit_ops', 423, 1560, true, 0],
  [10003, 403, 'bool_ops', 424, 16, true, 0],
  [10004, 403, 'bpchar_ops', 426, 1042, true, 0],
  [10006, 403, 'bytea_ops', 428, 17, true, 0],
  [10007, 403, 'char_ops', 429, 18, true, 0],
  [10012, 403, 'float4_ops', 1970, 700, true, 0],
  [10022, 403, 'interval_ops', 1982, 1186, true, 0],
  [10028, 403, 'name_ops', 1994, 19, true, 2275],
  [10034, 403, 'record_ops', 2994, 2249, true, 0],
  [10036, 403, 'record_image_ops', 3194, 2249, false, 0],
  [10038, 403, 'time_ops', 1996, 1083, true, 0],
  [10041, 403, 'timetz_ops', 2000, 1266, true, 0],
  [10043, 403, 'varbit_ops', 2002, 1562, true, 0],
  [10044, 403, 'varchar_ops', 1994, 25, false, 0],
  [10065, 403, 'uuid_ops', 2968, 2950, true, 0],
  [10088, 403, 'jsonb_ops', 4033, 3802, true, 0],
  [10001, 405, 'array_ops', 627, 2277, true, 0],
  [10005, 405, 'bpchar_ops', 427, 1042, true, 0],
  [10008, 405, 'char_ops', 431, 18, true, 0],
  [10011, 405, 'date_ops', 435, 1082, true, 0],
  [10013, 405, 'float4_ops', 1971, 700, true, 0],
  [10014, 405, 'float8_ops', 1971, 701, true, 0],
  [10019, 405, 'int2_ops', 1977, 21, true, 0],
  [10020, 405, 'int4_ops', 1977, 23, true, 0],
  [10021, 405, 'int8_ops', 1977, 20, true, 0],
  [10023, 405, 'interval_ops', 1983, 1186, true, 0],
  [10029, 405, 'name_ops', 1995, 19, true, 0],
  [10030, 405, 'numeric_ops', 1998, 1700, true, 0],
  [10031, 405, 'oid_ops', 1990, 26, true, 0],
  [10035, 405, 'record_ops', 6194, 2249, true, 0],
  [10037, 405, 'text_ops', 1995, 25, true, 0],
  [10039, 405, 'time_ops', 1997, 1083, true, 0],
  [10040, 405, 'timestamptz_ops', 1999, 1184, true, 0],
  [10042, 405, 'timetz_ops', 2001, 1266, true, 0],
  [10045, 405, 'varchar_ops', 1995, 25, false, 0],
  [10046, 405, 'timestamp_ops', 2040, 1114, true, 0],
  [10048, 405, 'bool_ops', 2222, 16, true, 0],
  [10049, 405, 'bytea_ops', 2223, 17, true, 0],
  [10056, 405, 'text_pattern_ops', 2229, 25, false, 0],
  [10057, 405, 'varchar_pattern_ops', 2229, 25, false, 0],
  [10058, 405, 'bpchar_pattern_ops', 2231, 1042, false, 0],
  [10066, 405, 'uuid_ops', 2969, 2950, true, 0],
  [10089, 405, 'jsonb_ops', 4034, 3802, true, 0],
];

/**
 * pgvector's classes: [oid, method, name, input type name, default]. As in
 * pgvector, ivfflat has a default class for vector (L2) and hnsw has none.
 * Families share the class's OID + 100.
 */
const VECTOR_CLASSES: readonly [number, string, string, string, boolean][] = [
  [16310, 'hnsw', 'vector_l2_ops', 'vector', false],
  [16311, 'hnsw', 'vector_ip_ops', 'vector', false],
  [16312, 'hnsw', 'vector_cosine_ops', 'vector', false],
  [16313, 'hnsw', 'vector_l1_ops', 'vector', false],
  [16314, 'hnsw', 'halfvec_l2_ops', 'halfvec', false],
  [16315, 'hnsw', 'halfvec_ip_ops', 'halfvec', false],
  [16316, 'hnsw', 'halfvec_cosine_ops', 'halfvec', false],
  [16317, 'hnsw', 'halfvec_l1_ops', 'halfvec', false],
  [16318, 'hnsw', 'bit_hamming_ops', 'bit', false],
  [16319, 'hnsw', 'bit_jaccard_ops', 'bit', false],
  [16320, 'hnsw', 'sparsevec_l2_ops', 'sparsevec', false],
  [16321, 'hnsw', 'sparsevec_ip_ops', 'sparsevec', false],
  [16322, 'hnsw', 'sparsevec_cosine_ops', 'sparsevec', false],
  [16323, 'hnsw', 'sparsevec_l1_ops', 'sparsevec', false],
  [16330, 'ivfflat', 'vector_l2_ops', 'vector', true],
  [16331, 'ivfflat', 'vector_ip_ops', 'vector', false],
  [16332, 'ivfflat', 'vector_cosine_ops', 'vector', false],
  [16333, 'ivfflat', 'halfvec_l2_ops', 'halfvec', true],
  [16334, 'ivfflat', 'halfvec_ip_ops', 'halfvec', false],
  [16335, 'ivfflat', 'halfvec_cosine_ops', 'halfvec', false],
  [16336, 'ivfflat', 'bit_hamming_ops', 'bit', false],
];

function allOpclasses(): Opclass[] {
  const out: Opclass[] = [...BUILTIN];
  for (const [oid, method, name, typeName, isDefault] of VECTOR_CLASSES) {
    out.push([oid, accessMethodOid(method), name, oid + 100, findTypeByName(typeName)?.oid ?? (typeName === 'bit' ? 1560 : 0), isDefault, 0]);
  }
  return out;
}

/** The type whose operator class serves a column type: varchar uses text's, arrays anyarray's. */
function opclassInputType(typeOid: number): number {
  if (typeOid === Oid.varchar) return Oid.text;
  if (typeOid === Oid.regclass || typeOid === Oid.regtype || typeOid === Oid.regproc) return Oid.oid;
  const t = findTypeByOid(typeOid);
  if (t && t.category === 'A' && t.elemOid !== 0) return Oid.anyarray;
  return typeOid;
}

function findOpclass(amOid: number, typeOid: number | undefined, name?: string): Opclass | undefined {
  const all = allOpclasses();
  if (name !== undefined) {
    const named = all.filter((c) => c[1] === amOid && c[2] === name);
    return named.find((c) => typeOid === undefined || c[4] === opclassInputType(typeOid)) ?? named[0];
  }
  if (typeOid === undefined) return undefined;
  const input = opclassInputType(typeOid);
  return all.find((c) => c[1] === amOid && c[4] === input && c[5]);
}

/** pg_index.indclass entry for a key: the named class, else the type's default for the method (0 if none). */
export function opclassOid(amOid: number, typeOid: number | undefined, name: string | undefined): number {
  return findOpclass(amOid, typeOid, name)?.[0] ?? 0;
}

/** Name of the default class, which pg_get_indexdef leaves out. */
export function defaultOpclassName(amOid: number, typeOid: number | undefined): string | undefined {
  return findOpclass(amOid, typeOid)?.[2];
}

defineSystemRelation({
  name: 'pg_opclass',
  oid: 2616,
  columns: cols({
    oid: Oid.oid,
    opcmethod: Oid.oid,
    opcname: Oid.name,
    opcnamespace: Oid.oid,
    opcowner: Oid.oid,
    opcfamily: Oid.oid,
    opcintype: Oid.oid,
    opcdefault: Oid.bool,
    opckeytype: Oid.oid,
  }),
  rows: () =>
    allOpclasses().map(([oid, method, name, family, intype, isDefault, keytype]): Value[] => [
      oid, method, name, PG_CATALOG_OID, BOOTSTRAP_SUPERUSER_OID, family, intype, isDefault, keytype,
    ]),
});
