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
import type { IndexDef, RelationDef } from '../../catalog/objects.js';
import type { PgType } from '../../types/type.js';
import type { AggregateDef } from '../../types/functions/aggregates.js';
import type { SystemRelation } from '../../catalog/system/index.js';
import type { SrfDef } from '../../types/functions/srf.js';
import type { FuncDef } from '../../types/functions/catalog.js';

export type PlanNode =
  | AnnScanNode
  | ValuesNode
  | ProjectNode
  | FilterNode
  | LimitNode
  | SeqScanNode
  | IndexScanNode
  | SortNode
  | TopKNode
  | AggregateNode
  | DistinctNode
  | InsertNode
  | UpdateNode
  | DeleteNode
  | JoinNode
  | SystemScanNode
  | SetOpNode
  | RecursiveUnionNode
  | WorkTableScanNode
  | FunctionScanNode
  | ProjectSetNode
  | WindowNode;

/**
 * Set-returning functions in the select list: for each input row, their rows
 * side by side; output rows are the input row followed by one value per call.
 */
export interface ProjectSetNode {
  readonly kind: 'projectset';
  readonly input: PlanNode;
  readonly inputWidth: number;
  readonly calls: readonly { readonly def: SrfDef; readonly args: readonly Expr[]; readonly argTypes: readonly PgType[] }[];
}

/** Set-returning functions in FROM: their rows side by side (shorter ones padded with NULLs), plus an ordinality column. */
export interface FunctionScanNode {
  readonly kind: 'function';
  readonly calls: readonly { readonly def: SrfDef; readonly args: readonly Expr[]; readonly argTypes: readonly PgType[]; readonly width: number }[];
  readonly ordinality: boolean;
  readonly name: string;
}

/** UNION / INTERSECT / EXCEPT [ALL] of two inputs with the same column types. */
export interface SetOpNode {
  readonly kind: 'setop';
  readonly op: 'union' | 'intersect' | 'except';
  readonly all: boolean;
  readonly left: PlanNode;
  readonly right: PlanNode;
  /** Column types of both inputs' rows (for hashing). */
  readonly types: readonly PgType[];
}

/** WITH RECURSIVE: the anchor's rows, then the recursive term run on each new batch until none appear. */
export interface RecursiveUnionNode {
  readonly kind: 'recursive';
  /** Identifies the work table the recursive term reads. */
  readonly id: number;
  readonly all: boolean;
  readonly anchor: PlanNode;
  readonly recursive: PlanNode;
  readonly types: readonly PgType[];
}

/** The rows the recursive term of a WITH RECURSIVE sees: the previous iteration's new rows. */
export interface WorkTableScanNode {
  readonly kind: 'worktable';
  readonly id: number;
}

/**
 * ORDER BY col <op> q [LIMIT k] through an HNSW index: the k nearest rows
 * (after `offset`) nearest first, each [...columns, rowid]; see exec/ann-scan.ts.
 */
export interface AnnScanNode {
  readonly kind: 'annscan';
  readonly table: RelationDef;
  readonly index: IndexDef;
  /** The vector column (0-based). */
  readonly column: number;
  /** The distance operator (`<->`…), for exact re-ranking. */
  readonly distance: FuncDef;
  /** The query vector: does not depend on the row. */
  readonly query: Expr;
  readonly count: Expr;
  readonly offset: Expr | null;
  /** WHERE over the table row, checked on candidates. */
  readonly filter: Expr | null;
  /** When a B-tree serves part of the filter: the rows it allows ([...columns, rowid]). */
  readonly candidates: PlanNode | null;
}

/** Rows of a pg_catalog relation, generated from the catalog when scanned. */
export interface SystemScanNode {
  readonly kind: 'system';
  readonly relation: SystemRelation;
}

export type JoinType = 'inner' | 'left' | 'right' | 'full';

/**
 * Joins two inputs; output rows are the left row followed by the right row
 * (NULLs for the missing side of an outer join). With hash keys the right
 * side is hashed on them and probed with the left (a hash join); otherwise
 * every pair is tested (a nested loop over the materialized right side).
 */
export interface JoinNode {
  readonly kind: 'join';
  readonly joinType: JoinType;
  readonly left: PlanNode;
  readonly right: PlanNode;
  readonly leftWidth: number;
  readonly rightWidth: number;
  /** Equality keys: `left` over the left row, `right` over the right row. */
  readonly hashKeys: readonly { readonly left: Expr; readonly right: Expr }[];
  /** The rest of the join condition, over the joined row; null when none. */
  readonly condition: Expr | null;
  /**
   * LATERAL: `right` reads the current left row as outer references (depth
   * 1) and runs once per left row (a nested loop; never hashed).
   */
  readonly lateral?: true;
}

/**
 * A full scan of a table. Output rows are the table's columns in attnum
 * order (dropped columns as NULL) followed by the rowid, which UPDATE and
 * DELETE use to address the row.
 */
export interface SeqScanNode {
  readonly kind: 'seqscan';
  readonly table: RelationDef;
}

/** One range of an index scan, on encoded key prefixes; null bounds are open. */
export interface KeyRange {
  /** Values for the leading index columns that must be equal. */
  readonly equal: readonly Expr[];
  /** Optional bound on the next column after the equal prefix. */
  readonly lower: { readonly value: Expr; readonly inclusive: boolean } | null;
  readonly upper: { readonly value: Expr; readonly inclusive: boolean } | null;
}

/** Rows of a table found through a B-tree index; same output as SeqScan. */
export interface IndexScanNode {
  readonly kind: 'indexscan';
  readonly table: RelationDef;
  readonly index: IndexDef;
  /** Type of each index column's key, for encoding the bound values. */
  readonly keyTypes: readonly PgType[];
  /** Rows in any of these ranges (IN lists make several). */
  readonly ranges: readonly KeyRange[];
  readonly descending: boolean;
}

export interface SortKeySpec {
  readonly expr: Expr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export interface SortNode {
  readonly kind: 'sort';
  readonly input: PlanNode;
  readonly keys: readonly SortKeySpec[];
}

/** ORDER BY … LIMIT k without an index: a bounded heap. */
export interface TopKNode {
  readonly kind: 'topk';
  readonly input: PlanNode;
  readonly keys: readonly SortKeySpec[];
  readonly count: Expr;
  readonly offset: Expr | null;
}

export interface AggregateCall {
  readonly name: string;
  /** The overload the binder resolved. */
  readonly def: AggregateDef;
  readonly args: readonly Expr[];
  readonly argTypes: readonly PgType[];
  readonly distinct: boolean;
  readonly filter: Expr | null;
  readonly orderBy: readonly SortKeySpec[];
  readonly resultType: PgType;
  /** count(*) */
  readonly star: boolean;
}

/** GROUP BY: output rows are the group key values followed by the aggregate results. */
export interface AggregateNode {
  readonly kind: 'aggregate';
  readonly input: PlanNode;
  readonly groupKeys: readonly Expr[];
  readonly aggregates: readonly AggregateCall[];
}

/**
 * Window functions (PostgreSQL's WindowAgg, one per window clause): output
 * rows are the input row followed by one value per call. The clauses run in
 * order, each re-sorting the rows when `sort` is given; rows come out in the
 * order the last clause left them.
 */
export interface WindowNode {
  readonly kind: 'window';
  readonly input: PlanNode;
  /** Width of the input rows; call i's value is column inputWidth + i. */
  readonly inputWidth: number;
  readonly clauses: readonly WindowClauseSpec[];
  readonly calls: readonly WindowCallSpec[];
}

export interface WindowClauseSpec {
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly SortKeySpec[];
  readonly frame: WindowFrameSpec;
  /** Sort keys (partition keys, then ORDER BY keys) when the rows are not already in that order. */
  readonly sort: readonly SortKeySpec[] | null;
}

export interface WindowFrameSpec {
  readonly mode: 'rows' | 'range' | 'groups';
  readonly start: WindowFrameBound;
  readonly end: WindowFrameBound;
  readonly exclude: 'no others' | 'current row' | 'group' | 'ties';
  /** RANGE with an offset: how the ORDER BY key is offset (in_range). */
  readonly inRange: WindowInRange | null;
}

export interface WindowFrameBound {
  readonly kind: 'unbounded preceding' | 'preceding' | 'current row' | 'following' | 'unbounded following';
  /** n PRECEDING/FOLLOWING: int8 for ROWS/GROUPS, the in_range offset type for RANGE. No column references. */
  readonly offset: Expr | null;
}

/**
 * in_range for RANGE offsets: by the ORDER BY key type. 'generic' (date,
 * timestamp[tz], interval) computes base ± offset with the resolved operators
 * (over a row [base, offset]) and compares the key cast to their result type
 * (castKey reads the key as column 0).
 */
export type WindowInRange =
  | { readonly kind: 'int' | 'float' | 'numeric' | 'time' }
  | { readonly kind: 'generic'; readonly add: Expr; readonly sub: Expr; readonly castKey: Expr; readonly compare: NonNullable<PgType['compare']> };

export interface WindowCallSpec {
  readonly name: string;
  /** Index into the node's clauses. */
  readonly clause: number;
  /** An aggregate used as a window function; null for the built-in window functions (row_number, lag…). */
  readonly aggregate: AggregateDef | null;
  readonly args: readonly Expr[];
  readonly argTypes: readonly PgType[];
  readonly filter: Expr | null;
  readonly resultType: PgType;
}

/** DISTINCT (on: null, whole rows) or DISTINCT ON (the first `on` columns of sorted input). */
export interface DistinctNode {
  readonly kind: 'distinct';
  readonly input: PlanNode;
  readonly on: readonly Expr[] | null;
  /** Types of the input row's columns (whole-row DISTINCT compares them all). */
  readonly types: readonly PgType[];
}

export interface ReturningSpec {
  readonly exprs: readonly Expr[];
  readonly columns: readonly ResultColumn[];
}

export interface InsertNode {
  readonly kind: 'insert';
  readonly table: RelationDef;
  /** Rows of values for `targetAttnums`, already coerced to the column types. */
  readonly source: PlanNode;
  /** For each column of the table (attnum order, dropped included), the source column index or an expression (defaults). */
  readonly columnValues: readonly ({ kind: 'source'; index: number } | { kind: 'expr'; expr: Expr } | { kind: 'null' })[];
  readonly onConflict: null | {
    readonly action: 'nothing' | 'update';
    /** Index whose uniqueness is the conflict; null: any unique index. */
    readonly index: IndexDef | null;
    /** For DO UPDATE: new values by attnum-1, over the row [...existing columns, rowid, ...excluded columns]. */
    readonly assignments: readonly { readonly column: number; readonly expr: Expr }[];
    readonly where: Expr | null;
  };
  readonly returning: ReturningSpec | null;
}

export interface UpdateNode {
  readonly kind: 'update';
  readonly table: RelationDef;
  /** Scan output rows ([...columns, rowid]) to update. */
  readonly input: PlanNode;
  readonly assignments: readonly { readonly column: number; readonly expr: Expr }[];
  readonly returning: ReturningSpec | null;
}

export interface DeleteNode {
  readonly kind: 'delete';
  readonly table: RelationDef;
  readonly input: PlanNode;
  readonly returning: ReturningSpec | null;
}

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
