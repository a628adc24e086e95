/**
 * pg_attribute (https://www.postgresql.org/docs/15/catalog-pg-attribute.html):
 * the columns of tables, views, indexes, sequences and of the pg_catalog
 * relations themselves. System columns (ctid, xmin…, attnum < 0) are not listed.
 */
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { indexColumns, systemRelkind, typeCollation, typeDims, typePhysical } from './common.js';
import { allSystemRelations, cols, defineSystemRelation } from './relation.js';

interface Attribute {
  relid: number;
  name: string;
  typeOid: number;
  typmod: number;
  attnum: number;
  notNull: boolean;
  hasDefault: boolean;
  identity: string;
  generated: string;
  dropped: boolean;
}

function attributeRow(a: Attribute): Value[] {
  const p = typePhysical(a.typeOid);
  return [
    a.relid, a.name, a.dropped ? 0 : a.typeOid, a.dropped ? 0 : -1, p.len, a.attnum, a.dropped ? 0 : typeDims(a.typeOid), -1, a.typmod,
    p.byval, p.align, p.storage, '', a.notNull, a.hasDefault, false, a.identity, a.generated, a.dropped, true, 0,
    a.dropped ? 0 : typeCollation(a.typeOid), null, null, null, null,
  ];
}

const SEQUENCE_COLUMNS: readonly [string, number][] = [['last_value', Oid.int8], ['log_cnt', Oid.int8], ['is_called', Oid.bool]];

defineSystemRelation({
  name: 'pg_attribute',
  oid: 1249,
  columns: cols({
    attrelid: Oid.oid,
    attname: Oid.name,
    atttypid: Oid.oid,
    attstattarget: Oid.int4,
    attlen: Oid.int2,
    attnum: Oid.int2,
    attndims: Oid.int4,
    attcacheoff: Oid.int4,
    atttypmod: Oid.int4,
    attbyval: Oid.bool,
    attalign: Oid.char,
    attstorage: Oid.char,
    attcompression: Oid.char,
    attnotnull: Oid.bool,
    atthasdef: Oid.bool,
    atthasmissing: Oid.bool,
    attidentity: Oid.char,
    attgenerated: Oid.char,
    attisdropped: Oid.bool,
    attislocal: Oid.bool,
    attinhcount: Oid.int4,
    attcollation: Oid.oid,
    attacl: Oid._aclitem,
    attoptions: Oid._text,
    attfdwoptions: Oid._text,
    // anyarray in PostgreSQL (a value of the column's own array type); always NULL here.
    attmissingval: Oid.anyarray,
  }),
  rows: (ctx) => {
    const rows: Value[][] = [];
    const base = { notNull: false, hasDefault: false, identity: '', generated: '', dropped: false };
    for (const o of ctx.catalog.all()) {
      if (o.kind === 'relation') {
        for (const c of o.columns) {
          rows.push(attributeRow({
            relid: o.oid,
            name: c.dropped ? `........pg.dropped.${c.attnum}........` : c.name,
            typeOid: c.typeOid,
            typmod: c.dropped ? -1 : c.typmod,
            attnum: c.attnum,
            notNull: !c.dropped && c.notNull,
            // An identity column's sequence is not a default in PostgreSQL (no pg_attrdef row).
            hasDefault: !c.dropped && c.default !== null && c.identity === '',
            identity: c.dropped ? '' : c.identity,
            generated: c.dropped ? '' : c.generated,
            dropped: c.dropped,
          }));
        }
      } else if (o.kind === 'index') {
        indexColumns(ctx.catalog, o).forEach((c, i) => rows.push(attributeRow({ ...base, relid: o.oid, name: c.name, typeOid: c.typeOid, typmod: c.typmod, attnum: i + 1 })));
      } else if (o.kind === 'sequence') {
        SEQUENCE_COLUMNS.forEach(([name, typeOid], i) => rows.push(attributeRow({ ...base, relid: o.oid, name, typeOid, typmod: -1, attnum: i + 1, notNull: true })));
      }
    }
    for (const r of allSystemRelations()) {
      const table = systemRelkind(r) === 'r';
      r.columns.forEach((c, i) =>
        rows.push(attributeRow({ ...base, relid: r.oid, name: c.name, typeOid: c.typeOid, typmod: -1, attnum: i + 1, notNull: table && typePhysical(c.typeOid).len > 0 })),
      );
    }
    return rows;
  },
});
