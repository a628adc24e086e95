/** pg_matviews (https://www.postgresql.org/docs/15/view-pg-matviews.html): always empty — vecsql has no materialized views. */
import { Oid } from '../../types/oids.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_matviews',
  oid: 12038,
  columns: cols({
    schemaname: Oid.name,
    matviewname: Oid.name,
    matviewowner: Oid.name,
    tablespace: Oid.name,
    hasindexes: Oid.bool,
    ispopulated: Oid.bool,
    definition: Oid.text,
  }),
  rows: () => [],
});
