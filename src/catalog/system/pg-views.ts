/**
 * pg_views (https://www.postgresql.org/docs/15/view-pg-views.html). The
 * definition is the view's stored query text (PostgreSQL shows its own
 * reformatting of the query, e.g. " SELECT t.a\n   FROM t;").
 */
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { systemRelkind } from './common.js';
import { allSystemRelations, cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_views',
  oid: 12028,
  columns: cols({ schemaname: Oid.name, viewname: Oid.name, viewowner: Oid.name, definition: Oid.text }),
  rows: (ctx) => {
    const rows: Value[][] = [];
    for (const o of ctx.catalog.all()) {
      if (o.kind !== 'relation' || o.relkind !== 'v') continue;
      rows.push([ctx.catalog.schemaByOid(o.namespace)?.name ?? null, o.name, ctx.userName, o.view?.text ?? null]);
    }
    for (const r of allSystemRelations()) if (systemRelkind(r) === 'v') rows.push(['pg_catalog', r.name, ctx.userName, null]);
    return rows;
  },
});
