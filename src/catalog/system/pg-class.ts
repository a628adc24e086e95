/** pg_class (https://www.postgresql.org/docs/15/catalog-pg-class.html). */
import { Oid } from '../../types/oids.js';
import type { Value } from '../../types/value.js';
import { PG_CATALOG_OID } from '../catalog.js';
import {
  BOOTSTRAP_SUPERUSER_OID,
  HEAP_AM_OID,
  accessMethodOid,
  hasRiTriggers,
  indexColumns,
  isSharedCatalog,
  optionsArray,
  systemRelkind,
} from './common.js';
import { allSystemRelations, cols, defineSystemRelation } from './relation.js';

/**
 * vecsql has no transaction-ID wraparound horizon; relfrozenxid and
 * relminmxid (type xid in PostgreSQL) are shown as oid, which prints the
 * same unsigned integers.
 */
const XID = Oid.oid;

defineSystemRelation({
  name: 'pg_class',
  oid: 1259,
  columns: cols({
    oid: Oid.oid,
    relname: Oid.name,
    relnamespace: Oid.oid,
    reltype: Oid.oid,
    reloftype: Oid.oid,
    relowner: Oid.oid,
    relam: Oid.oid,
    relfilenode: Oid.oid,
    reltablespace: Oid.oid,
    relpages: Oid.int4,
    reltuples: Oid.float4,
    relallvisible: Oid.int4,
    reltoastrelid: Oid.oid,
    relhasindex: Oid.bool,
    relisshared: Oid.bool,
    relpersistence: Oid.char,
    relkind: Oid.char,
    relnatts: Oid.int2,
    relchecks: Oid.int2,
    relhasrules: Oid.bool,
    relhastriggers: Oid.bool,
    relhassubclass: Oid.bool,
    relrowsecurity: Oid.bool,
    relforcerowsecurity: Oid.bool,
    relispopulated: Oid.bool,
    relreplident: Oid.char,
    relispartition: Oid.bool,
    relrewrite: Oid.oid,
    relfrozenxid: XID,
    relminmxid: XID,
    relacl: Oid._aclitem,
    reloptions: Oid._text,
    relpartbound: Oid.pg_node_tree,
  }),
  rows: (ctx) => {
    const rows: Value[][] = [];
    const row = (r: {
      oid: number;
      name: string;
      namespace: number;
      reltype: number;
      am: number;
      filenode: number;
      pages: number;
      tuples: number;
      hasIndex: boolean;
      shared?: boolean;
      kind: string;
      natts: number;
      checks?: number;
      rules?: boolean;
      triggers?: boolean;
      replident: string;
      options?: Value;
    }) =>
      rows.push([
        r.oid, r.name, r.namespace, r.reltype, 0, BOOTSTRAP_SUPERUSER_OID, r.am, r.filenode, 0, r.pages, r.tuples, 0, 0,
        r.hasIndex, r.shared ?? false, 'p', r.kind, r.natts, r.checks ?? 0, r.rules ?? false, r.triggers ?? false, false,
        false, false, true, r.replident, false, 0, 0, 0, null, r.options ?? null, null,
      ]);

    const catalog = ctx.catalog;
    for (const o of catalog.all()) {
      switch (o.kind) {
        case 'relation': {
          const table = o.relkind === 'r';
          row({
            oid: o.oid, name: o.name, namespace: o.namespace, reltype: o.rowTypeOid, am: table ? HEAP_AM_OID : 0, filenode: table ? o.oid : 0,
            pages: 0, tuples: -1, hasIndex: table && catalog.indexesOf(o.oid).length > 0, kind: o.relkind, natts: o.columns.length,
            checks: catalog.constraintsOf(o.oid).filter((c) => c.type === 'c').length, rules: o.relkind === 'v',
            triggers: table && hasRiTriggers(catalog, o.oid), replident: table ? 'd' : 'n', options: optionsArray(o.options),
          });
          break;
        }
        case 'index':
          row({
            oid: o.oid, name: o.name, namespace: o.namespace, reltype: 0, am: accessMethodOid(o.method), filenode: o.oid, pages: 1, tuples: 0,
            hasIndex: false, kind: 'i', natts: indexColumns(catalog, o).length, replident: 'n', options: optionsArray(o.options),
          });
          break;
        case 'sequence':
          // A sequence is a one-row relation (last_value, log_cnt, is_called).
          row({ oid: o.oid, name: o.name, namespace: o.namespace, reltype: 0, am: 0, filenode: o.oid, pages: 1, tuples: 1, hasIndex: false, kind: 'S', natts: 3, replident: 'n' });
          break;
      }
    }
    for (const r of allSystemRelations()) {
      const kind = systemRelkind(r);
      row({
        oid: r.oid, name: r.name, namespace: PG_CATALOG_OID, reltype: 0, am: kind === 'r' ? HEAP_AM_OID : 0, filenode: 0, pages: 0, tuples: -1,
        hasIndex: kind === 'r', shared: isSharedCatalog(r.name), kind, natts: r.columns.length, rules: kind === 'v', replident: 'n',
      });
    }
    return rows;
  },
});
