/**
 * Runs bound statements for a session: queries become operators that the
 * portal pulls rows from; utility statements (SET, SHOW, transaction
 * control, PREPARE/EXECUTE…) act on the session and return a command tag.
 */
import type { BoundStatement } from '../sql/analyze/statement.js';
import { analyzeStatement } from '../sql/analyze/statement.js';
import { AnalyzeContext } from '../sql/analyze/context.js';
import { coerce } from '../sql/analyze/coerce.js';
import type { ResultColumn } from '../sql/bound.js';
import { buildOperator, type Operator, type QueryEnv } from '../exec/operator.js';
import { DdlExecutor, type ModelBuilder } from '../exec/ddl.js';
import { buildIndexModel, buildTableModel } from '../sql/plan/table-model.js';
import { explainLines, type PlanStats } from '../sql/plan/explain.js';
import { compileExpr, type ExecEnv, type Row } from '../exec/compile-expr.js';
import { PgError, SqlState } from '../types/errors.js';
import { Oid } from '../types/oids.js';
import { typeByOid } from '../types/registry.js';
import type { Value } from '../types/value.js';
import type { PreparedStatement, Session } from './session.js';
import { allSettingDefs, showValue } from './settings.js';

/** Rows to stream (the tag is known once they are exhausted), or a finished command. */
export type Execution = { kind: 'rows'; op: Operator; tag?: () => string } | { kind: 'done'; tag: string };

const textColumn = (name: string): ResultColumn => ({ name, type: typeByOid(Oid.text), typmod: -1, tableOid: 0, columnAttr: 0 });

/** The columns a statement returns, or null if it returns no rows (Describe → NoData). */
export function columnsOf(session: Session, bound: BoundStatement | null): readonly ResultColumn[] | null {
  if (!bound) return null;
  switch (bound.kind) {
    case 'query':
      return bound.plan.columns;
    case 'show': {
      if (bound.name.toLowerCase() === 'all') return [textColumn('name'), textColumn('setting'), textColumn('description')];
      return [textColumn(session.settings.canonicalName(bound.name))];
    }
    case 'execute':
      return preparedNamed(session, bound.name).columns;
    case 'modify':
      return bound.returning;
    case 'explain':
      return [textColumn('QUERY PLAN')];
    case 'fetch': {
      if (bound.move) return null;
      const portal = session.portals.get(bound.name);
      if (!portal) throw new PgError(SqlState.InvalidCursorName, `cursor "${bound.name}" does not exist`);
      return portal.statement.columns;
    }
    default:
      return null;
  }
}

export function preparedNamed(session: Session, name: string): PreparedStatement {
  const p = session.prepared.get(name);
  if (!p) throw new PgError(SqlState.InvalidSqlStatementName, `prepared statement "${name}" does not exist`);
  return p;
}

function rowsOperator(rows: Row[]): Operator {
  let done = false;
  return {
    next: async () => {
      if (done) return null;
      done = true;
      return rows;
    },
    close: () => {
      done = true;
    },
  };
}

/** Binds a statement into a PreparedStatement (Parse, PREPARE). */
export function prepareStatement(
  session: Session,
  name: string,
  sql: string,
  parsed: PreparedStatement['parsed'],
  declaredTypes: readonly (import('../types/type.js').PgType | undefined)[],
  fromSql: boolean,
  paramsAllowed = true,
): PreparedStatement {
  if (!parsed) return { name, sql, parsed, paramTypes: [], bound: null, columns: null, fromSql, catalogVersion: -1 };
  const ctx = new AnalyzeContext(session, sql, [...declaredTypes], paramsAllowed, session.currentCatalog());
  const bound = analyzeStatement(ctx, parsed.stmt, parsed.text);
  const paramTypes = ctx.paramTypes.map((t, i) => {
    if (!t || t.oid === Oid.unknown) {
      // Utility statements never infer types; PostgreSQL reports such parameters as unknown.
      if (bound.kind !== 'query') return typeByOid(Oid.unknown);
      throw new PgError(SqlState.IndeterminateDatatype, `could not determine data type of parameter $${i + 1}`);
    }
    return t;
  });
  return { name, sql, parsed, paramTypes, bound, columns: columnsOf(session, bound), fromSql, catalogVersion: ctx.catalog!.version };
}

/** Binds table expressions (defaults, checks, index keys) against a catalog for DDL that reads rows. */
function modelBuilder(session: Session): ModelBuilder {
  const context = (catalog: import('../catalog/catalog.js').Catalog) => new AnalyzeContext(session, '', [], false, catalog);
  return {
    table: (catalog, rel) => buildTableModel(context(catalog), catalog, rel),
    index: (catalog, rel, index) => buildIndexModel(context(catalog), rel, index),
  };
}

/** Takes the write lock for a statement that writes, honouring lock_timeout and cancel. */
async function lockForWrite(session: Session, command: string): Promise<void> {
  const txn = session.ensureTransaction();
  txn.checkWritable(command);
  await txn.acquireWriteLock(Number(session.settings.get('lock_timeout')), session.statementSignal, () => session.interruptError());
}

/** Starts a query or data-modifying statement; `stats` collects EXPLAIN ANALYZE figures. */
/**
 * Binds the statement again when the catalog changed since it was bound
 * (DDL committed while it waited for the write lock, or since Parse).
 * Returns null when the binding is still current.
 */
export type Rebind = () => BoundStatement | null;

async function openPlan(session: Session, bound: Extract<BoundStatement, { kind: 'query' } | { kind: 'modify' }>, params: readonly Value[], stats?: PlanStats, rebind?: Rebind): Promise<Execution & { kind: 'rows' }> {
  const env: ExecEnv = { params, session };
  if (bound.kind === 'query') {
    const txn = session.ensureTransaction();
    session.markStatement();
    const qenv: QueryEnv = { ...env, txn, models: bound.models, counter: { rows: 0 }, stats, subqueryCache: new Map(), workTables: new Map() };
    return { kind: 'rows', op: buildOperator(bound.plan.root, qenv) };
  }
  await lockForWrite(session, bound.tag);
  const fresh = rebind?.();
  if (fresh) {
    if (fresh.kind !== 'modify') throw new PgError(SqlState.FeatureNotSupported, 'cached plan must not change result type');
    bound = fresh;
  }
  const txn = session.txn!;
  session.markStatement();
  const counter = { rows: 0 };
  const qenv: QueryEnv = { ...env, txn, models: bound.models, counter, stats, subqueryCache: new Map(), workTables: new Map() };
  const tag = bound.tag;
  return { kind: 'rows', op: buildOperator(bound.plan.root, qenv), tag: () => (tag === 'INSERT' ? `INSERT 0 ${counter.rows}` : `${tag} ${counter.rows}`) };
}

export async function execute(session: Session, bound: BoundStatement, params: readonly Value[], rebind?: Rebind): Promise<Execution> {
  const env: ExecEnv = { params, session };
  switch (bound.kind) {
    case 'query':
    case 'modify':
      return openPlan(session, bound, params, undefined, rebind);
    case 'explain': {
      if (!bound.analyze) return { kind: 'rows', op: rowsOperator(explainLines(bound.inner.plan.root).map((l) => [l])), tag: () => 'EXPLAIN' };
      const stats: PlanStats = new Map();
      const started = performance.now();
      const run = await openPlan(session, bound.inner, params, stats);
      while (await run.op.next()) {
        // EXPLAIN ANALYZE runs the statement to the end and discards its rows.
      }
      run.op.close();
      const elapsed = performance.now() - started;
      const lines = [...explainLines(bound.inner.plan.root, stats), `Execution Time: ${elapsed.toFixed(3)} ms`];
      return { kind: 'rows', op: rowsOperator(lines.map((l) => [l])), tag: () => 'EXPLAIN' };
    }
    case 'ddl': {
      await lockForWrite(session, bound.tag);
      const fresh = rebind?.();
      if (fresh) {
        if (fresh.kind !== 'ddl') throw new PgError(SqlState.FeatureNotSupported, 'cached plan must not change result type');
        bound = fresh;
      }
      const txn = session.txn!;
      session.markStatement();
      const tag = new DdlExecutor(txn, env, modelBuilder(session)).run((bound as Extract<BoundStatement, { kind: 'ddl' }>).ddl);
      return { kind: 'done', tag };
    }
    case 'show': {
      if (bound.name.toLowerCase() === 'all') {
        const rows = allSettingDefs().map((d) => [d.name, showValue(d, session.settings.get(d.name)), d.description]);
        return { kind: 'rows', op: rowsOperator(rows), tag: () => 'SHOW' };
      }
      return { kind: 'rows', op: rowsOperator([[session.settings.show(bound.name)]]), tag: () => 'SHOW' };
    }
    case 'set':
      session.set(bound.name, bound.value, bound.isLocal);
      return { kind: 'done', tag: bound.tag };
    case 'reset_all':
      session.resetAll();
      return { kind: 'done', tag: 'RESET' };
    case 'transaction':
      return { kind: 'done', tag: await runTransaction(session, bound) };
    case 'prepare': {
      if (session.prepared.has(bound.name)) {
        throw new PgError(SqlState.DuplicatePreparedStatement, `prepared statement "${bound.name}" already exists`);
      }
      const parsed = { stmt: bound.statement, text: bound.statementText, offset: 0 };
      session.prepared.set(bound.name, prepareStatement(session, bound.name, bound.statementText, parsed, bound.paramTypes, true));
      return { kind: 'done', tag: 'PREPARE' };
    }
    case 'execute': {
      const p = preparedNamed(session, bound.name);
      if (bound.params.length !== p.paramTypes.length) {
        throw new PgError(SqlState.SyntaxError, `wrong number of parameters for prepared statement "${bound.name}"`, {
          detail: `Expected ${p.paramTypes.length} parameters but got ${bound.params.length}.`,
        });
      }
      const ctx = new AnalyzeContext(session, '');
      const values = bound.params.map((e, i) => compileExpr(coerce(ctx, e, p.paramTypes[i]!, -1, 'assignment'))([], env));
      if (!p.bound) return { kind: 'done', tag: '' };
      return execute(session, p.bound, values);
    }
    case 'declare': {
      if (!session.inBlock && !bound.hold) {
        throw new PgError(SqlState.NoActiveSqlTransaction, 'DECLARE CURSOR can only be used in transaction blocks');
      }
      if (session.portals.has(bound.name)) throw new PgError(SqlState.DuplicateCursor, `cursor "${bound.name}" already exists`);
      const stmt: PreparedStatement = { name: '', sql: bound.text, parsed: null, paramTypes: [], bound: bound.query, columns: bound.query.plan.columns, fromSql: true, catalogVersion: session.currentCatalog().version };
      const formats = new Array<0 | 1>(stmt.columns!.length).fill(bound.binary ? 1 : 0);
      const result = await openPlan(session, bound.query, params);
      session.portals.set(bound.name, { name: bound.name, statement: stmt, params, formats, op: result.op, pending: [], exhausted: false, rowCount: 0, utilityTag: null, tagFn: null, hold: bound.hold });
      return { kind: 'done', tag: 'DECLARE CURSOR' };
    }
    case 'fetch': {
      const portal = session.portals.get(bound.name);
      if (!portal) throw new PgError(SqlState.InvalidCursorName, `cursor "${bound.name}" does not exist`);
      const rows = await fetchFromPortal(session, portal, bound.count);
      if (bound.move) return { kind: 'done', tag: `MOVE ${rows.length}` };
      return { kind: 'rows', op: rowsOperator(rows), tag: () => `FETCH ${rows.length}` };
    }
    case 'close':
      if (bound.name === null) session.portals.clear();
      else if (!session.portals.delete(bound.name)) throw new PgError(SqlState.InvalidCursorName, `cursor "${bound.name}" does not exist`);
      return { kind: 'done', tag: 'CLOSE CURSOR' };
    case 'deallocate':
      if (bound.name === null) {
        session.prepared.clear();
        return { kind: 'done', tag: 'DEALLOCATE ALL' };
      }
      if (!session.prepared.delete(bound.name)) {
        throw new PgError(SqlState.InvalidSqlStatementName, `prepared statement "${bound.name}" does not exist`);
      }
      return { kind: 'done', tag: 'DEALLOCATE' };
    case 'discard':
      if (bound.what === 'all') session.discardAll();
      else if (bound.what === 'plans') {
        // Plans are bound per statement and hold no cached state that could go stale.
      }
      return { kind: 'done', tag: `DISCARD ${bound.what.toUpperCase()}` };
  }
}

async function runTransaction(session: Session, t: Extract<BoundStatement, { kind: 'transaction' }>): Promise<string> {
  switch (t.op) {
    case 'begin':
      session.begin();
      if (t.isolation) session.set('transaction_isolation', t.isolation, true);
      if (t.readOnly !== undefined) session.set('transaction_read_only', t.readOnly ? 'on' : 'off', true);
      return t.tag;
    case 'commit':
      return await session.commit();
    case 'rollback':
      session.rollback();
      return 'ROLLBACK';
    case 'savepoint':
      session.savepoint(t.savepoint!);
      return 'SAVEPOINT';
    case 'release':
      session.release(t.savepoint!);
      return 'RELEASE';
    case 'rollback_to':
      session.rollbackTo(t.savepoint!);
      return 'ROLLBACK';
    default:
      throw new PgError(SqlState.FeatureNotSupported, 'two-phase commit is not supported');
  }
}

/** Takes up to `count` rows from a cursor's portal (FETCH, MOVE). */
export async function fetchFromPortal(session: Session, portal: import('./session.js').Portal, count: number): Promise<Row[]> {
  const out: Row[] = [];
  while (out.length < count) {
    if (portal.pending.length === 0) {
      if (portal.exhausted || !portal.op) break;
      session.checkInterrupts();
      const next = await portal.op.next();
      if (!next) {
        portal.exhausted = true;
        portal.op.close();
        break;
      }
      portal.pending = next;
    }
    const take = Math.min(portal.pending.length, count - out.length);
    for (let i = 0; i < take; i++) out.push(portal.pending[i]!);
    portal.pending = portal.pending.slice(take);
  }
  return out;
}
