/**
 * The LMDB environment of one data directory. Readers work on snapshots
 * (read transactions) and never block; all writes of a SQL transaction are
 * applied by `commit` in one LMDB write transaction, and `commit` returns
 * only once that transaction is flushed to disk.
 */
import { open, type Database, type RootDatabase, type Transaction } from 'lmdb';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PgError, SqlState } from '../types/errors.js';
import type { StoreName, WriteSet } from './write-set.js';

export const FORMAT_VERSION = 1;

type BinaryDb = Database<Buffer, Buffer>;

export interface KeyValue {
  readonly key: Buffer;
  readonly value: Buffer;
}

/** A consistent read view of the committed data. Release it when done. */
export class Snapshot {
  private released = false;
  constructor(
    private readonly engine: StorageEngine,
    readonly txn: Transaction,
    /** Commit sequence number the snapshot sees. */
    readonly commitSeq: number,
  ) {}

  get(store: StoreName, key: Buffer): Buffer | undefined {
    // The typings omit the options argument that lmdb-js accepts at run time.
    const db = this.engine.db(store) as unknown as { getBinary(k: Buffer, o: { transaction: Transaction }): Uint8Array | undefined };
    // getBinary returns a copy (getBinaryFast's buffer is reused by the next read).
    const v = db.getBinary(key, { transaction: this.txn });
    return v === undefined ? undefined : Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  }

  /** Entries with start <= key < end in key order (reverse: descending). */
  *range(store: StoreName, start: Buffer, end: Buffer, reverse = false): Generator<KeyValue> {
    const iter = this.engine.db(store).getRange(reverse ? { start: end, end: start, reverse: true, transaction: this.txn } : { start, end, transaction: this.txn });
    for (const { key, value } of iter) {
      if (reverse && Buffer.compare(key as Buffer, start) < 0) break;
      yield { key: key as Buffer, value: value as Buffer };
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.txn.done();
  }
}

export class StorageEngine {
  private readonly root: RootDatabase;
  private readonly dbs: Record<StoreName, BinaryDb>;
  private seq = 0;
  private closed = false;

  private constructor(root: RootDatabase, dbs: Record<StoreName, BinaryDb>) {
    this.root = root;
    this.dbs = dbs;
  }

  static async open(dataDir: string): Promise<StorageEngine> {
    mkdirSync(dataDir, { recursive: true });
    const root = open({
      path: join(dataDir, 'vecsql.mdb'),
      maxDbs: 16,
      // Rows with vectors are large; 16 KiB pages waste less space on them (engine.md, bytes per vector row).
      pageSize: 16384,
      // A commit becomes visible only once it is on disk: with overlapping sync a reader could see a
      // commit that a crash then loses (found by test/e2e/crash.test.ts). lmdb-js still batches the
      // transactions queued meanwhile into one commit and one fsync.
      overlappingSync: false,
    });
    const opts = { encoding: 'binary' as const, keyEncoding: 'binary' as const };
    const dbs = {
      rows: root.openDB<Buffer, Buffer>({ name: 'rows', ...opts }),
      index: root.openDB<Buffer, Buffer>({ name: 'index', ...opts }),
      catalog: root.openDB<Buffer, Buffer>({ name: 'catalog', ...opts }),
      meta: root.openDB<Buffer, Buffer>({ name: 'meta', ...opts }),
    };
    const engine = new StorageEngine(root, dbs);
    const version = dbs.meta.getBinary(Buffer.from('format_version'));
    if (version === undefined) {
      await dbs.meta.put(Buffer.from('format_version'), Buffer.from(String(FORMAT_VERSION)));
      await root.flushed;
    } else if (Number(Buffer.from(version).toString()) !== FORMAT_VERSION) {
      throw new PgError(SqlState.DataCorrupted, `data directory has format version ${Buffer.from(version).toString()}, this server needs ${FORMAT_VERSION}`);
    }
    return engine;
  }

  db(store: StoreName): BinaryDb {
    return this.dbs[store];
  }

  /** Number of commits so far in this process (snapshots compare it to detect concurrent commits). */
  get commitSeq(): number {
    return this.seq;
  }

  snapshot(): Snapshot {
    if (this.closed) throw new PgError(SqlState.AdminShutdown, 'the storage engine is closed');
    return new Snapshot(this, this.root.useReadTransaction(), this.seq);
  }

  /** Applies a write set atomically and durably. */
  async commit(ws: WriteSet): Promise<void> {
    await (await this.apply(ws)).durable;
  }

  /**
   * Applies a write set atomically; resolves once it is visible to new
   * snapshots, with a promise that resolves once it is on disk. Commits are
   * flushed in order, so a later commit being durable implies every earlier
   * one is: a writer may start on visible-but-unflushed data, and concurrent
   * committers share fsyncs (group commit).
   */
  async apply(ws: WriteSet): Promise<{ durable: Promise<void> }> {
    // Wrapped in an object: a promise resolving to a promise would be flattened by await.
    if (ws.isEmpty) return { durable: Promise.resolve() };
    try {
      await this.root.transaction(() => {
        for (const c of ws.changes()) {
          const db = this.dbs[c.store];
          if (c.value === null) db.removeSync(c.key);
          else db.putSync(c.key, c.value);
        }
      });
      this.seq++;
      const durable = Promise.resolve(this.root.flushed).then(
        () => undefined,
        (e) => {
          throw this.ioError(e);
        },
      );
      return { durable };
    } catch (e) {
      throw this.ioError(e);
    }
  }

  private ioError(e: unknown): PgError {
    if (e instanceof PgError) return e;
    const msg = (e as Error).message ?? String(e);
    if (/MDB_MAP_FULL|ENOSPC|No space/i.test(msg)) return new PgError(SqlState.DiskFull, `could not write to the data directory: ${msg}`);
    return new PgError(SqlState.IoError, `commit failed: ${msg}`);
  }

  /** Writes outside any SQL transaction (sequence high-water marks); durable on return. */
  async putDurable(store: StoreName, key: Buffer, value: Buffer): Promise<void> {
    await this.dbs[store].put(key, value);
    await this.root.flushed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // lmdb-js can deadlock closing in the same turn as a write burst (engine.md); yield first.
    await new Promise((r) => setTimeout(r, 0));
    await this.root.close();
  }
}
