/**
 * The message flow of an established session: the simple Query protocol and
 * the extended protocol (Parse/Bind/Describe/Execute/Sync/Close/Flush), with
 * PostgreSQL's rules for implicit transactions and error recovery
 * (https://www.postgresql.org/docs/15/protocol-flow.html).
 */
import type { FrontendMessage } from '../protocol/frontend.js';
import { BackendCode } from '../protocol/codes.js';
import { parseSql } from '../sql/parse.js';
import { PgError, SqlState, toPgError } from '../types/errors.js';
import { findTypeByOid } from '../types/registry.js';
import { decodeUtf8 } from '../types/builtin/text.js';
import type { PgType } from '../types/type.js';
import type { Value } from '../types/value.js';
import { prepareStatement, preparedNamed } from './executor.js';
import { fieldDescriptions, resultFormats, runPortal, type Output } from './portal.js';
import type { Portal, PreparedStatement, Session } from './session.js';
import type { Logger } from './log.js';

const CLIENT_MIN_MESSAGES = ['debug5', 'debug4', 'debug3', 'debug2', 'debug1', 'log', 'notice', 'warning', 'error'];

function abortedError(): PgError {
  return new PgError(SqlState.InFailedSqlTransaction, 'current transaction is aborted, commands ignored until end of transaction block');
}

export class ProtocolHandler {
  /** After an error in the extended protocol, messages are discarded until Sync. */
  private skipUntilSync = false;

  constructor(
    private readonly session: Session,
    private readonly out: Output,
    private readonly log: Logger,
  ) {}

  /** Handles one message; returns false when the client asked to terminate. */
  async handle(msg: FrontendMessage): Promise<boolean> {
    if (this.skipUntilSync && msg.kind !== 'sync' && msg.kind !== 'terminate') return true;
    try {
      switch (msg.kind) {
        case 'query':
          await this.simpleQuery(msg.sql);
          break;
        case 'parse':
          this.parse(msg.name, msg.sql, msg.paramTypes);
          break;
        case 'bind':
          this.bind(msg);
          break;
        case 'describe':
          this.describe(msg.target, msg.name);
          break;
        case 'execute':
          await this.execute(msg.portal, msg.maxRows);
          break;
        case 'sync':
          await this.sync();
          break;
        case 'close':
          if (msg.target === 'S') this.session.prepared.delete(msg.name);
          else this.session.portals.delete(msg.name);
          this.out.w.closeComplete();
          break;
        case 'flush':
          await this.out.flush();
          break;
        case 'terminate':
          return false;
        case 'copyData':
        case 'copyDone':
        case 'copyFail':
          // Outside COPY these are ignored, as the protocol specifies (a COPY that failed may leave some in flight).
          break;
        case 'functionCall':
          this.sendError(new PgError(SqlState.FeatureNotSupported, 'fast-path function calls are not supported'));
          this.out.w.readyForQuery(this.session.transactionStatus);
          break;
        case 'password':
          throw new PgError(SqlState.ProtocolViolation, 'unexpected password message', { severity: 'FATAL' });
      }
    } catch (e) {
      const err = toPgError(e);
      if (err.severity === 'FATAL') throw err;
      this.extendedError(err);
    }
    return true;
  }

  // ---- Simple query ----

  private async simpleQuery(sql: string): Promise<void> {
    const s = this.session;
    try {
      const statements = parseSql(sql);
      if (statements.length === 0) this.out.w.emptyQueryResponse();
      s.implicitBlock = statements.length > 1;
      for (const parsed of statements) {
        // Each statement is analyzed only when its turn comes: an earlier SET may change how it binds.
        if (s.failed) {
          const probe = prepareProbe(s, sql, parsed);
          if (!s.allowedWhenFailed(probe)) throw abortedError();
        }
        s.startStatement();
        try {
          const stmt = prepareStatement(s, '', sql, parsed, [], false, false);
          if (!isTransactionControl(stmt)) s.ensureTransaction();
          const portal = newPortal('', stmt, [], resultFormats([], stmt.columns));
          if (stmt.columns) this.out.w.rowDescription(fieldDescriptions(stmt.columns, portal.formats));
          await runPortal(s, portal, 0, this.out);
        } finally {
          s.endStatement();
          this.flushNotices();
        }
      }
      await s.endImplicit(true);
    } catch (e) {
      this.sendError(toPgError(e));
      s.fail();
    }
    s.implicitBlock = false;
    this.readyForQuery();
  }

  // ---- Extended query ----

  private parse(name: string, sql: string, typeOids: number[]): void {
    const s = this.session;
    if (name !== '' && s.prepared.has(name)) {
      throw new PgError(SqlState.DuplicatePreparedStatement, `prepared statement "${name}" already exists`);
    }
    const statements = parseSql(sql);
    if (statements.length > 1) throw new PgError(SqlState.SyntaxError, 'cannot insert multiple commands into a prepared statement');
    const declared: (PgType | undefined)[] = typeOids.map((oid) => {
      if (oid === 0) return undefined;
      const t = findTypeByOid(oid);
      if (!t) throw new PgError(SqlState.UndefinedObject, `type with OID ${oid} does not exist`);
      return t;
    });
    const parsed = statements[0] ?? null;
    if (s.failed && !s.allowedWhenFailed(prepareProbe(s, sql, parsed))) throw abortedError();
    const stmt = prepareStatement(s, name, sql, parsed, declared, false);
    s.prepared.set(name, stmt);
    this.out.w.parseComplete();
  }

  private bind(msg: Extract<FrontendMessage, { kind: 'bind' }>): void {
    const s = this.session;
    const stmt = preparedNamed(s, msg.statement);
    const n = stmt.paramTypes.length;
    if (msg.params.length !== n) {
      throw new PgError(SqlState.ProtocolViolation, `bind message supplies ${msg.params.length} parameters, but prepared statement "${msg.statement}" requires ${n}`);
    }
    const pf = msg.paramFormats;
    if (pf.length > 1 && pf.length !== n) {
      throw new PgError(SqlState.ProtocolViolation, `bind message has ${pf.length} parameter formats but ${n} parameters`);
    }
    if (s.failed && !s.allowedWhenFailed(stmt.bound)) throw abortedError();
    if (msg.portal !== '' && s.portals.has(msg.portal)) {
      throw new PgError(SqlState.DuplicateCursor, `cursor "${msg.portal}" already exists`);
    }
    const params: Value[] = msg.params.map((raw, i) => {
      if (raw === null) return null;
      const type = stmt.paramTypes[i]!;
      const format = pf.length === 0 ? 0 : pf.length === 1 ? pf[0]! : pf[i]!;
      try {
        if (format === 1) {
          if (!type.fromBinary) throw new PgError(SqlState.UndefinedFunction, `no binary input function available for type ${type.name}`);
          return type.fromBinary(raw, -1, s.io);
        }
        return type.fromText(decodeUtf8(raw), -1, s.io);
      } catch (e) {
        const err = toPgError(e);
        err.context ??= `unnamed portal parameter $${i + 1}${format === 0 ? ` = '${raw.toString('utf8').slice(0, 64)}'` : ''}`;
        throw err;
      }
    });
    const formats = resultFormats(msg.resultFormats, stmt.columns);
    if (!isTransactionControl(stmt)) s.ensureTransaction();
    s.portals.set(msg.portal, newPortal(msg.portal, stmt, params, formats));
    this.out.w.bindComplete();
  }

  private describe(target: 'S' | 'P', name: string): void {
    const s = this.session;
    if (target === 'S') {
      const stmt = preparedNamed(s, name);
      this.out.w.parameterDescription(stmt.paramTypes.map((t) => t.oid));
      if (stmt.columns) this.out.w.rowDescription(fieldDescriptions(stmt.columns, []));
      else this.out.w.noData();
      return;
    }
    const portal = s.portals.get(name);
    if (!portal) throw new PgError(SqlState.InvalidCursorName, `portal "${name}" does not exist`);
    const cols = portal.statement.columns;
    if (cols) this.out.w.rowDescription(fieldDescriptions(cols, portal.formats));
    else this.out.w.noData();
  }

  private async execute(name: string, maxRows: number): Promise<void> {
    const s = this.session;
    const portal = s.portals.get(name);
    if (!portal) throw new PgError(SqlState.InvalidCursorName, `portal "${name}" does not exist`);
    if (!portal.statement.bound) {
      this.out.w.emptyQueryResponse();
      return;
    }
    if (s.failed && !s.allowedWhenFailed(portal.statement.bound)) throw abortedError();
    s.startStatement();
    try {
      const state = await runPortal(s, portal, maxRows, this.out);
      if (state === 'suspended') this.out.w.portalSuspended();
    } finally {
      s.endStatement();
      this.flushNotices();
    }
  }

  private async sync(): Promise<void> {
    this.skipUntilSync = false;
    try {
      await this.session.endImplicit(true);
    } catch (e) {
      this.sendError(toPgError(e));
    }
    this.readyForQuery();
  }

  // ---- Errors and notices ----

  /** A message that could not be decoded: an error, then ReadyForQuery now or after the next Sync. */
  malformedMessage(err: PgError, readyNow: boolean): void {
    if (this.skipUntilSync && !readyNow) return;
    this.sendError(err);
    this.session.fail();
    if (readyNow) {
      this.skipUntilSync = false;
      this.readyForQuery();
    } else this.skipUntilSync = true;
  }

  private extendedError(err: PgError): void {
    this.sendError(err);
    this.session.fail();
    this.skipUntilSync = true;
  }

  private sendError(err: PgError): void {
    if (err.code === SqlState.InternalError) this.log.error({ err }, 'internal error');
    else this.log.debug({ code: err.code, msg: err.message }, 'statement error');
    this.flushNotices();
    this.out.w.error(err);
  }

  private flushNotices(): void {
    const s = this.session;
    if (s.notices.length === 0) return;
    const min = CLIENT_MIN_MESSAGES.indexOf(s.settings.get('client_min_messages'));
    for (const n of s.notices.splice(0)) {
      const level = CLIENT_MIN_MESSAGES.indexOf(n.severity.toLowerCase());
      if (level >= min) this.out.w.notice(BackendCode.NoticeResponse, n);
    }
  }

  private readyForQuery(): void {
    const s = this.session;
    for (const name of s.settings.changedReported) this.out.w.parameterStatus(name, s.settings.show(name));
    s.settings.changedReported.clear();
    this.out.w.readyForQuery(s.transactionStatus);
  }
}

function newPortal(name: string, statement: PreparedStatement, params: Value[], formats: (0 | 1)[]): Portal {
  return { name, statement, params, formats, op: null, pending: [], exhausted: false, rowCount: 0, utilityTag: null, tagFn: null };
}

function isTransactionControl(stmt: PreparedStatement): boolean {
  return stmt.bound?.kind === 'transaction';
}

/** In a failed transaction only ROLLBACK/COMMIT may run; look at the statement kind without binding it. */
function prepareProbe(_s: Session, _sql: string, parsed: PreparedStatement['parsed']): PreparedStatement['bound'] {
  const stmt = parsed?.stmt as { TransactionStmt?: { kind?: string } } | undefined;
  const kind = stmt?.TransactionStmt?.kind;
  if (kind === 'TRANS_STMT_ROLLBACK') return { kind: 'transaction', op: 'rollback', tag: 'ROLLBACK' };
  if (kind === 'TRANS_STMT_COMMIT') return { kind: 'transaction', op: 'commit', tag: 'COMMIT' };
  if (kind === 'TRANS_STMT_ROLLBACK_TO') return { kind: 'transaction', op: 'rollback_to', tag: 'ROLLBACK' };
  return null;
}
