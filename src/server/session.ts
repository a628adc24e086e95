/**
 * One client session: identity, settings, transaction state, prepared
 * statements and portals. It is the EvalContext that functions see.
 */
import type { BoundStatement } from '../sql/analyze/statement.js';
import type { ResultColumn } from '../sql/bound.js';
import type { EvalContext } from '../types/context.js';
import { PgError, SqlState } from '../types/errors.js';
import type { IoContext } from '../types/type.js';
import type { PgType } from '../types/type.js';
import type { Value } from '../types/value.js';
import type { Operator } from '../exec/operator.js';
import type { Row } from '../exec/compile-expr.js';
import type { ParsedStatement } from '../sql/parse.js';
import { SessionSettings } from './settings.js';
import type { TransactionStatus } from '../protocol/codes.js';

/** A statement prepared by Parse or PREPARE (they share one namespace, as in PostgreSQL). */
export interface PreparedStatement {
  readonly name: string;
  /** The full query string; parse-tree locations are offsets into it. */
  readonly sql: string;
  /** null for an empty query string. */
  readonly parsed: ParsedStatement | null;
  readonly paramTypes: readonly PgType[];
  readonly bound: BoundStatement | null;
  /** Result columns, or null when the statement returns no rows. */
  readonly columns: readonly ResultColumn[] | null;
  /** True when created with SQL PREPARE (shown in pg_prepared_statements as from_sql). */
  readonly fromSql: boolean;
}

/** A ready-to-run statement with bound parameter values (Bind's result). */
export interface Portal {
  readonly name: string;
  readonly statement: PreparedStatement;
  readonly params: readonly Value[];
  /** Output format of each result column. */
  readonly formats: readonly (0 | 1)[];
  /** Created at the first Execute. */
  op: Operator | null;
  /** Rows fetched from `op` but not yet sent (an Execute row limit split a batch). */
  pending: Row[];
  exhausted: boolean;
  /** Rows sent so far, for the SELECT n tag. */
  rowCount: number;
  /** A utility statement runs once; its tag is kept for repeated Execute. */
  utilityTag: string | null;
}

export interface SessionIdentity {
  readonly user: string;
  readonly database: string;
  readonly pid: number;
  readonly secret: number;
  readonly superuser: boolean;
}

const EPOCH_2000_MS = 946684800000;

/** Microseconds since 2000-01-01 UTC (PostgreSQL's timestamp epoch). */
export function nowMicros(): bigint {
  return BigInt(Date.now() - EPOCH_2000_MS) * 1000n;
}

type TxState = 'idle' | 'implicit' | 'block' | 'failed';

export class Session implements EvalContext {
  readonly settings: SessionSettings;
  readonly prepared = new Map<string, PreparedStatement>();
  readonly portals = new Map<string, Portal>();
  private tx: TxState = 'idle';
  private savepoints: string[] = [];
  private txStart = nowMicros();
  private stmtStart = nowMicros();
  /** Aborts the running statement (cancel request, statement_timeout). */
  private abort: AbortController | null = null;
  private abortReason: 'cancel' | 'timeout' | null = null;
  private timeoutTimer: NodeJS.Timeout | null = null;
  /** Notices raised while running a statement, sent before its result ends. */
  readonly notices: PgError[] = [];
  private ioCache: IoContext | null = null;

  constructor(
    readonly identity: SessionIdentity,
    serverDefaults: ReadonlyMap<string, string> = new Map(),
  ) {
    this.settings = new SessionSettings(serverDefaults);
    this.settings.setInternal('is_superuser', identity.superuser ? 'on' : 'off');
    this.settings.setInternal('session_authorization', identity.user);
  }

  // ---- EvalContext ----

  get io(): IoContext {
    // Rebuilt only after a setting changes; read per value written.
    if (!this.ioCache) {
      this.ioCache = {
        extraFloatDigits: Number(this.settings.get('extra_float_digits')),
        dateStyle: this.settings.get('DateStyle'),
        intervalStyle: this.settings.get('IntervalStyle'),
        timeZone: this.settings.get('TimeZone'),
        byteaOutput: this.settings.get('bytea_output'),
      };
    }
    return this.ioCache;
  }

  getSetting(name: string, missingOk = false): string | null {
    if (missingOk && !this.settings.has(name)) return null;
    return this.settings.show(name);
  }

  setSetting(name: string, value: string, isLocal: boolean): string {
    this.set(name, value, isLocal);
    return this.settings.show(name);
  }

  get userName(): string {
    return this.identity.user;
  }
  get sessionUserName(): string {
    return this.identity.user;
  }
  get databaseName(): string {
    return this.identity.database;
  }
  get backendPid(): number {
    return this.identity.pid;
  }
  transactionTimestamp(): bigint {
    return this.txStart;
  }
  statementTimestamp(): bigint {
    return this.stmtStart;
  }

  checkInterrupts(): void {
    if (this.abort?.signal.aborted) throw this.interruptError();
  }

  sleep(ms: number): Promise<void> {
    const signal = this.abort?.signal;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(this.interruptError());
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(this.interruptError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private interruptError(): PgError {
    return new PgError(
      SqlState.QueryCanceled,
      this.abortReason === 'timeout' ? 'canceling statement due to statement timeout' : 'canceling statement due to user request',
    );
  }

  // ---- Statement lifecycle ----

  /** Called before each statement runs: the statement clock, cancel and timeout. */
  startStatement(): void {
    this.stmtStart = nowMicros();
    if (this.tx === 'idle') this.txStart = this.stmtStart;
    this.abort = new AbortController();
    this.abortReason = null;
    const timeout = Number(this.settings.get('statement_timeout'));
    if (timeout > 0) {
      this.timeoutTimer = setTimeout(() => this.interrupt('timeout'), timeout);
    }
  }

  endStatement(): void {
    if (this.timeoutTimer) clearTimeout(this.timeoutTimer);
    this.timeoutTimer = null;
    this.abort = null;
  }

  /** A CancelRequest for this session, or statement_timeout expiring. */
  interrupt(reason: 'cancel' | 'timeout'): void {
    if (!this.abort || this.abort.signal.aborted) return;
    this.abortReason = reason;
    this.abort.abort();
  }

  notice(err: PgError): void {
    this.notices.push(err);
  }

  // ---- Settings ----

  set(name: string, value: string | null, isLocal: boolean): void {
    if (isLocal && this.tx !== 'block') {
      this.notice(new PgError(SqlState.NoActiveSqlTransaction, 'SET LOCAL can only be used in transaction blocks', { severity: 'WARNING' }));
    }
    this.settings.set(name, value, isLocal, this.tx === 'block');
    this.ioCache = null;
  }

  resetAll(): void {
    this.settings.resetAll();
    this.ioCache = null;
  }

  // ---- Transactions ----

  get transactionStatus(): TransactionStatus {
    return this.tx === 'block' ? 'T' : this.tx === 'failed' ? 'E' : 'I';
  }

  get inBlock(): boolean {
    return this.tx === 'block' || this.tx === 'failed';
  }

  get failed(): boolean {
    return this.tx === 'failed';
  }

  /** Starts the implicit transaction a statement outside BEGIN…COMMIT runs in. */
  ensureTransaction(): void {
    if (this.tx === 'idle') {
      this.tx = 'implicit';
      this.settings.begin();
    }
  }

  begin(): void {
    if (this.tx === 'block' || this.tx === 'failed') {
      this.notice(new PgError(SqlState.ActiveSqlTransaction, 'there is already a transaction in progress', { severity: 'WARNING' }));
      return;
    }
    if (this.tx === 'idle') this.settings.begin();
    this.tx = 'block';
  }

  /** COMMIT: in a failed block it rolls back, and the tag says so. */
  commit(): 'COMMIT' | 'ROLLBACK' {
    if (this.tx === 'failed') {
      this.rollback();
      return 'ROLLBACK';
    }
    if (this.tx !== 'block') {
      this.notice(new PgError(SqlState.NoActiveSqlTransaction, 'there is no transaction in progress', { severity: 'WARNING' }));
    }
    this.finishTransaction(true);
    return 'COMMIT';
  }

  rollback(): void {
    if (this.tx !== 'block' && this.tx !== 'failed') {
      this.notice(new PgError(SqlState.NoActiveSqlTransaction, 'there is no transaction in progress', { severity: 'WARNING' }));
    }
    this.finishTransaction(false);
  }

  /** Ends an implicit transaction (end of a simple Query, or Sync). */
  endImplicit(commit: boolean): void {
    if (this.tx === 'implicit') this.finishTransaction(commit);
  }

  /** An error inside a transaction block makes it failed; an implicit one is rolled back. */
  fail(): void {
    if (this.tx === 'block') this.tx = 'failed';
    else if (this.tx === 'implicit') this.finishTransaction(false);
  }

  private finishTransaction(commit: boolean): void {
    if (this.tx !== 'idle') {
      if (commit) this.settings.commit();
      else this.settings.rollback();
    }
    this.tx = 'idle';
    this.savepoints = [];
    this.ioCache = null;
    this.portals.clear();
  }

  savepoint(name: string): void {
    if (!this.inBlock) {
      throw new PgError(SqlState.NoActiveSqlTransaction, 'SAVEPOINT can only be used in transaction blocks');
    }
    this.savepoints.push(name);
    this.settings.savepoint();
  }

  private findSavepoint(name: string, verb: string): number {
    if (!this.inBlock) {
      throw new PgError(SqlState.NoActiveSqlTransaction, `${verb} can only be used in transaction blocks`);
    }
    const i = this.savepoints.lastIndexOf(name);
    if (i < 0) throw new PgError('3B001', `savepoint "${name}" does not exist`);
    return i;
  }

  rollbackTo(name: string): void {
    const i = this.findSavepoint(name, 'ROLLBACK TO SAVEPOINT');
    this.savepoints.length = i + 1;
    this.settings.rollbackToSavepoint(i + 1);
    this.tx = 'block';
    this.ioCache = null;
  }

  release(name: string): void {
    const i = this.findSavepoint(name, 'RELEASE SAVEPOINT');
    this.savepoints.length = i;
    this.settings.releaseSavepoint(i + 1);
  }

  /** The statement kinds a failed transaction still accepts. */
  allowedWhenFailed(bound: BoundStatement | null): boolean {
    if (!bound || bound.kind !== 'transaction') return false;
    return bound.op === 'rollback' || bound.op === 'commit' || bound.op === 'rollback_to';
  }

  discardAll(): void {
    if (this.inBlock) throw new PgError(SqlState.ActiveSqlTransaction, 'DISCARD ALL cannot run inside a transaction block');
    this.resetAll();
    this.prepared.clear();
    this.portals.clear();
  }
}
