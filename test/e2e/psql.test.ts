/**
 * psql (libpq, simple query protocol) end to end, against vecsql and
 * PostgreSQL 15 alike: -c and -f, output formats, ON_ERROR_STOP exit codes,
 * multi-statement strings, \echo and variables.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { TARGET_NAMES, psqlConnArgs, runPsql, startTarget, type ProcessResult, type Target } from '../support/e2e.js';

// psql start-up dominates (100-200 ms a process on a busy machine): the
// runs are independent sessions, so they run concurrently.
describe.concurrent.each(TARGET_NAMES)('psql against %s', (targetName) => {
  let target: Target;
  let dir: string;

  /** psql -X (no psqlrc) against the target, plus `args`. */
  const psql = (args: string[], env: Record<string, string> = {}, input?: string): Promise<ProcessResult> =>
    runPsql([...psqlConnArgs(target), '-X', ...args], env, input);

  /** Runs a script file with `psql -f`. */
  const psqlFile = (name: string, script: string, args: string[] = []): Promise<ProcessResult> => {
    const file = join(dir, name);
    writeFileSync(file, script);
    return psql([...args, '-f', file]);
  };

  beforeAll(async () => {
    target = await startTarget(targetName);
    dir = mkdtempSync(join(tmpdir(), 'vecsql-psql-'));
  });

  afterAll(async () => {
    await target?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('-c', () => {
    it('prints a tuples-only unaligned result', async ({ expect }) => {
      const r = await psql(['-A', '-t', '-c', 'SELECT 1']);
      expect(r).toEqual({ code: 0, stdout: '1\n', stderr: '' });
    });

    it('separates columns with | and shows NULL as empty', async ({ expect }) => {
      const r = await psql(['-A', '-t', '-c', "SELECT 1 AS a, 'x y' AS b, NULL::int AS c, true AS d, '2.5'::float8 AS e, ARRAY[1,2] AS f"]);
      expect(r.stdout).toBe('1|x y||t|2.5|{1,2}\n');
      expect(r.code).toBe(0);
    });

    it('prints headers and the row count in unaligned mode', async ({ expect }) => {
      const r = await psql(['-A', '-c', 'SELECT 1 AS a, 2 AS b']);
      expect(r.stdout).toBe('a|b\n1|2\n(1 row)\n');
    });

    it('prints the aligned table format', async ({ expect }) => {
      const r = await psql(['-c', "SELECT 1 AS a, 'hello' AS b"]);
      expect(r.stdout).toBe(' a |   b   \n---+-------\n 1 | hello\n(1 row)\n\n');
    });

    it('prints zero rows', async ({ expect }) => {
      const r = await psql(['-c', 'SELECT 1 AS a WHERE false']);
      expect(r.stdout).toBe(' a \n---\n(0 rows)\n\n');
    });

    it('prints CSV', async ({ expect }) => {
      const r = await psql(['--csv', '-c', "SELECT 1 AS a, 'x,y' AS b, 'say \"hi\"' AS c"]);
      expect(r.stdout).toBe('a,b,c\n1,"x,y","say ""hi"""\n');
    });

    it('prints the command tag of utility statements', async ({ expect }) => {
      const r = await psql(['-c', "SET application_name = 'psql_test'"]);
      expect(r).toEqual({ code: 0, stdout: 'SET\n', stderr: '' });
    });

    it('prints SHOW output', async ({ expect }) => {
      const r = await psql(['-A', '-t', '-c', 'SHOW standard_conforming_strings']);
      expect(r.stdout).toBe('on\n');
    });

    it('shows every result of a multi-statement string', async ({ expect }) => {
      const r = await psql(['-A', '-t', '-c', "SELECT 1; SELECT 'two'; SELECT 3 AS three"]);
      expect(r).toEqual({ code: 0, stdout: '1\ntwo\n3\n', stderr: '' });
    });

    it('runs a multi-statement string as one implicit transaction', async ({ expect }) => {
      // SET LOCAL lasts until the end of the implicit transaction block.
      const r = await psql(['-A', '-t', '-c', "SET LOCAL application_name = 'implicit'; SHOW application_name"]);
      expect(r.stdout).toBe('SET\nimplicit\n');
      expect(r.code).toBe(0);
    });

    it('runs several -c options in order on one session', async ({ expect }) => {
      const r = await psql(['-A', '-t', '-c', "SET application_name = 'multi_c'", '-c', 'SHOW application_name', '-c', 'SELECT 2']);
      expect(r.stdout).toBe('SET\nmulti_c\n2\n');
    });

    it('runs BEGIN … ROLLBACK across -c options', async ({ expect }) => {
      const r = await psql(['-A', '-t', '-c', 'BEGIN', '-c', "SET LOCAL application_name = 'tx'", '-c', 'SHOW application_name', '-c', 'ROLLBACK', '-c', 'SHOW application_name']);
      expect(r.stdout).toBe('BEGIN\nSET\ntx\nROLLBACK\npsql\n');
    });

    it('exits 1 on an error and reports it with the position marker', async ({ expect }) => {
      const r = await psql(['-A', '-t', '-c', 'SELECT 1 AS a b']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('ERROR:  syntax error at or near "b"\nLINE 1: SELECT 1 AS a b\n' + ' '.repeat(22) + '^\n');
    });

    it('stops a multi-statement string at the first error', async ({ expect }) => {
      const r = await psql(['-A', '-t', '-c', 'SELECT 1; SELECT 1/0; SELECT 3']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('1\n');
      expect(r.stderr).toBe('ERROR:  division by zero\n');
    });

    it('reads a script from stdin', async ({ expect }) => {
      const r = await psql(['-A', '-t'], {}, "SELECT 'from stdin';\n\\echo done\n");
      expect(r).toEqual({ code: 0, stdout: 'from stdin\ndone\n', stderr: '' });
    });
  });

  describe('variables and meta-commands', () => {
    it('echoes text and variables', async ({ expect }) => {
      const r = await psql(['-v', 'greeting=hello', '-c', '\\echo :greeting world']);
      expect(r).toEqual({ code: 0, stdout: 'hello world\n', stderr: '' });
    });

    it('interpolates variables into SQL, raw and quoted', async ({ expect }) => {
      const r = await psqlFile('vars.sql', [
        '\\set n 41',
        "\\set who 'O''Brien'",
        "SELECT :n + 1 AS answer, :'who' AS who, length(:'who') AS len;",
      ].join('\n'), ['-A', '-t']);
      expect(r).toEqual({ code: 0, stdout: "42|O'Brien|7\n", stderr: '' });
    });

    it('stores a result in variables with \\gset', async ({ expect }) => {
      const r = await psqlFile('gset.sql', [
        "SELECT 6 * 7 AS answer, 'yes' AS ok \\gset",
        '\\echo :answer :ok',
        'SELECT :answer - 2;',
      ].join('\n'), ['-A', '-t']);
      expect(r).toEqual({ code: 0, stdout: '42 yes\n40\n', stderr: '' });
    });

    it('sets ERROR, SQLSTATE and ROW_COUNT', async ({ expect }) => {
      const r = await psqlFile('status.sql', [
        'SELECT 1 WHERE false;',
        '\\echo rows=:ROW_COUNT error=:ERROR',
        'SELECT 1/0;',
        '\\echo error=:ERROR sqlstate=:SQLSTATE last=:LAST_ERROR_SQLSTATE',
        "\\echo :'LAST_ERROR_MESSAGE'",
      ].join('\n'), ['-A', '-t']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("rows=0 error=false\nerror=true sqlstate=22012 last=22012\n'division by zero'\n");
    });

    it('reads the server version from ParameterStatus', async ({ expect }) => {
      const r = await psql(['-c', '\\echo :SERVER_VERSION_NUM :SERVER_VERSION_NAME']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^15\d{4} 15\.\d+/);
    });

    it('shows the null display and uses \\pset', async ({ expect }) => {
      const r = await psqlFile('pset.sql', [
        "\\pset null '<null>'",
        '\\pset format unaligned',
        '\\pset tuples_only on',
        'SELECT NULL::text AS n, 1 AS one;',
      ].join('\n'), ['-q']);
      expect(r).toEqual({ code: 0, stdout: '<null>|1\n', stderr: '' });
    });

    it('reports connection info', async ({ expect }) => {
      const r = await psql(['-c', '\\conninfo']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`You are connected to database "${target.database}" as user "${target.user}" on host "127.0.0.1" at port "${target.port}".\n`);
    });
  });

  describe('-f with ON_ERROR_STOP', () => {
    const script = [
      '\\set ON_ERROR_STOP on',
      "SELECT 'first';",
      'SELECT 1 +;',
      "SELECT 'never';",
    ].join('\n') + '\n';

    it('exits 3 at the first error and runs nothing after it', async ({ expect }) => {
      const r = await psqlFile('stop.sql', script, ['-A', '-t']);
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('first\n');
      const file = join(dir, 'stop.sql');
      expect(r.stderr).toBe(`psql:${file}:3: ERROR:  syntax error at or near ";"\nLINE 1: SELECT 1 +;\n                  ^\n`);
    });

    it('continues past errors without ON_ERROR_STOP and exits 0', async ({ expect }) => {
      const r = await psqlFile('continue.sql', script.replace('\\set ON_ERROR_STOP on\n', ''), ['-A', '-t']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('first\nnever\n');
      expect(r.stderr).toContain('ERROR:  syntax error at or near ";"');
    });

    it('exits 3 for a run-time error too, with -v ON_ERROR_STOP=1', async ({ expect }) => {
      const r = await psqlFile('runtime.sql', "SELECT 'a';\nSELECT 'x'::int;\nSELECT 'b';\n", ['-A', '-t', '-v', 'ON_ERROR_STOP=1']);
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('a\n');
      expect(r.stderr).toContain('ERROR:  invalid input syntax for type integer: "x"');
    });

    it('runs a file as a single transaction with -1', async ({ expect }) => {
      const r = await psqlFile('single.sql', [
        "SET LOCAL application_name = 'single_tx';",
        'SHOW application_name;',
        "SELECT current_setting('application_name') = 'single_tx';",
      ].join('\n'), ['-A', '-t', '-1']);
      expect(r).toEqual({ code: 0, stdout: 'SET\nsingle_tx\nt\n', stderr: '' });
    });

    it('handles statements spread over lines, comments and semicolons in strings', async ({ expect }) => {
      const r = await psqlFile('layout.sql', [
        '-- a comment',
        'SELECT',
        "  'a;b' AS s, /* inline ; comment */",
        '  2 AS n',
        ';',
        'SELECT $$dollar; quoted$$;',
      ].join('\n'), ['-A', '-t']);
      expect(r).toEqual({ code: 0, stdout: 'a;b|2\ndollar; quoted\n', stderr: '' });
    });
  });

  describe('connection failures', () => {
    it('exits 2 when the database does not exist', async ({ expect }) => {
      const r = await runPsql(['-h', target.host, '-p', String(target.port), '-U', target.user, '-d', 'no_such_db', '-X', '-c', 'SELECT 1']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('FATAL:  database "no_such_db" does not exist');
    });
  });
});
