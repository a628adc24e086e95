/**
 * Prints bound expressions as PostgreSQL prints its own expression trees
 * (ruleutils.c): in EXPLAIN's Filter lines and, later, pg_get_expr. Constants
 * carry their type (`'abc'::text`), operators are parenthesized.
 */
import type { Expr } from './bound.js';
import { Oid } from '../types/oids.js';
import { formatType } from '../types/format-type.js';
import { defaultIoContext } from '../types/type.js';

/** Types whose literals print bare (no ::type), as ruleutils does for numbers and booleans. */
const BARE = new Set<number>([Oid.int4, Oid.bool]);

export function quoteLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

export interface DeparseOptions {
  /** Prefix columns with their table alias (a.id), as EXPLAIN does when several tables are involved. */
  readonly qualify?: boolean;
}

export function deparse(e: Expr, opts: DeparseOptions = {}): string {
  const d = (x: Expr) => deparse(x, opts);
  switch (e.kind) {
    case 'const': {
      if (e.value === null) return `NULL::${formatType(e.type.oid, e.typmod)}`;
      const text = e.type.toText(e.value, defaultIoContext);
      if (BARE.has(e.type.oid)) return e.type.oid === Oid.bool ? (e.value ? 'true' : 'false') : text;
      if ((e.type.oid === Oid.numeric || e.type.oid === Oid.int8) && /^-?\d+(\.\d+)?$/.test(text) && !text.startsWith('-')) {
        return e.type.oid === Oid.numeric ? text : `'${text}'::bigint`;
      }
      return `${quoteLiteral(text)}::${formatType(e.type.oid, e.typmod)}`;
    }
    case 'param':
      return `$${e.index + 1}`;
    case 'column': {
      const name = e.name ? quoteIdentifier(e.name) : `$col${e.index + 1}`;
      return opts.qualify && e.qualifier ? `${quoteIdentifier(e.qualifier)}.${name}` : name;
    }
    case 'session':
      return e.what === 'current_catalog' ? 'CURRENT_CATALOG' : e.what.toUpperCase();
    case 'call': {
      if (e.def.kind === 'operator') return `(${d(e.args[0]!)} ${e.def.name} ${d(e.args[1]!)})`;
      if (e.def.kind === 'prefix') return `(${e.def.name} ${d(e.args[0]!)})`;
      return `${e.def.name}(${e.args.map(d).join(', ')})`;
    }
    case 'cast':
      return `(${d(e.arg)})::${formatType(e.type.oid, e.typmod)}`;
    case 'and':
    case 'or':
      return `(${e.args.map(d).join(e.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      return `(NOT ${d(e.args[0]!)})`;
    case 'nulltest':
      return `(${d(e.arg)} IS ${e.isNull ? '' : 'NOT '}NULL)`;
    case 'booltest':
      return `(${d(e.arg)} IS ${e.test.toUpperCase()})`;
    case 'case':
      return `CASE ${e.whens.map((w) => `WHEN ${d(w.cond)} THEN ${d(w.result)}`).join(' ')}${e.otherwise ? ` ELSE ${d(e.otherwise)}` : ''} END`;
    case 'coalesce':
      return `COALESCE(${e.args.map(d).join(', ')})`;
    case 'greatest':
    case 'least':
      return `${e.kind.toUpperCase()}(${e.args.map(d).join(', ')})`;
    case 'nullif':
      return `NULLIF(${d(e.args[0])}, ${d(e.args[1])})`;
    case 'array':
      return `ARRAY[${e.elements.map(d).join(', ')}]`;
    case 'aggref':
      return `agg${e.index + 1}`;
    case 'winref':
      return `win${e.index + 1}`;
    case 'outer':
      return quoteIdentifier(e.name);
    case 'subquery':
      return e.sublink === 'exists' ? '(EXISTS (SubPlan))' : '(SubPlan)';
    case 'anyall':
      return `(${d(e.left)} ${e.def.name} ${e.all ? 'ALL' : 'ANY'} (${d(e.array)}))`;
    case 'subscript':
      return `${d(e.arg)}${e.indexes.map((i) => (i.slice ? `[${i.lower ? d(i.lower) : ''}:${i.upper ? d(i.upper) : ''}]` : `[${i.upper ? d(i.upper) : ''}]`)).join('')}`;
  }
}
