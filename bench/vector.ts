/**
 * Vector benchmark: the same pgvector workload against vecsql (a child
 * process on a free loopback port, reached over the wire with `pg`) and a
 * baseline, PGlite + its `vector` extension (pgvector compiled to WASM and run
 * in this process — NOT native PostgreSQL + pgvector, which cannot be
 * installed on the benchmark machine). Optionally the non-vector `SELECT 1`
 * phase also runs against a throwaway native PostgreSQL 15 cluster.
 *
 *   npm run bench -- [--n 20000] [--dim 128] [--queries 200] [--seed 1] [--no-pg15]
 *
 * Writes one JSON line per phase per engine to stdout and to
 * bench/results/latest.jsonl, then prints a Markdown table.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { isPostgres15Available, startPostgres15 } from '../test/support/postgres15.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(BENCH_DIR, '..');
const K = 10;
const CLUSTERS = 100;
/** Categories are uniform in [0, CATEGORIES): `category = c` keeps 1 %, `category < 10` keeps 10 %. */
const CATEGORIES = 100;
const LOAD_BATCH = 500;
const WARMUP_QUERIES = 10;
const PING_COUNT = 2000;
const DATASET_VERSION = 1;

// ---------------------------------------------------------------- options

const { values: opts } = parseArgs({
  options: {
    n: { type: 'string', default: '20000' },
    dim: { type: 'string', default: '128' },
    queries: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    'no-pg15': { type: 'boolean', default: false },
  },
});
const N = Number(opts.n);
const DIM = Number(opts.dim);
const NQ = Number(opts.queries);
const SEED = Number(opts.seed);
for (const [k, v] of Object.entries({ n: N, dim: DIM, queries: NQ, seed: SEED })) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive integer, got ${v}`);
}

// ---------------------------------------------------------------- dataset

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Dataset {
  /** n × dim, row-major; row i has id i + 1. */
  vectors: Float32Array;
  categories: Int32Array;
  queries: Float32Array;
  /** Category used by query q's 1 % filter. */
  queryCategory: Int32Array;
}

/** Gaussian clusters: centres ~ N(0, 1)^dim, points = centre + 0.5·N(0, 1)^dim. Queries come from the same mixture. */
function makeDataset(): Dataset {
  const rand = prng(SEED);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const centres = new Float32Array(CLUSTERS * DIM).map(gauss);
  const sample = (out: Float32Array, row: number) => {
    const c = Math.floor(rand() * CLUSTERS);
    for (let d = 0; d < DIM; d++) out[row * DIM + d] = centres[c * DIM + d]! + 0.5 * gauss();
  };
  const vectors = new Float32Array(N * DIM);
  const categories = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    sample(vectors, i);
    categories[i] = Math.floor(rand() * CATEGORIES);
  }
  const queries = new Float32Array(NQ * DIM);
  const queryCategory = new Int32Array(NQ);
  for (let q = 0; q < NQ; q++) {
    sample(queries, q);
    queryCategory[q] = Math.floor(rand() * CATEGORIES);
  }
  return { vectors, categories, queries, queryCategory };
}

/** Nine significant digits round-trip every float32 exactly, so engines store exactly what the ground truth used. */
function literal(a: Float32Array, row: number): string {
  const parts: string[] = new Array(DIM);
  for (let d = 0; d < DIM; d++) parts[d] = a[row * DIM + d]!.toPrecision(9);
  return `[${parts.join(',')}]`;
}

interface GroundTruth {
  unfiltered: number[][];
  /** `category < 10` (10 % of rows). */
  filter10: number[][];
  /** `category = queryCategory[q]` (1 % of rows). */
  filter1: number[][];
}

/** Exact top-k by brute force (squared L2 in float64 over the float32 values; ties by id). */
function groundTruth(ds: Dataset): GroundTruth {
  const gt: GroundTruth = { unfiltered: [], filter10: [], filter1: [] };
  const dist = new Float64Array(N);
  const topK = (keep: (i: number) => boolean): number[] => {
    const ids: number[] = [];
    for (let i = 0; i < N; i++) if (keep(i)) ids.push(i);
    ids.sort((a, b) => dist[a]! - dist[b]! || a - b);
    return ids.slice(0, K).map((i) => i + 1);
  };
  for (let q = 0; q < NQ; q++) {
    const qo = q * DIM;
    for (let i = 0; i < N; i++) {
      let s = 0;
      const io = i * DIM;
      for (let d = 0; d < DIM; d++) {
        const x = ds.vectors[io + d]! - ds.queries[qo + d]!;
        s += x * x;
      }
      dist[i] = s;
    }
    const c = ds.queryCategory[q]!;
    gt.unfiltered.push(topK(() => true));
    gt.filter10.push(topK((i) => ds.categories[i]! < 10));
    gt.filter1.push(topK((i) => ds.categories[i] === c));
  }
  return gt;
}

function cachedGroundTruth(ds: Dataset): { gt: GroundTruth; cached: boolean; seconds: number } {
  const key = createHash('sha256')
    .update(`${DATASET_VERSION}:${N}:${DIM}:${NQ}:${SEED}:${CLUSTERS}:${CATEGORIES}:${K}`)
    .update(Buffer.from(ds.vectors.buffer))
    .update(Buffer.from(ds.queries.buffer))
    .digest('hex')
    .slice(0, 16);
  const dir = join(BENCH_DIR, '.cache');
  const file = join(dir, `gt-n${N}-d${DIM}-q${NQ}-s${SEED}-${key}.json`);
  const t0 = performance.now();
  if (existsSync(file)) return { gt: JSON.parse(readFileSync(file, 'utf8')) as GroundTruth, cached: true, seconds: 0 };
  const gt = groundTruth(ds);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(gt));
  return { gt, cached: false, seconds: (performance.now() - t0) / 1000 };
}

// ---------------------------------------------------------------- engines

interface Engine {
  /** Short key used in the JSON lines. */
  id: string;
  label: string;
  /** Runs a parameterised statement; `name` asks for a reusable prepared statement where the client supports it. */
  query(sql: string, params?: unknown[], name?: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

async function pgEngine(id: string, label: string, conn: pg.ClientConfig, onClose: () => Promise<void>): Promise<Engine> {
  const client = new pg.Client(conn);
  await client.connect();
  return {
    id,
    label,
    async query(sql, params, name) {
      const r = await client.query(name ? { name, text: sql, values: params } : { text: sql, values: params });
      return r.rows as Array<Record<string, unknown>>;
    },
    async close() {
      await client.end();
      await onClose();
    },
  };
}

/**
 * vecsql as a child process (`node --import tsx src/main.ts`) so it does not
 * share the harness's event loop. It runs from a copy of src/ (with the built
 * native addon) taken now, so edits to the working tree during the run — the
 * addon is loaded lazily, at the first CREATE INDEX — cannot change what is
 * measured half-way through.
 */
async function startVecsql(): Promise<Engine> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vecsql-bench-'));
  const snapshot = mkdtempSync(join(tmpdir(), 'vecsql-bench-src-'));
  cpSync(join(REPO_ROOT, 'src'), join(snapshot, 'src'), { recursive: true });
  for (const f of ['package.json', 'tsconfig.json']) cpSync(join(REPO_ROOT, f), join(snapshot, f));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(snapshot, 'node_modules'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(snapshot, 'src', 'main.ts'), '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir, '--log-level', 'warn'],
    { cwd: snapshot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const keep = (d: Buffer) => { log = (log + d.toString()).slice(-16_000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vecsql exited with ${child.exitCode} during start:\n${log}`);
    try {
      const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
      await c.connect();
      await c.end();
      break;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`vecsql did not accept connections within 60 s: ${(e as Error).message}\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return pgEngine('vecsql', `vecsql (child process, pg over loopback TCP)`, { host: '127.0.0.1', port, user: 'postgres', database: 'postgres' }, async () => {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (log.trim()) process.stderr.write(`[vecsql log tail]\n${log.slice(-4000)}\n`);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(snapshot, { recursive: true, force: true });
  });
}

async function startPglite(): Promise<Engine> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite/vector');
  const db = await PGlite.create({ extensions: { vector } });
  return {
    id: 'pglite',
    label: 'PGlite+pgvector (in-process WASM)',
    async query(sql, params) {
      const r = await db.query<Record<string, unknown>>(sql, params);
      return r.rows;
    },
    async close() {
      await db.close();
    },
  };
}

// ---------------------------------------------------------------- phases

interface Result {
  engine: string;
  phase: string;
  [metric: string]: unknown;
}

const results: Result[] = [];
const resultsFile = join(BENCH_DIR, 'results', 'latest.jsonl');

function emit(r: Result): void {
  const line = JSON.stringify({ ...r, n: N, dim: DIM, queries: NQ, seed: SEED });
  process.stdout.write(`${line}\n`);
  writeFileSync(resultsFile, `${line}\n`, { flag: 'a' });
  results.push(r);
}

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await f();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

const round = (x: number, digits = 4) => Number(x.toPrecision(digits));

async function phaseSetup(e: Engine): Promise<void> {
  await e.query('CREATE EXTENSION IF NOT EXISTS vector');
  const { seconds } = await timed(() => e.query(`CREATE TABLE items (id int PRIMARY KEY, category int, embedding vector(${DIM}))`));
  emit({ engine: e.id, phase: 'create_table', seconds: round(seconds) });
}

async function phaseLoad(e: Engine, ds: Dataset): Promise<void> {
  const { seconds } = await timed(async () => {
    for (let start = 0; start < N; start += LOAD_BATCH) {
      const end = Math.min(N, start + LOAD_BATCH);
      const tuples: string[] = [];
      const params: unknown[] = [];
      for (let i = start; i < end; i++) {
        const p = params.length;
        tuples.push(`($${p + 1}, $${p + 2}, $${p + 3})`);
        params.push(i + 1, ds.categories[i], literal(ds.vectors, i));
      }
      await e.query(`INSERT INTO items (id, category, embedding) VALUES ${tuples.join(', ')}`, params);
    }
  });
  const [row] = await e.query('SELECT count(*)::int AS c FROM items');
  const count = Number(row?.c);
  if (count !== N) throw new Error(`${e.id}: loaded ${count} rows, expected ${N}`);
  emit({ engine: e.id, phase: 'load', rows: N, batch: LOAD_BATCH, seconds: round(seconds), rows_per_s: round(N / seconds) });
}

async function phaseIndex(e: Engine): Promise<void> {
  const { seconds } = await timed(() =>
    e.query('CREATE INDEX items_embedding_hnsw ON items USING hnsw (embedding vector_l2_ops) WITH (m = 16, ef_construction = 64)'),
  );
  emit({ engine: e.id, phase: 'create_index_hnsw', m: 16, ef_construction: 64, seconds: round(seconds) });
}

interface KnnSpec {
  phase: string;
  sql: string;
  params: (q: number) => unknown[];
  truth: number[][];
  settings: Record<string, string | number>;
}

async function phaseKnn(e: Engine, ds: Dataset, spec: KnnSpec, stmtName: string): Promise<void> {
  for (const [k, v] of Object.entries(spec.settings)) await e.query(`SET ${k} = ${typeof v === 'number' ? v : `'${v}'`}`);
  const lits = Array.from({ length: NQ }, (_, q) => literal(ds.queries, q));
  for (let q = 0; q < Math.min(WARMUP_QUERIES, NQ); q++) await e.query(spec.sql, [lits[q], ...spec.params(q)], stmtName);
  const lat: number[] = [];
  let hits = 0;
  let returned = 0;
  const t0 = performance.now();
  for (let q = 0; q < NQ; q++) {
    const s = performance.now();
    const rows = await e.query(spec.sql, [lits[q], ...spec.params(q)], stmtName);
    lat.push(performance.now() - s);
    const truth = new Set(spec.truth[q]);
    returned += rows.length;
    for (const r of rows) if (truth.has(Number(r.id))) hits++;
  }
  const seconds = (performance.now() - t0) / 1000;
  // Which plan ran: a baseline that quietly used a sequential scan would be exact and not an ANN figure.
  let plan: string;
  try {
    const rows = await e.query(`EXPLAIN ${spec.sql}`, [lits[0], ...spec.params(0)]);
    plan = rows
      .map((r) => String(Object.values(r)[0]).trim().replace(/'\[[^\]]*\]'/g, "'[…]'"))
      .join(' / ');
  } catch (err) {
    plan = `EXPLAIN failed: ${(err as Error).message}`;
  }
  const possible = spec.truth.reduce((s, t) => s + t.length, 0);
  lat.sort((a, b) => a - b);
  emit({
    engine: e.id,
    phase: spec.phase,
    ...spec.settings,
    recall_at_10: round(hits / possible),
    avg_rows_returned: round(returned / NQ),
    qps: round(NQ / seconds),
    p50_ms: round(percentile(lat, 50)),
    p99_ms: round(percentile(lat, 99)),
    clients: 1,
    plan,
  });
}

async function phasePing(e: Engine, label = e.id): Promise<void> {
  for (let i = 0; i < 50; i++) await e.query('SELECT 1');
  const { seconds } = await timed(async () => {
    for (let i = 0; i < PING_COUNT; i++) await e.query('SELECT 1');
  });
  emit({ engine: label, phase: 'select1', round_trips: PING_COUNT, seconds: round(seconds), per_s: round(PING_COUNT / seconds) });
}

async function runEngine(e: Engine, ds: Dataset, gt: GroundTruth): Promise<void> {
  process.stderr.write(`# ${e.label}\n`);
  const knn = 'SELECT id FROM items ORDER BY embedding <-> $1 LIMIT 10';
  try {
    await phaseSetup(e);
    await phaseLoad(e, ds);
    await phaseIndex(e);
    for (const ef of [40, 100]) {
      await phaseKnn(e, ds, { phase: `knn_ef${ef}`, sql: knn, params: () => [], truth: gt.unfiltered, settings: { 'hnsw.ef_search': ef } }, 'knn');
    }
    const f10 = 'SELECT id FROM items WHERE category < $2 ORDER BY embedding <-> $1 LIMIT 10';
    const f1 = 'SELECT id FROM items WHERE category = $2 ORDER BY embedding <-> $1 LIMIT 10';
    // pgvector >= 0.8 can keep scanning the graph until enough rows pass the
    // filter (hnsw.iterative_scan); it is off by default. The baseline is run
    // both ways; vecsql runs with its defaults only (nothing set).
    const variants: Array<Record<string, string | number>> =
      e.id === 'pglite'
        ? [{ 'hnsw.ef_search': 40, 'hnsw.iterative_scan': 'off' }, { 'hnsw.ef_search': 40, 'hnsw.iterative_scan': 'relaxed_order' }]
        : [{ 'hnsw.ef_search': 40 }];
    for (const settings of variants) {
      const suffix = settings['hnsw.iterative_scan'] === 'relaxed_order' ? '_iterative' : '';
      await phaseKnn(e, ds, { phase: `filtered10_ef40${suffix}`, sql: f10, params: () => [10], truth: gt.filter10, settings }, 'f10');
      await phaseKnn(e, ds, { phase: `filtered1_ef40${suffix}`, sql: f1, params: (q) => [ds.queryCategory[q]], truth: gt.filter1, settings }, 'f1');
    }
  } catch (err) {
    const msg = (err as Error).message;
    process.stderr.write(`${e.id}: ERROR ${msg}\n`);
    emit({ engine: e.id, phase: 'error', error: msg });
  }
  try {
    await phasePing(e);
  } catch (err) {
    emit({ engine: e.id, phase: 'error', error: (err as Error).message });
  } finally {
    await e.close();
  }
}

// ---------------------------------------------------------------- report

function table(): string {
  const get = (engine: string, phase: string, metric: string): number | undefined => {
    const r = results.find((x) => x.engine === engine && x.phase === phase);
    const v = r?.[metric];
    return typeof v === 'number' ? v : undefined;
  };
  const rows: Array<[label: string, phase: string, metric: string, better: 'higher' | 'lower', baselinePhase?: string]> = [
    ['load (500 rows/INSERT)', 'load', 'rows_per_s', 'higher'],
    ['CREATE INDEX hnsw, s', 'create_index_hnsw', 'seconds', 'lower'],
  ];
  for (const ef of [40, 100]) {
    rows.push([`KNN ef_search=${ef}: recall@10`, `knn_ef${ef}`, 'recall_at_10', 'higher']);
    rows.push([`KNN ef_search=${ef}: QPS`, `knn_ef${ef}`, 'qps', 'higher']);
    rows.push([`KNN ef_search=${ef}: p50 ms`, `knn_ef${ef}`, 'p50_ms', 'lower']);
    rows.push([`KNN ef_search=${ef}: p99 ms`, `knn_ef${ef}`, 'p99_ms', 'lower']);
  }
  // Filtered rows: vecsql (its defaults) against the baseline both with
  // pgvector's default (hnsw.iterative_scan = off) and with relaxed_order.
  for (const [sel, p] of [['10%', 'filtered10'], ['1%', 'filtered1']] as const) {
    for (const [variant, suffix] of [['off', ''], ['relaxed_order', '_iterative']] as const) {
      const label = `filtered ${sel} ef_search=40 (baseline iterative_scan=${variant})`;
      rows.push([`${label}: recall@10`, `${p}_ef40`, 'recall_at_10', 'higher', `${p}_ef40${suffix}`]);
      rows.push([`${label}: QPS`, `${p}_ef40`, 'qps', 'higher', `${p}_ef40${suffix}`]);
      rows.push([`${label}: p50 ms`, `${p}_ef40`, 'p50_ms', 'lower', `${p}_ef40${suffix}`]);
      rows.push([`${label}: p99 ms`, `${p}_ef40`, 'p99_ms', 'lower', `${p}_ef40${suffix}`]);
    }
  }
  rows.push(['SELECT 1 round trips/s', 'select1', 'per_s', 'higher']);
  const fmt = (v: number | undefined) => (v === undefined ? 'n/a' : String(v));
  const lines = [
    '| metric | vecsql | PGlite+pgvector (in-process WASM) | ratio vecsql/baseline | better |',
    '|---|---|---|---|---|',
  ];
  for (const [label, phase, metric, better, baselinePhase] of rows) {
    const a = get('vecsql', phase, metric);
    const b = get('pglite', baselinePhase ?? phase, metric);
    const ratio = a !== undefined && b !== undefined && b !== 0 ? (a / b).toFixed(2) : 'n/a';
    lines.push(`| ${label} | ${fmt(a)} | ${fmt(b)} | ${ratio} | ratio ${better === 'higher' ? '> 1' : '< 1'} favours vecsql |`);
  }
  const extra: string[] = [];
  const pg15 = get('postgresql15', 'select1', 'per_s');
  if (pg15 !== undefined) extra.push(`| native PostgreSQL 15 (no pgvector), SELECT 1 round trips/s | ${pg15} |`);
  if (extra.length) lines.push('', '| also measured | |', '|---|---|', ...extra);
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, '');
  const t0 = performance.now();
  const ds = makeDataset();
  const { gt, cached, seconds } = cachedGroundTruth(ds);
  process.stderr.write(`# dataset n=${N} dim=${DIM} queries=${NQ} seed=${SEED}; ground truth ${cached ? 'from cache' : `computed in ${seconds.toFixed(1)} s`}\n`);
  let rev = 'unknown';
  try {
    rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    if (dirty) rev += ` + uncommitted changes in src/ (${dirty.split('\n').length} files)`;
  } catch {
    // not a git checkout
  }
  emit({ engine: 'meta', phase: 'environment', vecsql_source: rev, cpus: cpus().length, cpu_model: cpus()[0]?.model ?? '?', node: process.version, date: new Date().toISOString() });
  process.stderr.write(`# machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}\n`);

  await runEngine(await startVecsql(), ds, gt);
  await runEngine(await startPglite(), ds, gt);

  if (!opts['no-pg15'] && isPostgres15Available()) {
    try {
      const pg15 = await startPostgres15();
      const e = await pgEngine('postgresql15', 'PostgreSQL 15 (native, no pgvector)', { host: pg15.host, port: pg15.port, user: pg15.user, database: 'postgres' }, () => pg15.stop());
      try {
        await phasePing(e);
      } finally {
        await e.close();
      }
    } catch (err) {
      process.stderr.write(`postgresql15: skipped SELECT 1 phase: ${(err as Error).message}\n`);
    }
  }

  process.stdout.write(`\n${table()}\n\nTotal wall time ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
