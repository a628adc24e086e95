/**
 * Starts a throwaway PostgreSQL 15 cluster: the oracle the .slt corpus is
 * completed and validated against (DESIGN.md, "Compatibility targets").
 *
 * Each call gets its own temp directory and loopback port, so two vitest
 * workers can each run one at the same time. The cluster is started with the
 * settings that make results independent of the machine: C locale, UTF8,
 * TimeZone UTC (initdb would otherwise copy the host's zone into the config).
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Postgres15 {
  host: string;
  port: number;
  user: string;
  stop(): Promise<void>;
}

const BIN_DIR = '/usr/lib/postgresql/15/bin';
const READY_TIMEOUT_MS = 30_000;

export function isPostgres15Available(): boolean {
  return existsSync(join(BIN_DIR, 'initdb')) && existsSync(join(BIN_DIR, 'postgres'));
}

export async function startPostgres15(): Promise<Postgres15> {
  if (!isPostgres15Available()) {
    throw new Error(`PostgreSQL 15 not found: expected initdb and postgres in ${BIN_DIR} (Debian package postgresql-15)`);
  }
  const owner = clusterOwner();
  const dir = mkdtempSync(join(tmpdir(), 'vecsql-pg15-'));
  try {
    if (owner) chownSync(dir, owner.uid, owner.gid);
    const dataDir = join(dir, 'data');
    await run(join(BIN_DIR, 'initdb'), [
      '-D', dataDir, '-A', 'trust', '-U', 'postgres',
      '--encoding', 'UTF8', '--locale', 'C', '--no-sync', '--no-instructions',
    ], owner);
    // A port found free can be taken by a concurrent worker before postgres
    // binds it; a few attempts make that race harmless.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        const child = await startPostmaster(dataDir, dir, port, owner);
        return { host: '127.0.0.1', port, user: 'postgres', stop: () => stop(child, dir) };
      } catch (err) {
        if (attempt >= 3 || !/could not (bind|create listen)/i.test(String(err))) throw err;
      }
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

interface Owner { uid: number; gid: number }

/** PostgreSQL refuses to run as root: then the cluster belongs to `postgres`. */
function clusterOwner(): Owner | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('running as root but there is no "postgres" OS user to own the PostgreSQL 15 cluster');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function run(cmd: string, args: string[], owner: Owner | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...owner, stdio: ['ignore', 'pipe', 'pipe'], env: pgEnv() });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${cmd} exited with ${code}:\n${output}`));
    });
  });
}

/** LANG/LC_* from the host must not leak into initdb or server messages. */
function pgEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LANG: 'C', LC_ALL: 'C', TZ: 'UTC' };
  return env;
}

/** Postmasters still running when the test process exits. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function startPostmaster(dataDir: string, socketDir: string, port: number, owner: Owner | undefined): Promise<ChildProcess> {
  const args = [
    '-D', dataDir, '-p', String(port), '-k', socketDir,
    '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off',
    '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
    '-c', 'TimeZone=UTC', '-c', 'log_timezone=UTC', '-c', 'lc_messages=C',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(join(BIN_DIR, 'postgres'), args, { ...owner, stdio: ['ignore', 'pipe', 'pipe'], env: pgEnv() });
    // Keep draining the log so postgres never blocks on a full pipe; keep
    // only the tail for error reports.
    let log = '';
    let ready = false;
    const onData = (d: Buffer): void => {
      log = (log + d.toString()).slice(-8_000);
      if (!ready && log.includes('ready to accept connections')) {
        ready = true;
        clearTimeout(timer);
        running.add(child);
        installExitHook();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const timer = setTimeout(() => {
      child.kill('SIGQUIT');
      reject(new Error(`PostgreSQL 15 did not become ready within ${READY_TIMEOUT_MS} ms:\n${log}`));
    }, READY_TIMEOUT_MS);
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
    child.once('exit', (code, signal) => {
      running.delete(child);
      if (!ready) {
        clearTimeout(timer);
        reject(new Error(`PostgreSQL 15 exited during startup (${code ?? signal}):\n${log}`));
      }
    });
  });
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test run that dies without calling stop() must not leave clusters behind.
  process.once('exit', () => {
    for (const child of running) child.kill('SIGQUIT');
  });
}

async function stop(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT'); // "fast" shutdown: roll back sessions, checkpoint, exit
    const timeout = setTimeout(() => child.kill('SIGQUIT'), 10_000);
    await exited;
    clearTimeout(timeout);
  }
  running.delete(child);
  rmSync(dir, { recursive: true, force: true });
}
