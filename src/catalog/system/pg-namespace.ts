/** pg_namespace (https://www.postgresql.org/docs/15/catalog-pg-namespace.html). */
import { Oid } from '../../types/oids.js';
import { INFORMATION_SCHEMA_OID, PG_CATALOG_OID } from '../catalog.js';
import { cols, defineSystemRelation } from './relation.js';

export const BOOTSTRAP_SUPERUSER_OID = 10;

defineSystemRelation({
  name: 'pg_namespace',
  oid: 2615,
  columns: cols({ oid: Oid.oid, nspname: Oid.name, nspowner: Oid.oid, nspacl: Oid._aclitem }),
  rows: (ctx) => {
    const rows: unknown[][] = [
      [PG_CATALOG_OID, 'pg_catalog', BOOTSTRAP_SUPERUSER_OID, null],
      [INFORMATION_SCHEMA_OID, 'information_schema', BOOTSTRAP_SUPERUSER_OID, null],
    ];
    for (const o of ctx.catalog.all()) if (o.kind === 'schema') rows.push([o.oid, o.name, BOOTSTRAP_SUPERUSER_OID, null]);
    return rows;
  },
});
