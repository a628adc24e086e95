/**
 * Starts a vecsql server inside the test process on a free loopback port
 * with a fresh temporary data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type ServerConfig } from '../../src/server/config.js';
import { startServer, type VecsqlServer } from '../../src/server/server.js';

export interface TestServer {
  host: string;
  port: number;
  user: string;
  database: string;
  server: VecsqlServer;
  dataDir: string;
  /** Connection settings for pg / postgres.js. */
  connection: { host: string; port: number; user: string; database: string; password?: string };
  stop(): Promise<void>;
}

export async function startTestServer(opts: { dataDir?: string } & Partial<ServerConfig> = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'vecsql-test-'));
  const ownDir = opts.dataDir === undefined;
  const config = defaultConfig({ port: 0, host: '127.0.0.1', logLevel: process.env.VECSQL_TEST_LOG ?? 'silent', ...opts, dataDir });
  const server = await startServer(config);
  const port = server.port;
  return {
    host: '127.0.0.1',
    port,
    user: config.superuser,
    database: config.database,
    server,
    dataDir,
    connection: { host: '127.0.0.1', port, user: config.superuser, database: config.database, password: config.password },
    async stop() {
      await server.stop();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
