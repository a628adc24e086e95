/** pg_collation (https://www.postgresql.org/docs/15/catalog-pg-collation.html): default, C and POSIX — vecsql compares strings bytewise. */
import { Oid } from '../../types/oids.js';
import { PG_CATALOG_OID } from '../catalog.js';
import { BOOTSTRAP_SUPERUSER_OID } from './common.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_collation',
  oid: 3456,
  columns: cols({
    oid: Oid.oid,
    collname: Oid.name,
    collnamespace: Oid.oid,
    collowner: Oid.oid,
    collprovider: Oid.char,
    collisdeterministic: Oid.bool,
    collencoding: Oid.int4,
    collcollate: Oid.text,
    collctype: Oid.text,
    colliculocale: Oid.text,
    collversion: Oid.text,
  }),
  rows: () => [
    [100, 'default', PG_CATALOG_OID, BOOTSTRAP_SUPERUSER_OID, 'd', true, -1, null, null, null, null],
    [950, 'C', PG_CATALOG_OID, BOOTSTRAP_SUPERUSER_OID, 'c', true, -1, 'C', 'C', null, null],
    [951, 'POSIX', PG_CATALOG_OID, BOOTSTRAP_SUPERUSER_OID, 'c', true, -1, 'POSIX', 'POSIX', null, null],
  ],
});
