/**
 * pg_catalog end to end: the catalog queries real clients send (psql's \dt
 * family, Kysely's introspection, TypeORM's and drizzle-kit's constraint and
 * index queries, postgres.js's type fetch, the pgvector helper's type
 * lookup, pgjdbc's settings probe) run against vecsql and PostgreSQL 15 on
 * the same schema, and must return the same text — after OIDs of user
 * objects, which legitimately differ, are replaced by the objects' names.
 * Without PostgreSQL 15 installed only the vecsql-only checks run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { connectPg, psqlConnArgs, runPsql } from '../support/e2e.js';
import { isPostgres15Available, startPostgres15, type Postgres15 } from '../support/postgres15.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Leaves every value as the text the server sent. */
const rawText = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

const SCHEMA = [
  `CREATE TABLE authors (
     id serial PRIMARY KEY,
     name text NOT NULL UNIQUE,
     email varchar(100),
     born date DEFAULT '2000-01-01',
     score numeric(8,2) DEFAULT 0 CHECK (score >= 0),
     created_at timestamptz DEFAULT now())`,
  `CREATE TABLE books (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     author_id int REFERENCES authors (id) ON DELETE CASCADE,
     title text,
     tags text[],
     rating real,
     extra int)`,
  'ALTER TABLE books DROP COLUMN extra',
  'CREATE INDEX books_title_idx ON books (title)',
  'CREATE UNIQUE INDEX books_author_title ON books (author_id, title DESC)',
  'CREATE INDEX books_lower_title ON books (lower(title)) WHERE rating > 1',
  `CREATE TABLE reviews (
     book_id bigint NOT NULL REFERENCES books (id),
     stars int2 CHECK (stars BETWEEN 1 AND 5),
     body varchar(500) DEFAULT 'none',
     CONSTRAINT reviews_body_check CHECK (body <> ''))`,
  "COMMENT ON TABLE authors IS 'people who write'",
  "COMMENT ON COLUMN authors.name IS 'full name'",
  'CREATE VIEW author_names AS SELECT id, name FROM authors',
  'CREATE SEQUENCE standalone_seq',
];

/** Columns PostgreSQL types int2vector/oidvector that vecsql returns as int2[]/oid[] with lower bound 0. */
function vectorText(v: string): string {
  const m = /^(?:\[0:\d+\]=)?\{(.*)\}$/.exec(v);
  return m ? m[1]!.split(',').join(' ') : v;
}

interface Engine {
  client: pg.Client;
  /** OID (as text) → a stable name, for the user objects of this engine. */
  names: Map<string, string>;
}

async function oidNames(client: pg.Client): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const add = (rows: { oid: string; name: string }[], prefix: string) => {
    for (const r of rows) if (Number(r.oid) >= 16384) names.set(r.oid, `<${prefix}${r.name}>`);
  };
  add((await client.query('SELECT oid, relname AS name FROM pg_catalog.pg_class')).rows, '');
  add((await client.query("SELECT oid, typname AS name FROM pg_catalog.pg_type WHERE typtype = 'c'")).rows, 'type ');
  add((await client.query('SELECT oid, conname AS name FROM pg_catalog.pg_constraint')).rows, 'constraint ');
  return names;
}

const vectorColumns = new Set(['indkey', 'indclass', 'indoption', 'indcollation', 'proargtypes']);

function normalize(e: Engine, rows: Record<string, string | null>[]): Record<string, string | null>[] {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => {
        if (v === null) return [k, v];
        if (vectorColumns.has(k)) v = vectorText(v);
        return [k, v.split(' ').map((part) => e.names.get(part) ?? part).join(' ')];
      }),
    ),
  );
}

const pgAvailable = isPostgres15Available() && process.env.VECSQL_E2E_POSTGRES !== '0';

describe('pg_catalog', () => {
  let server: TestServer;
  let postgres: Postgres15 | undefined;
  let vec: Engine;
  let ref: Engine | undefined;

  beforeAll(async () => {
    const [s, p] = await Promise.all([startTestServer(), pgAvailable ? startPostgres15() : Promise.resolve(undefined)]);
    server = s;
    postgres = p;
    const setUp = async (config: pg.ClientConfig): Promise<Engine> => {
      const client = await connectPg({ ...config, types: rawText });
      for (const sql of SCHEMA) await client.query(sql);
      return { client, names: await oidNames(client) };
    };
    vec = await setUp(server.connection);
    if (postgres) ref = await setUp({ host: postgres.host, port: postgres.port, user: postgres.user, database: 'postgres' });
  });

  afterAll(async () => {
    await vec?.client.end();
    await ref?.client.end();
    await server?.stop();
    await postgres?.stop();
  });

  /** Runs a query on both engines and expects the same normalized rows; returns vecsql's. */
  async function same(sql: string, params: unknown[] = []): Promise<Record<string, string | null>[]> {
    const mine = normalize(vec, (await vec.client.query(sql, params)).rows);
    if (ref) expect(mine).toEqual(normalize(ref, (await ref.client.query(sql, params)).rows));
    return mine;
  }

  /** Like same(), for results that hold no OIDs (numbers are compared as they are). */
  async function sameText(sql: string): Promise<Record<string, string | null>[]> {
    const mine = (await vec.client.query(sql)).rows;
    if (ref) expect(mine).toEqual((await ref.client.query(sql)).rows);
    return mine;
  }

  describe('relation shapes', () => {
    // PostgreSQL's types that vecsql replaces: int2vector → int2[], oidvector → oid[], xid → oid, inet → text.
    const substitutes: Record<number, number> = { 22: 1005, 30: 1028, 28: 26, 869: 25 };
    const relations = [
      'pg_class', 'pg_attribute', 'pg_attrdef', 'pg_index', 'pg_constraint', 'pg_am', 'pg_opclass', 'pg_database', 'pg_roles',
      'pg_user', 'pg_auth_members', 'pg_settings', 'pg_description', 'pg_shdescription', 'pg_extension', 'pg_proc', 'pg_tables',
      'pg_views', 'pg_matviews', 'pg_indexes', 'pg_sequences', 'pg_sequence', 'pg_collation', 'pg_inherits', 'pg_trigger',
      'pg_policy', 'pg_policies', 'pg_enum', 'pg_rewrite', 'pg_depend', 'pg_statistic_ext', 'pg_publication', 'pg_publication_rel',
      'pg_publication_namespace', 'pg_partitioned_table', 'pg_event_trigger', 'pg_tablespace', 'pg_language',
      'pg_stat_user_tables', 'pg_stat_user_indexes', 'pg_stat_activity', 'pg_namespace', 'pg_type',
    ];

    it.skipIf(!pgAvailable).each(relations)('%s has PostgreSQL 15 column names, order and types', async (name) => {
      const shape = async (c: pg.Client) => (await c.query(`SELECT * FROM pg_catalog.${name} LIMIT 0`)).fields.map((f) => `${f.name}:${f.dataTypeID}`);
      const expected = (await shape(ref!.client)).map((s) => {
        const [col, oid] = s.split(':');
        return `${col}:${substitutes[Number(oid)] ?? oid}`;
      });
      expect(await shape(vec.client)).toEqual(expected);
    });
  });

  describe('psql meta-commands', () => {
    const psql = async (port: number, command: string) =>
      (await runPsql([...psqlConnArgs({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' }), '-X', '-c', command])).stdout;

    // \dn differs: PostgreSQL 15's public schema belongs to pg_database_owner.
    it.skipIf(!pgAvailable).each(['\\dt', '\\di', '\\ds', '\\dv', '\\d'])('%s prints what PostgreSQL prints', async (command) => {
      const mine = await psql(server.port, command);
      expect(mine).toContain('(');
      expect(mine).toBe(await psql(postgres!.port, command));
    });

    it('\\dt lists the tables (vecsql)', async () => {
      const out = await psql(server.port, '\\dt');
      expect(out).toContain(' public | authors | table | postgres');
      expect(out).toContain('(3 rows)');
    });
  });

  describe('client introspection queries', () => {
    it("psql's \\dt query with pg_table_is_visible and relkind IN (...)", async () => {
      const rows = await same(`SELECT n.nspname as "Schema", c.relname as "Name",
          CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' END as "Type",
          pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
        FROM pg_catalog.pg_class c
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
        WHERE c.relkind IN ('r','p','v','S','')
              AND n.nspname <> 'pg_catalog'
              AND n.nspname !~ '^pg_toast'
              AND n.nspname <> 'information_schema'
          AND pg_catalog.pg_table_is_visible(c.oid)
        ORDER BY 1,2`);
      expect(rows.map((r) => r.Name)).toEqual(['author_names', 'authors', 'authors_id_seq', 'books', 'books_id_seq', 'reviews', 'standalone_seq']);
    });

    it("psql's tab completion for columns", async () => {
      await same(`SELECT a.attname, NULL::pg_catalog.text FROM pg_catalog.pg_attribute a, pg_catalog.pg_class c
        WHERE c.oid = a.attrelid and a.attnum > 0 and not a.attisdropped AND (a.attname) LIKE 'b%' AND c.relname = 'reviews'
          AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 1 LIMIT 1000`);
    });

    it("Kysely's introspector (extended protocol, text parameters)", async () => {
      await same('select "nspname" from "pg_catalog"."pg_namespace" where "nspname" !~ \'^pg_toast\' order by 1');
      const rows = await same(
        `select "a"."attname" as "column", "a"."attnotnull" as "not_null", "a"."atthasdef" as "has_default",
           "c"."relname" as "table", "c"."relkind" as "table_type", "ns"."nspname" as "schema", "typ"."typname" as "type",
           "dtns"."nspname" as "type_schema", col_description(a.attrelid, a.attnum) as "column_description",
           pg_get_serial_sequence(quote_ident(ns.nspname) || '.' || quote_ident(c.relname), a.attname) as "auto_incrementing"
         from "pg_catalog"."pg_attribute" as "a"
         inner join "pg_catalog"."pg_class" as "c" on "a"."attrelid" = "c"."oid"
         inner join "pg_catalog"."pg_namespace" as "ns" on "c"."relnamespace" = "ns"."oid"
         inner join "pg_catalog"."pg_type" as "typ" on "a"."atttypid" = "typ"."oid"
         inner join "pg_catalog"."pg_namespace" as "dtns" on "typ"."typnamespace" = "dtns"."oid"
         where "c"."relkind" in ($1, $2, $3) and "ns"."nspname" !~ $4 and "ns"."nspname" != $5 and "ns"."nspname" != $6
           and has_schema_privilege(ns.nspname, 'USAGE') and "a"."attnum" >= $7 and "a"."attisdropped" != $8
         order by "ns"."nspname", "c"."relname", "a"."attnum"`,
        ['r', 'v', 'p', '^pg_', 'information_schema', 'crdb_internal', 0, 'true'],
      );
      expect(rows.find((r) => r.table === 'authors' && r.column === 'id')).toMatchObject({ auto_incrementing: 'public.authors_id_seq', not_null: 't', has_default: 't' });
      expect(rows.find((r) => r.table === 'authors' && r.column === 'name')).toMatchObject({ column_description: 'full name', type: 'text' });
      expect(rows.find((r) => r.table === 'books' && r.column === 'id')).toMatchObject({ auto_incrementing: 'public.books_id_seq', has_default: 'f' });
    });

    it('the pgvector helper finds types by name', async () => {
      const rows = await same('SELECT typname, oid FROM pg_type WHERE typname IN ($1, $2, $3) ORDER BY oid', ['int4', 'text', 'float4']);
      expect(rows).toEqual([{ typname: 'int4', oid: '23' }, { typname: 'text', oid: '25' }, { typname: 'float4', oid: '700' }]);
    });

    it("postgres.js's array type fetch (for the types both engines have)", async () => {
      await same(`select b.oid, b.typarray from pg_catalog.pg_type a left join pg_catalog.pg_type b on b.oid = a.typelem
        where a.typcategory = 'A' and b.oid in (16, 17, 20, 21, 23, 25, 26, 700, 701, 1043, 1082, 1114, 1184, 1700, 2950, 3802)
        group by b.oid, b.typarray order by b.oid`);
    });

    it('columns with types, defaults and identity (pgjdbc / TypeORM style)', async () => {
      const rows = await same(`SELECT c.relname, a.attnum, a.attname, a.atttypid, a.atttypmod, format_type(a.atttypid, a.atttypmod) AS type,
          a.attnotnull, a.atthasdef, a.attidentity, a.attgenerated, a.attisdropped, a.attlen, a.attndims, a.attcollation,
          a.attstorage, a.attalign, a.attbyval, a.attstattarget, pg_get_expr(d.adbin, d.adrelid) AS default_value
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = 'public' AND a.attnum > 0 ORDER BY c.relname, a.attnum`);
      expect(rows.find((r) => r.attname === '........pg.dropped.6........')).toMatchObject({ atttypid: '0', attisdropped: 't' });
      expect(rows.find((r) => r.relname === 'authors' && r.attname === 'born')?.default_value).toBe("'2000-01-01'::date");
    });

    it('constraints with their columns (TypeORM)', async () => {
      const rows = await same(`SELECT t.relname, cnst.conname, cnst.contype, pg_get_constraintdef(cnst.oid) AS expression,
          pg_get_constraintdef(cnst.oid, true) AS pretty, a.attname, cnst.conkey, cnst.confkey,
          cnst.confupdtype, cnst.confdeltype, cnst.confmatchtype, cnst.condeferrable, cnst.conindid, cnst.confrelid
        FROM pg_constraint cnst
        INNER JOIN pg_class t ON t.oid = cnst.conrelid
        INNER JOIN pg_namespace ns ON ns.oid = cnst.connamespace
        LEFT JOIN pg_attribute a ON a.attrelid = cnst.conrelid AND a.attnum = ANY (cnst.conkey)
        WHERE t.relkind IN ('r', 'p') AND ns.nspname = 'public'
        ORDER BY t.relname, cnst.conname, a.attname`);
      expect(rows.map((r) => r.expression)).toContain('FOREIGN KEY (author_id) REFERENCES authors(id) ON DELETE CASCADE');
      expect(rows.map((r) => r.expression)).toContain('CHECK ((score >= (0)::numeric))');
    });

    it('foreign keys joined through conkey and confkey (drizzle-kit style)', async () => {
      await same(`SELECT con.conname, con.conrelid::regclass::text AS tbl, con.confrelid::regclass::text AS ref,
          con.confupdtype, con.confdeltype, att.attname AS col, fatt.attname AS ref_col
        FROM pg_constraint con
        JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = ANY (con.conkey)
        JOIN pg_attribute fatt ON fatt.attrelid = con.confrelid AND fatt.attnum = ANY (con.confkey)
        WHERE con.contype = 'f' ORDER BY 1`);
    });

    it('indexes with their columns, access method and predicate (TypeORM)', async () => {
      await same(`SELECT ns.nspname AS table_schema, t.relname AS table_name, i.relname AS constraint_name, a.attname AS column_name,
          CASE ix.indisunique WHEN 't' THEN 'TRUE' ELSE 'FALSE' END AS is_unique, pg_get_expr(ix.indpred, ix.indrelid) AS condition,
          types.typname AS type_name, am.amname AS index_type
        FROM pg_class t
        INNER JOIN pg_index ix ON ix.indrelid = t.oid
        INNER JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (ix.indkey)
        INNER JOIN pg_namespace ns ON ns.oid = t.relnamespace
        INNER JOIN pg_class i ON i.oid = ix.indexrelid
        INNER JOIN pg_type types ON types.oid = a.atttypid
        INNER JOIN pg_am am ON i.relam = am.oid
        LEFT JOIN pg_constraint cnst ON cnst.conname = i.relname
        WHERE t.relkind IN ('r', 'p') AND cnst.contype IS NULL AND ns.nspname = 'public'
        ORDER BY 2, 3, 4`);
    });

    it('pg_index rows, definitions and int2vector subscripts from 0', async () => {
      const rows = await same(`SELECT i.relname, x.indnatts, x.indnkeyatts, x.indisunique, x.indisprimary, x.indisexclusion,
          x.indimmediate, x.indisvalid, x.indkey, x.indclass, x.indoption, x.indcollation, x.indkey[0] AS first_key,
          x.indoption[1] AS second_option, a.attname AS first_column, pg_get_indexdef(x.indexrelid) AS def,
          pg_get_indexdef(x.indexrelid, 0, true) AS pretty, pg_get_indexdef(x.indexrelid, 1, true) AS col1,
          pg_get_expr(x.indpred, x.indrelid) AS pred, x.indexprs IS NULL AS no_exprs
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0]
        WHERE t.relnamespace = 2200
        ORDER BY 1`);
      expect(rows.find((r) => r.relname === 'books_author_title')).toMatchObject({
        def: 'CREATE UNIQUE INDEX books_author_title ON public.books USING btree (author_id, title DESC)',
        first_column: 'author_id',
        second_option: '3',
      });
    });

    it('index keys unnested with their 0-based subscripts (drizzle-kit / Prisma style)', async () => {
      await same(`SELECT i.relname, unnest(x.indkey) AS attnum, generate_subscripts(x.indkey, 1) AS sub, unnest(x.indoption) AS opt,
          unnest(x.indclass) AS opclass, array_lower(x.indkey, 1) AS lower, array_upper(x.indkey, 1) AS upper
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = 2200 OR i.relnamespace = 2200 ORDER BY 1, 3`);
    });

    it('pg_class flags of tables, indexes, sequences and views', async () => {
      await same(`SELECT c.oid, c.relname, c.reltype, c.relowner, c.relam, c.relpages, c.reltuples, c.relhasindex, c.relisshared,
          c.relpersistence, c.relkind, c.relnatts, c.relchecks, c.relhasrules, c.relhastriggers, c.relhassubclass,
          c.relrowsecurity, c.relforcerowsecurity, c.relispopulated, c.relreplident, c.relispartition, c.reloftype,
          c.reltablespace, c.relacl, c.reloptions
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY c.relname`);
    });

    it('pg_class rows for pg_catalog relations', async () => {
      await same(`SELECT c.oid, c.relname, c.relkind, c.relnatts FROM pg_class c
        WHERE c.relnamespace = 11 AND c.relname IN ('pg_class', 'pg_attribute', 'pg_type', 'pg_index', 'pg_roles', 'pg_settings', 'pg_tables')
        ORDER BY c.relname`);
    });

    it('comments (pg_description, obj_description, col_description)', async () => {
      await same(`SELECT c.relname, d.objsubid, d.description, d.classoid
        FROM pg_description d JOIN pg_class c ON c.oid = d.objoid ORDER BY 1, 2`);
      await same(`SELECT c.relname, obj_description(c.oid, 'pg_class') AS t, obj_description(c.oid) AS t1,
          col_description(c.oid, 2) AS c2, col_description(c.oid, 1) AS c1
        FROM pg_class c WHERE c.relname IN ('authors', 'books') ORDER BY 1`);
    });

    it('views over tables, indexes and sequences', async () => {
      await same("SELECT * FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
      await same("SELECT * FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname");
      await same("SELECT schemaname, viewname, viewowner FROM pg_views WHERE schemaname = 'public'");
      await same('SELECT * FROM pg_sequences ORDER BY sequencename');
      await same('SELECT seqrelid, seqtypid, seqstart, seqincrement, seqmax, seqmin, seqcache, seqcycle FROM pg_sequence ORDER BY seqrelid');
      // vecsql counts no scans; the test's own statements have made PostgreSQL count some.
      await same('SELECT relid, schemaname, relname, n_live_tup, idx_scan IS NULL AS no_index FROM pg_stat_user_tables ORDER BY relname');
      await same('SELECT relid, indexrelid, schemaname, relname, indexrelname FROM pg_stat_user_indexes ORDER BY indexrelname');
    });

    it('databases, roles, users, languages, collations, tablespaces, access methods', async () => {
      await same(`SELECT oid, datname, pg_get_userbyid(datdba) AS owner, pg_encoding_to_char(encoding) AS encoding, datlocprovider,
          datistemplate, datallowconn, datconnlimit, dattablespace, datcollate, datctype, daticulocale
        FROM pg_database WHERE datname IN ('postgres', 'template0', 'template1') ORDER BY datname`);
      await same(`SELECT oid, rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolconnlimit,
          rolpassword, rolvaliduntil, rolbypassrls, rolconfig FROM pg_roles ORDER BY rolname`);
      await same('SELECT * FROM pg_user');
      await same('SELECT * FROM pg_language ORDER BY oid');
      await same('SELECT * FROM pg_collation WHERE oid IN (100, 950, 951) ORDER BY oid');
      await same('SELECT * FROM pg_tablespace ORDER BY oid');
      await same("SELECT * FROM pg_am WHERE amname IN ('heap', 'btree', 'hash', 'gist', 'gin', 'spgist', 'brin') ORDER BY oid");
      await same(`SELECT oid, opcmethod, opcname, opcnamespace, opcfamily, opcintype, opcdefault, opckeytype FROM pg_opclass
        WHERE opcmethod IN (403, 405) AND opcintype IN (16, 20, 21, 23, 25, 700, 701, 1042, 1082, 1184, 1700) ORDER BY oid`);
      await same("SELECT extname, extowner, extnamespace, extrelocatable, extversion, extconfig FROM pg_extension WHERE extname = 'plpgsql'");
      await same("SELECT d.datname, shobj_description(d.oid, 'pg_database') FROM pg_database d ORDER BY 1");
      await same("SELECT pid = pg_backend_pid() AS me, datname, usename, state, backend_type FROM pg_stat_activity WHERE pid = pg_backend_pid()");
    });

    it('catalogs vecsql keeps empty are empty in a fresh PostgreSQL database too', async () => {
      for (const name of ['pg_inherits', 'pg_policy', 'pg_enum', 'pg_statistic_ext', 'pg_publication', 'pg_publication_rel',
        'pg_publication_namespace', 'pg_partitioned_table', 'pg_event_trigger', 'pg_matviews', 'pg_policies']) {
        await same(`SELECT count(*) AS n FROM pg_catalog.${name}`);
      }
    });

    it('pg_settings as pgjdbc, DBeaver and Metabase read it', async () => {
      await same("SELECT setting FROM pg_catalog.pg_settings WHERE name='max_index_keys'");
      await same(`SELECT name, setting, unit, category, short_desc, context, vartype, min_val, max_val, enumvals, boot_val, reset_val
        FROM pg_settings WHERE name IN ('standard_conforming_strings', 'work_mem', 'statement_timeout', 'IntervalStyle',
          'max_identifier_length', 'client_min_messages', 'search_path', 'bytea_output') ORDER BY name`);
    });
  });

  describe('catalog functions', () => {
    it('format_type', async () => {
      const [row] = await same(`SELECT format_type(1042, -1) AS a, format_type(1042, NULL) AS b, format_type(1043, NULL) AS c,
          format_type(0, NULL) AS d, format_type(99999, -1) AS e, format_type(1009, 104) AS f, format_type(1015, 104) AS g,
          format_type(1700, 524294) AS h, format_type(23, 5) AS i, format_type(NULL, 1) AS j, format_type(1184, 3) AS k,
          format_type(c.reltype, NULL) AS l
        FROM pg_class c WHERE c.relname = 'authors'`);
      expect(row).toEqual({ a: 'bpchar', b: 'character', c: 'character varying', d: '-', e: '???', f: 'text(104)[]', g: 'character varying(100)[]', h: 'numeric(8,2)', i: 'integer', j: null, k: 'timestamp(3) with time zone', l: 'authors' });
    });

    it('visibility and ownership', async () => {
      await same(`SELECT c.relname, pg_table_is_visible(c.oid) AS visible, pg_type_is_visible(c.reltype) AS type_visible,
          pg_get_userbyid(c.relowner) AS owner FROM pg_class c WHERE c.relname IN ('authors', 'author_names', 'books_pkey') ORDER BY 1`);
      await same("SELECT pg_table_is_visible(c.oid) AS visible, pg_get_userbyid(c.relowner) AS owner FROM pg_class c WHERE c.relname = 'pg_class'");
      await same('SELECT pg_get_userbyid(10) AS a, pg_get_userbyid(12345) AS b, pg_table_is_visible(99999) AS c, pg_type_is_visible(23) AS d');
    });

    it('pg_get_serial_sequence', async () => {
      const [row] = await same(`SELECT pg_get_serial_sequence('authors', 'id') AS a, pg_get_serial_sequence('books', 'id') AS b,
          pg_get_serial_sequence('authors', 'name') AS c, pg_get_serial_sequence('public.authors', 'id') AS d,
          pg_get_serial_sequence('"authors"', 'id') AS e`);
      expect(row).toEqual({ a: 'public.authors_id_seq', b: 'public.books_id_seq', c: null, d: 'public.authors_id_seq', e: 'public.authors_id_seq' });
      for (const c of [vec.client, ref?.client]) {
        if (!c) continue;
        await expect(c.query("SELECT pg_get_serial_sequence('nosuch', 'id')")).rejects.toMatchObject({ code: '42P01' });
        await expect(c.query("SELECT pg_get_serial_sequence('authors', 'ID')")).rejects.toMatchObject({ code: '42703' });
      }
    });

    it('privileges of the superuser', async () => {
      const [row] = await same(`SELECT has_table_privilege('authors', 'select') AS a, has_schema_privilege('public', 'USAGE') AS b,
          has_database_privilege(current_database(), 'connect') AS c, has_column_privilege('authors', 'name', 'select') AS d,
          has_table_privilege(99999::oid, 'select') AS e, has_table_privilege(current_user, 'authors', 'insert, update') AS f,
          has_any_column_privilege('authors', 'select') AS g, has_schema_privilege(current_user, 'public', 'create') AS h,
          has_sequence_privilege('authors_id_seq', 'usage') AS i, pg_catalog.has_table_privilege('public.books', 'DELETE WITH GRANT OPTION') AS j`);
      expect(row).toEqual({ a: 't', b: 't', c: 't', d: 't', e: null, f: 't', g: 't', h: 't', i: 't', j: 't' });
      for (const c of [vec.client, ref?.client]) {
        if (!c) continue;
        await expect(c.query("SELECT has_table_privilege('nosuch', 'select')")).rejects.toMatchObject({ code: '42P01' });
        await expect(c.query("SELECT has_table_privilege('authors', 'frobnicate')")).rejects.toMatchObject({ code: '22023' });
        await expect(c.query("SELECT has_schema_privilege('nosuch', 'usage')")).rejects.toMatchObject({ code: '3F000' });
      }
    });

    it('pg_get_keywords (pgjdbc getSQLKeywords)', async () => {
      await sameText('SELECT count(*) AS n, count(*) FILTER (WHERE barelabel) AS bare FROM pg_catalog.pg_get_keywords()');
      await sameText(`SELECT word, catcode, barelabel, catdesc, baredesc FROM pg_get_keywords()
        WHERE word IN ('select', 'between', 'left', 'abort', 'year', 'as') ORDER BY word`);
    });

    it('quoting, encodings and sizes', async () => {
      await same(`SELECT quote_ident('a b') AS a, quote_ident('abc') AS b, quote_ident('Abc') AS c, quote_ident('select') AS d,
          quote_literal('it''s') AS e, quote_literal(E'a\\\\b') AS f, quote_nullable(NULL) AS g, quote_literal(42) AS h,
          quote_nullable('x') AS i, pg_encoding_to_char(6) AS j, pg_encoding_to_char(0) AS k, pg_encoding_to_char(999) AS l`);
      await same(`SELECT pg_size_pretty(20479::bigint) AS a, pg_size_pretty(20480::bigint) AS b, pg_size_pretty(-20480::bigint) AS c,
          pg_size_pretty(123456789::numeric) AS d, pg_size_pretty(1.5::numeric) AS e, pg_size_pretty(10485760::bigint) AS f,
          pg_size_pretty(1048575999::bigint) AS g, pg_size_pretty(11258999068426240::bigint) AS h, pg_size_pretty(0::bigint) AS i`);
      // Table data counts as 0 bytes in vecsql; an index is one 8 kB page, as an empty btree in PostgreSQL.
      await sameText(`SELECT pg_relation_size('authors') AS a, pg_relation_size('authors_pkey') AS b, pg_indexes_size('authors') AS c,
          pg_relation_size('author_names') AS d, pg_relation_size('authors_id_seq') AS e`);
      const [row] = (await vec.client.query("SELECT pg_total_relation_size('authors') AS t, pg_postmaster_start_time() <= now() AS started, pg_is_in_recovery() AS r")).rows;
      expect(row).toEqual({ t: '16384', started: 't', r: 'f' });
    });
  });
});
