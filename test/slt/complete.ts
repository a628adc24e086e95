/**
 * `--complete`: rewrites a file's expectations with what the reference
 * server (PostgreSQL 15) actually returned. Comments, record order, SQL,
 * sort modes and colnames flags stay as written; type letters stay unless
 * they contradict the column types. Records that did not run (skipped,
 * after a halt) are left untouched.
 */
import type { Outcome } from './client.js';
import type { ErrorExpectation, Item, QueryRecord, SltFile, SltRecord, StatementRecord } from './parser.js';
import { letters, resultLines, rowCount } from './render.js';

export function completeFile(file: SltFile, outcomes: Map<SltRecord, Outcome>): SltFile {
  const items = file.items.map((item): Item => {
    if (item.type === 'text' || item.type === 'halt') return item;
    const outcome = outcomes.get(item);
    if (!outcome) return item;
    return item.type === 'statement' ? completeStatement(item, outcome) : completeQuery(item, outcome);
  });
  return { ...file, items };
}

function completeStatement(record: StatementRecord, outcome: Outcome): StatementRecord {
  const e = record.expect;
  if (!outcome.ok) {
    return { ...record, expect: { kind: 'error', error: completeError(e.kind === 'error' ? e.error : undefined, outcome) } };
  }
  if (e.kind === 'count') {
    const count = rowCount(outcome.tag);
    return { ...record, expect: count === null ? { kind: 'ok' } : { kind: 'count', count } };
  }
  if (e.kind === 'ok' && e.tag !== undefined && outcome.tag !== null) {
    return { ...record, expect: { kind: 'ok', tag: outcome.tag } };
  }
  return { ...record, expect: { kind: 'ok' } };
}

function completeQuery(record: QueryRecord, outcome: Outcome): QueryRecord {
  if (!outcome.ok) {
    return { ...record, error: completeError(record.error, outcome), expected: [] };
  }
  const got = letters(outcome.columns);
  const done: QueryRecord = { ...record, letters: got, expected: [] };
  delete done.error;
  done.expected = resultLines(done, outcome.columns, outcome.rows);
  return done;
}

/**
 * The actual SQLSTATE, plus the full message — unless the author wrote
 * `error <SQLSTATE>` alone, choosing not to pin the message.
 */
function completeError(previous: ErrorExpectation | undefined, outcome: Outcome & { ok: false }): ErrorExpectation {
  const pinMessage = previous === undefined || previous.message !== undefined || previous.sqlstate === undefined;
  const message = outcome.message.split('\n')[0]!;
  return pinMessage ? { sqlstate: outcome.sqlstate, message } : { sqlstate: outcome.sqlstate };
}
