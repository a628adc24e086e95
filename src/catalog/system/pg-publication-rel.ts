/** pg_publication_rel (https://www.postgresql.org/docs/15/catalog-pg-publication-rel.html): always empty — vecsql has no logical replication. */
import { Oid } from '../../types/oids.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_publication_rel',
  oid: 6106,
  columns: cols({
    oid: Oid.oid,
    prpubid: Oid.oid,
    prrelid: Oid.oid,
    prqual: Oid.pg_node_tree,
    prattrs: Oid._int2, // int2vector in PostgreSQL
  }),
  rows: () => [],
});
