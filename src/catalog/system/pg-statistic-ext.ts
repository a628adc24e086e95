/** pg_statistic_ext (https://www.postgresql.org/docs/15/catalog-pg-statistic-ext.html): always empty — vecsql has no extended statistics. */
import { Oid } from '../../types/oids.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_statistic_ext',
  oid: 3381,
  columns: cols({
    oid: Oid.oid,
    stxrelid: Oid.oid,
    stxname: Oid.name,
    stxnamespace: Oid.oid,
    stxowner: Oid.oid,
    stxstattarget: Oid.int4,
    stxkeys: Oid._int2, // int2vector in PostgreSQL
    stxkind: Oid._char,
    stxexprs: Oid.pg_node_tree,
  }),
  rows: () => [],
});
