/** Query results as .slt lines, and the comparison of a record with an outcome. */
import type { Column, Outcome } from './client.js';
import type { ErrorExpectation, QueryRecord, SltRecord, SortMode } from './parser.js';
import { typeLetter, typeName } from './type-names.js';

export function formatValue(value: string | null): string {
  if (value === null) return 'NULL';
  if (value === '') return '(empty)';
  return value.replace(/\n/g, '\\n');
}

export function letters(columns: Column[]): string {
  return columns.map((c) => typeLetter(c.oid)).join('');
}

export function colnamesLine(columns: Column[]): string {
  return columns.map((c) => `${c.name}:${typeName(c.oid)}`).join(' ');
}

/** Result lines in the order the record's sort mode prescribes. */
export function resultLines(record: QueryRecord, columns: Column[], rows: (string | null)[][]): string[] {
  const body = record.sort === 'valuesort'
    ? rows.flat().map(formatValue)
    : rows.map((row) => row.map(formatValue).join(' '));
  return [...(record.colnames ? [colnamesLine(columns)] : []), ...sortLines(body, record.sort)];
}

/** The expected lines of a query, put in the same canonical order. */
export function expectedLines(record: QueryRecord): string[] {
  const body = record.colnames ? record.expected.slice(1) : record.expected;
  const head = record.colnames ? record.expected.slice(0, 1) : [];
  return [...head, ...sortLines(body, record.sort)];
}

function sortLines(lines: string[], sort: SortMode): string[] {
  // Plain code-unit order: the same on every machine and in every locale.
  return sort === 'nosort' ? lines : [...lines].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function describeOutcome(outcome: Outcome): string {
  if (!outcome.ok) return `error ${outcome.sqlstate} ${outcome.message}`;
  return outcome.tag === null ? 'ok (empty query)' : `ok ${outcome.tag}`;
}

export interface Mismatch {
  reason: string;
  expected: string[];
  actual: string[];
}

/** Null when the outcome meets the record's expectation. */
export function checkRecord(record: SltRecord, outcome: Outcome): Mismatch | null {
  if (record.type === 'halt') return null;
  const expectedError = record.type === 'statement'
    ? (record.expect.kind === 'error' ? record.expect.error : undefined)
    : record.error;
  if (expectedError) {
    const want = [`error ${[expectedError.sqlstate ?? '<any SQLSTATE>', expectedError.message].filter(Boolean).join(' ')}`];
    if (!outcome.ok) {
      return errorMatches(expectedError, outcome.sqlstate, outcome.message)
        ? null
        : { reason: 'wrong error', expected: want, actual: [describeOutcome(outcome)] };
    }
    return { reason: 'expected an error', expected: want, actual: [describeOutcome(outcome)] };
  }
  if (!outcome.ok) {
    return { reason: 'unexpected error', expected: [record.type === 'query' ? 'rows' : 'ok'], actual: [describeOutcome(outcome)] };
  }
  if (record.type === 'statement') {
    const e = record.expect;
    if (e.kind === 'ok' && e.tag !== undefined && e.tag !== outcome.tag) {
      return { reason: 'wrong command tag', expected: [`ok ${e.tag}`], actual: [describeOutcome(outcome)] };
    }
    if (e.kind === 'count' && rowCount(outcome.tag) !== e.count) {
      return { reason: 'wrong row count', expected: [`count ${e.count}`], actual: [describeOutcome(outcome)] };
    }
    return null;
  }
  const got = letters(outcome.columns);
  if (got !== record.letters) {
    const types = outcome.columns.map((c) => typeName(c.oid)).join(', ');
    return { reason: `type letters: expected ${record.letters || '(none)'}, got ${got || '(none)'} (${types})`, expected: [], actual: [] };
  }
  const expected = expectedLines(record);
  const actual = resultLines(record, outcome.columns, outcome.rows);
  if (expected.length === actual.length && expected.every((line, n) => line === actual[n])) return null;
  return { reason: 'wrong result', expected, actual };
}

export function errorMatches(e: ErrorExpectation, sqlstate: string, message: string): boolean {
  return (e.sqlstate === undefined || e.sqlstate === sqlstate) && (e.message === undefined || message.includes(e.message));
}

/** The row count at the end of a command tag (`INSERT 0 3` → 3), if any. */
export function rowCount(tag: string | null): number | null {
  const m = tag === null ? null : /\s(\d+)$/.exec(tag);
  return m ? Number(m[1]) : null;
}
