/** pg_type (https://www.postgresql.org/docs/15/catalog-pg-type.html). */
import { Oid } from '../../types/oids.js';
import { allTypes } from '../../types/registry.js';
import type { PgType } from '../../types/type.js';
import { PG_CATALOG_OID } from '../catalog.js';
import { BOOTSTRAP_SUPERUSER_OID } from './pg-namespace.js';
import { cols, defineSystemRelation } from './relation.js';

/** typalign/typstorage/typbyval follow from the length, as for PostgreSQL's built-in types. */
function physical(t: PgType): { byval: boolean; align: string; storage: string } {
  if (t.len === 1) return { byval: true, align: 'c', storage: 'p' };
  if (t.len === 2) return { byval: true, align: 's', storage: 'p' };
  if (t.len === 4) return { byval: true, align: 'i', storage: 'p' };
  if (t.len === 8) return { byval: true, align: 'd', storage: 'p' };
  if (t.len === -1) return { byval: false, align: t.category === 'A' || t.oid === Oid.numeric || t.oid === Oid.interval ? 'd' : 'i', storage: t.category === 'N' ? 'm' : 'x' };
  return { byval: false, align: 'c', storage: 'p' };
}

function ioName(t: PgType, suffix: string): string {
  if (t.category === 'A') return `array_${suffix}`;
  if (t.category === 'P') return `${t.name.replace(/^_/, '')}_${suffix}`;
  const base = t.name === 'int2' || t.name === 'int4' || t.name === 'int8' || t.name === 'float4' || t.name === 'float8' ? t.name : t.name;
  return `${base}${suffix}`;
}

defineSystemRelation({
  name: 'pg_type',
  oid: 1247,
  columns: cols({
    oid: Oid.oid,
    typname: Oid.name,
    typnamespace: Oid.oid,
    typowner: Oid.oid,
    typlen: Oid.int2,
    typbyval: Oid.bool,
    typtype: Oid.char,
    typcategory: Oid.char,
    typispreferred: Oid.bool,
    typisdefined: Oid.bool,
    typdelim: Oid.char,
    typrelid: Oid.oid,
    typsubscript: Oid.regproc,
    typelem: Oid.oid,
    typarray: Oid.oid,
    typinput: Oid.regproc,
    typoutput: Oid.regproc,
    typreceive: Oid.regproc,
    typsend: Oid.regproc,
    typmodin: Oid.regproc,
    typmodout: Oid.regproc,
    typanalyze: Oid.regproc,
    typalign: Oid.char,
    typstorage: Oid.char,
    typnotnull: Oid.bool,
    typbasetype: Oid.oid,
    typtypmod: Oid.int4,
    typndims: Oid.int4,
    typcollation: Oid.oid,
    typdefaultbin: Oid.pg_node_tree,
    typdefault: Oid.text,
    typacl: Oid._aclitem,
  }),
  rows: (ctx) => {
    const rows: unknown[][] = [];
    for (const t of allTypes()) {
      const p = physical(t);
      const collatable = t.category === 'S' && t.oid !== Oid.char && t.oid !== Oid.name ? 100 : t.oid === Oid.name ? 950 : 0;
      rows.push([
        t.oid, t.name, PG_CATALOG_OID, BOOTSTRAP_SUPERUSER_OID, t.len, p.byval,
        t.category === 'P' ? 'p' : 'b', t.category, t.preferred, true, t.delimiter, 0,
        t.category === 'A' ? 'array_subscript_handler' : '-', t.elemOid, t.arrayOid,
        ioName(t, 'in'), ioName(t, 'out'), ioName(t, 'recv'), ioName(t, 'send'),
        t.typmodIn ? `${t.name}typmodin` : '-', t.typmodOut ? `${t.name}typmodout` : '-', t.category === 'A' ? 'array_typanalyze' : '-',
        p.align, p.storage, false, 0, -1, 0, collatable, null, null, null,
      ]);
    }
    // Each table and view has a composite row type named after it.
    for (const o of ctx.catalog.all()) {
      if (o.kind !== 'relation') continue;
      rows.push([
        o.rowTypeOid, o.name, o.namespace, BOOTSTRAP_SUPERUSER_OID, -1, false, 'c', 'C', false, true, ',', o.oid,
        '-', 0, 0, 'record_in', 'record_out', 'record_recv', 'record_send', '-', '-', '-', 'd', 'x', false, 0, -1, 0, 0, null, null, null,
      ]);
    }
    return rows;
  },
});
