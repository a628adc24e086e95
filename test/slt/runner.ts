/**
 * Runs .slt files over the wire against any PostgreSQL-protocol server.
 *
 * Each file runs on its own connection to a target the caller makes fresh
 * (`freshTarget`): a new database on PostgreSQL, a new server with an empty
 * data directory for vecsql. A failing record is reported and the file goes
 * on; only a lost connection ends a file early.
 */
import type { ClientConfig } from 'pg';
import { SltConnection } from './client.js';
import type { Mode, Outcome } from './client.js';
import { readSltFile, records } from './parser.js';
import type { SltFile, SltRecord } from './parser.js';
import { checkRecord } from './render.js';
import type { Mismatch } from './render.js';

export interface Target {
  config: ClientConfig;
  release(): Promise<void>;
}

export type FreshTarget = () => Promise<Target>;

export interface RunOptions {
  /** The engine label for skipif/onlyif: `postgres` or `vecsql`. */
  engine: string;
  mode: Mode;
  freshTarget: FreshTarget;
  queryTimeoutMs?: number;
}

export interface Failure extends Mismatch {
  file: string;
  line: number;
  sql: string;
}

export interface FileResult {
  file: string;
  engine: string;
  mode: Mode;
  passed: number;
  skipped: number;
  failures: Failure[];
  /** Header lines of records sent with the simple protocol in extended mode (several statements). */
  simpleFallbacks: number[];
  /** What each executed record got back, for `--complete`. */
  outcomes: Map<SltRecord, Outcome>;
  /** Set when the file stopped early (connection lost, timeout). */
  aborted?: string;
}

export async function runFile(fileOrPath: SltFile | string, opts: RunOptions): Promise<FileResult> {
  const file = typeof fileOrPath === 'string' ? readSltFile(fileOrPath) : fileOrPath;
  const result: FileResult = {
    file: file.path, engine: opts.engine, mode: opts.mode,
    passed: 0, skipped: 0, failures: [], simpleFallbacks: [], outcomes: new Map(),
  };
  const labels = new Set([opts.engine, opts.mode]);
  const target = await opts.freshTarget();
  let conn: SltConnection | undefined;
  try {
    conn = await SltConnection.open(target.config, opts.queryTimeoutMs);
    for (const record of records(file)) {
      if (!applies(record, labels)) {
        result.skipped++;
        continue;
      }
      if (record.type === 'halt') break;
      const sql = record.sql.join('\n');
      let outcome: Outcome;
      try {
        outcome = await conn.exec(sql, opts.mode);
      } catch (err) {
        result.aborted = `${file.path}:${record.line}: ${(err as Error).message}`;
        result.failures.push({ file: file.path, line: record.line, sql, reason: 'connection failed', expected: [], actual: [String(err)] });
        break;
      }
      result.outcomes.set(record, outcome);
      if (outcome.simpleFallback) result.simpleFallbacks.push(record.line);
      const mismatch = checkRecord(record, outcome);
      if (mismatch) result.failures.push({ file: file.path, line: record.line, sql, ...mismatch });
      else result.passed++;
    }
  } catch (err) {
    result.aborted = `${file.path}: cannot connect: ${(err as Error).message}`;
    result.failures.push({ file: file.path, line: 0, sql: '', reason: 'cannot connect', expected: [], actual: [String(err)] });
  } finally {
    await conn?.close();
    await target.release();
  }
  return result;
}

function applies(record: SltRecord, labels: Set<string>): boolean {
  return record.conditions.every((c) => (c.kind === 'skipif') !== labels.has(c.label));
}

/** A readable report of one file's failures (empty string when it passed). */
export function formatFailures(result: FileResult): string {
  const out: string[] = [];
  for (const f of result.failures) {
    out.push(`${f.file}:${f.line} [${result.engine}/${result.mode}] ${f.reason}`);
    if (f.sql) out.push(...indent(f.sql.split('\n'), '    '));
    if (f.expected.length > 0 || f.actual.length > 0) {
      out.push('  expected:', ...indent(f.expected, '    '), '  actual:', ...indent(f.actual, '    '));
    }
    out.push('');
  }
  return out.join('\n');
}

export function formatSummary(results: FileResult[]): string {
  const sum = (f: (r: FileResult) => number): number => results.reduce((n, r) => n + f(r), 0);
  const fallbacks = results.flatMap((r) => r.simpleFallbacks.map((line) => `${r.file}:${line}`));
  const lines = [
    `${results.length} file runs: ${sum((r) => r.passed)} records passed, ${sum((r) => r.failures.length)} failed, ${sum((r) => r.skipped)} skipped`,
  ];
  if (fallbacks.length > 0) lines.push(`sent with the simple protocol in extended mode (several statements): ${fallbacks.join(', ')}`);
  return lines.join('\n');
}

function indent(lines: string[], pad: string): string[] {
  return lines.map((l) => pad + l);
}
