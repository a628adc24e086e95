/**
 * pg_sequences (https://www.postgresql.org/docs/15/view-pg-sequences.html).
 * last_value is NULL: a system relation cannot read sequence state.
 */
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_sequences',
  oid: 12048,
  columns: cols({
    schemaname: Oid.name,
    sequencename: Oid.name,
    sequenceowner: Oid.name,
    data_type: Oid.regtype,
    start_value: Oid.int8,
    min_value: Oid.int8,
    max_value: Oid.int8,
    increment_by: Oid.int8,
    cycle: Oid.bool,
    cache_size: Oid.int8,
    last_value: Oid.int8,
  }),
  rows: (ctx) => {
    const rows: Value[][] = [];
    for (const o of ctx.catalog.all()) {
      if (o.kind !== 'sequence') continue;
      rows.push([
        ctx.catalog.schemaByOid(o.namespace)?.name ?? null, o.name, ctx.userName, o.typeOid,
        BigInt(o.start), BigInt(o.min), BigInt(o.max), BigInt(o.increment), o.cycle, BigInt(o.cache), null,
      ]);
    }
    return rows;
  },
});
