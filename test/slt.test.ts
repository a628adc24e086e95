/**
 * The .slt corpus (sql/**\/*.slt), each file in each protocol mode as its own
 * test, against vecsql (a fresh server per file). With VECSQL_SLT_PG=1 the
 * same files also run against PostgreSQL 15, proving the expectations are
 * PostgreSQL's own.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { Mode } from './slt/client.js';
import { sltFiles } from './slt/discover.js';
import { parseSlt } from './slt/parser.js';
import { formatFailures, runFile } from './slt/runner.js';
import type { FreshTarget } from './slt/runner.js';
import { postgresTargets, vecsqlTarget } from './slt/targets.js';
import type { PostgresTargets } from './slt/targets.js';
import { isPostgres15Available, startPostgres15 } from './support/postgres15.js';
import type { Postgres15 } from './support/postgres15.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Paths relative to the repository root, so reports read `sql/basics/x.slt:12`.
const files = sltFiles([join(root, 'sql')]).map((f) => relative(root, f));
const modes: Mode[] = ['simple', 'extended'];
// sql/pending/ holds files completed from PostgreSQL for features vecsql has not built yet:
// PostgreSQL validates them, vecsql runs them once they move out of pending/.
const vecsqlFiles = files.filter((f) => !f.startsWith('sql/pending/'));

async function runAndAssert(file: string, mode: Mode, engine: string, freshTarget: FreshTarget): Promise<void> {
  const parsed = parseSlt(file, readFileSync(join(root, file), 'utf8'));
  const result = await runFile(parsed, { engine, mode, freshTarget });
  if (result.failures.length > 0) {
    throw new Error(`${result.failures.length} of ${result.failures.length + result.passed} records failed\n\n${formatFailures(result)}`);
  }
}

describe('slt vecsql', () => {
  for (const file of vecsqlFiles) {
    for (const mode of modes) {
      test(`${file} [${mode}]`, () => runAndAssert(file, mode, 'vecsql', vecsqlTarget));
    }
  }
});

// Whenever PostgreSQL 15 is installed (always in CI), the corpus is also checked against it;
// VECSQL_SLT_PG=0 turns that off, VECSQL_SLT_PG=1 makes a missing PostgreSQL an error.
const checkPostgres = process.env.VECSQL_SLT_PG === '1' || (process.env.VECSQL_SLT_PG !== '0' && isPostgres15Available());

describe.runIf(checkPostgres)('slt postgres15', () => {
  let server: Postgres15 | undefined;
  let targets: PostgresTargets | undefined;

  beforeAll(async () => {
    if (!isPostgres15Available()) throw new Error('VECSQL_SLT_PG=1 but PostgreSQL 15 is not installed');
    server = await startPostgres15();
    targets = postgresTargets({ host: server.host, port: server.port, user: server.user, database: 'postgres' });
  });

  afterAll(async () => {
    await targets?.close();
    await server?.stop();
  });

  for (const file of files) {
    for (const mode of modes) {
      test(`${file} [${mode}]`, () => runAndAssert(file, mode, 'postgres', () => targets!.freshTarget()));
    }
  }
});
