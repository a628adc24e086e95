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
