/**
 * The crash-durability workload shared by test/e2e/crash.test.ts (a few
 * rounds) and bench/soak/crash-soak.ts (many).
 *
 * The promise under test: a kill -9 at any moment loses no committed
 * transaction and leaves no partial one, and every index agrees with its
 * table.
 *
 * One round: several pg clients run a mix of transactions against a vecsql
 * child process (transfers between accounts in BEGIN…COMMIT, autocommit
 * inserts and deletes, CREATE/DROP INDEX on a side table, transactions
 * rolled back explicitly, to a savepoint, or by an error), recording what
 * each COMMIT acknowledged and what was in flight; after a random delay the
 * server gets SIGKILL, is started again on the same data directory, and the
 * data is checked against that record:
 *   (a) every acknowledged effect is present (exactly: ledger ids, amounts,
 *       balances);
 *   (b) nothing rolled back or never committed is present, and an in-flight
 *       commit is all or nothing (a transfer's two ledger rows and two
 *       balance changes together, or none of them);
 *   (c) invariants: money is conserved, every row's derived columns agree
 *       with its balance;
 *   (d) index paths agree with full scans (secondary, unique and primary-key
 *       indexes on every table, the side table's indexes while they exist);
 *   (e) the restarted server takes new writes, and its sequence does not
 *       hand out an id at or below one already committed;
 *   (f) no row a reader saw before the crash is gone after it (a commit
 *       must not be visible before it is durable). Reported apart from
 *       (a)–(e) (`visibilityViolations`): it is a separate promise, and
 *       test/e2e/crash.test.ts aims a kill at that window in its own test.
 * The record is cumulative: every round re-checks all earlier rounds.
 */
import pg from 'pg';
import { ChildServer } from '../../test/support/child-server.js';

export interface CrashOptions {
  rounds: number;
  /** Writer clients (default 4). */
  clients?: number;
  /** SIGKILL after a delay drawn from [minDelayMs, maxDelayMs] (default 50–600). */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Main accounts (default 40). */
  accounts?: number;
  seed?: number;
  /** Stop at the first round with a violation (default true). */
  stopOnViolation?: boolean;
  /** Keep the data directory afterwards (default: removed unless an (a)–(e) violation was found). */
  keepData?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface RoundReport {
  round: number;
  delayMs: number;
  /** Transactions/statements acknowledged before the kill. */
  acked: number;
  rolledBack: number;
  /** Transactions the kill interrupted before their COMMIT was sent (must be absent). */
  interrupted: number;
  /** Work in flight at the kill: the COMMIT or autocommit statement sent, not answered. */
  inFlight: number;
  /** Of those whose COMMIT (or autocommit statement) was sent: how many turned out committed. */
  inFlightCommitted: number;
  restartMs: number;
  verifyMs: number;
  violations: string[];
  /** (f): rows readers saw before the kill that are gone after it. */
  visibilityViolations: string[];
}

export interface CrashResult {
  seed: number;
  dataDir: string;
  rounds: RoundReport[];
  violations: string[];
  /** (f), kept apart: see the file comment. */
  visibilityViolations: string[];
  /** Notes on the run that are not violations (e.g. which checks could not use EXPLAIN). */
  notes: string[];
  serverTail: string;
  totals: { acked: number; rolledBack: number; interrupted: number; inFlight: number; inFlightCommitted: number };
}

// ---------------------------------------------------------------------------
// Deterministic randomness (the kill timing is not, but the mix is).

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------
// What the clients did

/**
 * acked: the server confirmed it (COMMIT or an autocommit statement);
 * rolledBack: ended without committing (ROLLBACK, ROLLBACK TO, an error);
 * unknown: the commit (or the autocommit statement) was sent and no answer came;
 * notCommitted: the connection died before COMMIT was sent.
 */
type Status = 'acked' | 'rolledBack' | 'unknown' | 'notCommitted';

interface LedgerRowSpec {
  account: number;
  amount: number;
}

type Effect =
  | { kind: 'ledger'; note: string; rows: LedgerRowSpec[]; ids: string[] | null; transfer: boolean; status: Status }
  | { kind: 'ledgerDelete'; note: string; status: Status }
  | { kind: 'spare'; id: number; present: boolean; status: Status }
  | { kind: 'side'; id: number; k: number; v: string; status: Status }
  | { kind: 'index'; name: string; present: boolean; status: Status };

interface NoteModel {
  rows: LedgerRowSpec[];
  ids: string[] | null;
  transfer: boolean;
  present: boolean;
}

/** What the database must contain: everything resolved so far. */
interface Model {
  balances: Map<number, number>;
  notes: Map<string, NoteModel>;
  spares: Map<number, boolean>;
  side: Map<number, { k: number; v: string; present: boolean }>;
  indexes: Map<string, { column: string; present: boolean }>;
  total: number;
}

const INITIAL_BALANCE = 10_000;
/** A violation detected while clients run (an unexpected SQL error). */
class Unexpected extends Error {}

function tagOf(balance: number): string {
  return `t${balance % 7}`; // JS % truncates like SQL's
}
function codeOf(id: number, balance: number): string {
  return `${id}:${balance}`;
}

const PG_CONFIG_TIMEOUTS = { connectionTimeoutMillis: 10_000, query_timeout: 20_000 } as const;

async function connect(server: ChildServer): Promise<pg.Client> {
  const c = new pg.Client({ ...server.connection, ...PG_CONFIG_TIMEOUTS });
  c.on('error', () => {});
  await c.connect();
  return c;
}

/** An error the server sent (it has a SQLSTATE), as opposed to a dead connection. */
function sqlState(e: unknown): string | null {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

function describe(e: unknown): string {
  const code = sqlState(e);
  return `${code ? `[${code}] ` : ''}${(e as Error).message ?? String(e)}`;
}

// ---------------------------------------------------------------------------
// One writer client

interface WorkerCtx {
  client: number;
  round: number;
  rnd: () => number;
  accounts: number;
  /** Set just before SIGKILL: connection errors after it are expected. */
  killed: () => boolean;
  /** This client's memos known committed (note → ledger id). */
  memos: Map<string, string>;
  /** This client's spare accounts known present. */
  spares: Set<number>;
  nextSpare: { n: number };
  nextSide: { n: number };
  /** This client's side index, known present or absent. */
  index: { name: string; column: string; present: boolean };
  effects: Effect[];
  /** Every account code an UPDATE wrote (committed or not), to probe the unique index for stale entries. */
  codes: Set<string>;
  violations: string[];
  counters: { acked: number; rolledBack: number };
}

class Worker {
  private seq = 0;
  constructor(
    private readonly c: pg.Client,
    private readonly x: WorkerCtx,
  ) {}

  private note(kind: string): string {
    return `${kind}:r${this.x.round}:c${this.x.client}:${this.seq++}`;
  }

  private pickPair(): [number, number, number] {
    const a = 1 + Math.floor(this.x.rnd() * this.x.accounts);
    let b = 1 + Math.floor(this.x.rnd() * (this.x.accounts - 1));
    if (b >= a) b++;
    const amount = 1 + Math.floor(this.x.rnd() * 500);
    // Lower id first: a row-locking implementation could otherwise deadlock.
    return a < b ? [a, b, amount] : [b, a, -amount];
  }

  private async q(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
    return this.c.query(sql, params);
  }

  private async one(sql: string, params: unknown[], what: string): Promise<pg.QueryResult> {
    const r = await this.q(sql, params);
    if (r.rowCount !== 1) throw new Unexpected(`${what}: expected 1 row, got ${r.rowCount}`);
    return r;
  }

  /** The statements of a transfer a → b (amount may be negative), inside a transaction block. */
  private async transferBody(a: number, b: number, amount: number, note: string): Promise<string[]> {
    const upd = "UPDATE accounts SET balance = balance + $2, tag = 't' || ((balance + $2) % 7), code = id || ':' || (balance + $2) WHERE id = $1 RETURNING balance";
    const ra = await this.one(upd, [a, -amount], `transfer ${note} debit`);
    this.x.codes.add(codeOf(a, Number(ra.rows[0].balance)));
    const rb = await this.one(upd, [b, amount], `transfer ${note} credit`);
    this.x.codes.add(codeOf(b, Number(rb.rows[0].balance)));
    const ins = 'INSERT INTO ledger (account, amount, note) VALUES ($1, $2, $3) RETURNING id';
    const r1 = await this.one(ins, [a, -amount, note], `transfer ${note} ledger 1`);
    const r2 = await this.one(ins, [b, amount, note], `transfer ${note} ledger 2`);
    return [String(r1.rows[0].id), String(r2.rows[0].id)];
  }

  private transferEffect(a: number, b: number, amount: number, note: string): Effect & { kind: 'ledger' } {
    return { kind: 'ledger', note, rows: [{ account: a, amount: -amount }, { account: b, amount }], ids: null, transfer: true, status: 'notCommitted' };
  }

  /**
   * Runs a transaction: `body` does the work inside BEGIN; then COMMIT (or
   * ROLLBACK when `commit` is false). Effects listed in `effects` get the
   * transaction's status; `inner` ones were rolled back to a savepoint.
   */
  private async txn(effects: Effect[], body: () => Promise<void>, commit: boolean): Promise<void> {
    for (const e of effects) this.x.effects.push(e);
    await this.q('BEGIN');
    await body();
    if (!commit) {
      await this.q('ROLLBACK');
      for (const e of effects) e.status = 'rolledBack';
      this.x.counters.rolledBack++;
      return;
    }
    for (const e of effects) e.status = 'unknown';
    const r = await this.q('COMMIT');
    if (r.command !== 'COMMIT') throw new Unexpected(`COMMIT answered ${r.command}`);
    for (const e of effects) e.status = 'acked';
    this.x.counters.acked++;
  }

  /** An autocommit statement: unknown while in flight. */
  private async auto<T>(effect: Effect, run: () => Promise<T>): Promise<T> {
    effect.status = 'unknown';
    this.x.effects.push(effect);
    const r = await run();
    effect.status = 'acked';
    this.x.counters.acked++;
    return r;
  }

  async step(): Promise<void> {
    const r = this.x.rnd();
    if (r < 0.4) {
      const [a, b, amount] = this.pickPair();
      const note = this.note('T');
      const e = this.transferEffect(a, b, amount, note);
      let ids: string[] = [];
      await this.txn([e], async () => { ids = await this.transferBody(a, b, amount, note); }, true);
      e.ids = ids;
    } else if (r < 0.46) {
      // Deliberately rolled back.
      const [a, b, amount] = this.pickPair();
      const note = this.note('R');
      await this.txn([this.transferEffect(a, b, amount, note)], async () => { await this.transferBody(a, b, amount, note); }, false);
    } else if (r < 0.52) {
      // Savepoint: the first transfer commits, the second is rolled back to the savepoint.
      const [a, b, amount] = this.pickPair();
      const [c, d, amount2] = this.pickPair();
      const keep = this.note('T');
      const drop = this.note('S');
      const e1 = this.transferEffect(a, b, amount, keep);
      const e2 = this.transferEffect(c, d, amount2, drop);
      this.x.effects.push(e2);
      let ids: string[] = [];
      await this.txn([e1], async () => {
        ids = await this.transferBody(a, b, amount, keep);
        await this.q('SAVEPOINT s1');
        await this.transferBody(c, d, amount2, drop);
        await this.q('ROLLBACK TO SAVEPOINT s1');
        e2.status = 'rolledBack';
      }, true);
      e1.ids = ids;
      e2.status = 'rolledBack';
    } else if (r < 0.56) {
      // An error aborts the block; COMMIT then rolls back.
      const [a, b, amount] = this.pickPair();
      const note = this.note('E');
      const e = this.transferEffect(a, b, amount, note);
      this.x.effects.push(e);
      await this.q('BEGIN');
      await this.transferBody(a, b, amount, note);
      try {
        await this.q('INSERT INTO accounts (id, balance) VALUES ($1, 0)', [a]);
        throw new Unexpected(`duplicate primary key ${a} was accepted`);
      } catch (err) {
        if (err instanceof Unexpected || sqlState(err) !== '23505') throw err;
      }
      const res = await this.q('COMMIT');
      if (res.command !== 'ROLLBACK') throw new Unexpected(`COMMIT of a failed transaction answered ${res.command}, expected ROLLBACK`);
      e.status = 'rolledBack';
      this.x.counters.rolledBack++;
    } else if (r < 0.59) {
      // Statement atomicity: the second row violates the foreign key, so neither row may stay.
      const note = this.note('X');
      const a = 1 + Math.floor(this.x.rnd() * this.x.accounts);
      const e: Effect = { kind: 'ledger', note, rows: [{ account: a, amount: 0 }, { account: 999_999, amount: 0 }], ids: null, transfer: false, status: 'rolledBack' };
      this.x.effects.push(e);
      try {
        await this.q('INSERT INTO ledger (account, amount, note) VALUES ($1, 0, $2), (999999, 0, $2)', [a, note]);
        throw new Unexpected('INSERT violating a foreign key was accepted');
      } catch (err) {
        if (err instanceof Unexpected || sqlState(err) !== '23503') throw err;
      }
      this.x.counters.rolledBack++;
    } else if (r < 0.73 || (r < 0.8 && this.x.memos.size === 0)) {
      const note = this.note('M');
      const a = 1 + Math.floor(this.x.rnd() * this.x.accounts);
      const e: Effect & { kind: 'ledger' } = { kind: 'ledger', note, rows: [{ account: a, amount: 0 }], ids: null, transfer: false, status: 'notCommitted' };
      const res = await this.auto(e, () => this.one('INSERT INTO ledger (account, amount, note) VALUES ($1, 0, $2) RETURNING id', [a, note], `memo ${note}`));
      e.ids = [String(res.rows[0].id)];
      this.x.memos.set(note, e.ids[0]!);
    } else if (r < 0.8) {
      const notes = [...this.x.memos.keys()];
      const note = notes[Math.floor(this.x.rnd() * notes.length)]!;
      const id = this.x.memos.get(note)!;
      this.x.memos.delete(note);
      await this.auto({ kind: 'ledgerDelete', note, status: 'notCommitted' }, () => this.one('DELETE FROM ledger WHERE id = $1 RETURNING note', [id], `delete memo ${note}`));
    } else if (r < 0.86 || (r < 0.9 && this.x.spares.size === 0)) {
      const id = 100_000 + this.x.client * 100_000 + this.x.nextSpare.n++;
      await this.auto({ kind: 'spare', id, present: true, status: 'notCommitted' }, () =>
        this.one("INSERT INTO accounts (id, balance, tag, code) VALUES ($1, 0, 's' || ($1 % 5), 'spare:' || $1) RETURNING id", [id], `spare insert ${id}`));
      this.x.spares.add(id);
    } else if (r < 0.9) {
      const ids = [...this.x.spares];
      const id = ids[Math.floor(this.x.rnd() * ids.length)]!;
      this.x.spares.delete(id);
      await this.auto({ kind: 'spare', id, present: false, status: 'notCommitted' }, () => this.one('DELETE FROM accounts WHERE id = $1 RETURNING id', [id], `spare delete ${id}`));
    } else if (r < 0.97) {
      const id = this.x.client * 1_000_000 + this.x.nextSide.n++;
      const k = Math.floor(this.x.rnd() * 10);
      const v = `v${Math.floor(this.x.rnd() * 10)}`;
      await this.auto({ kind: 'side', id, k, v, status: 'notCommitted' }, () => this.one('INSERT INTO side (id, k, v) VALUES ($1, $2, $3)', [id, k, v], `side insert ${id}`));
    } else {
      const ix = this.x.index;
      const create = !ix.present;
      const sql = create ? `CREATE INDEX ${ix.name} ON side (${ix.column})` : `DROP INDEX ${ix.name}`;
      await this.auto({ kind: 'index', name: ix.name, present: create, status: 'notCommitted' }, () => this.q(sql));
      ix.present = create;
    }
  }

  /** Runs steps until the connection dies; returns the violation if one stopped it early. */
  async run(): Promise<void> {
    for (;;) {
      try {
        await this.step();
      } catch (err) {
        if (err instanceof Unexpected) {
          this.x.violations.push(`client ${this.x.client}: ${err.message}`);
          return;
        }
        const code = sqlState(err);
        if (code !== null) {
          this.x.violations.push(`client ${this.x.client}: unexpected error from the server: ${describe(err)}`);
          return;
        }
        if (!this.x.killed()) this.x.violations.push(`client ${this.x.client}: connection failed before the kill: ${describe(err)}`);
        return;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Observer: reads ledger notes as they become visible.

async function observe(c: pg.Client, seen: Set<string>, stop: () => boolean): Promise<void> {
  let max = 0;
  while (!stop()) {
    try {
      const r = await c.query('SELECT id, note FROM ledger WHERE id > $1', [Math.max(0, max - 200)]);
      for (const row of r.rows) {
        const id = Number(row.id);
        if (id > max) max = id;
        if (typeof row.note === 'string' && row.note.startsWith('T:')) seen.add(row.note);
      }
    } catch {
      return;
    }
    await new Promise((res) => setTimeout(res, 5));
  }
}

// ---------------------------------------------------------------------------
// Verification

/**
 * The queries (d) uses to reach rows through an index, with the index each
 * must use. The full scans they are compared with have no WHERE clause.
 */
const Q = {
  countByTag: 'SELECT count(*) AS n FROM accounts WHERE tag = $1',
  idsByTag: 'SELECT id FROM accounts WHERE tag = $1',
  accountById: 'SELECT id, balance, tag, code FROM accounts WHERE id = $1',
  idByCode: 'SELECT id FROM accounts WHERE code = $1',
  ledgerByNote: 'SELECT id FROM ledger WHERE note = $1',
  ledgerById: 'SELECT account, amount, note FROM ledger WHERE id = $1',
  sideById: 'SELECT k, v FROM side WHERE id = $1',
  sideCountByK: 'SELECT count(*) AS n FROM side WHERE k = $1',
  sideCountByV: 'SELECT count(*) AS n FROM side WHERE v = $1',
} as const;

const INDEX_PATHS: [sql: string, param: unknown, index: string][] = [
  [Q.countByTag, 't1', 'accounts_tag'],
  [Q.idsByTag, 't1', 'accounts_tag'],
  [Q.accountById, 1, 'accounts_pkey'],
  [Q.idByCode, '1:1', 'accounts_code'],
  [Q.ledgerByNote, 'x', 'ledger_note'],
  [Q.ledgerById, 1, 'ledger_pkey'],
  [Q.sideById, 1, 'side_pkey'],
];

/**
 * (d) is only as good as its index paths: where EXPLAIN is supported, every
 * check query must plan an index scan on the index it is meant to test.
 */
async function checkIndexPaths(c: pg.Client, out: string[], notes: string[]): Promise<void> {
  for (const [sql, param, index] of INDEX_PATHS) {
    let plan: string;
    try {
      plan = (await c.query(`EXPLAIN ${sql}`, [param])).rows.map((x) => String(Object.values(x)[0])).join(' / ');
    } catch (err) {
      notes.push(`EXPLAIN unavailable (${describe(err)}): index checks cannot confirm they use index paths`);
      return;
    }
    if (!plan.includes(index)) out.push(`(d) precondition: ${sql} does not use index ${index}, so it cannot check it; plan: ${plan}`);
  }
}

interface Scanned {
  accounts: Map<number, { balance: number; tag: string | null; code: string | null }>;
  ledger: { id: string; account: number; amount: number; note: string }[];
  side: Map<number, { k: number; v: string }>;
}

async function scan(c: pg.Client): Promise<Scanned> {
  const accounts = new Map<number, { balance: number; tag: string | null; code: string | null }>();
  for (const r of (await c.query('SELECT id, balance, tag, code FROM accounts')).rows) {
    accounts.set(Number(r.id), { balance: Number(r.balance), tag: r.tag, code: r.code });
  }
  const ledger = (await c.query('SELECT id, account, amount, note FROM ledger')).rows.map((r) => ({
    id: String(r.id), account: Number(r.account), amount: Number(r.amount), note: String(r.note),
  }));
  const side = new Map<number, { k: number; v: string }>();
  for (const r of (await c.query('SELECT id, k, v FROM side')).rows) side.set(Number(r.id), { k: Number(r.k), v: String(r.v) });
  return { accounts, ledger, side };
}

function fold(prev: boolean | 'either', target: boolean, status: Status): boolean | 'either' {
  if (status === 'acked') return target;
  if (status === 'unknown') return prev === target ? prev : 'either';
  return prev;
}

function sameRows(a: LedgerRowSpec[], b: LedgerRowSpec[]): boolean {
  const key = (r: LedgerRowSpec) => `${r.account}/${r.amount}`;
  const x = a.map(key).sort();
  const y = b.map(key).sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

interface VerifyStats { inFlight: number; inFlightCommitted: number }

/**
 * Checks the restarted database against the model plus this round's
 * effects, then folds the effects into the model (as observed, so that a
 * soak can continue after a violation).
 */
async function verify(c: pg.Client, model: Model, effects: Effect[], codes: Set<string>, seenByReader: Set<string>, out: string[], visibilityOut: string[], notes: string[]): Promise<VerifyStats> {
  const stats: VerifyStats = { inFlight: 0, inFlightCommitted: 0 };
  const s = await scan(c);
  const v = (msg: string) => out.push(msg);

  // ---- Ledger: notes present exactly, absent entirely ----
  const byNote = new Map<string, { id: string; account: number; amount: number }[]>();
  const ids = new Set<string>();
  for (const r of s.ledger) {
    if (ids.has(r.id)) v(`(d) ledger id ${r.id} appears twice in a full scan (primary key)`);
    ids.add(r.id);
    let l = byNote.get(r.note);
    if (!l) byNote.set(r.note, (l = []));
    l.push({ id: r.id, account: r.account, amount: r.amount });
  }

  // Expected presence per note: the model, then this round's effects in order.
  const expect = new Map<string, { spec: NoteModel; present: boolean | 'either'; inFlightCommit: boolean }>();
  for (const [note, m] of model.notes) expect.set(note, { spec: m, present: m.present, inFlightCommit: false });
  for (const e of effects) {
    if (e.kind === 'ledger') {
      const prev = expect.get(e.note);
      if (prev) v(`(harness) note ${e.note} reused`);
      expect.set(e.note, { spec: { rows: e.rows, ids: e.ids, transfer: e.transfer, present: false }, present: fold(false, true, e.status), inFlightCommit: e.status === 'unknown' });
    } else if (e.kind === 'ledgerDelete') {
      const x = expect.get(e.note);
      if (!x) v(`(harness) delete of unknown note ${e.note}`);
      else {
        x.present = fold(x.present, false, e.status);
        if (e.status === 'unknown') x.inFlightCommit = true;
      }
    }
  }
  const transferPresent = new Map<string, boolean>();
  for (const [note, x] of expect) {
    const rows = byNote.get(note) ?? [];
    const observed = rows.length > 0;
    const whole = observed && sameRows(rows, x.spec.rows);
    const idsMatch = !x.spec.ids || (rows.length === x.spec.ids.length && x.spec.ids.every((id) => rows.some((r) => r.id === id)));
    if (observed && !whole) {
      v(`(b) partial or altered transaction ${note}: expected rows ${JSON.stringify(x.spec.rows)}, found ${JSON.stringify(rows)}`);
    } else if (observed && !idsMatch) {
      v(`(a) ${note}: ledger ids ${JSON.stringify(rows.map((r) => r.id))} differ from those RETURNING acknowledged ${JSON.stringify(x.spec.ids)}`);
    }
    if (x.present === true && !observed) v(`(a) acknowledged ${note} is missing after the crash`);
    if (x.present === false && observed) {
      v(`(b) ${note} is present but was ${note.startsWith('T:') || note.startsWith('M:') ? 'deleted (acknowledged) or never committed' : 'rolled back'}`);
    }
    if (x.inFlightCommit) {
      stats.inFlight++;
      if (observed) stats.inFlightCommitted++;
    }
    if (x.spec.transfer) transferPresent.set(note, observed && whole);
    x.spec.present = observed;
    if (observed && !x.spec.ids) x.spec.ids = rows.map((r) => r.id);
    model.notes.set(note, x.spec);
  }
  for (const note of byNote.keys()) if (!expect.has(note)) v(`(b) ledger rows with a note no client wrote: ${note}`);

  // ---- (f) what a reader saw must survive ----
  for (const note of seenByReader) {
    if (!byNote.has(note)) visibilityOut.push(`(f) ${note} was visible to a reader before the crash but is gone after it (visible before durable)`);
  }

  // ---- Balances: exact per account, conserved in total ----
  const expected = new Map(model.balances);
  for (const e of effects) {
    if (e.kind !== 'ledger' || !e.transfer || !transferPresent.get(e.note)) continue;
    for (const r of e.rows) expected.set(r.account, (expected.get(r.account) ?? 0) + r.amount);
  }
  let sum = 0;
  for (const [, a] of s.accounts) sum += a.balance;
  if (sum !== model.total) v(`(c) sum of balances is ${sum}, expected ${model.total} (transfers conserve money)`);
  for (const [id, bal] of expected) {
    const a = s.accounts.get(id);
    if (!a) {
      v(`(a) account ${id} is missing`);
      continue;
    }
    if (a.balance !== bal) v(`(a/b) account ${id} balance is ${a.balance}, expected ${bal} from the committed transfers`);
    if (a.tag !== tagOf(a.balance) || a.code !== codeOf(id, a.balance)) {
      v(`(c) account ${id} row is torn: balance ${a.balance}, tag ${a.tag}, code ${a.code}`);
    }
    model.balances.set(id, a.balance);
  }

  // ---- Spare accounts ----
  const spareExpect = new Map<number, boolean | 'either'>();
  for (const [id, p] of model.spares) spareExpect.set(id, p);
  for (const e of effects) {
    if (e.kind !== 'spare') continue;
    spareExpect.set(e.id, fold(spareExpect.get(e.id) ?? false, e.present, e.status));
    if (e.status === 'unknown') {
      stats.inFlight++;
      if (s.accounts.has(e.id) === e.present) stats.inFlightCommitted++;
    }
  }
  for (const [id, p] of spareExpect) {
    const a = s.accounts.get(id);
    if (p === true && !a) v(`(a) spare account ${id}: acknowledged INSERT is missing`);
    if (p === false && a) v(`(b) spare account ${id} is present but its INSERT was not committed or its DELETE was acknowledged`);
    if (a && (a.balance !== 0 || a.tag !== `s${id % 5}` || a.code !== `spare:${id}`)) v(`(c) spare account ${id} row is wrong: ${JSON.stringify(a)}`);
    model.spares.set(id, a !== undefined);
  }
  for (const id of s.accounts.keys()) {
    if (!model.balances.has(id) && !spareExpect.has(id)) v(`(b) account ${id} exists but no client inserted it`);
  }

  // ---- Side table ----
  for (const e of effects) {
    if (e.kind !== 'side') continue;
    const got = s.side.get(e.id);
    if (e.status === 'acked' && !got) v(`(a) side row ${e.id}: acknowledged INSERT is missing`);
    if (e.status === 'notCommitted' && got) v(`(b) side row ${e.id} present but its INSERT was never sent`);
    if (got && (got.k !== e.k || got.v !== e.v)) v(`(c) side row ${e.id} is ${JSON.stringify(got)}, expected k=${e.k} v=${e.v}`);
    if (e.status === 'unknown') {
      stats.inFlight++;
      if (got) stats.inFlightCommitted++;
    }
    model.side.set(e.id, { k: e.k, v: e.v, present: got !== undefined });
  }
  for (const [id, m] of model.side) {
    if (m.present && !s.side.has(id)) v(`(a) side row ${id} (committed in an earlier round) is missing`);
  }
  for (const id of s.side.keys()) if (!model.side.has(id)) v(`(b) side row ${id} exists but no client inserted it`);

  // ---- (d) Index paths agree with full scans ----
  // accounts: tag (secondary), code (unique), id (primary key).
  const tagCounts = new Map<string, number>();
  for (const a of s.accounts.values()) if (a.tag !== null) tagCounts.set(a.tag, (tagCounts.get(a.tag) ?? 0) + 1);
  const tags = new Set<string>(tagCounts.keys());
  for (let i = -6; i <= 6; i++) tags.add(`t${i}`);
  for (let i = 0; i < 5; i++) tags.add(`s${i}`);
  for (const tag of tags) {
    const r = await c.query(Q.countByTag, [tag]);
    const n = Number(r.rows[0].n);
    if (n !== (tagCounts.get(tag) ?? 0)) v(`(d) accounts WHERE tag = '${tag}' counts ${n}, a full scan has ${tagCounts.get(tag) ?? 0} (index accounts_tag disagrees with the table)`);
    const ids2 = (await c.query(Q.idsByTag, [tag])).rows.map((x) => Number(x.id)).sort((p, q) => p - q);
    const want = [...s.accounts].filter(([, a]) => a.tag === tag).map(([id]) => id).sort((p, q) => p - q);
    if (ids2.join() !== want.join()) v(`(d) accounts WHERE tag = '${tag}' returns ids [${ids2}], full scan [${want}]`);
  }
  const probeIds = new Set<number>([...s.accounts.keys(), ...spareExpect.keys()]);
  for (const id of probeIds) {
    const a = s.accounts.get(id);
    const r = await c.query(Q.accountById, [id]);
    if (!a) {
      if (r.rowCount !== 0) v(`(d) accounts WHERE id = ${id} finds a row the full scan does not have: ${JSON.stringify(r.rows)}`);
      const rc = await c.query(Q.idByCode, [`spare:${id}`]);
      if (rc.rowCount !== 0) v(`(d) accounts WHERE code = 'spare:${id}' finds ${JSON.stringify(rc.rows)}, the row is gone from the table`);
      continue;
    }
    if (r.rowCount !== 1 || Number(r.rows[0].balance) !== a.balance || r.rows[0].tag !== a.tag || r.rows[0].code !== a.code) {
      v(`(d) accounts WHERE id = ${id} returns ${JSON.stringify(r.rows)}, full scan has ${JSON.stringify(a)}`);
    }
    if (a.code !== null) {
      const rc = await c.query(Q.idByCode, [a.code]);
      if (rc.rowCount !== 1 || Number(rc.rows[0].id) !== id) v(`(d) accounts WHERE code = '${a.code}' returns ${JSON.stringify(rc.rows)}, expected id ${id} (unique index)`);
    }
  }
  // Codes overwritten or rolled back must not linger in the unique index.
  const holder = new Map<string, number>();
  for (const [id, a] of s.accounts) if (a.code !== null) holder.set(a.code, id);
  for (const code of codes) {
    const r = await c.query(Q.idByCode, [code]);
    const want = holder.get(code);
    const got = r.rows.map((x) => Number(x.id));
    if (want === undefined ? got.length !== 0 : got.length !== 1 || got[0] !== want) {
      v(`(d) accounts WHERE code = '${code}' returns ids [${got}], full scan ${want === undefined ? 'has no such code' : `has id ${want}`} (stale unique-index entry)`);
    }
  }
  const total = Number((await c.query('SELECT count(*) AS n FROM accounts')).rows[0].n);
  if (total !== s.accounts.size) v(`(d) count(*) FROM accounts is ${total}, a full scan returned ${s.accounts.size} rows`);

  // ledger: note (secondary) for every note touched this round, id (primary key) for a sample.
  const roundNotes = new Set<string>();
  for (const e of effects) if (e.kind === 'ledger' || e.kind === 'ledgerDelete') roundNotes.add(e.note);
  for (const note of roundNotes) {
    const r = await c.query(Q.ledgerByNote, [note]);
    const got = r.rows.map((x) => String(x.id)).sort();
    const want = (byNote.get(note) ?? []).map((x) => x.id).sort();
    if (got.join() !== want.join()) v(`(d) ledger WHERE note = '${note}' returns ids [${got}], full scan [${want}] (index ledger_note)`);
  }
  const sample = s.ledger.length <= 300 ? s.ledger : Array.from({ length: 300 }, (_, i) => s.ledger[Math.floor((i * s.ledger.length) / 300)]!);
  for (const row of sample) {
    const r = await c.query(Q.ledgerById, [row.id]);
    if (r.rowCount !== 1 || Number(r.rows[0].account) !== row.account || Number(r.rows[0].amount) !== row.amount || r.rows[0].note !== row.note) {
      v(`(d) ledger WHERE id = ${row.id} returns ${JSON.stringify(r.rows)}, full scan has ${JSON.stringify(row)}`);
    }
  }
  for (const e of effects) {
    // Deleted memos must be gone from the primary key too.
    if (e.kind === 'ledger' && !e.transfer && e.ids && !byNote.has(e.note)) {
      const r = await c.query(Q.ledgerById, [e.ids[0]]);
      if (r.rowCount !== 0) v(`(d) ledger WHERE id = ${e.ids[0]} returns ${JSON.stringify(r.rows)}, the full scan has no such row`);
    }
  }
  const ledgerCount = Number((await c.query('SELECT count(*) AS n FROM ledger')).rows[0].n);
  if (ledgerCount !== s.ledger.length) v(`(d) count(*) FROM ledger is ${ledgerCount}, a full scan returned ${s.ledger.length} rows`);

  // side: k and v through whatever indexes exist now, id through the primary key.
  const ixExpect = new Map<string, boolean | 'either'>();
  for (const [name, m] of model.indexes) ixExpect.set(name, m.present);
  for (const e of effects) {
    if (e.kind !== 'index') continue;
    ixExpect.set(e.name, fold(ixExpect.get(e.name) ?? false, e.present, e.status));
  }
  for (const [column, sql, param] of [['k', Q.sideCountByK, 1], ['v', Q.sideCountByV, 'v1']] as const) {
    const known = [...ixExpect].filter(([name, p]) => p === true && model.indexes.get(name)?.column === column).map(([name]) => name);
    if (known.length === 0) continue;
    try {
      const plan = (await c.query(`EXPLAIN ${sql}`, [param])).rows.map((x) => String(Object.values(x)[0])).join(' / ');
      if (!known.some((name) => plan.includes(name))) v(`(d) precondition: with index ${known.join(', ')} on side(${column}), ${sql} plans ${plan}`);
    } catch {
      /* EXPLAIN unavailable: noted at setup */
    }
  }
  for (let k = 0; k < 10; k++) {
    const want = [...s.side.values()].filter((x) => x.k === k).length;
    const n = Number((await c.query(Q.sideCountByK, [k])).rows[0].n);
    if (n !== want) v(`(d) side WHERE k = ${k} counts ${n}, a full scan has ${want}`);
    const wantV = [...s.side.values()].filter((x) => x.v === `v${k}`).length;
    const nv = Number((await c.query(Q.sideCountByV, [`v${k}`])).rows[0].n);
    if (nv !== wantV) v(`(d) side WHERE v = 'v${k}' counts ${nv}, a full scan has ${wantV}`);
  }
  const sideIds = [...s.side.keys()];
  const sideSample = sideIds.length <= 100 ? sideIds : Array.from({ length: 100 }, (_, i) => sideIds[Math.floor((i * sideIds.length) / 100)]!);
  for (const id of sideSample) {
    const r = await c.query(Q.sideById, [id]);
    const want = s.side.get(id)!;
    if (r.rowCount !== 1 || Number(r.rows[0].k) !== want.k || r.rows[0].v !== want.v) v(`(d) side WHERE id = ${id} returns ${JSON.stringify(r.rows)}, full scan has ${JSON.stringify(want)}`);
  }

  // ---- Side indexes: acknowledged CREATE/DROP INDEX survive (probed by DROP INDEX, which resets them) ----
  for (const [name, p] of ixExpect) {
    let exists: boolean;
    try {
      await c.query(`DROP INDEX ${name}`);
      exists = true;
    } catch (err) {
      const code = sqlState(err);
      // PostgreSQL answers 42704; vecsql has been seen to answer 42P01 (noted, not a durability matter).
      if (code !== '42704' && code !== '42P01') {
        v(`(e) DROP INDEX ${name} failed: ${describe(err)}`);
        continue;
      }
      if (code === '42P01' && !notes.some((n) => n.startsWith('DROP INDEX of a missing index'))) {
        notes.push(`DROP INDEX of a missing index answers SQLSTATE 42P01; PostgreSQL answers 42704 (undefined_object): ${describe(err)}`);
      }
      exists = false;
    }
    if (p === true && !exists) v(`(a) index ${name}: acknowledged CREATE INDEX is gone after the crash`);
    if (p === false && exists) v(`(b) index ${name} exists but its CREATE INDEX was not committed or its DROP INDEX was acknowledged`);
    const m = model.indexes.get(name);
    if (m) m.present = false;
  }
  return stats;
}

/**
 * (e): the restarted server takes a transfer, a memo and a spare account;
 * new ledger ids lie above every committed one.
 */
async function writeAfterRestart(c: pg.Client, model: Model, round: number, accounts: number, out: string[]): Promise<void> {
  try {
    const maxId = Number((await c.query('SELECT max(id) AS m FROM ledger')).rows[0].m ?? 0);
    const a = 1 + (round % accounts);
    const b = 1 + ((round + 7) % accounts);
    const [lo, hi, amount] = a < b ? [a, b, 3] : [b, a, -3];
    const note = `T:r${round}:post`;
    await c.query('BEGIN');
    const upd = "UPDATE accounts SET balance = balance + $2, tag = 't' || ((balance + $2) % 7), code = id || ':' || (balance + $2) WHERE id = $1";
    await c.query(upd, [lo, -amount]);
    await c.query(upd, [hi, amount]);
    const ins = 'INSERT INTO ledger (account, amount, note) VALUES ($1, $2, $3) RETURNING id';
    const id1 = String((await c.query(ins, [lo, -amount, note])).rows[0].id);
    const id2 = String((await c.query(ins, [hi, amount, note])).rows[0].id);
    const r = await c.query('COMMIT');
    if (r.command !== 'COMMIT') out.push(`(e) COMMIT after restart answered ${r.command}`);
    if (Number(id1) <= maxId || Number(id2) <= maxId) out.push(`(e) ledger ids ${id1}, ${id2} after restart are not above the largest committed id ${maxId} (sequence went backwards)`);
    model.notes.set(note, { rows: [{ account: lo, amount: -amount }, { account: hi, amount }], ids: [id1, id2], transfer: true, present: true });
    model.balances.set(lo, model.balances.get(lo)! - amount);
    model.balances.set(hi, model.balances.get(hi)! + amount);
  } catch (err) {
    out.push(`(e) a write after restart failed: ${describe(err)}`);
    try {
      await c.query('ROLLBACK');
    } catch {
      /* connection gone */
    }
  }
}

async function createSchema(c: pg.Client, accounts: number, clients: number, model: Model): Promise<void> {
  await c.query('CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL, tag text, code text)');
  await c.query('CREATE INDEX accounts_tag ON accounts (tag)');
  await c.query('CREATE UNIQUE INDEX accounts_code ON accounts (code)');
  await c.query('CREATE TABLE ledger (id bigserial PRIMARY KEY, account int REFERENCES accounts (id), amount bigint, note text)');
  await c.query('CREATE INDEX ledger_note ON ledger (note)');
  await c.query('CREATE TABLE side (id int PRIMARY KEY, k int, v text)');
  const values: string[] = [];
  for (let id = 1; id <= accounts; id++) {
    values.push(`(${id}, ${INITIAL_BALANCE}, '${tagOf(INITIAL_BALANCE)}', '${codeOf(id, INITIAL_BALANCE)}')`);
    model.balances.set(id, INITIAL_BALANCE);
  }
  await c.query(`INSERT INTO accounts (id, balance, tag, code) VALUES ${values.join(', ')}`);
  model.total = accounts * INITIAL_BALANCE;
  for (let i = 0; i < clients; i++) model.indexes.set(`side_ix_${i}`, { column: i % 2 === 0 ? 'k' : 'v', present: false });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, rej) => { timer = setTimeout(() => rej(new Error(`${what} did not finish within ${ms} ms`)), ms); }),
  ]);
}

// ---------------------------------------------------------------------------

export async function runCrashRounds(opts: CrashOptions): Promise<CrashResult> {
  const clients = opts.clients ?? 4;
  const nAccounts = opts.accounts ?? 40;
  const minDelay = opts.minDelayMs ?? 50;
  const maxDelay = opts.maxDelayMs ?? 600;
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  const stopOnViolation = opts.stopOnViolation ?? true;
  const log = opts.log ?? (() => {});
  const rnd = mulberry32(seed);
  const model: Model = { balances: new Map(), notes: new Map(), spares: new Map(), side: new Map(), indexes: new Map(), total: 0 };
  const result: CrashResult = { seed, dataDir: '', rounds: [], violations: [], visibilityViolations: [], notes: [], serverTail: '', totals: { acked: 0, rolledBack: 0, interrupted: 0, inFlight: 0, inFlightCommitted: 0 } };

  const server = await ChildServer.start();
  result.dataDir = server.dataDir;
  // Per-client state that survives rounds.
  const memos = Array.from({ length: clients }, () => new Map<string, string>());
  const spares = Array.from({ length: clients }, () => new Set<number>());
  const nextSpare = Array.from({ length: clients }, () => ({ n: 0 }));
  const nextSide = Array.from({ length: clients }, () => ({ n: 0 }));
  const indexes = Array.from({ length: clients }, (_, i) => ({ name: `side_ix_${i}`, column: i % 2 === 0 ? 'k' : 'v', present: false }));

  try {
    {
      const c = await connect(server);
      try {
        await createSchema(c, nAccounts, clients, model);
        const pre: string[] = [];
        await checkIndexPaths(c, pre, result.notes);
        for (const msg of pre) result.violations.push(`setup: ${msg}`);
      } finally {
        await c.end().catch(() => {});
      }
    }

    for (let round = 1; round <= opts.rounds; round++) {
      const violations: string[] = [];
      const visibilityViolations: string[] = [];
      const effects: Effect[] = [];
      const codes = new Set<string>();
      const counters = { acked: 0, rolledBack: 0 };
      let killed = false;
      const conns: pg.Client[] = [];
      const delayMs = Math.round(minDelay + rnd() * (maxDelay - minDelay));
      const report: RoundReport = { round, delayMs, acked: 0, rolledBack: 0, interrupted: 0, inFlight: 0, inFlightCommitted: 0, restartMs: 0, verifyMs: 0, violations, visibilityViolations };

      try {
        for (let i = 0; i < clients + 1; i++) conns.push(await connect(server));
      } catch (err) {
        violations.push(`could not connect at the start of round ${round}: ${describe(err)}`);
      }
      if (violations.length === 0) {
        const workers = conns.slice(0, clients).map((c, i) => new Worker(c, {
          client: i, round, rnd: mulberry32(seed + round * 1000 + i), accounts: nAccounts, killed: () => killed,
          memos: memos[i]!, spares: spares[i]!, nextSpare: nextSpare[i]!, nextSide: nextSide[i]!, index: indexes[i]!,
          effects, codes, violations, counters,
        }));
        const seen = new Set<string>();
        const running = workers.map((w) => w.run());
        const observer = observe(conns[clients]!, seen, () => killed);
        await sleep(delayMs);
        killed = true;
        await server.kill('SIGKILL');
        try {
          await withTimeout(Promise.all([...running, observer]), 20_000, 'clients after SIGKILL');
        } catch (err) {
          violations.push(describe(err));
        }
        for (const c of conns) c.end().catch(() => {});

        const t0 = Date.now();
        try {
          await server.restart();
        } catch (err) {
          violations.push(`restart after SIGKILL failed: ${describe(err)}`);
        }
        report.restartMs = Date.now() - t0;
        if (server.running) {
          const t1 = Date.now();
          const c = await connect(server);
          try {
            const st = await withTimeout(verify(c, model, effects, codes, seen, violations, visibilityViolations, result.notes), 60_000, 'verification');
            report.inFlight = st.inFlight;
            report.inFlightCommitted = st.inFlightCommitted;
            await writeAfterRestart(c, model, round, nAccounts, violations);
          } catch (err) {
            violations.push(`verification failed to run: ${describe(err)}`);
          } finally {
            await c.end().catch(() => {});
          }
          report.verifyMs = Date.now() - t1;
        }
        // The next round's clients start from what the database now holds.
        for (let i = 0; i < clients; i++) {
          indexes[i]!.present = false;
          for (const id of [...spares[i]!]) if (!model.spares.get(id)) spares[i]!.delete(id);
          for (const id of model.spares.keys()) if (model.spares.get(id) && Math.floor(id / 100_000) - 1 === i) spares[i]!.add(id);
          for (const [note, id] of [...memos[i]!]) if (!model.notes.get(note)?.present) memos[i]!.delete(note);
          for (const [note, m] of model.notes) {
            if (m.present && !m.transfer && m.ids && note.startsWith('M:') && note.split(':')[2] === `c${i}`) memos[i]!.set(note, m.ids[0]!);
          }
        }
      }
      report.acked = counters.acked;
      report.interrupted = new Set(effects.filter((e) => e.status === 'notCommitted' && e.kind === 'ledger').map((e) => (e as { note: string }).note.split(':').slice(1, 3).join(':'))).size;
      report.rolledBack = counters.rolledBack;
      result.rounds.push(report);
      result.totals.acked += report.acked;
      result.totals.rolledBack += report.rolledBack;
      result.totals.interrupted += report.interrupted;
      result.totals.inFlight += report.inFlight;
      result.totals.inFlightCommitted += report.inFlightCommitted;
      for (const msg of violations) result.violations.push(`round ${round}: ${msg}`);
      for (const msg of visibilityViolations) result.visibilityViolations.push(`round ${round}: ${msg}`);
      log(`round ${round}: kill after ${delayMs} ms, ${report.acked} acked, ${report.rolledBack} rolled back, ${report.interrupted} interrupted before COMMIT, ${report.inFlight} in flight (${report.inFlightCommitted} committed), restart ${report.restartMs} ms, verify ${report.verifyMs} ms, ${violations.length} violations${visibilityViolations.length > 0 ? `, ${visibilityViolations.length} seen-then-lost (f)` : ''}`);
      if (violations.length > 0 && stopOnViolation) break;
      if (!server.running) break;
    }
  } finally {
    result.serverTail = server.tail(60);
    await server.stop({ removeData: !(opts.keepData ?? result.violations.length > 0) });
  }
  return result;
}
