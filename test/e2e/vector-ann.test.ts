/**
 * pgvector queries through HNSW indexes, end to end over the wire: recall
 * against exact answers computed here, filtered search, transactions, and
 * the index rebuilt from the rows after a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

const DIM = 16;
const N = 2000;
const CATEGORIES = 5;

/** Deterministic Gaussian-cluster vectors (mulberry32 + Box–Muller). */
function dataset(seed: number): { vectors: number[][]; categories: number[] } {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const centres = Array.from({ length: 20 }, () => Array.from({ length: DIM }, gauss));
  const vectors: number[][] = [];
  const categories: number[] = [];
  for (let i = 0; i < N; i++) {
    const c = centres[i % centres.length]!;
    vectors.push(c.map((x) => Math.fround(x + 0.3 * gauss())));
    categories.push(Math.floor(rand() * CATEGORIES));
  }
  return { vectors, categories };
}

const l2 = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]!) ** 2, 0));
const lit = (v: number[]) => `[${v.join(',')}]`;

function exactTopK(vectors: number[][], q: number[], k: number, keep: (i: number) => boolean): number[] {
  return vectors
    .map((v, i) => ({ id: i + 1, d: l2(v, q) }))
    .filter((x) => keep(x.id - 1))
    .sort((a, b) => a.d - b.d || a.id - b.id)
    .slice(0, k)
    .map((x) => x.id);
}

describe('HNSW through SQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vecsql-ann-'));
  let server: TestServer;
  let client: pg.Client;
  const { vectors, categories } = dataset(42);
  const queries = dataset(7).vectors.slice(0, 20);

  const connect = async () => {
    const c = new pg.Client(server.connection);
    await c.connect();
    return c;
  };

  beforeAll(async () => {
    server = await startTestServer({ dataDir });
    client = await connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS vector');
    await client.query(`CREATE TABLE items (id bigserial PRIMARY KEY, category int, embedding vector(${DIM}))`);
    await client.query('CREATE INDEX ON items (category)');
    for (let i = 0; i < N; i += 250) {
      const chunk = vectors.slice(i, i + 250);
      const values = chunk.map((_, j) => `($${2 * j + 1}, $${2 * j + 2})`).join(', ');
      await client.query(`INSERT INTO items (category, embedding) VALUES ${values}`, chunk.flatMap((v, j) => [categories[i + j], lit(v)]));
    }
    await client.query('CREATE INDEX items_embedding_idx ON items USING hnsw (embedding vector_l2_ops) WITH (m = 16, ef_construction = 64)');
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function recall(filter: string, keep: (i: number) => boolean): Promise<number> {
    let hits = 0;
    for (const q of queries) {
      const { rows } = await client.query(`SELECT id FROM items ${filter} ORDER BY embedding <-> $1 LIMIT 10`, [lit(q)]);
      const got = new Set(rows.map((r) => Number(r.id)));
      const want = exactTopK(vectors, q, 10, keep);
      hits += want.filter((id) => got.has(id)).length;
    }
    return hits / (queries.length * 10);
  }

  it('uses the HNSW index for ORDER BY <-> LIMIT', async () => {
    const { rows } = await client.query(`EXPLAIN SELECT id FROM items ORDER BY embedding <-> '${lit(queries[0]!)}' LIMIT 10`);
    expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('Index Scan using items_embedding_idx on items');
  });

  it('finds the exact nearest neighbours with high recall, distances exact and ascending', async () => {
    await client.query('SET hnsw.ef_search = 64');
    expect(await recall('', () => true)).toBeGreaterThanOrEqual(0.95);
    const { rows } = await client.query(`SELECT id, embedding <-> $1 AS d FROM items ORDER BY embedding <-> $1 LIMIT 10`, [lit(queries[1]!)]);
    const ds = rows.map((r) => Number(r.d));
    expect([...ds].sort((a, b) => a - b)).toEqual(ds);
    expect(Math.abs(ds[0]! - l2(vectors[Number(rows[0].id) - 1]!, queries[1]!))).toBeLessThan(1e-5);
  });

  it('keeps recall under selective filters, without and with a B-tree on the filter column', async () => {
    expect(await recall('WHERE category = 3', (i) => categories[i] === 3)).toBeGreaterThanOrEqual(0.95);
    // An unindexed predicate goes through the iterative graph search.
    expect(await recall('WHERE id % 50 = 1', (i) => (i + 1) % 50 === 1)).toBeGreaterThanOrEqual(0.95);
    const { rows } = await client.query(`SELECT category FROM items WHERE category = 2 ORDER BY embedding <-> $1 LIMIT 10`, [lit(queries[2]!)]);
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.category === 2)).toBe(true);
  });

  it('sees its own uncommitted rows, forgets rolled-back ones, drops deleted ones', async () => {
    const q = queries[3]!;
    const near = q.map((x) => x + 0.0001);
    await client.query('BEGIN');
    const { rows: ins } = await client.query('INSERT INTO items (category, embedding) VALUES (9, $1) RETURNING id', [lit(near)]);
    const mine = await client.query('SELECT id FROM items ORDER BY embedding <-> $1 LIMIT 1', [lit(q)]);
    expect(mine.rows[0].id).toBe(ins[0].id);
    const other = await connect();
    const theirs = await other.query('SELECT id FROM items ORDER BY embedding <-> $1 LIMIT 1', [lit(q)]);
    expect(theirs.rows[0].id).not.toBe(ins[0].id);
    await client.query('ROLLBACK');
    const after = await other.query('SELECT id FROM items ORDER BY embedding <-> $1 LIMIT 1', [lit(q)]);
    expect(after.rows[0].id).not.toBe(ins[0].id);
    const top = after.rows[0].id;
    await other.query('DELETE FROM items WHERE id = $1', [top]);
    const gone = await client.query('SELECT id FROM items ORDER BY embedding <-> $1 LIMIT 10', [lit(q)]);
    expect(gone.rows.map((r) => r.id)).not.toContain(top);
    await other.end();
  });

  it('rebuilds the index from the rows after a restart, with the same answers', async () => {
    const before = await client.query('SELECT id FROM items WHERE category = 1 ORDER BY embedding <-> $1 LIMIT 10', [lit(queries[4]!)]);
    await client.end();
    await server.stop();
    server = await startTestServer({ dataDir });
    client = await connect();
    const after = await client.query('SELECT id FROM items WHERE category = 1 ORDER BY embedding <-> $1 LIMIT 10', [lit(queries[4]!)]);
    expect(after.rows).toEqual(before.rows);
  }, 60_000);
});
