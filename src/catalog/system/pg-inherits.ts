/** pg_inherits (https://www.postgresql.org/docs/15/catalog-pg-inherits.html): always empty — vecsql has no table inheritance or partitions. */
import { Oid } from '../../types/oids.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_inherits',
  oid: 2611,
  columns: cols({
    inhrelid: Oid.oid,
    inhparent: Oid.oid,
    inhseqno: Oid.int4,
    inhdetachpending: Oid.bool,
  }),
  rows: () => [],
});
