/** The names a query's expressions can see: the columns of its FROM items. */
import type { RelationDef } from '../../catalog/objects.js';
import { PgError, SqlState } from '../../types/errors.js';
import type { PgType } from '../../types/type.js';
import type { Expr } from '../bound.js';
import type { AnalyzeContext } from './context.js';
import type { Scope } from './expr.js';

export interface ScopeColumn {
  readonly name: string;
  readonly type: PgType;
  readonly typmod: number;
  /** Position in the input row. */
  readonly index: number;
  /** pg_attribute.attnum, for RowDescription (0 if not a table column). */
  readonly attnum: number;
  /** A computed column (USING merge of a FULL JOIN: COALESCE(l.a, r.a)) instead of an input slot. */
  readonly expr?: Expr;
  /** Merged away by JOIN … USING: reachable only qualified (t.a), not as a bare name or by `*`. */
  readonly hidden?: boolean;
}

export interface RangeItem {
  /** The alias, or the table name when there is none. */
  readonly alias: string;
  readonly relation: RelationDef | null;
  readonly schemaName: string | null;
  readonly columns: readonly ScopeColumn[];
}

export class TableScope implements Scope {
  constructor(
    private readonly ctx: AnalyzeContext,
    readonly items: readonly RangeItem[],
    private readonly parent: Scope | null = null,
  ) {}

  resolveColumn(fields: readonly string[], location: number | undefined): Expr | undefined {
    const pos = this.ctx.pos(location);
    if (fields.length === 1) {
      const name = fields[0]!;
      let found: { item: RangeItem; col: ScopeColumn } | null = null;
      for (const item of this.items) {
        for (const col of item.columns) {
          if (col.name !== name || col.hidden) continue;
          if (found) throw new PgError(SqlState.AmbiguousColumn, `column reference "${name}" is ambiguous`, { position: pos });
          found = { item, col };
        }
      }
      if (found) return columnExpr(found.item, found.col);
      return this.parent?.resolveColumn(fields, location);
    }
    const colName = fields[fields.length - 1]!;
    const tableName = fields[fields.length - 2]!;
    const schemaName = fields.length > 2 ? fields[fields.length - 3]! : null;
    const item = this.items.find((i) => i.alias === tableName && (schemaName === null || i.schemaName === schemaName));
    if (!item) return this.parent?.resolveColumn(fields, location);
    const col = item.columns.find((c) => c.name === colName);
    if (!col) throw new PgError(SqlState.UndefinedColumn, `column ${tableName}.${colName} does not exist`, { position: pos });
    return columnExpr(item, col);
  }

  /** The columns `*` or `alias.*` stands for. */
  expandStar(alias: string | null, location: number | undefined): { item: RangeItem; col: ScopeColumn }[] {
    if (alias === null) return this.items.flatMap((item) => item.columns.filter((c) => !c.hidden).map((col) => ({ item, col })));
    const item = this.items.find((i) => i.alias === alias);
    if (!item) throw new PgError(SqlState.UndefinedTable, `missing FROM-clause entry for table "${alias}"`, { position: this.ctx.pos(location) });
    return item.columns.map((col) => ({ item, col: col.hidden ? { ...col, hidden: false } : col }));
  }
}

export function columnExpr(item: RangeItem, col: ScopeColumn): Expr {
  return col.expr ?? { kind: 'column', index: col.index, name: col.name, type: col.type, typmod: col.typmod, qualifier: item.alias || undefined };
}
