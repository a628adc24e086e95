/**
 * npm run slt -- [--complete|--check-pg] [--url postgres://...] [--engine NAME]
 *                [--mode simple|extended|both] [files or directories...]
 *
 *   (default)    run against vecsql: a fresh test server per file, or the
 *                server at --url (then every file shares its database)
 *   --check-pg   validate the files against PostgreSQL 15 (a throwaway
 *                cluster, or the server at --url), a fresh database per file
 *   --complete   rewrite the files in place with PostgreSQL 15's results
 *                (each record from the first mode it runs in), then check
 *
 * Files default to every .slt under sql/. Exit status 1 on any failure.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startPostgres15 } from '../support/postgres15.js';
import type { Mode, Outcome } from './client.js';
import { completeFile } from './complete.js';
import { sltFiles } from './discover.js';
import { readSltFile } from './parser.js';
import type { SltRecord } from './parser.js';
import { formatFailures, formatSummary, runFile } from './runner.js';
import type { FileResult, FreshTarget } from './runner.js';
import { serializeSlt } from './serialize.js';
import { configFromUrl, postgresTargets, vecsqlTarget } from './targets.js';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      complete: { type: 'boolean', default: false },
      'check-pg': { type: 'boolean', default: false },
      url: { type: 'string' },
      engine: { type: 'string' },
      mode: { type: 'string', default: 'both' },
    },
  });
  const modes: Mode[] = values.mode === 'both' ? ['simple', 'extended'] : [values.mode as Mode];
  if (!modes.every((m) => m === 'simple' || m === 'extended')) throw new Error(`--mode: simple, extended or both; got ${values.mode}`);
  const files = sltFiles(positionals.length > 0 ? positionals : ['sql']);
  const againstPostgres = values.complete || values['check-pg'];
  const engine = values.engine ?? (againstPostgres ? 'postgres' : 'vecsql');

  let freshTarget: FreshTarget;
  let cleanup = async (): Promise<void> => {};
  if (againstPostgres) {
    const pg15 = values.url ? undefined : await startPostgres15();
    const admin = values.url ? configFromUrl(values.url) : { host: pg15!.host, port: pg15!.port, user: pg15!.user, database: 'postgres' };
    const targets = postgresTargets(admin);
    freshTarget = targets.freshTarget;
    cleanup = async () => {
      await targets.close();
      await pg15?.stop();
    };
  } else if (values.url) {
    const config = configFromUrl(values.url);
    freshTarget = async () => ({ config, release: async () => {} });
  } else {
    freshTarget = vecsqlTarget;
  }

  const results: FileResult[] = [];
  try {
    for (const path of files) {
      if (values.complete) {
        // Each record takes its result from the first mode it runs in, so
        // `onlyif extended` records are completed too; the check below then
        // shows where the modes disagree.
        const file = readSltFile(path);
        const outcomes = new Map<SltRecord, Outcome>();
        for (const mode of modes) {
          const run = await runFile(file, { engine, mode, freshTarget });
          if (run.aborted) throw new Error(`cannot complete ${path}: ${run.aborted}`);
          for (const [record, outcome] of run.outcomes) if (!outcomes.has(record)) outcomes.set(record, outcome);
        }
        const before = serializeSlt(file);
        const after = serializeSlt(completeFile(file, outcomes));
        if (after !== before) writeFileSync(path, after);
        console.log(`${path}: ${after === before ? 'unchanged' : 'rewritten'} (${outcomes.size} records completed)`);
      }
      for (const mode of modes) {
        const result = await runFile(path, { engine, mode, freshTarget });
        results.push(result);
        if (result.failures.length > 0) console.log(formatFailures(result));
      }
    }
  } finally {
    await cleanup();
  }
  console.log(formatSummary(results));
  return results.some((r) => r.failures.length > 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(2);
  },
);
