/** pg_tables (https://www.postgresql.org/docs/15/view-pg-tables.html): ordinary tables, pg_catalog's included. */
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { hasRiTriggers, systemRelkind } from './common.js';
import { allSystemRelations, cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_tables',
  oid: 12033,
  columns: cols({
    schemaname: Oid.name,
    tablename: Oid.name,
    tableowner: Oid.name,
    tablespace: Oid.name,
    hasindexes: Oid.bool,
    hasrules: Oid.bool,
    hastriggers: Oid.bool,
    rowsecurity: Oid.bool,
  }),
  rows: (ctx) => {
    const rows: Value[][] = [];
    const catalog = ctx.catalog;
    for (const o of catalog.all()) {
      if (o.kind !== 'relation' || o.relkind !== 'r') continue;
      const schema = catalog.schemaByOid(o.namespace)?.name ?? null;
      rows.push([schema, o.name, ctx.userName, null, catalog.indexesOf(o.oid).length > 0, false, hasRiTriggers(catalog, o.oid), false]);
    }
    for (const r of allSystemRelations()) {
      if (systemRelkind(r) === 'r') rows.push(['pg_catalog', r.name, ctx.userName, null, true, false, false, false]);
    }
    return rows;
  },
});
