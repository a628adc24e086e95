/** pg_policy (https://www.postgresql.org/docs/15/catalog-pg-policy.html): always empty — vecsql has no row-level security policies. */
import { Oid } from '../../types/oids.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_policy',
  oid: 3256,
  columns: cols({
    oid: Oid.oid,
    polname: Oid.name,
    polrelid: Oid.oid,
    polcmd: Oid.char,
    polpermissive: Oid.bool,
    polroles: Oid._oid,
    polqual: Oid.pg_node_tree,
    polwithcheck: Oid.pg_node_tree,
  }),
  rows: () => [],
});
