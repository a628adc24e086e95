/** The .slt harness itself: parsing, round-tripping, statement counting, comparison. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { Outcome } from './client.js';
import { completeFile } from './complete.js';
import { sltFiles } from './discover.js';
import { parseSlt, records } from './parser.js';
import type { QueryRecord, SltRecord } from './parser.js';
import { checkRecord } from './render.js';
import { serializeSlt } from './serialize.js';
import { countStatements } from './split.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const ok = (columns: [string, number][], rows: (string | null)[][], tag = `SELECT ${rows.length}`): Outcome => ({
  ok: true, tag, columns: columns.map(([name, oid]) => ({ name, oid })), rows, simpleFallback: false,
});
const fail = (sqlstate: string, message: string): Outcome => ({ ok: false, sqlstate, message, simpleFallback: false });

describe('parseSlt', () => {
  test('every corpus file serializes back to itself', () => {
    for (const file of sltFiles([join(root, 'sql')])) {
      const text = readFileSync(file, 'utf8');
      expect(serializeSlt(parseSlt(file, text))).toBe(text);
    }
  });

  test('headers, conditions and results', () => {
    const file = parseSlt('x.slt', [
      '# c', 'skipif extended', 'statement error 22012 division by zero', 'SELECT 1/0', '',
      'query IT rowsort colnames', 'SELECT 1,', "  'a'", '----', 'a:int4 b:text', '1 a', '',
      'statement ok CREATE TABLE', 'CREATE TABLE t (a int)', '', 'statement count 3', 'INSERT ...', '', 'halt', '',
    ].join('\n'));
    const [err, query, tag, count, halt] = records(file);
    expect(err).toMatchObject({ type: 'statement', line: 3, conditions: [{ kind: 'skipif', label: 'extended' }], expect: { kind: 'error', error: { sqlstate: '22012', message: 'division by zero' } } });
    expect(query).toMatchObject({ type: 'query', letters: 'IT', sort: 'rowsort', colnames: true, sql: ['SELECT 1,', "  'a'"], expected: ['a:int4 b:text', '1 a'] });
    expect(tag).toMatchObject({ expect: { kind: 'ok', tag: 'CREATE TABLE' } });
    expect(count).toMatchObject({ expect: { kind: 'count', count: 3 } });
    expect(halt).toMatchObject({ type: 'halt' });
  });

  test('rejects a record header inside SQL and unknown letters', () => {
    expect(() => parseSlt('x.slt', 'statement ok\nSELECT 1\nstatement ok\nSELECT 2\n')).toThrow(/x.slt:3: record header inside SQL/);
    expect(() => parseSlt('x.slt', 'query X\nSELECT 1\n----\n1\n')).toThrow(/x.slt:1: type letters/);
  });
});

describe('countStatements', () => {
  test.each([
    ['SELECT 1', 1],
    ['SELECT 1;', 1],
    ['SELECT 1; SELECT 2', 2],
    ["SELECT ';'", 1],
    ['SELECT ";" FROM t', 1],
    ["SELECT E'\\';'", 1],
    ['SELECT $$;$$', 1],
    ['SELECT $a$ ; $a$', 1],
    ['SELECT 1 -- ; comment', 1],
    ['SELECT /* ; /* nested ; */ ; */ 1', 1],
    ['; ;', 0],
    ['BEGIN; COMMIT;', 2],
  ])('%s → %i', (sql, n) => expect(countStatements(sql)).toBe(n));
});

describe('checkRecord', () => {
  const query = (text: string): QueryRecord => records(parseSlt('x.slt', text))[0] as QueryRecord;

  test('rowsort compares sorted rows; values print raw, NULL and (empty)', () => {
    const r = query('query IT rowsort\nSELECT\n----\n2 NULL\n1 (empty)\n');
    expect(checkRecord(r, ok([['a', 23], ['b', 25]], [['1', ''], ['2', null]]))).toBeNull();
    expect(checkRecord(r, ok([['a', 23], ['b', 25]], [['1', 'x'], ['2', null]]))?.reason).toBe('wrong result');
  });

  test('type letters must match the column types', () => {
    const r = query('query T\nSELECT 1\n----\n1\n');
    expect(checkRecord(r, ok([['a', 23]], [['1']]))?.reason).toMatch(/type letters: expected T, got I \(int4\)/);
  });

  test('errors match on SQLSTATE and message substring', () => {
    const s = records(parseSlt('x.slt', 'statement error 22012 by zero\nSELECT 1/0\n'))[0] as SltRecord;
    expect(checkRecord(s, fail('22012', 'division by zero'))).toBeNull();
    expect(checkRecord(s, fail('22003', 'integer out of range'))?.reason).toBe('wrong error');
    expect(checkRecord(s, ok([], [], 'SELECT 1'))?.reason).toBe('expected an error');
  });

  test('statement tags and counts', () => {
    const [tag, count] = records(parseSlt('x.slt', 'statement ok CREATE TABLE\nCREATE TABLE t ()\n\nstatement count 2\nINSERT\n'));
    expect(checkRecord(tag!, ok([], [], 'CREATE TABLE'))).toBeNull();
    expect(checkRecord(tag!, ok([], [], 'CREATE'))?.reason).toBe('wrong command tag');
    expect(checkRecord(count!, ok([], [], 'INSERT 0 2'))).toBeNull();
    expect(checkRecord(count!, ok([], [], 'INSERT 0 3'))?.reason).toBe('wrong row count');
  });
});

describe('completeFile', () => {
  test('fills results, SQLSTATEs and letters, keeping comments and sort modes', () => {
    const file = parseSlt('x.slt', '# keep\nquery T rowsort\nSELECT\n----\n\nstatement ok\nSELECT 1/0\n\nstatement error 22000\nSELECT 1/0\n');
    const [q, s1, s2] = records(file);
    const outcomes = new Map<SltRecord, Outcome>([
      [q!, ok([['a', 23]], [['2'], ['1']])],
      [s1!, fail('22012', 'division by zero')],
      [s2!, fail('22012', 'division by zero')],
    ]);
    expect(serializeSlt(completeFile(file, outcomes))).toBe(
      '# keep\nquery I rowsort\nSELECT\n----\n1\n2\n\nstatement error 22012 division by zero\nSELECT 1/0\n\nstatement error 22012\nSELECT 1/0\n',
    );
  });
});
