/** pg_policies (https://www.postgresql.org/docs/15/view-pg-policies.html): always empty — vecsql has no row-level security policies. */
import { Oid } from '../../types/oids.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_policies',
  oid: 12018,
  columns: cols({
    schemaname: Oid.name,
    tablename: Oid.name,
    policyname: Oid.name,
    permissive: Oid.text,
    roles: Oid._name,
    cmd: Oid.text,
    qual: Oid.text,
    with_check: Oid.text,
  }),
  rows: () => [],
});
