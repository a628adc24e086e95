/**
 * pg_database (https://www.postgresql.org/docs/15/catalog-pg-database.html):
 * the databases a vecsql server accepts connections to (they share one
 * catalog) plus PostgreSQL's templates, all UTF8 with the C locale.
 */
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { BOOTSTRAP_SUPERUSER_OID, UTF8_ENCODING } from './common.js';
import { cols, defineSystemRelation } from './relation.js';

/** PostgreSQL's OIDs for its initial databases; the configured database gets one just below FirstNormalObjectId. */
const KNOWN_DATABASES: Record<string, number> = { template1: 1, template0: 4, postgres: 5 };
const CONFIGURED_DATABASE_OID = 16383;

export function databaseOid(name: string): number {
  return KNOWN_DATABASES[name] ?? CONFIGURED_DATABASE_OID;
}

/** The database names a session can see, current database included. */
export function databaseNames(current: string): string[] {
  const names = ['postgres', 'template1', 'template0'];
  if (!names.includes(current)) names.push(current);
  return names;
}

const DEFAULT_TABLESPACE_OID = 1663;

defineSystemRelation({
  name: 'pg_database',
  oid: 1262,
  columns: cols({
    oid: Oid.oid,
    datname: Oid.name,
    datdba: Oid.oid,
    encoding: Oid.int4,
    datlocprovider: Oid.char,
    datistemplate: Oid.bool,
    datallowconn: Oid.bool,
    datconnlimit: Oid.int4,
    // xid in PostgreSQL; shown as oid (same unsigned integer text).
    datfrozenxid: Oid.oid,
    datminmxid: Oid.oid,
    dattablespace: Oid.oid,
    datcollate: Oid.text,
    datctype: Oid.text,
    daticulocale: Oid.text,
    datcollversion: Oid.text,
    datacl: Oid._aclitem,
  }),
  rows: (ctx) =>
    databaseNames(ctx.databaseName).map((name): Value[] => {
      const template = name === 'template0' || name === 'template1';
      return [
        databaseOid(name), name, BOOTSTRAP_SUPERUSER_OID, UTF8_ENCODING, 'c', template, name !== 'template0', -1, 0, 1, DEFAULT_TABLESPACE_OID,
        'C', 'C', null, null, null,
      ];
    }),
});
