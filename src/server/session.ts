/**
 * One client session: identity, settings, transaction state, prepared
 * statements and portals. It is the EvalContext that functions see.
 */
import type { BoundStatement } from '../sql/analyze/statement.js';
import type { ResultColumn } from '../sql/bound.js';
import type { EvalContext } from '../types/context.js';
import { PgError, SqlState } from '../types/errors.js';
import type { IoContext, NameResolver } from '../types/type.js';
import type { PgType } from '../types/type.js';
import type { Value } from '../types/value.js';
import type { Operator } from '../exec/operator.js';
import type { Row } from '../exec/compile-expr.js';
import type { ParsedStatement } from '../sql/parse.js';
import { SessionSettings } from './settings.js';
import { allSystemRelations, systemRelation } from '../catalog/system/index.js';
import { INFORMATION_SCHEMA_OID, PG_CATALOG_OID } from '../catalog/catalog.js';
import { searchPathNames, searchPathSchemas } from '../catalog/search-path.js';

function systemRelationByOid(oid: number) {
  for (const r of allSystemRelations()) if (r.oid === oid) return r;
  return undefined;
}
import type { TransactionStatus } from '../protocol/codes.js';
import type { Database } from '../exec/database.js';
import { Transaction, type Isolation, type Savepoint } from '../exec/transaction.js';

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
  /** The catalog version it was bound against; a newer catalog means binding again. */
  readonly catalogVersion: number;
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
  /** The command tag of a row-returning statement that is not a plain SELECT (INSERT … RETURNING). */
  tagFn: (() => string) | null;
  /** DECLARE … WITH HOLD: survives COMMIT (its rows are read out at commit). */
  hold?: boolean;
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
  /** The storage side of the current transaction (null when idle). */
  txn: Transaction | null = null;
  private savepoints: Savepoint[] = [];
  /** Where the running statement started, to undo its writes if it fails. */
  private statementMark: Savepoint | null = null;
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
    readonly db: Database,
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
        names: this.names,
      };
      // 'now' in a date/time literal is the transaction's start, which changes under a cached context.
      Object.defineProperty(this.ioCache, 'now', { get: () => this.txStart, enumerable: true });
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

  /** Aborted when the running statement is cancelled or times out. */
  get statementSignal(): AbortSignal | undefined {
    return this.abort?.signal;
  }

  interruptError(): PgError {
    return new PgError(
      SqlState.QueryCanceled,
      this.abortReason === 'timeout' ? 'canceling statement due to statement timeout' : 'canceling statement due to user request',
    );
  }

  /** The catalog a new statement binds against: the transaction's own (after its DDL) or the committed one. */
  currentCatalog(): import('../catalog/catalog.js').Catalog {
    const txn = this.txn;
    if (txn && (txn.catalogChanged || txn.isolation === 'repeatable read' || txn.isolation === 'serializable')) return txn.catalog;
    return this.db.catalog;
  }

  // ---- Sequences ----

  private readonly currvals = new Map<number, bigint>();
  private lastSequence: number | null = null;

  private sequenceFor(oid: number) {
    const catalog = this.currentCatalog();
    const seq = catalog.sequence(oid);
    if (!seq) {
      const other = catalog.get(oid);
      if (other && 'name' in other) throw new PgError(SqlState.WrongObjectType, `"${other.name}" is not a sequence`);
      throw new PgError(SqlState.UndefinedTable, `could not open relation with OID ${oid}`);
    }
    return seq;
  }

  nextval(oid: number): bigint {
    const seq = this.sequenceFor(oid);
    const txn = this.ensureTransaction();
    if (txn.readOnly) throw new PgError(SqlState.ReadOnlySqlTransaction, 'cannot execute nextval() in a read-only transaction');
    const v = this.db.nextval(seq, txn.snapshot);
    txn.touchedSequences.add(oid);
    this.currvals.set(oid, v);
    this.lastSequence = oid;
    return v;
  }

  currval(oid: number): bigint {
    const seq = this.sequenceFor(oid);
    const v = this.currvals.get(oid);
    if (v === undefined) throw new PgError(SqlState.ObjectNotInPrerequisiteState, `currval of sequence "${seq.name}" is not yet defined in this session`);
    return v;
  }

  setval(oid: number, value: bigint, isCalled: boolean): bigint {
    const seq = this.sequenceFor(oid);
    const txn = this.ensureTransaction();
    if (txn.readOnly) throw new PgError(SqlState.ReadOnlySqlTransaction, 'cannot execute setval() in a read-only transaction');
    this.db.setval(seq, value, isCalled, txn.snapshot);
    txn.touchedSequences.add(oid);
    if (isCalled) {
      this.currvals.set(oid, value);
      this.lastSequence = oid;
    }
    return value;
  }

  sequenceLastValue(oid: number): bigint | null {
    const seq = this.sequenceFor(oid);
    return this.db.currentSequenceValue(seq, this.ensureTransaction().snapshot).last;
  }

  lastval(): bigint {
    if (this.lastSequence === null) throw new PgError(SqlState.ObjectNotInPrerequisiteState, 'lastval is not yet defined in this session');
    return this.currvals.get(this.lastSequence)!;
  }

  // ---- Relation names for regclass ----

  private readonly names: NameResolver = {
    relationOid: (name) => {
      const parts = splitQualifiedName(name);
      // pg_catalog relations come first, as the implicit head of the search path.
      if (parts.length === 1 || parts[0] === 'pg_catalog') {
        const sys = systemRelation(parts[parts.length - 1]!);
        if (sys) return sys.oid;
      }
      const catalog = this.currentCatalog();
      const schemas = parts.length === 2 ? [catalog.schema(parts[0]!)] : this.searchPathSchemaDefs();
      for (const s of schemas) {
        const c = s ? catalog.classIn(s.oid, parts[parts.length - 1]!) : undefined;
        if (c) return c.oid;
      }
      throw new PgError(SqlState.UndefinedTable, `relation "${name}" does not exist`);
    },
    namespaceOid: (name) => {
      const parts = splitQualifiedName(name);
      const n = parts[parts.length - 1]!;
      if (n === 'pg_catalog') return PG_CATALOG_OID;
      if (n === 'information_schema') return INFORMATION_SCHEMA_OID;
      const s = this.currentCatalog().schema(n);
      if (!s) throw new PgError(SqlState.InvalidSchemaName, `schema "${n}" does not exist`);
      return s.oid;
    },
    namespaceName: (oid) => {
      if (oid === PG_CATALOG_OID) return 'pg_catalog';
      if (oid === INFORMATION_SCHEMA_OID) return 'information_schema';
      const s = this.currentCatalog().schemaByOid(oid);
      return s ? quoteIdent(s.name) : undefined;
    },
    relationName: (oid) => {
      const sys = systemRelationByOid(oid);
      if (sys) return sys.name;
      const catalog = this.currentCatalog();
      const c = catalog.get(oid);
      if (!c || c.kind === 'schema' || c.kind === 'constraint') return undefined;
      // Qualified unless the search path finds this very relation by its bare name.
      const visible = this.searchPathSchemaDefs().find((s) => catalog.classIn(s.oid, c.name));
      const name = quoteIdent(c.name);
      return visible?.oid === c.namespace ? name : `${quoteIdent(catalog.schemaByOid(c.namespace)?.name ?? '?')}.${name}`;
    },
  };

  catalogSnapshot(): unknown {
    return this.txn?.catalog ?? this.currentCatalog();
  }

  /** Names of the search_path schemas that exist, pg_catalog and information_schema included when listed. */
  searchPathSchemas(): string[] {
    const catalog = this.currentCatalog();
    return searchPathNames(this.settings.get('search_path'), this.identity.user).filter(
      (n) => n === 'pg_catalog' || n === 'information_schema' || catalog.schema(n) !== undefined,
    );
  }

  private searchPathSchemaDefs() {
    return searchPathSchemas(this.currentCatalog(), this.settings.get('search_path'), this.identity.user);
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

  /** A simple Query with several statements runs them as one implicit transaction block. */
  implicitBlock = false;

  set(name: string, value: string | null, isLocal: boolean): void {
    const inBlock = this.tx === 'block' || (this.tx === 'implicit' && this.implicitBlock);
    if (isLocal && !inBlock) {
      this.notice(new PgError(SqlState.NoActiveSqlTransaction, 'SET LOCAL can only be used in transaction blocks', { severity: 'WARNING' }));
    }
    this.settings.set(name, value, isLocal, inBlock);
    this.ioCache = null;
    // The transaction's characteristics are settings too (SET TRANSACTION, BEGIN READ ONLY).
    const key = name.toLowerCase();
    if (this.txn && key === 'transaction_read_only') this.txn.readOnly = this.settings.get(key) === 'on';
    if (this.txn && key === 'transaction_isolation') this.txn.isolation = this.settings.get(key) as Isolation;
  }

  resetAll(): void {
    this.settings.resetAll();
    this.ioCache = null;
  }

  // ---- Transactions ----

  get transactionStatus(): TransactionStatus {
    return this.tx === 'block' ? 'T' : this.tx === 'failed' ? 'E' : 'I';
  }

  get inTransactionBlock(): boolean {
    return this.inBlock;
  }

  get inBlock(): boolean {
    return this.tx === 'block' || this.tx === 'failed';
  }

  get failed(): boolean {
    return this.tx === 'failed';
  }

  /** The current transaction, started implicitly if there is none (a statement outside BEGIN…COMMIT). */
  ensureTransaction(): Transaction {
    if (this.tx === 'idle') {
      this.tx = 'implicit';
      this.settings.begin();
    }
    this.txn ??= this.newTransaction();
    return this.txn;
  }

  private newTransaction(): Transaction {
    return new Transaction(
      this.db,
      this.identity.pid,
      this.settings.get('default_transaction_isolation') as Isolation,
      this.settings.get('default_transaction_read_only') === 'on',
    );
  }

  begin(): void {
    if (this.tx === 'block' || this.tx === 'failed') {
      this.notice(new PgError(SqlState.ActiveSqlTransaction, 'there is already a transaction in progress', { severity: 'WARNING' }));
      return;
    }
    if (this.tx === 'idle') this.settings.begin();
    this.tx = 'block';
    this.txn ??= this.newTransaction();
  }

  /** COMMIT: in a failed block it rolls back, and the tag says so. */
  async commit(): Promise<'COMMIT' | 'ROLLBACK'> {
    if (this.tx === 'failed') {
      this.rollback();
      return 'ROLLBACK';
    }
    if (this.tx !== 'block') {
      this.notice(new PgError(SqlState.NoActiveSqlTransaction, 'there is no transaction in progress', { severity: 'WARNING' }));
    }
    await this.finishTransaction(true);
    return 'COMMIT';
  }

  rollback(): void {
    if (this.tx !== 'block' && this.tx !== 'failed') {
      this.notice(new PgError(SqlState.NoActiveSqlTransaction, 'there is no transaction in progress', { severity: 'WARNING' }));
    }
    void this.finishTransaction(false);
  }

  /** Ends an implicit transaction (end of a simple Query, or Sync). */
  async endImplicit(commit: boolean): Promise<void> {
    this.implicitBlock = false;
    if (this.tx === 'implicit') await this.finishTransaction(commit);
  }

  /** An error inside a transaction block makes it failed; an implicit one is rolled back. */
  fail(): void {
    if (this.statementMark && this.txn) this.txn.restore(this.statementMark);
    this.statementMark = null;
    if (this.tx === 'block') this.tx = 'failed';
    else if (this.tx === 'implicit') void this.finishTransaction(false);
  }

  /** Marks where a statement starts, so that its writes can be undone on error. */
  markStatement(): void {
    this.statementMark = this.txn ? this.txn.mark() : null;
    this.txn?.beginStatement();
  }

  private async finishTransaction(commit: boolean): Promise<void> {
    const txn = this.txn;
    this.txn = null;
    const wasOpen = this.tx !== 'idle';
    this.tx = 'idle';
    this.savepoints = [];
    this.statementMark = null;
    this.ioCache = null;
    // Cursors end with the transaction; WITH HOLD ones keep their remaining rows after a commit.
    const held = commit ? [...this.portals.values()].filter((p) => p.hold) : [];
    this.portals.clear();
    for (const p of held) {
      if (p.op && !p.exhausted) {
        for (;;) {
          const b = await p.op.next();
          if (!b) break;
          p.pending.push(...b);
        }
        p.op.close();
        p.exhausted = true;
      }
      this.portals.set(p.name, p);
    }
    try {
      if (txn) {
        if (commit) await txn.commit();
        else txn.rollback();
      }
      if (wasOpen) {
        if (commit) this.settings.commit();
        else this.settings.rollback();
      }
    } catch (e) {
      // A failed commit leaves nothing behind: settings revert as for ROLLBACK.
      if (wasOpen) this.settings.rollback();
      throw e;
    }
  }

  savepoint(name: string): void {
    if (!this.inBlock) {
      throw new PgError(SqlState.NoActiveSqlTransaction, 'SAVEPOINT can only be used in transaction blocks');
    }
    const txn = this.txn ?? (this.txn = this.newTransaction());
    this.savepoints.push({ ...txn.mark(), name });
    this.settings.savepoint();
  }

  private findSavepoint(name: string, verb: string): number {
    if (!this.inBlock) {
      throw new PgError(SqlState.NoActiveSqlTransaction, `${verb} can only be used in transaction blocks`);
    }
    let i = this.savepoints.length - 1;
    while (i >= 0 && this.savepoints[i]!.name !== name) i--;
    if (i < 0) throw new PgError('3B001', `savepoint "${name}" does not exist`);
    return i;
  }

  rollbackTo(name: string): void {
    const i = this.findSavepoint(name, 'ROLLBACK TO SAVEPOINT');
    this.txn?.restore(this.savepoints[i]!);
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

/** Splits 'schema.name' / '"Quoted"."Name"' as regclass input does: unquoted parts fold to lower case. */
export function splitQualifiedName(s: string): string[] {
  const parts: string[] = [];
  let i = 0;
  const t = s.trim();
  while (i < t.length) {
    if (t[i] === '"') {
      let j = i + 1;
      let part = '';
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
      parts.push(part);
      i = j + 1;
    } else {
      let j = i;
      while (j < t.length && t[j] !== '.') j++;
      parts.push(t.slice(i, j).trim().toLowerCase());
      i = j;
    }
    if (t[i] === '.') i++;
  }
  if (parts.length === 0 || parts.length > 3) throw new PgError(SqlState.InvalidName, `invalid name syntax`);
  return parts.length === 3 ? parts.slice(1) : parts;
}

export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
