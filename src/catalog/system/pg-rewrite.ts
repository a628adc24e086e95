/** pg_rewrite (https://www.postgresql.org/docs/15/catalog-pg-rewrite.html): always empty — vecsql keeps views as stored queries, without rewrite rules. */
import { Oid } from '../../types/oids.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_rewrite',
  oid: 2618,
  columns: cols({
    oid: Oid.oid,
    rulename: Oid.name,
    ev_class: Oid.oid,
    ev_type: Oid.char,
    ev_enabled: Oid.char,
    is_instead: Oid.bool,
    ev_qual: Oid.pg_node_tree,
    ev_action: Oid.pg_node_tree,
  }),
  rows: () => [],
});
