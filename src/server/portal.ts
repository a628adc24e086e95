/** Portal execution and result encoding (RowDescription, DataRow, CommandComplete). */
import type { BackendWriter, FieldDescription } from '../protocol/backend.js';
import type { ResultColumn } from '../sql/bound.js';
import { PgError, SqlState } from '../types/errors.js';
import type { IoContext } from '../types/type.js';
import type { Value } from '../types/value.js';
import type { Row } from '../exec/compile-expr.js';
import { execute, prepareStatement } from './executor.js';
import type { BoundStatement } from '../sql/analyze/statement.js';
import type { Portal, Session } from './session.js';

export interface Output {
  readonly w: BackendWriter;
  /** Hands buffered bytes to the socket once they pass a threshold, waiting while the client is not reading. */
  maybeFlush(): Promise<void>;
  flush(): Promise<void>;
}

export function fieldDescriptions(columns: readonly ResultColumn[], formats: readonly (0 | 1)[]): FieldDescription[] {
  return columns.map((c, i) => ({
    name: c.name,
    tableOid: c.tableOid,
    columnAttr: c.columnAttr,
    typeOid: c.type.oid,
    typeLen: c.type.len,
    typeMod: c.typmod,
    format: formats[i] ?? 0,
  }));
}

/** Expands Bind's result-format list to one code per column, as the protocol defines it. */
export function resultFormats(requested: readonly (0 | 1)[], columns: readonly ResultColumn[] | null): (0 | 1)[] {
  const n = columns?.length ?? 0;
  if (requested.length === 0) return new Array<0 | 1>(n).fill(0);
  if (requested.length === 1) {
    const f = requested[0]!;
    if (f === 1) for (const c of columns ?? []) requireBinaryOutput(c);
    return new Array<0 | 1>(n).fill(f);
  }
  if (requested.length !== n) {
    throw new PgError(SqlState.ProtocolViolation, `bind message has ${requested.length} result formats but query has ${n} columns`);
  }
  requested.forEach((f, i) => f === 1 && requireBinaryOutput(columns![i]!));
  return [...requested];
}

function requireBinaryOutput(c: ResultColumn): void {
  if (!c.type.toBinary) {
    throw new PgError(SqlState.UndefinedFunction, `no binary output function available for type ${c.type.name}`);
  }
}

type CellEncoder = (w: BackendWriter, v: Value, io: IoContext) => void;

function cellEncoders(columns: readonly ResultColumn[], formats: readonly (0 | 1)[]): CellEncoder[] {
  return columns.map((c, i) => {
    const t = c.type;
    if (formats[i] === 1) {
      const toBinary = t.toBinary!;
      return (w, v, io) => {
        const b = toBinary(v, io);
        w.int32(b.length).bytes(b);
      };
    }
    return (w, v, io) => {
      w.lengthPrefixedString(t.toText(v, io));
    };
  });
}

function writeRows(w: BackendWriter, rows: readonly Row[], from: number, to: number, encoders: CellEncoder[], io: IoContext): void {
  const n = encoders.length;
  for (let r = from; r < to; r++) {
    const row = rows[r]!;
    w.begin(0x44).int16(n);
    for (let i = 0; i < n; i++) {
      const v = row[i];
      if (v === null || v === undefined) w.int32(-1);
      else encoders[i]!(w, v, io);
    }
    w.end();
  }
}

/**
 * Runs a portal until it is exhausted or `maxRows` rows were sent (0: no
 * limit). Returns 'suspended' when stopped by the limit (PortalSuspended is
 * due), 'complete' after CommandComplete was written.
 */
export async function runPortal(session: Session, portal: Portal, maxRows: number, out: Output): Promise<'complete' | 'suspended'> {
  let bound = portal.statement.bound;
  if (!bound) throw new Error('empty statement has no portal execution');
  if (!portal.op && portal.utilityTag === null && !portal.exhausted) {
    // A statement bound against an older catalog is bound again, now and after waiting for the write lock.
    const stmt = portal.statement;
    let version = stmt.catalogVersion;
    const rebind = (): BoundStatement | null => {
      if (version === session.currentCatalog().version || !stmt.parsed) return null;
      const again = prepareStatement(session, stmt.name, stmt.sql, stmt.parsed, stmt.paramTypes, stmt.fromSql);
      version = again.catalogVersion;
      if (!sameColumns(stmt.columns, again.columns)) {
        throw new PgError(SqlState.FeatureNotSupported, 'cached plan must not change result type');
      }
      return again.bound;
    };
    bound = rebind() ?? bound;
    const result = await execute(session, bound, portal.params, rebind);
    if (result.kind === 'done') portal.utilityTag = result.tag;
    else {
      portal.op = result.op;
      portal.tagFn = result.tag ?? null;
    }
  }
  if (portal.utilityTag !== null) {
    out.w.commandComplete(portal.utilityTag);
    return 'complete';
  }
  const columns = portal.statement.columns ?? [];
  const encoders = cellEncoders(columns, portal.formats);
  const io = session.io;
  let sent = 0;
  const limit = maxRows > 0 ? maxRows : Infinity;
  while (sent < limit) {
    let batch = portal.pending;
    if (batch.length === 0) {
      if (portal.exhausted || !portal.op) break;
      session.checkInterrupts();
      const next = await portal.op.next();
      if (!next) {
        portal.exhausted = true;
        portal.op.close();
        break;
      }
      batch = next;
    }
    const take = Math.min(batch.length, limit - sent);
    writeRows(out.w, batch, 0, take, encoders, io);
    portal.pending = take < batch.length ? batch.slice(take) : [];
    sent += take;
    await out.maybeFlush();
  }
  // Like PostgreSQL, a portal that filled its row limit is suspended without peeking for more rows.
  if (sent >= limit) return 'suspended';
  out.w.commandComplete(portal.tagFn ? portal.tagFn() : `SELECT ${sent}`);
  return 'complete';
}

function sameColumns(a: readonly ResultColumn[] | null, b: readonly ResultColumn[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((c, i) => c.name === b[i]!.name && c.type.oid === b[i]!.type.oid);
}
