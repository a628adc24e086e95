/*
 * The native HNSW index (src/vector/ann-index.ts over src/vector/native).
 * Needs the addon: `npm run build:native`.
 *
 * Data: seeded Gaussian clusters in 128 dimensions (centres ~N(0,1), σ=0.5),
 * as in research/engine.md, with ground truth from a brute-force scan in JS.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnnIndex,
  AnnIndexError,
  AsyncRwLock,
  PG_OPCLASSES,
  allowBitmap,
  nativeAddon,
  toPgDistance,
} from '../../src/vector/ann-index.js';

const ADDON = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'vector', 'native', 'build', 'Release', 'vecsql_ann.node');
const DIMS = 128;
const BASE = 20_000;
const QUERIES = 200;
const K = 10;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}

function clustered(count: number, dims: number, seed: number, clusters = 100): Float32Array {
  const rand = mulberry32(seed);
  const g = gaussian(rand);
  const centres = new Float32Array(clusters * dims);
  const centreRand = gaussian(mulberry32(1234)); // same centres for base and queries
  for (let i = 0; i < centres.length; i++) centres[i] = centreRand();
  const out = new Float32Array(count * dims);
  for (let i = 0; i < count; i++) {
    const c = Math.floor(rand() * clusters);
    for (let d = 0; d < dims; d++) out[i * dims + d] = centres[c * dims + d] + 0.5 * g();
  }
  return out;
}

function row(data: Float32Array, i: number, dims = DIMS): Float32Array {
  return data.subarray(i * dims, (i + 1) * dims);
}

function l2sq(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return s;
}

/** Exact top-k keys among `keys` (key i = row i of base). */
function bruteForce(base: Float32Array, q: Float32Array, k: number, allowed?: (key: number) => boolean): number[] {
  const best: Array<[number, number]> = [];
  const n = base.length / q.length;
  for (let i = 0; i < n; i++) {
    if (allowed && !allowed(i)) continue;
    const d = l2sq(row(base, i, q.length), q);
    if (best.length < k || d < best[best.length - 1][0]) {
      best.push([d, i]);
      best.sort((x, y) => x[0] - y[0]);
      if (best.length > k) best.pop();
    }
  }
  return best.map(([, i]) => i);
}

function recall(found: ArrayLike<number>, truth: number[]): number {
  const set = new Set(truth);
  let hit = 0;
  for (let i = 0; i < found.length; i++) if (set.has(found[i])) hit++;
  return hit / truth.length;
}

function keysOf(n: number, offset = 0): Float64Array {
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = i + offset;
  return keys;
}

async function expectAnnError(p: Promise<unknown>, kind: string): Promise<AnnIndexError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AnnIndexError);
  expect((err as AnnIndexError).kind).toBe(kind);
  return err as AnnIndexError;
}

let dir: string;
let base: Float32Array;
let queries: Float32Array;
let truth: number[][];
let index: AnnIndex;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vecsql-ann-'));
  base = clustered(BASE, DIMS, 1);
  queries = clustered(QUERIES, DIMS, 2);
  truth = [];
  for (let q = 0; q < QUERIES; q++) truth.push(bruteForce(base, row(queries, q), K));
  index = AnnIndex.create({ dimensions: DIMS, metric: 'l2sq', connectivity: 16, expansionAdd: 64 });
  await index.addBatch(keysOf(BASE), base);
}, 60_000);

afterAll(async () => {
  await index?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('AnnIndex: build and search', () => {
  it('reports what was built', () => {
    const info = index.info();
    expect(info).toMatchObject({ dimensions: DIMS, metric: 'l2sq', scalar: 'f32', connectivity: 16, expansionAdd: 64 });
    expect(info.size).toBe(BASE);
    expect(info.capacity).toBeGreaterThanOrEqual(BASE);
    expect(info.tombstones).toBe(0);
    expect(index.memoryUsage()).toBeGreaterThan(BASE * DIMS * 4);
    expect(index.contains(0)).toBe(true);
    expect(index.contains(BASE)).toBe(false);
    expect(Array.from(index.keys()).sort((a, b) => a - b)).toEqual(Array.from(keysOf(BASE)));
  });

  it('has recall@10 >= 0.95 at ef=64 against brute force', async () => {
    let sum = 0;
    for (let q = 0; q < QUERIES; q++) {
      const r = await index.searchAsync(row(queries, q), K, 64);
      expect(r.keys.length).toBe(K);
      sum += recall(r.keys, truth[q]);
      // Distances are squared L2, ascending.
      for (let i = 1; i < r.distances.length; i++) expect(r.distances[i]).toBeGreaterThanOrEqual(r.distances[i - 1]);
      expect(r.distances[0]).toBeCloseTo(l2sq(row(base, r.keys[0]), row(queries, q)), 1);
    }
    expect(sum / QUERIES).toBeGreaterThanOrEqual(0.95);
  });

  it('takes ef per call, also when calls with different ef run at once', async () => {
    const low = index.search(row(queries, 0), K, 10);
    const high = index.search(row(queries, 0), K, 400);
    expect(high.computed).toBeGreaterThan(low.computed);
    // Interleaved concurrent searches must each see their own ef: compare with sequential runs.
    const efs = [10, 400];
    const expected = [];
    for (let q = 0; q < 40; q++) expected.push(index.search(row(queries, q), K, efs[q % 2]));
    const got = await Promise.all(expected.map((_, q) => index.searchAsync(row(queries, q), K, efs[q % 2])));
    for (let q = 0; q < 40; q++) {
      expect(Array.from(got[q].keys)).toEqual(Array.from(expected[q].keys));
      expect(got[q].computed).toBe(expected[q].computed);
    }
  });

  it('returns at most size() results', async () => {
    const small = AnnIndex.create({ dimensions: 4, metric: 'l2sq' });
    await small.add(7, new Float32Array([1, 2, 3, 4]));
    await small.add(9, new Float32Array([1, 2, 3, 5]));
    const r = small.search(new Float32Array([1, 2, 3, 4]), 10);
    expect(Array.from(r.keys)).toEqual([7, 9]);
    expect(Array.from(r.distances)).toEqual([0, 1]);
    await small.close();
  });
});

describe('AnnIndex: filtered search', () => {
  for (const [label, fraction] of [
    ['50%', 0.5],
    ['1%', 0.01],
  ] as const) {
    it(`returns only allowed keys with a ${label} allow-list`, async () => {
      const rand = mulberry32(label.length * 7 + 3);
      const allowedKeys: number[] = [];
      for (let i = 0; i < BASE; i++) if (rand() < fraction) allowedKeys.push(i);
      const allow = allowBitmap(allowedKeys, BASE - 1);
      const allowed = new Set(allowedKeys);
      let sum = 0;
      const n = fraction < 0.05 ? 20 : 50; // in-graph filtering is slow at low selectivity
      for (let q = 0; q < n; q++) {
        const exactTruth = bruteForce(base, row(queries, q), K, (k) => allowed.has(k));
        const r = await index.searchAsync(row(queries, q), K, 64, allow);
        for (const key of r.keys) expect(allowed.has(key)).toBe(true);
        sum += recall(r.keys, exactTruth);
        // The exact scan over the allow-list is the planner's tool for small lists.
        const exact = await index.searchExactAsync(row(queries, q), K, allow);
        expect(Array.from(exact.keys)).toEqual(exactTruth);
      }
      expect(sum / n).toBeGreaterThanOrEqual(0.9);
    });
  }

  it('treats keys beyond the bitmap as not allowed, and an empty bitmap as allowing nothing', async () => {
    const allow = allowBitmap([3, 5, 17]);
    expect(allow.length).toBe(3);
    const r = await index.searchAsync(row(queries, 0), K, 64, allow);
    expect(Array.from(r.keys).sort((a, b) => a - b)).toEqual([3, 5, 17]);
    const none = await index.searchAsync(row(queries, 0), K, 64, new Uint8Array(0));
    expect(none.keys.length).toBe(0);
    expect(index.search(row(queries, 0), K, 64, new Uint8Array(0)).keys.length).toBe(0);
  });
});

describe('AnnIndex: add and remove', () => {
  it('never returns removed keys, and counts tombstones', async () => {
    const ix = AnnIndex.create({ dimensions: DIMS, metric: 'l2sq' });
    const n = 3000;
    await ix.addBatch(keysOf(n), base.subarray(0, n * DIMS), 2);
    const removed = new Set<number>();
    for (let i = 0; i < n; i += 3) {
      expect(await ix.remove(i)).toBe(true);
      removed.add(i);
    }
    expect(await ix.remove(0)).toBe(false);
    expect(ix.size()).toBe(n - removed.size);
    expect(ix.tombstones()).toBe(removed.size);
    for (let q = 0; q < 50; q++) {
      const r = await ix.searchAsync(row(base, q * 3), K, 64); // queries right on removed vectors
      expect(r.keys.length).toBe(K);
      for (const key of r.keys) expect(removed.has(key)).toBe(false);
    }
    // Re-adding a removed key works and reuses a tombstone.
    await ix.add(0, row(base, 0));
    expect(ix.contains(0)).toBe(true);
    expect(ix.tombstones()).toBe(removed.size - 1);
    expect(ix.search(row(base, 0), 1).keys[0]).toBe(0);
    await ix.close();
  });

  it('rejects duplicate keys; a batch with one is rejected whole', async () => {
    const ix = AnnIndex.create({ dimensions: 4, metric: 'l2sq' });
    await ix.add(1, new Float32Array([1, 0, 0, 0]));
    await expectAnnError(ix.add(1, new Float32Array([0, 1, 0, 0])), 'duplicate');
    await expectAnnError(ix.addBatch(new Float64Array([2, 3, 1]), new Float32Array(12)), 'duplicate');
    await expectAnnError(ix.addBatch(new Float64Array([2, 3, 2]), new Float32Array(12)), 'duplicate');
    expect(ix.size()).toBe(1);
    expect(ix.contains(2)).toBe(false);
    await ix.addBatch(new BigUint64Array([2n, 3n]), new Float32Array(8).fill(1));
    expect(ix.size()).toBe(3);
    await ix.close();
  });

  it('validates keys and vectors', async () => {
    const ix = AnnIndex.create({ dimensions: 4, metric: 'l2sq' });
    await expectAnnError(ix.add(-1, new Float32Array(4)), 'invalid');
    await expectAnnError(ix.add(1.5, new Float32Array(4)), 'invalid');
    await expectAnnError(ix.add(2 ** 53 + 2, new Float32Array(4)), 'invalid');
    await expectAnnError(ix.add(1, new Float32Array(3)), 'invalid');
    await expectAnnError(ix.add(1, new Float64Array(4) as unknown as Float32Array), 'invalid');
    await expectAnnError(ix.addBatch(new Float64Array([1, 2]), new Float32Array(4)), 'invalid');
    expect(() => ix.search(new Float32Array(5), 1)).toThrow(AnnIndexError);
    expect(() => AnnIndex.create({ dimensions: 4, metric: 'l2sq', scalar: 'i8' })).toThrow(/i8/);
    expect(() => AnnIndex.create({ dimensions: 4, metric: 'hamming', scalar: 'f32' })).toThrow(/b1/);
    expect(() => AnnIndex.create({ dimensions: 0, metric: 'cos' })).toThrow(AnnIndexError);
    await ix.close();
    expect(() => ix.size()).toThrow(/closed/);
  });
});

describe('AnnIndex: metrics', () => {
  it('maps pgvector operator classes to usearch metrics and distances', async () => {
    expect(PG_OPCLASSES.vector_l2_ops).toEqual({ metric: 'l2sq', scalar: 'f32', operator: '<->' });
    expect(PG_OPCLASSES.bit_jaccard_ops.metric).toBe('jaccard');
    expect(PG_OPCLASSES.vector_l1_ops).toBeUndefined();
    const a = new Float32Array([1, 2, 3]);
    const b = new Float32Array([3, -1, 0.5]);
    const dot = 1 * 3 + 2 * -1 + 3 * 0.5;
    const na = Math.hypot(1, 2, 3);
    const nb = Math.hypot(3, -1, 0.5);
    const expected = { l2sq: Math.sqrt(l2sq(a, b)), ip: -dot, cos: 1 - dot / (na * nb) } as const;
    for (const metric of ['l2sq', 'ip', 'cos'] as const) {
      for (const scalar of ['f32', 'f16'] as const) {
        const ix = AnnIndex.create({ dimensions: 3, metric, scalar });
        await ix.add(1, b);
        const r = ix.search(a, 1);
        expect(toPgDistance(metric, r.distances[0])).toBeCloseTo(expected[metric], 2);
        await ix.close();
      }
    }
  });

  it('indexes bit vectors with hamming and jaccard (packed, most significant bit first)', async () => {
    // bit(10) values as pgvector/PostgreSQL pack them.
    const pack = (bits: string) => {
      const out = new Uint8Array(Math.ceil(bits.length / 8));
      for (let i = 0; i < bits.length; i++) if (bits[i] === '1') out[i >> 3] |= 0x80 >> (i & 7);
      return out;
    };
    const rows = ['1100000001', '1111111111', '0000000001'];
    const q = pack('1100000000');
    for (const metric of ['hamming', 'jaccard'] as const) {
      const ix = AnnIndex.create({ dimensions: 10, metric });
      expect(ix.info().scalar).toBe('b1');
      for (let i = 0; i < rows.length; i++) await ix.add(i, pack(rows[i]));
      const r = ix.search(q, 3);
      expect(r.keys[0]).toBe(0);
      if (metric === 'hamming') expect(Array.from(r.distances)).toEqual([1, 3, 8]);
      else expect(r.distances[0]).toBeCloseTo(1 - 2 / 3, 5);
      expect(() => ix.search(new Float32Array(10), 1)).toThrow(/packed bits/);
      await ix.close();
    }
  });

  it('keeps recall with f16 storage', async () => {
    const ix = AnnIndex.create({ dimensions: DIMS, metric: 'l2sq', scalar: 'f16' });
    const n = 5000;
    await ix.addBatch(keysOf(n), base.subarray(0, n * DIMS));
    let sum = 0;
    for (let q = 0; q < 30; q++) {
      const t = bruteForce(base.subarray(0, n * DIMS), row(queries, q), K);
      sum += recall((await ix.searchAsync(row(queries, q), K, 64)).keys, t);
    }
    expect(sum / 30).toBeGreaterThanOrEqual(0.95);
    await ix.close();
  });
});

describe('AnnIndex: files', () => {
  let path: string;
  let snapshot: { bytes: number; sha256: string };

  beforeAll(async () => {
    path = join(dir, 'main.usearch');
    snapshot = await index.save(path);
  });

  it('saves crash-safely: no temp file left, size and checksum as reported', () => {
    expect(existsSync(`${path}.tmp`)).toBe(false);
    expect(statSync(path).size).toBe(snapshot.bytes);
    const bytes = readFileSync(path);
    const hash = createHash('sha256')
      .update(bytes.subarray(0, bytes.length - 32))
      .digest('hex');
    expect(hash).toBe(snapshot.sha256);
    expect(bytes.subarray(bytes.length - 96, bytes.length - 88).toString('latin1')).toBe('VECSQLIX');
  });

  it('loads back to identical results', async () => {
    const loaded = await AnnIndex.load(path, { expectedSha256: snapshot.sha256 });
    expect(loaded.info()).toMatchObject({ ...index.info(), capacity: loaded.info().capacity, contexts: loaded.info().contexts });
    for (let q = 0; q < 50; q++) {
      const a = index.search(row(queries, q), K, 64);
      const b = await loaded.searchAsync(row(queries, q), K, 64);
      expect(Array.from(b.keys)).toEqual(Array.from(a.keys));
      expect(Array.from(b.distances)).toEqual(Array.from(a.distances));
    }
    // A loaded index accepts writes.
    await loaded.add(BASE + 1, row(queries, 0));
    expect(loaded.search(row(queries, 0), 1).keys[0]).toBe(BASE + 1);
    await loaded.close();
  });

  it('records in the snapshot the mark of the last write it contains', async () => {
    const ix = AnnIndex.create({ dimensions: 4, metric: 'l2sq' });
    const writes: Promise<unknown>[] = [];
    for (let i = 1; i <= 5; i++) writes.push(ix.add(i, new Float32Array([i, 0, 0, 0]), i));
    const search = ix.searchAsync(new Float32Array(4), 1); // keeps the index busy while save() is queued
    const saved = ix.save(join(dir, 'mark.usearch'));
    for (let i = 6; i <= 10; i++) writes.push(ix.add(i, new Float32Array([i, 0, 0, 0]), i));
    writes.push(ix.remove(3, 11));
    await Promise.all([...writes, search]);
    expect(ix.mark()).toBe(11);
    const snapshot = await saved;
    expect(snapshot.mark).toBe(5); // the save took its turn after the first five writes
    const back = await AnnIndex.load(snapshot.path);
    expect(back.mark()).toBe(5);
    expect(Array.from(back.keys()).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5]);
    // A failed write does not move the mark.
    await expectAnnError(ix.add(1, new Float32Array(4), 12), 'duplicate');
    expect(ix.mark()).toBe(11);
    await Promise.all([ix.close(), back.close()]);
  });

  it('keeps tombstones across save and load', async () => {
    const ix = AnnIndex.create({ dimensions: DIMS, metric: 'cos' });
    await ix.addBatch(keysOf(500), base.subarray(0, 500 * DIMS));
    for (let i = 0; i < 100; i++) await ix.remove(i);
    const p = join(dir, 'tomb.usearch');
    await ix.save(p);
    const back = await AnnIndex.load(p);
    expect(back.size()).toBe(400);
    expect(back.tombstones()).toBe(100);
    expect(back.contains(50)).toBe(false);
    for (let q = 0; q < 20; q++) for (const k of back.search(row(base, q), K).keys) expect(k).toBeGreaterThanOrEqual(100);
    await Promise.all([ix.close(), back.close()]);
  });

  it('refuses a truncated, damaged or foreign file with a corrupt error, and the process survives', async () => {
    const good = readFileSync(path);
    const cases: Array<[string, Buffer]> = [
      ['empty', Buffer.alloc(0)],
      ['truncated to 60%', good.subarray(0, Math.floor(good.length * 0.6))],
      ['missing the last byte', good.subarray(0, good.length - 1)],
      ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 255))],
    ];
    const flipped = Buffer.from(good);
    flipped[Math.floor(flipped.length / 2)] ^= 0x40;
    cases.push(['one flipped bit', flipped]);
    const tail = Buffer.from(good);
    tail.fill(0xff, Math.floor(tail.length * 0.9), tail.length - 96); // the case that used to abort usearch
    cases.push(['damaged tail', tail]);
    for (const [label, bytes] of cases) {
      const p = join(dir, 'bad.usearch');
      writeFileSync(p, bytes);
      const err = await expectAnnError(AnnIndex.load(p), 'corrupt');
      expect(err.code, label).toBe('XX001');
    }
    await expectAnnError(AnnIndex.load(path, { expectedSha256: '0'.repeat(64) }), 'corrupt');
    await expectAnnError(AnnIndex.load(join(dir, 'missing.usearch')), 'io');
    expect(index.search(row(queries, 0), K).keys.length).toBe(K);
  });

  it('validates the structure even when the checksum matches (seeded fuzzing)', async () => {
    // Rewrites the trailer's checksum so only the native validator stands
    // between damaged bytes and usearch.
    const ix = AnnIndex.create({ dimensions: 8, metric: 'l2sq', connectivity: 4 });
    const small = clustered(300, 8, 5, 10);
    await ix.addBatch(keysOf(300), small, 1);
    for (let i = 0; i < 300; i += 10) await ix.remove(i);
    const p = join(dir, 'fuzz.usearch');
    await ix.save(p);
    const good = readFileSync(p);
    const payload = good.length - 96;
    const reseal = (buf: Buffer) => {
      const digest = createHash('sha256')
        .update(buf.subarray(0, buf.length - 32))
        .digest();
      digest.copy(buf, buf.length - 32);
    };
    const tail = Buffer.from(good);
    tail.fill(0xff, Math.floor(payload * 0.9), payload);
    reseal(tail);
    writeFileSync(p, tail);
    await expectAnnError(AnnIndex.load(p), 'corrupt');

    const rand = mulberry32(99);
    let rejected = 0;
    let accepted = 0;
    const vectorsEnd = 8 + 300 * 8 * 4; // damage past the vectors: header and graph
    for (let round = 0; round < 300; round++) {
      const bad = Buffer.from(good);
      const hits = 1 + Math.floor(rand() * 3);
      for (let h = 0; h < hits; h++) {
        const at = round % 3 === 0 ? Math.floor(rand() * payload) : vectorsEnd + Math.floor(rand() * (payload - vectorsEnd));
        bad[at] = Math.floor(rand() * 256);
      }
      reseal(bad);
      writeFileSync(p, bad);
      try {
        const back = await AnnIndex.load(p);
        accepted++;
        // Whatever was accepted must be searchable without crashing.
        for (let q = 0; q < 5; q++) back.search(row(small, q, 8), 5, 16);
        await back.close();
      } catch (e) {
        expect(e).toBeInstanceOf(AnnIndexError);
        expect((e as AnnIndexError).kind).toBe('corrupt');
        rejected++;
      }
    }
    expect(rejected + accepted).toBe(300);
    expect(rejected).toBeGreaterThan(0);
    await ix.close();
  });
});

describe('AnnIndex: concurrency', () => {
  it('searchAsync does not block the event loop', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      // Synchronous searches hold the JS thread: the timer cannot fire.
      for (let i = 0; i < 300; i++) index.search(row(queries, i % QUERIES), K, 256);
      expect(ticks).toBe(0);
      const started = performance.now();
      for (let i = 0; i < 300; i++) await index.searchAsync(row(queries, i % QUERIES), K, 256);
      const elapsed = performance.now() - started;
      // The timer kept running while the searches ran on the pool.
      expect(ticks).toBeGreaterThan(Math.min(20, elapsed / 10));
    } finally {
      clearInterval(timer);
    }
  });

  it('serialises writes against concurrent searches, in arrival order', async () => {
    const ix = AnnIndex.create({ dimensions: DIMS, metric: 'l2sq' });
    const n = 2000;
    await ix.addBatch(keysOf(n), base.subarray(0, n * DIMS));
    const probe = row(queries, 7);
    const before = Array.from({ length: 40 }, () => ix.searchAsync(probe, 1, 64));
    const added = ix.add(999_999, probe); // waits for the 40 searches; the native side would throw 'busy' otherwise
    const after = Array.from({ length: 40 }, () => ix.searchAsync(probe, 1, 64));
    await added;
    for (const r of await Promise.all(before)) expect(r.keys[0]).not.toBe(999_999);
    for (const r of await Promise.all(after)) expect(r.keys[0]).toBe(999_999);

    // addBatch runs on worker threads under the exclusive lock: a synchronous
    // search meanwhile is refused, queued async searches wait and see the batch.
    const batch = ix.addBatch(keysOf(1000, 1_000_000), base.subarray(n * DIMS, (n + 1000) * DIMS));
    const waiting = ix.searchAsync(row(base, n + 5), 1, 64);
    await new Promise((r) => setImmediate(r)); // the batch is now on the worker threads
    expect(() => ix.search(probe, 1)).toThrow(/in flight/);
    expect(await batch).toBe(n + 1 + 1000);
    expect((await waiting).keys[0]).toBe(1_000_005);
    await ix.close();
  });

  it('AsyncRwLock: readers share, a writer excludes, and a waiting writer is not starved', async () => {
    const lock = new AsyncRwLock();
    const log: string[] = [];
    const hold = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const r1 = lock.shared(async () => {
      log.push('r1+');
      await hold(20);
      log.push('r1-');
    });
    const w = lock.exclusive(async () => {
      log.push('w+');
      expect(lock.reading).toBe(0);
      await hold(5);
      log.push('w-');
    });
    const r2 = lock.shared(async () => {
      log.push('r2+');
      expect(lock.writing).toBe(false);
    });
    await Promise.all([r1, w, r2]);
    expect(log).toEqual(['r1+', 'r1-', 'w+', 'w-', 'r2+']);
  });
});

describe('AnnIndex: addon', () => {
  it('is the pinned usearch version', () => {
    expect(nativeAddon().usearchVersion).toBe('2.26.2');
  });

  it('computes the same distances with the AVX2 kernels and with usearch portable loops', () => {
    // Distances between two fixed 37-dimensional vectors (odd length: exercises the tails).
    const script = `
      const { AnnIndex } = require(${JSON.stringify(ADDON)});
      const a = new Float32Array(37).map((_, i) => Math.sin(i + 1));
      const b = new Float32Array(37).map((_, i) => Math.cos(2 * i) * 0.5);
      const out = {};
      for (const metric of ['l2sq', 'ip', 'cos'])
        for (const scalar of ['f32', 'f16']) {
          const ix = new AnnIndex({ dimensions: 37, metric, scalar, connectivity: 16, expansionAdd: 64, expansionSearch: 40, contexts: 2 });
          ix.add(1, b);
          out[metric + '/' + scalar] = [ix.search(a, 1, 0, null, false).distances[0], ix.info().isa];
        }
      console.log(JSON.stringify(out));`;
    const run = (isa?: string) =>
      JSON.parse(
        execFileSync(process.execPath, ['-e', script], {
          env: { ...process.env, ...(isa ? { VECSQL_ANN_ISA: isa } : {}) },
          encoding: 'utf8',
        }),
      ) as Record<string, [number, string]>;
    const native = run();
    const portable = run('portable');
    const a = new Float32Array(37).map((_, i) => Math.sin(i + 1));
    const b = new Float32Array(37).map((_, i) => Math.cos(2 * i) * 0.5);
    let dot = 0;
    let aa = 0;
    let bb = 0;
    for (let i = 0; i < 37; i++) (dot += a[i] * b[i]), (aa += a[i] * a[i]), (bb += b[i] * b[i]);
    const expected: Record<string, number> = { l2sq: l2sq(a, b), ip: 1 - dot, cos: 1 - dot / Math.sqrt(aa * bb) };
    for (const [key, [distance, isa]] of Object.entries(portable)) {
      expect(isa).toBe('serial');
      const tolerance = key.endsWith('f16') ? 2 : 4;
      expect(distance, key).toBeCloseTo(expected[key.split('/')[0]], tolerance);
      expect(native[key][0], key).toBeCloseTo(distance, tolerance);
    }
  });
});
