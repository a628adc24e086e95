/**
 * Durability under kill -9: "a kill -9 at any moment loses no committed
 * transaction and leaves no partial one, and every index agrees with its
 * table." vecsql runs as a child process; several clients run transfers,
 * autocommit inserts/deletes, DDL and rolled-back transactions; the server
 * gets SIGKILL after a random 50–600 ms, restarts on the same data
 * directory, and everything acknowledged (and nothing else) must be there.
 * The workload and the checks (a)–(f) are in bench/soak/crash-workload.ts;
 * bench/soak/crash-soak.ts runs it for many rounds.
 *
 * VECSQL_CRASH_ROUNDS (default 8), VECSQL_CRASH_SEED (default random,
 * printed) tune it.
 */
import { describe, expect, it } from 'vitest';
import { runCrashRounds } from '../../bench/soak/crash-workload.js';

const ROUNDS = Number(process.env.VECSQL_CRASH_ROUNDS ?? 8);
const SEED = process.env.VECSQL_CRASH_SEED === undefined ? undefined : Number(process.env.VECSQL_CRASH_SEED);

describe('crash durability (SIGKILL, restart, verify)', () => {
  it(`${ROUNDS} rounds of kill -9 lose no acknowledged commit, leave nothing partial, and keep indexes consistent`, async () => {
    const lines: string[] = [];
    const result = await runCrashRounds({ rounds: ROUNDS, seed: SEED, log: (l) => lines.push(l) });
    const t = result.totals;
    const summary =
      `crash: ${result.rounds.length}/${ROUNDS} rounds, seed ${result.seed}: ${t.acked} acknowledged, ${t.rolledBack} rolled back, ` +
      `${t.interrupted} interrupted before COMMIT, ${t.inFlight} in flight at the kill (${t.inFlightCommitted} of them committed)`;
    console.log([...lines, ...result.notes.map((n) => `note: ${n}`), summary].join('\n'));
    const detail =
      result.violations.length === 0
        ? ''
        : `${result.violations.slice(0, 30).join('\n')}\n(seed ${result.seed}; data directory kept: ${result.dataDir})\nserver output:\n${result.serverTail}`;
    expect(result.violations, detail).toEqual([]);
    expect(result.rounds.length).toBe(ROUNDS);
    // The rounds must have done real work, or the test proves nothing.
    expect(t.acked).toBeGreaterThan(ROUNDS * 3);
  }, 30_000 + ROUNDS * 15_000);
});
