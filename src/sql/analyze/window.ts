/**
 * Window functions in the analyzer, following PostgreSQL 15's parse_func.c
 * (transformWindowFuncCall), parse_clause.c (transformWindowDefinitions,
 * transformFrameOffset) and planner.c (select_active_windows).
 *
 * While a select list or ORDER BY is bound, every `f(…) OVER …` becomes a
 * `winref` expression and its call is collected here together with its
 * window definition; named windows (WINDOW w AS (…)) are bound up front.
 * `planWindows` then puts one Window node above the grouping step: the
 * windows in use, in the order PostgreSQL would evaluate them (and so sort
 * the rows), and the calls; the winrefs become columns after the input row's.
 */
import type { FuncCall, Node, SortBy, WindowDef } from '@pgsql/types';
import { PgError, SqlState, unsupported } from '../../types/errors.js';
import { formatType } from '../../types/format-type.js';
import { aggregatesNamed, type AggregateDef } from '../../types/functions/aggregates.js';
import type { FuncDef } from '../../types/functions/catalog.js';
import { functionsNamed } from '../../types/functions/index.js';
import { Oid } from '../../types/oids.js';
import { typeByOid } from '../../types/registry.js';
import type { PgType } from '../../types/type.js';
import type { Expr } from '../bound.js';
import { exprKey, mapExpr } from '../expr-walk.js';
import type { PlanNode, SortKeySpec, WindowCallSpec, WindowClauseSpec, WindowFrameBound, WindowFrameSpec, WindowInRange } from '../plan/plan.js';
import { canCoerce, coerce } from './coerce.js';
import { commonType } from './common-type.js';
import type { AnalyzeContext } from './context.js';
import { ExprBinder, locationOf } from './expr.js';
import { resolveCall } from './resolve.js';

// parsenodes.h FRAMEOPTION_* bits, as libpg_query reports WindowDef.frameOptions.
export const FrameOption = {
  NONDEFAULT: 0x1,
  RANGE: 0x2,
  ROWS: 0x4,
  GROUPS: 0x8,
  BETWEEN: 0x10,
  START_UNBOUNDED_PRECEDING: 0x20,
  END_UNBOUNDED_PRECEDING: 0x40,
  START_UNBOUNDED_FOLLOWING: 0x80,
  END_UNBOUNDED_FOLLOWING: 0x100,
  START_CURRENT_ROW: 0x200,
  END_CURRENT_ROW: 0x400,
  START_OFFSET_PRECEDING: 0x800,
  END_OFFSET_PRECEDING: 0x1000,
  START_OFFSET_FOLLOWING: 0x2000,
  END_OFFSET_FOLLOWING: 0x4000,
  EXCLUDE_CURRENT_ROW: 0x8000,
  EXCLUDE_GROUP: 0x10000,
  EXCLUDE_TIES: 0x20000,
} as const;
const FRAME_DEFAULTS = FrameOption.RANGE | FrameOption.START_UNBOUNDED_PRECEDING | FrameOption.END_CURRENT_ROW;
const START_OFFSET = FrameOption.START_OFFSET_PRECEDING | FrameOption.START_OFFSET_FOLLOWING;
const END_OFFSET = FrameOption.END_OFFSET_PRECEDING | FrameOption.END_OFFSET_FOLLOWING;

/** A window definition: a WINDOW clause entry or an OVER (…) spec. */
interface WindowDefinition {
  /** The WINDOW clause name; null for an inline OVER (…). */
  readonly name: string | null;
  /** Inline specs: the raw spec without locations, to merge identical ones as PostgreSQL does. */
  readonly rawKey: string | null;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly SortKeySpec[];
  readonly frameOptions: number;
  readonly frame: WindowFrameSpec;
}

interface WindowCall {
  readonly name: string;
  /** Index into the collector's definitions. */
  readonly def: number;
  readonly aggregate: AggregateDef | null;
  readonly args: readonly Expr[];
  readonly argTypes: readonly PgType[];
  readonly filter: Expr | null;
  readonly resultType: PgType;
  readonly key: string;
}

/** The window definitions and calls of one SELECT. */
export class WindowCollector {
  readonly defs: WindowDefinition[] = [];
  readonly calls: WindowCall[] = [];
  /** What is being bound: window calls are not allowed inside either. */
  within: 'arguments' | 'definition' | null = null;
  /** Set once the Window node is planned; later window calls cannot be placed. */
  frozen = false;

  /** Binds the WINDOW clause (PostgreSQL transforms every entry, used or not). */
  defineNamed(binder: ExprBinder, windowClause: readonly Node[] | undefined): void {
    for (const n of windowClause ?? []) {
      const wd = (n as { WindowDef: WindowDef }).WindowDef;
      const name = wd.name!;
      if (this.defs.some((d) => d.name === name)) {
        throw new PgError(SqlState.WindowingError, `window "${name}" is already defined`, { position: binder.ctx.pos(wd.location) });
      }
      this.defs.push(bindDefinition(binder, this, wd, name));
    }
  }
}

/** The built-in window functions (pg_proc prokind 'w'). */
const WINDOW_FUNCTIONS = new Set(['row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value', 'last_value', 'nth_value']);

/** `row_number()` without OVER: PostgreSQL's "requires an OVER clause" (42809). */
export function checkWindowFunctionWithoutOver(ctx: AnalyzeContext, f: FuncCall, name: string, schema: string | undefined): void {
  if ((schema === undefined || schema === 'pg_catalog') && WINDOW_FUNCTIONS.has(name)) {
    throw new PgError(SqlState.WrongObjectType, `window function ${name} requires an OVER clause`, { position: ctx.pos(f.location) });
  }
}

/** Binds `f(…) OVER …` to a winref; the ExprBinder has ruled out an enclosing aggregate. */
export function bindWindowCall(binder: ExprBinder, f: FuncCall, name: string, schema: string | undefined): Expr {
  const ctx = binder.ctx;
  const pos = ctx.pos(f.location);
  const w = binder.windows;
  if (!w) {
    const where = binder.clause.startsWith('window ') ? 'window definitions' : binder.clause;
    throw new PgError(SqlState.WindowingError, `window functions are not allowed in ${where}`, { position: pos });
  }
  if (w.within === 'arguments') throw new PgError(SqlState.WindowingError, 'window function calls cannot be nested', { position: pos });
  if (w.within === 'definition') throw new PgError(SqlState.WindowingError, 'window functions are not allowed in window definitions', { position: pos });
  if (w.frozen) throw unsupported('window functions in DISTINCT ON', pos);

  const builtin = (schema === undefined || schema === 'pg_catalog') && WINDOW_FUNCTIONS.has(name);
  const aggDefs = (schema === undefined || schema === 'pg_catalog') && !builtin ? aggregatesNamed(name) : [];
  if (!builtin && aggDefs.length === 0) {
    const exists = (schema === undefined || schema === 'pg_catalog') && functionsNamed(name).length > 0;
    if (exists) {
      throw new PgError(SqlState.WrongObjectType, `OVER specified, but ${name} is not a window function nor an aggregate function`, { position: pos });
    }
  }
  if (f.agg_within_group) throw unsupported('WITHIN GROUP with OVER', pos);

  let args: Expr[];
  let filter: Expr | null = null;
  w.within = 'arguments';
  try {
    args = f.agg_star ? [] : (f.args ?? []).map((a) => binder.bind(a));
    if (f.agg_filter && aggDefs.length > 0) filter = binder.bindCondition(f.agg_filter, 'FILTER');
  } finally {
    w.within = null;
  }
  const signature = () => (f.agg_star ? `${name}(*)` : `${schema ? `${schema}.` : ''}${name}(${args.map((a) => formatType(a.type.oid, a.typmod)).join(', ')})`);
  const noSuchFunction = () =>
    new PgError(SqlState.UndefinedFunction, `function ${signature()} does not exist`, {
      position: pos,
      hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
    });

  let aggregate: AggregateDef | null = null;
  let argTypes: PgType[];
  let resultType: PgType;
  if (builtin) {
    if (f.agg_star) throw noSuchFunction();
    if (f.agg_distinct) throw new PgError(SqlState.WrongObjectType, `DISTINCT specified, but ${name} is not an aggregate function`, { position: pos });
    if (f.agg_order) throw new PgError(SqlState.WrongObjectType, `ORDER BY specified, but ${name} is not an aggregate function`, { position: pos });
    if (f.agg_filter) throw new PgError(SqlState.FeatureNotSupported, 'FILTER is not implemented for non-aggregate window functions', { position: pos });
    const r = resolveBuiltin(ctx, name, args, noSuchFunction, f.location);
    args = r.args;
    argTypes = r.args.map((a) => a.type);
    resultType = r.resultType;
  } else if (aggDefs.length > 0) {
    if (f.agg_distinct) throw new PgError(SqlState.FeatureNotSupported, 'DISTINCT is not implemented for window functions', { position: pos });
    if (f.agg_order) throw new PgError(SqlState.FeatureNotSupported, 'aggregate ORDER BY is not implemented for window functions', { position: pos });
    // Aggregates resolve like functions (as ExprBinder.aggregateCall does).
    const sigs: FuncDef[] = aggDefs.map((d) => ({ name, kind: 'function', args: d.args, ret: typeof d.ret === 'number' ? d.ret : Oid.any, strict: d.strict, volatility: 'immutable', impl: () => null }));
    const resolved = resolveCall(sigs, args.map((a) => a.type));
    if (resolved === 'none' || resolved === 'ambiguous' || (f.agg_star && name !== 'count')) throw noSuchFunction();
    aggregate = aggDefs[sigs.indexOf(resolved.def)]!;
    argTypes = resolved.argTypes.map((t, i) => (t.category === 'P' ? (args[i]!.type.oid === Oid.unknown ? typeByOid(Oid.text) : args[i]!.type) : t));
    args = args.map((a, i) => coerce(ctx, a, argTypes[i]!, -1, 'implicit', f.location));
    resultType = typeByOid(typeof aggregate.ret === 'number' ? aggregate.ret : aggregate.ret(argTypes));
  } else {
    throw noSuchFunction();
  }

  const def = windowFor(binder, w, f.over!);
  const key = `${name}|${aggregate?.oid ?? ''}|${def}|${args.map(exprKey).join(',')}|${filter ? exprKey(filter) : ''}`;
  let index = w.calls.findIndex((c) => c.key === key);
  if (index < 0) {
    index = w.calls.length;
    w.calls.push({ name, def, aggregate, args, argTypes, filter, resultType, key });
  }
  return { kind: 'winref', index, type: resultType, typmod: -1 };
}

/** Signatures of the built-in window functions (pg_proc), applied to bound arguments. */
function resolveBuiltin(ctx: AnalyzeContext, name: string, args: Expr[], fail: () => PgError, location: number | undefined): { args: Expr[]; resultType: PgType } {
  const int4 = typeByOid(Oid.int4);
  const toInt4 = (e: Expr) => {
    if (!canCoerce(e.type, int4, 'implicit')) throw fail();
    return coerce(ctx, e, int4, -1, 'implicit', location);
  };
  // anyelement: an argument of unknown type leaves the polymorphic type undetermined.
  const anyElement = (e: Expr) => {
    if (e.type.oid === Oid.unknown) throw new PgError(SqlState.DatatypeMismatch, 'could not determine polymorphic type because input has type unknown', { position: ctx.pos(location) });
    return e;
  };
  switch (name) {
    case 'row_number':
    case 'rank':
    case 'dense_rank':
      if (args.length !== 0) throw fail();
      return { args, resultType: typeByOid(Oid.int8) };
    case 'percent_rank':
    case 'cume_dist':
      if (args.length !== 0) throw fail();
      return { args, resultType: typeByOid(Oid.float8) };
    case 'ntile':
      if (args.length !== 1) throw fail();
      return { args: [toInt4(args[0]!)], resultType: int4 };
    case 'first_value':
    case 'last_value': {
      if (args.length !== 1) throw fail();
      const v = anyElement(args[0]!);
      return { args: [v], resultType: v.type };
    }
    case 'nth_value': {
      if (args.length !== 2) throw fail();
      const v = anyElement(args[0]!);
      return { args: [v, toInt4(args[1]!)], resultType: v.type };
    }
    case 'lag':
    case 'lead': {
      if (args.length < 1 || args.length > 3) throw fail();
      if (args.length < 3) {
        const v = anyElement(args[0]!);
        return { args: args.length === 1 ? [v] : [v, toInt4(args[1]!)], resultType: v.type };
      }
      // lag(anycompatible, integer, anycompatible): value and default share a type.
      let type: PgType;
      try {
        type = commonType(ctx, [args[0]!, args[2]!], name, location);
      } catch {
        throw fail();
      }
      if (!canCoerce(args[0]!.type, type, 'implicit') || !canCoerce(args[2]!.type, type, 'implicit')) throw fail();
      const offset = toInt4(args[1]!);
      return { args: [coerce(ctx, args[0]!, type, -1, 'implicit', location), offset, coerce(ctx, args[2]!, type, -1, 'implicit', location)], resultType: type };
    }
  }
  throw fail();
}

/** The definition an OVER clause names or spells out (identical inline specs share one). */
function windowFor(binder: ExprBinder, w: WindowCollector, over: WindowDef): number {
  const isReference = over.name !== undefined && over.refname === undefined && !over.partitionClause?.length && !over.orderClause?.length && (over.frameOptions ?? FRAME_DEFAULTS) === FRAME_DEFAULTS;
  if (isReference) {
    const i = w.defs.findIndex((d) => d.name === over.name);
    if (i < 0) throw new PgError(SqlState.UndefinedObject, `window "${over.name}" does not exist`, { position: binder.ctx.pos(over.location) });
    return i;
  }
  const rawKey = JSON.stringify([over.refname ?? null, over.partitionClause ?? [], over.orderClause ?? [], over.frameOptions ?? FRAME_DEFAULTS, over.startOffset ?? null, over.endOffset ?? null], (k, v) => (k === 'location' ? undefined : v));
  const existing = w.defs.findIndex((d) => d.name === null && d.rawKey === rawKey);
  if (existing >= 0) return existing;
  w.defs.push(bindDefinition(binder, w, over, null, rawKey));
  return w.defs.length - 1;
}

function bindDefinition(binder: ExprBinder, w: WindowCollector, wd: WindowDef, name: string | null, rawKey: string | null = null): WindowDefinition {
  const ctx = binder.ctx;
  const position = ctx.pos(wd.location);
  let ref: WindowDefinition | undefined;
  if (wd.refname !== undefined) {
    ref = w.defs.find((d) => d.name === wd.refname);
    if (!ref) throw new PgError(SqlState.UndefinedObject, `window "${wd.refname}" does not exist`, { position });
  }
  const saved = w.within;
  w.within = 'definition';
  let orderBy: SortKeySpec[];
  let partitionBy: Expr[];
  try {
    // ORDER BY first, then PARTITION BY, as PostgreSQL transforms them; repeated keys are dropped.
    orderBy = [];
    for (const n of wd.orderClause ?? []) {
      const k = bindWindowSortBy(binder, (n as { SortBy: SortBy }).SortBy);
      if (!orderBy.some((o) => exprKey(o.expr) === exprKey(k.expr))) orderBy.push(k);
    }
    partitionBy = [];
    for (const n of wd.partitionClause ?? []) {
      let e = binder.bind(n);
      if (e.type.oid === Oid.unknown) e = coerce(ctx, e, typeByOid(Oid.text), -1, 'implicit');
      if (!e.type.compare) {
        throw new PgError(SqlState.UndefinedFunction, `could not identify an equality operator for type ${formatType(e.type.oid, e.typmod)}`, { position: ctx.pos(locationOf(n)) });
      }
      if (!partitionBy.some((p) => exprKey(p) === exprKey(e))) partitionBy.push(e);
    }
  } finally {
    w.within = saved;
  }
  const frameOptions = wd.frameOptions ?? FRAME_DEFAULTS;
  if (ref) {
    // SQL:2008 7.11: a window copies its base's PARTITION BY (and may not give its own), may add
    // ORDER BY only if the base has none, and the base must not have a frame clause.
    if (partitionBy.length > 0) {
      throw new PgError(SqlState.WindowingError, `cannot override PARTITION BY clause of window "${wd.refname}"`, { position });
    }
    partitionBy = [...ref.partitionBy];
    if (orderBy.length > 0 && ref.orderBy.length > 0) {
      throw new PgError(SqlState.WindowingError, `cannot override ORDER BY clause of window "${wd.refname}"`, { position });
    }
    if (orderBy.length === 0) orderBy = [...ref.orderBy];
    if (ref.frameOptions !== FRAME_DEFAULTS) {
      const plainCopy = name === null && (wd.orderClause ?? []).length === 0 && frameOptions === FRAME_DEFAULTS;
      throw new PgError(SqlState.WindowingError, `cannot copy window "${wd.refname}" because it has a frame clause`, {
        position,
        hint: plainCopy ? 'Omit the parentheses in this OVER clause.' : undefined,
      });
    }
  }
  const frame = bindFrame(binder, frameOptions, wd, orderBy, position);
  return { name, rawKey, partitionBy, orderBy, frameOptions, frame };
}

function bindWindowSortBy(binder: ExprBinder, sb: SortBy): SortKeySpec {
  const ctx = binder.ctx;
  if (sb.useOp) throw unsupported('ORDER BY … USING in a window definition', ctx.pos(sb.location));
  let expr = binder.bind(sb.node!);
  if (expr.type.oid === Oid.unknown) expr = coerce(ctx, expr, typeByOid(Oid.text), -1, 'implicit');
  if (!expr.type.compare) {
    throw new PgError(SqlState.UndefinedFunction, `could not identify an ordering operator for type ${formatType(expr.type.oid, expr.typmod)}`, {
      position: ctx.pos(locationOf(sb.node!)),
      hint: 'Use an explicit ordering operator or modify the query.',
    });
  }
  const descending = sb.sortby_dir === 'SORTBY_DESC';
  const nullsFirst = sb.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : sb.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : descending;
  return { expr, descending, nullsFirst };
}

function bindFrame(binder: ExprBinder, opts: number, wd: WindowDef, orderBy: readonly SortKeySpec[], position: number | undefined): WindowFrameSpec {
  const mode = opts & FrameOption.ROWS ? 'rows' : opts & FrameOption.GROUPS ? 'groups' : 'range';
  if (mode === 'range' && opts & (START_OFFSET | END_OFFSET) && orderBy.length !== 1) {
    throw new PgError(SqlState.WindowingError, 'RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column', { position });
  }
  if (mode === 'groups' && orderBy.length === 0) {
    throw new PgError(SqlState.WindowingError, 'GROUPS mode requires an ORDER BY clause', { position });
  }
  let inRange: WindowInRange | null = null;
  const offset = (node: Node | undefined): Expr | null => {
    if (!node) return null;
    const r = bindFrameOffset(binder, mode, node, orderBy[0]?.expr);
    if (r.inRange) inRange = r.inRange;
    return r.expr;
  };
  const start: WindowFrameBound =
    opts & FrameOption.START_UNBOUNDED_PRECEDING
      ? { kind: 'unbounded preceding', offset: null }
      : opts & FrameOption.START_CURRENT_ROW
        ? { kind: 'current row', offset: null }
        : opts & FrameOption.START_OFFSET_PRECEDING
          ? { kind: 'preceding', offset: offset(wd.startOffset) }
          : opts & FrameOption.START_OFFSET_FOLLOWING
            ? { kind: 'following', offset: offset(wd.startOffset) }
            : { kind: 'unbounded following', offset: null };
  const end: WindowFrameBound =
    opts & FrameOption.END_UNBOUNDED_FOLLOWING
      ? { kind: 'unbounded following', offset: null }
      : opts & FrameOption.END_OFFSET_PRECEDING
        ? { kind: 'preceding', offset: offset(wd.endOffset) }
        : opts & FrameOption.END_OFFSET_FOLLOWING
          ? { kind: 'following', offset: offset(wd.endOffset) }
          : opts & FrameOption.END_UNBOUNDED_PRECEDING
            ? { kind: 'unbounded preceding', offset: null }
            : { kind: 'current row', offset: null };
  const exclude = opts & FrameOption.EXCLUDE_CURRENT_ROW ? 'current row' : opts & FrameOption.EXCLUDE_GROUP ? 'group' : opts & FrameOption.EXCLUDE_TIES ? 'ties' : 'no others';
  return { mode, start, end, exclude, inRange };
}

/**
 * in_range support by ORDER BY key type: the offset types PostgreSQL 15's
 * btree opfamilies accept (in pg_amproc order) and how the executor adds them.
 */
const IN_RANGE: ReadonlyMap<number, { kind: 'int' | 'float' | 'numeric' | 'time' | 'generic'; offsets: readonly number[] }> = new Map([
  [Oid.int2, { kind: 'int', offsets: [Oid.int8, Oid.int2, Oid.int4] }],
  [Oid.int4, { kind: 'int', offsets: [Oid.int8, Oid.int2, Oid.int4] }],
  [Oid.int8, { kind: 'int', offsets: [Oid.int8] }],
  [Oid.float4, { kind: 'float', offsets: [Oid.float8] }],
  [Oid.float8, { kind: 'float', offsets: [Oid.float8] }],
  [Oid.numeric, { kind: 'numeric', offsets: [Oid.numeric] }],
  [Oid.date, { kind: 'generic', offsets: [Oid.interval] }],
  [Oid.timestamp, { kind: 'generic', offsets: [Oid.interval] }],
  [Oid.timestamptz, { kind: 'generic', offsets: [Oid.interval] }],
  [Oid.interval, { kind: 'generic', offsets: [Oid.interval] }],
  [Oid.time, { kind: 'time', offsets: [Oid.interval] }],
]);

/** transformFrameOffset: the offset expression, coerced; for RANGE also how to apply it. */
function bindFrameOffset(binder: ExprBinder, mode: 'rows' | 'range' | 'groups', node: Node, orderKey: Expr | undefined): { expr: Expr; inRange: WindowInRange | null } {
  const ctx = binder.ctx;
  const construct = mode.toUpperCase();
  const location = locationOf(node);
  const offsetBinder = new ExprBinder(ctx, binder.scope, null, `window ${construct}`);
  let e = offsetBinder.bind(node);
  let hasVars = false;
  mapExpr(e, (x) => {
    if (x.kind === 'column') hasVars = true;
    return undefined;
  });
  if (hasVars) throw new PgError(SqlState.InvalidColumnReference, `argument of ${construct} must not contain variables`, { position: ctx.pos(location) });
  if (mode !== 'range') {
    const int8 = typeByOid(Oid.int8);
    e = coerce(ctx, e, int8, -1, 'implicit', location, () =>
      new PgError(SqlState.DatatypeMismatch, `argument of ${construct} must be type bigint, not type ${formatType(e.type.oid, e.typmod)}`, { position: ctx.pos(location) }),
    );
    return { expr: e, inRange: null };
  }
  const keyType = orderKey!.type;
  const support = IN_RANGE.get(keyType.oid);
  const keyName = formatType(keyType.oid === Oid.varchar || keyType.oid === Oid.bpchar ? (keyType.oid === Oid.varchar ? Oid.text : Oid.bpchar) : keyType.oid);
  if (!support) {
    throw new PgError(SqlState.FeatureNotSupported, `RANGE with offset PRECEDING/FOLLOWING is not supported for column type ${keyName}`, { position: ctx.pos(location) });
  }
  // Prefer the offset type that matches exactly (an unknown literal: the column type).
  const preferred = e.type.oid !== Oid.unknown ? e.type.oid : keyType.oid;
  let selected = 0;
  let matches = 0;
  for (const oid of support.offsets) {
    if (!canCoerce(e.type, typeByOid(oid), 'implicit')) continue;
    matches++;
    if (selected !== preferred) selected = oid;
  }
  const offsetName = formatType(e.type.oid, e.typmod);
  if (matches === 0) {
    throw new PgError(SqlState.FeatureNotSupported, `RANGE with offset PRECEDING/FOLLOWING is not supported for column type ${keyName} and offset type ${offsetName}`, {
      position: ctx.pos(location),
      hint: 'Cast the offset value to an appropriate type.',
    });
  }
  if (matches !== 1 && selected !== preferred) {
    throw new PgError(SqlState.FeatureNotSupported, `RANGE with offset PRECEDING/FOLLOWING has multiple interpretations for column type ${keyName} and offset type ${offsetName}`, {
      position: ctx.pos(location),
      hint: 'Cast the offset value to an exact type.',
    });
  }
  e = coerce(ctx, e, typeByOid(selected), -1, 'implicit', location);
  if (support.kind !== 'generic') return { expr: e, inRange: { kind: support.kind } };
  // base ± offset with the resolved operators, over a row [base, offset].
  const base: Expr = { kind: 'column', index: 0, name: '', type: keyType, typmod: -1 };
  const off: Expr = { kind: 'column', index: 1, name: '', type: e.type, typmod: -1 };
  const add = offsetBinder.operator('+', [base, off], location);
  const sub = offsetBinder.operator('-', [base, off], location);
  const castKey = coerce(ctx, base, add.type, -1, 'implicit', location);
  if (!add.type.compare || sub.type.oid !== add.type.oid) throw unsupported(`RANGE with offset PRECEDING/FOLLOWING for column type ${keyName}`, ctx.pos(location));
  return { expr: e, inRange: { kind: 'generic', add, sub, castKey, compare: add.type.compare.bind(add.type) } };
}

/** Rejects window function calls in an expression of a clause that does not allow them. */
export function assertNoWindowFunction(e: Expr, clause: string): void {
  mapExpr(e, (x) => {
    if (x.kind === 'winref') throw new PgError(SqlState.WindowingError, `window functions are not allowed in ${clause}`);
    return undefined;
  });
}

/** One key of a window's sort order, as select_active_windows compares them. */
interface OrderItem {
  readonly ref: number;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
  readonly spec: SortKeySpec;
}

/**
 * Puts the Window node on top of `input` (whose rows are `inputWidth` wide)
 * and returns how to rewrite expressions above it: each winref becomes the
 * column holding its call's value.
 *
 * `sortGroupExprs` are the query's ORDER BY, GROUP BY and DISTINCT
 * expressions, in that order, before any rewriting: PostgreSQL numbers them
 * (tleSortGroupRef) before the window keys, and those numbers decide which
 * window it evaluates first — and so the order rows come out in when the
 * query has no ORDER BY of its own. `rewrite` maps window expressions onto a
 * grouped input (aggregates and group keys become columns).
 */
export function planWindows(
  w: WindowCollector,
  input: PlanNode,
  inputWidth: number,
  sortGroupExprs: readonly Expr[],
  rewrite: ((e: Expr) => Expr) | null,
): { plan: PlanNode; replace: (e: Expr) => Expr } {
  w.frozen = true;
  const refs = new Map<string, number>();
  const refOf = (e: Expr): number => {
    const k = exprKey(e);
    let r = refs.get(k);
    if (r === undefined) refs.set(k, (r = refs.size + 1));
    return r;
  };
  for (const e of sortGroupExprs) refOf(e);
  for (const d of w.defs) {
    for (const k of d.orderBy) refOf(k.expr);
    for (const p of d.partitionBy) refOf(p);
  }

  // The windows in use, each with its sort order: partition keys (taking
  // the direction of an equal ORDER BY key), then ORDER BY keys not already there.
  const used = [...new Set(w.calls.map((c) => c.def))].sort((a, b) => a - b);
  const active = used.map((defIndex) => {
    const d = w.defs[defIndex]!;
    const items: OrderItem[] = d.partitionBy.map((p) => {
      const o = d.orderBy.find((k) => exprKey(k.expr) === exprKey(p));
      const descending = o?.descending ?? false;
      const nullsFirst = o?.nullsFirst ?? false;
      return { ref: refOf(p), descending, nullsFirst, spec: { expr: p, descending, nullsFirst } };
    });
    for (const k of d.orderBy) {
      const ref = refOf(k.expr);
      if (!items.some((i) => i.ref === ref && i.descending === k.descending && i.nullsFirst === k.nullsFirst)) items.push({ ref, descending: k.descending, nullsFirst: k.nullsFirst, spec: k });
    }
    return { defIndex, def: d, items };
  });
  // common_prefix_cmp: windows whose sort order is a prefix of another's come after it.
  active.sort((a, b) => {
    const n = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) {
      const x = a.items[i]!;
      const y = b.items[i]!;
      if (x.ref !== y.ref) return y.ref - x.ref;
      // The descending operator (>) has the larger OID than the ascending one (<).
      if (x.descending !== y.descending) return x.descending ? -1 : 1;
      if (x.nullsFirst !== y.nullsFirst) return x.nullsFirst ? -1 : 1;
    }
    return b.items.length - a.items.length;
  });

  const map = rewrite ?? ((e: Expr) => e);
  const rewriteKey = (k: SortKeySpec): SortKeySpec => ({ ...k, expr: map(k.expr) });
  let current: readonly OrderItem[] = [];
  const clauses: WindowClauseSpec[] = active.map(({ def, items }) => {
    const sorted = items.length <= current.length && items.every((it, i) => {
      const c = current[i]!;
      return c.ref === it.ref && c.descending === it.descending && c.nullsFirst === it.nullsFirst;
    });
    if (!sorted) current = items;
    return {
      partitionBy: def.partitionBy.map(map),
      orderBy: def.orderBy.map(rewriteKey),
      frame: def.frame,
      sort: sorted ? null : items.map((i) => rewriteKey(i.spec)),
    };
  });
  const clauseOf = new Map(active.map((a, i) => [a.defIndex, i]));
  const calls: WindowCallSpec[] = w.calls.map((c) => ({
    name: c.name,
    clause: clauseOf.get(c.def)!,
    aggregate: c.aggregate,
    args: c.args.map(map),
    argTypes: c.argTypes,
    filter: c.filter ? map(c.filter) : null,
    resultType: c.resultType,
  }));
  const plan: PlanNode = { kind: 'window', input, inputWidth, clauses, calls };
  const replace = (e: Expr): Expr =>
    mapExpr(e, (x) => (x.kind === 'winref' ? { kind: 'column', index: inputWidth + x.index, name: w.calls[x.index]!.name, type: x.type, typmod: x.typmod } : undefined));
  return { plan, replace };
}
