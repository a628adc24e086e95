/** pg_tablespace (https://www.postgresql.org/docs/15/catalog-pg-tablespace.html). */
import { Oid } from '../../types/oids.js';
import { BOOTSTRAP_SUPERUSER_OID } from './common.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_tablespace',
  oid: 1213,
  columns: cols({ oid: Oid.oid, spcname: Oid.name, spcowner: Oid.oid, spcacl: Oid._aclitem, spcoptions: Oid._text }),
  rows: () => [
    [1663, 'pg_default', BOOTSTRAP_SUPERUSER_OID, null, null],
    [1664, 'pg_global', BOOTSTRAP_SUPERUSER_OID, null, null],
  ],
});
