/**
 * Binds parse-tree expressions to typed bound expressions (bound.ts):
 * literals get their initial types, operators and functions are resolved
 * against the catalog, and parameter types are inferred from context.
 */
import type { A_Const, A_Expr, BoolExpr, CaseExpr, FuncCall, Node, NullTest, BooleanTest, TypeCast, SQLValueFunction, CoalesceExpr, MinMaxExpr, A_ArrayExpr, ParamRef, ColumnRef } from '@pgsql/types';
import { PgError, SqlState, unsupported } from '../../types/errors.js';
import { formatType } from '../../types/format-type.js';
import { functionsNamed, operatorsNamed } from '../../types/functions/index.js';
import { Oid } from '../../types/oids.js';
import { findTypeByName, typeByOid } from '../../types/registry.js';
import type { PgType } from '../../types/type.js';
import type { CallExpr, Expr } from '../bound.js';
import type { AnalyzeContext } from './context.js';
import { coerce } from './coerce.js';
import { resolveCall } from './resolve.js';
import { resolveTypeName } from './type-name.js';
import { commonType } from './common-type.js';
import type { AggregateCall, SortKeySpec } from '../plan/plan.js';
import { aggregatesNamed } from '../../types/functions/aggregates.js';
import { srfsNamed, type SrfDef } from '../../types/functions/srf.js';
import type { FuncDef } from '../../types/functions/catalog.js';
import { mapExpr as mapExprShallow } from '../expr-walk.js';
import { planSelect } from './select.js';
import { bindWindowCall, checkWindowFunctionWithoutOver, type WindowCollector } from './window.js';

/** Names visible to an expression: the FROM items of the query being bound. */
export interface Scope {
  /** Resolves a (possibly qualified) column reference, or returns undefined if no such column. */
  resolveColumn(fields: readonly string[], location: number | undefined): Expr | undefined;
}

export const emptyScope: Scope = { resolveColumn: () => undefined };

/** Set-returning calls found in a select list; each becomes a column after the input row's. */
export interface SrfCollector {
  readonly inputWidth: number;
  readonly calls: { def: SrfDef; args: Expr[]; argTypes: PgType[] }[];
}

/**
 * The scope a subquery sees around it: columns of the enclosing query become
 * outer references (depth 1), and those of queries further out one deeper.
 */
export class OuterScope implements Scope {
  /** Whether the subquery referenced anything outside itself (it is correlated). */
  used = false;
  constructor(private readonly enclosing: Scope) {}
  resolveColumn(fields: readonly string[], location: number | undefined): Expr | undefined {
    const e = this.enclosing.resolveColumn(fields, location);
    if (!e) return undefined;
    this.used = true;
    return deepen(e);
  }
}

/** Turns column references into outer references one level further out (a merged USING column is an expression). */
function deepen(e: Expr): Expr {
  return mapExprShallow(e, (x) => {
    if (x.kind === 'column') return { kind: 'outer', depth: 1, index: x.index, name: x.name, type: x.type, typmod: x.typmod };
    if (x.kind === 'outer') return { ...x, depth: x.depth + 1 };
    return undefined;
  });
}

function planSubquery(ctx: AnalyzeContext, sel: import('@pgsql/types').SelectStmt, outer: Scope) {
  return planSelect(ctx, sel, outer);
}

const t = (oid: number): PgType => typeByOid(oid);

/** Clauses where PostgreSQL rejects subqueries, and how its message names them. */
const SUBQUERY_FORBIDDEN: Record<string, string> = {
  'check constraints': 'check constraint',
  'DEFAULT expressions': 'DEFAULT expression',
  'index expressions': 'index expression',
  'index predicates': 'index predicate',
  'column generation expression': 'column generation expression',
};

export class ExprBinder {
  /** True while binding an aggregate's arguments (aggregates cannot nest). */
  private inAggregate = false;

  constructor(
    readonly ctx: AnalyzeContext,
    readonly scope: Scope = emptyScope,
    /** Where aggregate calls are collected; null where aggregates are not allowed (WHERE, VALUES…). */
    readonly aggregates: AggregateCall[] | null = null,
    /** The clause being bound, for "not allowed in" messages. */
    readonly clause = 'WHERE',
    /** Where set-returning calls of a select list are collected; null where they are not allowed. */
    readonly srfs: SrfCollector | null = null,
    /** Where window function calls are collected (select list, ORDER BY); null where they are not allowed. */
    readonly windows: WindowCollector | null = null,
  ) {}

  bind(node: Node): Expr {
    const [kind, n] = Object.entries(node)[0] as [string, unknown];
    switch (kind) {
      case 'A_Const':
        return this.constant(n as A_Const);
      case 'ParamRef':
        return this.param(n as ParamRef);
      case 'TypeCast':
        return this.typeCast(n as TypeCast);
      case 'A_Expr':
        return this.aExpr(n as A_Expr);
      case 'BoolExpr':
        return this.boolExpr(n as BoolExpr);
      case 'NullTest': {
        const nt = n as NullTest;
        return { kind: 'nulltest', arg: this.bind(nt.arg!), isNull: nt.nulltesttype === 'IS_NULL', type: t(Oid.bool), typmod: -1 };
      }
      case 'BooleanTest':
        return this.booleanTest(n as BooleanTest);
      case 'CaseExpr':
        return this.caseExpr(n as CaseExpr);
      case 'CoalesceExpr':
        return this.coalesce(n as CoalesceExpr);
      case 'MinMaxExpr':
        return this.minMax(n as MinMaxExpr);
      case 'FuncCall':
        return this.funcCall(n as FuncCall);
      case 'SQLValueFunction':
        return this.sqlValue(n as SQLValueFunction);
      case 'A_ArrayExpr':
        return this.arrayExpr(n as A_ArrayExpr);
      case 'ColumnRef':
        return this.columnRef(n as ColumnRef);
      case 'A_Indirection':
        return this.indirection(n as import('@pgsql/types').A_Indirection);
      case 'CollateClause': {
        // vecsql compares text in C (code point) order only; the collations that mean that are accepted.
        const c = n as { arg: Node; collname?: { String: { sval: string } }[]; location?: number };
        const coll = (c.collname ?? []).map((x) => x.String.sval).join('.');
        if (!['C', 'POSIX', 'default', 'pg_catalog.default', 'pg_catalog.C', 'pg_catalog.POSIX', 'ucs_basic'].includes(coll)) {
          throw new PgError(SqlState.FeatureNotSupported, `collation "${coll}" is not supported`, { position: this.ctx.pos(c.location), hint: 'vecsql sorts text in C (code point) order.' });
        }
        return this.bind(c.arg);
      }
      case 'SubLink': {
        const where = SUBQUERY_FORBIDDEN[this.clause];
        if (where) throw new PgError(SqlState.FeatureNotSupported, `cannot use subquery in ${where}`, { position: this.ctx.pos((n as { location?: number }).location) });
        return this.subLink(n as import('@pgsql/types').SubLink);
      }
      default:
        throw unsupported(`expression type ${kind}`, this.ctx.pos((n as { location?: number }).location));
    }
  }

  /** Binds and coerces to boolean, as WHERE, HAVING, AND/OR operands require. */
  bindCondition(node: Node, clause: string): Expr {
    const e = this.bind(node);
    return this.toBoolean(e, clause, locationOf(node));
  }

  toBoolean(e: Expr, clause: string, location?: number): Expr {
    return coerce(this.ctx, e, t(Oid.bool), -1, 'implicit', location, () =>
      new PgError(SqlState.DatatypeMismatch, `argument of ${clause} must be type boolean, not type ${formatType(e.type.oid, e.typmod)}`, {
        position: this.ctx.pos(location),
      }),
    );
  }

  private constant(c: A_Const): Expr {
    const location = c.location ?? -1;
    if (c.isnull) return { kind: 'const', type: t(Oid.unknown), typmod: -1, value: null, location };
    if (c.ival !== undefined) return { kind: 'const', type: t(Oid.int4), typmod: -1, value: c.ival.ival ?? 0, location };
    if (c.fval !== undefined) {
      // Integer-looking literals too big for int4 arrive as fval: int8 if they fit, else numeric.
      const text = c.fval.fval ?? '0';
      if (/^-?\d+$/.test(text)) {
        const big = BigInt(text);
        if (big >= -(2n ** 63n) && big < 2n ** 63n) return { kind: 'const', type: t(Oid.int8), typmod: -1, value: big, location };
      }
      const numeric = findTypeByName('numeric');
      if (!numeric) throw unsupported('type numeric', this.ctx.pos(location));
      return { kind: 'const', type: numeric, typmod: -1, value: numeric.fromText(text, -1, this.ctx.session.io), location };
    }
    if (c.boolval !== undefined) return { kind: 'const', type: t(Oid.bool), typmod: -1, value: c.boolval.boolval ?? false, location };
    if (c.sval !== undefined) return { kind: 'const', type: t(Oid.unknown), typmod: -1, value: c.sval.sval ?? '', location };
    if (c.bsval !== undefined) throw unsupported('bit string literals', this.ctx.pos(location));
    return { kind: 'const', type: t(Oid.unknown), typmod: -1, value: null, location };
  }

  private param(p: ParamRef): Expr {
    const index = (p.number ?? 0) - 1;
    if (index < 0 || index >= 65535 || !this.ctx.paramsAllowed) {
      throw new PgError(SqlState.UndefinedParameter, `there is no parameter $${index + 1}`, { position: this.ctx.pos(p.location) });
    }
    while (this.ctx.paramTypes.length <= index) this.ctx.paramTypes.push(undefined);
    const known = this.ctx.paramTypes[index];
    return { kind: 'param', index, type: known ?? t(Oid.unknown), typmod: -1, location: p.location ?? -1 };
  }

  private typeCast(c: TypeCast): Expr {
    const { type, typmod } = resolveTypeName(this.ctx, c.typeName!);
    // ARRAY[…]::t[] takes its element type from the cast, as PostgreSQL does:
    // ARRAY[]::text[] is valid and ARRAY['1', '2']::int[] coerces each element.
    const arrayArg = (c.arg as { A_ArrayExpr?: A_ArrayExpr }).A_ArrayExpr;
    if (arrayArg && type.category === 'A' && type.elemOid !== 0 && !(arrayArg.elements ?? []).some((e) => 'A_ArrayExpr' in e)) {
      const elem = t(type.elemOid);
      // An array type's typmod is its elements' (varchar(2)[] truncates each element).
      const elements = (arrayArg.elements ?? []).map((e) => coerce(this.ctx, this.bind(e), elem, typmod, 'explicit', locationOf(e)));
      return { kind: 'array', elements, type, typmod };
    }
    const arg = this.bind(c.arg!);
    return coerce(this.ctx, arg, type, typmod, 'explicit', c.location);
  }

  private aExpr(e: A_Expr): Expr {
    const name = e.name?.map((s) => (s as { String: { sval: string } }).String.sval) ?? [];
    const opName = name[name.length - 1] ?? '';
    switch (e.kind) {
      case 'AEXPR_OP':
        if (!e.lexpr) return this.operator(opName, [this.bind(e.rexpr!)], e.location);
        return this.operator(opName, [this.bind(e.lexpr), this.bind(e.rexpr!)], e.location);
      case 'AEXPR_DISTINCT':
      case 'AEXPR_NOT_DISTINCT': {
        const l = this.bind(e.lexpr!);
        const r = this.bind(e.rexpr!);
        const eq = this.operator('=', [l, r], e.location) as CallExpr;
        // a IS DISTINCT FROM b: NULL-safe inequality, never NULL.
        const bothNull: Expr = { kind: 'and', args: [nullTest(eq.args[0]!, true), nullTest(eq.args[1]!, true)], type: t(Oid.bool), typmod: -1 };
        const eqTrue: Expr = { kind: 'booltest', arg: eq, test: 'true', type: t(Oid.bool), typmod: -1 };
        const same: Expr = { kind: 'or', args: [bothNull, eqTrue], type: t(Oid.bool), typmod: -1 };
        return e.kind === 'AEXPR_NOT_DISTINCT' ? same : { kind: 'not', args: [same], type: t(Oid.bool), typmod: -1 };
      }
      case 'AEXPR_NULLIF': {
        const l = this.bind(e.lexpr!);
        const r = this.bind(e.rexpr!);
        const eq = this.operator('=', [l, r], e.location) as CallExpr;
        return { kind: 'nullif', equals: eq, args: [eq.args[0]!, eq.args[1]!], type: eq.args[0]!.type, typmod: eq.args[0]!.typmod };
      }
      case 'AEXPR_IN': {
        const l = this.bind(e.lexpr!);
        const items = (e.rexpr as { List?: { items: Node[] } }).List?.items ?? [];
        const tests = items.map((item) => this.operator(opName === '<>' ? '<>' : '=', [l, this.bind(item)], e.location));
        return { kind: opName === '<>' ? 'and' : 'or', args: tests, type: t(Oid.bool), typmod: -1 };
      }
      case 'AEXPR_OP_ANY':
      case 'AEXPR_OP_ALL':
        return this.anyAll(opName, this.bind(e.lexpr!), this.bind(e.rexpr!), e.kind === 'AEXPR_OP_ALL', e.location);
      case 'AEXPR_LIKE':
      case 'AEXPR_ILIKE':
        return this.operator(opName, [this.bind(e.lexpr!), this.bind(e.rexpr!)], e.location);
      case 'AEXPR_BETWEEN':
      case 'AEXPR_NOT_BETWEEN': {
        const x = this.bind(e.lexpr!);
        const [lo, hi] = ((e.rexpr as { List: { items: Node[] } }).List.items).map((i) => this.bind(i));
        const both: Expr = { kind: 'and', args: [this.operator('>=', [x, lo!], e.location), this.operator('<=', [x, hi!], e.location)], type: t(Oid.bool), typmod: -1 };
        return e.kind === 'AEXPR_BETWEEN' ? both : { kind: 'not', args: [both], type: t(Oid.bool), typmod: -1 };
      }
      default:
        throw unsupported(`operator form ${e.kind}`, this.ctx.pos(e.location));
    }
  }

  /** x op ANY/ALL (array): the operator is resolved against the array's element type. */
  anyAll(name: string, left: Expr, right: Expr, all: boolean, location: number | undefined): Expr {
    if (right.type.oid === Oid.unknown || right.type.category !== 'A') {
      if (right.type.oid !== Oid.unknown) {
        throw new PgError(SqlState.WrongObjectType, `op ANY/ALL (array) requires array on right side`, { position: this.ctx.pos(location) });
      }
      // An untyped literal or parameter on the right is an array of the left side's type ($1 → int4[]).
      const elemType = left.type.oid === Oid.unknown ? t(Oid.text) : left.type;
      if (!elemType.arrayOid) throw unsupported(`arrays of type ${formatType(elemType.oid)}`, this.ctx.pos(location));
      right = coerce(this.ctx, right, t(elemType.arrayOid), -1, 'implicit', location);
    }
    const elemType = t(right.type.elemOid);
    const placeholder: Expr = { kind: 'column', index: 0, name: '', type: elemType, typmod: -1 };
    const call = this.operator(name, [left, placeholder], location);
    if (call.kind !== 'call' || call.type.oid !== Oid.bool) {
      throw new PgError(SqlState.WrongObjectType, `op ANY/ALL (array) requires operator to yield boolean`, { position: this.ctx.pos(location) });
    }
    return { kind: 'anyall', all, left: call.args[0]!, array: right, element: call.args[1]!, def: call.def, type: t(Oid.bool), typmod: -1 };
  }

  private subLink(sl: import('@pgsql/types').SubLink): Expr {
    const outer = new OuterScope(this.scope);
    const sel = (sl.subselect as { SelectStmt: import('@pgsql/types').SelectStmt }).SelectStmt;
    const plan = planSubquery(this.ctx, sel, outer);
    const correlated = outer.used;
    const pos = this.ctx.pos(sl.location);
    const bool = t(Oid.bool);
    switch (sl.subLinkType) {
      case 'EXISTS_SUBLINK':
        return { kind: 'subquery', sublink: 'exists', plan, correlated, test: null, type: bool, typmod: -1 };
      case 'EXPR_SUBLINK':
      case 'ARRAY_SUBLINK': {
        if (plan.columns.length !== 1) throw new PgError(SqlState.SyntaxError, 'subquery must return only one column', { position: pos });
        const col = plan.columns[0]!;
        if (sl.subLinkType === 'EXPR_SUBLINK') return { kind: 'subquery', sublink: 'expr', plan, correlated, test: null, type: col.type, typmod: col.typmod };
        if (!col.type.arrayOid) throw unsupported(`arrays of type ${formatType(col.type.oid)}`, pos);
        return { kind: 'subquery', sublink: 'array', plan, correlated, test: null, type: t(col.type.arrayOid), typmod: -1 };
      }
      case 'ANY_SUBLINK':
      case 'ALL_SUBLINK': {
        if (plan.columns.length !== 1) throw new PgError(SqlState.SyntaxError, plan.columns.length > 1 ? 'subquery has too many columns' : 'subquery has too few columns', { position: pos });
        const opName = sl.operName ? (sl.operName[sl.operName.length - 1] as { String: { sval: string } }).String.sval : '=';
        const left = this.bind(sl.testexpr!);
        const col = plan.columns[0]!;
        const placeholder: Expr = { kind: 'column', index: 0, name: '', type: col.type, typmod: col.typmod };
        const call = this.operator(opName, [left, placeholder], sl.location);
        if (call.kind !== 'call' || call.type.oid !== Oid.bool) throw new PgError(SqlState.WrongObjectType, 'op ANY/ALL (subquery) requires operator to yield boolean', { position: pos });
        return { kind: 'subquery', sublink: sl.subLinkType === 'ANY_SUBLINK' ? 'any' : 'all', plan, correlated, test: { left: call.args[0]!, right: call.args[1]!, def: call.def }, type: bool, typmod: -1 };
      }
      default:
        throw unsupported(`subquery kind ${sl.subLinkType}`, pos);
    }
  }

  private indirection(n: import('@pgsql/types').A_Indirection): Expr {
    let arg = this.bind(n.arg!);
    const indexes: { lower: Expr | null; upper: Expr | null; slice: boolean }[] = [];
    for (const ind of n.indirection ?? []) {
      const idx = (ind as { A_Indices?: import('@pgsql/types').A_Indices }).A_Indices;
      if (!idx) throw unsupported('field selection', this.ctx.pos(locationOf(n.arg!)));
      const int = (x: Node | undefined) => (x ? coerce(this.ctx, this.bind(x), t(Oid.int4), -1, 'implicit', locationOf(x), () => new PgError(SqlState.DatatypeMismatch, 'array subscript must have type integer', { position: this.ctx.pos(locationOf(x)) })) : null);
      indexes.push({ lower: int(idx.lidx), upper: int(idx.uidx), slice: idx.is_slice ?? false });
    }
    if (arg.type.oid === Oid.unknown) arg = coerce(this.ctx, arg, t(Oid.text), -1, 'implicit');
    if (arg.type.category !== 'A' || !arg.type.elemOid) {
      throw new PgError(SqlState.DatatypeMismatch, `cannot subscript type ${formatType(arg.type.oid)} because it does not support subscripting`, { position: this.ctx.pos(locationOf(n.arg!)) });
    }
    const slice = indexes.some((i) => i.slice);
    return { kind: 'subscript', arg, indexes, type: slice ? arg.type : t(arg.type.elemOid), typmod: arg.typmod };
  }

  /** Resolves and binds an operator call over already-bound operands. */
  operator(name: string, operands: Expr[], location: number | undefined): Expr {
    const prefix = operands.length === 1;
    const resolved = resolveCall(operatorsNamed(name, prefix), operands.map((o) => o.type));
    if (resolved === 'none' || resolved === 'ambiguous') {
      const types = operands.map((o) => formatType(o.type.oid, o.typmod));
      const sig = prefix ? `${name} ${types[0]}` : `${types[0]} ${name} ${types[1]}`;
      if (resolved === 'ambiguous') {
        throw new PgError(SqlState.AmbiguousFunction, `operator is not unique: ${sig}`, {
          position: this.ctx.pos(location),
          hint: 'Could not choose a best candidate operator. You might need to add explicit type casts.',
        });
      }
      throw new PgError(SqlState.UndefinedFunction, `operator does not exist: ${sig}`, {
        position: this.ctx.pos(location),
        hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.',
      });
    }
    return this.call(resolved.def, resolved.argTypes, resolved.ret, operands, location);
  }

  private call(def: CallExpr['def'], argTypes: PgType[], ret: PgType, args: Expr[], location: number | undefined): Expr {
    if (def.argTypeOids) {
      // Only the argument types matter (pg_typeof); a literal's unknown type resolves as PostgreSQL reports it.
      const consts: Expr[] = args.map((a) => ({ kind: 'const', type: t(Oid.oid), typmod: -1, value: a.type.oid, location: -1 }));
      return { kind: 'call', def, args: consts, type: ret, typmod: -1 };
    }
    const coerced = args.map((a, i) => {
      const target = argTypes[i]!;
      if (def.anyToText && (target.category === 'P' || (def.args[Math.min(i, def.args.length - 1)] !== undefined && typeByOid(def.args[Math.min(i, def.args.length - 1)]!).category === 'P'))) {
        return coerce(this.ctx, a, t(Oid.text), -1, 'explicit', location);
      }
      return coerce(this.ctx, a, target, -1, 'implicit', location);
    });
    if (def.specialize) {
      // Literals of unknown type keep that type here: JSON conversion makes them strings.
      def = { ...def, impl: def.specialize(args.map((a, i) => (a.type.oid === Oid.unknown ? Oid.unknown : coerced[i]!.type.oid))) };
    }
    return { kind: 'call', def, args: coerced, type: ret, typmod: -1 };
  }

  private boolExpr(b: BoolExpr): Expr {
    const clause = b.boolop === 'AND_EXPR' ? 'AND' : b.boolop === 'OR_EXPR' ? 'OR' : 'NOT';
    const args = (b.args ?? []).map((a) => this.bindCondition(a, clause));
    const kind = b.boolop === 'AND_EXPR' ? 'and' : b.boolop === 'OR_EXPR' ? 'or' : 'not';
    return { kind, args, type: t(Oid.bool), typmod: -1 };
  }

  private booleanTest(b: BooleanTest): Expr {
    const tests = {
      IS_TRUE: 'true',
      IS_NOT_TRUE: 'not true',
      IS_FALSE: 'false',
      IS_NOT_FALSE: 'not false',
      IS_UNKNOWN: 'unknown',
      IS_NOT_UNKNOWN: 'not unknown',
    } as const;
    const test = tests[b.booltesttype as keyof typeof tests];
    const arg = this.bindCondition(b.arg!, `IS ${test.toUpperCase()}`);
    return { kind: 'booltest', arg, test, type: t(Oid.bool), typmod: -1 };
  }

  private caseExpr(c: CaseExpr): Expr {
    const subject = c.arg ? this.bind(c.arg) : null;
    const whens = (c.args ?? []).map((w) => {
      const when = (w as { CaseWhen: { expr: Node; result: Node; location?: number } }).CaseWhen;
      const cond = subject ? this.operator('=', [subject, this.bind(when.expr)], when.location) : this.bindCondition(when.expr, 'CASE/WHEN');
      return { cond, result: this.bind(when.result) };
    });
    const otherwise = c.defresult ? this.bind(c.defresult) : null;
    const results = [...whens.map((w) => w.result), ...(otherwise ? [otherwise] : [])];
    const type = commonType(this.ctx, results, 'CASE', c.location);
    return {
      kind: 'case',
      whens: whens.map((w) => ({ cond: w.cond, result: coerce(this.ctx, w.result, type, -1, 'implicit') })),
      otherwise: otherwise ? coerce(this.ctx, otherwise, type, -1, 'implicit') : null,
      type,
      typmod: -1,
    };
  }

  private coalesce(c: CoalesceExpr): Expr {
    const args = (c.args ?? []).map((a) => this.bind(a));
    const type = commonType(this.ctx, args, 'COALESCE', c.location);
    return { kind: 'coalesce', args: args.map((a) => coerce(this.ctx, a, type, -1, 'implicit')), type, typmod: -1 };
  }

  private minMax(m: MinMaxExpr): Expr {
    const kind = m.op === 'IS_GREATEST' ? 'greatest' : 'least';
    const args = (m.args ?? []).map((a) => this.bind(a));
    const type = commonType(this.ctx, args, kind.toUpperCase(), m.location);
    if (!type.compare) {
      throw new PgError(SqlState.UndefinedFunction, `could not identify a comparison function for type ${formatType(type.oid)}`, { position: this.ctx.pos(m.location) });
    }
    return { kind, args: args.map((a) => coerce(this.ctx, a, type, -1, 'implicit')), type, typmod: -1 };
  }

  private arrayExpr(a: A_ArrayExpr): Expr {
    const elements = (a.elements ?? []).map((e) => this.bind(e));
    if (elements.length === 0) {
      throw new PgError(SqlState.IndeterminateDatatype, 'cannot determine type of empty array', {
        position: this.ctx.pos(a.location),
        hint: 'Explicitly cast to the desired type, for example ARRAY[]::integer[].',
      });
    }
    const elem = commonType(this.ctx, elements, 'ARRAY', a.location);
    if (!elem.arrayOid) throw unsupported(`arrays of type ${formatType(elem.oid)}`, this.ctx.pos(a.location));
    return { kind: 'array', elements: elements.map((e) => coerce(this.ctx, e, elem, -1, 'implicit')), type: t(elem.arrayOid), typmod: -1 };
  }

  private funcCall(f: FuncCall): Expr {
    const names = (f.funcname ?? []).map((s) => (s as { String: { sval: string } }).String.sval);
    const name = names[names.length - 1]!;
    const schema = names.length > 1 ? names[names.length - 2] : undefined;
    if (f.over) {
      if (this.inAggregate) throw new PgError(SqlState.GroupingError, 'aggregate function calls cannot contain window function calls', { position: this.ctx.pos(f.location) });
      return bindWindowCall(this, f, name, schema);
    }
    checkWindowFunctionWithoutOver(this.ctx, f, name, schema);
    if ((schema === undefined || schema === 'pg_catalog') && aggregatesNamed(name).length > 0) return this.aggregateCall(f, name);
    if ((schema === undefined || schema === 'pg_catalog') && srfsNamed(name).length > 0 && functionsNamed(name).length === 0) return this.srfCall(f, name);
    if (f.agg_star || f.agg_distinct || f.agg_order || f.agg_filter) {
      throw new PgError(SqlState.WrongObjectType, `${f.agg_star ? `${name}(*)` : name} specified, but ${name} is not an aggregate function`, { position: this.ctx.pos(f.location) });
    }
    const args = (f.args ?? []).map((a) => this.bind(a));
    const candidates = schema === undefined || schema === 'pg_catalog' ? functionsNamed(name) : [];
    const resolved = resolveCall(candidates, args.map((a) => a.type));
    if (resolved === 'none' || resolved === 'ambiguous') {
      const sig = `${names.join('.')}(${args.map((a) => formatType(a.type.oid, a.typmod)).join(', ')})`;
      if (resolved === 'ambiguous') {
        throw new PgError(SqlState.AmbiguousFunction, `function ${sig} is not unique`, {
          position: this.ctx.pos(f.location),
          hint: 'Could not choose a best candidate function. You might need to add explicit type casts.',
        });
      }
      throw new PgError(SqlState.UndefinedFunction, `function ${sig} does not exist`, {
        position: this.ctx.pos(f.location),
        hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
      });
    }
    return this.call(resolved.def, resolved.argTypes, resolved.ret, args, f.location);
  }

  private aggregateCall(f: FuncCall, name: string): Expr {
    const pos = this.ctx.pos(f.location);
    if (!this.aggregates) throw new PgError(SqlState.GroupingError, `aggregate functions are not allowed in ${this.clause}`, { position: pos });
    if (this.inAggregate) throw new PgError(SqlState.GroupingError, 'aggregate function calls cannot be nested', { position: pos });
    this.inAggregate = true;
    try {
      const args = f.agg_star ? [] : (f.args ?? []).map((a) => this.bind(a));
      const defs = aggregatesNamed(name);
      // Aggregates resolve like functions: wrap their signatures for the shared resolver.
      const sigs: FuncDef[] = defs.map((d) => ({ name, kind: 'function', args: d.args, ret: typeof d.ret === 'number' ? d.ret : Oid.any, strict: d.strict, volatility: 'immutable', impl: () => null }));
      const resolved = resolveCall(sigs, args.map((a) => a.type));
      if (resolved === 'none' || resolved === 'ambiguous' || (f.agg_star && name !== 'count')) {
        const sig = f.agg_star ? `${name}(*)` : `${name}(${args.map((a) => formatType(a.type.oid, a.typmod)).join(', ')})`;
        throw new PgError(SqlState.UndefinedFunction, `function ${sig} does not exist`, {
          position: pos,
          hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
        });
      }
      const def = defs[sigs.indexOf(resolved.def)]!;
      const argTypes = resolved.argTypes.map((t, i) => (t.category === 'P' ? (args[i]!.type.oid === Oid.unknown ? typeByOid(Oid.text) : args[i]!.type) : t));
      const coerced = args.map((a, i) => coerce(this.ctx, a, argTypes[i]!, -1, 'implicit', f.location));
      const resultType = typeByOid(typeof def.ret === 'number' ? def.ret : def.ret(argTypes));
      const filter = f.agg_filter ? this.bindCondition(f.agg_filter, 'FILTER') : null;
      const orderBy: SortKeySpec[] = (f.agg_order ?? []).map((n) => {
        const sb = (n as { SortBy: import('@pgsql/types').SortBy }).SortBy;
        const expr = this.bind(sb.node!);
        const descending = sb.sortby_dir === 'SORTBY_DESC';
        return { expr, descending, nullsFirst: sb.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : sb.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : descending };
      });
      const index = this.aggregates.length;
      this.aggregates.push({ name, def, args: coerced, argTypes, distinct: f.agg_distinct ?? false, filter, orderBy, resultType, star: f.agg_star ?? false });
      return { kind: 'aggref', index, type: resultType, typmod: -1 };
    } finally {
      this.inAggregate = false;
    }
  }

  private srfCall(f: FuncCall, name: string): Expr {
    const pos = this.ctx.pos(f.location);
    if (!this.srfs) throw new PgError(SqlState.FeatureNotSupported, `set-returning functions are not allowed in ${this.clause}`, { position: pos });
    const args = (f.args ?? []).map((a) => this.bind(a));
    const defs = srfsNamed(name);
    const sigs: FuncDef[] = defs.map((d) => ({ name, kind: 'function', args: d.args, ret: Oid.record, strict: d.strict, volatility: 'volatile', impl: () => null }));
    const resolved = resolveCall(sigs, args.map((a) => a.type));
    if (resolved === 'none' || resolved === 'ambiguous') {
      throw new PgError(SqlState.UndefinedFunction, `function ${name}(${args.map((a) => formatType(a.type.oid, a.typmod)).join(', ')}) does not exist`, { position: pos });
    }
    const def = defs[sigs.indexOf(resolved.def)]!;
    const argTypes = resolved.argTypes.map((t, i) => (t.category === 'P' ? args[i]!.type : t));
    const coerced = args.map((a, i) => coerce(this.ctx, a, argTypes[i]!, -1, 'implicit', f.location));
    const cols = def.columns(argTypes);
    if (cols.length !== 1) throw unsupported(`${name} with several output columns in the select list`, pos);
    const index = this.srfs.calls.length;
    this.srfs.calls.push({ def, args: coerced, argTypes });
    return { kind: 'column', index: this.srfs.inputWidth + index, name, type: cols[0]!.type, typmod: -1 };
  }

  private sqlValue(s: SQLValueFunction): Expr {
    switch (s.op) {
      case 'SVFOP_CURRENT_USER':
      case 'SVFOP_CURRENT_ROLE':
      case 'SVFOP_USER':
        return { kind: 'session', what: 'current_user', type: t(Oid.name), typmod: -1 };
      case 'SVFOP_SESSION_USER':
        return { kind: 'session', what: 'session_user', type: t(Oid.name), typmod: -1 };
      case 'SVFOP_CURRENT_CATALOG':
        return { kind: 'session', what: 'current_catalog', type: t(Oid.name), typmod: -1 };
      case 'SVFOP_CURRENT_SCHEMA':
        return { kind: 'session', what: 'current_schema', type: t(Oid.name), typmod: -1 };
      default: {
        // Date/time values are functions of the transaction clock.
        const fname = {
          SVFOP_CURRENT_DATE: 'current_date',
          SVFOP_CURRENT_TIMESTAMP: 'now',
          SVFOP_LOCALTIMESTAMP: 'localtimestamp',
          SVFOP_CURRENT_TIME: 'current_time',
          SVFOP_LOCALTIME: 'localtime',
        }[s.op as string];
        const defs = fname ? functionsNamed(fname) : [];
        const def = defs.find((d) => d.args.length === 0);
        if (!def) throw unsupported(`${s.op}`, this.ctx.pos(s.location));
        return { kind: 'call', def, args: [], type: t(def.ret), typmod: -1 };
      }
    }
  }

  private columnRef(c: ColumnRef): Expr {
    const fields = (c.fields ?? []).map((f) => {
      const s = (f as { String?: { sval: string } }).String;
      if (!s) throw unsupported('* in this position', this.ctx.pos(c.location));
      return s.sval;
    });
    const found = this.scope.resolveColumn(fields, c.location);
    if (found) return found;
    if (fields.length > 1) {
      throw new PgError(SqlState.UndefinedTable, `missing FROM-clause entry for table "${fields[fields.length - 2]}"`, { position: this.ctx.pos(c.location) });
    }
    throw new PgError(SqlState.UndefinedColumn, `column "${fields[0]}" does not exist`, { position: this.ctx.pos(c.location) });
  }
}

function nullTest(arg: Expr, isNull: boolean): Expr {
  return { kind: 'nulltest', arg, isNull, type: typeByOid(Oid.bool), typmod: -1 };
}

export function locationOf(node: Node): number | undefined {
  const inner = Object.values(node)[0] as { location?: number } | undefined;
  return inner?.location;
}
