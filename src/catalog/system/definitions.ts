/**
 * The SQL text PostgreSQL's ruleutils.c shows for catalog objects:
 * pg_get_indexdef, pg_get_constraintdef, pg_get_expr of defaults, as used by
 * pg_indexes, pg_attrdef, psql's \d and the ORMs' introspection.
 */
import type { Catalog } from '../catalog.js';
import type { ColumnDef, ConstraintDef, IndexDef, RelationDef, StoredExpr } from '../objects.js';
import { accessMethodOid, fullyQualifiedName, keyType, qualifiedClassName, quoteIdent, quoteLiteral } from './common.js';
import { rawExprText } from './expr-text.js';
import { defaultOpclassName } from './pg-opclass.js';

/** Search-path schemas, for names that are qualified only when not visible. */
export type SearchPath = readonly string[];

function columnTypes(rel: RelationDef | undefined): (name: string) => number | undefined {
  return (name) => rel?.columns.find((c) => !c.dropped && c.name === name)?.typeOid;
}

function exprText(e: StoredExpr, rel: RelationDef | undefined, pretty: boolean): string {
  if (e.text !== '') return e.text;
  return rawExprText(e.node, { columnType: columnTypes(rel), pretty });
}

/** pg_get_expr(adbin, adrelid): a column default or generation expression. */
export function defaultText(rel: RelationDef, col: ColumnDef): string {
  if (!col.default) return '';
  if (col.default.text !== '') return col.default.text;
  return rawExprText(col.default.node, { columnType: columnTypes(rel), targetType: col.generated ? undefined : col.typeOid, targetTypmod: col.typmod });
}

function columnName(rel: RelationDef | undefined, attnum: number): string {
  const c = rel?.columns.find((x) => x.attnum === attnum);
  return c ? quoteIdent(c.name) : `${attnum}`;
}

/** One key column of an index: its name or `(expression)`, as pg_get_indexdef(oid, n, …) prints it alone. */
function indexKeyText(rel: RelationDef | undefined, ix: IndexDef, i: number, pretty: boolean, alone: boolean): string {
  const k = ix.keys[i]!;
  if (k.attnum > 0) return columnName(rel, k.attnum);
  const text = k.expr ? exprText(k.expr, rel, true) : '?';
  const isCall = k.expr ? 'FuncCall' in (k.expr.node as object) || 'SQLValueFunction' in (k.expr.node as object) : false;
  if (alone || isCall) return text;
  // A non-call expression key is parenthesized: one pair in pretty mode, two otherwise.
  return pretty ? `(${text})` : `((${text}))`;
}

/**
 * pg_get_indexdef(oid[, column, pretty]): the CREATE INDEX statement, or for
 * column > 0 just that key column. The table name is schema-qualified unless
 * pretty-printing finds it visible.
 */
export function indexDefinition(catalog: Catalog, ix: IndexDef, column: number, pretty: boolean, searchPath: SearchPath): string {
  const rel = catalog.relation(ix.tableOid);
  if (column > 0) {
    if (column <= ix.keys.length) return indexKeyText(rel, ix, column - 1, pretty, true);
    const inc = ix.include[column - ix.keys.length - 1];
    return inc === undefined ? '' : columnName(rel, inc);
  }
  const keys = ix.keys.map((k, i) => {
    let s = indexKeyText(rel, ix, i, pretty, false);
    const typeOid = keyType(rel, k);
    if (k.opclass && k.opclass !== defaultOpclassName(accessMethodOid(ix.method), typeOid)) s += ` ${k.opclass}`;
    if (k.descending) s += ' DESC';
    if (k.nullsFirst && !k.descending) s += ' NULLS FIRST';
    if (!k.nullsFirst && k.descending) s += ' NULLS LAST';
    return s;
  });
  const table = rel ? (pretty ? qualifiedClassName(catalog, rel, searchPath) : fullyQualifiedName(catalog, rel)) : '?';
  let def = `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(ix.name)} ON ${table} USING ${ix.method} (${keys.join(', ')})`;
  if (ix.include.length > 0) def += ` INCLUDE (${ix.include.map((a) => columnName(rel, a)).join(', ')})`;
  if (ix.nullsNotDistinct) def += ' NULLS NOT DISTINCT';
  const options = Object.entries(ix.options);
  if (options.length > 0) def += ` WITH (${options.map(([k, v]) => `${k}=${quoteLiteral(v)}`).join(', ')})`;
  if (ix.predicate) def += ` WHERE ${exprText(ix.predicate, rel, pretty)}`;
  return def;
}

const FK_ACTION_WORDS: Record<string, string> = { r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** pg_get_constraintdef(oid[, pretty]). */
export function constraintDefinition(catalog: Catalog, con: ConstraintDef, pretty: boolean, searchPath: SearchPath): string {
  const rel = catalog.relation(con.tableOid);
  const list = (r: RelationDef | undefined, attnums: readonly number[]) => attnums.map((a) => columnName(r, a)).join(', ');
  let def: string;
  switch (con.type) {
    case 'p':
    case 'u': {
      const ix = catalog.index(con.indexOid);
      def = `${con.type === 'p' ? 'PRIMARY KEY' : 'UNIQUE'}${ix?.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''} (${list(rel, con.columns)})`;
      if (ix && ix.include.length > 0) def += ` INCLUDE (${list(rel, ix.include)})`;
      break;
    }
    case 'f': {
      const fk = con.fk!;
      const ref = catalog.relation(fk.refTableOid);
      const refName = ref ? qualifiedClassName(catalog, ref, searchPath) : '?';
      def = `FOREIGN KEY (${list(rel, con.columns)}) REFERENCES ${refName}(${list(ref, fk.refColumns)})`;
      if (fk.match === 'f') def += ' MATCH FULL';
      if (fk.match === 'p') def += ' MATCH PARTIAL';
      if (fk.onUpdate !== 'a') def += ` ON UPDATE ${FK_ACTION_WORDS[fk.onUpdate]}`;
      if (fk.onDelete !== 'a') def += ` ON DELETE ${FK_ACTION_WORDS[fk.onDelete]}`;
      break;
    }
    case 'c': {
      const text = con.check ? exprText(con.check, rel, pretty) : '';
      // Stored text is the bare expression: non-pretty output always shows its outer parentheses.
      const shown = con.check?.text && !pretty && !(text.startsWith('(') && text.endsWith(')')) ? `(${text})` : text;
      def = `CHECK (${shown})`;
      break;
    }
  }
  if (con.deferrable) def += ' DEFERRABLE';
  return def;
}

/**
 * The columns a CHECK constraint reads (pg_constraint.conkey), in attnum
 * order, found by walking the stored parse tree for column references.
 */
export function checkColumns(rel: RelationDef | undefined, con: ConstraintDef): number[] {
  if (!con.check || !rel) return [...con.columns];
  const names = new Set<string>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const ref = (n as { ColumnRef?: { fields?: { String?: { sval: string } }[] } }).ColumnRef;
      if (ref) {
        const last = ref.fields?.[ref.fields.length - 1]?.String?.sval;
        if (last) names.add(last);
      } else Object.values(n).forEach(walk);
    }
  };
  walk(con.check.node);
  const found = rel.columns.filter((c) => !c.dropped && names.has(c.name)).map((c) => c.attnum);
  return found.length > 0 ? found : [...con.columns];
}
