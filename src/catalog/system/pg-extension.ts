/**
 * pg_extension (https://www.postgresql.org/docs/15/catalog-pg-extension.html):
 * plpgsql, which every PostgreSQL database has, and vector — built in,
 * so that clients checking for pgvector find it.
 */
import { Oid } from '../../types/oids.js';
import { findTypeByName } from '../../types/registry.js';
import type { Value } from '../../types/value.js';
import { PG_CATALOG_OID, PUBLIC_OID } from '../catalog.js';
import { BOOTSTRAP_SUPERUSER_OID } from './common.js';
import { cols, defineSystemRelation } from './relation.js';

export const PLPGSQL_EXTENSION_OID = 13559;
/** pgvector's extension row; an OID below FirstNormalObjectId that PostgreSQL 15 does not use. */
export const VECTOR_EXTENSION_OID = 16299;

defineSystemRelation({
  name: 'pg_extension',
  oid: 3079,
  columns: cols({
    oid: Oid.oid,
    extname: Oid.name,
    extowner: Oid.oid,
    extnamespace: Oid.oid,
    extrelocatable: Oid.bool,
    extversion: Oid.text,
    extconfig: Oid._oid,
    extcondition: Oid._text,
  }),
  rows: () => {
    const rows: Value[][] = [[PLPGSQL_EXTENSION_OID, 'plpgsql', BOOTSTRAP_SUPERUSER_OID, PG_CATALOG_OID, false, '1.0', null, null]];
    // Listed once the vector type exists, as after CREATE EXTENSION vector in PostgreSQL.
    if (findTypeByName('vector')) rows.push([VECTOR_EXTENSION_OID, 'vector', BOOTSTRAP_SUPERUSER_OID, PUBLIC_OID, true, '0.8.0', null, null]);
    return rows;
  },
});
