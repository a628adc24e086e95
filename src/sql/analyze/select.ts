/**
 * Binds a SELECT into a logical plan:
 *
 *   FROM → Filter(WHERE) → Aggregate(GROUP BY) → Filter(HAVING)
 *        → Project(targets + hidden sort keys) → Distinct → Sort/TopK → Limit → Project(visible)
 *
 * Aggregate calls are collected while binding the select list, HAVING and
 * ORDER BY; afterwards every expression above the Aggregate is rewritten to
 * read group keys and aggregate results from the Aggregate's output row.
 */
import type { PgType } from '../../types/type.js';
import type { Node, SelectStmt, RangeVar, SortBy, ResTarget, ColumnRef, FuncCall } from '@pgsql/types';
import { PgError, SqlState, unsupported } from '../../types/errors.js';
import { Oid } from '../../types/oids.js';
import { typeByOid } from '../../types/registry.js';
import type { Expr, ResultColumn } from '../bound.js';
import type { AggregateCall, PlanNode, QueryPlan, SortKeySpec } from '../plan/plan.js';
import { catalogOf, type AnalyzeContext, type CteBinding } from './context.js';
import { coerce } from './coerce.js';
import { ExprBinder, emptyScope, locationOf, type Scope, type SrfCollector } from './expr.js';
import { figureColname } from './colname.js';
import { resolveRelation } from './names.js';
import { TableScope, columnExpr, type RangeItem } from './scope.js';
import { applyWhere, bindFromList } from './from.js';
import { planAnnScan, planIndexOrder } from '../plan/ann-path.js';

import { commonType } from './common-type.js';
import { exprKey, mapExpr } from '../expr-walk.js';
import { chooseAccessPath } from '../plan/access-path.js';
import { assertNoWindowFunction, planWindows, WindowCollector } from './window.js';

const SELECT_HANDLED = new Set(['targetList', 'fromClause', 'whereClause', 'groupClause', 'havingClause', 'sortClause', 'distinctClause', 'limitCount', 'limitOffset', 'limitOption', 'op', 'all', 'valuesLists', 'windowClause']);

const T = (oid: number) => typeByOid(oid);

interface Target {
  name: string;
  expr: Expr;
  node: Node | null;
  attnum: number;
  tableOid: number;
}

/**
 * @param targetTypes for INSERT … SELECT: the column types the select list
 * feeds, so its untyped literals take those types (as PostgreSQL resolves
 * them) rather than text.
 */
export function planSelect(ctx: AnalyzeContext, s: SelectStmt, outer: Scope | null = null, targetTypes?: readonly { type: PgType; typmod: number }[]): QueryPlan {
  if (s.withClause) return withCtes(ctx, s.withClause, () => planSelect(ctx, { ...s, withClause: undefined }, outer, targetTypes));
  if (s.op && s.op !== 'SETOP_NONE') return planSetOp(ctx, s, outer);
  for (const [key, value] of Object.entries(s)) {
    if (SELECT_HANDLED.has(key) || value === undefined || value === false || (Array.isArray(value) && value.length === 0)) continue;
    throw unsupported(`SELECT with ${clauseName(key)}`);
  }
  if (s.limitOption === 'LIMIT_OPTION_WITH_TIES') throw unsupported('FETCH FIRST … WITH TIES');
  if (s.valuesLists && s.valuesLists.length > 0) return planValues(ctx, s);

  const from = bindFromList(ctx, s.fromClause, outer);
  const scope = new TableScope(ctx, from.items, outer);
  let plan: PlanNode = from.plan;
  const binder = new ExprBinder(ctx, scope);
  const aggregates: AggregateCall[] = [];
  const srfs: SrfCollector = { inputWidth: from.width, calls: [] };
  const windows = new WindowCollector();
  const aggBinder = new ExprBinder(ctx, scope, aggregates, 'select list', srfs, windows);
  windows.defineNamed(aggBinder, s.windowClause);

  if (s.whereClause) {
    const cond = binder.bindCondition(s.whereClause, 'WHERE');
    plan = applyWhere(ctx, plan, cond);
  }

  // Select list.
  const targets: Target[] = [];
  for (const item of s.targetList ?? []) {
    const rt = (item as { ResTarget: ResTarget }).ResTarget;
    const cref = (rt.val as { ColumnRef?: ColumnRef }).ColumnRef;
    const star = cref?.fields?.some((f) => 'A_Star' in f);
    if (cref && star) {
      const fields = cref.fields!;
      const alias = fields.length > 1 ? (fields[fields.length - 2] as { String: { sval: string } }).String.sval : null;
      if (scope.items.length === 0) throw new PgError(SqlState.SyntaxError, 'SELECT * with no tables specified is not valid', { position: ctx.pos(cref.location) });
      for (const { item: ri, col } of scope.expandStar(alias, cref.location)) {
        targets.push({ name: col.name, expr: columnExpr(ri, col), node: null, attnum: col.attnum, tableOid: ri.relation?.relkind === 'r' ? ri.relation.oid : 0 });
      }
      continue;
    }
    let e = aggBinder.bind(rt.val!);
    if (e.type.oid === Oid.unknown) {
      const target = targetTypes?.[targets.length];
      e = target ? coerce(ctx, e, target.type, target.typmod, 'assignment') : coerce(ctx, e, T(Oid.text), -1, 'implicit');
    }
    const source = e.kind === 'column' ? findSource(scope, e.index) : null;
    targets.push({ name: rt.name ?? figureColname(rt.val!), expr: e, node: rt.val!, attnum: source?.attnum ?? 0, tableOid: source?.tableOid ?? 0 });
  }

  // GROUP BY keys: output column names and positions are allowed, as in PostgreSQL.
  const groupBinder = new ExprBinder(ctx, scope, null, 'GROUP BY');
  const groupKeys: Expr[] = (s.groupClause ?? []).map((g) => bindOutputRef(ctx, g, targets, groupBinder, 'GROUP BY'));
  for (const g of groupKeys) assertNoAggregate(ctx, g, 'GROUP BY');
  for (const g of groupKeys) assertNoWindowFunction(g, 'GROUP BY');
  const havingExpr = s.havingClause ? new ExprBinder(ctx, scope, aggregates, 'HAVING').bindCondition(s.havingClause, 'HAVING') : null;

  // ORDER BY keys: bound before grouping rewrites so they may name aggregates too.
  const sortSpecs = (s.sortClause ?? []).map((n) => bindSortBy(ctx, (n as { SortBy: SortBy }).SortBy, targets, aggBinder));

  const grouped = aggregates.length > 0 || groupKeys.length > 0 || havingExpr !== null;
  // Window keys are numbered after ORDER BY, GROUP BY and DISTINCT ones (see planWindows).
  const sortGroupExprs = [...sortSpecs.map((k) => k.expr), ...groupKeys, ...(s.distinctClause?.length && !isDistinctOn(s) ? targets.map((t) => t.expr) : [])];
  if (srfs.calls.length > 0) {
    if (grouped) throw unsupported('set-returning functions in the select list of a grouped query');
    if (windows.calls.length > 0) throw unsupported('set-returning functions in the select list together with window functions');
    plan = { kind: 'projectset', input: plan, inputWidth: from.width, calls: srfs.calls };
  }
  let having = havingExpr;
  if (grouped) {
    plan = { kind: 'aggregate', input: plan, groupKeys, aggregates };
    const rewrite = (e: Expr, clause: string) => rewriteForGroup(ctx, e, groupKeys, clause);
    for (const t of targets) t.expr = rewrite(t.expr, 'select list');
    for (const k of sortSpecs) (k as { expr: Expr }).expr = rewrite(k.expr, 'ORDER BY');
    if (having) having = rewrite(having, 'HAVING');
  }
  if (having) plan = { kind: 'filter', input: plan, condition: having };
  if (windows.calls.length > 0) {
    const inputWidth = grouped ? groupKeys.length + aggregates.length : from.width;
    const w = planWindows(windows, plan, inputWidth, sortGroupExprs, grouped ? (e) => rewriteForGroup(ctx, e, groupKeys, 'window definition') : null);
    plan = w.plan;
    for (const t of targets) t.expr = w.replace(t.expr);
    for (const k of sortSpecs) (k as { expr: Expr }).expr = w.replace(k.expr);
  } else windows.frozen = true;

  // ORDER BY vec <op> q LIMIT k: an HNSW index answers it in order, LIMIT and OFFSET included.
  let annScan = false;
  if (!grouped && windows.calls.length === 0 && srfs.calls.length === 0 && !s.distinctClause?.length && sortSpecs.length === 1 && s.limitCount) {
    const count = bindLimit(ctx, binder, s.limitCount, 'LIMIT');
    const ann = count ? planAnnScan(ctx, plan, sortSpecs[0]!, count, bindLimit(ctx, binder, s.limitOffset, 'OFFSET')) : null;
    if (ann) {
      plan = ann;
      annScan = true;
    }
  }
  // ORDER BY on a B-tree's columns with LIMIT: the index gives the order, the limit stops the scan.
  let indexOrder = false;
  if (!annScan && !grouped && windows.calls.length === 0 && srfs.calls.length === 0 && !s.distinctClause?.length && sortSpecs.length > 0 && s.limitCount) {
    const ordered = planIndexOrder(ctx, plan, sortSpecs);
    if (ordered) {
      plan = ordered;
      indexOrder = true;
    }
  }

  // Project targets plus hidden sort keys that are not already select-list entries.
  const projected: Expr[] = targets.map((t) => t.expr);
  const sortKeys: SortKeySpec[] = sortSpecs.map((k) => {
    const key = exprKey(k.expr);
    let idx = projected.findIndex((p) => exprKey(p) === key);
    if (idx < 0) {
      if (s.distinctClause && s.distinctClause.length > 0 && !isDistinctOn(s)) {
        throw new PgError(SqlState.InvalidColumnReference, 'for SELECT DISTINCT, ORDER BY expressions must appear in select list');
      }
      idx = projected.length;
      projected.push(k.expr);
    }
    return { ...k, expr: { kind: 'column', index: idx, name: targets[idx]?.name ?? '', type: k.expr.type, typmod: k.expr.typmod } };
  });
  plan = { kind: 'project', input: plan, exprs: projected };

  if (s.distinctClause && s.distinctClause.length > 0) {
    if (isDistinctOn(s)) {
      const on = s.distinctClause.map((n) => {
        const e = rewriteIfGrouped(bindOutputRef(ctx, n, targets, aggBinder, 'DISTINCT ON'));
        const idx = projected.findIndex((p) => exprKey(p) === exprKey(e));
        if (idx < 0) throw unsupported('DISTINCT ON expressions that are not in the select list');
        return { kind: 'column', index: idx, name: '', type: e.type, typmod: e.typmod } as Expr;
      });
      // DISTINCT ON keeps the first row of each group in ORDER BY order; the ON keys must lead the ORDER BY.
      if (sortKeys.length > 0) {
        // Both lists are columns of the projected row: compare by position.
        const slot = (e: Expr) => (e.kind === 'column' ? e.index : -1);
        const onKeys = new Set(on.map(slot));
        const seen = new Set<number>();
        for (const k of sortKeys) {
          if (seen.size === onKeys.size) break;
          const key = slot(k.expr);
          if (!onKeys.has(key)) throw new PgError(SqlState.InvalidColumnReference, 'SELECT DISTINCT ON expressions must match initial ORDER BY expressions');
          seen.add(key);
        }
      }
      const sorted: SortKeySpec[] = sortKeys.length > 0 ? [...sortKeys] : on.map((e) => ({ expr: e, descending: false, nullsFirst: false }));
      plan = { kind: 'sort', input: plan, keys: sorted };
      plan = { kind: 'distinct', input: plan, on, types: projected.map((e) => e.type) };
      sortKeys.length = 0;
    } else {
      plan = { kind: 'distinct', input: plan, on: null, types: projected.map((e) => e.type) };
    }
  }
  function rewriteIfGrouped(e: Expr): Expr {
    return grouped ? rewriteForGroup(ctx, e, groupKeys, 'DISTINCT ON') : e;
  }

  const limit = annScan ? null : bindLimit(ctx, binder, s.limitCount, 'LIMIT');
  const offset = annScan ? null : bindLimit(ctx, binder, s.limitOffset, 'OFFSET');
  if (sortKeys.length > 0 && !annScan && !indexOrder) {
    if (limit) plan = { kind: 'topk', input: plan, keys: sortKeys, count: limit, offset };
    else plan = { kind: 'sort', input: plan, keys: sortKeys };
  }
  if ((limit || offset) && !(sortKeys.length > 0 && limit && !indexOrder)) plan = { kind: 'limit', input: plan, count: limit, offset };
  if (projected.length > targets.length) {
    plan = { kind: 'project', input: plan, exprs: targets.map((t, i) => ({ kind: 'column', index: i, name: t.name, type: t.expr.type, typmod: t.expr.typmod }) as Expr) };
  }
  checkParamsResolved(ctx);
  const columns: ResultColumn[] = targets.map((t) => ({ name: t.name, type: t.expr.type, typmod: t.expr.typmod, tableOid: t.tableOid, columnAttr: t.attnum }));
  return { root: plan, columns };
}

function isDistinctOn(s: SelectStmt): boolean {
  // SELECT DISTINCT is a list with one empty node; DISTINCT ON lists real expressions.
  return (s.distinctClause ?? []).some((n) => n && Object.keys(n).length > 0);
}

function findSource(scope: TableScope, index: number): { attnum: number; tableOid: number } | null {
  for (const item of scope.items) {
    for (const c of item.columns) if (c.index === index && !c.expr) return { attnum: c.attnum, tableOid: item.relation?.relkind === 'r' ? item.relation.oid : 0 };
  }
  return null;
}

export function checkParamsResolved(ctx: AnalyzeContext): void {
  for (let i = 0; i < ctx.paramTypes.length; i++) {
    if (ctx.paramTypes[i] === undefined || ctx.paramTypes[i]!.oid === Oid.unknown) {
      throw new PgError(SqlState.IndeterminateDatatype, `could not determine data type of parameter $${i + 1}`);
    }
  }
}

/** ORDER BY / GROUP BY item: an output column position, an output column name, or an expression. */
function bindOutputRef(ctx: AnalyzeContext, node: Node, targets: readonly Target[], binder: ExprBinder, clause: string): Expr {
  const c = (node as { A_Const?: { ival?: { ival?: number }; location?: number } }).A_Const;
  if (c && c.ival !== undefined) {
    const n = c.ival.ival ?? 0;
    if (n < 1 || n > targets.length) {
      throw new PgError(SqlState.InvalidColumnReference, `${clause} position ${n} is not in select list`, { position: ctx.pos(c.location) });
    }
    return targets[n - 1]!.expr;
  }
  const cref = (node as { ColumnRef?: ColumnRef }).ColumnRef;
  if (cref && cref.fields?.length === 1 && 'String' in cref.fields[0]!) {
    const name = (cref.fields[0] as { String: { sval: string } }).String.sval;
    const matches = targets.filter((t) => t.name === name);
    // PostgreSQL prefers an input column for GROUP BY and an output column for ORDER BY.
    const inputFirst = clause === 'GROUP BY';
    if (matches.length > 0 && !(inputFirst && tryBind(binder, node))) {
      if (matches.length > 1 && !matches.every((m) => exprKey(m.expr) === exprKey(matches[0]!.expr))) {
        throw new PgError(SqlState.AmbiguousColumn, `${clause} "${name}" is ambiguous`, { position: ctx.pos(cref.location) });
      }
      return matches[0]!.expr;
    }
  }
  return binder.bind(node);
}

function tryBind(binder: ExprBinder, node: Node): boolean {
  try {
    binder.bind(node);
    return true;
  } catch {
    return false;
  }
}

function bindSortBy(ctx: AnalyzeContext, sb: SortBy, targets: readonly Target[], binder: ExprBinder): SortKeySpec {
  if (sb.useOp) throw unsupported('ORDER BY … USING', ctx.pos(sb.location));
  let expr = bindOutputRef(ctx, sb.node!, targets, binder, 'ORDER BY');
  if (expr.type.oid === Oid.unknown) expr = coerce(ctx, expr, T(Oid.text), -1, 'implicit');
  if (!expr.type.compare) {
    throw new PgError(SqlState.UndefinedFunction, `could not identify an ordering operator for type ${expr.type.name}`, {
      position: ctx.pos(locationOf(sb.node!)),
      hint: 'Use an explicit ordering operator or modify the query.',
    });
  }
  const descending = sb.sortby_dir === 'SORTBY_DESC';
  const nullsFirst = sb.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : sb.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : descending;
  return { expr, descending, nullsFirst };
}

function bindLimit(ctx: AnalyzeContext, binder: ExprBinder, node: Node | undefined, clause: string): Expr | null {
  if (!node) return null;
  if ('A_Const' in node && (node as { A_Const: { isnull?: boolean } }).A_Const.isnull) return null;
  const e = binder.bind(node);
  assertNoColumns(ctx, e, clause, locationOf(node));
  return coerce(ctx, e, T(Oid.int8), -1, 'implicit', undefined, () =>
    new PgError(SqlState.DatatypeMismatch, `argument of ${clause} must be type bigint, not type ${e.type.name}`, { position: ctx.pos(locationOf(node)) }),
  );
}

function assertNoColumns(ctx: AnalyzeContext, e: Expr, clause: string, location?: number): void {
  let found = false;
  mapExpr(e, (x) => {
    if (x.kind === 'column') found = true;
    return x;
  });
  if (found) {
    throw new PgError(SqlState.InvalidColumnReference, `argument of ${clause} must not contain variables`, { position: ctx.pos(location) });
  }
}

function assertNoAggregate(ctx: AnalyzeContext, e: Expr, clause: string): void {
  mapExpr(e, (x) => {
    if (x.kind === 'aggref') throw new PgError(SqlState.GroupingError, `aggregate functions are not allowed in ${clause}`);
    return x;
  });
}

/**
 * Rewrites an expression to run above an Aggregate: group keys become
 * references to the group columns, aggregate calls to their results; any
 * other column reference is an error (42803), as in PostgreSQL.
 */
function rewriteForGroup(ctx: AnalyzeContext, e: Expr, groupKeys: readonly Expr[], clause: string): Expr {
  const keys = groupKeys.map(exprKey);
  return mapExpr(e, (x) => {
    const i = keys.indexOf(exprKey(x));
    if (i >= 0) return { kind: 'column', index: i, name: '', type: x.type, typmod: x.typmod };
    if (x.kind === 'aggref') return { kind: 'column', index: groupKeys.length + x.index, name: '', type: x.type, typmod: x.typmod };
    if (x.kind === 'column') {
      const name = x.qualifier ? `${x.qualifier}.${x.name}` : x.name;
      throw new PgError(SqlState.GroupingError, `column "${name}" must appear in the GROUP BY clause or be used in an aggregate function`);
    }
    return undefined;
  }, true);
}

// ---- VALUES ----

function planValues(ctx: AnalyzeContext, s: SelectStmt): QueryPlan {
  const binder = new ExprBinder(ctx, emptyScope);
  const lists = (s.valuesLists ?? []).map((l) => (l as { List: { items: Node[] } }).List.items ?? []);
  const width = lists[0]?.length ?? 0;
  for (const l of lists) {
    if (l.length !== width) throw new PgError(SqlState.SyntaxError, 'VALUES lists must all be the same length', { position: ctx.pos(locationOf(l[0]!)) });
  }
  const bound = lists.map((l) => l.map((n) => binder.bind(n)));
  const types = Array.from({ length: width }, (_, c) => commonType(ctx, bound.map((r) => r[c]!), 'VALUES'));
  const rows = bound.map((r) => r.map((e, c) => coerce(ctx, e, types[c]!, -1, 'implicit')));
  let plan: PlanNode = { kind: 'values', rows, width };
  const columns: ResultColumn[] = types.map((t, i) => ({ name: `column${i + 1}`, type: t, typmod: -1, tableOid: 0, columnAttr: 0 }));
  const targets: Target[] = columns.map((c, i) => ({ name: c.name, expr: { kind: 'column', index: i, name: c.name, type: c.type, typmod: -1 }, node: null, attnum: 0, tableOid: 0 }));
  const sortKeys = (s.sortClause ?? []).map((n) => bindSortBy(ctx, (n as { SortBy: SortBy }).SortBy, targets, new ExprBinder(ctx, new TableScope(ctx, [{ alias: '*VALUES*', relation: null, schemaName: null, columns: columns.map((c, i) => ({ name: c.name, type: c.type, typmod: -1, index: i, attnum: 0 })) }]))));
  const limit = bindLimit(ctx, binder, s.limitCount, 'LIMIT');
  const offset = bindLimit(ctx, binder, s.limitOffset, 'OFFSET');
  if (sortKeys.length > 0) plan = { kind: 'sort', input: plan, keys: sortKeys };
  if (limit || offset) plan = { kind: 'limit', input: plan, count: limit, offset };
  checkParamsResolved(ctx);
  return { root: plan, columns };
}

// ---- WITH ----

function withCtes<T>(ctx: AnalyzeContext, w: import('@pgsql/types').WithClause, body: () => T): T {
  const added: CteBinding[] = [];
  for (const c of w.ctes ?? []) {
    const cte = (c as { CommonTableExpr: import('@pgsql/types').CommonTableExpr }).CommonTableExpr;
    const query = (cte.ctequery as { SelectStmt?: SelectStmt }).SelectStmt;
    if (!query) throw unsupported('data-modifying statements in WITH');
    if (cte.search_clause || cte.cycle_clause) throw unsupported('SEARCH/CYCLE clauses in WITH');
    const name = cte.ctename ?? '';
    if (added.some((a) => a.name === name)) throw new PgError(SqlState.DuplicateAlias, `WITH query name "${name}" specified more than once`);
    const binding: CteBinding = {
      name,
      query,
      columnNames: (cte.aliascolnames ?? []).map((n) => (n as { String: { sval: string } }).String.sval),
      recursive: (w.recursive ?? false) && referencesName(query, name),
      workTable: null,
    };
    // A non-recursive WITH query sees only the ones before it; a recursive one also itself.
    ctx.ctes.push(binding);
    added.push(binding);
  }
  try {
    return body();
  } finally {
    ctx.ctes.length -= added.length;
  }
}

/** Does a query mention `name` in a FROM clause anywhere (a recursive reference)? */
function referencesName(node: unknown, name: string): boolean {
  if (Array.isArray(node)) return node.some((n) => referencesName(n, name));
  if (!node || typeof node !== 'object') return false;
  const o = node as Record<string, unknown>;
  if (o.RangeVar) {
    const rv = o.RangeVar as { relname?: string; schemaname?: string };
    if (!rv.schemaname && rv.relname === name) return true;
  }
  return Object.values(o).some((v) => referencesName(v, name));
}

/** Plans a reference to a WITH query: a sub-plan, or for WITH RECURSIVE the iterating union. */
export function planCte(ctx: AnalyzeContext, cte: CteBinding, outer: Scope | null): { plan: PlanNode; columns: { name: string; type: PgType; typmod: number }[] } {
  if (cte.workTable) {
    // Inside its own recursive term: read the work table.
    return { plan: { kind: 'worktable', id: cte.workTable.id }, columns: [...cte.workTable.columns] };
  }
  const rename = (cols: readonly ResultColumn[]) => {
    if (cte.columnNames.length > cols.length) {
      throw new PgError(SqlState.InvalidColumnReference, `WITH query "${cte.name}" has ${cols.length} columns available but ${cte.columnNames.length} columns specified`);
    }
    return cols.map((c, i) => ({ name: cte.columnNames[i] ?? c.name, type: c.type, typmod: c.typmod }));
  };
  if (!cte.recursive) {
    // The WITH query's own scope excludes itself and later WITH queries.
    const index = ctx.ctes.indexOf(cte);
    const hidden = ctx.ctes.splice(index);
    try {
      const q = planSelect(ctx, cte.query, outer);
      return { plan: q.root, columns: rename(q.columns) };
    } finally {
      ctx.ctes.push(...hidden);
    }
  }
  const q = cte.query;
  if (q.op !== 'SETOP_UNION' || !q.larg || !q.rarg) {
    throw new PgError(SqlState.InvalidRecursion, `recursive query "${cte.name}" does not have the form non-recursive-term UNION [ALL] recursive-term`);
  }
  if (q.sortClause?.length || q.limitCount || q.limitOffset) throw unsupported('ORDER BY/LIMIT in a recursive query');
  const anchor = planSelect(ctx, q.larg as SelectStmt, outer);
  const columns = rename(anchor.columns);
  const id = ctx.nextWorkTable++;
  cte.workTable = { id, columns };
  let recursive: QueryPlan;
  try {
    recursive = planSelect(ctx, q.rarg as SelectStmt, outer);
  } finally {
    cte.workTable = null;
  }
  if (recursive.columns.length !== columns.length) {
    throw new PgError(SqlState.SyntaxError, 'each UNION query must have the same number of columns');
  }
  // The recursive term's columns take the anchor's types (PostgreSQL requires them to match after coercion).
  const exprs = recursive.columns.map((c, i): Expr => coerce(ctx, { kind: 'column', index: i, name: c.name, type: c.type, typmod: c.typmod }, columns[i]!.type, columns[i]!.typmod, 'assignment'));
  const plan: PlanNode = { kind: 'recursive', id, all: q.all ?? false, anchor: anchor.root, recursive: { kind: 'project', input: recursive.root, exprs }, types: columns.map((c) => c.type) };
  return { plan, columns };
}

// ---- UNION / INTERSECT / EXCEPT ----

const SETOP: Record<string, 'union' | 'intersect' | 'except'> = { SETOP_UNION: 'union', SETOP_INTERSECT: 'intersect', SETOP_EXCEPT: 'except' };

function planSetOp(ctx: AnalyzeContext, s: SelectStmt, outer: Scope | null): QueryPlan {
  const op = SETOP[s.op!]!;
  const left = planSelect(ctx, s.larg as SelectStmt, outer);
  const right = planSelect(ctx, s.rarg as SelectStmt, outer);
  const verb = op.toUpperCase();
  if (left.columns.length !== right.columns.length) {
    throw new PgError(SqlState.SyntaxError, `each ${verb} query must have the same number of columns`);
  }
  const types = left.columns.map((l, i) => {
    const r = right.columns[i]!;
    const lx: Expr = { kind: 'column', index: i, name: l.name, type: l.type, typmod: l.typmod };
    const rx: Expr = { kind: 'column', index: i, name: r.name, type: r.type, typmod: r.typmod };
    return commonType(ctx, [lx, rx], verb);
  });
  const side = (q: QueryPlan): PlanNode => {
    if (q.columns.every((c, i) => c.type.oid === types[i]!.oid)) return q.root;
    const exprs = q.columns.map((c, i): Expr => coerce(ctx, { kind: 'column', index: i, name: c.name, type: c.type, typmod: c.typmod }, types[i]!, -1, 'implicit'));
    return { kind: 'project', input: q.root, exprs };
  };
  let plan: PlanNode = { kind: 'setop', op, all: s.all ?? false, left: side(left), right: side(right), types };
  const columns: ResultColumn[] = left.columns.map((c, i) => ({ name: c.name, type: types[i]!, typmod: types[i]!.oid === c.type.oid && c.typmod === right.columns[i]!.typmod ? c.typmod : -1, tableOid: 0, columnAttr: 0 }));
  // ORDER BY and LIMIT apply to the combined result and see only its columns.
  const items: RangeItem[] = [{ alias: '', relation: null, schemaName: null, columns: columns.map((c, i) => ({ name: c.name, type: c.type, typmod: c.typmod, index: i, attnum: 0 })) }];
  const binder = new ExprBinder(ctx, new TableScope(ctx, items));
  const targets: Target[] = columns.map((c, i) => ({ name: c.name, expr: { kind: 'column', index: i, name: c.name, type: c.type, typmod: c.typmod }, node: null, attnum: 0, tableOid: 0 }));
  const keys = (s.sortClause ?? []).map((n) => bindSortBy(ctx, (n as { SortBy: SortBy }).SortBy, targets, binder));
  const limit = bindLimit(ctx, binder, s.limitCount, 'LIMIT');
  const offset = bindLimit(ctx, binder, s.limitOffset, 'OFFSET');
  if (keys.length > 0) plan = limit ? { kind: 'topk', input: plan, keys, count: limit, offset } : { kind: 'sort', input: plan, keys };
  if ((limit || offset) && !(keys.length > 0 && limit)) plan = { kind: 'limit', input: plan, count: limit, offset };
  return { root: plan, columns };
}

function clauseName(key: string): string {
  const names: Record<string, string> = {
    windowClause: 'WINDOW',
    withClause: 'WITH',
    lockingClause: 'FOR UPDATE/SHARE',
    intoClause: 'INTO',
    larg: 'set operations',
    groupDistinct: 'GROUP BY DISTINCT',
  };
  return names[key] ?? key;
}

export type { FuncCall };
