/**
 * A transaction's uncommitted writes, held in memory until COMMIT applies
 * them in one LMDB transaction. Reads of the writing session go through it
 * (read-your-writes); other sessions never see it. An undo log gives
 * statement atomicity and savepoints.
 */

export type StoreName = 'rows' | 'index' | 'catalog' | 'meta';

interface Entry {
  readonly key: Buffer;
  /** null: deleted. Mutable, so the sorted view stays valid when a key is rewritten. */
  value: Buffer | null;
}

class Overlay {
  readonly entries = new Map<string, Entry>();
  /**
   * Entries in key order, kept up to date as keys are added (a statement
   * that inserts and range-reads row after row must not re-sort the whole
   * overlay each time: that made a 20k-row INSERT … SELECT quadratic).
   * null after an undo removed keys: rebuilt by one sort when next read.
   */
  private sorted: Entry[] | null = [];

  /** Writes and returns the undo record's data: whether the key existed and its previous value. */
  write(k: string, key: Buffer, value: Buffer | null): { existed: boolean; prev: Buffer | null } {
    const e = this.entries.get(k);
    if (e) {
      const prev = e.value;
      e.value = value;
      return { existed: true, prev };
    }
    const entry = { key, value };
    this.entries.set(k, entry);
    if (this.sorted) insertSorted(this.sorted, entry);
    return { existed: false, prev: null };
  }

  undo(k: string, existed: boolean, prev: Buffer | null): void {
    if (existed) this.entries.get(k)!.value = prev;
    else {
      this.entries.delete(k);
      this.sorted = null;
    }
  }

  /** Entries in key order. */
  inOrder(): Entry[] {
    this.sorted ??= [...this.entries.values()].sort((a, b) => Buffer.compare(a.key, b.key));
    return this.sorted;
  }
}

/** Inserts a new key in order: appends in O(1) when keys arrive ascending (rowids do), else binary search and splice. */
function insertSorted(sorted: Entry[], entry: Entry): void {
  const n = sorted.length;
  if (n === 0 || Buffer.compare(sorted[n - 1]!.key, entry.key) < 0) {
    sorted.push(entry);
    return;
  }
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Buffer.compare(sorted[mid]!.key, entry.key) < 0) lo = mid + 1;
    else hi = mid;
  }
  sorted.splice(lo, 0, entry);
}

interface UndoRecord {
  readonly store: StoreName;
  readonly k: string;
  readonly existed: boolean;
  readonly prev: Buffer | null;
}

export class WriteSet {
  private readonly overlays: Record<StoreName, Overlay> = { rows: new Overlay(), index: new Overlay(), catalog: new Overlay(), meta: new Overlay() };
  private readonly undo: UndoRecord[] = [];
  private bytes = 0;

  get size(): number {
    return this.overlays.rows.entries.size + this.overlays.index.entries.size + this.overlays.catalog.entries.size + this.overlays.meta.entries.size;
  }

  /** Approximate memory held, for limits on transaction size. */
  get byteSize(): number {
    return this.bytes;
  }

  get isEmpty(): boolean {
    return this.size === 0;
  }

  put(store: StoreName, key: Buffer, value: Buffer): void {
    this.write(store, key, value);
  }

  delete(store: StoreName, key: Buffer): void {
    this.write(store, key, null);
  }

  private write(store: StoreName, key: Buffer, value: Buffer | null): void {
    const k = key.toString('latin1');
    const { existed, prev } = this.overlays[store].write(k, key, value);
    this.undo.push({ store, k, existed, prev });
    this.bytes += key.length + (value?.length ?? 0) + 64;
  }

  /**
   * The overlay's word on a key: a Buffer (written), null (deleted), or
   * undefined (untouched: read the snapshot).
   */
  get(store: StoreName, key: Buffer): Buffer | null | undefined {
    const e = this.overlays[store].entries.get(key.toString('latin1'));
    return e === undefined ? undefined : e.value;
  }

  /** Overlay entries with start <= key < end, in key order. */
  range(store: StoreName, start: Buffer, end: Buffer): Entry[] {
    const all = this.overlays[store].inOrder();
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (Buffer.compare(all[mid]!.key, start) < 0) lo = mid + 1;
      else hi = mid;
    }
    const out: Entry[] = [];
    for (let i = lo; i < all.length && Buffer.compare(all[i]!.key, end) < 0; i++) out.push(all[i]!);
    return out;
  }

  hasRange(store: StoreName): boolean {
    return this.overlays[store].entries.size > 0;
  }

  /** A position in the undo log: statement start or a savepoint. */
  mark(): number {
    return this.undo.length;
  }

  /** Undoes every write made after `mark`. */
  rollbackTo(mark: number): void {
    while (this.undo.length > mark) {
      const u = this.undo.pop()!;
      this.overlays[u.store].undo(u.k, u.existed, u.prev);
    }
  }

  /** Every final write, for the commit. */
  *changes(): Generator<{ store: StoreName; key: Buffer; value: Buffer | null }> {
    for (const store of ['catalog', 'meta', 'rows', 'index'] as const) {
      for (const e of this.overlays[store].entries.values()) yield { store, key: e.key, value: e.value };
    }
  }
}
