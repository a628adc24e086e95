/**
 * Logical plan nodes. The planner turns a bound SELECT into a tree of these;
 * exec/ turns each into a physical operator of the same name.
 *
 *   SELECT 1 + 1 AS two WHERE true LIMIT 1
 *
 *   Limit (count 1)
 *   └─ Project (two)
 *      └─ Filter (true)
 *         └─ Values (1 row, 0 columns)
 */
import type { Expr, ResultColumn } from '../bound.js';

export type PlanNode = ValuesNode | ProjectNode | FilterNode | LimitNode;

/** Literal rows; `SELECT` without FROM is one empty row. */
export interface ValuesNode {
  readonly kind: 'values';
  readonly rows: readonly (readonly Expr[])[];
  readonly width: number;
}

export interface ProjectNode {
  readonly kind: 'project';
  readonly input: PlanNode;
  readonly exprs: readonly Expr[];
}

export interface FilterNode {
  readonly kind: 'filter';
  readonly input: PlanNode;
  readonly condition: Expr;
}

export interface LimitNode {
  readonly kind: 'limit';
  readonly input: PlanNode;
  /** null: no LIMIT (LIMIT ALL). */
  readonly count: Expr | null;
  readonly offset: Expr | null;
}

/** A planned query: its plan and the columns it returns. */
export interface QueryPlan {
  readonly root: PlanNode;
  readonly columns: readonly ResultColumn[];
}
