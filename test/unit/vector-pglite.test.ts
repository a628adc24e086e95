import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * Optional oracle test: runs only when @electric-sql/pglite (with its
 * pgvector build, `@electric-sql/pglite/vector`) is installed. It checks
 * that the expectations hard-coded in vector.test.ts are what pgvector
 * really answers, and compares vecsql with pgvector on seeded random
 * vectors: text output, input rounding, halfvec rounding, every distance,
 * arithmetic, normalisation and the aggregates, to the last bit.
 */

interface Db {
  query<T>(sql: string, params?: unknown[], opts?: object): Promise<{ rows: T[] }>;
  close(): Promise<void>;
}

async function openPglite(): Promise<Db | null> {
  try {
    // Module names held in variables so that TypeScript does not require the optional package.
    const pgliteName = '@electric-sql/pglite';
    const vectorName = '@electric-sql/pglite/vector';
    const { PGlite } = (await import(pgliteName)) as { PGlite: { create(o: object): Promise<Db & { exec(s: string): Promise<unknown> }> } };
    const { vector } = (await import(vectorName)) as { vector: unknown };
    const db = await PGlite.create({ extensions: { vector } });
    await db.exec('CREATE EXTENSION vector');
    return db;
  } catch {
    return null;
  }
}

// Load the case table without registering vector.test.ts's own tests here.
(globalThis as { __vecsqlCasesOnly?: boolean }).__vecsqlCasesOnly = true;
const { CASES, run } = await import('./vector.test.js');
const { vectorTypes, vectorAggregates, VectorOid } = await import('../../src/types/vector/index.js');
const { findTypeByName, typeByOid } = await import('../../src/types/registry.js');
const { defaultIoContext } = await import('../../src/types/type.js');
const { formatFloat } = await import('../../src/types/builtin/float.js');
const { functionsNamed, operatorsNamed } = await import('../../src/types/functions/catalog.js');

const db = await openPglite();
const io = defaultIoContext;
const ctx = { io } as never;

/** One text value per query, exactly as PostgreSQL prints it. */
async function text(sql: string, params: unknown[] = []): Promise<string> {
  try {
    const r = await db!.query<{ t: string | null }>(`select (${sql})::text as t`, params);
    return r.rows[0]!.t ?? 'NULL';
  } catch (e) {
    const err = e as { code?: string; message: string };
    return `ERR ${err.code} ${err.message}`;
  }
}

/** vecsql's text for a literal of a type, or its error as 'ERR <code> <message>'. */
function roundTrip(t: { fromText(s: string, m: number, c: typeof io): unknown; toText(v: unknown, c: typeof io): string }, lit: string): string {
  try {
    return t.toText(t.fromText(lit, -1, io), io);
  } catch (e) {
    return `ERR ${(e as { code: string }).code} ${(e as Error).message}`;
  }
}

/** A small seeded PRNG (mulberry32), so that failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.skipIf(db === null)('vecsql against pgvector in PGlite', () => {
  beforeAll(() => {
    expect(vectorTypes.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('the hard-coded case table is what pgvector answers', async () => {
    const wrong: string[] = [];
    for (const [sql, expected] of CASES) {
      const got = await text(sql);
      if (got !== expected) wrong.push(`${sql}: pgvector ${got}, table ${expected}`);
      const mine = run(sql);
      if (mine !== got) wrong.push(`${sql}: pgvector ${got}, vecsql ${mine}`);
    }
    expect(wrong).toEqual([]);
  });

  it('prints and parses float4 elements like pgvector', async () => {
    const rand = rng(1);
    const u = new Uint32Array(1);
    const f = new Float32Array(u.buffer);
    const xs: number[] = [];
    while (xs.length < 4000) {
      u[0] = Math.floor(rand() * 0x7f800000) | (rand() < 0.5 ? 0x80000000 : 0);
      xs.push(f[0]!);
    }
    const vector = typeByOid(VectorOid.vector);
    const theirs = await text(`($1::float8[])::real[]::vector`, [xs.map((x) => x.toPrecision(17))]);
    expect(vector.toText(Float32Array.from(xs), io)).toBe(theirs);
    // Decimal literals with 1–12 digits and assorted exponents.
    const lits = Array.from({ length: 2000 }, () => {
      let s = String(Math.floor(rand() * 10 ** (1 + Math.floor(rand() * 12))));
      const dot = Math.floor(rand() * (s.length + 1));
      s = `${s.slice(0, dot)}.${s.slice(dot)}`.replace(/^\.$/, '0');
      if (rand() < 0.5) s += `e${Math.floor(rand() * 70 - 40)}`;
      return s;
    });
    const lit = `[${lits.join(',')}]`;
    expect(roundTrip(vector, lit)).toBe(await text(`$1::vector`, [lit]));
    // One literal per element too, so that an out-of-range one does not hide the others.
    const wrong: string[] = [];
    for (const l of lits.slice(0, 300)) {
      const [mine, theirs] = [roundTrip(vector, `[${l}]`), await text(`$1::vector`, [`[${l}]`])];
      if (mine !== theirs) wrong.push(`${l}: pgvector ${theirs}, vecsql ${mine}`);
    }
    expect(wrong).toEqual([]);
    const halfvec = typeByOid(VectorOid.halfvec);
    const small = xs.map((x) => (Math.abs(x) > 60000 || !Number.isFinite(x) ? x % 60000 : x));
    const hv = `[${small.map((x) => vector.toText(Float32Array.of(x), io).slice(1, -1)).join(',')}]`;
    expect(roundTrip(halfvec, hv)).toBe(await text(`$1::halfvec`, [hv]));
  });

  it('computes every distance and vector function to the last bit', async () => {
    const rand = rng(2);
    const call = (name: string, op: boolean, args: unknown[], types: number[]) => {
      const defs = op ? operatorsNamed(name, false) : functionsNamed(name);
      const d = defs.find((x) => x.args.length === types.length && x.args.every((a, i) => a === types[i]))!;
      return d.impl(args, ctx);
    };
    const wrong: string[] = [];
    for (const n of [1, 3, 8, 9, 17, 100, 768, 1536]) {
      for (const typeName of ['vector', 'halfvec', 'sparsevec']) {
        const t = findTypeByName(typeName)!;
        const gen = () =>
          `[${Array.from({ length: n }, () => (typeName === 'sparsevec' && rand() < 0.7 ? 0 : Math.fround((rand() * 2 - 1) * (rand() < 0.1 ? 100 : 1)))).join(',')}]`;
        const [la, lb] = [gen(), gen()];
        const a = t.fromText(await text(`$1::vector::${typeName}`, [la]), -1, io);
        const b = t.fromText(await text(`$1::vector::${typeName}`, [lb]), -1, io);
        const f8 = (v: unknown) => formatFloat(v as number, false, io);
        const checks: [string, string][] = [
          [`a <-> b`, f8(call('<->', true, [a, b], [t.oid, t.oid]))],
          [`a <#> b`, f8(call('<#>', true, [a, b], [t.oid, t.oid]))],
          [`a <=> b`, f8(call('<=>', true, [a, b], [t.oid, t.oid]))],
          [`a <+> b`, f8(call('<+>', true, [a, b], [t.oid, t.oid]))],
          [`l2_normalize(a)`, t.toText(call('l2_normalize', false, [a], [t.oid]), io)],
        ];
        if (typeName !== 'sparsevec') {
          for (const op of ['+', '-', '*']) {
            let out: string;
            try {
              out = t.toText(call(op, true, [a, b], [t.oid, t.oid]), io);
            } catch (e) {
              out = `ERR ${(e as { code: string }).code} ${(e as Error).message}`;
            }
            checks.push([`a ${op} b`, out]);
          }
        }
        for (const [expr, mine] of checks) {
          const theirs = await text(`(select ${expr} from (select $1::vector::${typeName} a, $2::vector::${typeName} b) s)`, [la, lb]);
          if (theirs !== mine) wrong.push(`${typeName}(${n}) ${expr}: pgvector ${theirs}, vecsql ${mine}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('aggregates like pgvector', async () => {
    const rand = rng(3);
    const wrong: string[] = [];
    for (const n of [1, 3, 16, 100]) {
      for (const typeName of ['vector', 'halfvec']) {
        const t = findTypeByName(typeName)!;
        const rows = Array.from({ length: 1 + Math.floor(rand() * 40) }, () => `[${Array.from({ length: n }, () => Math.fround((rand() * 2 - 1) * 10)).join(',')}]`);
        for (const name of ['avg', 'sum']) {
          const theirs = await text(`(select ${name}(v::${typeName}) from unnest($1::text[]) v)`, [rows]);
          const def = vectorAggregates.find((d) => d.name === name && d.args[0] === t.oid)!;
          let st = def.init([t]);
          for (const r of rows) st = def.step(st, [t.fromText(r, -1, io)]);
          const mine = t.toText(def.final(st), io);
          if (mine !== theirs) wrong.push(`${name}(${typeName}) n=${n}: pgvector ${theirs}, vecsql ${mine}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
