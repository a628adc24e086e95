/**
 * pg_index (https://www.postgresql.org/docs/15/catalog-pg-index.html).
 * indkey/indoption (int2vector) and indclass/indcollation (oidvector) are
 * int2[] and oid[] with lower bound 0, so subscripts match PostgreSQL's.
 * indexprs/indpred hold the expressions' SQL text.
 */
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import type { Catalog } from '../catalog.js';
import type { IndexDef } from '../objects.js';
import { accessMethodOid, int2vector, keyType, oidvector, typeCollation } from './common.js';
import { rawExprText } from './expr-text.js';
import { opclassOid } from './pg-opclass.js';
import { cols, defineSystemRelation } from './relation.js';

/** indoption bits: 1 = DESC, 2 = NULLS FIRST. */
export function indexOptions(ix: IndexDef): number[] {
  return ix.keys.map((k) => (k.descending ? 1 : 0) | (k.nullsFirst ? 2 : 0));
}

export function indexClasses(catalog: Catalog, ix: IndexDef): number[] {
  const table = catalog.relation(ix.tableOid);
  const am = accessMethodOid(ix.method);
  return ix.keys.map((k) => opclassOid(am, keyType(table, k), k.opclass));
}

function indexRow(catalog: Catalog, ix: IndexDef): Value[] {
  const table = catalog.relation(ix.tableOid);
  const columnType = (name: string) => table?.columns.find((c) => !c.dropped && c.name === name)?.typeOid;
  const exprs = ix.keys.filter((k) => k.attnum === 0 && k.expr).map((k) => (k.expr!.text !== '' ? k.expr!.text : rawExprText(k.expr!.node, { columnType })));
  const pred = ix.predicate ? (ix.predicate.text !== '' ? ix.predicate.text : rawExprText(ix.predicate.node, { columnType })) : null;
  return [
    ix.oid, ix.tableOid, ix.keys.length + ix.include.length, ix.keys.length, ix.unique, ix.nullsNotDistinct, ix.primary, false, true, false, true,
    false, true, true, false,
    int2vector([...ix.keys.map((k) => k.attnum), ...ix.include]),
    oidvector(ix.keys.map((k) => typeCollation(keyType(table, k) ?? 0))),
    oidvector(indexClasses(catalog, ix)),
    int2vector(indexOptions(ix)),
    exprs.length > 0 ? exprs.join(', ') : null,
    pred,
  ];
}

defineSystemRelation({
  name: 'pg_index',
  oid: 2610,
  columns: cols({
    indexrelid: Oid.oid,
    indrelid: Oid.oid,
    indnatts: Oid.int2,
    indnkeyatts: Oid.int2,
    indisunique: Oid.bool,
    indnullsnotdistinct: Oid.bool,
    indisprimary: Oid.bool,
    indisexclusion: Oid.bool,
    indimmediate: Oid.bool,
    indisclustered: Oid.bool,
    indisvalid: Oid.bool,
    indcheckxmin: Oid.bool,
    indisready: Oid.bool,
    indislive: Oid.bool,
    indisreplident: Oid.bool,
    indkey: Oid._int2,
    indcollation: Oid._oid,
    indclass: Oid._oid,
    indoption: Oid._int2,
    indexprs: Oid.pg_node_tree,
    indpred: Oid.pg_node_tree,
  }),
  rows: (ctx) => {
    const rows: Value[][] = [];
    for (const o of ctx.catalog.all()) if (o.kind === 'index') rows.push(indexRow(ctx.catalog, o));
    return rows;
  },
});
