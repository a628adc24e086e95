/** B-tree index range scans: ranges of encoded keys, then the rows they point to. */
import type { IndexScanNode, KeyRange } from '../sql/plan/plan.js';
import { encodePrefix, prefixUpperBound, decodeRowid } from '../storage/key-codec.js';
import type { Value } from '../types/value.js';
import { compileExpr, type Row } from './compile-expr.js';
import type { QueryEnv } from './operator.js';
import { TableWriter, mergedRange } from './table-writer.js';
import { PgError, SqlState } from '../types/errors.js';

function oidPrefix(oid: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(oid);
  return b;
}

/** Byte bounds [start, end) of one key range. */
function rangeBounds(node: IndexScanNode, range: KeyRange, env: QueryEnv): { start: Buffer; end: Buffer } | null {
  const types = node.keyTypes.map((t) => t.oid);
  const desc = node.index.keys.map((k) => k.descending);
  const nullsFirst = node.index.keys.map((k) => k.nullsFirst);
  const equal: Value[] = range.equal.map((e) => compileExpr(e)([], env));
  // A NULL compared with = matches nothing.
  if (equal.some((v) => v === null)) return null;
  const base = oidPrefix(node.index.oid);
  const prefix = (vals: Value[]) => Buffer.concat([base, encodePrefix(vals, types, desc, nullsFirst)]);
  const eqPrefix = prefix(equal);
  let start: Buffer = eqPrefix;
  let end: Buffer = prefixUpperBound(eqPrefix) ?? oidPrefix(node.index.oid + 1);
  const col = equal.length;
  let lower = range.lower;
  let upper = range.upper;
  // On a DESC column, the smaller SQL values sort later: swap the bounds' roles.
  if (desc[col]) [lower, upper] = [upper, lower];
  const boundValue = (b: { value: import('../sql/bound.js').Expr }) => compileExpr(b.value)([], env);
  if (lower) {
    const v = boundValue(lower);
    if (v === null) return null;
    const p = prefix([...equal, v]);
    start = lower.inclusive ? p : (prefixUpperBound(p) ?? end);
  }
  if (upper) {
    const v = boundValue(upper);
    if (v === null) return null;
    const p = prefix([...equal, v]);
    end = upper.inclusive ? (prefixUpperBound(p) ?? end) : p;
  }
  // A comparison never matches NULL: cut the column's NULLs off whichever end they sort at.
  if (range.lower || range.upper) {
    const nullKey = prefix([...equal, null]);
    if (nullsFirst[col]) {
      const after = prefixUpperBound(nullKey);
      if (after && Buffer.compare(after, start) > 0) start = after;
    } else if (Buffer.compare(nullKey, end) < 0) end = nullKey;
  }
  return Buffer.compare(start, end) < 0 ? { start, end } : null;
}

export function* indexScanRows(node: IndexScanNode, env: QueryEnv): Generator<Row> {
  const model = env.models.get(node.table.oid);
  if (!model) throw new PgError(SqlState.InternalError, `no model for table ${node.table.name}`);
  const table = new TableWriter(model, env.models, env.txn, env);
  const seen = node.ranges.length > 1 ? new Set<number>() : null;
  const bounds = node.ranges.map((r) => rangeBounds(node, r, env)).filter((b): b is { start: Buffer; end: Buffer } => b !== null);
  if (node.descending) bounds.reverse();
  for (const b of bounds) {
    const rowids: number[] = [];
    for (const { key } of mergedRange(env.txn, 'index', b.start, b.end)) rowids.push(decodeRowid(key));
    if (node.descending) rowids.reverse();
    for (const rowid of rowids) {
      if (seen) {
        if (seen.has(rowid)) continue;
        seen.add(rowid);
      }
      const row = table.get(rowid);
      if (!row) continue;
      row.push(rowid);
      yield row;
    }
  }
}
