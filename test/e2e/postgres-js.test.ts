/**
 * postgres.js end to end, against vecsql and PostgreSQL 15 alike.
 * postgres.js always uses the extended protocol: Parse (named statements)
 * + Describe Statement, then serializes parameters by the OIDs the server
 * returns in ParameterDescription — so parameter type inference is on the
 * critical path here.
 *
 * Most clients use `fetch_types: false`: by default postgres.js runs a
 * pg_catalog.pg_type query at connect to learn array types; one test covers
 * that default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { TARGET_NAMES, rejection, startTarget, type Target } from '../support/e2e.js';

type Sql = ReturnType<typeof postgres>;

// The targets run side by side (concurrent suites); within one target the
// tests share a session and run in order.
describe.concurrent.each(TARGET_NAMES)('postgres.js against %s', (targetName) => {
  let target: Target;
  let sql: Sql;
  const notices: string[] = [];

  beforeAll(async () => {
    target = await startTarget(targetName);
    sql = postgres({
      ...target.connection,
      max: 1,
      fetch_types: false,
      connect_timeout: 10,
      onnotice: (n) => { notices.push(String(n.message)); },
    });
  });

  afterAll(async () => {
    await sql?.end({ timeout: 5 });
    await target?.stop();
  });

  describe.sequential('tagged template queries', () => {
    it('adds two int parameters typed through ParameterDescription', async () => {
      const rows = await sql`select ${1}::int + ${2}::int as s`;
      expect([...rows]).toEqual([{ s: 3 }]);
      expect(rows.count).toBe(1);
      expect(rows.command).toBe('SELECT');
      expect(rows.columns.map((c) => [c.name, c.type])).toEqual([['s', 23]]);
    });

    it('binds text, bool, float and null parameters', async () => {
      const rows = await sql`select ${'hello'}::text as t, ${true}::bool as b, ${1.25}::float8 * 2 as f, ${null}::int as n`;
      expect([...rows]).toEqual([{ t: 'hello', b: true, f: 2.5, n: null }]);
    });

    it('serializes by the inferred parameter types', async () => {
      // $1 is inferred as int from "1 + $1", $2 as text, $3 as bool.
      const rows = await sql`select 1 + ${41} as a, ${'x'} || 'y' as b, not ${false} as c, ${'bare'} as d`;
      expect([...rows]).toEqual([{ a: 42, b: 'xy', c: true, d: 'bare' }]);
    });

    it('describes a statement: parameter types and columns', async () => {
      const d = await sql`select ${1}::int as a, ${'x'}::text as b, ${true}::bool as c, ${'1.5'}::float8 as f`.describe();
      expect(d.types).toEqual([23, 25, 16, 701]);
      expect(d.columns.map((c) => [c.name, c.type])).toEqual([['a', 23], ['b', 25], ['c', 16], ['f', 701]]);
    });

    it('reuses the prepared statement for the same query text', async () => {
      const q = (n: number) => sql`select ${n}::int * 2 as d`;
      const results = [];
      for (let i = 0; i < 5; i++) results.push((await q(i))[0].d);
      expect(results).toEqual([0, 2, 4, 6, 8]);
    });

    it('returns int8 as a string and parses float8, bool and text', async () => {
      const [row] = await sql`select 9007199254740993::int8 as big, ${'0.1'}::float8 + ${'0.2'}::float8 as f, ${true}::bool as b`;
      expect(row).toEqual({ big: '9007199254740993', f: 0.30000000000000004, b: true });
    });

    it('returns rows as value arrays with .values()', async () => {
      const rows = await sql`select 1 as a, 'two' as b`.values();
      expect(rows.map((r) => [...r])).toEqual([[1, 'two']]);
    });

    it('quotes a dynamic identifier', async () => {
      const rows = await sql`select 1 as ${sql('my col')}`;
      expect([...rows]).toEqual([{ 'my col': 1 }]);
    });

    it('returns no rows for a false WHERE', async () => {
      const rows = await sql`select 1 as x where ${1}::int = 2`;
      expect([...rows]).toEqual([]);
      expect(rows.count).toBe(0);
    });

    it('runs many queries issued at once on one connection', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => sql`select ${i}::int as i`));
      expect(results.map((r) => r[0].i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });
  });

  describe.sequential('sql.unsafe', () => {
    it('runs a literal query string', async () => {
      const rows = await sql.unsafe("select 'unsafe' as u, 2 + 2 as four");
      expect([...rows]).toEqual([{ u: 'unsafe', four: 4 }]);
    });

    it('binds parameters', async () => {
      const rows = await sql.unsafe('select $1::int * $2::int as p', [6, 7]);
      expect([...rows]).toEqual([{ p: 42 }]);
    });

    it('runs utility statements and reports their command', async () => {
      const set = await sql.unsafe('set extra_float_digits = 2');
      expect(set.command).toBe('SET');
      const [show] = await sql.unsafe('show extra_float_digits');
      expect(show).toEqual({ extra_float_digits: '2' });
      await sql.unsafe('reset extra_float_digits');
    });

    it('runs a multi-statement string through the simple protocol (the default without parameters)', async () => {
      const result = await sql.unsafe('select 1 as a; select 2 as b');
      expect((result as unknown as Array<Array<Record<string, number>>>).map((r) => [...r])).toEqual([[{ a: 1 }], [{ b: 2 }]]);
    });

    it('rejects a multi-statement string in the extended protocol', async () => {
      const err = await rejection(sql.unsafe('select 1; select 2', [], { simple: false } as postgres.UnsafeQueryOptions));
      expect(err.code).toBe('42601');
      expect(err.message).toBe('cannot insert multiple commands into a prepared statement');
    });
  });

  describe.sequential('cursors (Execute with a row limit)', () => {
    it('delivers a single row through cursor(2)', async () => {
      const batches: unknown[][] = [];
      await sql`select 1 as x`.cursor(2, (rows) => { batches.push([...rows]); });
      expect(batches).toEqual([[{ x: 1 }]]);
    });

    it('suspends and resumes the portal with cursor(1)', async () => {
      const batches: unknown[][] = [];
      await sql`select ${'only'}::text as x`.cursor(1, (rows) => { batches.push([...rows]); });
      expect(batches).toEqual([[{ x: 'only' }]]);
    });

    it('iterates with for await', async () => {
      const seen: unknown[] = [];
      for await (const rows of sql`select ${7}::int as v`.cursor(1)) seen.push(...rows);
      expect(seen).toEqual([{ v: 7 }]);
    });

    it('yields nothing for an empty result', async () => {
      const batches: unknown[][] = [];
      await sql`select 1 as x where false`.cursor(2, (rows) => { batches.push([...rows]); });
      expect(batches).toEqual([]);
    });

    it('leaves the connection usable', async () => {
      expect([...(await sql`select 'after' as a`)]).toEqual([{ a: 'after' }]);
    });
  });

  describe.sequential('transactions', () => {
    it('commits with sql.begin and returns the callback value', async () => {
      const result = await sql.begin(async (tx) => {
        await tx`set local application_name = 'in_tx'`;
        const [row] = await tx`select current_setting('application_name') as app, ${5}::int as v`;
        return row;
      });
      expect(result).toEqual({ app: 'in_tx', v: 5 });
      const [after] = await sql`show application_name`;
      expect(after.application_name).toBe('postgres.js');
    });

    it('rolls back when the callback throws', async () => {
      const err = await rejection(sql.begin(async (tx) => {
        await tx`set extra_float_digits = 0`;
        throw new Error('boom');
      }));
      expect(err.message).toBe('boom');
      const [row] = await sql`show extra_float_digits`;
      expect(row.extra_float_digits).toBe('1');
    });

    it('rolls back when a statement fails', async () => {
      const err = await rejection(sql.begin(async (tx) => {
        await tx`set extra_float_digits = 0`;
        await tx`select 1 / ${0}::int`;
      }));
      expect(err.code).toBe('22012');
      const [row] = await sql`show extra_float_digits`;
      expect(row.extra_float_digits).toBe('1');
    });

    it('recovers inside a transaction with a savepoint', async () => {
      const result = await sql.begin(async (tx) => {
        await tx`set local application_name = 'outer'`;
        const inner = await rejection(tx.savepoint(async (sp) => {
          await sp`set local application_name = 'inner'`;
          await sp`select 'x'::int`;
        }));
        expect(inner.code).toBe('22P02');
        const [row] = await tx`show application_name`;
        return row.application_name;
      });
      expect(result).toBe('outer');
    });
  });

  describe.sequential('errors', () => {
    it('reports a syntax error with code and position', async () => {
      const err = await rejection(sql`select 1 as a b`);
      expect(err).toBeInstanceOf(postgres.PostgresError);
      expect(err.code).toBe('42601');
      expect(err.message).toBe('syntax error at or near "b"');
      expect(err.position).toBe('15');
      expect(err.severity).toBe('ERROR');
    });

    it('reports a bad parameter value', async () => {
      const err = await rejection(sql`select ${'abc'}::int as i`);
      expect(err.code).toBe('22P02');
      expect(err.message).toBe('invalid input syntax for type integer: "abc"');
    });

    it('reports an undetermined parameter type', async () => {
      const err = await rejection(sql`select pg_typeof(${1})`);
      expect(err.code).toBe('42P18');
      expect(err.message).toBe('could not determine data type of parameter $1');
    });

    it('passes notices to onnotice', async () => {
      notices.length = 0;
      await sql`commit`;
      expect(notices).toEqual(['there is no transaction in progress']);
    });

    it('stays usable after errors', async () => {
      expect([...(await sql`select ${1}::int as ok`)]).toEqual([{ ok: 1 }]);
    });
  });

  describe.sequential('connection defaults', () => {
    it('sent application_name and client_encoding at startup', async () => {
      const [row] = await sql`select current_setting('application_name') as app, current_setting('client_encoding') as enc`;
      expect(row).toEqual({ app: 'postgres.js', enc: 'UTF8' });
    });

    it('connects with the default fetch_types (runs a pg_type query at connect)', async () => {
      // A failing type query at connect surfaces in postgres.js as an
      // unhandled rejection, which would poison the whole run: try the
      // exact query postgres.js sends first.
      await sql.unsafe(`
      select b.oid, b.typarray
      from pg_catalog.pg_type a
      left join pg_catalog.pg_type b on b.oid = a.typelem
      where a.typcategory = 'A'
      group by b.oid, b.typarray
      order by b.oid
    `);
      const withTypes = postgres({ ...target.connection, max: 1, connect_timeout: 10, onnotice: () => {} });
      try {
        const [row] = await withTypes`select ${[1, 2, 3]}::int[] as a, ARRAY['x', 'y'] as t`;
        expect(row).toEqual({ a: [1, 2, 3], t: ['x', 'y'] });
      } finally {
        await withTypes.end({ timeout: 5 });
      }
    });
  });
});
