/**
 * The bound tree: what the analyzer makes of libpg_query's parse tree. Every
 * name is resolved and every expression carries its type; nothing downstream
 * reads the raw parse tree again.
 */
import type { CastDef } from '../types/casts.js';
import type { FuncDef } from '../types/functions/catalog.js';
import type { PgType } from '../types/type.js';
import type { Value } from '../types/value.js';

interface Typed {
  readonly type: PgType;
  readonly typmod: number;
}

export type Expr =
  | ConstExpr
  | ParamExpr
  | ColumnExpr
  | CallExpr
  | CastExpr
  | BoolOpExpr
  | NullTestExpr
  | BoolTestExpr
  | CaseExpr
  | CoalesceExpr
  | MinMaxExpr
  | NullIfExpr
  | ArrayExpr
  | SessionValueExpr
  | AggRefExpr
  | WinRefExpr
  | AnyAllExpr
  | SubscriptExpr
  | SubqueryExpr
  | OuterColumnExpr;

/** A column of an enclosing query's row, read from inside a subquery (a correlated reference). */
export interface OuterColumnExpr extends Typed {
  readonly kind: 'outer';
  /** 1: the immediately enclosing query; 2: the one around it… */
  readonly depth: number;
  readonly index: number;
  readonly name: string;
}

/**
 * A subquery used as an expression: EXISTS, scalar, ARRAY(…), or
 * `x op ANY/ALL (SELECT …)` (IN is = ANY). Evaluated by running its plan;
 * once per statement when it reads no outer column, else once per row.
 */
export interface SubqueryExpr extends Typed {
  readonly kind: 'subquery';
  readonly sublink: 'exists' | 'expr' | 'array' | 'any' | 'all';
  /** The subquery's plan (its output columns are the QueryPlan's). */
  readonly plan: import('./plan/plan.js').QueryPlan;
  readonly correlated: boolean;
  /** For ANY/ALL: the left operand and the operator applied to each subquery value (column 0 of a one-value row). */
  readonly test: null | { readonly left: Expr; readonly right: Expr; readonly def: FuncDef };
}

/** x op ANY (array) / x op ALL (array). */
export interface AnyAllExpr extends Typed {
  readonly kind: 'anyall';
  readonly all: boolean;
  /** Left operand, already of the operator's left type. */
  readonly left: Expr;
  readonly array: Expr;
  /** Converts one element (column 0 of a one-value row) to the operator's right type. */
  readonly element: Expr;
  readonly def: FuncDef;
}

/** a[i], a[i][j], a[lo:hi]. */
export interface SubscriptExpr extends Typed {
  readonly kind: 'subscript';
  readonly arg: Expr;
  readonly indexes: readonly { readonly lower: Expr | null; readonly upper: Expr | null; readonly slice: boolean }[];
}

/** A window function call, before the planner replaces it by a column of the WindowAgg's output. */
export interface WinRefExpr extends Typed {
  readonly kind: 'winref';
  /** Index into the query's window call list (analyze/window.ts). */
  readonly index: number;
}

/** An aggregate call, before the planner replaces it by a column of the Aggregate's output. */
export interface AggRefExpr extends Typed {
  readonly kind: 'aggref';
  /** Index into the query's aggregate list. */
  readonly index: number;
}

export interface ConstExpr extends Typed {
  readonly kind: 'const';
  readonly value: Value;
  /** Position of the literal in the statement text, for errors raised when it is coerced. */
  readonly location: number;
}

export interface ParamExpr extends Typed {
  readonly kind: 'param';
  /** 0-based index of $n. */
  readonly index: number;
  readonly location: number;
}

/** A column of the input row, by position. */
export interface ColumnExpr extends Typed {
  readonly kind: 'column';
  readonly index: number;
  readonly name: string;
  /** The FROM item's alias, for display (EXPLAIN qualifies columns when several tables are joined). */
  readonly qualifier?: string;
}

export interface CallExpr extends Typed {
  readonly kind: 'call';
  readonly def: FuncDef;
  readonly args: readonly Expr[];
}

export interface CastExpr extends Typed {
  readonly kind: 'cast';
  readonly arg: Expr;
  /** How the value is converted: a cast function, I/O through text, or nothing. */
  readonly method: { kind: 'function'; cast: CastDef } | { kind: 'io' } | { kind: 'none' } | { kind: 'array'; element: CastExpr };
  /** Apply the target typmod after converting (length/precision coercion). */
  readonly applyTypmod: boolean;
  readonly explicit: boolean;
}

export interface BoolOpExpr extends Typed {
  readonly kind: 'and' | 'or' | 'not';
  readonly args: readonly Expr[];
}

export interface NullTestExpr extends Typed {
  readonly kind: 'nulltest';
  readonly arg: Expr;
  readonly isNull: boolean;
}

export interface BoolTestExpr extends Typed {
  readonly kind: 'booltest';
  readonly arg: Expr;
  readonly test: 'true' | 'not true' | 'false' | 'not false' | 'unknown' | 'not unknown';
}

export interface CaseExpr extends Typed {
  readonly kind: 'case';
  /** CASE x WHEN …: the whens are already comparisons against x. */
  readonly whens: readonly { cond: Expr; result: Expr }[];
  readonly otherwise: Expr | null;
}

export interface CoalesceExpr extends Typed {
  readonly kind: 'coalesce';
  readonly args: readonly Expr[];
}

export interface MinMaxExpr extends Typed {
  readonly kind: 'greatest' | 'least';
  readonly args: readonly Expr[];
}

export interface NullIfExpr extends Typed {
  readonly kind: 'nullif';
  readonly equals: CallExpr;
  readonly args: readonly [Expr, Expr];
}

export interface ArrayExpr extends Typed {
  readonly kind: 'array';
  readonly elements: readonly Expr[];
}

/** Values the session supplies: CURRENT_USER, SESSION_USER, CURRENT_CATALOG… */
export interface SessionValueExpr extends Typed {
  readonly kind: 'session';
  readonly what: 'current_user' | 'session_user' | 'current_catalog' | 'current_schema' | 'current_role' | 'user';
}

/** A column of a statement's result, as RowDescription reports it. */
export interface ResultColumn {
  readonly name: string;
  readonly type: PgType;
  readonly typmod: number;
  readonly tableOid: number;
  readonly columnAttr: number;
}
