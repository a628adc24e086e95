/** pg_sequence (https://www.postgresql.org/docs/15/catalog-pg-sequence.html). */
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_sequence',
  oid: 2224,
  columns: cols({
    seqrelid: Oid.oid,
    seqtypid: Oid.oid,
    seqstart: Oid.int8,
    seqincrement: Oid.int8,
    seqmax: Oid.int8,
    seqmin: Oid.int8,
    seqcache: Oid.int8,
    seqcycle: Oid.bool,
  }),
  rows: (ctx) => {
    const rows: Value[][] = [];
    for (const o of ctx.catalog.all()) {
      if (o.kind === 'sequence') rows.push([o.oid, o.typeOid, BigInt(o.start), BigInt(o.increment), BigInt(o.max), BigInt(o.min), BigInt(o.cache), o.cycle]);
    }
    return rows;
  },
});
