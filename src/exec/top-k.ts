/**
 * ORDER BY … LIMIT k [OFFSET m]: keeps only the k + m best rows seen so far
 * in a bounded binary heap, so the input is read once in O(n log(k + m))
 * time and O(k + m) memory instead of being sorted whole.
 *
 * The heap is a max-heap on (keys, arrival order): its root is the worst row
 * kept. A new row enters only if its keys are strictly better than the
 * root's — on equal keys the earlier row wins — so the result is exactly
 * what a stable sort followed by OFFSET/LIMIT would return.
 */
import type { Value } from '../types/value.js';
import type { ExecEnv, Row } from './compile-expr.js';
import type { Operator } from './operator.js';
import { makeRowComparator, rowsOperator, sortOperator, yieldToEventLoop, YIELD_EVERY, type RowComparator, type SortKey } from './sort.js';

interface Entry {
  row: Row;
  keys: Value[];
  seq: number;
}

export function topKOperator(input: Operator, keys: readonly SortKey[], k: number, offset: number, env: ExecEnv): Operator {
  if (!Number.isFinite(k)) {
    // No bound: a plain sort, then skip the offset.
    return skipRows(sortOperator(input, keys, env), offset);
  }
  let out: Operator | null = null;
  let closed = false;
  return {
    next: async () => {
      if (closed) return null;
      if (out === null) {
        const rows = await topRows(input, keys, k, offset, env);
        input.close();
        if (closed) return null;
        out = rowsOperator(rows);
      }
      return out.next();
    },
    close: () => {
      if (closed) return;
      closed = true;
      if (out) out.close();
      else input.close();
    },
  };
}

/** The rows a stable sort would put at positions offset … offset + k - 1. */
async function topRows(input: Operator, keys: readonly SortKey[], k: number, offset: number, env: ExecEnv): Promise<Row[]> {
  const cap = k + offset;
  if (k <= 0) return [];
  const rc = makeRowComparator(keys);
  const heap: Entry[] = [];
  let seq = 0;
  // Keys of the row being considered; an entry is only allocated for rows
  // that enter the heap (and the evicted entry is recycled).
  let scratch = new Array<Value>(rc.width);
  let sinceYield = 0;
  for (;;) {
    const batch = await input.next();
    if (!batch) break;
    env.session.checkInterrupts();
    for (let i = 0; i < batch.length; i++) {
      const row = batch[i]!;
      rc.evaluateInto(row, env, scratch);
      if (heap.length < cap) {
        heap.push({ row, keys: scratch, seq: seq++ });
        siftUp(heap, heap.length - 1, rc);
        scratch = new Array<Value>(rc.width);
      } else {
        seq++;
        const root = heap[0]!;
        if (rc.compare(scratch, root.keys) < 0) {
          const old = root.keys;
          root.row = row;
          root.keys = scratch;
          root.seq = seq - 1;
          scratch = old;
          siftDown(heap, 0, rc);
        }
      }
    }
    sinceYield += batch.length;
    if (sinceYield >= YIELD_EVERY) {
      sinceYield = 0;
      await yieldToEventLoop();
      env.session.checkInterrupts();
    }
  }
  heap.sort((a, b) => entryCompare(a, b, rc));
  const out: Row[] = [];
  for (let i = offset; i < heap.length; i++) out.push(heap[i]!.row);
  return out;
}

function entryCompare(a: Entry, b: Entry, rc: RowComparator): number {
  return rc.compare(a.keys, b.keys) || a.seq - b.seq;
}

function siftUp(heap: Entry[], i: number, rc: RowComparator): void {
  const e = heap[i]!;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent]!;
    if (entryCompare(e, p, rc) <= 0) break;
    heap[i] = p;
    i = parent;
  }
  heap[i] = e;
}

function siftDown(heap: Entry[], i: number, rc: RowComparator): void {
  const n = heap.length;
  const e = heap[i]!;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    const right = child + 1;
    if (right < n && entryCompare(heap[right]!, heap[child]!, rc) > 0) child = right;
    if (entryCompare(heap[child]!, e, rc) <= 0) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = e;
}

/** Drops the first `offset` rows of `input`. */
function skipRows(input: Operator, offset: number): Operator {
  let skip = offset;
  return {
    next: async () => {
      for (;;) {
        const batch = await input.next();
        if (!batch) return null;
        if (skip === 0) return batch;
        if (batch.length <= skip) {
          skip -= batch.length;
          continue;
        }
        const rest = batch.slice(skip);
        skip = 0;
        return rest;
      }
    },
    close: () => input.close(),
  };
}
