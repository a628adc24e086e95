/**
 * pg_stat_user_indexes (https://www.postgresql.org/docs/15/monitoring-stats.html#MONITORING-PG-STAT-ALL-INDEXES-VIEW):
 * one row per index on a user table, counters 0.
 */
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_stat_user_indexes',
  oid: 12192,
  columns: cols({
    relid: Oid.oid,
    indexrelid: Oid.oid,
    schemaname: Oid.name,
    relname: Oid.name,
    indexrelname: Oid.name,
    idx_scan: Oid.int8,
    idx_tup_read: Oid.int8,
    idx_tup_fetch: Oid.int8,
  }),
  rows: (ctx) => {
    const rows: Value[][] = [];
    for (const o of ctx.catalog.all()) {
      if (o.kind !== 'index') continue;
      const table = ctx.catalog.relation(o.tableOid);
      rows.push([o.tableOid, o.oid, ctx.catalog.schemaByOid(o.namespace)?.name ?? null, table?.name ?? null, o.name, 0n, 0n, 0n]);
    }
    return rows;
  },
});
