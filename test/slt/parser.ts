/**
 * Parser for vecsql's sqllogictest (.slt) files. Full description with
 * examples: test/slt/README.md. In short:
 *
 *   # comment                       only between records
 *   skipif <label> | onlyif <label> record prefixes; labels are the engine
 *                                   (postgres, vecsql) and the protocol mode
 *                                   (simple, extended)
 *   statement ok [TAG]              success; with TAG, the full command tag
 *                                   must equal it (`statement ok CREATE TABLE`)
 *   statement count N               success, and the tag's row count is N
 *   statement error [SQLSTATE [message text]]
 *                                   failure with that SQLSTATE; the message must
 *                                   contain the text when one is given
 *   query <letters> [nosort|rowsort|valuesort] [colnames]
 *                                   rows follow `----`, one per line, values
 *                                   separated by one space; letters: B bool,
 *                                   I integer, R float/numeric, T other
 *   query error [SQLSTATE [message text]]
 *   halt                            stop running the file here
 *
 * Records are separated by blank lines; the SQL of a record runs from the
 * line after its header to the `----` line or the next blank line. Values
 * appear exactly as the server's text format sends them; NULL is `NULL`, the
 * empty string `(empty)`, and a newline inside a value `\n`. With `colnames`
 * the first result line is `name:typename` for every column.
 *
 * The parse keeps every line that is not part of a record (comments, blank
 * lines) as text, so `--complete` can rewrite a file without disturbing it.
 */
import { readFileSync } from 'node:fs';

export type SortMode = 'nosort' | 'rowsort' | 'valuesort';

export interface Condition {
  kind: 'skipif' | 'onlyif';
  label: string;
}

export interface ErrorExpectation {
  /** Absent: any error passes. */
  sqlstate?: string;
  /** A substring the error message must contain. */
  message?: string;
}

export type StatementExpectation =
  | { kind: 'ok'; tag?: string }
  | { kind: 'count'; count: number }
  | { kind: 'error'; error: ErrorExpectation };

interface RecordBase {
  /** 1-based line of the header (`statement ...`, `query ...`, `halt`). */
  line: number;
  /** Comment and condition lines directly above the header, verbatim. */
  prefix: string[];
  conditions: Condition[];
}

export interface StatementRecord extends RecordBase {
  type: 'statement';
  expect: StatementExpectation;
  sql: string[];
}

export interface QueryRecord extends RecordBase {
  type: 'query';
  letters: string;
  sort: SortMode;
  colnames: boolean;
  /** Set for `query error ...`; then `expected` is empty. */
  error?: ErrorExpectation;
  expected: string[];
  sql: string[];
}

export interface HaltRecord extends RecordBase {
  type: 'halt';
}

export type SltRecord = StatementRecord | QueryRecord | HaltRecord;
export type Item = { type: 'text'; lines: string[] } | SltRecord;

export interface SltFile {
  path: string;
  items: Item[];
}

export class SltParseError extends Error {}

export function readSltFile(path: string): SltFile {
  return parseSlt(path, readFileSync(path, 'utf8'));
}

export function records(file: SltFile): SltRecord[] {
  return file.items.filter((item): item is SltRecord => item.type !== 'text');
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const CONDITION = /^(skipif|onlyif)\s+(\S+)\s*$/;
const HEADER = /^(statement|query|halt)\b/;

export function parseSlt(path: string, text: string): SltFile {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  // A final newline yields one empty string that is not a blank line of the file.
  if (lines.at(-1) === '') lines.pop();
  const items: Item[] = [];
  const blank = (i: number): boolean => i >= lines.length || lines[i]!.trim() === '';
  const fail = (i: number, msg: string): never => {
    throw new SltParseError(`${path}:${i + 1}: ${msg}`);
  };

  let i = 0;
  while (i < lines.length) {
    if (blank(i)) {
      items.push({ type: 'text', lines: [lines[i++]!] });
      continue;
    }
    const prefix: string[] = [];
    const conditions: Condition[] = [];
    while (!blank(i) && (lines[i]!.startsWith('#') || CONDITION.test(lines[i]!))) {
      const m = CONDITION.exec(lines[i]!);
      if (m) conditions.push({ kind: m[1] as Condition['kind'], label: m[2]! });
      prefix.push(lines[i++]!);
    }
    if (blank(i)) {
      if (conditions.length > 0) fail(i - 1, 'skipif/onlyif without a record');
      items.push({ type: 'text', lines: prefix });
      continue;
    }
    const headerIndex = i++;
    const header = lines[headerIndex]!.trim();
    const base = { line: headerIndex + 1, prefix, conditions };
    if (header === 'halt') {
      items.push({ type: 'halt', ...base });
      continue;
    }
    if (!HEADER.test(header)) fail(headerIndex, `expected statement, query or halt, got: ${header}`);

    const sql: string[] = [];
    while (!blank(i) && lines[i] !== '----') {
      if (/^(statement (ok|count|error)|query (error|[BIRT]+)\b)/.test(lines[i]!)) {
        fail(i, 'record header inside SQL: records must be separated by a blank line');
      }
      sql.push(lines[i++]!);
    }
    if (sql.length === 0) fail(headerIndex, 'record has no SQL');
    const expected: string[] = [];
    const hasResults = lines[i] === '----';
    if (hasResults) {
      i++;
      while (!blank(i)) expected.push(lines[i++]!);
    }

    const words = header.split(/\s+/);
    if (words[0] === 'statement') {
      if (hasResults) fail(headerIndex, 'statement records have no ---- results');
      items.push({ type: 'statement', ...base, expect: parseStatement(words.slice(1), header, (m) => fail(headerIndex, m)), sql });
    } else {
      const q = parseQuery(words.slice(1), header, (m) => fail(headerIndex, m));
      if (q.error && hasResults) fail(headerIndex, 'query error records have no ---- results');
      items.push({ type: 'query', ...base, ...q, expected, sql });
    }
  }
  return { path, items };
}

function parseStatement(words: string[], header: string, fail: (msg: string) => never): StatementExpectation {
  switch (words[0]) {
    case 'ok': {
      const tag = header.replace(/^statement\s+ok\s*/, '');
      return tag ? { kind: 'ok', tag } : { kind: 'ok' };
    }
    case 'count':
      if (words.length !== 2 || !/^\d+$/.test(words[1]!)) fail('expected: statement count <N>');
      return { kind: 'count', count: Number(words[1]) };
    case 'error':
      return { kind: 'error', error: parseError(header.replace(/^statement\s+error\s*/, '')) };
    default:
      return fail(`expected statement ok|count|error, got: ${header}`);
  }
}

type QueryHeader = Pick<QueryRecord, 'letters' | 'sort' | 'colnames' | 'error'>;

function parseQuery(words: string[], header: string, fail: (msg: string) => never): QueryHeader {
  if (words[0] === 'error') {
    return { letters: '', sort: 'nosort', colnames: false, error: parseError(header.replace(/^query\s+error\s*/, '')) };
  }
  const q: QueryHeader = { letters: '', sort: 'nosort', colnames: false };
  for (const [n, word] of words.entries()) {
    if (n === 0 && /^[A-Z]+$/.test(word)) {
      if (!/^[BIRT]+$/.test(word)) fail(`type letters are B, I, R, T; got ${word}`);
      q.letters = word;
    } else if (word === 'nosort' || word === 'rowsort' || word === 'valuesort') {
      q.sort = word;
    } else if (word === 'colnames') {
      q.colnames = true;
    } else {
      fail(`unexpected "${word}" in query header`);
    }
  }
  return q;
}

function parseError(rest: string): ErrorExpectation {
  const [first, ...more] = rest.split(' ');
  if (first === undefined || first === '') return {};
  if (!SQLSTATE.test(first)) return { message: rest };
  const message = more.join(' ').trim();
  return message ? { sqlstate: first, message } : { sqlstate: first };
}
