/** Where files run: fresh databases on a PostgreSQL server, fresh vecsql servers. */
import pg from 'pg';
import type { ClientConfig } from 'pg';
import type { FreshTarget, Target } from './runner.js';

export interface PostgresTargets {
  freshTarget: FreshTarget;
  close(): Promise<void>;
}

let databaseCounter = 0;

/**
 * One new database per file on a PostgreSQL server, created through an
 * admin connection and dropped afterwards. Names carry the pid so that
 * concurrent runs against one server do not collide.
 */
export function postgresTargets(admin: ClientConfig): PostgresTargets {
  let adminClient: Promise<pg.Client> | undefined;
  const connectAdmin = (): Promise<pg.Client> => {
    adminClient ??= (async () => {
      const client = new pg.Client(admin);
      client.on('error', () => {});
      await client.connect();
      return client;
    })();
    return adminClient;
  };
  return {
    async freshTarget(): Promise<Target> {
      const client = await connectAdmin();
      const database = `slt_${process.pid}_${++databaseCounter}`;
      await client.query(`CREATE DATABASE ${database}`);
      return {
        config: { ...admin, database },
        release: async () => {
          await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        },
      };
    },
    async close(): Promise<void> {
      if (adminClient) await (await adminClient).end();
    },
  };
}

/** A new vecsql server with an empty data directory per file. */
export const vecsqlTarget: FreshTarget = async () => {
  // Imported lazily so the runner loads even where the server cannot start.
  const { startTestServer } = await import('../support/server.js');
  const server = await startTestServer();
  return {
    config: { host: server.host, port: server.port, user: server.user, database: server.database },
    release: () => server.stop(),
  };
};

/**
 * `postgres://user:password@host:port/db` as discrete fields (pg lets a
 * connectionString override `database`, which the per-file databases need).
 */
export function configFromUrl(url: string): ClientConfig {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || '127.0.0.1',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || 'postgres',
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    database: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
  };
}
