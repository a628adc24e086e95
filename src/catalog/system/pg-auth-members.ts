/** pg_auth_members (https://www.postgresql.org/docs/15/catalog-pg-auth-members.html): vecsql has no role memberships. */
import { Oid } from '../../types/oids.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_auth_members',
  oid: 1261,
  columns: cols({ roleid: Oid.oid, member: Oid.oid, grantor: Oid.oid, admin_option: Oid.bool }),
  rows: () => [],
});
