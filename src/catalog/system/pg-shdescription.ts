/** pg_shdescription (https://www.postgresql.org/docs/15/catalog-pg-shdescription.html): comments on databases, roles, tablespaces. */
import { Oid } from '../../types/oids.js';
import { ClassOid } from './common.js';
import { databaseOid } from './pg-database.js';
import { cols, defineSystemRelation } from './relation.js';

/** The comments initdb gives the built-in databases. */
export const DATABASE_COMMENTS: Record<string, string> = {
  postgres: 'default administrative connection database',
  template1: 'default template for new databases',
  template0: 'unmodifiable empty database',
};

defineSystemRelation({
  name: 'pg_shdescription',
  oid: 2396,
  columns: cols({ objoid: Oid.oid, classoid: Oid.oid, description: Oid.text }),
  rows: () => Object.entries(DATABASE_COMMENTS).map(([name, text]) => [databaseOid(name), ClassOid.pg_database, text]),
});
