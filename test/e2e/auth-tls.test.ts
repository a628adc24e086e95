/**
 * Authentication and TLS end to end, against vecsql and PostgreSQL 15 alike.
 *
 * vecsql is restarted with each configuration (authLocal, password, TLS
 * files). The PostgreSQL 15 cluster is started once and reconfigured in
 * place through a superuser session opened while it still trusted
 * everyone: pg_hba.conf is rewritten, the password re-set with the
 * matching password_encryption, TLS switched on with ALTER SYSTEM, and
 * pg_reload_conf() applied.
 */
import { writeFileSync } from 'node:fs';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, it } from 'vitest';
import pg from 'pg';
import postgres from 'postgres';
import type { AuthMethod } from '../../src/server/config.js';
import {
  TARGET_NAMES, connectPg, eventually, firstAuthRequest, giveCertToPostgresUser, makeSelfSignedCert,
  negotiationAnswer, psqlConnArgs, rejection, runPsql, startTarget,
  type ConnectionSettings, type SelfSignedCert, type Target, type TargetName,
} from '../support/e2e.js';

const PASSWORD = 'secret';
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

interface Setup { method: AuthMethod; tls?: SelfSignedCert }

/** A server that can be switched between auth methods and TLS. */
interface AuthEnv {
  /** Where to connect now (no password). */
  connection(): ConnectionSettings;
  configure(setup: Setup): Promise<void>;
  stop(): Promise<void>;
}

async function vecsqlEnv(): Promise<AuthEnv> {
  let target: Target = await startTarget('vecsql');
  return {
    connection: () => ({ ...target.connection }),
    async configure({ method, tls }) {
      await target.stop();
      target = await startTarget('vecsql', {
        authLocal: method,
        password: PASSWORD,
        ...(tls ? { tlsCert: tls.cert, tlsKey: tls.key } : {}),
      });
    },
    stop: () => target.stop(),
  };
}

async function postgres15Env(): Promise<AuthEnv> {
  const target = await startTarget('postgres15');
  const admin = await connectPg(target.connection);
  const hbaFile = (await admin.query('SHOW hba_file')).rows[0].hba_file as string;
  let tlsOn = false;
  return {
    connection: () => ({ ...target.connection }),
    async configure({ method, tls }) {
      if (tls && !tlsOn) {
        giveCertToPostgresUser(tls);
        await admin.query(`ALTER SYSTEM SET ssl_cert_file = '${tls.cert}'`);
        await admin.query(`ALTER SYSTEM SET ssl_key_file = '${tls.key}'`);
        await admin.query('ALTER SYSTEM SET ssl = on');
        tlsOn = true;
      }
      await admin.query(`SET password_encryption = '${method === 'md5' ? 'md5' : 'scram-sha-256'}'`);
      await admin.query(`ALTER ROLE ${target.user} PASSWORD '${PASSWORD}'`);
      writeFileSync(hbaFile, `local all all trust\nhost all all 127.0.0.1/32 ${method}\n`);
      await admin.query('SELECT pg_reload_conf()');
      // The postmaster reloads asynchronously: wait until new connections see it.
      await eventually(async () => {
        if (tls) {
          const c = await connectPg({ ...target.connection, password: PASSWORD, ssl: { rejectUnauthorized: false } });
          await c.end();
        }
        const r = await firstAuthRequest(target.connection);
        const expected = { trust: 0, password: 3, md5: 5, 'scram-sha-256': 10 }[method];
        if (!('code' in r) || r.code !== expected) throw new Error(`hba not reloaded yet: ${JSON.stringify(r)}`);
      });
    },
    async stop() {
      await admin.end();
      await target.stop();
    },
  };
}

function startEnv(name: TargetName): Promise<AuthEnv> {
  return name === 'vecsql' ? vecsqlEnv() : postgres15Env();
}

/** Connects with pg, runs one query, disconnects. */
async function pgQuery(config: pg.ClientConfig, sql: string): Promise<Record<string, unknown>> {
  const c = await connectPg({ connectionTimeoutMillis: 5_000, ...config });
  try {
    return (await c.query(sql)).rows[0] as Record<string, unknown>;
  } finally {
    await c.end();
  }
}

/** The connection error of a pg client. */
function pgConnectError(config: pg.ClientConfig): Promise<Error & Record<string, unknown>> {
  return rejection(pgQuery(config, 'SELECT 1'));
}

const psqlArgs = (c: ConnectionSettings): string[] => [...psqlConnArgs(c), '-X', '-w', '-A', '-t'];

// The targets run side by side; within one target the sections run in order
// because each one reconfigures the server, and the tests of a section (each
// on its own connections) run concurrently.
describe.concurrent.each(TARGET_NAMES)('auth and TLS against %s', (targetName) => {
  let env: AuthEnv;

  beforeAll(async () => { env = await startEnv(targetName); });
  afterAll(async () => { await env?.stop(); });

  describe.sequential('trust: startup errors and negotiation', () => {
    it.concurrent('accepts a connection without a password', async ({ expect }) => {
      expect(await firstAuthRequest(env.connection())).toEqual({ code: 0 });
      expect(await pgQuery(env.connection(), 'SELECT current_user AS u')).toEqual({ u: env.connection().user });
    });

    it.concurrent('rejects an unknown database with 3D000', async ({ expect }) => {
      const err = await pgConnectError({ ...env.connection(), database: 'no_such_db' });
      expect(err.code).toBe('3D000');
      expect(err.severity).toBe('FATAL');
      expect(err.message).toBe('database "no_such_db" does not exist');
    });

    it.concurrent('rejects an unknown user with 28000', async ({ expect }) => {
      const err = await pgConnectError({ ...env.connection(), user: 'nobody' });
      expect(err.code).toBe('28000');
      expect(err.severity).toBe('FATAL');
      expect(err.message).toBe('role "nobody" does not exist');
    });

    it.concurrent('reports startup errors through psql with exit code 2', async ({ expect }) => {
      const r = await runPsql([...psqlArgs({ ...env.connection(), user: 'nobody' }), '-c', 'SELECT 1']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('FATAL:  role "nobody" does not exist');
    });

    it.concurrent('answers SSLRequest with N when TLS is off, and GSSENCRequest with N or G', async ({ expect }) => {
      const c = env.connection();
      expect(await negotiationAnswer(c.host, c.port, SSL_REQUEST)).toBe('N');
      // A server built with GSSAPI (Debian's PostgreSQL) says G; one without says N.
      expect(await negotiationAnswer(c.host, c.port, GSSENC_REQUEST)).toMatch(/^[NG]$/);
    });
  });

  describe.sequential('without TLS', () => {
    it.concurrent('pg with ssl fails: the server does not support SSL', async ({ expect }) => {
      const err = await pgConnectError({ ...env.connection(), ssl: { rejectUnauthorized: false } });
      expect(err.message).toBe('The server does not support SSL connections');
    });

    it.concurrent('psql with sslmode=require fails', async ({ expect }) => {
      const r = await runPsql([...psqlArgs(env.connection()), '-c', 'SELECT 1'], { PGSSLMODE: 'require' });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('server does not support SSL, but SSL was required');
    });

    it.concurrent('psql with sslmode=prefer connects in plaintext', async ({ expect }) => {
      const r = await runPsql([...psqlArgs(env.connection()), '-c', 'SELECT 1', '-c', '\\conninfo'], { PGSSLMODE: 'prefer' });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^1\nYou are connected to database "[^"]+" as user "[^"]+" on host "127\.0\.0\.1" at port "\d+"\.\n$/);
      expect(r.stdout).not.toContain('SSL');
    });
  });

  const methods: Array<{ method: AuthMethod; request: Record<string, unknown> }> = [
    { method: 'scram-sha-256', request: { code: 10, mechanisms: ['SCRAM-SHA-256'] } },
    { method: 'md5', request: { code: 5, saltLength: 4 } },
    { method: 'password', request: { code: 3 } },
  ];

  describe.sequential.each(methods)('$method', ({ method, request }) => {
    beforeAll(async () => { await env.configure({ method }); });

    it.concurrent('asks for the password with the matching authentication request', async ({ expect }) => {
      expect(await firstAuthRequest(env.connection())).toEqual(request);
    });

    it.concurrent('pg connects with the right password', async ({ expect }) => {
      expect(await pgQuery({ ...env.connection(), password: PASSWORD }, 'SELECT current_user AS u, 1 + 1 AS two'))
        .toEqual({ u: env.connection().user, two: 2 });
    });

    it.concurrent('pg fails with 28P01 on a wrong password', async ({ expect }) => {
      const err = await pgConnectError({ ...env.connection(), password: 'wrong' });
      expect(err.code).toBe('28P01');
      expect(err.severity).toBe('FATAL');
      expect(err.message).toBe(`password authentication failed for user "${env.connection().user}"`);
    });

    it.concurrent('does not reveal whether a user exists', async ({ expect }) => {
      const err = await pgConnectError({ ...env.connection(), user: 'nobody', password: PASSWORD });
      expect(err.code).toBe('28P01');
      expect(err.message).toBe('password authentication failed for user "nobody"');
    });

    it.concurrent('postgres.js connects with the right password', async ({ expect }) => {
      const sql = postgres({ ...env.connection(), password: PASSWORD, max: 1, fetch_types: false, connect_timeout: 5 });
      try {
        const [row] = await sql`select ${1}::int + 1 as two`;
        expect(row).toEqual({ two: 2 });
      } finally {
        await sql.end({ timeout: 5 });
      }
    });

    it.concurrent('psql connects with PGPASSWORD', async ({ expect }) => {
      const r = await runPsql([...psqlArgs(env.connection()), '-c', 'SELECT current_user'], { PGPASSWORD: PASSWORD });
      expect(r).toEqual({ code: 0, stdout: `${env.connection().user}\n`, stderr: '' });
    });

    it.concurrent('psql fails with exit code 2 on a wrong PGPASSWORD', async ({ expect }) => {
      const r = await runPsql([...psqlArgs(env.connection()), '-c', 'SELECT 1'], { PGPASSWORD: 'wrong' });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`FATAL:  password authentication failed for user "${env.connection().user}"`);
    });

    it.concurrent('psql without a password is asked for one', async ({ expect }) => {
      const r = await runPsql([...psqlArgs(env.connection()), '-c', 'SELECT 1']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('fe_sendauth: no password supplied');
    });
  });

  describe.sequential('with TLS', () => {
    let cert: SelfSignedCert;
    beforeAll(async () => {
      cert = makeSelfSignedCert();
      await env.configure({ method: 'trust', tls: cert });
    });
    afterAll(() => { cert?.cleanup(); });

    it.concurrent('answers SSLRequest with S', async ({ expect }) => {
      const c = env.connection();
      expect(await negotiationAnswer(c.host, c.port, SSL_REQUEST)).toBe('S');
    });

    it.concurrent('pg connects over TLS', async ({ expect }) => {
      const c = await connectPg({ ...env.connection(), ssl: { rejectUnauthorized: false } });
      try {
        const stream = (c as unknown as { connection: { stream: TLSSocket } }).connection.stream;
        expect(stream.encrypted).toBe(true);
        expect(stream.getProtocol()).toMatch(/^TLSv1\.[23]$/);
        expect((await c.query('SELECT $1::int + 1 AS v', [1])).rows).toEqual([{ v: 2 }]);
      } finally {
        await c.end();
      }
    });

    it.concurrent('pg rejects the self-signed certificate when verifying', async ({ expect }) => {
      const err = await pgConnectError({ ...env.connection(), ssl: { rejectUnauthorized: true } });
      expect(err.message).toBe('self-signed certificate');
    });

    it.concurrent('pg without ssl still connects in plaintext', async ({ expect }) => {
      expect(await pgQuery(env.connection(), 'SELECT 1 AS one')).toEqual({ one: 1 });
    });

    it.concurrent('psql with sslmode=require reports an SSL connection', async ({ expect }) => {
      const r = await runPsql([...psqlArgs(env.connection()), '-c', 'SELECT 1', '-c', '\\conninfo'], { PGSSLMODE: 'require' });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^1\nYou are connected to .*\nSSL connection \(protocol: TLSv1\.[23], cipher: [^,]+, (bits|compression)/);
    });

    it.concurrent('psql with sslmode=verify-ca trusts the certificate given as root', async ({ expect }) => {
      const r = await runPsql([...psqlArgs(env.connection()), '-c', 'SELECT 2'], { PGSSLMODE: 'verify-ca', PGSSLROOTCERT: cert.cert });
      expect(r).toEqual({ code: 0, stdout: '2\n', stderr: '' });
    });

    it.concurrent('psql with sslmode=verify-full rejects a certificate for another host name', async ({ expect }) => {
      const r = await runPsql([...psqlArgs(env.connection()), '-c', 'SELECT 3'], { PGSSLMODE: 'verify-full', PGSSLROOTCERT: cert.cert });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('server certificate for "localhost" does not match host name "127.0.0.1"');
    });

    it.concurrent('postgres.js connects with ssl: require', async ({ expect }) => {
      const sql = postgres({ ...env.connection(), ssl: 'require', max: 1, fetch_types: false, connect_timeout: 5 });
      try {
        const [row] = await sql`select ${'tls'}::text as t`;
        expect(row).toEqual({ t: 'tls' });
      } finally {
        await sql.end({ timeout: 5 });
      }
    });
  });

  describe.sequential('with TLS and scram-sha-256', () => {
    let cert: SelfSignedCert;
    beforeAll(async () => {
      cert = makeSelfSignedCert();
      await env.configure({ method: 'scram-sha-256', tls: cert });
    });
    afterAll(() => { cert?.cleanup(); });

    it.concurrent('pg authenticates over TLS', async ({ expect }) => {
      expect(await pgQuery({ ...env.connection(), password: PASSWORD, ssl: { rejectUnauthorized: false } }, 'SELECT 5 AS five'))
        .toEqual({ five: 5 });
      const err = await pgConnectError({ ...env.connection(), password: 'wrong', ssl: { rejectUnauthorized: false } });
      expect(err.code).toBe('28P01');
    });

    it.concurrent('psql authenticates over TLS', async ({ expect }) => {
      const r = await runPsql([...psqlArgs(env.connection()), '-c', 'SELECT 6'], { PGSSLMODE: 'require', PGPASSWORD: PASSWORD });
      expect(r).toEqual({ code: 0, stdout: '6\n', stderr: '' });
    });

    it.concurrent('offers SCRAM-SHA-256-PLUS so psql can require channel binding', async ({ expect }) => {
      const r = await runPsql([...psqlArgs(env.connection()), '-c', 'SELECT 7'], {
        PGSSLMODE: 'require', PGPASSWORD: PASSWORD, PGCHANNELBINDING: 'require',
      });
      expect(r).toEqual({ code: 0, stdout: '7\n', stderr: '' });
    });
  });
});
