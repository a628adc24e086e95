/**
 * pg_attrdef (https://www.postgresql.org/docs/15/catalog-pg-attrdef.html):
 * column defaults and generation expressions. adbin is PostgreSQL's node
 * tree; here it holds the expression's SQL text, which pg_get_expr returns.
 */
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { defaultText } from './definitions.js';
import { cols, defineSystemRelation } from './relation.js';

/**
 * vecsql keeps no OID per default. One is derived from the table OID and the
 * column number (at most 1600 columns), in the upper half of the OID range
 * that vecsql's own allocator does not reach: unique for the first ~1.3
 * million relation OIDs.
 */
export function attrdefOid(tableOid: number, attnum: number): number {
  return 0x80000000 + (((tableOid - 16384) * 1601 + attnum) % 0x80000000);
}

defineSystemRelation({
  name: 'pg_attrdef',
  oid: 2604,
  columns: cols({ oid: Oid.oid, adrelid: Oid.oid, adnum: Oid.int2, adbin: Oid.pg_node_tree }),
  rows: (ctx) => {
    const rows: Value[][] = [];
    for (const o of ctx.catalog.all()) {
      if (o.kind !== 'relation') continue;
      for (const c of o.columns) if (!c.dropped && c.default && c.identity === '') rows.push([attrdefOid(o.oid, c.attnum), o.oid, c.attnum, defaultText(o, c)]);
    }
    return rows;
  },
});
