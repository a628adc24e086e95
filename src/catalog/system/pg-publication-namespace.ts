/** pg_publication_namespace (https://www.postgresql.org/docs/15/catalog-pg-publication-namespace.html): always empty — vecsql has no logical replication. */
import { Oid } from '../../types/oids.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_publication_namespace',
  oid: 6237,
  columns: cols({
    oid: Oid.oid,
    pnpubid: Oid.oid,
    pnnspid: Oid.oid,
  }),
  rows: () => [],
});
