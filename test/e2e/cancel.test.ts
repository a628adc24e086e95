/**
 * Query cancellation end to end, against vecsql and PostgreSQL 15 alike:
 * a CancelRequest on a separate connection (as psql's Ctrl-C and pgjdbc's
 * setQueryTimeout send it), statement_timeout, and other sessions being
 * served while one sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { TARGET_NAMES, RawConnection, connectPg, rejection, sendCancelRequest, startTarget, summarize, type Target } from '../support/e2e.js';
import { serialize } from 'pg-protocol';

interface Keyed { processID: number; secretKey: number }

/**
 * Sends CancelRequests for `key` until `running` settles: a cancel that
 * arrives before the query has started is ignored (as in PostgreSQL), so
 * on a busy machine the first one may miss. Resolves with the time from
 * the first CancelRequest to the settlement.
 */
async function cancelUntilSettled(target: Target, key: Keyed, running: Promise<unknown>): Promise<number> {
  let settled = false;
  void running.then(() => { settled = true; }, () => { settled = true; });
  await new Promise((r) => setTimeout(r, 150));
  const first = Date.now();
  for (let attempt = 0; !settled && attempt < 10; attempt++) {
    await sendCancelRequest(target.host, target.port, key.processID, key.secretKey);
    for (let i = 0; i < 10 && !settled; i++) await new Promise((r) => setTimeout(r, 50));
  }
  await running.catch(() => {});
  return Date.now() - first;
}

// The targets run side by side (their suites are concurrent); within one
// target everything is sequential because the tests share one session.
describe.concurrent.each(TARGET_NAMES)('cancel against %s', (targetName) => {
  let target: Target;
  let client: pg.Client;
  let key: Keyed;

  beforeAll(async () => {
    target = await startTarget(targetName);
    client = await connectPg(target.connection);
    key = client as unknown as Keyed;
  });

  afterAll(async () => {
    await client?.end();
    await target?.stop();
  });

  describe.sequential('CancelRequest', () => {
    it('received BackendKeyData at startup', () => {
      expect(Number.isInteger(key.processID)).toBe(true);
      expect(Number.isInteger(key.secretKey)).toBe(true);
      expect(key.processID).not.toBe(0);
    });

    it('cancels a running pg_sleep with 57014 within about a second', async () => {
      const sleeping = rejection(client.query('SELECT pg_sleep(10)'));
      const elapsed = await cancelUntilSettled(target, key, sleeping);
      const err = await sleeping;
      expect(err.code).toBe('57014');
      expect(err.message).toBe('canceling statement due to user request');
      expect(err.severity).toBe('ERROR');
      expect(elapsed).toBeLessThan(1_000);
    });

    it('leaves the client usable and idle after the cancel', async () => {
      expect(client.getTransactionStatus()).toBe('I');
      expect((await client.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
      expect((await client.query('SELECT $1::int AS ok', [2])).rows).toEqual([{ ok: 2 }]);
    });

    it('cancels a query in the extended protocol', async () => {
      const sleeping = rejection(client.query('SELECT pg_sleep($1::float8)', [10]));
      await cancelUntilSettled(target, key, sleeping);
      const err = await sleeping;
      expect(err.code).toBe('57014');
      expect((await client.query('SELECT 3 AS ok')).rows).toEqual([{ ok: 3 }]);
    });

    it('aborts the open transaction when cancelling inside one', async () => {
      await client.query('BEGIN');
      const sleeping = rejection(client.query('SELECT pg_sleep(10)'));
      await cancelUntilSettled(target, key, sleeping);
      expect((await sleeping).code).toBe('57014');
      expect(client.getTransactionStatus()).toBe('E');
      expect((await rejection(client.query('SELECT 1'))).code).toBe('25P02');
      await client.query('ROLLBACK');
      expect(client.getTransactionStatus()).toBe('I');
    });

    it('ignores a CancelRequest with the wrong secret key', async () => {
      const started = Date.now();
      const sleeping = client.query('SELECT pg_sleep(0.5), 1 AS v');
      await new Promise((r) => setTimeout(r, 100));
      await sendCancelRequest(target.host, target.port, key.processID, key.secretKey ^ 0x5a5a5a5a);
      const r = await sleeping;
      expect(r.rows[0].v).toBe(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    });

    it('ignores a CancelRequest for an unknown backend', async () => {
      await sendCancelRequest(target.host, target.port, 0x7ffffff0, 12345);
      expect((await client.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    });

    it('does not cancel the next query when the session was idle', async () => {
      await sendCancelRequest(target.host, target.port, key.processID, key.secretKey);
      await new Promise((r) => setTimeout(r, 100));
      const r = await client.query('SELECT pg_sleep(0.2), 4 AS ok');
      expect(r.rows[0].ok).toBe(4);
    });

    it('cancels only the targeted session', async () => {
      const other = await connectPg(target.connection);
      try {
        const otherKey = other as unknown as Keyed;
        expect(otherKey.processID).not.toBe(key.processID);
        const a = rejection(client.query('SELECT pg_sleep(10)'));
        const b = other.query('SELECT pg_sleep(0.6), 5 AS v');
        await cancelUntilSettled(target, key, a);
        expect((await a).code).toBe('57014');
        expect((await b).rows[0].v).toBe(5);
      } finally {
        await other.end();
      }
    });

    it('cancels a raw-protocol Execute; the error is followed by ReadyForQuery after Sync', async () => {
      const raw = await RawConnection.connect(target.connection);
      try {
        raw.send(
          serialize.parse({ text: 'SELECT pg_sleep(10)' }),
          serialize.bind({}),
          serialize.execute({}),
          serialize.sync(),
        );
        const done = raw.until('readyForQuery');
        await cancelUntilSettled(target, raw, done);
        expect(summarize(await done)).toEqual(['parseComplete', 'bindComplete', 'error 57014', 'readyForQuery I']);
        raw.send(serialize.query('SELECT 6'));
        expect(summarize(await raw.until('readyForQuery'))).toEqual(['rowDescription ["?column?:23"]', 'dataRow["6"]', 'commandComplete SELECT 1', 'readyForQuery I']);
      } finally {
        await raw.close();
      }
    });
  });

  describe.sequential('statement_timeout', () => {
    it('cancels a statement that runs too long with 57014', async () => {
      await client.query('SET statement_timeout = 200');
      try {
        const started = Date.now();
        const err = await rejection(client.query('SELECT pg_sleep(5)'));
        const elapsed = Date.now() - started;
        expect(err.code).toBe('57014');
        expect(err.message).toBe('canceling statement due to statement timeout');
        expect(elapsed).toBeGreaterThanOrEqual(150);
        expect(elapsed).toBeLessThan(1_500);
        // Short statements still run.
        expect((await client.query('SELECT pg_sleep(0.01), 1 AS ok')).rows[0].ok).toBe(1);
      } finally {
        await client.query('RESET statement_timeout');
      }
    });

    it('applies to the extended protocol', async () => {
      await client.query("SET statement_timeout = '150ms'");
      try {
        const err = await rejection(client.query('SELECT pg_sleep($1::float8)', [5]));
        expect(err.code).toBe('57014');
        expect(err.message).toBe('canceling statement due to statement timeout');
      } finally {
        await client.query('RESET statement_timeout');
      }
    });

    it('is reported by SHOW in its canonical unit', async () => {
      await client.query('SET statement_timeout = 200');
      expect((await client.query('SHOW statement_timeout')).rows).toEqual([{ statement_timeout: '200ms' }]);
      await client.query("SET statement_timeout = '2s'");
      expect((await client.query('SHOW statement_timeout')).rows).toEqual([{ statement_timeout: '2s' }]);
      await client.query('RESET statement_timeout');
      expect((await client.query('SHOW statement_timeout')).rows).toEqual([{ statement_timeout: '0' }]);
    });

    it('SET LOCAL statement_timeout lasts for the transaction only', async () => {
      await client.query('BEGIN');
      await client.query('SET LOCAL statement_timeout = 100');
      const err = await rejection(client.query('SELECT pg_sleep(5)'));
      expect(err.code).toBe('57014');
      await client.query('ROLLBACK');
      const r = await client.query('SELECT pg_sleep(0.2), 7 AS ok');
      expect(r.rows[0].ok).toBe(7);
    });
  });

  describe.sequential('concurrency', () => {
    it('serves another session while one sleeps', async () => {
      const other = await connectPg(target.connection);
      try {
        const sleepStarted = Date.now();
        const sleeping = client.query('SELECT pg_sleep(0.6)');
        await new Promise((r) => setTimeout(r, 50));
        const quickStarted = Date.now();
        for (let i = 0; i < 5; i++) {
          expect((await other.query('SELECT $1::int AS i', [i])).rows).toEqual([{ i }]);
        }
        const quick = Date.now() - quickStarted;
        expect(quick).toBeLessThan(500);
        await sleeping;
        expect(Date.now() - sleepStarted).toBeGreaterThanOrEqual(550);
      } finally {
        await other.end();
      }
    });

    it('accepts a new connection while a session sleeps', async () => {
      const sleeping = client.query('SELECT pg_sleep(0.6)');
      await new Promise((r) => setTimeout(r, 50));
      const started = Date.now();
      const fresh = await connectPg(target.connection);
      try {
        expect((await fresh.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
        expect(Date.now() - started).toBeLessThan(600);
      } finally {
        await fresh.end();
      }
      await sleeping;
    });

    it('runs sleeps of several sessions in parallel', async () => {
      const clients = await Promise.all([0, 1, 2].map(() => connectPg(target.connection)));
      try {
        const started = Date.now();
        await Promise.all(clients.map((c) => c.query('SELECT pg_sleep(0.4)')));
        expect(Date.now() - started).toBeLessThan(1_000);
      } finally {
        await Promise.all(clients.map((c) => c.end()));
      }
    });
  });
});
