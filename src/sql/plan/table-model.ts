/**
 * Everything a write to a table must check and maintain, bound once per
 * statement: column types, NOT NULL, CHECK constraints, index keys, foreign
 * keys in both directions, defaults. Writes that cascade through foreign
 * keys reach other tables, so a statement carries the models of every table
 * it may touch.
 */
import type { Node } from '@pgsql/types';
import type { Catalog } from '../../catalog/catalog.js';
import type { ConstraintDef, IndexDef, RelationDef, SequenceDef } from '../../catalog/objects.js';
import { PgError, SqlState } from '../../types/errors.js';
import { typeByOid } from '../../types/registry.js';
import type { Expr } from '../bound.js';
import type { AnalyzeContext } from '../analyze/context.js';
import { ExprBinder } from '../analyze/expr.js';
import { TableScope } from '../analyze/scope.js';
import { bindDefault } from '../analyze/defaults.js';

export interface IndexModel {
  readonly def: IndexDef;
  /** Key expressions over the table row. */
  readonly keyExprs: readonly Expr[];
  readonly keyTypes: readonly number[];
  readonly descending: readonly boolean[];
  readonly nullsFirst: readonly boolean[];
  readonly predicate: Expr | null;
}

export interface ForeignKeyModel {
  readonly con: ConstraintDef;
  /** Referencing table and its key columns (0-based). */
  readonly table: number;
  readonly columns: readonly number[];
  /** Referenced table, its key columns, and the unique index that enforces them. */
  readonly refTable: number;
  readonly refColumns: readonly number[];
  readonly refIndex: IndexDef;
}

export interface TableModel {
  readonly table: RelationDef;
  readonly typeOids: readonly number[];
  readonly columnNames: readonly string[];
  readonly notNull: readonly boolean[];
  readonly checks: readonly { readonly name: string; readonly expr: Expr }[];
  readonly indexes: readonly IndexModel[];
  /** Foreign keys of this table (checked on insert/update). */
  readonly outgoing: readonly ForeignKeyModel[];
  /** Foreign keys of other tables pointing here (actions on update/delete). */
  readonly incoming: readonly ForeignKeyModel[];
  /** HNSW indexes: their vector column (0-based), maintained after commit. */
  readonly annIndexes: readonly { readonly oid: number; readonly column: number }[];
  /** DEFAULT expressions by column (identity and serial columns included), null where none. */
  readonly defaults: readonly (Expr | null)[];
  /** GENERATED ALWAYS AS (expr) STORED columns: expression over the row. */
  readonly generated: readonly (Expr | null)[];
  readonly identity: readonly ('' | 'a' | 'd')[];
}

export type TableModels = ReadonlyMap<number, TableModel>;

function scopeFor(ctx: AnalyzeContext, table: RelationDef): TableScope {
  return new TableScope(ctx, [
    {
      alias: table.name,
      relation: table,
      schemaName: null,
      columns: table.columns.filter((c) => !c.dropped).map((c) => ({ name: c.name, type: typeByOid(c.typeOid), typmod: c.typmod, index: c.attnum - 1, attnum: c.attnum })),
    },
  ]);
}

export function buildIndexModel(ctx: AnalyzeContext, table: RelationDef, def: IndexDef): IndexModel {
  const scope = scopeFor(ctx, table);
  const binder = new ExprBinder(ctx, scope, null, 'index expressions');
  const keyExprs = def.keys.map((k): Expr => {
    if (k.attnum > 0) {
      const c = table.columns[k.attnum - 1]!;
      return { kind: 'column', index: k.attnum - 1, name: c.name, type: typeByOid(c.typeOid), typmod: c.typmod };
    }
    return binder.bind(k.expr!.node as Node);
  });
  return {
    def,
    keyExprs,
    keyTypes: keyExprs.map((e) => e.type.oid),
    descending: def.keys.map((k) => k.descending),
    nullsFirst: def.keys.map((k) => k.nullsFirst),
    predicate: def.predicate ? binder.bindCondition(def.predicate.node as Node, 'WHERE') : null,
  };
}

function fkModel(catalog: Catalog, con: ConstraintDef): ForeignKeyModel {
  const fk = con.fk!;
  const refIndex = catalog.indexesOf(fk.refTableOid).find((i) => i.unique && !i.predicate && i.keys.length === fk.refColumns.length && i.keys.every((k, n) => k.attnum === fk.refColumns[n]));
  if (!refIndex) throw new PgError(SqlState.InternalError, `foreign key "${con.name}" has no unique index on the referenced columns`);
  return { con, table: con.tableOid, columns: con.columns.map((a) => a - 1), refTable: fk.refTableOid, refColumns: fk.refColumns.map((a) => a - 1), refIndex };
}

export function buildTableModel(ctx: AnalyzeContext, catalog: Catalog, table: RelationDef): TableModel {
  const scope = scopeFor(ctx, table);
  const constraints = catalog.constraintsOf(table.oid);
  const checks = constraints
    .filter((c) => c.type === 'c')
    .map((c) => ({ name: c.name, expr: new ExprBinder(ctx, scope, null, 'check constraints').bindCondition(c.check!.node as Node, 'CHECK') }));
  const defaults = table.columns.map((c) => {
    if (c.dropped || !c.default || c.generated) return null;
    return bindDefault(ctx, c.default.node as Node, typeByOid(c.typeOid), c.typmod, c.name);
  });
  const generated = table.columns.map((c) => {
    if (c.dropped || c.generated !== 's' || !c.default) return null;
    const e = new ExprBinder(ctx, scope, null, 'column generation expression').bind(c.default.node as Node);
    return e;
  });
  const incoming: ForeignKeyModel[] = [];
  for (const con of catalog.referencingConstraints(table.oid)) incoming.push(fkModel(catalog, con));
  return {
    table,
    typeOids: table.columns.map((c) => c.typeOid),
    columnNames: table.columns.map((c) => c.name),
    notNull: table.columns.map((c) => c.notNull && !c.dropped),
    checks,
    indexes: catalog.indexesOf(table.oid).filter((i) => i.method === 'btree').map((i) => buildIndexModel(ctx, table, i)),
    annIndexes: catalog.indexesOf(table.oid).filter((i) => i.method === 'hnsw' && i.keys[0]!.attnum > 0).map((i) => ({ oid: i.oid, column: i.keys[0]!.attnum - 1 })),
    outgoing: constraints.filter((c) => c.type === 'f').map((c) => fkModel(catalog, c)),
    incoming,
    defaults,
    generated,
    identity: table.columns.map((c) => c.identity),
  };
}

/** Models for `root` and every table a write to it can cascade into or must check. */
export function buildTableModels(ctx: AnalyzeContext, catalog: Catalog, root: RelationDef): Map<number, TableModel> {
  const out = new Map<number, TableModel>();
  const pending = [root.oid];
  while (pending.length > 0) {
    const oid = pending.pop()!;
    if (out.has(oid)) continue;
    const rel = catalog.relation(oid);
    if (!rel) continue;
    const m = buildTableModel(ctx, catalog, rel);
    out.set(oid, m);
    for (const fk of m.incoming) if (!out.has(fk.table)) pending.push(fk.table);
    // Referenced tables are read to check new keys exist.
    for (const fk of m.outgoing) if (!out.has(fk.refTable)) pending.push(fk.refTable);
  }
  return out;
}

export type { SequenceDef };
