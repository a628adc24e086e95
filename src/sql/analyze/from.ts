/**
 * Binds the FROM clause: tables, views, subqueries and joins become a plan
 * whose rows concatenate the items' rows, plus the scope that tells where
 * each visible column sits in those rows.
 */
import type { Node, RangeVar, JoinExpr, RangeSubselect, SelectStmt, RangeFunction, FuncCall } from '@pgsql/types';
import { PgError, SqlState, unsupported } from '../../types/errors.js';
import { typeByOid } from '../../types/registry.js';
import type { Expr } from '../bound.js';
import type { JoinType, PlanNode } from '../plan/plan.js';
import { catalogOf, type AnalyzeContext } from './context.js';
import { ExprBinder, OuterScope, locationOf, type Scope } from './expr.js';
import { resolveRelation, searchPath } from './names.js';
import type { SequenceDef } from '../../catalog/objects.js';
import { Oid } from '../../types/oids.js';
import { functionsNamed } from '../../types/functions/index.js';
import { systemRelation } from '../../catalog/system/index.js';
import { srfsNamed, type SrfDef } from '../../types/functions/index.js';
import type { FuncDef } from '../../types/functions/catalog.js';
import type { PgType } from '../../types/type.js';
import { formatType } from '../../types/format-type.js';
import { resolveCall } from './resolve.js';
import { TableScope, type RangeItem, type ScopeColumn } from './scope.js';
import { commonType } from './common-type.js';
import { coerce } from './coerce.js';
import { planCte, planSelect } from './select.js';
import { mapExpr } from '../expr-walk.js';
import { chooseAccessPath } from '../plan/access-path.js';
import { operatorsNamed } from '../../types/functions/index.js';

export interface FromResult {
  readonly plan: PlanNode;
  readonly items: RangeItem[];
  /** Slots in each row of `plan`. */
  readonly width: number;
  /** `plan` reads the row of the FROM items to its left (LATERAL): it must run once per such row. */
  readonly lateral?: boolean;
  readonly lateralRef?: { alias: string; location: number | undefined } | null;
}

const str = (n: Node) => (n as { String: { sval: string } }).String.sval;

/** Moves every column reference of an expression by `delta` slots. */
export function shiftColumns(e: Expr, delta: number): Expr {
  if (delta === 0) return e;
  return mapExpr(e, (x) => (x.kind === 'column' ? { ...x, index: x.index + delta } : undefined));
}

export function shiftItem(item: RangeItem, delta: number): RangeItem {
  if (delta === 0) return item;
  return { ...item, columns: item.columns.map((c) => ({ ...c, index: c.index + delta, expr: c.expr ? shiftColumns(c.expr, delta) : undefined })) };
}

function applyColumnAliases(ctx: AnalyzeContext, item: RangeItem, colnames: Node[] | undefined, location?: number): RangeItem {
  if (!colnames || colnames.length === 0) return item;
  const names = colnames.map(str);
  const visible = item.columns.filter((c) => !c.hidden);
  if (names.length > visible.length) {
    throw new PgError(SqlState.InvalidColumnReference, `table "${item.alias}" has ${visible.length} columns available but ${names.length} columns specified`, { position: ctx.pos(location) });
  }
  let i = 0;
  return { ...item, columns: item.columns.map((c) => (c.hidden || i >= names.length ? c : { ...c, name: names[i++]! })) };
}

export function bindFromList(ctx: AnalyzeContext, from: readonly Node[] | undefined, outer: Scope | null): FromResult {
  if (!from || from.length === 0) return { plan: { kind: 'values', rows: [[]], width: 0 }, items: [], width: 0 };
  let acc: FromResult | null = null;
  for (const node of from) {
    const next = bindFromItem(ctx, node, outer, acc);
    acc = acc === null ? next : crossJoin(acc, next);
  }
  checkDuplicateAliases(ctx, acc!.items);
  return acc!;
}

function checkDuplicateAliases(ctx: AnalyzeContext, items: RangeItem[]): void {
  const seen = new Set<string>();
  for (const i of items) {
    if (i.alias === '') continue;
    if (seen.has(i.alias)) throw new PgError(SqlState.DuplicateAlias, `table name "${i.alias}" specified more than once`);
    seen.add(i.alias);
  }
  void ctx;
}

function crossJoin(left: FromResult, right: FromResult): FromResult {
  return {
    plan: planJoin('inner', left.plan, right.plan, left.width, right.width, null, right.lateral === true),
    items: [...left.items, ...right.items.map((i) => shiftItem(i, left.width))],
    width: left.width + right.width,
  };
}

/**
 * The scope of a LATERAL item (and of any function in FROM, which is
 * implicitly lateral): the items to its left are visible as outer
 * references of depth 1, the enclosing query's one level further out.
 */
class LateralScope implements Scope {
  private readonly inner: OuterScope;
  private readonly local: TableScope;
  /** The first reference to an item on the left, for the RIGHT/FULL JOIN error. */
  ref: { alias: string; location: number | undefined } | null = null;
  constructor(ctx: AnalyzeContext, private readonly left: FromResult, outer: Scope | null) {
    this.inner = new OuterScope(new TableScope(ctx, left.items, outer));
    this.local = new TableScope(ctx, left.items, null);
  }
  /** Whether anything outside the item was read: then it runs once per left row. */
  get used(): boolean {
    return this.inner.used;
  }
  resolveColumn(fields: readonly string[], location: number | undefined): Expr | undefined {
    const e = this.inner.resolveColumn(fields, location);
    if (e && !this.ref && this.local.resolveColumn(fields, location)) {
      const alias = fields.length > 1 ? fields[fields.length - 2]! : (this.left.items.find((i) => i.columns.some((c) => c.name === fields[0] && !c.hidden))?.alias ?? '');
      this.ref = { alias, location };
    }
    return e;
  }
}

function lateralScope(ctx: AnalyzeContext, left: FromResult | null, outer: Scope | null): LateralScope | null {
  return left ? new LateralScope(ctx, left, outer) : null;
}

/** `left`: the FROM items bound so far that a LATERAL item may read. */
function bindFromItem(ctx: AnalyzeContext, node: Node, outer: Scope | null, left: FromResult | null = null): FromResult {
  const [kind, n] = Object.entries(node)[0] as [string, unknown];
  switch (kind) {
    case 'RangeVar':
      return bindRangeVar(ctx, n as RangeVar, outer);
    case 'JoinExpr':
      return bindJoin(ctx, n as JoinExpr, outer);
    case 'RangeSubselect': {
      const rs = n as RangeSubselect;
      const sel = (rs.subquery as { SelectStmt: SelectStmt }).SelectStmt;
      const lateral = rs.lateral ? lateralScope(ctx, left, outer) : null;
      const plan = planSelect(ctx, sel, lateral ?? outer);
      if (!rs.alias) throw new PgError(SqlState.SyntaxError, 'subquery in FROM must have an alias', { hint: 'For example, FROM (SELECT ...) [AS] foo.' });
      const item: RangeItem = {
        alias: rs.alias.aliasname ?? '',
        relation: null,
        schemaName: null,
        columns: plan.columns.map((c, i) => ({ name: c.name, type: c.type, typmod: c.typmod, index: i, attnum: 0 })),
      };
      return { plan: plan.root, items: [applyColumnAliases(ctx, item, rs.alias.colnames)], width: plan.columns.length, lateral: lateral?.used === true, lateralRef: lateral?.ref ?? null };
    }
    case 'RangeFunction': {
      const lateral = lateralScope(ctx, left, outer);
      const bound = bindRangeFunction(ctx, n as RangeFunction, lateral ?? outer);
      return lateral?.used ? { ...bound, lateral: true, lateralRef: lateral.ref } : bound;
    }
    default:
      throw unsupported(`FROM item ${kind.replace(/^Range/, '')}`, ctx.pos(locationOf(node)));
  }
}

function bindRangeVar(ctx: AnalyzeContext, rv: RangeVar, outer: Scope | null = null): FromResult {
  // A WITH query of an enclosing statement hides tables of the same name.
  const cte = !rv.schemaname ? [...ctx.ctes].reverse().find((c) => c.name === rv.relname) : undefined;
  if (cte) {
    const { plan, columns } = planCte(ctx, cte, outer);
    const item: RangeItem = {
      alias: rv.alias?.aliasname ?? cte.name,
      relation: null,
      schemaName: null,
      columns: columns.map((c, i) => ({ name: c.name, type: c.type, typmod: c.typmod, index: i, attnum: 0 })),
    };
    return { plan, items: [applyColumnAliases(ctx, item, rv.alias?.colnames, rv.location)], width: columns.length };
  }
  // pg_catalog is searched before the search_path's schemas, as in PostgreSQL.
  const sys = !rv.schemaname || rv.schemaname === 'pg_catalog' ? systemRelation(rv.relname ?? '') : undefined;
  if (sys) {
    const item: RangeItem = {
      alias: rv.alias?.aliasname ?? sys.name,
      relation: null,
      schemaName: 'pg_catalog',
      columns: sys.columns.map((c, i) => ({ name: c.name, type: typeByOid(c.typeOid), typmod: -1, index: i, attnum: i + 1 })),
    };
    return { plan: { kind: 'system', relation: sys }, items: [applyColumnAliases(ctx, item, rv.alias?.colnames, rv.location)], width: sys.columns.length };
  }
  const seq = findSequence(ctx, rv);
  if (seq) return sequenceRelation(ctx, seq, rv);
  const rel = resolveRelation(ctx, rv);
  const alias = rv.alias?.aliasname ?? rel.name;
  const schema = catalogOf(ctx).schemaByOid(rel.namespace);
  if (rel.relkind === 'v') {
    // A view is its stored query, planned here as a sub-plan whose rows are the view's columns.
    const inner = planSelect(ctx, (rel.view!.node as { SelectStmt: SelectStmt }).SelectStmt);
    const item: RangeItem = {
      alias,
      relation: rel,
      schemaName: schema?.name ?? null,
      columns: rel.columns.map((c, i) => ({ name: c.name, type: inner.columns[i]?.type ?? typeByOid(c.typeOid), typmod: c.typmod, index: i, attnum: c.attnum })),
    };
    return { plan: inner.root, items: [applyColumnAliases(ctx, item, rv.alias?.colnames, rv.location)], width: rel.columns.length };
  }
  ctx.tables.set(rel.oid, rel);
  const item: RangeItem = {
    alias,
    relation: rel,
    schemaName: schema?.name ?? null,
    columns: rel.columns.filter((c) => !c.dropped).map((c) => ({ name: c.name, type: typeByOid(c.typeOid), typmod: c.typmod, index: c.attnum - 1, attnum: c.attnum })),
  };
  // Scan rows carry every column slot (dropped ones too) and the rowid.
  return { plan: { kind: 'seqscan', table: rel }, items: [applyColumnAliases(ctx, item, rv.alias?.colnames, rv.location)], width: rel.columns.length + 1 };
}

const JOIN_TYPES: Record<string, JoinType> = { JOIN_INNER: 'inner', JOIN_LEFT: 'left', JOIN_RIGHT: 'right', JOIN_FULL: 'full' };

function bindJoin(ctx: AnalyzeContext, j: JoinExpr, outer: Scope | null): FromResult {
  const joinType = JOIN_TYPES[j.jointype ?? ''];
  if (!joinType) throw unsupported(`join type ${j.jointype}`);
  const left = bindFromItem(ctx, j.larg!, outer);
  const rightRaw = bindFromItem(ctx, j.rarg!, outer, left);
  if (rightRaw.lateral && (joinType === 'right' || joinType === 'full')) {
    const ref = rightRaw.lateralRef;
    throw new PgError(SqlState.InvalidColumnReference, `invalid reference to FROM-clause entry for table "${ref?.alias ?? ''}"`, {
      detail: 'The combining JOIN type must be INNER or LEFT for a LATERAL reference.',
      position: ctx.pos(ref?.location),
    });
  }
  const right: FromResult = { ...rightRaw, items: rightRaw.items.map((i) => shiftItem(i, left.width)) };
  let items = [...left.items, ...right.items];
  const width = left.width + right.width;
  let condition: Expr | null = null;

  // USING / NATURAL: equal columns, merged into one visible column each.
  let usingNames: string[] | null = null;
  if (j.isNatural) {
    const leftNames = left.items.flatMap((i) => i.columns.filter((c) => !c.hidden).map((c) => c.name));
    const rightNames = new Set(right.items.flatMap((i) => i.columns.filter((c) => !c.hidden).map((c) => c.name)));
    usingNames = leftNames.filter((n) => rightNames.has(n));
  } else if (j.usingClause && j.usingClause.length > 0) {
    usingNames = j.usingClause.map(str);
  }
  if (usingNames) {
    const binder = new ExprBinder(ctx, new TableScope(ctx, items));
    const merged: ScopeColumn[] = [];
    const conds: Expr[] = [];
    const find = (res: FromResult, name: string, side: string) => {
      const hits = res.items.flatMap((i) => i.columns.filter((c) => c.name === name && !c.hidden).map((c) => ({ item: i, col: c })));
      if (hits.length === 0) throw new PgError(SqlState.UndefinedColumn, `column "${name}" specified in USING clause does not exist in ${side} table`);
      if (hits.length > 1) throw new PgError(SqlState.AmbiguousColumn, `common column name "${name}" appears more than once in ${side} table`);
      return hits[0]!;
    };
    for (const name of usingNames) {
      const l = find(left, name, 'left');
      const r = find(right, name, 'right');
      const lx: Expr = l.col.expr ?? { kind: 'column', index: l.col.index, name, type: l.col.type, typmod: l.col.typmod };
      const rx: Expr = r.col.expr ?? { kind: 'column', index: r.col.index, name, type: r.col.type, typmod: r.col.typmod };
      conds.push(binder.operator('=', [lx, rx], undefined));
      const type = commonType(ctx, [lx, rx], 'JOIN/USING');
      const lc = coerce(ctx, lx, type, -1, 'implicit');
      const rc = coerce(ctx, rx, type, -1, 'implicit');
      const value: Expr = joinType === 'full' ? { kind: 'coalesce', args: [lc, rc], type, typmod: -1 } : joinType === 'right' ? rc : lc;
      merged.push({ name, type, typmod: -1, index: -1, attnum: 0, expr: value });
    }
    const hide = (i: RangeItem): RangeItem => ({ ...i, columns: i.columns.map((c) => (usingNames!.includes(c.name) ? { ...c, hidden: true } : c)) });
    items = [{ alias: '', relation: null, schemaName: null, columns: merged }, ...items.map(hide)];
    condition = conds.length === 1 ? conds[0]! : { kind: 'and', args: conds, type: typeByOid(16), typmod: -1 };
  } else if (j.quals) {
    condition = new ExprBinder(ctx, new TableScope(ctx, items, outer), null, 'JOIN conditions').bindCondition(j.quals, 'JOIN/ON');
  }
  let alias: RangeItem[] = items;
  if (j.alias) {
    // An aliased join hides the items inside it behind one name.
    const cols = items.flatMap((i) => i.columns.filter((c) => !c.hidden));
    alias = [applyColumnAliases(ctx, { alias: j.alias.aliasname ?? '', relation: null, schemaName: null, columns: cols }, j.alias.colnames)];
  }
  const plan = planJoin(joinType, left.plan, right.plan, left.width, right.width, condition, rightRaw.lateral === true);
  return { plan, items: alias, width };
}

function conjuncts(e: Expr): Expr[] {
  return e.kind === 'and' ? e.args.flatMap(conjuncts) : [e];
}

/** The slot range [lo, hi) an expression's column references fall in, or null if it has none. */
function columnSpan(e: Expr): { lo: number; hi: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  mapExpr(e, (x) => {
    if (x.kind === 'column') {
      lo = Math.min(lo, x.index);
      hi = Math.max(hi, x.index + 1);
    }
    return undefined;
  });
  return lo === Infinity ? null : { lo, hi };
}

/** Splits the join condition into hash keys (left expr = right expr) and the remainder. */
export function planJoin(joinType: JoinType, left: PlanNode, right: PlanNode, leftWidth: number, rightWidth: number, condition: Expr | null, lateral = false): PlanNode {
  // The right side of a LATERAL join changes with every left row: nothing to hash.
  if (lateral) {
    const always = condition?.kind === 'const' && condition.value === true;
    return { kind: 'join', joinType, left, right, leftWidth, rightWidth, hashKeys: [], condition: always ? null : condition, lateral: true };
  }
  const hashKeys: { left: Expr; right: Expr }[] = [];
  const rest: Expr[] = [];
  for (const c of condition ? conjuncts(condition) : []) {
    if (c.kind === 'call' && c.def.kind === 'operator' && c.def.name === '=' && c.args.length === 2 && c.args[0]!.type.oid === c.args[1]!.type.oid && c.args[0]!.type.compare) {
      const a = columnSpan(c.args[0]!);
      const b = columnSpan(c.args[1]!);
      if (a && b && a.hi <= leftWidth && b.lo >= leftWidth) {
        hashKeys.push({ left: c.args[0]!, right: shiftColumns(c.args[1]!, -leftWidth) });
        continue;
      }
      if (a && b && b.hi <= leftWidth && a.lo >= leftWidth) {
        hashKeys.push({ left: c.args[1]!, right: shiftColumns(c.args[0]!, -leftWidth) });
        continue;
      }
    }
    rest.push(c);
  }
  const residual = rest.length === 0 ? null : rest.length === 1 ? rest[0]! : ({ kind: 'and', args: rest, type: typeByOid(16), typmod: -1 } as Expr);
  return { kind: 'join', joinType, left, right, leftWidth, rightWidth, hashKeys, condition: residual };
}

/**
 * Places WHERE conjuncts as deep as they can go: into the side of a join
 * whose columns they read (where an index may serve them), into an inner
 * join's condition (where equalities become hash keys), else above.
 */
export function applyWhere(ctx: AnalyzeContext, plan: PlanNode, condition: Expr): PlanNode {
  return pushDown(ctx, plan, conjuncts(condition));
}

function andOf(list: Expr[]): Expr {
  return list.length === 1 ? list[0]! : { kind: 'and', args: list, type: typeByOid(16), typmod: -1 };
}

function pushDown(ctx: AnalyzeContext, plan: PlanNode, conds: Expr[]): PlanNode {
  if (conds.length === 0) return plan;
  if (plan.kind === 'seqscan') return chooseAccessPath(ctx, plan, andOf(conds));
  if (plan.kind !== 'join') return { kind: 'filter', input: plan, condition: andOf(conds) };
  const leftConds: Expr[] = [];
  const rightConds: Expr[] = [];
  const joinConds: Expr[] = [];
  const above: Expr[] = [];
  for (const c of conds) {
    const span = columnSpan(c);
    const volatile = hasVolatile(c);
    if (!span || volatile) above.push(c);
    else if (span.hi <= plan.leftWidth && (plan.joinType === 'inner' || plan.joinType === 'left')) leftConds.push(c);
    else if (span.lo >= plan.leftWidth && (plan.joinType === 'inner' || plan.joinType === 'right')) rightConds.push(shiftColumns(c, -plan.leftWidth));
    else if (plan.joinType === 'inner') joinConds.push(c);
    else above.push(c);
  }
  let node: PlanNode = plan;
  if (leftConds.length || rightConds.length || joinConds.length) {
    const left = pushDown(ctx, plan.left, leftConds);
    const right = pushDown(ctx, plan.right, rightConds);
    const existing = [...(plan.condition ? [plan.condition] : []), ...plan.hashKeys.map((k) => keyEquality(k.left, shiftColumns(k.right, plan.leftWidth)))];
    const all = [...existing, ...joinConds];
    node = planJoin(plan.joinType, left, right, plan.leftWidth, plan.rightWidth, all.length ? andOf(all) : null, plan.lateral === true);
  }
  return above.length ? { kind: 'filter', input: node, condition: andOf(above) } : node;
}

/** Rebuilds `l = r` for a hash key (the operator is looked up again by the planner's binder). */
function keyEquality(l: Expr, r: Expr): Expr {
  const eq = operatorsNamed('=', false).find((d) => d.args[0] === l.type.oid && d.args[1] === r.type.oid);
  return { kind: 'call', def: eq!, args: [l, r], type: typeByOid(16), typmod: -1 };
}

function hasVolatile(e: Expr): boolean {
  let v = false;
  mapExpr(e, (x) => {
    if (x.kind === 'call' && (x.def.volatility === 'volatile' || x.def.async)) v = true;
    return undefined;
  });
  return v;
}

function findSequence(ctx: AnalyzeContext, rv: RangeVar): SequenceDef | undefined {
  const catalog = catalogOf(ctx);
  const schemas = rv.schemaname ? [catalog.schema(rv.schemaname)] : searchPath(ctx);
  for (const s of schemas) {
    const c = s ? catalog.classIn(s.oid, rv.relname ?? '') : undefined;
    if (c) return c.kind === 'sequence' ? c : undefined;
  }
  return undefined;
}

/** SELECT … FROM a sequence: one row (last_value, log_cnt, is_called), as PostgreSQL shows it. */
function sequenceRelation(ctx: AnalyzeContext, seq: SequenceDef, rv: RangeVar): FromResult {
  const fn = functionsNamed('pg_sequence_last_value')[0]!;
  const int8 = typeByOid(Oid.int8);
  const last: Expr = { kind: 'call', def: fn, args: [{ kind: 'const', type: typeByOid(Oid.regclass), typmod: -1, value: seq.oid, location: -1 }], type: int8, typmod: -1 };
  const row: Expr[] = [
    { kind: 'coalesce', args: [last, { kind: 'const', type: int8, typmod: -1, value: BigInt(seq.start), location: -1 }], type: int8, typmod: -1 },
    { kind: 'const', type: int8, typmod: -1, value: 0n, location: -1 },
    { kind: 'nulltest', arg: last, isNull: false, type: typeByOid(Oid.bool), typmod: -1 },
  ];
  const names = ['last_value', 'log_cnt', 'is_called'];
  const item: RangeItem = {
    alias: rv.alias?.aliasname ?? seq.name,
    relation: null,
    schemaName: null,
    columns: row.map((e, i) => ({ name: names[i]!, type: e.type, typmod: -1, index: i, attnum: i + 1 })),
  };
  return { plan: { kind: 'values', rows: [row], width: 3 }, items: [item], width: 3 };
}

/** Binds set-returning function calls in FROM: generate_series(1, 3) g(i), unnest(a, b) WITH ORDINALITY… */
function bindRangeFunction(ctx: AnalyzeContext, rf: RangeFunction, outer: Scope | null): FromResult {
  const binder = new ExprBinder(ctx, outer ?? new TableScope(ctx, []), null, 'functions in FROM');
  const calls: { def: SrfDef; args: Expr[]; argTypes: PgType[]; width: number }[] = [];
  const columns: ScopeColumn[] = [];
  let fname = '';
  for (const item of rf.functions ?? []) {
    const list = (item as { List: { items: Node[] } }).List.items;
    const fc = (list[0] as { FuncCall?: FuncCall }).FuncCall;
    if (!fc) throw unsupported('this function form in FROM');
    const names = (fc.funcname ?? []).map(str);
    const name = names[names.length - 1]!;
    fname = name;
    const args = (fc.args ?? []).map((a) => binder.bind(a));
    // unnest(a, b, …) in FROM means ROWS FROM (unnest(a), unnest(b), …).
    const parts = name === 'unnest' && args.length > 1 && (rf.functions ?? []).length === 1 ? args.map((a) => [a]) : [args];
    for (const partArgs of parts) {
      const defs = srfsNamed(name);
      if (defs.length === 0) {
        // A scalar function in FROM yields one row with its value.
        const scalar = binder.bind(list[0]!);
        calls.push({ def: scalarAsSrf(scalar), args: [scalar], argTypes: [scalar.type], width: 1 });
        columns.push({ name, type: scalar.type, typmod: scalar.typmod, index: columns.length, attnum: 0 });
        continue;
      }
      const sigs: FuncDef[] = defs.map((d) => ({ name, kind: 'function', args: d.args, ret: Oid.record, strict: d.strict, volatility: 'volatile', impl: () => null, variadic: d.variadic }));
      const resolved = resolveCall(sigs, partArgs.map((a) => a.type));
      if (resolved === 'none' || resolved === 'ambiguous') {
        throw new PgError(SqlState.UndefinedFunction, `function ${name}(${partArgs.map((a) => formatType(a.type.oid, a.typmod)).join(', ')}) does not exist`, {
          position: ctx.pos(fc.location),
          hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
        });
      }
      const def = defs[sigs.indexOf(resolved.def)]!;
      const argTypes = resolved.argTypes.map((t, i) => (t.category === 'P' ? partArgs[i]!.type : t));
      const coerced = partArgs.map((a, i) => coerce(ctx, a, argTypes[i]!.category === 'P' ? a.type : argTypes[i]!, -1, 'implicit', fc.location));
      const cols = def.columns(argTypes);
      calls.push({ def, args: coerced, argTypes, width: cols.length });
      for (const c of cols) columns.push({ name: c.name ?? name, type: c.type, typmod: -1, index: columns.length, attnum: 0 });
    }
  }
  if (rf.ordinality) columns.push({ name: 'ordinality', type: typeByOid(Oid.int8), typmod: -1, index: columns.length, attnum: 0 });
  const alias = rf.alias?.aliasname ?? fname;
  // A single-column function with a table alias but no column aliases names its column after the alias.
  if (rf.alias?.aliasname && !rf.alias.colnames?.length && calls.length === 1 && calls[0]!.width === 1) columns[0] = { ...columns[0]!, name: rf.alias.aliasname };
  const item = applyColumnAliases(ctx, { alias, relation: null, schemaName: null, columns }, rf.alias?.colnames);
  return { plan: { kind: 'function', calls, ordinality: rf.ordinality ?? false, name: fname }, items: [item], width: columns.length };
}

function scalarAsSrf(e: Expr): SrfDef {
  return { name: 'scalar', args: [e.type.oid], columns: () => [{ name: null, type: e.type }], strict: false, rows: (a) => [[a[0] ?? null]] };
}
