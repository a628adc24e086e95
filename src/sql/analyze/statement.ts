/**
 * Binds one parsed statement. Queries become plans; utility statements
 * (SET, SHOW, transaction control…) become small descriptions the session
 * carries out. Any clause this binder does not read is refused with 0A000,
 * so a statement is never run with part of it silently ignored.
 */
import type { Node, SelectStmt, VariableSetStmt, VariableShowStmt, TransactionStmt, DeallocateStmt, DiscardStmt, PrepareStmt, ExecuteStmt, ExplainStmt } from '@pgsql/types';
import { PgError, SqlState, unsupported } from '../../types/errors.js';
import { Oid } from '../../types/oids.js';
import { typeByOid } from '../../types/registry.js';
import type { PgType } from '../../types/type.js';
import type { Expr, ResultColumn } from '../bound.js';
import type { PlanNode, QueryPlan } from '../plan/plan.js';
import type { AnalyzeContext } from './context.js';
import { coerce } from './coerce.js';
import { ExprBinder } from './expr.js';
import { figureColname } from './colname.js';
import { resolveTypeName } from './type-name.js';

export type TransactionOp = 'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollback_to' | 'prepare' | 'commit_prepared' | 'rollback_prepared';

export type BoundStatement =
  | { kind: 'query'; plan: QueryPlan; tag: 'SELECT' }
  | { kind: 'set'; name: string; value: string | null; isLocal: boolean; tag: 'SET' | 'RESET' }
  | { kind: 'reset_all'; tag: 'RESET' }
  | { kind: 'show'; name: string }
  | { kind: 'transaction'; op: TransactionOp; savepoint?: string; tag: string; readOnly?: boolean; isolation?: string }
  | { kind: 'prepare'; name: string; statement: Node; statementText: string; paramTypes: PgType[] }
  | { kind: 'execute'; name: string; params: Expr[] }
  | { kind: 'deallocate'; name: string | null }
  | { kind: 'discard'; what: 'all' | 'plans' | 'sequences' | 'temp' };

const T = (oid: number) => typeByOid(oid);

export function analyzeStatement(ctx: AnalyzeContext, stmt: Node, text: string): BoundStatement {
  const [kind, n] = Object.entries(stmt)[0] as [string, unknown];
  switch (kind) {
    case 'SelectStmt':
      return { kind: 'query', plan: planSelect(ctx, n as SelectStmt), tag: 'SELECT' };
    case 'VariableSetStmt':
      return analyzeSet(ctx, n as VariableSetStmt);
    case 'VariableShowStmt':
      return { kind: 'show', name: (n as VariableShowStmt).name ?? '' };
    case 'TransactionStmt':
      return analyzeTransaction(n as TransactionStmt);
    case 'PrepareStmt': {
      const p = n as PrepareStmt;
      const paramTypes = (p.argtypes ?? []).map((a) => resolveTypeName(ctx, (a as { TypeName: import('@pgsql/types').TypeName }).TypeName).type);
      return { kind: 'prepare', name: p.name ?? '', statement: p.query!, statementText: text, paramTypes };
    }
    case 'ExecuteStmt': {
      const e = n as ExecuteStmt;
      const binder = new ExprBinder(ctx);
      return { kind: 'execute', name: e.name ?? '', params: (e.params ?? []).map((p) => binder.bind(p)) };
    }
    case 'DeallocateStmt': {
      const d = n as DeallocateStmt;
      return { kind: 'deallocate', name: d.name ?? null };
    }
    case 'DiscardStmt': {
      const target = (n as DiscardStmt).target;
      const what = target === 'DISCARD_ALL' ? 'all' : target === 'DISCARD_PLANS' ? 'plans' : target === 'DISCARD_SEQUENCES' ? 'sequences' : 'temp';
      return { kind: 'discard', what };
    }
    case 'ExplainStmt':
      throw unsupported('EXPLAIN', ctx.pos((n as ExplainStmt & { location?: number }).location));
    default:
      throw unsupported(statementName(kind));
  }
}

/** A readable name for a statement node kind, for 0A000 messages ("CreateStmt" → "CREATE TABLE"). */
function statementName(kind: string): string {
  const names: Record<string, string> = {
    CreateStmt: 'CREATE TABLE',
    InsertStmt: 'INSERT',
    UpdateStmt: 'UPDATE',
    DeleteStmt: 'DELETE',
    DropStmt: 'DROP',
    IndexStmt: 'CREATE INDEX',
    AlterTableStmt: 'ALTER TABLE',
    CopyStmt: 'COPY',
    CreateExtensionStmt: 'CREATE EXTENSION',
    CreateSchemaStmt: 'CREATE SCHEMA',
    CreateSeqStmt: 'CREATE SEQUENCE',
    ViewStmt: 'CREATE VIEW',
    TruncateStmt: 'TRUNCATE',
    CreatedbStmt: 'CREATE DATABASE',
    DeclareCursorStmt: 'DECLARE CURSOR',
    FetchStmt: 'FETCH',
    ClosePortalStmt: 'CLOSE',
    VacuumStmt: 'VACUUM',
    LockStmt: 'LOCK',
    ListenStmt: 'LISTEN',
    NotifyStmt: 'NOTIFY',
    CreateRoleStmt: 'CREATE ROLE',
    GrantStmt: 'GRANT',
    DoStmt: 'DO',
    CreateFunctionStmt: 'CREATE FUNCTION',
    CallStmt: 'CALL',
    MergeStmt: 'MERGE',
  };
  return names[kind] ?? kind.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

// ---- SELECT ----

const SELECT_HANDLED = new Set(['targetList', 'whereClause', 'limitCount', 'limitOffset', 'limitOption', 'op', 'all']);

function planSelect(ctx: AnalyzeContext, s: SelectStmt): QueryPlan {
  for (const [key, value] of Object.entries(s)) {
    if (SELECT_HANDLED.has(key) || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    throw unsupported(`SELECT with ${clauseName(key)}`);
  }
  if (s.op && s.op !== 'SETOP_NONE') throw unsupported('UNION/INTERSECT/EXCEPT');
  if (s.limitOption === 'LIMIT_OPTION_WITH_TIES') throw unsupported('FETCH FIRST … WITH TIES');
  const binder = new ExprBinder(ctx);
  const exprs: Expr[] = [];
  const columns: ResultColumn[] = [];
  for (const item of s.targetList ?? []) {
    const rt = (item as { ResTarget: { name?: string; val: Node; location?: number } }).ResTarget;
    const val = rt.val as { ColumnRef?: { fields: Node[]; location?: number } };
    if (val.ColumnRef && val.ColumnRef.fields.some((f) => 'A_Star' in f)) {
      throw new PgError(SqlState.SyntaxError, 'SELECT * with no tables specified is not valid', { position: ctx.pos(val.ColumnRef.location) });
    }
    let e = binder.bind(rt.val);
    // A select-list literal of unknown type is returned as text (PostgreSQL 10+).
    if (e.type.oid === Oid.unknown) e = coerce(ctx, e, T(Oid.text), -1, 'implicit');
    exprs.push(e);
    columns.push({ name: rt.name ?? figureColname(rt.val), type: e.type, typmod: e.typmod, tableOid: 0, columnAttr: 0 });
  }
  let root: PlanNode = { kind: 'values', rows: [[]], width: 0 };
  if (s.whereClause) root = { kind: 'filter', input: root, condition: binder.bindCondition(s.whereClause, 'WHERE') };
  root = { kind: 'project', input: root, exprs };
  if (s.limitCount || s.limitOffset) {
    const bindLimit = (node: Node | undefined, clause: string): Expr | null => {
      if (!node) return null;
      if ('A_Const' in node && (node as { A_Const: { isnull?: boolean } }).A_Const.isnull) return null;
      const e = binder.bind(node);
      return coerce(ctx, e, T(Oid.int8), -1, 'implicit', undefined, () =>
        new PgError(SqlState.DatatypeMismatch, `argument of ${clause} must be type bigint, not type ${e.type.name}`),
      );
    };
    root = { kind: 'limit', input: root, count: bindLimit(s.limitCount, 'LIMIT'), offset: bindLimit(s.limitOffset, 'OFFSET') };
  }
  for (let i = 0; i < ctx.paramTypes.length; i++) {
    if (ctx.paramTypes[i] === undefined || ctx.paramTypes[i]!.oid === Oid.unknown) {
      throw new PgError(SqlState.IndeterminateDatatype, `could not determine data type of parameter $${i + 1}`);
    }
  }
  return { root, columns };
}

function clauseName(key: string): string {
  const names: Record<string, string> = {
    fromClause: 'FROM',
    groupClause: 'GROUP BY',
    havingClause: 'HAVING',
    sortClause: 'ORDER BY',
    windowClause: 'WINDOW',
    distinctClause: 'DISTINCT',
    withClause: 'WITH',
    valuesLists: 'VALUES',
    lockingClause: 'FOR UPDATE/SHARE',
    intoClause: 'INTO',
    larg: 'set operations',
    groupDistinct: 'GROUP BY DISTINCT',
  };
  return names[key] ?? key;
}

// ---- SET / RESET ----

function analyzeSet(ctx: AnalyzeContext, s: VariableSetStmt): BoundStatement {
  const isLocal = s.is_local ?? false;
  switch (s.kind) {
    case 'VAR_SET_VALUE':
    case 'VAR_SET_CURRENT':
      if (s.kind === 'VAR_SET_CURRENT') throw unsupported('SET … FROM CURRENT');
      return { kind: 'set', name: settingName(s.name ?? ''), value: setValueText(ctx, s.name ?? '', s.args ?? []), isLocal, tag: 'SET' };
    case 'VAR_SET_DEFAULT':
    case 'VAR_RESET':
      return { kind: 'set', name: settingName(s.name ?? ''), value: null, isLocal, tag: s.kind === 'VAR_RESET' ? 'RESET' : 'SET' };
    case 'VAR_RESET_ALL':
      return { kind: 'reset_all', tag: 'RESET' };
    case 'VAR_SET_MULTI': {
      // SET TRANSACTION / SET SESSION CHARACTERISTICS: options as DefElems.
      if (s.name === 'TRANSACTION' || s.name === 'SESSION CHARACTERISTICS') {
        const prefix = s.name === 'TRANSACTION' ? '' : 'default_';
        const opts = transactionOptions(s.args ?? []);
        const isLocal = s.name === 'TRANSACTION';
        if (opts.isolation !== undefined) return { kind: 'set', name: `${prefix}transaction_isolation`, value: opts.isolation, isLocal, tag: 'SET' };
        if (opts.readOnly !== undefined) return { kind: 'set', name: `${prefix}transaction_read_only`, value: opts.readOnly ? 'on' : 'off', isLocal, tag: 'SET' };
        return { kind: 'set', name: `${prefix}transaction_isolation`, value: null, isLocal: true, tag: 'SET' };
      }
      throw unsupported(`SET ${s.name}`);
    }
    default:
      throw unsupported(`SET ${s.kind}`);
  }
}

function settingName(name: string): string {
  // Grammar aliases: SET TIME ZONE → timezone, SET NAMES → client_encoding.
  if (name === 'timezone') return 'TimeZone';
  return name;
}

/** Turns SET's argument list into the value string PostgreSQL would store (flatten_set_variable_args). */
function setValueText(ctx: AnalyzeContext, name: string, args: Node[]): string {
  const parts = args.map((a) => {
    const c = (a as { A_Const?: import('@pgsql/types').A_Const }).A_Const;
    if (c) {
      if (c.sval) return name === 'search_path' ? quoteIdentIfNeeded(c.sval.sval ?? '') : (c.sval.sval ?? '');
      if (c.ival) return String(c.ival.ival ?? 0);
      if (c.fval) return c.fval.fval ?? '0';
      if (c.boolval) return c.boolval.boolval ? 'on' : 'off';
      if (c.ival === undefined && c.fval === undefined && !c.isnull) return '0';
    }
    const tc = (a as { TypeCast?: { arg: Node; typeName: import('@pgsql/types').TypeName } }).TypeCast;
    if (tc) {
      // SET TIME ZONE INTERVAL '…' HOUR TO MINUTE
      throw unsupported('SET with an interval time zone', ctx.pos((tc as { location?: number }).location));
    }
    throw new PgError(SqlState.SyntaxError, `invalid value for parameter "${name}"`);
  });
  return parts.join(', ');
}

function quoteIdentIfNeeded(s: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`;
}

// ---- Transactions ----

function transactionOptions(opts: Node[]): { isolation?: string; readOnly?: boolean; deferrable?: boolean } {
  const out: { isolation?: string; readOnly?: boolean; deferrable?: boolean } = {};
  for (const o of opts) {
    const d = (o as { DefElem: { defname: string; arg?: Node } }).DefElem;
    const c = (d.arg as { A_Const?: import('@pgsql/types').A_Const } | undefined)?.A_Const;
    if (d.defname === 'transaction_isolation') out.isolation = c?.sval?.sval;
    else if (d.defname === 'transaction_read_only') out.readOnly = (c?.ival?.ival ?? 0) !== 0;
    else if (d.defname === 'transaction_deferrable') out.deferrable = (c?.ival?.ival ?? 0) !== 0;
  }
  return out;
}

function analyzeTransaction(t: TransactionStmt): BoundStatement {
  const opts = transactionOptions(t.options ?? []);
  switch (t.kind) {
    case 'TRANS_STMT_BEGIN':
      return { kind: 'transaction', op: 'begin', tag: 'BEGIN', readOnly: opts.readOnly, isolation: opts.isolation };
    case 'TRANS_STMT_START':
      return { kind: 'transaction', op: 'begin', tag: 'START TRANSACTION', readOnly: opts.readOnly, isolation: opts.isolation };
    case 'TRANS_STMT_COMMIT':
      if (t.chain) throw unsupported('COMMIT AND CHAIN');
      return { kind: 'transaction', op: 'commit', tag: 'COMMIT' };
    case 'TRANS_STMT_ROLLBACK':
      if (t.chain) throw unsupported('ROLLBACK AND CHAIN');
      return { kind: 'transaction', op: 'rollback', tag: 'ROLLBACK' };
    case 'TRANS_STMT_SAVEPOINT':
      return { kind: 'transaction', op: 'savepoint', savepoint: t.savepoint_name, tag: 'SAVEPOINT' };
    case 'TRANS_STMT_RELEASE':
      return { kind: 'transaction', op: 'release', savepoint: t.savepoint_name, tag: 'RELEASE' };
    case 'TRANS_STMT_ROLLBACK_TO':
      return { kind: 'transaction', op: 'rollback_to', savepoint: t.savepoint_name, tag: 'ROLLBACK' };
    default:
      throw unsupported('two-phase commit');
  }
}
