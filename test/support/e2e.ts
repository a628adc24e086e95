/**
 * Shared helpers for the end-to-end client tests (test/e2e): the servers a
 * test runs against (vecsql and, where installed, a real PostgreSQL 15 that
 * supplies the expected behaviour), psql runs, a raw CancelRequest, a
 * minimal raw protocol client, and self-signed certificates.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import type { ServerConfig } from '../../src/server/config.js';
import { isPostgres15Available, startPostgres15 } from './postgres15.js';
import { startTestServer } from './server.js';

export type TargetName = 'vecsql' | 'postgres15';

export interface ConnectionSettings {
  host: string;
  port: number;
  user: string;
  database: string;
  password?: string;
}

export interface Target {
  name: TargetName;
  host: string;
  port: number;
  user: string;
  database: string;
  /** Settings for pg / postgres.js (trust auth unless configured otherwise). */
  connection: ConnectionSettings;
  stop(): Promise<void>;
}

/**
 * vecsql always; PostgreSQL 15 too when its binaries are installed, unless
 * VECSQL_E2E_POSTGRES=0 (a quicker vecsql-only run).
 */
export const TARGET_NAMES: TargetName[] =
  isPostgres15Available() && process.env.VECSQL_E2E_POSTGRES !== '0' ? ['vecsql', 'postgres15'] : ['vecsql'];

export async function startTarget(name: TargetName, vecsqlOptions: Partial<ServerConfig> = {}): Promise<Target> {
  if (name === 'vecsql') {
    const s = await startTestServer(vecsqlOptions);
    return {
      name,
      host: s.host,
      port: s.port,
      user: s.user,
      database: s.database,
      connection: { host: s.host, port: s.port, user: s.user, database: s.database },
      stop: () => s.stop(),
    };
  }
  const p = await startPostgres15();
  return {
    name,
    host: p.host,
    port: p.port,
    user: p.user,
    database: 'postgres',
    connection: { host: p.host, port: p.port, user: p.user, database: 'postgres' },
    stop: () => p.stop(),
  };
}

/** A connected pg client whose background errors (e.g. FATAL on shutdown) do not crash the run. */
export async function connectPg(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client(config);
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Resolves with the error a promise rejects with; fails if it resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

// ---------------------------------------------------------------------------
// CancelRequest

/**
 * Sends a CancelRequest (length 16, code 80877102, pid, secret key) on a new
 * connection, as libpq does, and resolves once the server has closed it.
 */
export function sendCancelRequest(host: string, port: number, processID: number, secretKey: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('server did not close the CancelRequest connection within 5 s'));
    }, 5_000);
    socket.once('connect', () => {
      const msg = Buffer.alloc(16);
      msg.writeInt32BE(16, 0);
      msg.writeInt32BE(80877102, 4);
      msg.writeInt32BE(processID, 8);
      msg.writeInt32BE(secretKey, 12);
      socket.write(msg);
    });
    socket.on('data', () => {}); // PostgreSQL sends nothing back; ignore anything that arrives
    socket.once('error', (err) => { clearTimeout(timer); reject(err); });
    socket.once('close', () => { clearTimeout(timer); resolve(); });
  });
}

// ---------------------------------------------------------------------------
// psql

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let psqlHome: string | undefined;

/**
 * Runs /usr/bin/psql with a clean environment (no ~/.psqlrc, no ~/.pgpass,
 * C locale) plus `env`.
 */
export function runPsql(args: string[], env: Record<string, string> = {}, input?: string): Promise<ProcessResult> {
  if (psqlHome === undefined) {
    const home = mkdtempSync(join(tmpdir(), 'vecsql-psql-home-'));
    process.once('exit', () => rmSync(home, { recursive: true, force: true }));
    psqlHome = home;
  }
  return new Promise((resolve, reject) => {
    const child = spawn('psql', args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: psqlHome, LANG: 'C', LC_ALL: 'C', PGCONNECT_TIMEOUT: '10', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
    child.once('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.end(input ?? '');
  });
}

/** `-h host -p port -U user -d database` for a target. */
export function psqlConnArgs(t: { host: string; port: number; user: string; database: string }): string[] {
  return ['-h', t.host, '-p', String(t.port), '-U', t.user, '-d', t.database];
}

// ---------------------------------------------------------------------------
// Certificates

export interface SelfSignedCert {
  dir: string;
  cert: string;
  key: string;
  cleanup(): void;
}

/** A self-signed RSA certificate for CN=localhost, valid one day. */
export function makeSelfSignedCert(): SelfSignedCert {
  const dir = mkdtempSync(join(tmpdir(), 'vecsql-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost',
  ], { stdio: 'ignore' });
  chmodSync(key, 0o600);
  return { dir, cert, key, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Makes a certificate usable by a PostgreSQL server that runs as the
 * `postgres` OS user (when the tests run as root): it must be able to enter
 * the directory and own the 0600 key file.
 */
export function giveCertToPostgresUser(c: SelfSignedCert): void {
  if (process.getuid?.() !== 0) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  for (const path of [c.dir, c.cert, c.key]) chownSync(path, uid, gid);
}

// ---------------------------------------------------------------------------
// Raw protocol client

/** A decoded backend message; DataRow fields stay raw bytes. */
export interface BackendMessage {
  /** pg-protocol style name: dataRow, commandComplete, readyForQuery, error, ... */
  name: string;
  /** The one-byte message type. */
  type: string;
  body: Buffer;
  fields?: Array<Buffer | null>;
  text?: string;
  status?: string;
  code?: string;
  message?: string;
  dataTypeIDs?: number[];
  columns?: Array<{ name: string; dataTypeID: number; format: number }>;
}

const MESSAGE_NAMES: Record<string, string> = {
  R: 'authentication', S: 'parameterStatus', K: 'backendKeyData', Z: 'readyForQuery', T: 'rowDescription',
  D: 'dataRow', C: 'commandComplete', E: 'error', N: 'notice', '1': 'parseComplete', '2': 'bindComplete',
  '3': 'closeComplete', n: 'noData', s: 'portalSuspended', t: 'parameterDescription', I: 'emptyQuery',
  A: 'notification', G: 'copyIn', H: 'copyOut', d: 'copyData', c: 'copyDone',
};

function cstring(body: Buffer, offset: number): [string, number] {
  const end = body.indexOf(0, offset);
  return [body.toString('utf8', offset, end), end + 1];
}

function decode(type: string, body: Buffer): BackendMessage {
  const m: BackendMessage = { name: MESSAGE_NAMES[type] ?? `unknown(${type})`, type, body };
  switch (type) {
    case 'D': {
      const n = body.readInt16BE(0);
      let off = 2;
      m.fields = [];
      for (let i = 0; i < n; i++) {
        const len = body.readInt32BE(off);
        off += 4;
        if (len < 0) m.fields.push(null);
        else { m.fields.push(body.subarray(off, off + len)); off += len; }
      }
      break;
    }
    case 'C': m.text = cstring(body, 0)[0]; break;
    case 'Z': m.status = String.fromCharCode(body[0]); break;
    case 'E': case 'N': {
      let off = 0;
      while (body[off] !== 0) {
        const field = String.fromCharCode(body[off]);
        const [value, next] = cstring(body, off + 1);
        if (field === 'C') m.code = value;
        if (field === 'M') m.message = value;
        off = next;
      }
      break;
    }
    case 't': {
      const n = body.readInt16BE(0);
      m.dataTypeIDs = Array.from({ length: n }, (_, i) => body.readUInt32BE(2 + 4 * i));
      break;
    }
    case 'T': {
      const n = body.readInt16BE(0);
      let off = 2;
      m.columns = [];
      for (let i = 0; i < n; i++) {
        const [name, next] = cstring(body, off);
        off = next;
        m.columns.push({ name, dataTypeID: body.readUInt32BE(off + 6), format: body.readInt16BE(off + 16) });
        off += 18;
      }
      break;
    }
  }
  return m;
}

/**
 * A bare v3 protocol connection (trust auth only): send frontend messages
 * built with pg-protocol's `serialize`, read backend messages one at a time.
 */
export class RawConnection {
  readonly messages: BackendMessage[] = [];
  private waiters: Array<() => void> = [];
  private closed = false;
  private pending = Buffer.alloc(0);
  processID = 0;
  secretKey = 0;

  private constructor(readonly socket: Socket) {}

  static async connect(t: ConnectionSettings): Promise<RawConnection> {
    const socket = connect(t.port, t.host);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.on('error', () => {});
    const raw = new RawConnection(socket);
    socket.on('data', (chunk: Buffer) => raw.receive(chunk));
    socket.once('close', () => { raw.closed = true; raw.wake(); });
    socket.write(serialize.startup({ user: t.user, database: t.database, client_encoding: 'UTF8' }));
    for (;;) {
      const m = await raw.next();
      if (m.name === 'error') throw new Error(`startup failed: ${m.code} ${m.message}`);
      if (m.name === 'backendKeyData') {
        raw.processID = m.body.readInt32BE(0);
        raw.secretKey = m.body.readInt32BE(4);
      }
      if (m.name === 'readyForQuery') return raw;
    }
  }

  private receive(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 5) {
      const len = this.pending.readInt32BE(1);
      if (this.pending.length < 1 + len) break;
      const type = String.fromCharCode(this.pending[0]);
      const body = Buffer.from(this.pending.subarray(5, 1 + len));
      this.pending = this.pending.subarray(1 + len);
      this.messages.push(decode(type, body));
    }
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  send(...buffers: Buffer[]): void {
    this.socket.write(Buffer.concat(buffers));
  }

  /** The next backend message (5 s timeout). */
  async next(timeoutMs = 5_000): Promise<BackendMessage> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length === 0) {
      if (this.closed) throw new Error('connection closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no backend message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
    return this.messages.shift()!;
  }

  /** Messages up to and including the first one named `name`. */
  async until(name: string): Promise<BackendMessage[]> {
    const out: BackendMessage[] = [];
    for (;;) {
      const m = await this.next();
      out.push(m);
      if (m.name === name) return out;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.socket.end(serialize.end());
    await new Promise<void>((resolve) => {
      if (this.closed) resolve();
      else this.socket.once('close', () => resolve());
    });
  }
}

/** Message names plus the detail that matters: `dataRow["1"]`, `commandComplete SELECT 1`, `readyForQuery T`. */
export function summarize(messages: BackendMessage[]): string[] {
  return messages.map((m) => {
    switch (m.name) {
      case 'dataRow': return `dataRow${JSON.stringify(m.fields!.map((f) => (f === null ? null : f.toString('utf8'))))}`;
      case 'commandComplete': return `commandComplete ${m.text}`;
      case 'readyForQuery': return `readyForQuery ${m.status}`;
      case 'error': return `error ${m.code}`;
      case 'parameterDescription': return `parameterDescription ${JSON.stringify(m.dataTypeIDs)}`;
      case 'rowDescription': return `rowDescription ${JSON.stringify(m.columns!.map((c) => `${c.name}:${c.dataTypeID}`))}`;
      default: return m.name;
    }
  });
}

// ---------------------------------------------------------------------------
// Connection negotiation probes

/**
 * Sends SSLRequest (80877103) or GSSENCRequest (80877104) on a fresh socket
 * and returns the server's one-byte answer.
 */
export function negotiationAnswer(host: string, port: number, code: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('no answer within 5 s')); }, 5_000);
    socket.once('connect', () => {
      const msg = Buffer.alloc(8);
      msg.writeInt32BE(8, 0);
      msg.writeInt32BE(code, 4);
      socket.write(msg);
    });
    socket.once('data', (d: Buffer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(String.fromCharCode(d[0]));
    });
    socket.once('error', (err) => { clearTimeout(timer); reject(err); });
  });
}

/**
 * The first authentication request the server sends after a plaintext
 * StartupMessage: 0 ok, 3 cleartext, 5 MD5 (with its salt), 10 SASL (with
 * the mechanism list); or the error that ended the startup.
 */
export async function firstAuthRequest(t: ConnectionSettings): Promise<{ code: number; mechanisms?: string[]; saltLength?: number } | { error: string }> {
  const socket = connect(t.port, t.host);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  try {
    socket.write(serialize.startup({ user: t.user, database: t.database }));
    const msg = await new Promise<{ type: string; body: Buffer }>((resolve, reject) => {
      let buf = Buffer.alloc(0);
      const timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5_000);
      socket.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length >= 5 && buf.length >= 1 + buf.readInt32BE(1)) {
          clearTimeout(timer);
          resolve({ type: String.fromCharCode(buf[0]), body: buf.subarray(5, 1 + buf.readInt32BE(1)) });
        }
      });
      socket.once('error', (err) => { clearTimeout(timer); reject(err); });
    });
    if (msg.type === 'E') return { error: decode('E', msg.body).code ?? '?' };
    if (msg.type !== 'R') throw new Error(`unexpected message ${msg.type}`);
    const code = msg.body.readInt32BE(0);
    if (code === 10) {
      const mechanisms = msg.body.toString('utf8', 4).split('\0').filter((m) => m !== '');
      return { code, mechanisms };
    }
    if (code === 5) return { code, saltLength: msg.body.length - 4 };
    return { code };
  } finally {
    socket.destroy();
  }
}

/** Retries `fn` until it stops throwing (for settings that take effect asynchronously). */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
