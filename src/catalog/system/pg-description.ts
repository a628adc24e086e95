/**
 * pg_description (https://www.postgresql.org/docs/15/catalog-pg-description.html):
 * COMMENT ON for relations and their columns (objsubid = column number),
 * indexes, constraints and schemas, plus the comments PostgreSQL ships on
 * pg_catalog and on the extensions (\dx shows them). Built-in functions'
 * and types' descriptions are not listed.
 */
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { findTypeByName } from '../../types/registry.js';
import type { Catalog } from '../catalog.js';
import { PG_CATALOG_OID } from '../catalog.js';
import { ClassOid } from './common.js';
import { PLPGSQL_EXTENSION_OID, VECTOR_EXTENSION_OID } from './pg-extension.js';
import { cols, defineSystemRelation } from './relation.js';

export interface Description {
  readonly objoid: number;
  readonly classoid: number;
  readonly objsubid: number;
  readonly description: string;
}

export function descriptions(catalog: Catalog): Description[] {
  const out: Description[] = [];
  const add = (objoid: number, classoid: number, objsubid: number, description: string | undefined) => {
    if (description !== undefined && description !== null) out.push({ objoid, classoid, objsubid, description });
  };
  add(PG_CATALOG_OID, ClassOid.pg_namespace, 0, 'system catalog schema');
  add(PLPGSQL_EXTENSION_OID, ClassOid.pg_extension, 0, 'PL/pgSQL procedural language');
  if (findTypeByName('vector')) add(VECTOR_EXTENSION_OID, ClassOid.pg_extension, 0, 'vector data type and ivfflat and hnsw access methods');
  for (const o of catalog.all()) {
    switch (o.kind) {
      case 'relation':
        add(o.oid, ClassOid.pg_class, 0, o.comment);
        for (const c of o.columns) if (!c.dropped) add(o.oid, ClassOid.pg_class, c.attnum, c.comment);
        break;
      case 'index':
        add(o.oid, ClassOid.pg_class, 0, o.comment);
        break;
      case 'constraint':
        add(o.oid, ClassOid.pg_constraint, 0, o.comment);
        break;
      case 'schema':
        add(o.oid, ClassOid.pg_namespace, 0, o.comment);
        break;
    }
  }
  return out;
}

defineSystemRelation({
  name: 'pg_description',
  oid: 2609,
  columns: cols({ objoid: Oid.oid, classoid: Oid.oid, objsubid: Oid.int4, description: Oid.text }),
  rows: (ctx) => descriptions(ctx.catalog).map((d): Value[] => [d.objoid, d.classoid, d.objsubid, d.description]),
});
