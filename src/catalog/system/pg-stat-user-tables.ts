/**
 * pg_stat_user_tables (https://www.postgresql.org/docs/15/monitoring-stats.html#MONITORING-PG-STAT-ALL-TABLES-VIEW):
 * one row per user table; vecsql collects no statistics, so the counters are 0.
 */
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { cols, defineSystemRelation } from './relation.js';

const COUNTERS = [
  'seq_scan', 'seq_tup_read', 'idx_scan', 'idx_tup_fetch', 'n_tup_ins', 'n_tup_upd', 'n_tup_del', 'n_tup_hot_upd', 'n_live_tup',
  'n_dead_tup', 'n_mod_since_analyze', 'n_ins_since_vacuum',
] as const;
const TIMES = ['last_vacuum', 'last_autovacuum', 'last_analyze', 'last_autoanalyze'] as const;
const COUNTS = ['vacuum_count', 'autovacuum_count', 'analyze_count', 'autoanalyze_count'] as const;

defineSystemRelation({
  name: 'pg_stat_user_tables',
  oid: 12161,
  columns: cols({
    relid: Oid.oid,
    schemaname: Oid.name,
    relname: Oid.name,
    ...Object.fromEntries(COUNTERS.map((c) => [c, Oid.int8])),
    ...Object.fromEntries(TIMES.map((c) => [c, Oid.timestamptz])),
    ...Object.fromEntries(COUNTS.map((c) => [c, Oid.int8])),
  }),
  rows: (ctx) => {
    const rows: Value[][] = [];
    for (const o of ctx.catalog.all()) {
      if (o.kind !== 'relation' || o.relkind !== 'r') continue;
      // idx_scan and idx_tup_fetch are NULL for a table without indexes.
      const indexed = ctx.catalog.indexesOf(o.oid).length > 0;
      rows.push([
        o.oid, ctx.catalog.schemaByOid(o.namespace)?.name ?? null, o.name,
        ...COUNTERS.map((c) => ((c === 'idx_scan' || c === 'idx_tup_fetch') && !indexed ? null : 0n)),
        ...TIMES.map(() => null),
        ...COUNTS.map(() => 0n),
      ]);
    }
    return rows;
  },
});
