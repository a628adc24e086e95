/**
 * Facts several pg_catalog relations and catalog functions share: well-known
 * OIDs, the physical properties PostgreSQL records per type (typlen, typalign,
 * typstorage, typcollation), index access methods, and identifier quoting.
 */
import { Oid } from '../../types/oids.js';
import { functionsNamed } from '../../types/functions/catalog.js';
import { findTypeByOid } from '../../types/registry.js';
import { makeArray, type PgArray, type Value } from '../../types/value.js';
import type { Catalog } from '../catalog.js';
import { PG_CATALOG_OID } from '../catalog.js';
import type { IndexDef, IndexKey, RelationDef, SequenceDef } from '../objects.js';
import { keywordCategory } from './keywords.js';
import { allSystemRelations, systemRelation, type SystemRelation } from './relation.js';

export { BOOTSTRAP_SUPERUSER_OID } from './pg-namespace.js';

/** pg_class OIDs of the catalogs that pg_description.classoid and pg_depend point at. */
export const ClassOid = {
  pg_type: 1247,
  pg_proc: 1255,
  pg_class: 1259,
  pg_database: 1262,
  pg_constraint: 2606,
  pg_namespace: 2615,
  pg_am: 2601,
  pg_extension: 3079,
} as const;

export const HEAP_AM_OID = 2;
export const DEFAULT_COLLATION_OID = 100;
export const C_COLLATION_OID = 950;
/** PostgreSQL's encoding number for UTF8 (pg_database.encoding). */
export const UTF8_ENCODING = 6;

/**
 * Index access methods. PostgreSQL's own keep their OIDs; hnsw and ivfflat
 * (pgvector's, created by CREATE EXTENSION in PostgreSQL and so numbered
 * ≥ 16384 there) get fixed OIDs below FirstNormalObjectId, unused by
 * PostgreSQL 15, so they cannot collide with vecsql's own objects.
 */
export const ACCESS_METHODS: readonly { oid: number; name: string; handler: string; type: 't' | 'i' }[] = [
  { oid: HEAP_AM_OID, name: 'heap', handler: 'heap_tableam_handler', type: 't' },
  { oid: 403, name: 'btree', handler: 'bthandler', type: 'i' },
  { oid: 405, name: 'hash', handler: 'hashhandler', type: 'i' },
  { oid: 783, name: 'gist', handler: 'gisthandler', type: 'i' },
  { oid: 2742, name: 'gin', handler: 'ginhandler', type: 'i' },
  { oid: 4000, name: 'spgist', handler: 'spghandler', type: 'i' },
  { oid: 3580, name: 'brin', handler: 'brinhandler', type: 'i' },
  { oid: 16300, name: 'hnsw', handler: 'hnswhandler', type: 'i' },
  { oid: 16301, name: 'ivfflat', handler: 'ivfflathandler', type: 'i' },
];

export function accessMethodOid(name: string): number {
  return ACCESS_METHODS.find((m) => m.name === name)?.oid ?? 0;
}

/** System views have OIDs initdb assigned (≥ 12000); catalog tables have fixed ones below 10000. */
export function systemRelkind(r: SystemRelation): 'r' | 'v' {
  return r.oid >= 12000 ? 'v' : 'r';
}

/** Shared catalogs (one copy per cluster, pg_class.relisshared). */
const SHARED = new Set(['pg_database', 'pg_authid', 'pg_auth_members', 'pg_tablespace', 'pg_shdescription', 'pg_shdepend']);
export function isSharedCatalog(name: string): boolean {
  return SHARED.has(name);
}

export function systemRelationByOid(oid: number): SystemRelation | undefined {
  for (const r of allSystemRelations()) if (r.oid === oid) return r;
  return undefined;
}

/** typlen / typbyval / typalign / typstorage as PostgreSQL 15 records them for vecsql's types. */
export interface TypePhysical {
  readonly len: number;
  readonly byval: boolean;
  readonly align: 'c' | 's' | 'i' | 'd';
  readonly storage: 'p' | 'x' | 'm' | 'e';
}

/** Fixed-length types that are not passed by value, with their alignment. */
const FIXED_BY_REFERENCE: Record<number, 'c' | 'i' | 'd'> = {
  [Oid.name]: 'c',
  [Oid.uuid]: 'c',
  [Oid.interval]: 'd',
  [Oid.timetz]: 'd',
  [Oid.aclitem]: 'i',
};

export function typePhysical(oid: number): TypePhysical {
  const t = findTypeByOid(oid);
  if (!t) return { len: -1, byval: false, align: 'i', storage: 'x' };
  if (oid === Oid.aclitem) return { len: 12, byval: false, align: 'i', storage: 'p' };
  if (oid === Oid.record || oid === Oid.anyarray || oid === Oid.anycompatiblearray) return { len: -1, byval: false, align: 'd', storage: 'x' };
  const ref = FIXED_BY_REFERENCE[oid];
  if (ref) return { len: t.len, byval: false, align: ref, storage: 'p' };
  switch (t.len) {
    case 1:
      return { len: 1, byval: true, align: 'c', storage: 'p' };
    case 2:
      return { len: 2, byval: true, align: 's', storage: 'p' };
    case 4:
      return { len: 4, byval: true, align: 'i', storage: 'p' };
    case 8:
      return { len: 8, byval: true, align: 'd', storage: 'p' };
    case -2:
      return { len: -2, byval: false, align: 'c', storage: 'p' };
  }
  if (t.len > 0) return { len: t.len, byval: false, align: 'c', storage: 'p' };
  // Variable length: arrays take their element's alignment; numeric is stored compressed inline.
  const align = t.category === 'A' && t.elemOid !== 0 && typePhysical(t.elemOid).align === 'd' ? 'd' : 'i';
  return { len: -1, byval: false, align, storage: oid === Oid.numeric ? 'm' : 'x' };
}

/** pg_type.typcollation: default for string types and their arrays, "C" for name. */
export function typeCollation(oid: number): number {
  const t = findTypeByOid(oid);
  if (!t) return 0;
  if (t.category === 'A' && t.elemOid !== 0) return typeCollation(t.elemOid);
  if (oid === Oid.name) return C_COLLATION_OID;
  if (oid === Oid.text || oid === Oid.varchar || oid === Oid.bpchar || oid === Oid.pg_node_tree) return DEFAULT_COLLATION_OID;
  return 0;
}

/** attndims: PostgreSQL records 1 for any array column declared without explicit bounds. */
export function typeDims(oid: number): number {
  const t = findTypeByOid(oid);
  return t && t.category === 'A' && t.elemOid !== 0 ? 1 : 0;
}

/**
 * int2vector / oidvector columns (indkey, indclass, …). vecsql has no such
 * types, so they are int2[] / oid[] — with lower bound 0, as int2vector and
 * oidvector subscripts start at 0 (`indkey[0]` is the first key column).
 */
export function int2vector(items: readonly number[]): PgArray {
  return zeroBased(makeArray(Oid.int2, items));
}
export function oidvector(items: readonly number[]): PgArray {
  return zeroBased(makeArray(Oid.oid, items));
}
function zeroBased(a: PgArray): PgArray {
  return a.dims.length === 0 ? a : { ...a, lbounds: [0] };
}

export function int2array(items: readonly number[]): PgArray {
  return makeArray(Oid.int2, items);
}

/** reloptions-style `name=value` entries, or NULL when there are none. */
export function optionsArray(options: Readonly<Record<string, string>> | undefined): Value {
  const entries = Object.entries(options ?? {});
  return entries.length > 0 ? makeArray(Oid.text, entries.map(([k, v]) => `${k}=${v}`)) : null;
}

/** quote_ident(): double-quotes a name unless it is a plain lower-case identifier and not a keyword. */
export function quoteIdent(name: string): string {
  // Unreserved key words may stay bare; reserved ones and those that cannot name a function or type may not.
  const category = keywordCategory(name);
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && (category === undefined || category === 'U')) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** quote_literal(): a string literal, E'' when it contains backslashes. */
export function quoteLiteral(s: string): string {
  const body = s.replace(/'/g, "''");
  return s.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

/**
 * pg_table_is_visible(): the search path (pg_catalog implicitly first) finds
 * this very object by its bare name.
 */
export function classVisible(catalog: Catalog, o: RelationDef | IndexDef | SequenceDef, searchPath: readonly string[]): boolean {
  if (o.namespace === PG_CATALOG_OID) return true;
  if (systemRelation(o.name)) return false;
  for (const s of searchPath) {
    const schema = catalog.schema(s);
    const found = schema ? catalog.classIn(schema.oid, o.name) : undefined;
    if (found) return found.oid === o.oid;
  }
  return false;
}

/** A class object's name, schema-qualified unless it is visible (ruleutils' generate_relation_name). */
export function qualifiedClassName(catalog: Catalog, o: RelationDef | IndexDef | SequenceDef, searchPath: readonly string[]): string {
  return classVisible(catalog, o, searchPath) ? quoteIdent(o.name) : fullyQualifiedName(catalog, o);
}

/** A relation name always schema-qualified (pg_get_indexdef's `ON public.t`). */
export function fullyQualifiedName(catalog: Catalog, o: RelationDef | IndexDef | SequenceDef): string {
  const schema = o.namespace === PG_CATALOG_OID ? 'pg_catalog' : (catalog.schemaByOid(o.namespace)?.name ?? '?');
  return `${quoteIdent(schema)}.${quoteIdent(o.name)}`;
}

/** Splits `schema.name` / `"Quoted".name` as SQL reads it: unquoted parts lower-cased. */
export function splitQualifiedName(s: string): string[] {
  const parts: string[] = [];
  const t = s.trim();
  let i = 0;
  while (i < t.length) {
    let part = '';
    if (t[i] === '"') {
      let j = i + 1;
      while (j < t.length) {
        if (t[j] === '"') {
          if (t[j + 1] === '"') {
            part += '"';
            j += 2;
            continue;
          }
          break;
        }
        part += t[j++];
      }
      i = j + 1;
    } else {
      let j = i;
      while (j < t.length && t[j] !== '.') j++;
      part = t.slice(i, j).trim().toLowerCase();
      i = j;
    }
    parts.push(part);
    while (i < t.length && t[i] === ' ') i++;
    if (t[i] === '.') i++;
  }
  return parts;
}

/** Whether a relation has foreign keys or is referenced by one (PostgreSQL then has RI triggers on it). */
export function hasRiTriggers(catalog: Catalog, tableOid: number): boolean {
  return catalog.constraintsOf(tableOid).some((c) => c.type === 'f') || catalog.referencingConstraints(tableOid).length > 0;
}

/**
 * The type of an index expression, where it can be told without the binder:
 * a column, a function whose overloads of that arity agree on the result
 * type, arithmetic on operands of one type; 0 otherwise.
 */
export function expressionType(node: unknown, table: RelationDef | undefined): number {
  const n = node as Record<string, Record<string, unknown>>;
  if (n.ColumnRef) {
    const fields = (n.ColumnRef.fields as { String?: { sval: string } }[]) ?? [];
    const col = fields[fields.length - 1]?.String?.sval;
    return table?.columns.find((c) => !c.dropped && c.name === col)?.typeOid ?? 0;
  }
  if (n.FuncCall) {
    const names = (n.FuncCall.funcname as { String: { sval: string } }[]).map((x) => x.String.sval);
    const arity = ((n.FuncCall.args as unknown[] | undefined) ?? []).length;
    const rets = new Set(functionsNamed(names[names.length - 1]!).filter((d) => d.args.length === arity || d.variadic).map((d) => d.ret));
    return rets.size === 1 ? [...rets][0]! : 0;
  }
  if (n.TypeCast) return 0;
  if (n.A_Expr && ['+', '-', '*', '/', '%'].includes(((n.A_Expr.name as { String: { sval: string } }[]) ?? [])[0]?.String.sval ?? '')) {
    const l = expressionType(n.A_Expr.lexpr, table);
    const r = n.A_Expr.rexpr && (n.A_Expr.rexpr as Record<string, unknown>).A_Const ? l : expressionType(n.A_Expr.rexpr, table);
    return l === r ? l : 0;
  }
  return 0;
}

/** A key column's type: the column's, or the expression's when it can be told (undefined if not). */
export function keyType(table: RelationDef | undefined, k: IndexKey): number | undefined {
  if (k.attnum > 0) return table?.columns.find((c) => c.attnum === k.attnum)?.typeOid;
  const t = k.expr ? expressionType(k.expr.node, table) : 0;
  return t === 0 ? undefined : t;
}

/**
 * The columns an index has in pg_attribute: key columns, then INCLUDE
 * columns. Expression columns are named as PostgreSQL names them — after
 * the function called, else "expr" — numbered when a name repeats.
 */
export function indexColumns(catalog: Catalog, ix: IndexDef): { name: string; typeOid: number; typmod: number }[] {
  const table = catalog.relation(ix.tableOid);
  const col = (attnum: number) => table?.columns.find((c) => c.attnum === attnum);
  const out: { name: string; typeOid: number; typmod: number }[] = [];
  const used = new Set<string>();
  const unique = (base: string): string => {
    let name = base;
    for (let i = 1; used.has(name); i++) name = `${base}${i}`;
    used.add(name);
    return name;
  };
  const keyColumns = ix.keys.map((k) => ({ attnum: k.attnum, expr: k.expr }));
  for (const k of [...keyColumns, ...ix.include.map((attnum) => ({ attnum, expr: undefined }))]) {
    const c = k.attnum > 0 ? col(k.attnum) : undefined;
    if (c) {
      out.push({ name: unique(c.name), typeOid: c.typeOid, typmod: c.typmod });
      continue;
    }
    const node = k.expr?.node as { FuncCall?: { funcname: { String: { sval: string } }[] } } | undefined;
    const fname = node?.FuncCall ? node.FuncCall.funcname[node.FuncCall.funcname.length - 1]!.String.sval : 'expr';
    out.push({ name: unique(fname), typeOid: k.expr ? expressionType(k.expr.node, table) : 0, typmod: -1 });
  }
  return out;
}
