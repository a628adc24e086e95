/** pg_am (https://www.postgresql.org/docs/15/catalog-pg-am.html): heap and the index access methods, hnsw and ivfflat included. */
import { Oid } from '../../types/oids.js';
import { ACCESS_METHODS } from './common.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_am',
  oid: 2601,
  columns: cols({ oid: Oid.oid, amname: Oid.name, amhandler: Oid.regproc, amtype: Oid.char }),
  rows: () => ACCESS_METHODS.map((m) => [m.oid, m.name, m.handler, m.type]),
});
