/** pg_partitioned_table (https://www.postgresql.org/docs/15/catalog-pg-partitioned-table.html): always empty — vecsql has no partitioned tables. */
import { Oid } from '../../types/oids.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_partitioned_table',
  oid: 3350,
  columns: cols({
    partrelid: Oid.oid,
    partstrat: Oid.char,
    partnatts: Oid.int2,
    partdefid: Oid.oid,
    partattrs: Oid._int2, // int2vector in PostgreSQL
    partclass: Oid._oid, // oidvector in PostgreSQL
    partcollation: Oid._oid, // oidvector in PostgreSQL
    partexprs: Oid.pg_node_tree,
  }),
  rows: () => [],
});
