/** pg_trigger (https://www.postgresql.org/docs/15/catalog-pg-trigger.html): always empty — vecsql has no triggers (foreign keys are checked without them). */
import { Oid } from '../../types/oids.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_trigger',
  oid: 2620,
  columns: cols({
    oid: Oid.oid,
    tgrelid: Oid.oid,
    tgparentid: Oid.oid,
    tgname: Oid.name,
    tgfoid: Oid.oid,
    tgtype: Oid.int2,
    tgenabled: Oid.char,
    tgisinternal: Oid.bool,
    tgconstrrelid: Oid.oid,
    tgconstrindid: Oid.oid,
    tgconstraint: Oid.oid,
    tgdeferrable: Oid.bool,
    tginitdeferred: Oid.bool,
    tgnargs: Oid.int2,
    tgattr: Oid._int2, // int2vector in PostgreSQL
    tgargs: Oid.bytea,
    tgqual: Oid.pg_node_tree,
    tgoldtable: Oid.name,
    tgnewtable: Oid.name,
  }),
  rows: () => [],
});
