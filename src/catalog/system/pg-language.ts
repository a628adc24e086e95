/** pg_language (https://www.postgresql.org/docs/15/catalog-pg-language.html), as in a fresh PostgreSQL 15 database. */
import { Oid } from '../../types/oids.js';
import { BOOTSTRAP_SUPERUSER_OID } from './common.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_language',
  oid: 2612,
  columns: cols({
    oid: Oid.oid,
    lanname: Oid.name,
    lanowner: Oid.oid,
    lanispl: Oid.bool,
    lanpltrusted: Oid.bool,
    lanplcallfoid: Oid.oid,
    laninline: Oid.oid,
    lanvalidator: Oid.oid,
    lanacl: Oid._aclitem,
  }),
  rows: () => [
    [12, 'internal', BOOTSTRAP_SUPERUSER_OID, false, false, 0, 0, 2246, null],
    [13, 'c', BOOTSTRAP_SUPERUSER_OID, false, false, 0, 0, 2247, null],
    [14, 'sql', BOOTSTRAP_SUPERUSER_OID, false, true, 0, 0, 2248, null],
    [13563, 'plpgsql', BOOTSTRAP_SUPERUSER_OID, true, true, 13560, 13561, 13562, null],
  ],
});
