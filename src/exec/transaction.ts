/**
 * One SQL transaction's view of the database: its uncommitted writes, the
 * catalog it sees (its own DDL included), the snapshot it reads, and whether
 * it holds the write lock.
 *
 * Isolation: READ COMMITTED takes a new snapshot per statement; REPEATABLE
 * READ and SERIALIZABLE keep the first one. Writers hold the database write
 * lock from their first write to the end, so a read-modify-write never loses
 * an update; a repeatable-read writer whose snapshot is older than the last
 * commit fails with 40001, as PostgreSQL's would on a concurrent update.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { ReadView } from '../storage/layered-snapshot.js';
import { WriteSet } from '../storage/write-set.js';
import { PgError, SqlState } from '../types/errors.js';
import type { Database } from './database.js';

export type Isolation = 'read committed' | 'repeatable read' | 'serializable' | 'read uncommitted';

export interface Savepoint {
  readonly name: string;
  readonly mark: number;
  readonly catalog: Catalog;
  readonly catalogChanged: boolean;
  readonly ann: ReadonlyMap<number, ReadonlyMap<number, unknown>>;
}

export class Transaction {
  readonly ws = new WriteSet();
  catalog: Catalog;
  catalogChanged = false;
  readonly touchedSequences = new Set<number>();
  /** Vector changes per HNSW index (rowid → new vector, or null when the row is gone), applied after commit. */
  readonly annChanges = new Map<number, Map<number, unknown>>();
  private snap: ReadView | null = null;
  private holdsLock = false;
  private readonly savepoints: Savepoint[] = [];

  constructor(
    readonly db: Database,
    /** Lock owner id: the session's backend pid. */
    readonly owner: number,
    public isolation: Isolation,
    public readOnly: boolean,
  ) {
    this.catalog = db.catalog;
  }

  private get keepsSnapshot(): boolean {
    return this.isolation === 'repeatable read' || this.isolation === 'serializable';
  }

  /** Called before each statement: the snapshot and catalog it will read. */
  beginStatement(): void {
    if (!this.keepsSnapshot && this.snap) {
      this.snap.release();
      this.snap = null;
    }
    if (!this.catalogChanged && !this.keepsSnapshot) this.catalog = this.db.catalog;
  }

  get snapshot(): ReadView {
    this.snap ??= this.db.snapshot(this.holdsLock);
    return this.snap;
  }

  get isWriter(): boolean {
    return this.holdsLock;
  }

  /** Takes the write lock before a statement that writes. */
  async acquireWriteLock(timeoutMs: number, signal: AbortSignal | undefined, onAbort: () => Error): Promise<void> {
    if (this.readOnly) return;
    if (this.holdsLock) return;
    await this.db.lock.acquire(this.owner, timeoutMs, signal, onAbort);
    this.holdsLock = true;
    if (this.keepsSnapshot && this.snap && this.snap.commitSeq !== this.db.commitSeq) {
      // A repeatable-read writer must not build on commits its snapshot does not contain.
      throw new PgError(SqlState.SerializationFailure, 'could not serialize access due to concurrent update');
    }
    // Read committed: statements from now on read the newest committed state, including commits still being written.
    if (!this.keepsSnapshot && this.snap) {
      this.snap.release();
      this.snap = null;
    }
    if (!this.catalogChanged) this.catalog = this.db.catalog;
  }

  checkWritable(command: string): void {
    if (this.readOnly) throw new PgError(SqlState.ReadOnlySqlTransaction, `cannot execute ${command} in a read-only transaction`);
  }

  setCatalog(c: Catalog): void {
    this.catalog = c;
    this.catalogChanged = true;
  }

  // ---- Savepoints and statement atomicity ----

  mark(): Savepoint {
    const ann = new Map([...this.annChanges].map(([oid, m]) => [oid, new Map(m)]));
    return { name: '', mark: this.ws.mark(), catalog: this.catalog, catalogChanged: this.catalogChanged, ann };
  }

  restore(sp: Savepoint): void {
    this.ws.rollbackTo(sp.mark);
    this.catalog = sp.catalog;
    this.catalogChanged = sp.catalogChanged;
    this.annChanges.clear();
    for (const [oid, m] of sp.ann) this.annChanges.set(oid, new Map(m));
  }

  // ---- End ----

  /**
   * Commits: the writes become visible, the write lock passes to the next
   * writer, and this returns once the commit is on disk (so the next writer's
   * work overlaps this one's fsync).
   */
  async commit(): Promise<void> {
    let durable: Promise<void> = Promise.resolve();
    let built: Promise<void> = Promise.resolve();
    try {
      if (this.touchedSequences.size > 0) this.db.persistSequences(this.touchedSequences, this.ws);
      if (!this.ws.isEmpty) {
        if (!this.holdsLock && !this.onlySequenceWrites()) {
          throw new PgError(SqlState.InternalError, 'transaction wrote without holding the write lock');
        }
        durable = this.db.commit(this.ws);
      }
      if (this.catalogChanged) built = this.db.catalogCommitted(this.catalog, durable.catch(() => undefined));
      // Vector indexes follow commits in commit order; they are rebuilt from rows after a crash.
      for (const [oid, changes] of this.annChanges) this.db.vectors.apply(oid, changes as Map<number, never>);
    } finally {
      this.finish();
    }
    await durable;
    // CREATE INDEX … USING hnsw returns once its index is built, as in PostgreSQL.
    await built;
  }

  rollback(): void {
    this.finish();
  }

  private onlySequenceWrites(): boolean {
    for (const c of this.ws.changes()) if (c.store !== 'meta') return false;
    return true;
  }

  private finish(): void {
    this.snap?.release();
    this.snap = null;
    if (this.holdsLock) {
      this.holdsLock = false;
      this.db.lock.release(this.owner);
    }
    this.savepoints.length = 0;
  }
}
