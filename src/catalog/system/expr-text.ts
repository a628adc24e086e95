/**
 * Text for stored expressions whose StoredExpr.text is empty (column
 * defaults and CHECK constraints are stored as raw parse trees only). It
 * imitates what PostgreSQL's ruleutils prints for the *analyzed* expression
 * — operators parenthesized, string constants labelled with their type,
 * implicit casts hidden — using the column types it can see instead of a
 * binder. It covers the common forms (constants, columns, operators,
 * function calls, casts, AND/OR/NOT, IS NULL, IN, CURRENT_TIMESTAMP…); the
 * exact text can only come from deparsing the bound expression when the
 * DDL stores it.
 */
import { Oid } from '../../types/oids.js';
import { formatType } from '../../types/format-type.js';
import { findTypeByName } from '../../types/registry.js';
import { quoteIdent, quoteLiteral } from './common.js';

type Node = Record<string, unknown>;

export interface ExprTextOptions {
  /** Type OID of a column of the table the expression belongs to. */
  readonly columnType?: (name: string) => number | undefined;
  /** The type the whole expression is assigned to (a column default's column type). */
  readonly targetType?: number;
  readonly targetTypmod?: number;
  /** pg_get_expr(…, true) / pg_get_constraintdef(…, true): fewer parentheses. */
  readonly pretty?: boolean;
}

const SQL_VALUE: Record<string, string> = {
  SVFOP_CURRENT_DATE: 'CURRENT_DATE',
  SVFOP_CURRENT_TIME: 'CURRENT_TIME',
  SVFOP_CURRENT_TIME_N: 'CURRENT_TIME',
  SVFOP_CURRENT_TIMESTAMP: 'CURRENT_TIMESTAMP',
  SVFOP_CURRENT_TIMESTAMP_N: 'CURRENT_TIMESTAMP',
  SVFOP_LOCALTIME: 'LOCALTIME',
  SVFOP_LOCALTIME_N: 'LOCALTIME',
  SVFOP_LOCALTIMESTAMP: 'LOCALTIMESTAMP',
  SVFOP_LOCALTIMESTAMP_N: 'LOCALTIMESTAMP',
  SVFOP_CURRENT_ROLE: 'CURRENT_ROLE',
  SVFOP_CURRENT_USER: 'CURRENT_USER',
  SVFOP_USER: 'USER',
  SVFOP_SESSION_USER: 'SESSION_USER',
  SVFOP_CURRENT_CATALOG: 'CURRENT_CATALOG',
  SVFOP_CURRENT_SCHEMA: 'CURRENT_SCHEMA',
};

const NUMERIC_TYPES = new Set<number>([Oid.int2, Oid.int4, Oid.int8, Oid.float4, Oid.float8, Oid.numeric]);

export function rawExprText(node: unknown, opts: ExprTextOptions = {}): string {
  return new Printer(opts).top(node as Node);
}

/** Where a subexpression sits: pretty mode only parenthesizes what its context needs. */
type Place = 'top' | 'operand' | 'bool';

class Printer {
  private readonly pretty: boolean;

  constructor(private readonly opts: ExprTextOptions) {
    this.pretty = opts.pretty === true;
  }

  top(n: Node): string {
    const target = this.opts.targetType;
    if (target !== undefined && n.A_Const) return this.constant(n.A_Const as Node, target, true, this.opts.targetTypmod ?? -1);
    return this.expr(n, undefined, 'top');
  }

  /** Operators, tests and AND/OR: always parenthesized by ruleutils, in pretty mode only inside an operator. */
  private wrap(s: string, place: Place, isBool = false): string {
    if (!this.pretty) return `(${s})`;
    return place === 'operand' || (isBool && place === 'bool') ? `(${s})` : s;
  }

  /** `hint` is the type of the other operand, for labelling constants as the analyzer would have typed them. */
  private expr(n: Node, hint: number | undefined, place: Place): string {
    const [kind, body] = Object.entries(n)[0] as [string, Node];
    switch (kind) {
      case 'A_Const':
        return this.constant(body, hint, false);
      case 'ColumnRef': {
        const fields = (body.fields as Node[]).map((f) => ((f.String as Node | undefined)?.sval as string | undefined) ?? '*');
        return fields.map((f) => (f === '*' ? f : quoteIdent(f))).join('.');
      }
      case 'A_Expr':
        return this.aExpr(body, place);
      case 'BoolExpr': {
        const args = (body.args as Node[]).map((a) => this.expr(a, undefined, 'bool'));
        if (body.boolop === 'NOT_EXPR') return this.wrap(`NOT ${args[0]}`, place, true);
        return this.wrap(args.join(body.boolop === 'AND_EXPR' ? ' AND ' : ' OR '), place, true);
      }
      case 'NullTest':
        return this.wrap(`${this.expr(body.arg as Node, undefined, 'operand')} ${body.nulltesttype === 'IS_NULL' ? 'IS NULL' : 'IS NOT NULL'}`, place);
      case 'BooleanTest': {
        const words: Record<string, string> = { IS_TRUE: 'IS TRUE', IS_NOT_TRUE: 'IS NOT TRUE', IS_FALSE: 'IS FALSE', IS_NOT_FALSE: 'IS NOT FALSE', IS_UNKNOWN: 'IS UNKNOWN', IS_NOT_UNKNOWN: 'IS NOT UNKNOWN' };
        return this.wrap(`${this.expr(body.arg as Node, undefined, 'operand')} ${words[body.booltesttype as string] ?? 'IS TRUE'}`, place);
      }
      case 'FuncCall': {
        const names = (body.funcname as Node[]).map((f) => (f.String as Node).sval as string);
        const name = names[names.length - 1]!;
        const args = ((body.args as Node[] | undefined) ?? []).map((a) => this.expr(a, undefined, 'top'));
        const shown = names.length > 1 && names[0] !== 'pg_catalog' ? names.map(quoteIdent).join('.') : quoteIdent(name);
        return `${shown}(${body.agg_star ? '*' : args.join(', ')})`;
      }
      case 'TypeCast': {
        const type = this.typeName(body.typeName as Node);
        const arg = body.arg as Node;
        if (arg.A_Const && type !== undefined) return this.constant(arg.A_Const as Node, type.oid, true, type.typmod);
        const label = type ? formatType(type.oid, type.typmod) : this.typeNameText(body.typeName as Node);
        return this.castOf(this.expr(arg, undefined, 'operand'), label, !!arg.ColumnRef || !!arg.FuncCall);
      }
      case 'SQLValueFunction':
        return SQL_VALUE[body.op as string] ?? 'CURRENT_TIMESTAMP';
      case 'A_ArrayExpr': {
        const elems = ((body.elements as Node[] | undefined) ?? []).map((e) => this.expr(e, undefined, 'top'));
        return `ARRAY[${elems.join(', ')}]`;
      }
      case 'CoalesceExpr':
        return `COALESCE(${(body.args as Node[]).map((a) => this.expr(a, undefined, 'top')).join(', ')})`;
      default:
        return '?';
    }
  }

  /** `(x)::type`, or in pretty mode `x::type` when x is a plain column, constant or call. */
  private castOf(inner: string, label: string, simple: boolean): string {
    return this.pretty && simple ? `${inner}::${label}` : `(${inner})::${label}`;
  }

  private aExpr(e: Node, place: Place): string {
    const op = ((e.name as Node[] | undefined) ?? []).map((x) => (x.String as Node).sval as string).pop() ?? '=';
    const l = e.lexpr as Node | undefined;
    const r = e.rexpr as Node | undefined;
    const lt = l ? this.typeOf(l) : undefined;
    const rt = r ? this.typeOf(r) : undefined;
    const list = (x: Node | undefined): Node[] => ((x as { List?: { items?: Node[] } } | undefined)?.List?.items ?? []);
    switch (e.kind) {
      case 'AEXPR_OP':
        if (!l) return this.wrap(`${op} ${this.expr(r!, undefined, 'operand')}`, place);
        return this.wrap(`${this.operand(l, rt)} ${op} ${this.operand(r!, lt)}`, place);
      case 'AEXPR_IN': {
        const items = list(r).map((x) => this.expr(x, lt, 'top'));
        return this.wrap(`${this.operand(l!, undefined)} ${op === '<>' ? '<> ALL' : '= ANY'} (ARRAY[${items.join(', ')}])`, place);
      }
      case 'AEXPR_LIKE':
        return this.wrap(`${this.operand(l!, Oid.text)} ${op === '!~~' ? '!~~' : '~~'} ${this.operand(r!, Oid.text)}`, place);
      case 'AEXPR_ILIKE':
        return this.wrap(`${this.operand(l!, Oid.text)} ${op === '!~~*' ? '!~~*' : '~~*'} ${this.operand(r!, Oid.text)}`, place);
      case 'AEXPR_BETWEEN':
      case 'AEXPR_NOT_BETWEEN': {
        const [lo, hi] = list(r).map((b) => this.expr(b, lt, 'operand'));
        const x = this.operand(l!, undefined);
        const inner = e.kind === 'AEXPR_BETWEEN' ? [`${x} >= ${lo}`, `${x} <= ${hi}`] : [`${x} < ${lo}`, `${x} > ${hi}`];
        const joined = inner.map((s) => this.wrap(s, 'bool')).join(e.kind === 'AEXPR_BETWEEN' ? ' AND ' : ' OR ');
        return this.wrap(joined, place, true);
      }
      case 'AEXPR_DISTINCT':
        return this.wrap(`${this.operand(l!, rt)} IS DISTINCT FROM ${this.operand(r!, lt)}`, place);
      case 'AEXPR_NOT_DISTINCT':
        return this.wrap(`${this.operand(l!, rt)} IS NOT DISTINCT FROM ${this.operand(r!, lt)}`, place);
      default:
        return this.wrap(`${l ? this.expr(l, rt, 'operand') + ' ' : ''}${op} ${r ? this.expr(r, lt, 'operand') : ''}`, place);
    }
  }

  /** An operand; a varchar column compared with text goes through its text form ((v)::text), as the analyzer casts it. */
  private operand(n: Node, otherType: number | undefined): string {
    const own = this.typeOf(n);
    if (own === Oid.varchar && n.ColumnRef && (otherType === Oid.text || otherType === undefined)) {
      return this.castOf(this.expr(n, otherType, 'operand'), 'text', true);
    }
    return this.expr(n, otherType, 'operand');
  }

  private typeOf(n: Node): number | undefined {
    if (n.ColumnRef) {
      const fields = ((n.ColumnRef as Node).fields as Node[]).map((f) => (f.String as Node | undefined)?.sval as string);
      return this.opts.columnType?.(fields[fields.length - 1]!);
    }
    if (n.TypeCast) return this.typeName((n.TypeCast as Node).typeName as Node)?.oid;
    if (n.A_Const) {
      const c = n.A_Const as Node;
      if (c.sval) return Oid.text;
      if (c.fval) return Oid.numeric;
      if (c.boolval) return Oid.bool;
      if (c.isnull) return undefined;
      return Oid.int4;
    }
    return undefined;
  }

  /**
   * A constant as ruleutils prints it once typed: int4 and numbers bare
   * (negative ones quoted and labelled), strings quoted with ::type.
   * `assigned`: the constant is coerced to `type` (a default, a cast); else
   * `type` is the type of the other operand it was compared with.
   */
  private constant(c: Node, type: number | undefined, assigned: boolean, typmod = -1): string {
    if (c.isnull) return type !== undefined && assigned ? `NULL::${formatType(type, typmod)}` : 'NULL';
    if (c.boolval !== undefined) return (c.boolval as Node).boolval === true ? 'true' : 'false';
    if (c.sval !== undefined) {
      const s = ((c.sval as Node).sval as string | undefined) ?? '';
      let label = type === undefined || (NUMERIC_TYPES.has(type) && !assigned) ? 'text' : formatType(type, assigned ? typmod : -1);
      // A varchar value compares as text; a varchar default keeps its type name without the length.
      if (type === Oid.varchar) label = assigned ? 'character varying' : 'text';
      return `${quoteLiteral(s)}::${label}`;
    }
    const isFloat = c.fval !== undefined;
    const text = isFloat ? String((c.fval as Node).fval) : String(((c.ival as Node | undefined)?.ival as number | undefined) ?? 0);
    // Negative constants are quoted and labelled with their own type ('-1'::integer).
    const shown = text.startsWith('-') ? `'${text}'::${isFloat ? 'numeric' : 'integer'}` : text;
    if (assigned) {
      // An explicit cast to a non-numeric type shows it; numeric targets hide the implicit cast.
      if (type !== undefined && !NUMERIC_TYPES.has(type)) return `${quoteLiteral(text)}::${formatType(type, typmod)}`;
      return shown;
    }
    if (type === Oid.numeric && !isFloat) return this.castOf(shown, 'numeric', true);
    if ((type === Oid.float4 || type === Oid.float8) && !isFloat) return this.castOf(shown, 'double precision', true);
    return shown;
  }

  private typeName(t: Node): { oid: number; typmod: number } | undefined {
    const names = (t.names as Node[]).map((x) => (x.String as Node).sval as string);
    const base = names[names.length - 1]!;
    const found = findTypeByName(ALIASES[base] ?? base);
    if (!found) return undefined;
    const mods = ((t.typmods as Node[] | undefined) ?? []).map((m) => Number(((m.A_Const as Node)?.ival as Node | undefined)?.ival ?? 0));
    let typmod = -1;
    if (mods.length > 0 && found.typmodIn) {
      try {
        typmod = found.typmodIn(mods);
      } catch {
        typmod = -1;
      }
    }
    const isArray = Array.isArray(t.arrayBounds) && (t.arrayBounds as unknown[]).length > 0;
    return { oid: isArray && found.arrayOid ? found.arrayOid : found.oid, typmod };
  }

  private typeNameText(t: Node): string {
    return (t.names as Node[]).map((x) => (x.String as Node).sval as string).filter((s) => s !== 'pg_catalog').join('.');
  }
}

/** Grammar names of built-in types (int → int4, …), as the parser emits them. */
const ALIASES: Record<string, string> = { int: 'int4', integer: 'int4', smallint: 'int2', bigint: 'int8', real: 'float4', float: 'float8', boolean: 'bool', decimal: 'numeric' };
