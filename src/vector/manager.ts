/**
 * The in-memory HNSW indexes of a database, one AnnIndex per `USING hnsw`
 * index. They are derived data: built from the table's committed rows (at
 * CREATE INDEX, and at startup), then kept in step by applying each
 * committed transaction's vector changes in commit order. A crash can
 * therefore never leave an index disagreeing with its table: it is rebuilt
 * from the rows. Changes committed while an index builds are queued and
 * replayed once it is ready; replay is idempotent.
 */
import { PgError, SqlState } from '../types/errors.js';
import { AnnIndex, PG_OPCLASSES, type AnnMetric, type AnnScalar } from './ann-index.js';

/** A value of an indexed vector column: dense vector/halfvec, or a bit string. */
export type VectorValue = Float32Array | { readonly length: number; readonly bytes: Uint8Array };

export interface AnnIndexSpec {
  readonly oid: number;
  readonly name: string;
  readonly opclass: string;
  readonly dimensions: number;
  readonly m: number;
  readonly efConstruction: number;
}

/** Vector changes of one committed transaction for one index: rowid → new vector, or null for removal. */
export type AnnChanges = Map<number, VectorValue | null>;

interface Entry {
  readonly spec: AnnIndexSpec;
  index: AnnIndex | null;
  ready: Promise<AnnIndex>;
  /** Changes committed while building, replayed after. */
  queue: AnnChanges[] | null;
  /** Serializes change application. */
  applying: Promise<void>;
}

export function toAnnInput(v: VectorValue): Float32Array | Uint8Array {
  return v instanceof Float32Array ? v : v.bytes;
}

export function opclassInfo(opclass: string): { metric: AnnMetric; scalar: AnnScalar; operator: string } {
  const info = PG_OPCLASSES[opclass];
  if (!info) throw new PgError(SqlState.UndefinedObject, `operator class "${opclass}" does not exist for access method "hnsw"`);
  return info;
}

export class VectorIndexes {
  private readonly entries = new Map<number, Entry>();

  /**
   * Starts building an index from `rows` (rowid, vector) and returns at once;
   * `get` waits for the build.
   */
  build(spec: AnnIndexSpec, rows: () => Iterable<[number, VectorValue]>, start: Promise<unknown> = Promise.resolve()): void {
    const existing = this.entries.get(spec.oid);
    if (existing) return;
    // The entry exists (queueing changes) from now; reading rows waits for `start` (the creating commit on disk).
    const entry: Entry = { spec, index: null, ready: Promise.resolve(null as unknown as AnnIndex), queue: [], applying: Promise.resolve() };
    entry.ready = start.then(() => this.buildIndex(entry, rows));
    // A failed build is reported to the queries that need it; keep the rejection handled here.
    entry.ready.catch(() => undefined);
    this.entries.set(spec.oid, entry);
  }

  private async buildIndex(entry: Entry, rows: () => Iterable<[number, VectorValue]>): Promise<AnnIndex> {
    const { spec } = entry;
    const info = opclassInfo(spec.opclass);
    const index = AnnIndex.create({ dimensions: spec.dimensions, metric: info.metric, scalar: info.scalar, connectivity: spec.m, expansionAdd: spec.efConstruction });
    const BATCH = 4096;
    const bits = info.scalar === 'b1';
    const width = bits ? Math.ceil(spec.dimensions / 8) : spec.dimensions;
    let keys = new Float64Array(BATCH);
    let data: Float32Array | Uint8Array = bits ? new Uint8Array(BATCH * width) : new Float32Array(BATCH * width);
    let n = 0;
    const flush = async () => {
      if (n === 0) return;
      await index.addBatch(keys.subarray(0, n), data.subarray(0, n * width), 0);
      n = 0;
    };
    for (const [rowid, v] of rows()) {
      keys[n] = rowid;
      data.set(toAnnInput(v), n * width);
      if (++n === BATCH) {
        await flush();
        keys = new Float64Array(BATCH);
        data = bits ? new Uint8Array(BATCH * width) : new Float32Array(BATCH * width);
      }
    }
    await flush();
    // From here on changes apply directly, after the queued ones (same turn: nothing can slip between).
    entry.index = index;
    const queued = entry.queue ?? [];
    entry.queue = null;
    entry.applying = (async () => {
      for (const changes of queued) await this.applyTo(index, changes);
    })();
    await entry.applying;
    return index;
  }

  /** The ready index (waiting for its build), or undefined if there is none. */
  async get(oid: number): Promise<AnnIndex | undefined> {
    const entry = this.entries.get(oid);
    return entry ? entry.ready : undefined;
  }

  oids(): number[] {
    return [...this.entries.keys()];
  }

  has(oid: number): boolean {
    return this.entries.has(oid);
  }

  /** Applies one committed transaction's changes, in commit order. */
  apply(oid: number, changes: AnnChanges): void {
    const entry = this.entries.get(oid);
    if (!entry) return;
    if (entry.queue) {
      entry.queue.push(changes);
      return;
    }
    const index = entry.index!;
    entry.applying = entry.applying.then(() => this.applyTo(index, changes)).catch(() => undefined);
  }

  private async applyTo(index: AnnIndex, changes: AnnChanges): Promise<void> {
    for (const [rowid, v] of changes) {
      if (index.contains(rowid)) await index.remove(rowid);
      if (v !== null) await index.add(rowid, toAnnInput(v));
    }
  }

  /** Waits until every applied change is in the index (tests, shutdown). */
  async settled(oid: number): Promise<void> {
    const entry = this.entries.get(oid);
    if (!entry) return;
    await entry.ready.catch(() => undefined);
    await entry.applying;
  }

  async drop(oid: number): Promise<void> {
    const entry = this.entries.get(oid);
    if (!entry) return;
    this.entries.delete(oid);
    const index = await entry.ready.catch(() => null);
    await entry.applying;
    await index?.close();
  }

  async close(): Promise<void> {
    for (const oid of [...this.entries.keys()]) await this.drop(oid);
  }
}
