/**
 * EXPLAIN output in PostgreSQL's text format (without cost estimates, which
 * vecsql does not compute). With ANALYZE, each node shows the rows it
 * produced and the time spent, as measured by the executor.
 */
import type { Expr } from '../bound.js';
import { deparse as deparseExpr } from '../deparse.js';
import type { PlanNode, SortKeySpec } from './plan.js';

export interface NodeStats {
  rows: number;
  /** Milliseconds from the first pull to the last. */
  firstMs: number;
  totalMs: number;
  loops: number;
}

export type PlanStats = Map<PlanNode, NodeStats>;

function hasJoin(n: PlanNode): boolean {
  if (n.kind === 'join') return true;
  const kids: PlanNode[] = 'input' in n ? [n.input] : 'source' in n ? [n.source] : [];
  return kids.some(hasJoin);
}

function sortKeyTextWith(k: SortKeySpec, deparse: (e: Expr) => string): string {
  let s = deparse(k.expr);
  if (k.descending) s += ' DESC';
  if (k.nullsFirst !== k.descending) s += k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
  return s;
}

function stripParens(s: string): string {
  return s;
}

export function explainLines(root: PlanNode, stats?: PlanStats): string[] {
  const lines: string[] = [];
  const qualify = hasJoin(root);
  const deparse = (e: Expr) => deparseExpr(e, { qualify });
  const sortKeyText = (k: SortKeySpec) => sortKeyTextWith(k, deparse);
  const walk = (node: PlanNode, depth: number, filter: Expr | null) => {
    const indent = depth === 0 ? '' : ' '.repeat(depth * 6 - 6) + '  ->  ';
    const detail = ' '.repeat(depth === 0 ? 2 : depth * 6 + 2);
    const st = stats?.get(node);
    const actual = st ? ` (actual time=${st.firstMs.toFixed(3)}..${st.totalMs.toFixed(3)} rows=${st.rows} loops=${st.loops})` : '';
    const line = (title: string) => lines.push(indent + title + actual);
    switch (node.kind) {
      case 'filter':
        if (node.input.kind === 'seqscan' || node.input.kind === 'indexscan') return walk(node.input, depth, node.condition);
        line('Result');
        lines.push(`${detail}Filter: ${stripParens(deparse(node.condition))}`);
        return walk(node.input, depth + 1, null);
      case 'seqscan':
        line(`Seq Scan on ${node.table.name}`);
        if (filter) lines.push(`${detail}Filter: ${deparse(filter)}`);
        return;
      case 'indexscan': {
        line(`Index Scan${node.descending ? ' Backward' : ''} using ${node.index.name} on ${node.table.name}`);
        const bounded = node.ranges.filter((r) => r.equal.length > 0 || r.lower || r.upper);
        const conds = bounded.map((r) => {
          const parts = r.equal.map((v, i) => `(${keyName(node, i)} = ${deparse(v)})`);
          const col = keyName(node, r.equal.length);
          if (r.lower) parts.push(`(${col} ${r.lower.inclusive ? '>=' : '>'} ${deparse(r.lower.value)})`);
          if (r.upper) parts.push(`(${col} ${r.upper.inclusive ? '<=' : '<'} ${deparse(r.upper.value)})`);
          return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
        });
        if (conds.length > 0) lines.push(`${detail}Index Cond: ${conds.length === 1 ? conds[0] : `(${conds.join(' OR ')})`}`);
        if (filter) lines.push(`${detail}Filter: ${deparse(filter)}`);
        return;
      }
      case 'setop':
        line(node.op === 'union' ? (node.all ? 'Append' : 'HashAggregate') : `HashSetOp ${node.op === 'intersect' ? 'Intersect' : 'Except'}${node.all ? ' All' : ''}`);
        walk(node.left, depth + 1, null);
        return walk(node.right, depth + 1, null);
      case 'recursive':
        line('Recursive Union');
        walk(node.anchor, depth + 1, null);
        return walk(node.recursive, depth + 1, null);
      case 'worktable':
        line('WorkTable Scan');
        return;
      case 'projectset':
        line('ProjectSet');
        return walk(node.input, depth + 1, null);
      case 'window': {
        // PostgreSQL: one WindowAgg per window clause, the last evaluated on top, each above the Sort it needs.
        let d = depth;
        for (let c = node.clauses.length - 1; c >= 0; c--) {
          if (d === depth) line('WindowAgg');
          else lines.push(' '.repeat(d * 6 - 6) + '  ->  WindowAgg');
          d++;
          const sort = node.clauses[c]!.sort;
          if (sort) {
            lines.push(' '.repeat(d * 6 - 6) + '  ->  Sort');
            lines.push(`${' '.repeat(d * 6 + 2)}Sort Key: ${sort.map(sortKeyText).join(', ')}`);
            d++;
          }
        }
        return walk(node.input, d, null);
      }
      case 'function':
        line(`Function Scan on ${node.name}`);
        return;
      case 'annscan':
        line(`Index Scan using ${node.index.name} on ${node.table.name}`);
        lines.push(`${detail}Order By: (${node.table.columns[node.column]!.name} ${node.distance.name} ${deparse(node.query)})`);
        if (node.filter) lines.push(`${detail}Filter: ${deparse(node.filter)}`);
        if (node.candidates) {
          lines.push(`${detail}Filter Strategy: candidates from a B-tree, ranked exactly up to 10000 rows, else filtered graph search`);
          return walk(node.candidates, depth + 1, null);
        }
        if (node.filter) lines.push(`${detail}Filter Strategy: iterative graph search`);
        return;
      case 'system':
        line(`Function Scan on ${node.relation.name}`);
        return;
      case 'values':
        line(node.rows.length === 1 && node.width === 0 ? 'Result' : `Values Scan on "*VALUES*"`);
        return;
      case 'project':
        return walk(node.input, depth, null);
      case 'limit':
        line('Limit');
        return walk(node.input, depth + 1, null);
      case 'sort':
        line('Sort');
        lines.push(`${detail}Sort Key: ${node.keys.map(sortKeyText).join(', ')}`);
        return walk(node.input, depth + 1, null);
      case 'topk': {
        line('Limit');
        const inner = ' '.repeat((depth + 1) * 6 + 2);
        lines.push(' '.repeat(depth * 6) + '  ->  Sort');
        lines.push(`${inner}Sort Key: ${node.keys.map(sortKeyText).join(', ')}`);
        return walk(node.input, depth + 2, null);
      }
      case 'aggregate':
        line(node.groupKeys.length > 0 ? 'HashAggregate' : 'Aggregate');
        if (node.groupKeys.length > 0) lines.push(`${detail}Group Key: ${node.groupKeys.map((k) => deparse(k)).join(', ')}`);
        return walk(node.input, depth + 1, null);
      case 'distinct':
        line(node.on ? 'Unique' : 'HashAggregate');
        return walk(node.input, depth + 1, null);
      case 'join': {
        const type = node.joinType === 'inner' ? '' : ` ${node.joinType[0]!.toUpperCase()}${node.joinType.slice(1)}`;
        if (node.hashKeys.length > 0) {
          line(`Hash${type} Join`);
          lines.push(`${detail}Hash Cond: ${node.hashKeys.map((k) => `(${deparse(k.left)} = ${deparse(k.right)})`).join(' AND ')}`);
          if (node.condition) lines.push(`${detail}Join Filter: ${deparse(node.condition)}`);
          walk(node.left, depth + 1, null);
          lines.push(' '.repeat(depth * 6) + '  ->  Hash');
          return walk(node.right, depth + 2, null);
        }
        line(`Nested Loop${type === '' ? '' : type + ' Join'}`);
        if (node.condition) lines.push(`${detail}Join Filter: ${deparse(node.condition)}`);
        walk(node.left, depth + 1, null);
        if (node.lateral) return walk(node.right, depth + 1, null);
        lines.push(' '.repeat(depth * 6) + '  ->  Materialize');
        return walk(node.right, depth + 2, null);
      }
      case 'insert':
        line(`Insert on ${node.table.name}`);
        if (node.onConflict) lines.push(`${detail}Conflict Resolution: ${node.onConflict.action === 'nothing' ? 'NOTHING' : 'UPDATE'}`);
        return walk(node.source, depth + 1, null);
      case 'update':
        line(`Update on ${node.table.name}`);
        return walk(node.input, depth + 1, null);
      case 'delete':
        line(`Delete on ${node.table.name}`);
        return walk(node.input, depth + 1, null);
    }
  };
  walk(root, 0, null);
  return lines;
}

function keyName(node: Extract<PlanNode, { kind: 'indexscan' }>, i: number): string {
  const k = node.index.keys[i];
  if (!k) return '?';
  return k.attnum > 0 ? node.table.columns[k.attnum - 1]!.name : 'expr';
}
