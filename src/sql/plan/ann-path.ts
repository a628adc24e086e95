/**
 * The vector access path: ORDER BY col <op> q LIMIT k over one table becomes
 * an ANN scan when an HNSW index on col serves <op> (pgvector's rule: the
 * distance operator of the index's operator class, ascending, a LIMIT).
 *
 *   SELECT id FROM items WHERE category = 3 ORDER BY embedding <-> $1 LIMIT 5
 *
 *   Project (id)
 *   └─ AnnScan items_embedding_idx: embedding <-> $1, k = 5
 *        Filter: (category = 3)          (iterative graph search, or
 *        └─ IndexScan items_category_idx  B-tree candidates ranked exactly)
 */
import type { Expr } from '../bound.js';
import type { AnalyzeContext } from '../analyze/context.js';
import { catalogOf } from '../analyze/context.js';
import type { PlanNode, SortKeySpec } from './plan.js';
import { children } from '../expr-walk.js';
import { typeByOid } from '../../types/registry.js';

/** Distance operators of the operator classes an HNSW index can serve. */
const OPCLASS_OPERATOR: Record<string, string> = {
  vector_l2_ops: '<->',
  vector_ip_ops: '<#>',
  vector_cosine_ops: '<=>',
  halfvec_l2_ops: '<->',
  halfvec_ip_ops: '<#>',
  halfvec_cosine_ops: '<=>',
  bit_hamming_ops: '<~>',
  bit_jaccard_ops: '<%>',
};

function rowIndependent(e: Expr): boolean {
  if (e.kind === 'column' || e.kind === 'aggref' || e.kind === 'outer' || e.kind === 'subquery') return false;
  if (e.kind === 'call' && (e.def.volatility === 'volatile' || e.def.async)) return false;
  return children(e).every(rowIndependent);
}

export function planAnnScan(ctx: AnalyzeContext, input: PlanNode, key: SortKeySpec, count: Expr, offset: Expr | null): PlanNode | null {
  if (key.descending || !ctx.catalog) return null;
  const e = key.expr;
  if (e.kind !== 'call' || e.def.kind !== 'operator' || e.args.length !== 2) return null;
  const [col, query] = e.args as [Expr, Expr];
  if (col.kind !== 'column' || !rowIndependent(query)) return null;
  let table;
  let filter: Expr | null = null;
  let candidates: PlanNode | null = null;
  if (input.kind === 'seqscan') table = input.table;
  else if (input.kind === 'filter' && input.input.kind === 'seqscan') {
    table = input.input.table;
    filter = input.condition;
  } else if (input.kind === 'indexscan') {
    table = input.table;
    candidates = input;
  } else if (input.kind === 'filter' && input.input.kind === 'indexscan') {
    table = input.input.table;
    filter = input.condition;
    candidates = input;
  } else return null;
  const column = col.index;
  if (column >= table.columns.length) return null;
  const index = catalogOf(ctx)
    .indexesOf(table.oid)
    .find((i) => i.method === 'hnsw' && i.keys[0]?.attnum === column + 1 && OPCLASS_OPERATOR[i.keys[0]!.opclass ?? ''] === e.def.name);
  if (!index) return null;
  return { kind: 'annscan', table, index, column, distance: e.def, query, count, offset, filter, candidates };
}

/**
 * ORDER BY on the leading columns of a B-tree index, with a LIMIT: read the
 * index in order and stop after k rows instead of sorting the whole table.
 * Directions must all match the index or all be its reverse (NULL placement
 * included), as for PostgreSQL's forward and backward index scans.
 */
export function planIndexOrder(ctx: AnalyzeContext, input: PlanNode, keys: readonly SortKeySpec[]): PlanNode | null {
  if (!ctx.catalog || keys.length === 0) return null;
  let scan: PlanNode = input;
  let filter: Expr | null = null;
  if (scan.kind === 'filter') {
    filter = scan.condition;
    scan = scan.input;
  }
  if (scan.kind !== 'seqscan' && scan.kind !== 'indexscan') return null;
  const table = scan.table;
  const cols = keys.map((k) => (k.expr.kind === 'column' && k.expr.index < table.columns.length ? k.expr.index + 1 : -1));
  if (cols.includes(-1)) return null;
  for (const index of catalogOf(ctx).indexesOf(table.oid)) {
    if (index.method !== 'btree' || index.predicate || index.keys.length < keys.length) continue;
    // An index scan already chosen for the WHERE clause must be this index.
    if (scan.kind === 'indexscan' && scan.index.oid !== index.oid) continue;
    let forward = true;
    let backward = true;
    keys.forEach((k, i) => {
      const ik = index.keys[i]!;
      if (ik.attnum !== cols[i]) forward = backward = false;
      if (k.descending !== ik.descending || k.nullsFirst !== ik.nullsFirst) forward = false;
      if (k.descending === ik.descending || k.nullsFirst === ik.nullsFirst) backward = false;
    });
    if (!forward && !backward) continue;
    const keyTypes = index.keys.map((k) => typeByOid(table.columns[k.attnum - 1]?.typeOid ?? 0));
    if (index.keys.some((k) => k.attnum === 0)) continue;
    const node: PlanNode =
      scan.kind === 'indexscan'
        ? { ...scan, descending: backward }
        : { kind: 'indexscan', table, index, keyTypes, ranges: [{ equal: [], lower: null, upper: null }], descending: backward };
    return filter ? { kind: 'filter', input: node, condition: filter } : node;
  }
  return null;
}
