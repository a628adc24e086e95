/**
 * A read view made of an LMDB snapshot plus the write sets of transactions
 * that have committed but whose LMDB transaction is still being applied.
 * Handing the write lock on as soon as a commit is queued lets the next
 * writer start at once while the queued commits are applied and flushed
 * together (group commit); this view is what keeps that next writer reading
 * the newest committed state.
 */
import type { KeyValue, Snapshot } from './engine.js';
import type { StoreName, WriteSet } from './write-set.js';

export interface ReadView {
  readonly commitSeq: number;
  get(store: StoreName, key: Buffer): Buffer | undefined;
  range(store: StoreName, start: Buffer, end: Buffer, reverse?: boolean): Generator<KeyValue>;
  release(): void;
}

export class LayeredSnapshot implements ReadView {
  constructor(
    private readonly base: Snapshot,
    /** Oldest first. */
    private readonly pending: readonly WriteSet[],
    readonly commitSeq: number,
  ) {}

  get(store: StoreName, key: Buffer): Buffer | undefined {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const v = this.pending[i]!.get(store, key);
      if (v !== undefined) return v === null ? undefined : v;
    }
    return this.base.get(store, key);
  }

  *range(store: StoreName, start: Buffer, end: Buffer, reverse = false): Generator<KeyValue> {
    if (this.pending.length === 0) {
      yield* this.base.range(store, start, end, reverse);
      return;
    }
    // Newer pending writes override older ones; the result is merged with the LMDB range.
    const layer = new Map<string, { key: Buffer; value: Buffer | null }>();
    for (const ws of this.pending) {
      for (const e of ws.range(store, start, end)) layer.set(e.key.toString('latin1'), { key: e.key, value: e.value });
    }
    const overlay = [...layer.values()].sort((a, b) => Buffer.compare(a.key, b.key));
    if (reverse) overlay.reverse();
    const before = (a: Buffer, b: Buffer) => (reverse ? Buffer.compare(a, b) > 0 : Buffer.compare(a, b) < 0);
    let oi = 0;
    for (const kv of this.base.range(store, start, end, reverse)) {
      while (oi < overlay.length && before(overlay[oi]!.key, kv.key)) {
        const o = overlay[oi++]!;
        if (o.value !== null) yield { key: o.key, value: o.value };
      }
      if (oi < overlay.length && overlay[oi]!.key.equals(kv.key)) {
        const o = overlay[oi++]!;
        if (o.value !== null) yield { key: o.key, value: o.value };
        continue;
      }
      yield kv;
    }
    while (oi < overlay.length) {
      const o = overlay[oi++]!;
      if (o.value !== null) yield { key: o.key, value: o.value };
    }
  }

  release(): void {
    this.base.release();
  }
}
