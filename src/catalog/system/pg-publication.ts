/** pg_publication (https://www.postgresql.org/docs/15/catalog-pg-publication.html): always empty — vecsql has no logical replication. */
import { Oid } from '../../types/oids.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_publication',
  oid: 6104,
  columns: cols({
    oid: Oid.oid,
    pubname: Oid.name,
    pubowner: Oid.oid,
    puballtables: Oid.bool,
    pubinsert: Oid.bool,
    pubupdate: Oid.bool,
    pubdelete: Oid.bool,
    pubtruncate: Oid.bool,
    pubviaroot: Oid.bool,
  }),
  rows: () => [],
});
