/** Generic traversal of bound expressions. */
import type { Expr } from './bound.js';

/** The direct sub-expressions of e. */
export function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'call':
    case 'and':
    case 'or':
    case 'not':
    case 'coalesce':
    case 'greatest':
    case 'least':
      return e.args;
    case 'cast':
    case 'nulltest':
    case 'booltest':
      return [e.arg];
    case 'nullif':
      return e.args;
    case 'array':
      return e.elements;
    case 'case':
      return [...e.whens.flatMap((w) => [w.cond, w.result]), ...(e.otherwise ? [e.otherwise] : [])];
    case 'anyall':
      return [e.left, e.array];
    case 'subscript':
      return [e.arg, ...e.indexes.flatMap((i) => [i.lower, i.upper].filter((x): x is Expr => x !== null))];
    case 'subquery':
      return e.test ? [e.test.left] : [];
    default:
      return [];
  }
}

/** e with its direct sub-expressions replaced (in the order children() lists them). */
export function withChildren(e: Expr, kids: readonly Expr[]): Expr {
  switch (e.kind) {
    case 'call':
    case 'and':
    case 'or':
    case 'not':
    case 'coalesce':
    case 'greatest':
    case 'least':
      return { ...e, args: kids } as Expr;
    case 'cast':
    case 'nulltest':
    case 'booltest':
      return { ...e, arg: kids[0]! } as Expr;
    case 'nullif':
      return { ...e, args: [kids[0]!, kids[1]!], equals: { ...e.equals, args: [kids[0]!, kids[1]!] } };
    case 'array':
      return { ...e, elements: kids };
    case 'case': {
      const whens = e.whens.map((_, i) => ({ cond: kids[2 * i]!, result: kids[2 * i + 1]! }));
      return { ...e, whens, otherwise: e.otherwise ? kids[kids.length - 1]! : null };
    }
    case 'anyall':
      return { ...e, left: kids[0]!, array: kids[1]! };
    case 'subquery':
      return e.test ? { ...e, test: { ...e.test, left: kids[0]! } } : e;
    case 'subscript': {
      let k = 1;
      const indexes = e.indexes.map((i) => ({ slice: i.slice, lower: i.lower ? kids[k++]! : null, upper: i.upper ? kids[k++]! : null }));
      return { ...e, arg: kids[0]!, indexes };
    }
    default:
      return e;
  }
}

/**
 * Rebuilds e with f applied. Top-down: f sees a node first; a returned Expr
 * replaces it (its children are not visited), undefined means descend.
 * Bottom-up: children first, then f on the rebuilt node.
 */
export function mapExpr(e: Expr, f: (x: Expr) => Expr | undefined, topDown = false): Expr {
  if (topDown) {
    const r = f(e);
    if (r !== undefined) return r;
    const kids = children(e);
    return kids.length === 0 ? e : withChildren(e, kids.map((k) => mapExpr(k, f, true)));
  }
  const kids = children(e);
  const rebuilt = kids.length === 0 ? e : withChildren(e, kids.map((k) => mapExpr(k, f, false)));
  return f(rebuilt) ?? rebuilt;
}

/** A string equal for structurally equal expressions (locations ignored), for matching GROUP BY keys. */
export function exprKey(e: Expr): string {
  return JSON.stringify(e, (k, v) => {
    if (k === 'location' || k === 'qualifier') return undefined;
    if (k === 'type') return (v as { oid: number }).oid;
    if (k === 'def') return `${(v as { name: string }).name}(${(v as { args: number[] }).args.join(',')})`;
    if (k === 'method' && v && typeof v === 'object') return (v as { kind: string }).kind;
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
    return v;
  });
}
