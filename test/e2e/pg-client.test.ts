/**
 * node-postgres (`pg`) end to end, against vecsql and PostgreSQL 15 alike:
 * simple and extended protocol, named statements, raw text output, command
 * tags, errors, transactions, binary results, queued and pipelined queries,
 * and a pool. The protocol-level part (Execute with a row limit) uses a raw
 * connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import {
  TARGET_NAMES, RawConnection, connectPg, rejection, startTarget, summarize,
  type Target,
} from '../support/e2e.js';

/** pg sets these from BackendKeyData; @types/pg does not declare them. */
interface Keyed { processID: number; secretKey: number }

/** Leaves every value as the text the server sent. */
const rawText = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

// The targets run side by side (concurrent suites); within one target the
// tests share a session and run in order.
describe.concurrent.each(TARGET_NAMES)('pg client against %s', (targetName) => {
  let target: Target;
  let client: pg.Client;

  beforeAll(async () => {
    target = await startTarget(targetName);
    client = await connectPg(target.connection);
  });

  afterAll(async () => {
    await client?.end();
    await target?.stop();
  });

  describe.sequential('simple protocol', () => {
    it('returns typed values and field metadata', async () => {
      const r = await client.query(
        "SELECT 1 AS i, 'x' AS t, true AS b, '1.5'::float8 AS f, NULL::int AS n, ARRAY[1,2] AS a, 9007199254740993::int8 AS big",
      );
      expect(r.command).toBe('SELECT');
      expect(r.rowCount).toBe(1);
      expect(r.rows).toEqual([{ i: 1, t: 'x', b: true, f: 1.5, n: null, a: [1, 2], big: '9007199254740993' }]);
      expect(r.fields.map((f) => [f.name, f.dataTypeID, f.format])).toEqual([
        ['i', 23, 'text'], ['t', 25, 'text'], ['b', 16, 'text'], ['f', 701, 'text'],
        ['n', 23, 'text'], ['a', 1007, 'text'], ['big', 20, 'text'],
      ]);
    });

    it('names unnamed columns like PostgreSQL', async () => {
      const r = await client.query("SELECT 1, 1 + 1, 'a'::text, true AND false, current_user, version() IS NOT NULL");
      expect(r.fields.map((f) => f.name)).toEqual(['?column?', '?column?', 'text', '?column?', 'current_user', '?column?']);
    });

    it('honours WHERE, LIMIT and OFFSET', async () => {
      expect((await client.query('SELECT 1 AS x WHERE 1 = 2')).rowCount).toBe(0);
      expect((await client.query('SELECT 1 AS x WHERE 1 = 1')).rowCount).toBe(1);
      expect((await client.query('SELECT 1 AS x LIMIT 0')).rows).toEqual([]);
      expect((await client.query('SELECT 1 AS x OFFSET 1')).rows).toEqual([]);
      expect((await client.query('SELECT 1 AS x LIMIT 5 OFFSET 0')).rows).toEqual([{ x: 1 }]);
    });

    it('runs a multi-statement string and returns one result per statement', async () => {
      const results = (await client.query("SELECT 1 AS a; SELECT 'two' AS b; SET application_name = 'multi'")) as unknown as pg.QueryResult[];
      expect(Array.isArray(results)).toBe(true);
      expect(results.map((r) => r.command)).toEqual(['SELECT', 'SELECT', 'SET']);
      expect(results[0].rows).toEqual([{ a: 1 }]);
      expect(results[1].rows).toEqual([{ b: 'two' }]);
      expect((await client.query('SHOW application_name')).rows).toEqual([{ application_name: 'multi' }]);
      await client.query('RESET application_name');
    });

    it('rolls back the whole multi-statement string when a later statement fails (implicit transaction)', async () => {
      const err = await rejection(client.query("SET application_name = 'lost'; SELECT 1 / 0"));
      expect(err.code).toBe('22012');
      expect(client.getTransactionStatus()).toBe('I');
      expect((await client.query('SHOW application_name')).rows).not.toEqual([{ application_name: 'lost' }]);
    });

    it('lets SET LOCAL last until the end of a multi-statement string', async () => {
      const results = (await client.query("SET LOCAL application_name = 'implicit'; SHOW application_name")) as unknown as pg.QueryResult[];
      expect(results[1].rows).toEqual([{ application_name: 'implicit' }]);
      expect((await client.query('SHOW application_name')).rows).not.toEqual([{ application_name: 'implicit' }]);
    });

    it('answers an empty query string with an empty result', async () => {
      const r = await client.query('');
      expect(r.rows).toEqual([]);
      expect(r.command).toBeNull();
    });
  });

  describe.sequential('raw text output (type parsers disabled)', () => {
    it.each([
      ['SELECT 42', '42'],
      ["SELECT '-2147483648'::int4", '-2147483648'],
      ['SELECT 9223372036854775807::int8', '9223372036854775807'],
      ['SELECT true', 't'],
      ['SELECT false', 'f'],
      ["SELECT '1.5'::float8", '1.5'],
      ["SELECT '0.1'::float8 + '0.2'::float8", '0.30000000000000004'],
      ["SELECT '1e20'::float8", '1e+20'],
      ["SELECT '-0'::float8", '-0'],
      ["SELECT 'Infinity'::float8", 'Infinity'],
      ["SELECT 'NaN'::float8", 'NaN'],
      ['SELECT ARRAY[1,2,3]', '{1,2,3}'],
      ["SELECT ARRAY['a', 'b c', NULL, '\"q\"']", '{a,"b c",NULL,"\\"q\\""}'],
      ['SELECT ARRAY[true, false]', '{t,f}'],
      ["SELECT 'héllo ✓'::text", 'héllo ✓'],
      ['SELECT NULL::text', null],
    ])('%s → %j', async (sql, expected) => {
      const r = await client.query({ text: sql, rowMode: 'array', types: rawText });
      expect(r.rows).toEqual([[expected]]);
    });

    it('gives the same text through the extended protocol', async () => {
      const r = await client.query({
        text: "SELECT $1::int AS i, $2::float8 AS f, $3::bool AS b, ARRAY[$1::int, 2] AS a",
        values: [7, 0.25, false],
        types: rawText,
      });
      expect(r.rows).toEqual([{ i: '7', f: '0.25', b: 'f', a: '{7,2}' }]);
    });
  });

  describe.sequential('extended protocol with parameters', () => {
    it('binds int, text, bool, float and null parameters', async () => {
      const r = await client.query(
        'SELECT $1::int + 1 AS i, $2::text AS t, $3::bool AS b, $4::float8 * 2 AS f, $5::int AS n',
        [41, 'hello', true, 1.25, null],
      );
      expect(r.rows).toEqual([{ i: 42, t: 'hello', b: true, f: 2.5, n: null }]);
      expect(r.fields.map((f) => f.dataTypeID)).toEqual([23, 25, 16, 701, 23]);
    });

    it('infers parameter types from context (pg sends no type OIDs)', async () => {
      const r = await client.query('SELECT 1 + $1 AS a, $2 || \'!\' AS b, NOT $3 AS c, $4 AS d', ['2', 'hi', 'false', 'as is']);
      expect(r.rows).toEqual([{ a: 3, b: 'hi!', c: true, d: 'as is' }]);
      expect(r.fields.map((f) => f.dataTypeID)).toEqual([23, 25, 16, 25]);
    });

    it('passes special text through parameters unchanged', async () => {
      const tricky = "it's a \"test\" \\ with $1 and ; -- not a comment";
      const r = await client.query('SELECT $1::text AS t, length($1::text) AS n', [tricky]);
      expect(r.rows).toEqual([{ t: tricky, n: tricky.length }]);
    });

    it('passes arrays as parameters', async () => {
      const r = await client.query('SELECT $1::int[] AS a', [[1, 2, 3]]);
      expect(r.rows).toEqual([{ a: [1, 2, 3] }]);
    });

    it('rejects a bad parameter value with 22P02', async () => {
      const err = await rejection(client.query('SELECT $1::int AS i', ['abc']));
      expect(err.code).toBe('22P02');
      expect(err.message).toBe('invalid input syntax for type integer: "abc"');
      expect((await client.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    });

    it('rejects the wrong number of parameters with 08P01', async () => {
      const err = await rejection(client.query('SELECT $1::int AS a, $2::int AS b', [1]));
      expect(err.code).toBe('08P01');
      expect(err.message).toBe('bind message supplies 1 parameters, but prepared statement "" requires 2');
      expect((await client.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    });

    it('runs a parameterless query through the extended protocol', async () => {
      const r = await client.query({ text: "SELECT 'ext' AS e", queryMode: 'extended' } as pg.QueryConfig);
      expect(r.rows).toEqual([{ e: 'ext' }]);
    });

    it('reuses a named prepared statement', async () => {
      const first = await client.query({ name: 'add_two', text: 'SELECT $1::int + $2::int AS s', values: [1, 2] });
      expect(first.rows).toEqual([{ s: 3 }]);
      const second = await client.query({ name: 'add_two', text: 'SELECT $1::int + $2::int AS s', values: [40, 2] });
      expect(second.rows).toEqual([{ s: 42 }]);
      const third = await client.query({ name: 'add_two', text: 'SELECT $1::int + $2::int AS s', values: [-1, null] });
      expect(third.rows).toEqual([{ s: null }]);
    });

    it('keeps named statements apart', async () => {
      await client.query({ name: 'st_a', text: "SELECT 'a' || $1 AS v", values: ['1'] });
      await client.query({ name: 'st_b', text: "SELECT 'b' || $1 AS v", values: ['1'] });
      expect((await client.query({ name: 'st_a', text: "SELECT 'a' || $1 AS v", values: ['2'] })).rows).toEqual([{ v: 'a2' }]);
      expect((await client.query({ name: 'st_b', text: "SELECT 'b' || $1 AS v", values: ['3'] })).rows).toEqual([{ v: 'b3' }]);
    });

    it('uses SQL-level PREPARE / EXECUTE / DEALLOCATE', async () => {
      expect((await client.query('PREPARE sq(int) AS SELECT $1 * 2 AS d')).command).toBe('PREPARE');
      const r = await client.query('EXECUTE sq(21)');
      expect(r.rows).toEqual([{ d: 42 }]);
      expect(r.command).toBe('SELECT');
      expect((await client.query('DEALLOCATE sq')).command).toBe('DEALLOCATE');
      const err = await rejection(client.query('EXECUTE sq(1)'));
      expect(err.code).toBe('26000');
      expect(err.message).toBe('prepared statement "sq" does not exist');
    });
  });

  describe.sequential('command tags and rowCount', () => {
    it.each([
      ['SELECT 1', 'SELECT', 1],
      ['SELECT 1 WHERE false', 'SELECT', 0],
      ["SET application_name = 'tags'", 'SET', null],
      ['SHOW application_name', 'SHOW', null],
      ['RESET application_name', 'RESET', null],
      ['BEGIN', 'BEGIN', null],
      ['SAVEPOINT sp', 'SAVEPOINT', null],
      ['RELEASE SAVEPOINT sp', 'RELEASE', null],
      ['COMMIT', 'COMMIT', null],
      ['START TRANSACTION', 'START', null],
      ['ROLLBACK', 'ROLLBACK', null],
    ])('%s → %s %s', async (sql, command, rowCount) => {
      const r = await client.query(sql);
      expect(r.command).toBe(command);
      expect(r.rowCount).toBe(rowCount);
    });
  });

  describe.sequential('errors', () => {
    it('reports a syntax error with SQLSTATE 42601 and its position', async () => {
      const err = await rejection(client.query('SELECT 1 AS a b'));
      expect(err).toBeInstanceOf(pg.DatabaseError);
      expect(err.code).toBe('42601');
      expect(err.severity).toBe('ERROR');
      expect(err.message).toBe('syntax error at or near "b"');
      expect(err.position).toBe('15');
    });

    it('reports a syntax error at the end of the input', async () => {
      const err = await rejection(client.query('SELECT 1 +'));
      expect(err.code).toBe('42601');
      expect(err.message).toBe('syntax error at end of input');
      expect(err.position).toBe('11');
    });

    it('reports a syntax error in the extended protocol', async () => {
      const err = await rejection(client.query('SELEC $1::int', [1]));
      expect(err.code).toBe('42601');
      expect(err.message).toBe('syntax error at or near "SELEC"');
      expect(err.position).toBe('1');
    });

    it('reports invalid input with its position', async () => {
      const err = await rejection(client.query("SELECT 'abc'::int"));
      expect(err.code).toBe('22P02');
      expect(err.message).toBe('invalid input syntax for type integer: "abc"');
      expect(err.position).toBe('8');
    });

    it('reports an unknown operator with its position and hint', async () => {
      const err = await rejection(client.query('SELECT 1 + true'));
      expect(err.code).toBe('42883');
      expect(err.message).toBe('operator does not exist: integer + boolean');
      expect(err.position).toBe('10');
      expect(err.hint).toBe('No operator matches the given name and argument types. You might need to add explicit type casts.');
    });

    it('reports an unknown function', async () => {
      const err = await rejection(client.query('SELECT no_such_function(1)'));
      expect(err.code).toBe('42883');
      expect(err.message).toBe('function no_such_function(integer) does not exist');
      expect(err.position).toBe('8');
    });

    it('reports division by zero and integer overflow at run time', async () => {
      const div = await rejection(client.query('SELECT 1 / 0'));
      expect([div.code, div.message]).toEqual(['22012', 'division by zero']);
      const ovf = await rejection(client.query('SELECT 2147483647 + $1::int', [1]));
      expect([ovf.code, ovf.message]).toEqual(['22003', 'integer out of range']);
    });

    it('reports an unknown setting', async () => {
      const err = await rejection(client.query('SHOW no_such_setting'));
      expect(err.code).toBe('42704');
      expect(err.message).toBe('unrecognized configuration parameter "no_such_setting"');
    });

    it('stays usable after errors', async () => {
      expect((await client.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
      expect(client.getTransactionStatus()).toBe('I');
    });
  });

  describe.sequential('transactions', () => {
    it('tracks the ReadyForQuery status through BEGIN … ROLLBACK', async () => {
      expect(client.getTransactionStatus()).toBe('I');
      await client.query('BEGIN');
      expect(client.getTransactionStatus()).toBe('T');
      await client.query("SET LOCAL application_name = 'in_tx'");
      expect((await client.query('SHOW application_name')).rows).toEqual([{ application_name: 'in_tx' }]);
      const err = await rejection(client.query('SELECT 1 / 0'));
      expect(err.code).toBe('22012');
      expect(client.getTransactionStatus()).toBe('E');
      const aborted = await rejection(client.query('SELECT 1'));
      expect(aborted.code).toBe('25P02');
      expect(aborted.message).toBe('current transaction is aborted, commands ignored until end of transaction block');
      const aborted2 = await rejection(client.query('SELECT $1::int', [1]));
      expect(aborted2.code).toBe('25P02');
      expect(client.getTransactionStatus()).toBe('E');
      const rb = await client.query('ROLLBACK');
      expect(rb.command).toBe('ROLLBACK');
      expect(client.getTransactionStatus()).toBe('I');
      expect((await client.query('SHOW application_name')).rows).not.toEqual([{ application_name: 'in_tx' }]);
    });

    it('COMMIT of a failed transaction reports ROLLBACK', async () => {
      await client.query('BEGIN');
      await rejection(client.query('SELECT 1 / 0'));
      const r = await client.query('COMMIT');
      expect(r.command).toBe('ROLLBACK');
      expect(client.getTransactionStatus()).toBe('I');
    });

    it('recovers from an error with ROLLBACK TO SAVEPOINT', async () => {
      await client.query('BEGIN');
      await client.query("SET LOCAL application_name = 'before_sp'");
      await client.query('SAVEPOINT s1');
      await client.query("SET LOCAL application_name = 'after_sp'");
      await rejection(client.query("SELECT 'x'::int"));
      expect(client.getTransactionStatus()).toBe('E');
      expect((await client.query('ROLLBACK TO SAVEPOINT s1')).command).toBe('ROLLBACK');
      expect(client.getTransactionStatus()).toBe('T');
      expect((await client.query('SHOW application_name')).rows).toEqual([{ application_name: 'before_sp' }]);
      await client.query('COMMIT');
      expect(client.getTransactionStatus()).toBe('I');
    });

    it('a session SET inside a committed transaction persists; inside a rolled back one it does not', async () => {
      await client.query('BEGIN');
      await client.query('SET extra_float_digits = 2');
      await client.query('COMMIT');
      expect((await client.query('SHOW extra_float_digits')).rows).toEqual([{ extra_float_digits: '2' }]);
      await client.query('BEGIN');
      await client.query('SET extra_float_digits = 0');
      await client.query('ROLLBACK');
      expect((await client.query('SHOW extra_float_digits')).rows).toEqual([{ extra_float_digits: '2' }]);
      await client.query('RESET extra_float_digits');
      expect((await client.query('SHOW extra_float_digits')).rows).toEqual([{ extra_float_digits: '1' }]);
    });

    it('warns but succeeds on COMMIT outside a transaction', async () => {
      const notices: string[] = [];
      const onNotice = (n: { message?: string }): void => { notices.push(n.message ?? ''); };
      client.on('notice', onNotice);
      try {
        const r = await client.query('COMMIT');
        expect(r.command).toBe('COMMIT');
        expect(notices).toEqual(['there is no transaction in progress']);
      } finally {
        client.off('notice', onNotice);
      }
    });
  });

  describe.sequential('binary results', () => {
    // pg 8.23 asks for binary results (Bind result format 1) but pg-protocol
    // still decodes each DataRow field as a UTF-8 string before the binary
    // parser sees it, so only encodings whose bytes are all < 0x80 survive
    // the trip through pg: the values below are chosen for that. The exact
    // bytes (negative numbers etc.) are checked on a raw connection further
    // down.
    it('decodes int4, int8, float8, bool, text and int4[] sent in binary', async () => {
      const r = await client.query({
        text: "SELECT $1::int4 AS i4, 8589934593::int8 AS i8, '2.5'::float8 AS f8, true AS b, false AS bf, 'héllo'::text AS t, ARRAY[1, 2, 3] AS a, NULL::int4 AS n",
        values: [258],
        binary: true,
      } as pg.QueryConfig);
      expect(r.fields.map((f) => f.format)).toEqual(Array(8).fill('binary'));
      expect(r.rows).toEqual([{ i4: 258, i8: '8589934593', f8: 2.5, b: true, bf: false, t: 'héllo', a: [1, 2, 3], n: null }]);
    });

    it('uses binary results for every extended query of a client created with binary: true', async () => {
      const bin = await connectPg({ ...target.connection, binary: true } as pg.ClientConfig);
      try {
        const r = await bin.query('SELECT $1::int4 + 1 AS i, $2::text AS t, $3::bool AS b', [1, 'x', true]);
        expect(r.fields.map((f) => f.format)).toEqual(['binary', 'binary', 'binary']);
        expect(r.rows).toEqual([{ i: 2, t: 'x', b: true }]);
      } finally {
        await bin.end();
      }
    });

    it('accepts a binary int4 parameter (pg sends a Buffer in binary format)', async () => {
      const four = Buffer.from([0, 0, 0, 42]);
      const r = await client.query({ text: 'SELECT $1::int4 + 0 AS v', values: [four], queryMode: 'extended' } as pg.QueryConfig);
      expect(r.rows).toEqual([{ v: 42 }]);
    });
  });

  describe.sequential('concurrency', () => {
    it('queues many queries issued at once on one client and answers each in order', async () => {
      const promises: Array<Promise<pg.QueryResult>> = [];
      for (let i = 0; i < 20; i++) {
        promises.push(i % 2 === 0 ? client.query(`SELECT ${i} AS i`) : client.query('SELECT $1::int AS i', [i]));
      }
      const results = await Promise.all(promises);
      expect(results.map((r) => r.rows[0].i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    });

    it('isolates an error among queued queries', async () => {
      const settled = await Promise.allSettled([
        client.query('SELECT 1 AS v'),
        client.query('SELECT 1 / $1::int AS v', [0]),
        client.query('SELECT 3 AS v'),
        client.query('SELEC 4'),
        client.query('SELECT $1::int AS v', [5]),
      ]);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
      expect(settled.map((s) => (s.status === 'fulfilled' ? s.value.rows[0].v : (s.reason as { code: string }).code)))
        .toEqual([1, '22012', 3, '42601', 5]);
    });

    it('pipelines queries on the wire (pg pipeline mode)', async () => {
      const piped = new pg.Client({ ...target.connection, pipeline: true } as pg.ClientConfig);
      piped.on('error', () => {});
      await piped.connect();
      try {
        const settled = await Promise.allSettled([
          piped.query('SELECT $1::int AS v', [1]),
          piped.query({ name: 'piped_st', text: 'SELECT $1::int * 10 AS v', values: [2] }),
          piped.query('SELECT 1 / $1::int AS v', [0]),
          piped.query({ name: 'piped_st', text: 'SELECT $1::int * 10 AS v', values: [4] }),
          piped.query('SELECT $1::text AS v', ['five']),
          piped.query('SELECT pg_sleep(0.05), 6 AS v'),
          piped.query('SELECT $1::bool AS v', [true]),
        ]);
        expect(settled.map((s) => (s.status === 'fulfilled' ? s.value.rows[0].v : (s.reason as { code: string }).code)))
          .toEqual([1, 20, '22012', 40, 'five', 6, true]);
      } finally {
        await piped.end();
      }
    });

    it('serves a pool of 4 clients in parallel', async () => {
      const pool = new pg.Pool({ ...target.connection, max: 4 });
      pool.on('error', () => {});
      try {
        const started = Date.now();
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => pool.query('SELECT pg_sleep(0.2), $1::int AS i', [i])),
        );
        const elapsed = Date.now() - started;
        expect(results.map((r) => r.rows[0].i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
        // 8 × 200 ms on 4 connections: two rounds, not eight.
        expect(elapsed).toBeLessThan(1_200);
        expect(pool.totalCount).toBe(4);
        const held = await Promise.all([pool.connect(), pool.connect(), pool.connect(), pool.connect()]);
        expect(new Set(held.map((c) => (c as unknown as Keyed).processID)).size).toBe(4);
        for (const c of held) c.release();
      } finally {
        await pool.end();
      }
    });

    it('gives each session its own settings', async () => {
      const other = await connectPg(target.connection);
      try {
        await client.query("SET application_name = 'first'");
        await other.query("SET application_name = 'second'");
        expect((await client.query('SHOW application_name')).rows[0].application_name).toBe('first');
        expect((await other.query('SHOW application_name')).rows[0].application_name).toBe('second');
        expect((client as unknown as Keyed).processID).not.toBe((other as unknown as Keyed).processID);
      } finally {
        await other.end();
        await client.query('RESET application_name');
      }
    });
  });

  describe.sequential('session functions', () => {
    it('pg_sleep returns void, which is sent as an empty string', async () => {
      const r = await client.query('SELECT pg_sleep(0) AS s, pg_typeof(pg_sleep(0)) AS t');
      expect(r.rows).toEqual([{ s: '', t: 'void' }]);
      expect(r.fields.map((f) => f.dataTypeID)).toEqual([2278, 2206]);
    });

    it('reports version, user, database and settings', async () => {
      const r = await client.query("SELECT version() AS v, current_user AS u, current_database() AS d, current_setting('server_version_num')::int >= 150000 AS ok15, pg_typeof(1) AS t");
      const row = r.rows[0];
      expect(row.v).toMatch(/^PostgreSQL 15\.\d+/);
      expect(row.u).toBe(target.user);
      expect(row.d).toBe(target.database);
      expect(row.ok15).toBe(true);
      expect(row.t).toBe('integer');
    });

    it('reports the startup parameters pg sent and ParameterStatus values', async () => {
      expect((await client.query('SHOW client_encoding')).rows).toEqual([{ client_encoding: 'UTF8' }]);
      const status = (await client.query("SELECT current_setting('DateStyle') AS ds, current_setting('integer_datetimes') AS idt, current_setting('standard_conforming_strings') AS scs")).rows[0];
      expect(status).toEqual({ ds: 'ISO, MDY', idt: 'on', scs: 'on' });
    });
  });

  describe.sequential('raw protocol', () => {
    let raw: RawConnection;
    beforeAll(async () => { raw = await RawConnection.connect(target.connection); });
    afterAll(async () => { await raw?.close(); });

    it('suspends the portal after maxRows and finishes on the next Execute', async () => {
      raw.send(
        serialize.parse({ text: 'SELECT 1 AS one' }),
        serialize.bind({}),
        serialize.describe({ type: 'P' }),
        serialize.execute({ rows: 1 }),
        serialize.flush(),
      );
      expect(summarize(await raw.until('portalSuspended'))).toEqual([
        'parseComplete', 'bindComplete', 'rowDescription ["one:23"]', 'dataRow["1"]', 'portalSuspended',
      ]);
      raw.send(serialize.execute({ rows: 1 }), serialize.sync());
      expect(summarize(await raw.until('readyForQuery'))).toEqual(['commandComplete SELECT 0', 'readyForQuery I']);
    });

    it('completes at once when maxRows exceeds the row count', async () => {
      raw.send(
        serialize.parse({ text: 'SELECT $1::int AS v' }),
        serialize.bind({ values: ['5'] }),
        serialize.execute({ rows: 3 }),
        serialize.sync(),
      );
      expect(summarize(await raw.until('readyForQuery'))).toEqual([
        'parseComplete', 'bindComplete', 'dataRow["5"]', 'commandComplete SELECT 1', 'readyForQuery I',
      ]);
    });

    it('describes a statement with inferred parameter types', async () => {
      raw.send(
        serialize.parse({ name: 'raw_st', text: "SELECT $1::int + 1 AS a, $2 || 'x' AS b, $3 AS c" }),
        serialize.describe({ type: 'S', name: 'raw_st' }),
        serialize.sync(),
      );
      expect(summarize(await raw.until('readyForQuery'))).toEqual([
        'parseComplete', 'parameterDescription [23,25,25]', 'rowDescription ["a:23","b:25","c:25"]', 'readyForQuery I',
      ]);
    });

    it('answers an empty or comment-only simple query with EmptyQueryResponse', async () => {
      for (const text of ['', ';', '  -- just a comment\n']) {
        raw.send(serialize.query(text));
        expect(summarize(await raw.until('readyForQuery'))).toEqual(['emptyQuery', 'readyForQuery I']);
      }
    });

    it('answers Execute of an empty prepared statement with EmptyQueryResponse', async () => {
      raw.send(
        serialize.parse({ text: '' }),
        serialize.bind({}),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      );
      expect(summarize(await raw.until('readyForQuery'))).toEqual([
        'parseComplete', 'bindComplete', 'noData', 'emptyQuery', 'readyForQuery I',
      ]);
    });

    it('answers Describe of a utility statement with NoData', async () => {
      raw.send(
        serialize.parse({ text: "SET application_name = 'raw'" }),
        serialize.bind({}),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      );
      expect(summarize(await raw.until('readyForQuery'))).toEqual([
        // application_name is reported: ParameterStatus follows the SET.
        'parseComplete', 'bindComplete', 'noData', 'commandComplete SET', 'parameterStatus', 'readyForQuery I',
      ]);
    });

    it('keeps a named portal across Execute calls inside a transaction', async () => {
      raw.send(
        serialize.query('BEGIN'),
      );
      expect(summarize(await raw.until('readyForQuery'))).toEqual(['commandComplete BEGIN', 'readyForQuery T']);
      raw.send(
        serialize.parse({ text: "SELECT 'p' AS p" }),
        serialize.bind({ portal: 'c1' }),
        serialize.execute({ portal: 'c1', rows: 1 }),
        serialize.sync(),
      );
      expect(summarize(await raw.until('readyForQuery'))).toEqual([
        'parseComplete', 'bindComplete', 'dataRow["p"]', 'portalSuspended', 'readyForQuery T',
      ]);
      raw.send(serialize.execute({ portal: 'c1', rows: 1 }), serialize.sync());
      expect(summarize(await raw.until('readyForQuery'))).toEqual(['commandComplete SELECT 0', 'readyForQuery T']);
      raw.send(serialize.query('COMMIT'));
      expect(summarize(await raw.until('readyForQuery'))).toEqual(['commandComplete COMMIT', 'readyForQuery I']);
    });

    it('skips to Sync after an error in a pipeline', async () => {
      raw.send(
        serialize.parse({ text: 'SELEC 1' }),
        serialize.bind({}),
        serialize.execute({}),
        serialize.parse({ text: 'SELECT 2' }),
        serialize.bind({}),
        serialize.execute({}),
        serialize.sync(),
        serialize.parse({ text: 'SELECT 3' }),
        serialize.bind({}),
        serialize.execute({}),
        serialize.sync(),
      );
      expect(summarize(await raw.until('readyForQuery'))).toEqual(['error 42601', 'readyForQuery I']);
      expect(summarize(await raw.until('readyForQuery'))).toEqual(['parseComplete', 'bindComplete', 'dataRow["3"]', 'commandComplete SELECT 1', 'readyForQuery I']);
    });

    it('sends the exact binary encodings when Bind asks for binary results', async () => {
      raw.send(
        serialize.parse({
          text: "SELECT $1::int4 AS i4, 5000000000::int8 AS i8, -1::int8 AS m1, '-2.5'::float8 AS f8, true AS b, false AS bf, 'héllo'::text AS t, ARRAY[7, NULL]::int4[] AS a, ARRAY['x']::text[] AS ta, NULL::int4 AS n",
        }),
        serialize.bind({ values: ['-7'], binary: true }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      );
      const msgs = await raw.until('readyForQuery');
      expect(msgs.map((m) => m.name)).toEqual(['parseComplete', 'bindComplete', 'rowDescription', 'dataRow', 'commandComplete', 'readyForQuery']);
      const desc = msgs[2].columns!;
      expect(desc.map((c) => [c.name, c.dataTypeID, c.format])).toEqual([
        ['i4', 23, 1], ['i8', 20, 1], ['m1', 20, 1], ['f8', 701, 1], ['b', 16, 1], ['bf', 16, 1],
        ['t', 25, 1], ['a', 1007, 1], ['ta', 1009, 1], ['n', 23, 1],
      ]);
      const hex = msgs[3].fields!.map((f) => (f === null ? null : f.toString('hex')));
      expect(hex).toEqual([
        'fffffff9',
        '000000012a05f200',
        'ffffffffffffffff',
        'c004000000000000',
        '01',
        '00',
        '68c3a96c6c6f',
        // ndim 1, has nulls 1, element oid 23, dim 2, lower bound 1, then (len 4, 7), (len -1)
        '00000001' + '00000001' + '00000017' + '00000002' + '00000001' + '00000004' + '00000007' + 'ffffffff',
        // ndim 1, no nulls, element oid 25, dim 1, lower bound 1, (len 1, 'x')
        '00000001' + '00000000' + '00000019' + '00000001' + '00000001' + '00000001' + '78',
        null,
      ]);
    });

    it('reads binary parameters', async () => {
      const f8 = Buffer.alloc(8);
      f8.writeDoubleBE(-0.5);
      raw.send(
        serialize.parse({ text: 'SELECT $1::int4 AS i, $2::float8 AS f, $3::bool AS b, $4::int8 AS l' }),
        serialize.bind({ values: [Buffer.from('fffffffe', 'hex'), f8, Buffer.from([1]), Buffer.from('0000000100000000', 'hex')] }),
        serialize.execute({}),
        serialize.sync(),
      );
      expect(summarize(await raw.until('readyForQuery'))).toEqual([
        'parseComplete', 'bindComplete', 'dataRow["-2","-0.5","t","4294967296"]', 'commandComplete SELECT 1', 'readyForQuery I',
      ]);
    });
  });
});
