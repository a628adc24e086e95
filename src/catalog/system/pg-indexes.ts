/** pg_indexes (https://www.postgresql.org/docs/15/view-pg-indexes.html). */
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { indexDefinition } from './definitions.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_indexes',
  oid: 12043,
  columns: cols({ schemaname: Oid.name, tablename: Oid.name, indexname: Oid.name, tablespace: Oid.name, indexdef: Oid.text }),
  rows: (ctx) => {
    const rows: Value[][] = [];
    const catalog = ctx.catalog;
    for (const o of catalog.all()) {
      if (o.kind !== 'index') continue;
      const table = catalog.relation(o.tableOid);
      rows.push([catalog.schemaByOid(o.namespace)?.name ?? null, table?.name ?? null, o.name, null, indexDefinition(catalog, o, 0, false, [])]);
    }
    return rows;
  },
});
