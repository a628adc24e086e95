/**
 * Long-running crash-durability soak: the workload of test/e2e/crash.test.ts
 * for many rounds (build first: `npm run build`).
 *
 *   npx tsx bench/soak/crash-soak.ts --rounds 50 [--clients 4] [--seed N]
 *        [--min-delay 50] [--max-delay 600] [--keep-going] [--quiet]
 *
 * --keep-going continues after a round with violations (the record is
 * re-based on what the database holds, so later rounds check afresh).
 * Prints one line per round, then a summary line:
 *   crash-soak: rounds=50/50 violations=0 violating_rounds=0 seen_then_lost=0 acked=… rolled_back=… interrupted=… in_flight=… in_flight_committed=… seed=… elapsed=…s
 * and exits 1 if anything was violated (the data directory is kept then).
 */
import { parseArgs } from 'node:util';
import { runCrashRounds } from './crash-workload.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '50' },
    clients: { type: 'string', default: '4' },
    seed: { type: 'string' },
    'min-delay': { type: 'string', default: '50' },
    'max-delay': { type: 'string', default: '600' },
    'keep-going': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});

const rounds = Number(values.rounds);
const started = Date.now();
const result = await runCrashRounds({
  rounds,
  clients: Number(values.clients),
  seed: values.seed === undefined ? undefined : Number(values.seed),
  minDelayMs: Number(values['min-delay']),
  maxDelayMs: Number(values['max-delay']),
  stopOnViolation: !values['keep-going'],
  log: values.quiet ? undefined : (line) => console.log(line),
});

for (const n of result.notes) console.log(`note: ${n}`);
for (const [title, list] of [['violations (a)–(e)', result.violations], ['seen-then-lost (f): visible before durable', result.visibilityViolations]] as const) {
  if (list.length === 0) continue;
  console.log(`\n${title} (${list.length}):`);
  for (const v of list.slice(0, 50)) console.log(`  ${v}`);
  if (list.length > 50) console.log(`  … ${list.length - 50} more`);
}
if (result.violations.length > 0) {
  console.log(`\ndata directory kept: ${result.dataDir}\nserver output (tail):\n${result.serverTail}`);
}
const t = result.totals;
const badRounds = result.rounds.filter((r) => r.violations.length > 0).length;
console.log(
  `crash-soak: rounds=${result.rounds.length}/${rounds} violations=${result.violations.length} violating_rounds=${badRounds} seen_then_lost=${result.visibilityViolations.length} ` +
    `acked=${t.acked} rolled_back=${t.rolledBack} interrupted=${t.interrupted} in_flight=${t.inFlight} in_flight_committed=${t.inFlightCommitted} ` +
    `seed=${result.seed} elapsed=${((Date.now() - started) / 1000).toFixed(1)}s`,
);
process.exitCode = result.violations.length > 0 || result.visibilityViolations.length > 0 || result.rounds.length < rounds ? 1 : 0;
