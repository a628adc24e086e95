/**
 * Binds DDL statements into descriptions that exec/ddl.ts applies to the
 * catalog. Names are resolved and types checked here; expressions that the
 * catalog keeps (DEFAULT, CHECK, index expressions) are validated by binding
 * them once and stored as parse trees.
 */
import type { Node, CreateStmt, ColumnDef as PgColumnDef, Constraint, IndexStmt, DropStmt, RangeVar, CreateSeqStmt, AlterSeqStmt, CreateSchemaStmt, TruncateStmt, RenameStmt, AlterTableStmt, CommentStmt, DefElem, IndexElem, ViewStmt } from '@pgsql/types';
import type { ColumnDef, FkAction, IndexDef, RelationDef, SchemaDef, SequenceDef, StoredExpr } from '../../catalog/objects.js';
import { PgError, SqlState, unsupported } from '../../types/errors.js';
import { Oid } from '../../types/oids.js';
import { typeByOid } from '../../types/registry.js';
import type { PgType } from '../../types/type.js';
import { formatType } from '../../types/format-type.js';
import { catalogOf, type AnalyzeContext } from './context.js';
import { coerce } from './coerce.js';
import { ExprBinder, locationOf } from './expr.js';
import { creationSchema, findRelation, qualifiedName, resolveRelation, searchPath, truncateIdentifier } from './names.js';
import { TableScope, type RangeItem } from './scope.js';
import { resolveTypeName } from './type-name.js';
import { bindDefault } from './defaults.js';
export { bindDefault };
import { planSelect } from './select.js';

export interface NewColumn {
  name: string;
  type: PgType;
  typmod: number;
  notNull: boolean;
  default: StoredExpr | null;
  identity: '' | 'a' | 'd';
  generated: '' | 's';
  /** serial / identity: the sequence to create and own. */
  sequence: NewSequence | null;
}

export interface NewSequence {
  name: string;
  typeOid: number;
  options: SequenceOptions;
}

export interface SequenceOptions {
  start?: bigint;
  increment?: bigint;
  min?: bigint | null;
  max?: bigint | null;
  cache?: bigint;
  cycle?: boolean;
  restart?: bigint | null | true;
  ownedBy?: { table: RelationDef; attnum: number } | 'none';
  asType?: PgType;
}

export interface NewConstraint {
  name: string | null;
  type: 'p' | 'u' | 'c' | 'f';
  columns: string[];
  check: StoredExpr | null;
  fk: null | { refTable: RelationDef | 'self'; refColumns: string[]; onDelete: FkAction; onUpdate: FkAction; match: 'f' | 'p' | 's' };
  location?: number;
}

export interface NewIndexKey {
  column: string | null;
  expr: StoredExpr | null;
  descending: boolean;
  nullsFirst: boolean;
  opclass?: string;
}

export type DdlStatement =
  | { kind: 'create_table'; schema: SchemaDef; name: string; ifNotExists: boolean; columns: NewColumn[]; constraints: NewConstraint[] }
  | { kind: 'create_index'; table: RelationDef; name: string | null; ifNotExists: boolean; unique: boolean; method: string; keys: NewIndexKey[]; include: string[]; predicate: StoredExpr | null; options: Record<string, string>; nullsNotDistinct: boolean }
  | { kind: 'drop'; objectType: 'table' | 'index' | 'sequence' | 'view' | 'schema' | 'extension'; names: { schema?: string; name: string }[]; missingOk: boolean; cascade: boolean }
  | { kind: 'create_sequence'; schema: SchemaDef; name: string; ifNotExists: boolean; options: SequenceOptions }
  | { kind: 'alter_sequence'; sequence: SequenceDef | null; name: string; options: SequenceOptions }
  | { kind: 'create_schema'; name: string; ifNotExists: boolean }
  | { kind: 'truncate'; tables: RelationDef[]; restartIdentity: boolean; cascade: boolean }
  | { kind: 'rename'; target: 'table' | 'column' | 'index' | 'sequence' | 'view' | 'schema' | 'constraint'; relation: RelationDef | null; oid: number; oldName: string; newName: string }
  | { kind: 'alter_table'; table: RelationDef; commands: AlterCommand[] }
  | { kind: 'comment'; oid: number; column: number; text: string | null }
  | { kind: 'create_extension'; name: string; ifNotExists: boolean; schema: SchemaDef }
  | { kind: 'create_view'; schema: SchemaDef; name: string; replace: boolean; query: StoredExpr; columns: { name: string; type: PgType; typmod: number }[]; dependsOn: number[] };

export type AlterCommand =
  | { kind: 'add_column'; column: NewColumn; constraints: NewConstraint[]; ifNotExists: boolean }
  | { kind: 'drop_column'; name: string; missingOk: boolean; cascade: boolean }
  | { kind: 'set_default'; name: string; default: StoredExpr | null }
  | { kind: 'set_not_null'; name: string; notNull: boolean }
  | { kind: 'alter_type'; name: string; type: PgType; typmod: number }
  | { kind: 'add_constraint'; constraint: NewConstraint }
  | { kind: 'drop_constraint'; name: string; missingOk: boolean; cascade: boolean };

const str = (n: Node) => (n as { String: { sval: string } }).String.sval;

export function analyzeDdl(ctx: AnalyzeContext, kind: string, n: unknown): DdlStatement | null {
  switch (kind) {
    case 'CreateStmt':
      return createTable(ctx, n as CreateStmt);
    case 'IndexStmt':
      return createIndex(ctx, n as IndexStmt);
    case 'DropStmt':
      return drop(ctx, n as DropStmt);
    case 'CreateSeqStmt':
      return createSequence(ctx, n as CreateSeqStmt);
    case 'AlterSeqStmt':
      return alterSequence(ctx, n as AlterSeqStmt);
    case 'CreateSchemaStmt': {
      const c = n as CreateSchemaStmt;
      if (c.schemaElts?.length) throw unsupported('CREATE SCHEMA with elements');
      return { kind: 'create_schema', name: truncateIdentifier(ctx, c.schemaname ?? ctx.session.userName), ifNotExists: c.if_not_exists ?? false };
    }
    case 'TruncateStmt': {
      const t = n as TruncateStmt;
      const tables = (t.relations ?? []).map((r) => resolveTable(ctx, (r as { RangeVar: RangeVar }).RangeVar));
      return { kind: 'truncate', tables, restartIdentity: t.restart_seqs ?? false, cascade: t.behavior === 'DROP_CASCADE' };
    }
    case 'RenameStmt':
      return rename(ctx, n as RenameStmt);
    case 'AlterTableStmt':
      return alterTable(ctx, n as AlterTableStmt);
    case 'CommentStmt':
      return comment(ctx, n as CommentStmt);
    case 'ViewStmt':
      return createView(ctx, n as ViewStmt);
    case 'CreateExtensionStmt': {
      const c = n as import('@pgsql/types').CreateExtensionStmt;
      const schemaOpt = (c.options ?? []).map((o) => (o as { DefElem: DefElem }).DefElem).find((d) => d.defname === 'schema');
      const schema = creationSchema(ctx, schemaOpt ? defElemText(schemaOpt) : undefined);
      return { kind: 'create_extension', name: c.extname ?? '', ifNotExists: c.if_not_exists ?? false, schema };
    }
    default:
      return null;
  }
}

function resolveTable(ctx: AnalyzeContext, rv: RangeVar): RelationDef {
  const rel = resolveRelation(ctx, rv);
  if (rel.relkind !== 'r') throw new PgError(SqlState.WrongObjectType, `"${rel.name}" is not a table`, { position: ctx.pos(rv.location) });
  return rel;
}

// ---- CREATE TABLE ----

const SERIALS: Record<string, number> = { serial: Oid.int4, serial4: Oid.int4, bigserial: Oid.int8, serial8: Oid.int8, smallserial: Oid.int2, serial2: Oid.int2 };

function createTable(ctx: AnalyzeContext, c: CreateStmt): DdlStatement {
  const rv = c.relation!;
  if (c.inhRelations?.length) throw unsupported('table inheritance');
  if (c.partspec) throw unsupported('partitioned tables');
  if (c.ofTypename) throw unsupported('typed tables');
  if (rv.relpersistence === 't') throw unsupported('temporary tables');
  const schema = creationSchema(ctx, rv.schemaname, rv.location);
  const name = truncateIdentifier(ctx, rv.relname ?? '');
  const columns: NewColumn[] = [];
  const constraints: NewConstraint[] = [];
  for (const elt of c.tableElts ?? []) {
    if ('ColumnDef' in elt) {
      const { column, constraints: cs } = columnDef(ctx, (elt as { ColumnDef: PgColumnDef }).ColumnDef, name, columns, rv);
      if (columns.some((x) => x.name === column.name)) {
        throw new PgError(SqlState.DuplicateColumn, `column "${column.name}" specified more than once`, { position: ctx.pos((elt as { ColumnDef: PgColumnDef }).ColumnDef.location) });
      }
      columns.push(column);
      constraints.push(...cs);
    } else if ('Constraint' in elt) {
      constraints.push(tableConstraint(ctx, (elt as { Constraint: Constraint }).Constraint, null, rv));
    } else if ('TableLikeClause' in elt) {
      throw unsupported('CREATE TABLE … (LIKE …)');
    } else {
      throw unsupported(`table element ${Object.keys(elt)[0]}`);
    }
  }
  if (columns.length > 1600) throw new PgError(SqlState.TooManyColumns, 'tables can have at most 1600 columns');
  validateTableExprs(ctx, columns, constraints);
  for (const con of constraints) {
    for (const col of con.columns) {
      if (!columns.some((x) => x.name === col)) {
        throw new PgError(SqlState.UndefinedColumn, `column "${col}" named in key does not exist`, { position: ctx.pos(con.location) });
      }
    }
    if (con.type === 'p') for (const col of con.columns) columns.find((x) => x.name === col)!.notNull = true;
  }
  if (constraints.filter((x) => x.type === 'p').length > 1) {
    throw new PgError(SqlState.InvalidTableDefinition, `multiple primary keys for table "${name}" are not allowed`);
  }
  return { kind: 'create_table', schema, name, ifNotExists: c.if_not_exists ?? false, columns, constraints };
}

/** Binds DEFAULT and CHECK expressions once to type-check them (they are stored unbound). */
function validateTableExprs(ctx: AnalyzeContext, columns: NewColumn[], constraints: NewConstraint[]): void {
  const scope = new TableScope(ctx, [tableItem(columns.map((c, i) => ({ name: c.name, type: c.type, typmod: c.typmod, index: i, attnum: i + 1 })))]);
  for (const col of columns) {
    if (!col.default || col.sequence) continue;
    if (col.generated) {
      const e = new ExprBinder(ctx, scope, null, 'column generation expression').bind(col.default.node as Node);
      coerce(ctx, e, col.type, col.typmod, 'assignment');
      continue;
    }
    bindDefault(ctx, col.default.node as Node, col.type, col.typmod, col.name);
  }
  for (const con of constraints) {
    if (con.type !== 'c') continue;
    new ExprBinder(ctx, scope, null, 'check constraints').bindCondition(con.check!.node as Node, 'CHECK');
  }
}

function tableItem(columns: RangeItem['columns']): RangeItem {
  return { alias: '', relation: null, schemaName: null, columns };
}

function columnDef(ctx: AnalyzeContext, cd: PgColumnDef, table: string, _prior: NewColumn[], creating: RangeVar | null = null): { column: NewColumn; constraints: NewConstraint[] } {
  const name = truncateIdentifier(ctx, cd.colname ?? '');
  const tn = cd.typeName!;
  const names = (tn.names ?? []).map(str);
  const last = names[names.length - 1]!;
  let sequence: NewSequence | null = null;
  let type: PgType;
  let typmod = -1;
  const serial = names.length === 1 || names[0] === 'pg_catalog' ? SERIALS[last] : undefined;
  if (serial !== undefined && !tn.arrayBounds?.length) {
    type = typeByOid(serial);
    sequence = { name: `${table}_${name}_seq`, typeOid: serial, options: { asType: type } };
  } else {
    ({ type, typmod } = resolveTypeName(ctx, tn));
  }
  if (cd.collClause) {
    const coll = (cd.collClause.collname ?? []).map(str).join('.');
    if (coll !== 'C' && coll !== 'default' && coll !== 'POSIX' && coll !== 'pg_catalog.default') throw unsupported(`collation "${coll}"`);
  }
  const column: NewColumn = { name, type, typmod, notNull: sequence !== null, default: null, identity: '', generated: '', sequence };
  const constraints: NewConstraint[] = [];
  for (const cn of cd.constraints ?? []) {
    const con = (cn as { Constraint: Constraint }).Constraint;
    switch (con.contype) {
      case 'CONSTR_NOTNULL':
        column.notNull = true;
        break;
      case 'CONSTR_NULL':
        if (column.notNull && !sequence) throw new PgError(SqlState.SyntaxError, `conflicting NULL/NOT NULL declarations for column "${name}" of table "${table}"`, { position: ctx.pos(con.location) });
        break;
      case 'CONSTR_DEFAULT':
        if (sequence) throw new PgError(SqlState.SyntaxError, `multiple default values specified for column "${name}" of table "${table}"`, { position: ctx.pos(con.location) });
        if (column.default) throw new PgError(SqlState.SyntaxError, `multiple default values specified for column "${name}" of table "${table}"`, { position: ctx.pos(con.location) });
        column.default = stored(con.raw_expr!);
        break;
      case 'CONSTR_IDENTITY': {
        if (type.oid !== Oid.int2 && type.oid !== Oid.int4 && type.oid !== Oid.int8) {
          throw new PgError(SqlState.InvalidParameterValue, `identity column type must be smallint, integer, or bigint`, { position: ctx.pos(con.location) });
        }
        column.identity = con.generated_when === 'a' ? 'a' : 'd';
        column.notNull = true;
        sequence = { name: `${table}_${name}_seq`, typeOid: type.oid, options: { ...sequenceOptions(ctx, con.options ?? []), asType: type } };
        column.sequence = sequence;
        break;
      }
      case 'CONSTR_GENERATED':
        column.generated = 's';
        column.default = stored(con.raw_expr!);
        break;
      case 'CONSTR_PRIMARY':
      case 'CONSTR_UNIQUE':
      case 'CONSTR_CHECK':
      case 'CONSTR_FOREIGN':
        constraints.push(tableConstraint(ctx, con, name, creating));
        break;
      default:
        throw unsupported(`column constraint ${con.contype}`, ctx.pos(con.location));
    }
  }
  return { column, constraints };
}

export function stored(node: Node): StoredExpr {
  return { node, text: '' };
}

const FK_ACTIONS: Record<string, FkAction> = { a: 'a', r: 'r', c: 'c', n: 'n', d: 'd' };

function tableConstraint(ctx: AnalyzeContext, con: Constraint, column: string | null, creating: RangeVar | null = null): NewConstraint {
  const name = con.conname ? truncateIdentifier(ctx, con.conname) : null;
  const keys = column !== null ? [column] : (con.keys ?? []).map(str);
  if (con.deferrable) throw unsupported('DEFERRABLE constraints', ctx.pos(con.location));
  switch (con.contype) {
    case 'CONSTR_PRIMARY':
      return { name, type: 'p', columns: keys, check: null, fk: null, location: con.location };
    case 'CONSTR_UNIQUE':
      if (con.nulls_not_distinct) throw unsupported('UNIQUE NULLS NOT DISTINCT', ctx.pos(con.location));
      return { name, type: 'u', columns: keys, check: null, fk: null, location: con.location };
    case 'CONSTR_CHECK':
      return { name, type: 'c', columns: column !== null ? [column] : [], check: stored(con.raw_expr!), fk: null, location: con.location };
    case 'CONSTR_FOREIGN': {
      const fkCols = column !== null ? [column] : (con.fk_attrs ?? []).map(str);
      const pk = con.pktable!;
      const selfRef = creating !== null && pk.relname === creating.relname && (!pk.schemaname || pk.schemaname === creating.schemaname);
      const ref = selfRef ? undefined : resolveRelation(ctx, pk);
      return {
        name,
        type: 'f',
        columns: fkCols,
        check: null,
        location: con.location,
        fk: {
          refTable: ref ?? 'self',
          refColumns: (con.pk_attrs ?? []).map(str),
          onDelete: FK_ACTIONS[con.fk_del_action ?? 'a'] ?? 'a',
          onUpdate: FK_ACTIONS[con.fk_upd_action ?? 'a'] ?? 'a',
          match: (con.fk_matchtype as 'f' | 'p' | 's') ?? 's',
        },
        ...(ref ? {} : { selfName: pk.relname }),
      } as NewConstraint;
    }
    case 'CONSTR_EXCLUSION':
      throw unsupported('exclusion constraints', ctx.pos(con.location));
    default:
      throw unsupported(`constraint ${con.contype}`, ctx.pos(con.location));
  }
}

// ---- CREATE VIEW ----

function createView(ctx: AnalyzeContext, v: ViewStmt): DdlStatement {
  const rv = v.view!;
  if (rv.relpersistence === 't') throw unsupported('temporary views');
  if (v.withCheckOption && v.withCheckOption !== 'NO_CHECK_OPTION') throw unsupported('WITH CHECK OPTION');
  const sel = (v.query as { SelectStmt?: import('@pgsql/types').SelectStmt }).SelectStmt;
  if (!sel) throw unsupported('views over statements other than SELECT');
  const plan = planSelect(ctx, sel);
  const aliases = (v.aliases ?? []).map(str);
  if (aliases.length > plan.columns.length) throw new PgError(SqlState.SyntaxError, 'CREATE VIEW specifies more column names than columns');
  const columns = plan.columns.map((c, i) => ({ name: aliases[i] ?? c.name, type: c.type, typmod: c.typmod }));
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw new PgError(SqlState.DuplicateColumn, `column "${c.name}" specified more than once`);
    seen.add(c.name);
  }
  return {
    kind: 'create_view',
    schema: creationSchema(ctx, rv.schemaname, rv.location),
    name: truncateIdentifier(ctx, rv.relname ?? ''),
    replace: v.replace ?? false,
    query: stored(v.query!),
    columns,
    dependsOn: [...ctx.tables.keys()],
  };
}

// ---- CREATE INDEX ----

function createIndex(ctx: AnalyzeContext, s: IndexStmt): DdlStatement {
  if (s.concurrent && ctx.session.inTransactionBlock) {
    throw new PgError(SqlState.ActiveSqlTransaction, 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block');
  }
  const table = resolveTable(ctx, s.relation!);
  const method = (s.accessMethod ?? 'btree').toLowerCase();
  const keys: NewIndexKey[] = (s.indexParams ?? []).map((p) => {
    const el = (p as { IndexElem: IndexElem }).IndexElem;
    const descending = el.ordering === 'SORTBY_DESC';
    const nullsFirst = el.nulls_ordering === 'SORTBY_NULLS_FIRST' ? true : el.nulls_ordering === 'SORTBY_NULLS_LAST' ? false : descending;
    const opclass = el.opclass?.map(str).join('.');
    if (el.name) {
      if (!table.columns.some((c) => c.name === el.name && !c.dropped)) {
        throw new PgError(SqlState.UndefinedColumn, `column "${el.name}" does not exist`);
      }
      return { column: el.name, expr: null, descending, nullsFirst, opclass };
    }
    return { column: null, expr: stored(el.expr!), descending, nullsFirst, opclass };
  });
  const include = (s.indexIncludingParams ?? []).map((p) => (p as { IndexElem: IndexElem }).IndexElem.name ?? '');
  const options: Record<string, string> = {};
  for (const o of s.options ?? []) {
    const d = (o as { DefElem: DefElem }).DefElem;
    options[d.defname ?? ''] = defElemText(d);
  }
  // Validate expression keys and the predicate against the table's columns.
  const scope = new TableScope(ctx, [{ alias: table.name, relation: table, schemaName: null, columns: table.columns.filter((c) => !c.dropped).map((c) => ({ name: c.name, type: typeByOid(c.typeOid), typmod: c.typmod, index: c.attnum - 1, attnum: c.attnum })) }]);
  for (const k of keys) if (k.expr) new ExprBinder(ctx, scope, null, 'index expressions').bind(k.expr.node as Node);
  const predicate = s.whereClause ? stored(s.whereClause) : null;
  if (predicate) new ExprBinder(ctx, scope, null, 'index predicates').bindCondition(predicate.node as Node, 'WHERE');
  return {
    kind: 'create_index',
    table,
    name: s.idxname ? truncateIdentifier(ctx, s.idxname) : null,
    ifNotExists: s.if_not_exists ?? false,
    unique: s.unique ?? false,
    method,
    keys,
    include,
    predicate,
    options,
    nullsNotDistinct: s.nulls_not_distinct ?? false,
  };
}

function defElemText(d: DefElem): string {
  const a = d.arg as Record<string, Record<string, unknown>> | undefined;
  if (!a) return 'true';
  if (a.Integer) return String(a.Integer.ival ?? 0);
  if (a.Float) return String(a.Float.fval);
  if (a.String) return String(a.String.sval);
  if (a.Boolean) return a.Boolean.boolval ? 'true' : 'false';
  if (a.TypeName) return ((a.TypeName.names as Node[]) ?? []).map(str).join('.');
  return '';
}

// ---- DROP ----

const DROP_TYPES: Record<string, 'table' | 'index' | 'sequence' | 'view' | 'schema' | 'extension'> = {
  OBJECT_EXTENSION: 'extension',
  OBJECT_TABLE: 'table',
  OBJECT_INDEX: 'index',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_VIEW: 'view',
  OBJECT_SCHEMA: 'schema',
};

function drop(_ctx: AnalyzeContext, d: DropStmt): DdlStatement | null {
  const objectType = DROP_TYPES[d.removeType ?? ''];
  if (!objectType) return null;
  const names = (d.objects ?? []).map((o) => {
    if ('String' in o) return { name: str(o) };
    const items = ((o as { List: { items: Node[] } }).List.items ?? []).map(str);
    if (items.length > 2) throw unsupported('cross-database references');
    return items.length === 2 ? { schema: items[0]!, name: items[1]! } : { name: items[0]! };
  });
  return { kind: 'drop', objectType, names, missingOk: d.missing_ok ?? false, cascade: d.behavior === 'DROP_CASCADE' };
}

// ---- Sequences ----

function bigintArg(d: DefElem): bigint {
  const a = d.arg as { Integer?: { ival?: number }; Float?: { fval?: string } } | undefined;
  if (a?.Integer) return BigInt(a.Integer.ival ?? 0);
  if (a?.Float) return BigInt(a.Float.fval ?? '0');
  throw new PgError(SqlState.SyntaxError, `${d.defname} requires a numeric value`);
}

export function sequenceOptions(ctx: AnalyzeContext, opts: Node[]): SequenceOptions {
  const out: SequenceOptions = {};
  for (const o of opts) {
    const d = (o as { DefElem: DefElem }).DefElem;
    switch (d.defname) {
      case 'start':
        out.start = bigintArg(d);
        break;
      case 'increment':
        out.increment = bigintArg(d);
        if (out.increment === 0n) throw new PgError(SqlState.InvalidParameterValue, 'INCREMENT must not be zero');
        break;
      case 'minvalue':
        out.min = d.arg ? bigintArg(d) : null;
        break;
      case 'maxvalue':
        out.max = d.arg ? bigintArg(d) : null;
        break;
      case 'cache':
        out.cache = bigintArg(d);
        break;
      case 'cycle':
        out.cycle = ((d.arg as { Boolean?: { boolval?: boolean } } | undefined)?.Boolean?.boolval ?? true) !== false;
        break;
      case 'restart':
        out.restart = d.arg ? bigintArg(d) : true;
        break;
      case 'as': {
        const t = resolveTypeName(ctx, (d.arg as { TypeName: import('@pgsql/types').TypeName }).TypeName).type;
        if (t.oid !== Oid.int2 && t.oid !== Oid.int4 && t.oid !== Oid.int8) throw new PgError(SqlState.InvalidParameterValue, 'sequence type must be smallint, integer, or bigint');
        out.asType = t;
        break;
      }
      case 'owned_by': {
        const items = ((d.arg as { List: { items: Node[] } }).List.items ?? []).map(str);
        if (items.length === 1 && items[0] === 'none') {
          out.ownedBy = 'none';
          break;
        }
        const col = items.pop()!;
        const rv: RangeVar = items.length === 2 ? { schemaname: items[0], relname: items[1] } : { relname: items[0] };
        const table = resolveRelation(ctx, rv);
        const c = table.columns.find((x) => x.name === col && !x.dropped);
        if (!c) throw new PgError(SqlState.UndefinedColumn, `column "${col}" of relation "${table.name}" does not exist`);
        out.ownedBy = { table, attnum: c.attnum };
        break;
      }
      case 'sequence_name':
        break;
      default:
        throw unsupported(`sequence option ${d.defname}`);
    }
  }
  return out;
}

function createSequence(ctx: AnalyzeContext, s: CreateSeqStmt): DdlStatement {
  const rv = s.sequence!;
  if (rv.relpersistence === 't') throw unsupported('temporary sequences');
  return { kind: 'create_sequence', schema: creationSchema(ctx, rv.schemaname, rv.location), name: truncateIdentifier(ctx, rv.relname ?? ''), ifNotExists: s.if_not_exists ?? false, options: sequenceOptions(ctx, s.options ?? []) };
}

function alterSequence(ctx: AnalyzeContext, s: AlterSeqStmt): DdlStatement {
  const rv = s.sequence!;
  const catalog = catalogOf(ctx);
  const schemas = rv.schemaname ? [catalog.schema(rv.schemaname)] : searchPath(ctx);
  let seq: SequenceDef | null = null;
  for (const sc of schemas) {
    const c = sc ? catalog.classIn(sc.oid, rv.relname ?? '') : undefined;
    if (c?.kind === 'sequence') seq = c;
    if (seq) break;
  }
  if (!seq && !s.missing_ok) throw new PgError(SqlState.UndefinedTable, `relation "${qualifiedName(rv)}" does not exist`);
  return { kind: 'alter_sequence', sequence: seq, name: rv.relname ?? '', options: sequenceOptions(ctx, s.options ?? []) };
}

// ---- RENAME / ALTER TABLE / COMMENT ----

function rename(ctx: AnalyzeContext, r: RenameStmt): DdlStatement {
  const newName = truncateIdentifier(ctx, r.newname ?? '');
  switch (r.renameType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_INDEX':
    case 'OBJECT_SEQUENCE': {
      const rv = r.relation!;
      const catalog = catalogOf(ctx);
      const schemas = rv.schemaname ? [catalog.schema(rv.schemaname)] : searchPath(ctx);
      for (const sc of schemas) {
        const c = sc ? catalog.classIn(sc.oid, rv.relname ?? '') : undefined;
        if (c) return { kind: 'rename', target: 'table', relation: c.kind === 'relation' ? c : null, oid: c.oid, oldName: c.name, newName };
      }
      if (r.missing_ok) return { kind: 'rename', target: 'table', relation: null, oid: 0, oldName: rv.relname ?? '', newName };
      throw new PgError(SqlState.UndefinedTable, `relation "${qualifiedName(rv)}" does not exist`);
    }
    case 'OBJECT_COLUMN': {
      const table = resolveRelation(ctx, r.relation!);
      const col = table.columns.find((c) => c.name === r.subname && !c.dropped);
      if (!col) throw new PgError(SqlState.UndefinedColumn, `column "${r.subname}" does not exist`);
      if (table.columns.some((c) => c.name === newName && !c.dropped)) {
        throw new PgError(SqlState.DuplicateColumn, `column "${newName}" of relation "${table.name}" already exists`);
      }
      return { kind: 'rename', target: 'column', relation: table, oid: table.oid, oldName: col.name, newName };
    }
    case 'OBJECT_TABCONSTRAINT': {
      const table = resolveRelation(ctx, r.relation!);
      const con = catalogOf(ctx).constraintsOf(table.oid).find((c) => c.name === r.subname);
      if (!con) throw new PgError(SqlState.UndefinedObject, `constraint "${r.subname}" for table "${table.name}" does not exist`);
      return { kind: 'rename', target: 'constraint', relation: table, oid: con.oid, oldName: con.name, newName };
    }
    case 'OBJECT_SCHEMA': {
      const s = catalogOf(ctx).schema(r.subname ?? '');
      if (!s) throw new PgError(SqlState.InvalidSchemaName, `schema "${r.subname}" does not exist`);
      return { kind: 'rename', target: 'schema', relation: null, oid: s.oid, oldName: s.name, newName };
    }
    default:
      throw unsupported(`ALTER … RENAME of ${r.renameType}`);
  }
}

function alterTable(ctx: AnalyzeContext, a: AlterTableStmt): DdlStatement | null {
  if (a.objtype !== 'OBJECT_TABLE') return null;
  const rel = findRelation(ctx, a.relation!);
  if (!rel) {
    if (a.missing_ok) {
      ctx.session.notice(new PgError(SqlState.SuccessfulCompletion, `relation "${qualifiedName(a.relation!)}" does not exist, skipping`, { severity: 'NOTICE' }));
      return { kind: 'alter_table', table: null as unknown as RelationDef, commands: [] };
    }
    throw new PgError(SqlState.UndefinedTable, `relation "${qualifiedName(a.relation!)}" does not exist`);
  }
  if (rel.relkind !== 'r') throw new PgError(SqlState.WrongObjectType, `"${rel.name}" is not a table`);
  const commands: AlterCommand[] = [];
  const col = (name: string | undefined) => {
    const c = rel.columns.find((x) => x.name === name && !x.dropped);
    if (!c) throw new PgError(SqlState.UndefinedColumn, `column "${name}" of relation "${rel.name}" does not exist`);
    return c;
  };
  for (const cn of a.cmds ?? []) {
    const c = (cn as { AlterTableCmd: import('@pgsql/types').AlterTableCmd }).AlterTableCmd;
    switch (c.subtype) {
      case 'AT_AddColumn': {
        const { column, constraints } = columnDef(ctx, (c.def as { ColumnDef: PgColumnDef }).ColumnDef, rel.name, []);
        if (column.default && !column.sequence) bindDefault(ctx, column.default.node as Node, column.type, column.typmod, column.name);
        commands.push({ kind: 'add_column', column, constraints, ifNotExists: c.missing_ok ?? false });
        break;
      }
      case 'AT_DropColumn':
        if (!c.missing_ok) col(c.name);
        commands.push({ kind: 'drop_column', name: c.name ?? '', missingOk: c.missing_ok ?? false, cascade: c.behavior === 'DROP_CASCADE' });
        break;
      case 'AT_ColumnDefault': {
        const target = col(c.name);
        const def = c.def ? stored(c.def) : null;
        if (def) bindDefault(ctx, def.node as Node, typeByOid(target.typeOid), target.typmod, target.name);
        commands.push({ kind: 'set_default', name: target.name, default: def });
        break;
      }
      case 'AT_SetNotNull':
      case 'AT_DropNotNull':
        commands.push({ kind: 'set_not_null', name: col(c.name).name, notNull: c.subtype === 'AT_SetNotNull' });
        break;
      case 'AT_AlterColumnType': {
        const target = col(c.name);
        const cd = (c.def as { ColumnDef: PgColumnDef }).ColumnDef;
        if (cd.raw_default) throw unsupported('ALTER COLUMN TYPE … USING');
        const { type, typmod } = resolveTypeName(ctx, cd.typeName!);
        commands.push({ kind: 'alter_type', name: target.name, type, typmod });
        break;
      }
      case 'AT_AddConstraint': {
        const con = tableConstraint(ctx, (c.def as { Constraint: Constraint }).Constraint, null);
        for (const k of con.columns) col(k);
        if (con.type === 'c') {
          const scope = new TableScope(ctx, [{ alias: rel.name, relation: rel, schemaName: null, columns: rel.columns.filter((x) => !x.dropped).map((x) => ({ name: x.name, type: typeByOid(x.typeOid), typmod: x.typmod, index: x.attnum - 1, attnum: x.attnum })) }]);
          new ExprBinder(ctx, scope, null, 'check constraints').bindCondition(con.check!.node as Node, 'CHECK');
        }
        commands.push({ kind: 'add_constraint', constraint: con });
        break;
      }
      case 'AT_DropConstraint':
        commands.push({ kind: 'drop_constraint', name: c.name ?? '', missingOk: c.missing_ok ?? false, cascade: c.behavior === 'DROP_CASCADE' });
        break;
      default:
        throw unsupported(`ALTER TABLE ${String(c.subtype).replace(/^AT_/, '')}`);
    }
  }
  return { kind: 'alter_table', table: rel, commands };
}

function comment(ctx: AnalyzeContext, c: CommentStmt): DdlStatement {
  const items = (c.object as { List?: { items: Node[] } }).List?.items?.map(str) ?? ('String' in (c.object as object) ? [str(c.object as Node)] : []);
  const catalog = catalogOf(ctx);
  const lookup = (names: string[]): RelationDef | IndexDef | SequenceDef => {
    const rv: RangeVar = names.length === 2 ? { schemaname: names[0], relname: names[1] } : { relname: names[0] };
    const schemas = rv.schemaname ? [catalog.schema(rv.schemaname)] : searchPath(ctx);
    for (const s of schemas) {
      const o = s ? catalog.classIn(s.oid, rv.relname ?? '') : undefined;
      if (o) return o;
    }
    throw new PgError(SqlState.UndefinedTable, `relation "${names.join('.')}" does not exist`);
  };
  switch (c.objtype) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_INDEX':
    case 'OBJECT_SEQUENCE':
      return { kind: 'comment', oid: lookup(items).oid, column: 0, text: c.comment ?? null };
    case 'OBJECT_COLUMN': {
      const colName = items.pop()!;
      const rel = lookup(items);
      const col = rel.kind === 'relation' ? rel.columns.find((x) => x.name === colName && !x.dropped) : undefined;
      if (!col) throw new PgError(SqlState.UndefinedColumn, `column "${colName}" of relation "${rel.name}" does not exist`);
      return { kind: 'comment', oid: rel.oid, column: col.attnum, text: c.comment ?? null };
    }
    case 'OBJECT_SCHEMA': {
      const s = catalog.schema(items[0] ?? str(c.object as Node));
      if (!s) throw new PgError(SqlState.InvalidSchemaName, `schema "${items[0]}" does not exist`);
      return { kind: 'comment', oid: s.oid, column: 0, text: c.comment ?? null };
    }
    default:
      throw unsupported(`COMMENT ON ${String(c.objtype).replace(/^OBJECT_/, '')}`);
  }
}

export type { ViewStmt, ColumnDef };
