/** pg_enum (https://www.postgresql.org/docs/15/catalog-pg-enum.html): always empty — vecsql has no enum types. */
import { Oid } from '../../types/oids.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_enum',
  oid: 3501,
  columns: cols({
    oid: Oid.oid,
    enumtypid: Oid.oid,
    enumsortorder: Oid.float4,
    enumlabel: Oid.name,
  }),
  rows: () => [],
});
