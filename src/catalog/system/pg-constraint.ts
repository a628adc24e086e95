/**
 * pg_constraint (https://www.postgresql.org/docs/15/catalog-pg-constraint.html):
 * primary keys, unique, check and foreign-key constraints. conbin holds the
 * CHECK expression's SQL text.
 */
import { Oid } from '../../types/oids.js';
import { makeArray, type Value } from '../../types/value.js';
import type { Catalog } from '../catalog.js';
import type { ConstraintDef } from '../objects.js';
import { int2array } from './common.js';
import { checkColumns, constraintDefinition } from './definitions.js';
import { cols, defineSystemRelation } from './relation.js';

/** The `=` operator of each type (pg_operator OIDs), for a foreign key's conpfeqop/conppeqop/conffeqop. */
const EQUALITY_OPERATOR: Record<number, number> = {
  [Oid.bool]: 91, [Oid.char]: 92, [Oid.name]: 93, [Oid.int2]: 94, [Oid.int4]: 96, [Oid.text]: 98, [Oid.varchar]: 98, [Oid.int8]: 410,
  [Oid.oid]: 607, [Oid.float4]: 620, [Oid.float8]: 670, [Oid.bpchar]: 1054, [Oid.date]: 1093, [Oid.time]: 1108, [Oid.timestamptz]: 1320,
  [Oid.interval]: 1330, [Oid.timetz]: 1550, [Oid.numeric]: 1752, [Oid.bytea]: 1955, [Oid.timestamp]: 2060, [Oid.uuid]: 2972, [Oid.jsonb]: 3240,
};

function constraintRow(catalog: Catalog, c: ConstraintDef): Value[] {
  const rel = catalog.relation(c.tableOid);
  const fk = c.fk;
  const ref = fk ? catalog.relation(fk.refTableOid) : undefined;
  const typeOf = (r: typeof rel, attnum: number) => r?.columns.find((x) => x.attnum === attnum)?.typeOid ?? 0;
  const eqops = fk ? makeArray(Oid.oid, fk.refColumns.map((a) => EQUALITY_OPERATOR[typeOf(ref, a)] ?? 0)) : null;
  return [
    c.oid, c.name, c.namespace, c.type, c.deferrable, false, true, c.tableOid, 0, c.type === 'c' ? 0 : c.indexOid, 0,
    fk ? fk.refTableOid : 0, fk ? fk.onUpdate : ' ', fk ? fk.onDelete : ' ', fk ? fk.match : ' ', true, 0, c.type !== 'c',
    int2array(c.type === 'c' ? checkColumns(rel, c) : c.columns), fk ? int2array(fk.refColumns) : null, eqops, eqops, eqops, null, null,
    c.type === 'c' ? constraintDefinition(catalog, c, false, []).replace(/^CHECK \((.*)\)$/s, '$1') : null,
  ];
}

defineSystemRelation({
  name: 'pg_constraint',
  oid: 2606,
  columns: cols({
    oid: Oid.oid,
    conname: Oid.name,
    connamespace: Oid.oid,
    contype: Oid.char,
    condeferrable: Oid.bool,
    condeferred: Oid.bool,
    convalidated: Oid.bool,
    conrelid: Oid.oid,
    contypid: Oid.oid,
    conindid: Oid.oid,
    conparentid: Oid.oid,
    confrelid: Oid.oid,
    confupdtype: Oid.char,
    confdeltype: Oid.char,
    confmatchtype: Oid.char,
    conislocal: Oid.bool,
    coninhcount: Oid.int4,
    connoinherit: Oid.bool,
    conkey: Oid._int2,
    confkey: Oid._int2,
    conpfeqop: Oid._oid,
    conppeqop: Oid._oid,
    conffeqop: Oid._oid,
    confdelsetcols: Oid._int2,
    conexclop: Oid._oid,
    conbin: Oid.pg_node_tree,
  }),
  rows: (ctx) => {
    const rows: Value[][] = [];
    for (const o of ctx.catalog.all()) if (o.kind === 'constraint') rows.push(constraintRow(ctx.catalog, o));
    return rows;
  },
});
