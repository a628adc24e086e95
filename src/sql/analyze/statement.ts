/**
 * Binds one parsed statement. Queries become plans; utility statements
 * (SET, SHOW, transaction control…) become small descriptions the session
 * carries out. Any clause this binder does not read is refused with 0A000,
 * so a statement is never run with part of it silently ignored.
 */
import type { Node, SelectStmt, VariableSetStmt, VariableShowStmt, TransactionStmt, DeallocateStmt, DiscardStmt, PrepareStmt, ExecuteStmt, ExplainStmt, InsertStmt, UpdateStmt, DeleteStmt } from '@pgsql/types';
import { PgError, SqlState, unsupported } from '../../types/errors.js';
import { Oid } from '../../types/oids.js';
import { typeByOid } from '../../types/registry.js';
import type { PgType } from '../../types/type.js';
import type { Expr, ResultColumn } from '../bound.js';
import type { QueryPlan } from '../plan/plan.js';
import { catalogOf, type AnalyzeContext } from './context.js';
import { ExprBinder } from './expr.js';
import { resolveTypeName } from './type-name.js';
import { planSelect } from './select.js';
import { planDelete, planInsert, planUpdate } from './dml.js';
import { analyzeDdl, type DdlStatement } from './ddl.js';
import { buildTableModel, type TableModels } from '../plan/table-model.js';

export type TransactionOp = 'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollback_to' | 'prepare' | 'commit_prepared' | 'rollback_prepared';

export type BoundStatement =
  | { kind: 'query'; plan: QueryPlan; tag: 'SELECT'; models: TableModels }
  | { kind: 'modify'; plan: QueryPlan; tag: 'INSERT' | 'UPDATE' | 'DELETE'; models: TableModels; returning: readonly ResultColumn[] | null }
  | { kind: 'ddl'; ddl: DdlStatement; tag: string }
  | { kind: 'declare'; name: string; query: Extract<BoundStatement, { kind: 'query' }>; hold: boolean; binary: boolean; text: string; tag: 'DECLARE CURSOR' }
  | { kind: 'fetch'; name: string; count: number; backward: boolean; move: boolean }
  | { kind: 'close'; name: string | null; tag: 'CLOSE CURSOR' }
  | { kind: 'explain'; inner: Extract<BoundStatement, { kind: 'query' } | { kind: 'modify' }>; analyze: boolean; tag: 'EXPLAIN' }
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
    case 'SelectStmt': {
      const plan = planSelect(ctx, n as SelectStmt);
      const catalog = ctx.catalog;
      const models = new Map([...ctx.tables.values()].map((rel) => [rel.oid, buildTableModel(ctx, catalog!, rel)]));
      return { kind: 'query', plan, tag: 'SELECT', models };
    }
    case 'InsertStmt':
      return { kind: 'modify', ...planInsert(ctx, n as InsertStmt) };
    case 'UpdateStmt':
      return { kind: 'modify', ...planUpdate(ctx, n as UpdateStmt) };
    case 'DeleteStmt':
      return { kind: 'modify', ...planDelete(ctx, n as DeleteStmt) };
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
    case 'DeclareCursorStmt': {
      const d = n as import('@pgsql/types').DeclareCursorStmt;
      const options = d.options ?? 0;
      if (options & 0x2) throw unsupported('SCROLL cursors');
      const inner = analyzeStatement(ctx, d.query!, text);
      if (inner.kind !== 'query') throw new PgError(SqlState.InvalidCursorDefinition, 'cursor can only scan a SELECT query');
      return { kind: 'declare', name: d.portalname ?? '', query: inner, hold: (options & 0x20) !== 0, binary: (options & 0x1) !== 0, text, tag: 'DECLARE CURSOR' };
    }
    case 'FetchStmt': {
      const f = n as import('@pgsql/types').FetchStmt;
      if (f.direction === 'FETCH_ABSOLUTE' || f.direction === 'FETCH_RELATIVE') throw unsupported('FETCH ABSOLUTE/RELATIVE');
      const backward = f.direction === 'FETCH_BACKWARD';
      if (backward) throw new PgError(SqlState.ObjectNotInPrerequisiteState, 'cursor can only scan forward', { hint: 'Declare it with SCROLL option to enable backward scan.' });
      return { kind: 'fetch', name: f.portalname ?? '', count: Number(f.howMany ?? 1), backward, move: f.ismove ?? false };
    }
    case 'ClosePortalStmt': {
      const c = n as import('@pgsql/types').ClosePortalStmt;
      return { kind: 'close', name: c.portalname ?? null, tag: 'CLOSE CURSOR' };
    }
    case 'ExplainStmt': {
      const ex = n as ExplainStmt;
      let analyze = false;
      for (const o of ex.options ?? []) {
        const d = (o as { DefElem: { defname: string; arg?: Node } }).DefElem;
        const on = !d.arg || !/^(false|off|0)$/i.test(String(Object.values(Object.values(d.arg)[0] ?? {})[0] ?? 'true'));
        if (d.defname === 'analyze') analyze = on;
        else if (d.defname === 'costs' || d.defname === 'verbose' || d.defname === 'buffers' || d.defname === 'timing' || d.defname === 'summary') continue;
        else if (d.defname === 'format') {
          const v = String(Object.values(Object.values(d.arg ?? {})[0] ?? {})[0] ?? '').toLowerCase();
          if (v !== 'text') throw unsupported(`EXPLAIN FORMAT ${v.toUpperCase()}`);
        } else throw new PgError(SqlState.SyntaxError, `unrecognized EXPLAIN option "${d.defname}"`);
      }
      const inner = analyzeStatement(ctx, ex.query!, text);
      if (inner.kind !== 'query' && inner.kind !== 'modify') throw unsupported(`EXPLAIN of this statement`);
      return { kind: 'explain', inner, analyze, tag: 'EXPLAIN' };
    }
    default: {
      const ddl = analyzeDdl(ctx, kind, n);
      if (ddl) return { kind: 'ddl', ddl, tag: statementName(kind) };
      throw unsupported(statementName(kind));
    }
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
