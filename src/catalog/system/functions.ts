/**
 * Catalog functions clients call next to the pg_catalog relations
 * (https://www.postgresql.org/docs/15/functions-info.html and
 * functions-admin.html): format_type, visibility tests, descriptions,
 * pg_get_*def, privileges (vecsql has one user, a superuser), sizes,
 * quoting. They read the statement's catalog snapshot.
 */
import type { EvalContext } from '../../types/context.js';
import { PgError, SqlState } from '../../types/errors.js';
import { formatType } from '../../types/format-type.js';
import { define, fn, type FuncDef } from '../../types/functions/catalog.js';
import { Numeric } from '../../types/numeric.js';
import { Oid } from '../../types/oids.js';
import { defineSrf } from '../../types/functions/srf.js';
import { findTypeByOid, typeByOid } from '../../types/registry.js';
import type { Value } from '../../types/value.js';
import type { Catalog } from '../catalog.js';
import { INFORMATION_SCHEMA_OID, PG_CATALOG_OID } from '../catalog.js';
import type { IndexDef, RelationDef, SequenceDef } from '../objects.js';
import { ClassOid, classVisible, quoteIdent, quoteLiteral, splitQualifiedName, systemRelationByOid } from './common.js';
import { constraintDefinition, indexDefinition } from './definitions.js';
import { databaseNames, databaseOid } from './pg-database.js';
import { descriptions } from './pg-description.js';
import { procByOid } from './pg-proc.js';
import { allRoles, roleName } from './pg-roles.js';
import { DATABASE_COMMENTS } from './pg-shdescription.js';
import { systemRelation, type SystemRelation } from './relation.js';

const { text, bool, int2, int4, int8, oid, name } = Oid;

function catalogOf(ctx: EvalContext): Catalog {
  return ctx.catalogSnapshot() as Catalog;
}

type ClassObject = RelationDef | IndexDef | SequenceDef;

function classByOid(catalog: Catalog, o: number): ClassObject | undefined {
  const obj = catalog.get(o);
  return obj && (obj.kind === 'relation' || obj.kind === 'index' || obj.kind === 'sequence') ? obj : undefined;
}

/** A relation named in text (`t`, `s.t`, `"T"`), looked up as regclass input is: pg_catalog first, then the search path. */
function relationByName(ctx: EvalContext, text: string): ClassObject | SystemRelation | undefined {
  const catalog = catalogOf(ctx);
  const parts = splitQualifiedName(text);
  const rel = parts[parts.length - 1] ?? '';
  const schemaName = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  if (schemaName === undefined || schemaName === 'pg_catalog') {
    const sys = systemRelation(rel);
    if (sys) return sys;
  }
  const schemas = schemaName !== undefined ? [schemaName] : ctx.searchPathSchemas();
  for (const s of schemas) {
    const schema = catalog.schema(s);
    const found = schema ? catalog.classIn(schema.oid, rel) : undefined;
    if (found) return found;
  }
  return undefined;
}

function relationByNameOrError(ctx: EvalContext, text: string): ClassObject | SystemRelation {
  const r = relationByName(ctx, text);
  if (!r) throw new PgError(SqlState.UndefinedTable, `relation "${text}" does not exist`);
  return r;
}

const isSystem = (r: ClassObject | SystemRelation): r is SystemRelation => !('kind' in r);

// ---- format_type ----

/** Types whose SQL names ignore a typmod they cannot use (format_type's special cases). */
const SPECIAL_NAMED = new Set<number>([Oid.bool, Oid.int2, Oid.int4, Oid.int8, Oid.float4, Oid.float8, Oid.char]);

function formatTypeFull(ctx: EvalContext, typeOid: number, typmod: number | null): string {
  if (typeOid === 0) return '-';
  const t = findTypeByOid(typeOid);
  if (!t) {
    // A table's row type is named after the table.
    const catalog = catalogOf(ctx);
    for (const o of catalog.all()) {
      if (o.kind === 'relation' && o.rowTypeOid === typeOid) return classVisible(catalog, o, ctx.searchPathSchemas()) ? quoteIdent(o.name) : `${quoteIdent(catalog.schemaByOid(o.namespace)?.name ?? '?')}.${quoteIdent(o.name)}`;
    }
    return '???';
  }
  const isArray = t.category === 'A' && t.elemOid !== 0;
  const elem = isArray ? findTypeByOid(t.elemOid)! : t;
  const suffix = isArray ? '[]' : '';
  // With a typmod given, even -1, bpchar keeps its internal name.
  if (elem.oid === Oid.bpchar && typmod !== null && typmod < 0) return `bpchar${suffix}`;
  if (typmod !== null && typmod >= 0 && !elem.typmodOut && !SPECIAL_NAMED.has(elem.oid)) return `${formatType(elem.oid)}(${typmod})${suffix}`;
  return formatType(typeOid, typmod ?? -1);
}

define({
  name: 'format_type',
  kind: 'function',
  args: [oid, int4],
  ret: text,
  strict: false,
  volatility: 'stable',
  impl: (a, ctx) => (a[0] === null ? null : formatTypeFull(ctx, a[0] as number, a[1] as number | null)),
});

// ---- Visibility ----

fn('pg_table_is_visible', [oid], bool, (a, ctx) => {
  const o = a[0] as number;
  if (systemRelationByOid(o)) return true;
  const catalog = catalogOf(ctx);
  const c = classByOid(catalog, o);
  return c ? classVisible(catalog, c, ctx.searchPathSchemas()) : null;
}, { volatility: 'stable' });

fn('pg_type_is_visible', [oid], bool, (a, ctx) => {
  const o = a[0] as number;
  if (findTypeByOid(o)) return true;
  const catalog = catalogOf(ctx);
  for (const r of catalog.all()) if (r.kind === 'relation' && r.rowTypeOid === o) return classVisible(catalog, r, ctx.searchPathSchemas());
  return null;
}, { volatility: 'stable' });

fn('pg_function_is_visible', [oid], bool, (a) => (procByOid(a[0] as number) ? true : null), { volatility: 'stable' });

// ---- Names and descriptions ----

fn('pg_get_userbyid', [oid], name, (a, ctx) => roleName(a[0] as number, ctx.userName) ?? `unknown (OID=${a[0]})`, { volatility: 'stable' });

const CLASS_BY_CATALOG_NAME: Record<string, number> = {
  pg_class: ClassOid.pg_class,
  pg_namespace: ClassOid.pg_namespace,
  pg_constraint: ClassOid.pg_constraint,
  pg_type: ClassOid.pg_type,
  pg_proc: ClassOid.pg_proc,
  pg_am: ClassOid.pg_am,
  pg_extension: ClassOid.pg_extension,
};

function description(ctx: EvalContext, objoid: number, classoid: number | null, objsubid: number): string | null {
  for (const d of descriptions(catalogOf(ctx))) {
    if (d.objoid === objoid && d.objsubid === objsubid && (classoid === null || d.classoid === classoid)) return d.description;
  }
  return null;
}

fn('obj_description', [oid, name], text, (a, ctx) => {
  const classoid = CLASS_BY_CATALOG_NAME[a[1] as string];
  return classoid === undefined ? null : description(ctx, a[0] as number, classoid, 0);
}, { volatility: 'stable' });
// The deprecated one-argument form matches any catalog.
fn('obj_description', [oid], text, (a, ctx) => description(ctx, a[0] as number, null, 0), { volatility: 'stable' });
fn('col_description', [oid, int4], text, (a, ctx) => description(ctx, a[0] as number, ClassOid.pg_class, a[1] as number), { volatility: 'stable' });
fn('shobj_description', [oid, name], text, (a, ctx) => {
  if (a[1] !== 'pg_database') return null;
  const db = databaseNames(ctx.databaseName).find((n) => databaseOid(n) === a[0]);
  return db === undefined ? null : (DATABASE_COMMENTS[db] ?? null);
}, { volatility: 'stable' });

// ---- Definitions ----

// adbin, indpred… already hold SQL text.
fn('pg_get_expr', [Oid.pg_node_tree, oid], text, (a) => a[0], { volatility: 'stable' });
fn('pg_get_expr', [Oid.pg_node_tree, oid, bool], text, (a) => a[0], { volatility: 'stable' });

function indexDef(ctx: EvalContext, o: number, column: number, pretty: boolean): string | null {
  const catalog = catalogOf(ctx);
  const ix = catalog.index(o);
  return ix ? indexDefinition(catalog, ix, column, pretty, ctx.searchPathSchemas()) : null;
}
fn('pg_get_indexdef', [oid], text, (a, ctx) => indexDef(ctx, a[0] as number, 0, false), { volatility: 'stable' });
fn('pg_get_indexdef', [oid, int4, bool], text, (a, ctx) => indexDef(ctx, a[0] as number, a[1] as number, a[2] as boolean), { volatility: 'stable' });

function constraintDef(ctx: EvalContext, o: number, pretty: boolean): string | null {
  const catalog = catalogOf(ctx);
  const con = catalog.get(o);
  return con?.kind === 'constraint' ? constraintDefinition(catalog, con, pretty, ctx.searchPathSchemas()) : null;
}
fn('pg_get_constraintdef', [oid], text, (a, ctx) => constraintDef(ctx, a[0] as number, false), { volatility: 'stable' });
fn('pg_get_constraintdef', [oid, bool], text, (a, ctx) => constraintDef(ctx, a[0] as number, a[1] as boolean), { volatility: 'stable' });

function viewDef(ctx: EvalContext, o: number): string | null {
  const rel = catalogOf(ctx).relation(o);
  return rel?.relkind === 'v' ? (rel.view?.text ?? null) : null;
}
fn('pg_get_viewdef', [oid], text, (a, ctx) => viewDef(ctx, a[0] as number), { volatility: 'stable' });
fn('pg_get_viewdef', [oid, bool], text, (a, ctx) => viewDef(ctx, a[0] as number), { volatility: 'stable' });
fn('pg_get_viewdef', [oid, int4], text, (a, ctx) => viewDef(ctx, a[0] as number), { volatility: 'stable' });
fn('pg_get_viewdef', [text], text, (a, ctx) => {
  const r = relationByNameOrError(ctx, a[0] as string);
  return isSystem(r) ? null : viewDef(ctx, r.oid);
}, { volatility: 'stable' });
fn('pg_get_viewdef', [text, bool], text, (a, ctx) => {
  const r = relationByNameOrError(ctx, a[0] as string);
  return isSystem(r) ? null : viewDef(ctx, r.oid);
}, { volatility: 'stable' });

fn('pg_get_serial_sequence', [text, text], text, (a, ctx) => {
  const r = relationByNameOrError(ctx, a[0] as string);
  if (isSystem(r) || r.kind !== 'relation') return null;
  // The column name is taken literally (no case folding), as PostgreSQL does.
  const col = r.columns.find((c) => !c.dropped && c.name === a[1]);
  if (!col) throw new PgError(SqlState.UndefinedColumn, `column "${a[1]}" of relation "${r.name}" does not exist`);
  const catalog = catalogOf(ctx);
  const seq = catalog.sequencesOwnedBy(r.oid).find((s) => s.ownedBy?.attnum === col.attnum);
  return seq ? `${quoteIdent(catalog.schemaByOid(seq.namespace)?.name ?? '?')}.${quoteIdent(seq.name)}` : null;
}, { volatility: 'stable' });

function procText(o: number, f: (p: NonNullable<ReturnType<typeof procByOid>>) => string): string | null {
  const p = procByOid(o);
  return p ? f(p) : null;
}
const argList = (p: NonNullable<ReturnType<typeof procByOid>>) =>
  p.args.map((t, i) => (p.variadic !== 0 && i === p.args.length - 1 ? `VARIADIC ${formatType(t)}` : formatType(t))).join(', ');
fn('pg_get_function_arguments', [oid], text, (a) => procText(a[0] as number, argList), { volatility: 'stable' });
fn('pg_get_function_identity_arguments', [oid], text, (a) => procText(a[0] as number, argList), { volatility: 'stable' });
fn('pg_get_function_result', [oid], text, (a) => procText(a[0] as number, (p) => formatType(p.ret)), { volatility: 'stable' });

fn('pg_tablespace_location', [oid], text, () => '', { volatility: 'stable' });

// Objects vecsql does not have (triggers, rules, extended statistics, partition keys): no definition.
for (const [fname, args] of [
  ['pg_get_triggerdef', [oid]], ['pg_get_triggerdef', [oid, bool]], ['pg_get_ruledef', [oid]], ['pg_get_ruledef', [oid, bool]],
  ['pg_get_statisticsobjdef', [oid]], ['pg_get_statisticsobjdef_columns', [oid]], ['pg_get_partkeydef', [oid]],
] as const) {
  fn(fname, args, text, () => null, { volatility: 'stable' });
}

/** Tables can be published (psql's \d asks); vecsql has no publications to put them in. */
fn('pg_relation_is_publishable', [Oid.regclass], bool, (a, ctx) => {
  const c = classByOid(catalogOf(ctx), a[0] as number);
  return c ? c.kind === 'relation' && c.relkind === 'r' : systemRelationByOid(a[0] as number) ? false : null;
}, { volatility: 'stable' });

/** pg_partition_ancestors(regclass): a relation that is not a partition is its own only ancestor. */
defineSrf({
  name: 'pg_partition_ancestors',
  args: [Oid.regclass],
  strict: true,
  columns: () => [{ name: 'relid', type: typeByOid(Oid.regclass) }],
  rows: (a, ctx) => {
    const c = classByOid(catalogOf(ctx), a[0] as number);
    return c && c.kind === 'relation' && c.relkind === 'r' ? [[c.oid]] : [];
  },
});

// ---- Encodings ----

const ENCODINGS = [
  'SQL_ASCII', 'EUC_JP', 'EUC_CN', 'EUC_KR', 'EUC_TW', 'EUC_JIS_2004', 'UTF8', 'MULE_INTERNAL', 'LATIN1', 'LATIN2', 'LATIN3', 'LATIN4',
  'LATIN5', 'LATIN6', 'LATIN7', 'LATIN8', 'LATIN9', 'LATIN10', 'WIN1256', 'WIN1258', 'WIN866', 'WIN874', 'KOI8R', 'WIN1251', 'WIN1252',
  'ISO_8859_5', 'ISO_8859_6', 'ISO_8859_7', 'ISO_8859_8', 'WIN1250', 'WIN1253', 'WIN1254', 'WIN1255', 'WIN1257', 'KOI8U', 'SJIS',
  'BIG5', 'GBK', 'UHC', 'GB18030', 'JOHAB', 'SHIFT_JIS_2004',
];
fn('pg_encoding_to_char', [int4], name, (a) => ENCODINGS[a[0] as number] ?? '', { volatility: 'stable' });
fn('pg_char_to_encoding', [name], int4, (a) => ENCODINGS.indexOf((a[0] as string).toUpperCase().replace(/^UNICODE$/, 'UTF8')), { volatility: 'stable' });

// ---- Privileges: the only role is a superuser, who holds every privilege ----

const PRIVILEGES = {
  table: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'],
  column: ['SELECT', 'INSERT', 'UPDATE', 'REFERENCES'],
  schema: ['CREATE', 'USAGE'],
  database: ['CREATE', 'CONNECT', 'TEMPORARY', 'TEMP'],
  sequence: ['USAGE', 'SELECT', 'UPDATE'],
} as const;

/** Validates a privilege list such as 'select, insert with grant option'. */
function checkPrivileges(kind: keyof typeof PRIVILEGES, spec: string): void {
  for (const item of spec.split(',')) {
    const p = item.trim().replace(/\s+WITH\s+GRANT\s+OPTION$/i, '').toUpperCase();
    if (!(PRIVILEGES[kind] as readonly string[]).includes(p)) {
      throw new PgError(SqlState.InvalidParameterValue, `unrecognized privilege type: "${item.trim()}"`);
    }
  }
}

/** Whether a role (by name or OID) holds privileges: the superuser does; predefined roles hold none on user objects. */
function roleIsSuperuser(ctx: EvalContext, role: Value): boolean | null {
  const roles = allRoles(ctx.userName);
  const found = typeof role === 'number' ? roles.find(([o]) => o === role) : roles.find(([, n]) => n === role);
  if (!found) {
    if (typeof role === 'number') return null;
    throw new PgError(SqlState.UndefinedObject, `role "${role}" does not exist`);
  }
  return found[2];
}

type Lookup = (ctx: EvalContext, target: Value) => boolean | null;

const tableExists: Lookup = (ctx, t) => {
  if (typeof t === 'number') return systemRelationByOid(t) !== undefined || classByOid(catalogOf(ctx), t) !== undefined ? true : null;
  relationByNameOrError(ctx, t as string);
  return true;
};
const schemaExists: Lookup = (ctx, s) => {
  const catalog = catalogOf(ctx);
  if (typeof s === 'number') return s === PG_CATALOG_OID || s === INFORMATION_SCHEMA_OID || catalog.schemaByOid(s) ? true : null;
  if (s === 'pg_catalog' || s === 'information_schema' || catalog.schema(s as string)) return true;
  throw new PgError(SqlState.InvalidSchemaName, `schema "${s}" does not exist`);
};
const databaseExists: Lookup = (ctx, d) => {
  const names = databaseNames(ctx.databaseName);
  if (typeof d === 'number') return names.some((n) => databaseOid(n) === d) ? true : null;
  if (names.includes(d as string)) return true;
  throw new PgError(SqlState.InvalidCatalogName, `database "${d}" does not exist`);
};
const sequenceExists: Lookup = (ctx, s) => {
  if (typeof s === 'number') return catalogOf(ctx).sequence(s) ? true : null;
  const r = relationByNameOrError(ctx, s as string);
  if (isSystem(r) || r.kind !== 'sequence') throw new PgError(SqlState.WrongObjectType, `"${s}" is not a sequence`);
  return true;
};

/**
 * Defines has_<what>_privilege in PostgreSQL's six forms: ([user,] object, privilege)
 * with the user as name or oid and the object as text or oid.
 */
function definePrivilegeFunction(fname: string, kind: keyof typeof PRIVILEGES, objectTypes: readonly number[], exists: Lookup): void {
  const impl = (user: Value | undefined, target: Value, priv: string, ctx: EvalContext): Value => {
    const found = exists(ctx, target);
    checkPrivileges(kind, priv);
    if (found === null) return null;
    return user === undefined ? true : roleIsSuperuser(ctx, user);
  };
  for (const objType of objectTypes) {
    fn(fname, [objType, text], bool, (a, ctx) => impl(undefined, a[0], a[1] as string, ctx), { volatility: 'stable' });
    for (const userType of [name, oid]) fn(fname, [userType, objType, text], bool, (a, ctx) => impl(a[0], a[1], a[2] as string, ctx), { volatility: 'stable' });
  }
}

definePrivilegeFunction('has_table_privilege', 'table', [text, oid], tableExists);
definePrivilegeFunction('has_any_column_privilege', 'column', [text, oid], tableExists);
definePrivilegeFunction('has_schema_privilege', 'schema', [text, oid], schemaExists);
definePrivilegeFunction('has_database_privilege', 'database', [text, oid], databaseExists);
definePrivilegeFunction('has_sequence_privilege', 'sequence', [text, oid], sequenceExists);

/** has_column_privilege([user,] table, column, privilege): column by name or by number. */
function columnCheck(ctx: EvalContext, table: Value, column: Value): boolean | null {
  if (tableExists(ctx, table) === null) return null;
  const r = typeof table === 'number' ? (classByOid(catalogOf(ctx), table) ?? systemRelationByOid(table)) : relationByName(ctx, table as string);
  if (!r) return null;
  const names = isSystem(r) ? r.columns.map((c) => c.name) : r.kind === 'relation' ? r.columns.filter((c) => !c.dropped).map((c) => c.name) : [];
  const attnums = isSystem(r) ? r.columns.map((_c, i) => i + 1) : r.kind === 'relation' ? r.columns.filter((c) => !c.dropped).map((c) => c.attnum) : [];
  if (typeof column === 'number') return attnums.includes(column) ? true : null;
  if (names.includes(column as string)) return true;
  throw new PgError(SqlState.UndefinedColumn, `column "${column}" of relation "${r.name}" does not exist`);
}
for (const tableType of [text, oid]) {
  for (const columnType of [text, int2]) {
    fn('has_column_privilege', [tableType, columnType, text], bool, (a, ctx) => {
      const found = columnCheck(ctx, a[0], a[1]);
      checkPrivileges('column', a[2] as string);
      return found;
    }, { volatility: 'stable' });
    for (const userType of [name, oid]) {
      fn('has_column_privilege', [userType, tableType, columnType, text], bool, (a, ctx) => {
        const found = columnCheck(ctx, a[1], a[2]);
        checkPrivileges('column', a[3] as string);
        return found === null ? null : roleIsSuperuser(ctx, a[0]);
      }, { volatility: 'stable' });
    }
  }
}

// ---- Sizes ----

/**
 * Disk usage. vecsql's storage does not account bytes per relation, so
 * table data counts as 0 bytes; an index or sequence counts one 8 kB page,
 * as an empty PostgreSQL btree index (its metapage) or a sequence does.
 */
const PAGE = 8192n;

function relationSize(ctx: EvalContext, o: number): bigint | null {
  const c = classByOid(catalogOf(ctx), o);
  if (!c) return systemRelationByOid(o) ? 0n : null;
  return c.kind === 'relation' ? 0n : PAGE;
}
function indexesSize(ctx: EvalContext, o: number): bigint | null {
  const catalog = catalogOf(ctx);
  if (!classByOid(catalog, o)) return systemRelationByOid(o) ? 0n : null;
  return BigInt(catalog.indexesOf(o).length) * PAGE;
}
const regclass = Oid.regclass;
fn('pg_relation_size', [regclass], int8, (a, ctx) => relationSize(ctx, a[0] as number), { volatility: 'volatile' });
fn('pg_relation_size', [regclass, text], int8, (a, ctx) => (a[1] === 'main' ? relationSize(ctx, a[0] as number) : relationSize(ctx, a[0] as number) === null ? null : 0n), { volatility: 'volatile' });
fn('pg_table_size', [regclass], int8, (a, ctx) => relationSize(ctx, a[0] as number), { volatility: 'volatile' });
fn('pg_indexes_size', [regclass], int8, (a, ctx) => indexesSize(ctx, a[0] as number), { volatility: 'volatile' });
fn('pg_total_relation_size', [regclass], int8, (a, ctx) => {
  const own = relationSize(ctx, a[0] as number);
  return own === null ? null : own + (indexesSize(ctx, a[0] as number) ?? 0n);
}, { volatility: 'volatile' });

/** pg_size_pretty's units: each used below its limit, rounding half away from zero from kB up. */
const SIZE_UNITS: readonly { name: string; limit: bigint; round: boolean; bits: number }[] = [
  { name: 'bytes', limit: 10n * 1024n, round: false, bits: 0 },
  { name: 'kB', limit: 20n * 1024n - 1n, round: true, bits: 10 },
  { name: 'MB', limit: 20n * 1024n - 1n, round: true, bits: 20 },
  { name: 'GB', limit: 20n * 1024n - 1n, round: true, bits: 30 },
  { name: 'TB', limit: 20n * 1024n - 1n, round: true, bits: 40 },
  { name: 'PB', limit: 20n * 1024n - 1n, round: true, bits: 50 },
];

export function sizePretty(bytes: bigint): string {
  let size = bytes;
  for (let i = 0; i < SIZE_UNITS.length; i++) {
    const unit = SIZE_UNITS[i]!;
    const next = SIZE_UNITS[i + 1];
    const abs = size < 0n ? -size : size;
    if (!next || abs < unit.limit) {
      if (unit.round) size = (size + (size < 0n ? -1n : 1n)) / 2n;
      return `${size} ${unit.name}`;
    }
    // Keep one extra bit when the next unit rounds, to round half away from zero there.
    const shift = next.bits - unit.bits - (next.round ? 1 : 0) + (unit.round ? 1 : 0);
    size /= 1n << BigInt(shift);
  }
  return `${size} bytes`;
}

fn('pg_size_pretty', [int8], text, (a) => sizePretty(a[0] as bigint));
fn('pg_size_pretty', [Oid.numeric], text, (a) => {
  const s = (a[0] as Numeric).toString();
  if (!/^-?\d+(\.\d+)?$/.test(s)) return `${s} bytes`;
  const whole = BigInt(s.replace(/\..*$/, ''));
  // Below 10 kB the value is printed as it is, fraction included.
  return (whole < 0n ? -whole : whole) < 10n * 1024n ? `${s} bytes` : sizePretty(whole);
});

// ---- Quoting ----

fn('quote_ident', [text], text, (a) => quoteIdent(a[0] as string));
fn('quote_literal', [text], text, (a) => quoteLiteral(a[0] as string));
fn('quote_nullable', [text], text, (a) => (a[0] === null ? 'NULL' : quoteLiteral(a[0] as string)), { strict: false });
const anyQuote = (fname: string, strict: boolean, impl: FuncDef['impl']): void =>
  define({ name: fname, kind: 'function', args: [Oid.anynonarray], ret: text, strict, volatility: 'stable', anyToText: true, impl });
anyQuote('quote_literal', true, (a) => quoteLiteral(a[0] as string));
anyQuote('quote_nullable', false, (a) => (a[0] === null ? 'NULL' : quoteLiteral(a[0] as string)));

// ---- Server state ----

/** PostgreSQL timestamps count µs from 2000-01-01 UTC. */
const PG_EPOCH_MS = 946_684_800_000;
const startedAt = BigInt(Math.round((Date.now() - process.uptime() * 1000 - PG_EPOCH_MS) * 1000));

fn('pg_postmaster_start_time', [], Oid.timestamptz, () => startedAt, { volatility: 'stable' });
fn('pg_conf_load_time', [], Oid.timestamptz, () => startedAt, { volatility: 'stable' });
fn('pg_is_in_recovery', [], bool, () => false, { volatility: 'volatile' });
