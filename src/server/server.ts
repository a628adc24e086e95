/**
 * The server process: TCP listener (with optional TLS), the registry of live
 * sessions (for cancel requests and connection limits), and shutdown.
 */
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import { mkdirSync, readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { PgError, SqlState } from '../types/errors.js';
import { loadParser } from '../sql/parse.js';
import '../types/functions/index.js';
import { Connection } from './connection.js';
import type { ServerConfig } from './config.js';
import { createLogger, type Logger } from './log.js';
import { makeVerifier, type ScramVerifier } from './auth/scram.js';
import type { Session, SessionIdentity } from './session.js';
import { Database } from '../exec/database.js';

export interface Role {
  readonly name: string;
  readonly password?: string;
  readonly superuser: boolean;
}

/** What connections need from the server. */
export interface ServerState {
  readonly config: ServerConfig;
  readonly log: Logger;
  readonly tls: SecureContext | null;
  readonly roles: ReadonlyMap<string, Role>;
  readonly databases: ReadonlySet<string>;
  readonly settingDefaults: ReadonlyMap<string, string>;
  readonly sessionCount: number;
  readonly db: Database;
  newIdentity(user: string, database: string, superuser: boolean): SessionIdentity;
  register(conn: Connection, session: Session): void;
  unregister(session: Session): void;
  cancel(pid: number, secret: number): void;
  scramVerifier(user: string): ScramVerifier | null;
}

export class VecsqlServer implements ServerState {
  readonly log: Logger;
  readonly tls: SecureContext | null;
  readonly roles = new Map<string, Role>();
  readonly databases = new Set<string>();
  readonly settingDefaults = new Map<string, string>();
  private readonly sessions = new Map<number, { conn: Connection; session: Session }>();
  private readonly sockets = new Set<Socket>();
  private readonly verifiers = new Map<string, ScramVerifier>();
  private listener: NetServer | null = null;
  private database: Database | null = null;
  private nextPid = randomInt(1000, 30000);

  constructor(
    readonly config: ServerConfig,
    log?: Logger,
  ) {
    this.log = log ?? createLogger(config.logLevel);
    this.tls = config.tlsCert && config.tlsKey ? createSecureContext({ cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) }) : null;
    this.roles.set(config.superuser, { name: config.superuser, password: config.password, superuser: true });
    this.databases.add('postgres');
    this.databases.add(config.database);
    if (config.password !== undefined) this.verifiers.set(config.superuser, makeVerifier(config.password));
    this.settingDefaults.set('port', String(config.port));
    this.settingDefaults.set('listen_addresses', config.host);
    this.settingDefaults.set('data_directory', config.dataDir);
    this.settingDefaults.set('ssl', this.tls ? 'on' : 'off');
    this.settingDefaults.set('max_connections', String(config.maxConnections));
  }

  get db(): Database {
    if (!this.database) throw new PgError(SqlState.CannotConnectNow, 'the database system is starting up');
    return this.database;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** The port actually bound (useful with port 0). */
  get port(): number {
    const addr = this.listener?.address();
    return typeof addr === 'object' && addr ? addr.port : this.config.port;
  }

  async start(): Promise<void> {
    mkdirSync(this.config.dataDir, { recursive: true });
    await loadParser();
    this.database = await Database.open(this.config.dataDir, this.config.superuser);
    const listener = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      new Connection(socket, this);
    });
    this.listener = listener;
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(this.config.port, this.config.host, () => {
        listener.off('error', reject);
        resolve();
      });
    });
    listener.on('error', (err) => this.log.error({ err }, 'listener error'));
    this.log.info({ host: this.config.host, port: this.port, dataDir: this.config.dataDir, tls: this.tls !== null }, 'vecsql listening');
  }

  newIdentity(user: string, database: string, superuser: boolean): SessionIdentity {
    const pid = this.nextPid++;
    if (this.nextPid > 4194304) this.nextPid = 1000;
    return { user, database, pid, secret: randomInt(-2147483648, 2147483647), superuser };
  }

  register(conn: Connection, session: Session): void {
    this.sessions.set(session.identity.pid, { conn, session });
  }

  unregister(session: Session): void {
    const entry = this.sessions.get(session.identity.pid);
    if (entry?.session === session) this.sessions.delete(session.identity.pid);
  }

  cancel(pid: number, secret: number): void {
    const entry = this.sessions.get(pid);
    // A wrong key is ignored silently, as PostgreSQL does, so keys cannot be probed.
    if (!entry || entry.session.identity.secret !== secret) {
      this.log.info({ pid }, 'cancel request with no matching session');
      return;
    }
    entry.session.interrupt('cancel');
  }

  scramVerifier(user: string): ScramVerifier | null {
    return this.verifiers.get(user) ?? null;
  }

  /** Stops listening, ends every session with 57P01, and closes sockets. */
  async stop(): Promise<void> {
    const listener = this.listener;
    this.listener = null;
    const closed = listener ? new Promise<void>((r) => listener.close(() => r())) : Promise.resolve();
    for (const { conn, session } of this.sessions.values()) {
      session.interrupt('cancel');
      conn.terminate(new PgError(SqlState.AdminShutdown, 'terminating connection due to administrator command', { severity: 'FATAL' }));
    }
    for (const s of this.sockets) s.destroy();
    await closed;
    // Let rollbacks of the terminated sessions run before the environment closes.
    await new Promise((r) => setImmediate(r));
    await this.database?.close();
    this.database = null;
    this.log.info('vecsql stopped');
  }
}

export async function startServer(config: ServerConfig, log?: Logger): Promise<VecsqlServer> {
  const server = new VecsqlServer(config, log);
  await server.start();
  return server;
}
