/** pg_depend (https://www.postgresql.org/docs/15/catalog-pg-depend.html): always empty — dependencies are not exposed yet. */
import { Oid } from '../../types/oids.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_depend',
  oid: 2608,
  columns: cols({
    classid: Oid.oid,
    objid: Oid.oid,
    objsubid: Oid.int4,
    refclassid: Oid.oid,
    refobjid: Oid.oid,
    refobjsubid: Oid.int4,
    deptype: Oid.char,
  }),
  rows: () => [],
});
