/** Binds INSERT, UPDATE and DELETE into plans (PostgreSQL's analyze.c transformInsertStmt & co). */
import type { Node, InsertStmt, UpdateStmt, DeleteStmt, ResTarget, SelectStmt, ColumnRef, OnConflictClause, IndexElem } from '@pgsql/types';
import type { RelationDef, IndexDef } from '../../catalog/objects.js';
import { PgError, SqlState, unsupported } from '../../types/errors.js';
import { formatType } from '../../types/format-type.js';
import { Oid } from '../../types/oids.js';
import { typeByOid } from '../../types/registry.js';
import type { Expr, ResultColumn } from '../bound.js';
import type { InsertNode, PlanNode, QueryPlan, ReturningSpec } from '../plan/plan.js';
import { buildTableModel, buildTableModels, type TableModels } from '../plan/table-model.js';
import { catalogOf, type AnalyzeContext } from './context.js';
import { coerce } from './coerce.js';
import { ExprBinder, locationOf } from './expr.js';
import { figureColname } from './colname.js';
import { resolveRelation } from './names.js';
import { TableScope, type RangeItem } from './scope.js';
import { checkParamsResolved, planSelect } from './select.js';
import { applyWhere, bindFromList, planJoin, shiftItem } from './from.js';

export interface ModifyPlan {
  readonly plan: QueryPlan;
  readonly models: TableModels;
  readonly tag: 'INSERT' | 'UPDATE' | 'DELETE';
  /** RETURNING columns, or null when the statement returns no rows. */
  readonly returning: readonly ResultColumn[] | null;
}

function targetTable(ctx: AnalyzeContext, rv: import('@pgsql/types').RangeVar, verb: string): RelationDef {
  const rel = resolveRelation(ctx, rv);
  if (rel.relkind === 'v') throw unsupported(`${verb} on a view`, ctx.pos(rv.location));
  if (rel.relkind !== 'r') throw new PgError(SqlState.WrongObjectType, `cannot ${verb.toLowerCase()} into relation "${rel.name}"`, { position: ctx.pos(rv.location) });
  return rel;
}

function rangeItem(rel: RelationDef, alias: string, offset = 0): RangeItem {
  return {
    alias,
    relation: rel,
    schemaName: null,
    columns: rel.columns.filter((c) => !c.dropped).map((c) => ({ name: c.name, type: typeByOid(c.typeOid), typmod: c.typmod, index: offset + c.attnum - 1, attnum: c.attnum })),
  };
}

function bindReturning(ctx: AnalyzeContext, list: Node[] | undefined, scope: TableScope): ReturningSpec | null {
  if (!list || list.length === 0) return null;
  const binder = new ExprBinder(ctx, scope, null, 'RETURNING');
  const exprs: Expr[] = [];
  const columns: ResultColumn[] = [];
  for (const item of list) {
    const rt = (item as { ResTarget: ResTarget }).ResTarget;
    const cref = (rt.val as { ColumnRef?: ColumnRef }).ColumnRef;
    if (cref?.fields?.some((f) => 'A_Star' in f)) {
      const fields = cref.fields!;
      const alias = fields.length > 1 ? (fields[fields.length - 2] as { String: { sval: string } }).String.sval : null;
      for (const { item: ri, col } of scope.expandStar(alias, cref.location)) {
        exprs.push({ kind: 'column', index: col.index, name: col.name, type: col.type, typmod: col.typmod });
        columns.push({ name: col.name, type: col.type, typmod: col.typmod, tableOid: ri.relation?.oid ?? 0, columnAttr: col.attnum });
      }
      continue;
    }
    let e = binder.bind(rt.val!);
    if (e.type.oid === Oid.unknown) e = coerce(ctx, e, typeByOid(Oid.text), -1, 'implicit');
    exprs.push(e);
    columns.push({ name: rt.name ?? figureColname(rt.val!), type: e.type, typmod: e.typmod, tableOid: 0, columnAttr: 0 });
  }
  return { exprs, columns };
}

function columnByName(ctx: AnalyzeContext, rel: RelationDef, name: string, location: number | undefined) {
  const c = rel.columns.find((x) => x.name === name && !x.dropped);
  if (!c) throw new PgError(SqlState.UndefinedColumn, `column "${name}" of relation "${rel.name}" does not exist`, { position: ctx.pos(location) });
  return c;
}

function assignmentError(ctx: AnalyzeContext, column: string, target: { typeOid: number; typmod: number }, e: Expr, location: number | undefined): () => PgError {
  return () =>
    new PgError(SqlState.DatatypeMismatch, `column "${column}" is of type ${formatType(target.typeOid, target.typmod)} but expression is of type ${formatType(e.type.oid, e.typmod)}`, {
      position: ctx.pos(location),
      hint: 'You will need to rewrite or cast the expression.',
    });
}

/** Tables a statement reads besides its target (INSERT … SELECT) need models to be scanned. */
function addReadTables(ctx: AnalyzeContext, models: Map<number, import('../plan/table-model.js').TableModel>): void {
  for (const rel of ctx.tables.values()) if (!models.has(rel.oid)) models.set(rel.oid, buildTableModel(ctx, catalogOf(ctx), rel));
}

// ---- INSERT ----

export function planInsert(ctx: AnalyzeContext, s: InsertStmt): ModifyPlan {
  if (s.withClause) throw unsupported('WITH in INSERT');
  const rel = targetTable(ctx, s.relation!, 'INSERT');
  const catalog = catalogOf(ctx);
  const models = buildTableModels(ctx, catalog, rel);
  const model = models.get(rel.oid)!;
  const visible = rel.columns.filter((c) => !c.dropped);
  const explicitColumns = !!(s.cols && s.cols.length > 0);
  const targets = s.cols && s.cols.length > 0
    ? s.cols.map((c) => {
        const rt = (c as { ResTarget: ResTarget }).ResTarget;
        if (rt.indirection?.length) throw unsupported('INSERT into array elements or fields', ctx.pos(rt.location));
        return { col: columnByName(ctx, rel, rt.name ?? '', rt.location), location: rt.location };
      })
    : visible.map((col) => ({ col, location: undefined as number | undefined }));
  const seen = new Set<number>();
  for (const t of targets) {
    if (seen.has(t.col.attnum)) throw new PgError(SqlState.DuplicateColumn, `column "${t.col.name}" specified more than once`, { position: ctx.pos(t.location) });
    seen.add(t.col.attnum);
  }
  const overriding = s.override;

  // The source: VALUES lists (with DEFAULT allowed) or a SELECT; DEFAULT VALUES when absent.
  let source: PlanNode;
  let sourceExprsDefault: boolean[][] | null = null;
  const sel = (s.selectStmt as { SelectStmt?: SelectStmt } | undefined)?.SelectStmt;
  if (!sel) {
    source = { kind: 'values', rows: [[]], width: 0 };
    targets.length = 0;
  } else if (sel.valuesLists && sel.valuesLists.length > 0 && !sel.sortClause && !sel.limitCount) {
    const binder = new ExprBinder(ctx, new TableScope(ctx, []), null, 'VALUES');
    const lists = sel.valuesLists.map((l) => (l as { List: { items: Node[] } }).List.items ?? []);
    for (const l of lists) {
      if (l.length !== lists[0]!.length) {
        throw new PgError(SqlState.SyntaxError, 'VALUES lists must all be the same length', { position: ctx.pos(locationOf(l[0] ?? lists[0]![0]!)) });
      }
    }
    // Without a column list, fewer values than columns fill the leading columns.
    if (!explicitColumns && lists[0] && lists[0].length < targets.length) targets.length = lists[0].length;
    sourceExprsDefault = [];
    const rows: Expr[][] = lists.map((items) => {
      if (items.length > targets.length) throw new PgError(SqlState.SyntaxError, 'INSERT has more expressions than target columns', { position: ctx.pos(locationOf(items[targets.length]!)) });
      if (items.length < targets.length) throw new PgError(SqlState.SyntaxError, 'INSERT has more target columns than expressions', { position: ctx.pos(targets[items.length]!.location) });
      const defaults: boolean[] = [];
      const row = items.map((item, i) => {
        const t = targets[i]!;
        if ('SetToDefault' in item) {
          // DEFAULT in VALUES: the column's default expression goes into the row itself.
          defaults.push(true);
          const def = model.defaults[t.col.attnum - 1];
          return def ?? ({ kind: 'const', type: typeByOid(t.col.typeOid), typmod: -1, value: null, location: -1 } as Expr);
        }
        defaults.push(false);
        const e = binder.bind(item);
        return coerce(ctx, e, typeByOid(t.col.typeOid), t.col.typmod, 'assignment', locationOf(item), assignmentError(ctx, t.col.name, t.col, e, locationOf(item)));
      });
      sourceExprsDefault!.push(defaults);
      return row;
    });
    source = { kind: 'values', rows, width: targets.length };
  } else {
    const q = planSelect(ctx, sel, null, targets.map((t) => ({ type: typeByOid(t.col.typeOid), typmod: t.col.typmod })));
    if (!explicitColumns && q.columns.length < targets.length) targets.length = q.columns.length;
    if (q.columns.length > targets.length) throw new PgError(SqlState.SyntaxError, 'INSERT has more expressions than target columns');
    if (q.columns.length < targets.length) throw new PgError(SqlState.SyntaxError, 'INSERT has more target columns than expressions');
    const exprs = q.columns.map((c, i): Expr => {
      const t = targets[i]!;
      const col: Expr = { kind: 'column', index: i, name: c.name, type: c.type, typmod: c.typmod };
      return coerce(ctx, col, typeByOid(t.col.typeOid), t.col.typmod, 'assignment', undefined, assignmentError(ctx, t.col.name, t.col, col, undefined));
    });
    source = { kind: 'project', input: q.root, exprs };
  }

  // Per column: the source value, a DEFAULT (per row where VALUES said DEFAULT), or NULL.
  const columnValues: InsertNode['columnValues'][number][] = rel.columns.map((c, idx) => {
    if (c.dropped) return { kind: 'null' };
    const ti = targets.findIndex((t) => t.col.attnum === c.attnum);
    const def = model.defaults[idx];
    if (ti < 0) return def ? { kind: 'expr', expr: def } : { kind: 'null' };
    if (c.generated) {
      if (sourceExprsDefault?.every((r) => r[ti])) return { kind: 'null' };
      throw new PgError(SqlState.GeneratedAlways, `cannot insert a non-DEFAULT value into column "${c.name}"`, {
        detail: `Column "${c.name}" is a generated column.`,
      });
    }
    if (c.identity === 'a' && overriding !== 'OVERRIDING_SYSTEM_VALUE' && !(sourceExprsDefault?.every((r) => r[ti]))) {
      throw new PgError(SqlState.GeneratedAlways, `cannot insert a non-DEFAULT value into column "${c.name}"`, {
        detail: `Column "${c.name}" is an identity column defined as GENERATED ALWAYS.`,
        hint: 'Use OVERRIDING SYSTEM VALUE to override.',
      });
    }
    return { kind: 'source', index: ti };
  });

  const scope = new TableScope(ctx, [rangeItem(rel, s.relation!.alias?.aliasname ?? rel.name)]);
  const onConflict = s.onConflictClause ? bindOnConflict(ctx, s.onConflictClause, rel, catalog.indexesOf(rel.oid), s.relation!.alias?.aliasname ?? rel.name) : null;
  const returning = bindReturning(ctx, s.returningList, scope);
  checkParamsResolved(ctx);
  addReadTables(ctx, models);
  const root: InsertNode = { kind: 'insert', table: rel, source, columnValues, onConflict, returning };
  return { plan: { root, columns: returning?.columns ?? [] }, models, tag: 'INSERT', returning: returning?.columns ?? null };
}

function bindOnConflict(ctx: AnalyzeContext, oc: OnConflictClause, rel: RelationDef, indexes: IndexDef[], alias: string): InsertNode['onConflict'] {
  let index: IndexDef | null = null;
  if (oc.infer) {
    if (oc.infer.conname) {
      const con = catalogOf(ctx).constraintsOf(rel.oid).find((c) => c.name === oc.infer!.conname);
      if (!con || !con.indexOid) throw new PgError(SqlState.UndefinedObject, `constraint "${oc.infer.conname}" for table "${rel.name}" does not exist`);
      index = indexes.find((i) => i.oid === con.indexOid) ?? null;
    } else {
      const cols = (oc.infer.indexElems ?? []).map((e) => {
        const el = (e as { IndexElem: IndexElem }).IndexElem;
        if (!el.name) throw unsupported('ON CONFLICT on expressions', ctx.pos(oc.location));
        return columnByName(ctx, rel, el.name, oc.location).attnum;
      });
      index = indexes.find((i) => i.unique && i.keys.length === cols.length && i.keys.every((k) => cols.includes(k.attnum))) ?? null;
      if (!index) {
        throw new PgError(SqlState.InvalidColumnReference, 'there is no unique or exclusion constraint matching the ON CONFLICT specification', { position: ctx.pos(oc.location) });
      }
    }
  } else if (oc.action === 'ONCONFLICT_UPDATE') {
    throw new PgError(SqlState.SyntaxError, 'ON CONFLICT DO UPDATE requires inference specification or constraint name', {
      hint: 'For example, ON CONFLICT (column_name).',
      position: ctx.pos(oc.location),
    });
  }
  if (oc.action === 'ONCONFLICT_NOTHING') return { action: 'nothing', index, assignments: [], where: null };
  // DO UPDATE expressions see the existing row (by table name or alias) and EXCLUDED (the proposed row).
  const width = rel.columns.length;
  const scope = new TableScope(ctx, [rangeItem(rel, alias), { ...rangeItem(rel, 'excluded', width + 1), relation: rel }]);
  const binder = new ExprBinder(ctx, scope, null, 'UPDATE');
  const assignments = bindAssignments(ctx, rel, oc.targetList ?? [], binder);
  const where = oc.whereClause ? binder.bindCondition(oc.whereClause, 'WHERE') : null;
  return { action: 'update', index, assignments, where };
}

function bindAssignments(ctx: AnalyzeContext, rel: RelationDef, list: Node[], binder: ExprBinder): { column: number; expr: Expr }[] {
  const out: { column: number; expr: Expr }[] = [];
  for (const item of list) {
    const rt = (item as { ResTarget: ResTarget }).ResTarget;
    if (rt.indirection?.length) throw unsupported('UPDATE of array elements or fields', ctx.pos(rt.location));
    const col = columnByName(ctx, rel, rt.name ?? '', rt.location);
    if (out.some((o) => o.column === col.attnum - 1)) {
      throw new PgError(SqlState.SyntaxError, `multiple assignments to same column "${col.name}"`, { position: ctx.pos(rt.location) });
    }
    if (col.generated) throw new PgError(SqlState.GeneratedAlways, `column "${col.name}" can only be updated to DEFAULT`, { detail: `Column "${col.name}" is a generated column.` });
    let val = rt.val!;
    const multi = (val as { MultiAssignRef?: { source: Node; colno: number; ncolumns: number } }).MultiAssignRef;
    if (multi) {
      // SET (a, b) = (x, y): each target takes its element of the row.
      const row = (multi.source as { RowExpr?: { args?: Node[] } }).RowExpr;
      if (!row) throw unsupported('UPDATE … SET (a, b) = (subquery)', ctx.pos(rt.location));
      const args = row.args ?? [];
      if (args.length !== multi.ncolumns) {
        throw new PgError(SqlState.SyntaxError, `number of columns does not match number of values`, { position: ctx.pos(rt.location) });
      }
      val = args[multi.colno - 1]!;
    }
    let e: Expr;
    if ('SetToDefault' in (val as object)) {
      const model = rel.columns[col.attnum - 1]!;
      e = model.default ? new ExprBinder(ctx).bind(model.default.node as Node) : { kind: 'const', type: typeByOid(Oid.unknown), typmod: -1, value: null, location: -1 };
    } else {
      if (col.identity === 'a') {
        throw new PgError(SqlState.GeneratedAlways, `column "${col.name}" can only be updated to DEFAULT`, { detail: `Column "${col.name}" is an identity column defined as GENERATED ALWAYS.` });
      }
      e = binder.bind(val);
    }
    const typed = coerce(ctx, e, typeByOid(col.typeOid), col.typmod, 'assignment', locationOf(val), assignmentError(ctx, col.name, col, e, locationOf(val)));
    out.push({ column: col.attnum - 1, expr: typed });
  }
  return out;
}

// ---- UPDATE / DELETE ----

/**
 * The rows an UPDATE or DELETE visits: the target table's scan, joined with
 * the FROM / USING items if any (the target's columns and rowid come first).
 */
function targetInput(ctx: AnalyzeContext, rel: RelationDef, alias: string, extra: Node[] | undefined, where: Node | undefined): { input: PlanNode; scope: TableScope } {
  const width = rel.columns.length + 1;
  let input: PlanNode = { kind: 'seqscan', table: rel };
  const items: RangeItem[] = [rangeItem(rel, alias)];
  if (extra && extra.length > 0) {
    const from = bindFromList(ctx, extra, null);
    input = planJoin('inner', input, from.plan, width, from.width, null);
    items.push(...from.items.map((i) => shiftItem(i, width)));
  }
  const scope = new TableScope(ctx, items);
  if (where) input = applyWhere(ctx, input, new ExprBinder(ctx, scope, null, 'WHERE').bindCondition(where, 'WHERE'));
  return { input, scope };
}

export function planUpdate(ctx: AnalyzeContext, s: UpdateStmt): ModifyPlan {
  if (s.withClause) throw unsupported('WITH in UPDATE');
  const rel = targetTable(ctx, s.relation!, 'UPDATE');
  const models = buildTableModels(ctx, catalogOf(ctx), rel);
  const { input, scope } = targetInput(ctx, rel, s.relation!.alias?.aliasname ?? rel.name, s.fromClause, s.whereClause);
  const binder = new ExprBinder(ctx, scope, null, 'UPDATE');
  const assignments = bindAssignments(ctx, rel, s.targetList ?? [], binder);
  const returning = bindReturning(ctx, s.returningList, scope);
  checkParamsResolved(ctx);
  addReadTables(ctx, models);
  return { plan: { root: { kind: 'update', table: rel, input, assignments, returning }, columns: returning?.columns ?? [] }, models, tag: 'UPDATE', returning: returning?.columns ?? null };
}

export function planDelete(ctx: AnalyzeContext, s: DeleteStmt): ModifyPlan {
  if (s.withClause) throw unsupported('WITH in DELETE');
  const rel = targetTable(ctx, s.relation!, 'DELETE');
  const models = buildTableModels(ctx, catalogOf(ctx), rel);
  const { input, scope } = targetInput(ctx, rel, s.relation!.alias?.aliasname ?? rel.name, s.usingClause, s.whereClause);
  const returning = bindReturning(ctx, s.returningList, scope);
  checkParamsResolved(ctx);
  addReadTables(ctx, models);
  return { plan: { root: { kind: 'delete', table: rel, input, returning }, columns: returning?.columns ?? [] }, models, tag: 'DELETE', returning: returning?.columns ?? null };
}
