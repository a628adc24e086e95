/**
 * vecsql as a child process (`node dist/src/main.js`), for tests that must
 * kill the server for real (SIGKILL at an arbitrary moment) and start it
 * again on the same data directory. `npm test` builds dist/ first; a stale or
 * missing build fails fast with a message saying so.
 *
 * The server's stdout and stderr are kept (the last 256 KiB, across
 * restarts, with a marker line per start) for diagnostics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** dist/src/main.js, found from this file whether it runs from test/ (vitest, tsx) or dist/test/. */
function findMain(): string {
  for (const root of [REPO_ROOT, resolve(REPO_ROOT, '..')]) {
    const p = join(root, 'dist', 'src', 'main.js');
    if (existsSync(p)) return p;
  }
  throw new Error(`dist/src/main.js not found under ${REPO_ROOT}: run \`npm run build\` first`);
}

/** A port that was free a moment ago (bind port 0, read it, close). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', rej);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export interface ChildServerOptions {
  /** Data directory; default a fresh temporary one, removed by stop({ removeData: true }). */
  dataDir?: string;
  port?: number;
  host?: string;
  logLevel?: string;
  user?: string;
  database?: string;
  /** Extra command-line arguments. */
  args?: string[];
  /** How long start/restart wait for the server to accept a connection (default 30 s). */
  startTimeoutMs?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const LOG_LIMIT = 256 * 1024;

export class ChildServer {
  readonly host: string;
  readonly dataDir: string;
  readonly user: string;
  readonly database: string;
  port: number;
  private child: ChildProcess | null = null;
  private exited: Promise<ExitInfo> | null = null;
  private lastExit: ExitInfo | null = null;
  private log = '';
  private starts = 0;
  private readonly ownDir: boolean;
  private readonly opts: ChildServerOptions;

  private constructor(opts: ChildServerOptions, port: number) {
    this.opts = opts;
    this.host = opts.host ?? '127.0.0.1';
    this.user = opts.user ?? 'postgres';
    this.database = opts.database ?? this.user;
    this.ownDir = opts.dataDir === undefined;
    this.dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'vecsql-child-'));
    this.port = port;
  }

  static async start(opts: ChildServerOptions = {}): Promise<ChildServer> {
    const s = new ChildServer(opts, opts.port ?? (await freePort(opts.host)));
    await s.launch();
    return s;
  }

  /** Settings for pg.Client / postgres.js. */
  get connection(): { host: string; port: number; user: string; database: string } {
    return { host: this.host, port: this.port, user: this.user, database: this.database };
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** The server's captured stdout+stderr (the newest 256 KiB). */
  get output(): string {
    return this.log;
  }

  /** The last `n` lines of output, for error messages. */
  tail(n = 40): string {
    return this.log.split('\n').slice(-n).join('\n');
  }

  private append(s: string): void {
    this.log += s;
    if (this.log.length > LOG_LIMIT) this.log = this.log.slice(this.log.length - LOG_LIMIT);
  }

  private async launch(): Promise<void> {
    if (this.child) throw new Error('vecsql child already running');
    const main = findMain();
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Flags decide; variables a developer may have set must not leak in.
    for (const k of Object.keys(env)) {
      if (k.startsWith('VECSQL_') || k.startsWith('POSTGRES_') || k === 'PGDATA' || k === 'PGPORT') delete env[k];
    }
    const args = [
      main,
      '--host', this.host,
      '--port', String(this.port),
      '--data-dir', this.dataDir,
      '--log-level', this.opts.logLevel ?? 'warn',
      '--user', this.user,
      '--database', this.database,
      ...(this.opts.args ?? []),
    ];
    this.starts++;
    this.append(`\n--- vecsql start #${this.starts} (port ${this.port}, ${new Date().toISOString()}) ---\n`);
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    liveChildren.add(child);
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => this.append(d));
    child.stderr!.on('data', (d: string) => this.append(d));
    this.exited = new Promise<ExitInfo>((res) => {
      child.once('exit', (code, signal) => {
        liveChildren.delete(child);
        const info = { code, signal };
        this.lastExit = info;
        if (this.child === child) this.child = null;
        this.append(`--- vecsql exited (code ${code}, signal ${signal}) ---\n`);
        res(info);
      });
      child.once('error', (err) => {
        liveChildren.delete(child);
        const info = { code: null, signal: null };
        this.lastExit = info;
        if (this.child === child) this.child = null;
        this.append(`--- vecsql spawn error: ${err.message} ---\n`);
        res(info);
      });
    });
    await this.waitReady(this.opts.startTimeoutMs ?? 30_000);
  }

  /**
   * Waits until the server completes a startup handshake (AuthenticationOk /
   * ReadyForQuery). Fails early, with the output, if the process exits.
   */
  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastErr = '';
    while (Date.now() < deadline) {
      if (!this.child) {
        throw new Error(`vecsql exited during startup (${JSON.stringify(this.lastExit)}):\n${this.tail()}`);
      }
      try {
        await handshake(this.host, this.port, this.user, this.database, Math.min(2_000, Math.max(100, deadline - Date.now())));
        return;
      } catch (e) {
        lastErr = (e as Error).message;
      }
      await sleep(50);
    }
    const pid = this.child?.pid;
    if (this.child) this.child.kill('SIGKILL');
    throw new Error(`vecsql (pid ${pid}) did not accept connections within ${timeoutMs} ms (last error: ${lastErr}):\n${this.tail()}`);
  }

  /** Sends a signal and waits (up to timeoutMs) for the process to exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 10_000): Promise<ExitInfo> {
    const child = this.child;
    const exited = this.exited;
    if (!child || !exited) return this.lastExit ?? { code: null, signal: null };
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, rej) => {
      timer = setTimeout(() => rej(new Error(`vecsql (pid ${child.pid}) did not exit within ${timeoutMs} ms of ${signal}:\n${this.tail()}`)), timeoutMs);
    });
    try {
      return await Promise.race([exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Starts the server again on the same data directory (stopping it first
   * with SIGTERM if it still runs). Keeps the port; if that is taken by now,
   * moves to a fresh one (read `port`/`connection` afterwards).
   */
  async restart(): Promise<void> {
    if (this.child) await this.stop({ removeData: false });
    try {
      await this.launch();
    } catch (e) {
      if (!/EADDRINUSE/.test(this.tail(20))) throw e;
      this.port = await freePort(this.host);
      await this.launch();
    }
  }

  /**
   * Stops the server: SIGTERM (a clean shutdown), SIGKILL after timeoutMs.
   * removeData (default: only for a data directory this object created)
   * deletes the data directory afterwards.
   */
  async stop(opts: { timeoutMs?: number; removeData?: boolean } = {}): Promise<ExitInfo | null> {
    let info: ExitInfo | null = null;
    if (this.child) {
      try {
        info = await this.kill('SIGTERM', opts.timeoutMs ?? 10_000);
      } catch {
        info = await this.kill('SIGKILL', 10_000);
      }
    }
    if (opts.removeData ?? this.ownDir) rmSync(this.dataDir, { recursive: true, force: true });
    return info;
  }
}

export function startChildServer(opts: ChildServerOptions = {}): Promise<ChildServer> {
  return ChildServer.start(opts);
}

// ---------------------------------------------------------------------------

const liveChildren = new Set<ChildProcess>();
// A test process that dies must not leave servers behind.
process.once('exit', () => {
  for (const c of liveChildren) c.kill('SIGKILL');
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * A protocol 3.0 startup (trust auth) on a raw socket; resolves on
 * ReadyForQuery, rejects on ErrorResponse, close or timeout.
 */
function handshake(host: string, port: number, user: string, database: string, timeoutMs: number): Promise<void> {
  return new Promise((res, rej) => {
    const socket = connect(port, host);
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (!err) {
        // Terminate politely.
        const t = Buffer.from([0x58, 0, 0, 0, 4]);
        socket.end(t);
      } else socket.destroy();
      if (err) rej(err);
      else res();
    };
    const timer = setTimeout(() => finish(new Error('startup handshake timed out')), timeoutMs);
    socket.once('connect', () => {
      const params = Buffer.from(`user\0${user}\0database\0${database}\0\0`);
      const msg = Buffer.alloc(8 + params.length);
      msg.writeInt32BE(msg.length, 0);
      msg.writeInt32BE(196608, 4);
      params.copy(msg, 8);
      socket.write(msg);
    });
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 5) {
        const type = String.fromCharCode(buf[0]!);
        const len = buf.readInt32BE(1);
        if (buf.length < 1 + len) break;
        const body = buf.subarray(5, 1 + len);
        buf = buf.subarray(1 + len);
        if (type === 'Z') return finish();
        if (type === 'E') return finish(new Error(`startup failed: ${body.toString('utf8').replace(/\0/g, ' ').trim()}`));
        if (type === 'R' && body.readInt32BE(0) !== 0) return finish(new Error('server asked for a password (expected trust auth on loopback)'));
      }
    });
    socket.once('error', (e) => finish(e));
    socket.once('close', () => finish(new Error('connection closed during startup')));
  });
}
