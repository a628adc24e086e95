/**
 * AnnIndex: one HNSW vector index (usearch, through our addon in
 * src/vector/native) with the discipline usearch needs and the file protocol a
 * database needs.
 *
 * - Concurrency. Searches may run together on the libuv pool; add, remove,
 *   reserve, addBatch and load are exclusive (usearch: growth must not overlap
 *   anything, and we keep writes away from searches too). An async
 *   reader/writer lock enforces it, FIFO so a writer is not starved by a
 *   stream of searches. The addon re-checks the rule and throws 'busy' rather
 *   than race, so the synchronous search() fails (never corrupts) if called
 *   while addBatch or load runs on a worker thread.
 * - Per-call ef_search and allow-list filtering (a bitmap over keys) happen
 *   inside the graph walk; searchExactAsync is the brute-force scan the
 *   planner should prefer when few keys are allowed (DESIGN.md, Filtered ANN).
 * - Files. save() writes path.tmp, appends a trailer with a SHA-256, fsyncs,
 *   renames over path and fsyncs the directory; load() verifies the trailer
 *   and checksum, then the addon validates every count, offset and link
 *   before usearch parses a byte. A damaged file throws; it never takes the
 *   process down.
 * - Recovery. add/addBatch/remove may carry a mark (the LSN of the change);
 *   a snapshot records the mark of the last write it contains and load()
 *   restores it, so startup replays the change log from exactly there.
 *
 * Keys are rowids: integers in [0, 2^53]. Distances are usearch's; see
 * toPgDistance() for pgvector's operators.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgError, SqlState } from '../types/errors.js';

export type AnnMetric = 'l2sq' | 'ip' | 'cos' | 'hamming' | 'jaccard';
export type AnnScalar = 'f32' | 'f16' | 'i8' | 'b1';

export interface AnnIndexOptions {
  dimensions: number;
  metric: AnnMetric;
  /** Storage of the vectors. Default: 'b1' for hamming/jaccard, else 'f32'. 'i8' only with 'cos'. */
  scalar?: AnnScalar;
  /** HNSW M (pgvector `m`), default 16. */
  connectivity?: number;
  /** ef_construction (pgvector `ef_construction`), default 64. */
  expansionAdd?: number;
  /** ef_search used when a search passes none (pgvector `hnsw.ef_search`), default 40. */
  expansionSearch?: number;
  /** usearch thread contexts; default: libuv pool size + 2 (the JS thread and one spare). */
  contexts?: number;
}

export interface AnnInfo {
  dimensions: number;
  metric: AnnMetric;
  scalar: AnnScalar;
  connectivity: number;
  expansionAdd: number;
  expansionSearch: number;
  /** Live vectors. */
  size: number;
  /** Graph slots reserved. */
  capacity: number;
  /** Removed vectors still in the graph (their slots are reused by later adds). */
  tombstones: number;
  contexts: number;
  /** Distance kernel in use: 'serial' for the compiler-vectorised build. */
  isa: string;
}

export interface AnnMatches {
  /** Keys, nearest first. */
  keys: Float64Array;
  /** usearch distances, ascending (see toPgDistance). */
  distances: Float32Array;
  /** Graph nodes visited and distances computed, for EXPLAIN ANALYZE-style reporting. */
  visited: number;
  computed: number;
}

export interface AnnSnapshot {
  path: string;
  /** The mark of the last write in the snapshot (see AnnIndex.mark()); undefined if no write carried one. */
  mark: number | undefined;
  /** File size, trailer included. */
  bytes: number;
  /** SHA-256 (hex) of the payload and the trailer header; also stored in the trailer. Record it in the catalog. */
  sha256: string;
}

export interface AnnLoadOptions {
  /** The checksum recorded when the snapshot was saved (for example in the catalog). */
  expectedSha256?: string;
  contexts?: number;
}

/**
 * pgvector operator classes that an AnnIndex can serve, and how. Not listed:
 * vector_l1_ops / halfvec_l1_ops (usearch's HNSW has no L1 metric) and the
 * sparsevec_* classes (usearch indexes dense vectors only): the planner must
 * answer those with an exact scan.
 */
export const PG_OPCLASSES: Readonly<Record<string, { metric: AnnMetric; scalar: AnnScalar; operator: string }>> = {
  vector_l2_ops: { metric: 'l2sq', scalar: 'f32', operator: '<->' },
  vector_ip_ops: { metric: 'ip', scalar: 'f32', operator: '<#>' },
  vector_cosine_ops: { metric: 'cos', scalar: 'f32', operator: '<=>' },
  halfvec_l2_ops: { metric: 'l2sq', scalar: 'f16', operator: '<->' },
  halfvec_ip_ops: { metric: 'ip', scalar: 'f16', operator: '<#>' },
  halfvec_cosine_ops: { metric: 'cos', scalar: 'f16', operator: '<=>' },
  bit_hamming_ops: { metric: 'hamming', scalar: 'b1', operator: '<~>' },
  bit_jaccard_ops: { metric: 'jaccard', scalar: 'b1', operator: '<%>' },
};

/**
 * Converts a usearch distance to the value of the pgvector operator: l2sq is
 * squared (`<->` is its square root); usearch's ip is 1 - a·b while `<#>` is
 * -a·b; cos (1 - cosine similarity), hamming and jaccard already agree.
 * Computed in float32 by usearch: re-rank with the exact operator when the
 * digits matter.
 */
export function toPgDistance(metric: AnnMetric, distance: number): number {
  switch (metric) {
    case 'l2sq':
      return Math.sqrt(distance);
    case 'ip':
      return distance - 1;
    case 'cos':
    case 'hamming':
    case 'jaccard':
      return distance;
  }
}

/** An allow-list bitmap for search: bit k set = key k may be returned. */
export function allowBitmap(keys: ArrayLike<number>, maxKey?: number): Uint8Array {
  let max = maxKey ?? -1;
  if (maxKey === undefined) for (let i = 0; i < keys.length; i++) if (keys[i] > max) max = keys[i];
  const bitmap = new Uint8Array(Math.floor(max / 8) + 1);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k >= 0 && k <= max) bitmap[Math.floor(k / 8)] |= 1 << k % 8;
  }
  return bitmap;
}

/** An error from the index; `kind` says which, `code` is the SQLSTATE. */
export type AnnErrorKind = 'invalid' | 'duplicate' | 'busy' | 'corrupt' | 'io' | 'internal';

export class AnnIndexError extends PgError {
  readonly kind: AnnErrorKind;
  constructor(kind: AnnErrorKind, message: string, hint?: string) {
    super(ERROR_CODES[kind], message, { hint });
    this.name = 'AnnIndexError';
    this.kind = kind;
  }
}

const ERROR_CODES: Record<AnnErrorKind, string> = {
  invalid: SqlState.DataException,
  duplicate: SqlState.InternalError,
  busy: SqlState.ObjectNotInPrerequisiteState,
  corrupt: SqlState.DataCorrupted,
  io: SqlState.IoError,
  internal: SqlState.InternalError,
};

function fromNative(err: unknown): Error {
  if (err instanceof AnnIndexError) return err;
  const e = err as { kind?: unknown; message?: unknown };
  const kind = typeof e?.kind === 'string' && e.kind in ERROR_CODES ? (e.kind as AnnErrorKind) : 'internal';
  const wrapped = new AnnIndexError(kind, typeof e?.message === 'string' ? e.message : String(err));
  if (err instanceof Error && err.stack) wrapped.stack = err.stack;
  return wrapped;
}

// ---------------------------------------------------------------------------
// The addon
// ---------------------------------------------------------------------------

interface NativeIndex {
  info(): AnnInfo;
  memoryUsage(): number;
  reserve(n: number): void;
  add(key: number, vector: Float32Array | Uint8Array): void;
  addBatch(keys: Float64Array | BigUint64Array, vectors: Float32Array | Uint8Array, threads: number): Promise<number>;
  remove(key: number): boolean;
  contains(key: number): boolean;
  search(q: Float32Array | Uint8Array, k: number, ef: number, allow: Uint8Array | null, exact: boolean): AnnMatches;
  searchAsync(
    q: Float32Array | Uint8Array,
    k: number,
    ef: number,
    allow: Uint8Array | null,
    exact: boolean,
  ): Promise<AnnMatches>;
  keys(): Float64Array;
  saveAsync(path: string): Promise<number>;
  loadAsync(path: string, payloadLength: number, expansionAdd: number, expansionSearch: number): Promise<void>;
  close(): void;
}

interface NativeAddon {
  AnnIndex: new (options: Required<AnnIndexOptions>) => NativeIndex;
  usearchVersion: string;
  simd: string;
  hardwareConcurrency: number;
}

/** Where build-native.mjs puts the addon, relative to the package root. */
const ADDON_PATH = ['src', 'vector', 'native', 'build', 'Release', 'vecsql_ann.node'];
let addon: NativeAddon | undefined;

/** The package root: the nearest directory above this module whose package.json is vecsql's. */
function packageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'vecsql') return dir;
    if (dirname(dir) === dir) throw new Error('vecsql package.json not found above ' + fileURLToPath(import.meta.url));
  }
}

/** Loads the addon on first use, so importing this module never fails. */
export function nativeAddon(): NativeAddon {
  if (addon) return addon;
  const root = packageRoot();
  const file = join(root, ...ADDON_PATH);
  if (!existsSync(file)) {
    throw new AnnIndexError(
      'internal',
      `the vector index addon is not built (${file} is missing): run \`npm run build:native\``,
      'Run `npm run build:native` in ' + root + '.',
    );
  }
  addon = createRequire(import.meta.url)(file) as NativeAddon;
  return addon;
}

/** Thread contexts to reserve: every libuv pool thread may search at once, plus the JS thread, plus one spare. */
function defaultContexts(): number {
  const pool = Number.parseInt(process.env.UV_THREADPOOL_SIZE ?? '', 10);
  return (Number.isFinite(pool) && pool > 0 ? Math.min(pool, 1024) : 4) + 2;
}

// ---------------------------------------------------------------------------
// Reader/writer lock
// ---------------------------------------------------------------------------

interface Waiter {
  exclusive: boolean;
  grant(): void;
}

/** Many readers or one writer; waiters are served in arrival order. */
export class AsyncRwLock {
  private readers = 0;
  private writer = false;
  private readonly queue: Waiter[] = [];

  get writing(): boolean {
    return this.writer;
  }
  get reading(): number {
    return this.readers;
  }

  async shared<T>(fn: () => T | Promise<T>): Promise<T> {
    await this.acquire(false);
    try {
      return await fn();
    } finally {
      this.readers--;
      this.dispatch();
    }
  }

  async exclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    await this.acquire(true);
    try {
      return await fn();
    } finally {
      this.writer = false;
      this.dispatch();
    }
  }

  private acquire(exclusive: boolean): Promise<void> {
    if (this.queue.length === 0 && !this.writer && (!exclusive || this.readers === 0)) {
      if (exclusive) this.writer = true;
      else this.readers++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push({ exclusive, grant: resolve }));
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.writer) {
      const next = this.queue[0];
      if (next.exclusive) {
        if (this.readers > 0) return;
        this.queue.shift();
        this.writer = true;
        next.grant();
        return;
      }
      this.queue.shift();
      this.readers++;
      next.grant();
    }
  }
}

// ---------------------------------------------------------------------------
// Snapshot files: <usearch payload><96-byte trailer>
//
//   0  8  magic "VECSQLIX"
//   8  4  trailer version (1)
//  12  4  expansionAdd
//  16  4  expansionSearch
//  20  4  reserved, 0
//  24  8  payload length (u64)
//  32  8  mark of the last write in the snapshot (f64; NaN = none)
//  40 24  reserved, 0
//  64 32  SHA-256 of payload || trailer[0..64)
// (all little-endian). The trailer is written last and the file is renamed
// into place only after fsync, so a file at `path` is always complete; the
// checksum catches damage after that.
// ---------------------------------------------------------------------------

const TRAILER_BYTES = 96;
const TRAILER_HASHED = 64;
const TRAILER_MAGIC = Buffer.from('VECSQLIX', 'latin1');
const TRAILER_VERSION = 1;
const HASH_CHUNK = 4 << 20;

async function hashRange(fh: FileHandle, length: number): Promise<ReturnType<typeof createHash>> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(Math.min(HASH_CHUNK, Math.max(length, 1)));
  for (let offset = 0; offset < length; ) {
    const { bytesRead } = await fh.read(buffer, 0, Math.min(buffer.length, length - offset), offset);
    if (bytesRead === 0) throw new AnnIndexError('corrupt', 'vector index file is corrupt: shorter than its trailer says');
    hash.update(buffer.subarray(0, bytesRead));
    offset += bytesRead;
  }
  return hash;
}

async function fsyncDirectory(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

// ---------------------------------------------------------------------------
// AnnIndex
// ---------------------------------------------------------------------------

export class AnnIndex {
  private readonly lock = new AsyncRwLock();
  private saving: Promise<unknown> = Promise.resolve();
  private pendingSaves = 0;
  private closed = false;
  private lastMark: number | undefined;

  private constructor(private readonly native: NativeIndex) {}

  static create(options: AnnIndexOptions): AnnIndex {
    const { AnnIndex: Native } = nativeAddon();
    const bits = options.metric === 'hamming' || options.metric === 'jaccard';
    try {
      return new AnnIndex(
        new Native({
          dimensions: options.dimensions,
          metric: options.metric,
          scalar: options.scalar ?? (bits ? 'b1' : 'f32'),
          connectivity: options.connectivity ?? 16,
          expansionAdd: options.expansionAdd ?? 64,
          expansionSearch: options.expansionSearch ?? 40,
          contexts: options.contexts ?? defaultContexts(),
        }),
      );
    } catch (e) {
      throw fromNative(e);
    }
  }

  /** Opens a snapshot written by save(); throws AnnIndexError('corrupt') for any damage. */
  static async load(path: string, options: AnnLoadOptions = {}): Promise<AnnIndex> {
    const { AnnIndex: Native } = nativeAddon();
    let payloadLength: number;
    let expansionAdd: number;
    let expansionSearch: number;
    let mark: number | undefined;
    const fh = await open(path, 'r').catch((e: Error) => {
      throw new AnnIndexError('io', `cannot open vector index file "${path}": ${e.message}`);
    });
    try {
      const size = (await fh.stat()).size;
      if (size < TRAILER_BYTES + 8) throw new AnnIndexError('corrupt', `vector index file "${path}" is corrupt: too short`);
      const trailer = Buffer.alloc(TRAILER_BYTES);
      await fh.read(trailer, 0, TRAILER_BYTES, size - TRAILER_BYTES);
      if (!trailer.subarray(0, 8).equals(TRAILER_MAGIC) || trailer.readUInt32LE(8) !== TRAILER_VERSION) {
        throw new AnnIndexError('corrupt', `vector index file "${path}" is corrupt: no valid trailer`);
      }
      payloadLength = Number(trailer.readBigUInt64LE(24));
      if (payloadLength !== size - TRAILER_BYTES) {
        throw new AnnIndexError('corrupt', `vector index file "${path}" is corrupt: ${size} bytes, trailer says ${payloadLength + TRAILER_BYTES}`);
      }
      expansionAdd = trailer.readUInt32LE(12);
      expansionSearch = trailer.readUInt32LE(16);
      const m = trailer.readDoubleLE(32);
      mark = Number.isNaN(m) ? undefined : m;
      const hash = await hashRange(fh, payloadLength);
      hash.update(trailer.subarray(0, TRAILER_HASHED));
      const digest = hash.digest();
      if (!digest.equals(trailer.subarray(TRAILER_HASHED))) {
        throw new AnnIndexError('corrupt', `vector index file "${path}" is corrupt: checksum mismatch`);
      }
      if (options.expectedSha256 !== undefined && options.expectedSha256 !== digest.toString('hex')) {
        throw new AnnIndexError('corrupt', `vector index file "${path}" is not the snapshot that was recorded (checksum differs)`);
      }
    } catch (e) {
      if (e instanceof AnnIndexError) throw e;
      throw new AnnIndexError('io', `cannot read vector index file "${path}": ${(e as Error).message}`);
    } finally {
      await fh.close();
    }
    try {
      const native = new Native({
        dimensions: 1,
        metric: 'l2sq',
        scalar: 'f32',
        connectivity: 16,
        expansionAdd,
        expansionSearch,
        contexts: options.contexts ?? defaultContexts(),
      });
      await native.loadAsync(path, payloadLength, expansionAdd, expansionSearch);
      const index = new AnnIndex(native);
      index.lastMark = mark;
      return index;
    } catch (e) {
      throw fromNative(e);
    }
  }

  /** Cheap facts: dimensions, metric, counts. */
  info(): AnnInfo {
    return this.call(() => this.native.info());
  }
  size(): number {
    return this.info().size;
  }
  capacity(): number {
    return this.info().capacity;
  }
  /** Removed vectors still occupying graph nodes; rebuild when this grows large relative to size(). */
  tombstones(): number {
    return this.info().tombstones;
  }
  /** usearch's estimate of bytes held. O(size): not for hot paths. */
  memoryUsage(): number {
    return this.call(() => this.native.memoryUsage());
  }
  contains(key: number): boolean {
    return this.call(() => this.native.contains(key));
  }
  /** The live keys, in graph-slot order. */
  keys(): Float64Array {
    return this.call(() => this.native.keys());
  }

  /**
   * The mark of the last write applied (add, addBatch and remove take an
   * optional `mark`, typically the LSN of the change they apply). save()
   * stores the mark as of its snapshot in the file and load() restores it:
   * after a restart, replay the change log past this mark. Marks should grow;
   * the index keeps whatever the last successful write carried.
   */
  mark(): number | undefined {
    return this.lastMark;
  }

  /** Room for n vectors in total (adds grow the index on their own; this avoids repeated growth). */
  reserve(n: number): Promise<void> {
    return this.write(() => this.native.reserve(n));
  }

  /** Adds one vector. Throws AnnIndexError('duplicate') if the key is present: remove() it first to replace. */
  add(key: number, vector: Float32Array | Uint8Array, mark?: number): Promise<void> {
    return this.write(() => this.native.add(key, vector), mark);
  }

  /**
   * Adds many vectors (vectors: keys.length × dimensions, row-major) on
   * `threads` worker threads (default: all cores), off the JS thread.
   * All-or-nothing: any key already present or repeated fails the whole batch
   * before anything is added. Resolves with the new size.
   */
  addBatch(
    keys: Float64Array | BigUint64Array,
    vectors: Float32Array | Uint8Array,
    threads = 0,
    mark?: number,
  ): Promise<number> {
    return this.write(() => this.native.addBatch(keys, vectors, threads), mark);
  }

  /** Removes a key (leaves a tombstone). Resolves false if it was not there. */
  remove(key: number, mark?: number): Promise<boolean> {
    return this.write(() => this.native.remove(key), mark);
  }

  /**
   * k nearest neighbours on the JS thread. ef defaults to expansionSearch;
   * allow restricts results to the keys whose bit is set (keys beyond the
   * bitmap are not allowed). Throws AnnIndexError('busy') while an addBatch or
   * load runs; prefer searchAsync in the server.
   */
  search(query: Float32Array | Uint8Array, k: number, ef = 0, allow: Uint8Array | null = null): AnnMatches {
    return this.call(() => this.native.search(query, k, ef, allow, false));
  }

  /** search() on the libuv pool; many may run at once, writes wait for them. */
  searchAsync(query: Float32Array | Uint8Array, k: number, ef = 0, allow: Uint8Array | null = null): Promise<AnnMatches> {
    return this.read(() => this.native.searchAsync(query, k, ef, allow, false));
  }

  /**
   * Exact k nearest among the allowed keys (all keys when allow is null): a
   * scan that tests the bitmap first and measures only allowed vectors. The
   * right plan when the allow-list is small (below ~10-20k rows, DESIGN.md).
   */
  searchExactAsync(query: Float32Array | Uint8Array, k: number, allow: Uint8Array | null = null): Promise<AnnMatches> {
    return this.read(() => this.native.searchAsync(query, k, 0, allow, true));
  }

  /**
   * Writes a snapshot crash-safely: path.tmp, trailer with SHA-256, fsync,
   * rename over path, fsync of the directory. Searches continue meanwhile;
   * writes wait until the index has been serialised. The snapshot holds every
   * write issued before save() and possibly some issued after (requests are
   * served in order); its `mark` says exactly which: the mark of the last
   * write it contains.
   */
  save(path: string): Promise<AnnSnapshot> {
    // Saves of one index run one at a time (they share path.tmp); the first
    // takes its place in the request order at once.
    const run = this.pendingSaves === 0 ? this.saveNow(path) : this.saving.then(() => this.saveNow(path));
    this.pendingSaves++;
    this.saving = run.catch(() => undefined).finally(() => this.pendingSaves--);
    return run;
  }

  /** Frees the native memory now (waits for running operations). */
  close(): Promise<void> {
    return this.lock.exclusive(() => {
      if (this.closed) return;
      this.closed = true;
      this.native.close();
    });
  }

  private async saveNow(path: string): Promise<AnnSnapshot> {
    const tmp = `${path}.tmp`;
    let mark: number | undefined;
    try {
      const payloadLength = await this.read(() => {
        mark = this.lastMark; // no write can run until the payload is written
        return this.native.saveAsync(tmp);
      });
      const info = this.info();
      const fh = await open(tmp, 'r+');
      let digest: Buffer;
      try {
        const trailer = Buffer.alloc(TRAILER_BYTES);
        TRAILER_MAGIC.copy(trailer, 0);
        trailer.writeUInt32LE(TRAILER_VERSION, 8);
        trailer.writeUInt32LE(info.expansionAdd, 12);
        trailer.writeUInt32LE(info.expansionSearch, 16);
        trailer.writeBigUInt64LE(BigInt(payloadLength), 24);
        trailer.writeDoubleLE(mark ?? Number.NaN, 32);
        const hash = await hashRange(fh, payloadLength);
        hash.update(trailer.subarray(0, TRAILER_HASHED));
        digest = hash.digest();
        digest.copy(trailer, TRAILER_HASHED);
        await fh.write(trailer, 0, TRAILER_BYTES, payloadLength);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
      await fsyncDirectory(dirname(path));
      return { path, mark, bytes: payloadLength + TRAILER_BYTES, sha256: digest.toString('hex') };
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      if (e instanceof AnnIndexError) throw e;
      const err = e as NodeJS.ErrnoException;
      if (err.code) throw new AnnIndexError('io', `cannot save vector index to "${path}": ${err.message}`);
      throw fromNative(e);
    }
  }

  private call<T>(fn: () => T): T {
    if (this.closed) throw new AnnIndexError('invalid', 'the vector index is closed');
    try {
      return fn();
    } catch (e) {
      throw fromNative(e);
    }
  }

  private read<T>(fn: () => Promise<T>): Promise<T> {
    return this.lock.shared(() => this.call(fn)).catch((e: unknown) => {
      throw fromNative(e);
    });
  }

  /** Runs fn alone; on success records its mark before any other request may run. */
  private write<T>(fn: () => T | Promise<T>, mark?: number): Promise<T> {
    return this.lock
      .exclusive(async () => {
        const result = await this.call(fn);
        if (mark !== undefined) this.lastMark = mark;
        return result;
      })
      .catch((e: unknown) => {
        throw fromNative(e);
      });
  }
}
