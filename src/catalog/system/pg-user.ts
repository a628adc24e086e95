/** pg_user (https://www.postgresql.org/docs/15/view-pg-user.html): the roles that can log in — vecsql's superuser. */
import { Oid } from '../../types/oids.js';
import { BOOTSTRAP_SUPERUSER_OID } from './common.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_user',
  oid: 12014,
  columns: cols({
    usename: Oid.name,
    usesysid: Oid.oid,
    usecreatedb: Oid.bool,
    usesuper: Oid.bool,
    userepl: Oid.bool,
    usebypassrls: Oid.bool,
    passwd: Oid.text,
    valuntil: Oid.timestamptz,
    useconfig: Oid._text,
  }),
  rows: (ctx) => [[ctx.userName, BOOTSTRAP_SUPERUSER_OID, true, true, true, true, '********', null, null]],
});
