/**
 * ORDER BY vec <op> q LIMIT k through an HNSW index, with filters done
 * better than pgvector's post-filtering:
 *
 * - no filter: one HNSW search for k candidates (ef = hnsw.ef_search, at least k);
 * - a filter a B-tree serves: its candidate rows are read first; up to
 *   EXACT_MAX of them are ranked exactly (faster and exact at that size,
 *   DESIGN.md), more become an allow-list for an in-graph filtered search;
 * - any other filter: iterative search, widening the candidate list until k
 *   rows pass the filter, the graph is exhausted (then an exact scan), or
 *   hnsw.max_scan_tuples candidates were looked at.
 *
 * Candidates are always re-ranked by the exact operator, so distances and
 * order are pgvector's. The transaction's own uncommitted rows are not in
 * the index: they are ranked exactly and merged in.
 */
import type { AnnScanNode, PlanNode } from '../sql/plan/plan.js';
import type { Value } from '../types/value.js';
import { allowBitmap } from '../vector/ann-index.js';
import { toAnnInput, type VectorValue } from '../vector/manager.js';
import { compileExpr, type Row } from './compile-expr.js';
import { buildOperator, type QueryEnv } from './operator.js';
import { TableWriter } from './table-writer.js';
import { PgError, SqlState } from '../types/errors.js';

/** Below this many candidate rows an exact ranking beats the graph (measured, DESIGN.md). */
export const EXACT_MAX = 10_000;

interface Ranked {
  readonly row: Row;
  readonly distance: number;
}

async function drainPlan(node: PlanNode, env: QueryEnv): Promise<Row[]> {
  const op = buildOperator(node, env);
  const out: Row[] = [];
  for (;;) {
    const b = await op.next();
    if (!b) break;
    for (const r of b) out.push(r);
  }
  op.close();
  return out;
}

/** The ANN scan's rows: the k nearest after `offset`, nearest first, each [...columns, rowid]. */
export async function annScanRows(node: AnnScanNode, env: QueryEnv): Promise<Row[]> {
  const query = compileExpr(node.query)([], env) as VectorValue | null;
  const count = Number(compileExpr(node.count)([], env) ?? Infinity);
  const offset = node.offset ? Number(compileExpr(node.offset)([], env) ?? 0) : 0;
  if (query === null) return [];
  const k = count + offset;
  if (k <= 0) return [];
  const model = env.models.get(node.table.oid);
  if (!model) throw new PgError(SqlState.InternalError, `no model for table ${node.table.name}`);
  const table = new TableWriter(model, env.models, env.txn, env);
  const distanceImpl = node.distance.impl;
  const distance = (v: Value): number => distanceImpl([v, query], env.session) as number;
  const filter = node.filter ? compileExpr(node.filter) : null;
  const passes = (row: Row) => filter === null || filter(row, env) === true;
  const col = node.column;
  const own = env.txn.annChanges.get(node.index.oid);
  const ranked: Ranked[] = [];
  const seen = new Set<number>();
  const consider = (row: Row) => {
    const rowid = row[row.length - 1] as number;
    if (seen.has(rowid)) return;
    seen.add(rowid);
    const v = row[col];
    if (v === null || v === undefined || !passes(row)) return;
    ranked.push({ row, distance: distance(v) });
  };
  /** Rows of index keys: skipped when gone from this snapshot or changed by this transaction (ranked from `own`). */
  const fetch = (keys: Float64Array) => {
    for (const key of keys) {
      if (own?.has(key)) continue;
      const values = table.get(key);
      if (!values) continue;
      values.push(key);
      consider(values);
    }
  };

  const efSetting = Number(env.session.getSetting('hnsw.ef_search') ?? 40);
  const maxScan = Number(env.session.getSetting('hnsw.max_scan_tuples') ?? 20000);
  const ann = await env.txn.db.vectors.get(node.index.oid);
  if (!ann) throw new PgError(SqlState.ObjectNotInPrerequisiteState, `index "${node.index.name}" is not available`);
  const q = toAnnInput(query);

  if (node.candidates) {
    // A B-tree found the rows the filter allows: rank them exactly, or restrict the graph search to them.
    const rows = await drainPlan(node.candidates, env);
    if (rows.length <= EXACT_MAX) {
      for (const r of rows) consider(r);
    } else {
      const allowed = rows.filter(passes).map((r) => r[r.length - 1] as number);
      const matches = await ann.searchAsync(q, k, Math.max(efSetting, k), allowBitmap(allowed));
      fetch(matches.keys);
    }
  } else if (!filter) {
    const matches = await ann.searchAsync(q, k, Math.max(efSetting, k));
    fetch(matches.keys);
  } else {
    // Widen the candidate list until enough rows pass the filter. Rows seen
    // in earlier rounds stay ranked (their distances are exact), so a round
    // only fetches the keys it adds; the next width comes from the pass rate
    // so far, so a selective filter reaches it in one or two rounds.
    const size = ann.size();
    let want = Math.max(k, efSetting);
    for (;;) {
      env.session.checkInterrupts();
      const matches = await ann.searchAsync(q, Math.min(want, size), Math.max(efSetting, want));
      fetch(matches.keys);
      if (ranked.length >= k || matches.keys.length < Math.min(want, size) || want >= size) break;
      if (want >= maxScan) {
        // As pgvector's iterative scan stops at hnsw.max_scan_tuples; past that an exact scan finds the rest.
        ranked.length = 0;
        seen.clear();
        for (const row of table.scan()) if (!own?.has(row[row.length - 1] as number)) consider(row);
        break;
      }
      const passRate = Math.max(ranked.length, 1) / Math.max(seen.size, 1);
      const needed = Math.ceil((k / passRate) * 1.5);
      want = Math.min(Math.max(want * 2, needed), size, Math.max(maxScan, k));
    }
  }
  // This transaction's own inserted or updated rows.
  if (own) {
    for (const [rowid, v] of own) {
      if (v === null) continue;
      const values = table.get(rowid);
      if (!values) continue;
      values.push(rowid);
      seen.delete(rowid);
      consider(values);
    }
  }
  ranked.sort((a, b) => compareDistance(a.distance, b.distance) || (a.row[a.row.length - 1] as number) - (b.row[b.row.length - 1] as number));
  return ranked.slice(offset, k).map((r) => r.row);
}

/** float8 order: NaN (a cosine distance to a zero vector) after every number, as ORDER BY puts it. */
function compareDistance(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
}
