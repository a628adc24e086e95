/**
 * The open database of one data directory: the storage engine, the current
 * catalog snapshot, the write lock, rowid and sequence counters. Sessions
 * run their transactions against it.
 */
import { StorageEngine } from '../storage/engine.js';
import { LayeredSnapshot, type ReadView } from '../storage/layered-snapshot.js';
import { VectorIndexes, type VectorValue } from '../vector/manager.js';
import type { IndexDef, RelationDef } from '../catalog/objects.js';
import { decodeRow } from '../storage/row-codec.js';
import { WriteLock } from '../storage/lock.js';
import { WriteSet } from '../storage/write-set.js';
import { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/store.js';
import type { SequenceDef } from '../catalog/objects.js';
import { PgError, SqlState } from '../types/errors.js';

const SEQ_RESERVE = 32;

export function tableKeyPrefix(tableOid: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(tableOid);
  return b;
}

export function rowKey(tableOid: number, rowid: number): Buffer {
  const b = Buffer.allocUnsafe(12);
  b.writeUInt32BE(tableOid, 0);
  b.writeUInt32BE(Math.floor(rowid / 0x100000000), 4);
  b.writeUInt32BE(rowid >>> 0, 8);
  return b;
}

export function rowidOfKey(key: Buffer): number {
  return key.readUInt32BE(4) * 0x100000000 + key.readUInt32BE(8);
}

function seqKey(oid: number): Buffer {
  return Buffer.from(`seq:${oid}`);
}

interface SequenceState {
  /** Last value handed out; null before the first nextval (is_called = false). */
  last: bigint | null;
  /** Values up to this one may have been handed out; persisted with every commit that used the sequence. */
  reserved: bigint | null;
}

type Snapshot = ReadView;

export class Database {
  catalog: Catalog;
  /** The HNSW indexes, kept in memory and derived from committed rows. */
  readonly vectors = new VectorIndexes();
  readonly lock = new WriteLock();
  /** Committed write sets still being applied to LMDB, oldest first (see LayeredSnapshot). */
  private pending: WriteSet[] = [];
  private readonly inflight = new Set<Promise<unknown>>();
  /** Commits so far; a snapshot remembers the count it saw (repeatable read conflict checks). */
  private commits = 0;
  /** Set when a commit failed to reach disk: later commits are refused, as PostgreSQL PANICs. */
  private broken: PgError | null = null;
  private readonly nextRowids = new Map<number, number>();
  private readonly sequences = new Map<number, SequenceState>();

  private constructor(
    readonly engine: StorageEngine,
    catalog: Catalog,
  ) {
    this.catalog = catalog;
  }

  get commitSeq(): number {
    return this.commits;
  }

  static async open(dataDir: string, owner: string): Promise<Database> {
    const engine = await StorageEngine.open(dataDir);
    const snap = engine.snapshot();
    let db: Database;
    try {
      db = new Database(engine, loadCatalog(snap, owner));
    } finally {
      snap.release();
    }
    // HNSW indexes are rebuilt from the committed rows in the background; queries wait for them.
    db.syncVectorIndexes(db.catalog).catch(() => undefined);
    return db;
  }

  /**
   * Makes a committed catalog current, building HNSW indexes it adds and
   * dropping those it removes; resolves when the new indexes are built.
   */
  catalogCommitted(next: Catalog, durable: Promise<unknown> = Promise.resolve()): Promise<void> {
    this.catalog = next;
    return this.syncVectorIndexes(next, durable);
  }

  private syncVectorIndexes(catalog: Catalog, start: Promise<unknown> = Promise.resolve()): Promise<void> {
    const live = new Set<number>();
    const building: Promise<unknown>[] = [];
    for (const o of catalog.all()) {
      if (o.kind !== 'index' || o.method !== 'hnsw') continue;
      live.add(o.oid);
      if (this.vectors.has(o.oid)) continue;
      const table = catalog.relation(o.tableOid);
      if (!table) continue;
      this.vectors.build(annSpec(o, table), () => this.vectorRows(table, o.keys[0]!.attnum - 1), start);
      building.push(this.vectors.get(o.oid));
    }
    for (const oid of this.vectors.oids()) if (!live.has(oid)) void this.vectors.drop(oid);
    return Promise.all(building).then(() => undefined);
  }

  /** (rowid, vector) of every committed row with a vector in `column`. */
  private *vectorRows(table: RelationDef, column: number): Generator<[number, VectorValue]> {
    const snap = this.engine.snapshot();
    try {
      const typeOids = table.columns.map((c) => c.typeOid);
      for (const { key, value } of snap.range('rows', tableKeyPrefix(table.oid), tableKeyPrefix(table.oid + 1))) {
        const v = decodeRow(value, typeOids)[column];
        if (v !== null && v !== undefined) yield [rowidOfKey(key), v as VectorValue];
      }
    } finally {
      snap.release();
    }
  }

  /**
   * A read view. Only the holder of the write lock sees commits still being
   * written (so read-modify-write never works on stale data); everyone else
   * sees only commits that are on disk, so nothing they read can be lost.
   */
  snapshot(includePending = false): ReadView {
    return new LayeredSnapshot(this.engine.snapshot(), includePending ? [...this.pending] : [], this.commits - (includePending ? 0 : this.pending.length));
  }

  /**
   * Commits a write set: visible to new snapshots at once (the caller then
   * releases the write lock), applied to LMDB in the background, and the
   * returned promise resolves once it is durable.
   */
  commit(ws: WriteSet): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    if (ws.isEmpty) return Promise.resolve();
    this.pending.push(ws);
    this.commits++;
    const applied = this.engine.apply(ws);
    const done = applied
      .then(
        ({ durable }) => {
          this.pending = this.pending.filter((p) => p !== ws);
          return durable;
        },
        (e: unknown) => {
          this.pending = this.pending.filter((p) => p !== ws);
          throw e;
        },
      )
      .catch((e: unknown) => {
        this.broken = e instanceof PgError ? e : new PgError(SqlState.IoError, String(e));
        throw this.broken;
      });
    this.inflight.add(done);
    void done.finally(() => this.inflight.delete(done)).catch(() => undefined);
    return done;
  }

  /** The next rowid for a table: one past the largest committed, counted in memory afterwards. */
  allocateRowid(tableOid: number, snap: Snapshot): number {
    let next = this.nextRowids.get(tableOid);
    if (next === undefined) {
      next = 1;
      for (const { key } of snap.range('rows', tableKeyPrefix(tableOid), tableKeyPrefix(tableOid + 1), true)) {
        next = rowidOfKey(key) + 1;
        break;
      }
    }
    this.nextRowids.set(tableOid, next + 1);
    return next;
  }

  forgetTable(tableOid: number): void {
    this.nextRowids.delete(tableOid);
  }

  // ---- Sequences (non-transactional, as in PostgreSQL) ----

  private sequenceState(seq: SequenceDef, snap: Snapshot): SequenceState {
    let st = this.sequences.get(seq.oid);
    if (!st) {
      const stored = snap.get('meta', seqKey(seq.oid));
      if (stored) {
        const [last, reserved] = stored.toString().split(':');
        st = { last: last === 'null' ? null : BigInt(last!), reserved: reserved === 'null' ? null : BigInt(reserved!) };
        // Values past the persisted reservation were never used by a committed row; resume after it.
        if (st.reserved !== null) st.last = st.reserved;
      } else st = { last: null, reserved: null };
      this.sequences.set(seq.oid, st);
    }
    return st;
  }

  nextval(seq: SequenceDef, snap: Snapshot): bigint {
    const st = this.sequenceState(seq, snap);
    const inc = BigInt(seq.increment);
    const min = BigInt(seq.min);
    const max = BigInt(seq.max);
    let v: bigint;
    if (st.last === null) v = BigInt(seq.start);
    else {
      v = st.last + inc;
      if (v > max || v < min) {
        if (!seq.cycle) {
          throw new PgError('2200H', `nextval: reached ${inc > 0n ? 'maximum' : 'minimum'} value of sequence "${seq.name}" (${inc > 0n ? max : min})`);
        }
        v = inc > 0n ? min : max;
      }
    }
    st.last = v;
    if (st.reserved === null || (inc > 0n ? v > st.reserved : v < st.reserved)) st.reserved = v + inc * BigInt(SEQ_RESERVE - 1);
    return v;
  }

  currentSequenceValue(seq: SequenceDef, snap: Snapshot): { last: bigint | null } {
    return { last: this.sequenceState(seq, snap).last };
  }

  setval(seq: SequenceDef, value: bigint, isCalled: boolean, snap: Snapshot): void {
    const st = this.sequenceState(seq, snap);
    const min = BigInt(seq.min);
    const max = BigInt(seq.max);
    if (value < min || value > max) {
      throw new PgError(SqlState.NumericValueOutOfRange, `setval: value ${value} is out of bounds for sequence "${seq.name}" (${min}..${max})`);
    }
    st.last = isCalled ? value : value - BigInt(seq.increment);
    st.reserved = st.last;
  }

  resetSequence(oid: number): void {
    this.sequences.delete(oid);
  }

  /**
   * Adds the current state of sequences a transaction used to its commit.
   * Written at commit time from the live state, so a commit never persists
   * an older reservation over a newer one.
   */
  persistSequences(oids: Iterable<number>, ws: WriteSet): void {
    for (const oid of oids) {
      const st = this.sequences.get(oid);
      if (st) ws.put('meta', seqKey(oid), Buffer.from(`${st.last}:${st.reserved}`));
    }
  }

  newWriteSet(): WriteSet {
    return new WriteSet();
  }

  /**
   * On a clean shutdown every sequence is saved exactly, so values continue
   * without the gap a crash would leave (as after PostgreSQL's checkpoint).
   */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
    await this.vectors.close();
    const ws = new WriteSet();
    for (const [oid, st] of this.sequences) {
      if (st.last !== null) ws.put('meta', seqKey(oid), Buffer.from(`${st.last}:${st.last}`));
    }
    await this.engine.commit(ws);
    await this.engine.close();
  }
}

/** The build parameters of an HNSW index from its catalog entry (pgvector's defaults: m 16, ef_construction 64). */
export function annSpec(index: IndexDef, table: RelationDef) {
  const col = table.columns[index.keys[0]!.attnum - 1]!;
  return {
    oid: index.oid,
    name: index.name,
    opclass: index.keys[0]!.opclass ?? 'vector_l2_ops',
    dimensions: col.typmod,
    m: Number(index.options.m ?? 16),
    efConstruction: Number(index.options.ef_construction ?? 64),
  };
}
