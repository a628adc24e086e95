/**
 * Access path selection for a filtered table scan: a B-tree index range scan
 * when the WHERE clause constrains the leading columns of an index, else a
 * sequential scan. The whole condition is still checked on every row the
 * index returns, so an index only narrows which rows are read.
 *
 *   SELECT * FROM t WHERE a = 1 AND b > 5          (index on t(a, b))
 *
 *   Filter (a = 1 AND b > 5)
 *   └─ IndexScan t_a_b_idx: a = 1, b > 5
 */
import type { Expr } from '../bound.js';
import type { AnalyzeContext } from '../analyze/context.js';
import { catalogOf } from '../analyze/context.js';
import type { IndexScanNode, KeyRange, PlanNode } from './plan.js';
import { buildIndexModel, type IndexModel } from './table-model.js';
import { exprKey, children } from '../expr-walk.js';
import { Oid } from '../../types/oids.js';
import { isKeyEncodable } from '../../storage/key-codec.js';

type Op = '=' | '<' | '<=' | '>' | '>=';
const FLIP: Record<Op, Op> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** One usable restriction: key expression `op` a value that does not depend on the row. */
interface Restriction {
  readonly key: string;
  readonly op: Op;
  readonly value: Expr;
  /** The WHERE conjunct it came from. */
  readonly source: Expr;
}

const INT_FAMILY = new Set<number>([Oid.int2, Oid.int4, Oid.int8]);
const TEXT_FAMILY = new Set<number>([Oid.text, Oid.varchar, Oid.name]);

/** Key encodings are shared within these families, so a value of one type can probe a key of another. */
function sameKeyEncoding(a: number, b: number): boolean {
  return a === b || (INT_FAMILY.has(a) && INT_FAMILY.has(b)) || (TEXT_FAMILY.has(a) && TEXT_FAMILY.has(b));
}

function conjuncts(e: Expr): Expr[] {
  return e.kind === 'and' ? e.args.flatMap(conjuncts) : [e];
}

/** True when the expression's value is the same for every row (no column references, nothing volatile). */
function rowIndependent(e: Expr): boolean {
  if (e.kind === 'column' || e.kind === 'aggref') return false;
  if (e.kind === 'call' && (e.def.volatility === 'volatile' || e.def.async)) return false;
  return children(e).every(rowIndependent);
}

/** Strips casts that do not change how a value is keyed (varchar → text, int2 → int4…). */
function stripKeyCast(e: Expr): Expr {
  while (e.kind === 'cast' && sameKeyEncoding(e.type.oid, e.arg.type.oid)) e = e.arg;
  return e;
}

function restriction(e: Expr, source: Expr = e): Restriction | Restriction[] | null {
  if (e.kind === 'or') {
    // a = 1 OR a = 2 … (IN lists bind to this): equalities on one key become several ranges.
    const parts = e.args.map((a) => restriction(a, source));
    if (parts.some((p) => p === null || Array.isArray(p) || p.op !== '=')) return null;
    const list = parts as Restriction[];
    return list.every((p) => p.key === list[0]!.key) ? list : null;
  }
  if (e.kind !== 'call' || e.def.kind !== 'operator' || e.args.length !== 2) return null;
  const name = e.def.name as Op;
  if (!(name in FLIP)) return null;
  const [l, r] = [stripKeyCast(e.args[0]!), stripKeyCast(e.args[1]!)];
  // Comparisons on a cast column (int4 column vs numeric literal) cannot use the column's keys.
  if (!sameKeyEncoding(e.args[0]!.type.oid, e.args[1]!.type.oid)) return null;
  if (rowIndependent(r) && !rowIndependent(l)) return { key: exprKey(l), op: name, value: r, source };
  if (rowIndependent(l) && !rowIndependent(r)) return { key: exprKey(r), op: FLIP[name], value: l, source };
  return null;
}

export function chooseAccessPath(ctx: AnalyzeContext, input: PlanNode, condition: Expr): PlanNode {
  const filtered: PlanNode = { kind: 'filter', input, condition };
  if (input.kind !== 'seqscan' || !ctx.catalog) return filtered;
  const table = input.table;
  const indexes = catalogOf(ctx)
    .indexesOf(table.oid)
    .filter((i) => i.method === 'btree' && !i.predicate);
  if (indexes.length === 0) return filtered;
  const restrictions: (Restriction | Restriction[])[] = [];
  for (const c of conjuncts(condition)) {
    const r = restriction(c);
    if (r) restrictions.push(r);
  }
  if (restrictions.length === 0) return filtered;

  let best: { score: number; node: IndexScanNode; used: Set<Expr> } | null = null;
  for (const def of indexes) {
    let model: IndexModel;
    try {
      model = buildIndexModel(ctx, table, def);
    } catch {
      continue;
    }
    if (!model.keyTypes.every(isKeyEncodable)) continue;
    const keys = model.keyExprs.map(exprKey);
    const candidate = matchIndex(model, keys, restrictions);
    if (!candidate) continue;
    const node: IndexScanNode = { kind: 'indexscan', table, index: def, keyTypes: model.keyExprs.map((e) => e.type), ranges: candidate.ranges, descending: false };
    // Prefer more equality columns, then a range; a unique index fully matched by equalities wins.
    const score = candidate.equal * 10 + (candidate.range ? 5 : 0) + (def.unique && candidate.equal === def.keys.length ? 100 : 0);
    if (!best || score > best.score) best = { score, node, used: candidate.used };
  }
  if (!best) return filtered;
  // Conditions the index ranges express exactly need no second check; the rest filter the rows.
  const residual = conjuncts(condition).filter((c) => !best!.used.has(c));
  if (residual.length === 0) return best.node;
  const rest: Expr = residual.length === 1 ? residual[0]! : { kind: 'and', args: residual, type: condition.type, typmod: -1 };
  return { kind: 'filter', input: best.node, condition: rest };
}

function matchIndex(model: IndexModel, keys: string[], restrictions: (Restriction | Restriction[])[]): { ranges: KeyRange[]; equal: number; range: boolean; used: Set<Expr> } | null {
  const equal: Expr[] = [];
  const used = new Set<Expr>();
  let inList: Restriction[] | null = null;
  for (let col = 0; col < keys.length; col++) {
    const keyType = model.keyTypes[col]!;
    const fits = (r: Restriction) => r.key === keys[col] && sameKeyEncoding(r.value.type.oid, keyType);
    const eq = restrictions.find((r): r is Restriction => !Array.isArray(r) && r.op === '=' && fits(r));
    if (eq) {
      equal.push(eq.value);
      used.add(eq.source);
      continue;
    }
    // An IN list on the first unmatched column: one range per value.
    const list = restrictions.find((r): r is Restriction[] => Array.isArray(r) && r.every(fits));
    if (list && inList === null) {
      inList = list;
      used.add(list[0]!.source);
      break;
    }
    // A range on this column ends the usable prefix.
    const lowers = restrictions.filter((r): r is Restriction => !Array.isArray(r) && (r.op === '>' || r.op === '>=') && fits(r));
    const uppers = restrictions.filter((r): r is Restriction => !Array.isArray(r) && (r.op === '<' || r.op === '<=') && fits(r));
    if (lowers.length === 0 && uppers.length === 0) break;
    const lower = lowers[0] ? { value: lowers[0].value, inclusive: lowers[0].op === '>=' } : null;
    const upper = uppers[0] ? { value: uppers[0].value, inclusive: uppers[0].op === '<=' } : null;
    if (lowers[0]) used.add(lowers[0].source);
    if (uppers[0]) used.add(uppers[0].source);
    return { ranges: [{ equal, lower, upper }], equal: equal.length, range: true, used };
  }
  if (inList) return { ranges: inList.map((r) => ({ equal: [...equal, r.value], lower: null, upper: null })), equal: equal.length + 1, range: false, used };
  if (equal.length === 0) return null;
  return { ranges: [{ equal, lower: null, upper: null }], equal: equal.length, range: false, used };
}
