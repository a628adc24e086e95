/**
 * pg_roles (https://www.postgresql.org/docs/15/view-pg-roles.html): the
 * session's user — vecsql's one superuser, with the bootstrap superuser's
 * OID 10 — and PostgreSQL's predefined pg_* roles.
 */
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { BOOTSTRAP_SUPERUSER_OID } from './common.js';
import { cols, defineSystemRelation } from './relation.js';

/** PostgreSQL 15's predefined roles (https://www.postgresql.org/docs/15/predefined-roles.html). */
export const PREDEFINED_ROLES: readonly [number, string][] = [
  [6171, 'pg_database_owner'],
  [6181, 'pg_read_all_data'],
  [6182, 'pg_write_all_data'],
  [3373, 'pg_monitor'],
  [3374, 'pg_read_all_settings'],
  [3375, 'pg_read_all_stats'],
  [3377, 'pg_stat_scan_tables'],
  [4569, 'pg_read_server_files'],
  [4570, 'pg_write_server_files'],
  [4571, 'pg_execute_server_program'],
  [4200, 'pg_signal_backend'],
  [4544, 'pg_checkpoint'],
];

/** A role's name by OID, as pg_get_userbyid() shows it; undefined if there is no such role. */
export function roleName(oid: number, currentUser: string): string | undefined {
  if (oid === BOOTSTRAP_SUPERUSER_OID) return currentUser;
  return PREDEFINED_ROLES.find(([o]) => o === oid)?.[1];
}

/** [oid, name, superuser] for every role. */
export function allRoles(currentUser: string): [number, string, boolean][] {
  return [[BOOTSTRAP_SUPERUSER_OID, currentUser, true], ...PREDEFINED_ROLES.map(([oid, name]): [number, string, boolean] => [oid, name, false])];
}

defineSystemRelation({
  name: 'pg_roles',
  oid: 12000,
  columns: cols({
    rolname: Oid.name,
    rolsuper: Oid.bool,
    rolinherit: Oid.bool,
    rolcreaterole: Oid.bool,
    rolcreatedb: Oid.bool,
    rolcanlogin: Oid.bool,
    rolreplication: Oid.bool,
    rolconnlimit: Oid.int4,
    rolpassword: Oid.text,
    rolvaliduntil: Oid.timestamptz,
    rolbypassrls: Oid.bool,
    rolconfig: Oid._text,
    oid: Oid.oid,
  }),
  rows: (ctx) =>
    allRoles(ctx.userName).map(([oid, name, su]): Value[] => [name, su, true, su, su, su, su, -1, '********', null, su, null, oid]),
});
