import { loadModule, parseSync } from 'libpg-query';
import type { Node, RawStmt } from '@pgsql/types';
import { PgError, SqlState } from '../types/errors.js';

/** One statement of a query string, with its own text (for errors and pg_stat_activity). */
export interface ParsedStatement {
  readonly stmt: Node;
  /** The statement's text, sliced from the query string. */
  readonly text: string;
  /** Offset of `text` in the whole query string, for error positions. */
  readonly offset: number;
}

let ready: Promise<void> | null = null;

/** The parser is WebAssembly; it must be loaded once before the first parse. */
export function loadParser(): Promise<void> {
  ready ??= loadModule();
  return ready;
}

interface ParseFailure {
  sqlDetails?: { message: string; cursorPosition?: number };
  message: string;
}

/**
 * Parses a query string with PostgreSQL's own grammar (libpg_query). Error
 * positions are 1-based character offsets into `sql`, as PostgreSQL reports.
 */
export function parseSql(sql: string): ParsedStatement[] {
  // libpg_query refuses an empty string; PostgreSQL answers it with EmptyQueryResponse.
  if (sql.trim() === '') return [];
  let result: { stmts?: RawStmt[] };
  try {
    result = parseSync(sql) as { stmts?: RawStmt[] };
  } catch (e) {
    const err = e as ParseFailure;
    const details = err.sqlDetails;
    const message = details?.message ?? err.message;
    const cursor = details?.cursorPosition;
    // libpg_query reports byte offsets; clients expect character positions.
    const position = cursor === undefined ? undefined : charOffset(sql, cursor) + 1;
    const code = /unterminated|invalid|syntax/.test(message) ? SqlState.SyntaxError : SqlState.SyntaxError;
    throw new PgError(code, message, { position });
  }
  const stmts = result.stmts ?? [];
  return stmts.map((raw) => {
    const start = raw.stmt_location ?? 0;
    const len = raw.stmt_len ?? 0;
    const byteText = len > 0 ? sliceBytes(sql, start, start + len) : sliceBytes(sql, start);
    return { stmt: raw.stmt as Node, text: byteText.trim(), offset: charOffset(sql, start) };
  });
}

function isAscii(s: string): boolean {
  return !/[^\x00-\x7f]/.test(s);
}

/** Converts a UTF-8 byte offset into a UTF-16 index in s. */
export function charOffset(s: string, byteOffset: number): number {
  if (isAscii(s)) return byteOffset;
  return Buffer.from(s, 'utf8').subarray(0, byteOffset).toString('utf8').length;
}

function sliceBytes(s: string, start: number, end?: number): string {
  if (isAscii(s)) return s.slice(start, end);
  return Buffer.from(s, 'utf8').subarray(start, end).toString('utf8');
}
