/**
 * Applies bound DDL (sql/analyze/ddl.ts) inside a transaction: a new catalog
 * snapshot plus the row and index writes the change implies (index builds,
 * dropped tables' rows). Everything goes through the transaction's write set,
 * so DDL is transactional, as in PostgreSQL.
 */
import type { DdlStatement, NewColumn, NewConstraint, NewSequence, SequenceOptions, AlterCommand } from '../sql/analyze/ddl.js';
import { CatalogChange, type Catalog } from '../catalog/catalog.js';
import { persistChange } from '../catalog/store.js';
import { searchPathSchemas } from '../catalog/search-path.js';
import type { ColumnDef, ConstraintDef, IndexDef, IndexKey, RelationDef, SequenceDef, StoredExpr, CatalogObject } from '../catalog/objects.js';
import { PgError, SqlState } from '../types/errors.js';
import { Oid } from '../types/oids.js';
import type { Transaction } from './transaction.js';
import type { ExecEnv } from './compile-expr.js';
import type { IndexModel, TableModel } from '../sql/plan/table-model.js';
import { TableWriter } from './table-writer.js';
import { compileExpr } from './compile-expr.js';
import { findTypeByName, typeByOid } from '../types/registry.js';
import { formatType } from '../types/format-type.js';

/** Builds table/index models for DDL that must read rows; provided by the statement layer. */
export interface ModelBuilder {
  table(catalog: Catalog, rel: RelationDef): TableModel;
  index(catalog: Catalog, rel: RelationDef, index: IndexDef): IndexModel;
}

function notice(env: ExecEnv, message: string): void {
  env.session.notice(new PgError(SqlState.SuccessfulCompletion, message, { severity: 'NOTICE' }));
}

const INT_BOUNDS: Record<number, [bigint, bigint]> = {
  [Oid.int2]: [-32768n, 32767n],
  [Oid.int4]: [-2147483648n, 2147483647n],
  [Oid.int8]: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** Picks a name like PostgreSQL's ChooseRelationName: base, then base1, base2… until free. */
function chooseName(change: CatalogChange, catalog: () => Catalog, namespace: number, base: string, taken: Set<string> = new Set()): string {
  const trimmed = (s: string) => (Buffer.byteLength(s) > 63 ? Buffer.from(s).subarray(0, 63).toString() : s);
  let name = trimmed(base);
  for (let i = 1; catalog().classIn(namespace, name) || taken.has(name) || constraintNameTaken(change, namespace, name); i++) name = trimmed(base) + String(i);
  taken.add(name);
  return name;
}

function constraintNameTaken(change: CatalogChange, namespace: number, name: string): boolean {
  for (const o of change.result().all()) if (o.kind === 'constraint' && o.namespace === namespace && o.name === name) return true;
  return false;
}

export class DdlExecutor {
  private change: CatalogChange;

  constructor(
    private readonly txn: Transaction,
    private readonly env: ExecEnv,
    private readonly models: ModelBuilder,
  ) {
    this.change = txn.catalog.change();
  }

  private get current(): Catalog {
    return this.change.result();
  }

  /** Persists the change into the transaction and makes it its catalog. */
  private commitChange(): void {
    const next = persistChange(this.change, this.txn.ws);
    this.txn.setCatalog(next);
    this.change = next.change();
  }

  run(d: DdlStatement): string {
    const tag = this.apply(d);
    this.commitChange();
    return tag;
  }

  private apply(d: DdlStatement): string {
    switch (d.kind) {
      case 'create_table':
        return this.createTable(d);
      case 'create_index':
        return this.createIndex(d);
      case 'drop':
        return this.drop(d);
      case 'create_sequence':
        return this.createSequence(d);
      case 'alter_sequence':
        return this.alterSequence(d);
      case 'create_schema':
        return this.createSchema(d);
      case 'truncate':
        return this.truncate(d);
      case 'rename':
        return this.rename(d);
      case 'alter_table':
        return this.alterTable(d);
      case 'comment':
        return this.comment(d);
      case 'create_view':
        return this.createView(d);
      case 'create_extension':
        return this.createExtension(d);
    }
  }

  // ---- Tables ----

  private createTable(d: Extract<DdlStatement, { kind: 'create_table' }>): string {
    const existing = this.current.classIn(d.schema.oid, d.name);
    if (existing) {
      if (d.ifNotExists) {
        notice(this.env, `relation "${d.name}" already exists, skipping`);
        return 'CREATE TABLE';
      }
      throw new PgError(SqlState.DuplicateTable, `relation "${d.name}" already exists`);
    }
    const oid = this.change.allocateOid();
    const rowTypeOid = this.change.allocateOid();
    const columns: ColumnDef[] = d.columns.map((c, i) => this.newColumn(c, i + 1, d.schema.oid, d.name, oid));
    const table: RelationDef = { kind: 'relation', oid, name: d.name, namespace: d.schema.oid, relkind: 'r', owner: this.env.session.userName, columns, rowTypeOid };
    this.change.put(table);
    for (const con of d.constraints) this.addConstraint(table, con);
    return 'CREATE TABLE';
  }

  private newColumn(c: NewColumn, attnum: number, namespace: number, tableName: string, tableOid: number): ColumnDef {
    let def: StoredExpr | null = c.default;
    if (c.sequence) {
      const seq = this.newSequence(namespace, c.sequence, { tableOid, attnum }, tableName);
      // serial: DEFAULT nextval('seq'::regclass); identity columns use the same default internally.
      def = nextvalDefault(seq, this.current.schemaByOid(namespace)?.name ?? 'public');
    }
    return { attnum, name: c.name, typeOid: c.type.oid, typmod: c.typmod, notNull: c.notNull, default: def, identity: c.identity, generated: c.generated, dropped: false };
  }

  private addConstraint(table: RelationDef, con: NewConstraint): void {
    const cols = con.columns.map((name) => {
      const c = table.columns.find((x) => x.name === name && !x.dropped);
      if (!c) throw new PgError(SqlState.UndefinedColumn, `column "${name}" named in key does not exist`);
      return c;
    });
    const colNames = cols.map((c) => c.name).join('_');
    const oid = this.change.allocateOid();
    let indexOid = 0;
    let name: string;
    switch (con.type) {
      case 'p':
      case 'u': {
        if (con.type === 'p' && this.current.constraintsOf(table.oid).some((c) => c.type === 'p')) {
          throw new PgError(SqlState.InvalidTableDefinition, `multiple primary keys for table "${table.name}" are not allowed`);
        }
        name = con.name ?? chooseName(this.change, () => this.current, table.namespace, con.type === 'p' ? `${table.name}_pkey` : `${table.name}_${colNames}_key`);
        if (con.name && this.current.classIn(table.namespace, con.name)) throw new PgError(SqlState.DuplicateTable, `relation "${con.name}" already exists`);
        if (con.type === 'p') {
          // A primary key makes its columns NOT NULL.
          const updated: RelationDef = { ...table, columns: table.columns.map((c) => (cols.includes(c) ? { ...c, notNull: true } : c)) };
          this.change.put(updated);
          table = updated;
        }
        const index = this.putIndex(table, name, true, con.type === 'p', cols.map((c) => ({ attnum: c.attnum, descending: false, nullsFirst: false })), null, 'btree', {});
        indexOid = index.oid;
        break;
      }
      case 'c': {
        // Named after the one column the expression reads, if it reads exactly one (as PostgreSQL does).
        const refs = cols.length > 0 ? cols.map((c) => c.name) : [...new Set(columnRefs(con.check!.node))];
        name = con.name ?? chooseName(this.change, () => this.current, table.namespace, refs.length === 1 ? `${table.name}_${refs[0]}_check` : `${table.name}_check`);
        break;
      }
      case 'f': {
        name = con.name ?? chooseName(this.change, () => this.current, table.namespace, `${table.name}_${colNames}_fkey`);
        const fk = con.fk!;
        const ref = fk.refTable === 'self' ? table : (this.current.relation(fk.refTable.oid) ?? fk.refTable);
        const refCols = fk.refColumns.length > 0
          ? fk.refColumns.map((n) => {
              const c = ref.columns.find((x) => x.name === n && !x.dropped);
              if (!c) throw new PgError(SqlState.UndefinedColumn, `column "${n}" referenced in foreign key constraint does not exist`);
              return c;
            })
          : (() => {
              const pk = this.current.constraintsOf(ref.oid).find((c) => c.type === 'p');
              if (!pk) throw new PgError(SqlState.UndefinedObject, `there is no primary key for referenced table "${ref.name}"`);
              return pk.columns.map((a) => ref.columns[a - 1]!);
            })();
        if (refCols.length !== cols.length) throw new PgError(SqlState.InvalidForeignKey, 'number of referencing and referenced columns for foreign key disagree');
        const unique = this.current.indexesOf(ref.oid).find((i) => i.unique && !i.predicate && i.keys.length === refCols.length && i.keys.every((k, n) => k.attnum === refCols[n]!.attnum));
        if (!unique) throw new PgError(SqlState.InvalidForeignKey, `there is no unique constraint matching given keys for referenced table "${ref.name}"`);
        cols.forEach((c, i) => {
          if (c.typeOid !== refCols[i]!.typeOid && !compatibleKeyTypes(c.typeOid, refCols[i]!.typeOid)) {
            throw new PgError(SqlState.DatatypeMismatch, `foreign key constraint "${name}" cannot be implemented`, {
              detail: `Key columns "${c.name}" and "${refCols[i]!.name}" are of incompatible types.`,
            });
          }
        });
        const def: ConstraintDef = {
          kind: 'constraint', oid, name, namespace: table.namespace, tableOid: table.oid, type: 'f', columns: cols.map((c) => c.attnum), indexOid: unique.oid, check: null,
          fk: { refTableOid: ref.oid, refColumns: refCols.map((c) => c.attnum), onDelete: fk.onDelete, onUpdate: fk.onUpdate, match: fk.match },
          deferrable: false,
        };
        this.change.put(def);
        this.validateForeignKey(table, def);
        return;
      }
    }
    const def: ConstraintDef = { kind: 'constraint', oid, name, namespace: table.namespace, tableOid: table.oid, type: con.type, columns: cols.map((c) => c.attnum), indexOid, check: con.check, fk: null, deferrable: false };
    this.change.put(def);
    if (con.type === 'c') this.validateCheck(table, def);
  }

  private putIndex(table: RelationDef, name: string, unique: boolean, primary: boolean, keys: IndexKey[], predicate: StoredExpr | null, method: string, options: Record<string, string>, include: number[] = []): IndexDef {
    const index: IndexDef = { kind: 'index', oid: this.change.allocateOid(), name, namespace: table.namespace, tableOid: table.oid, method, unique, primary, keys, include, predicate, options, nullsNotDistinct: false };
    this.change.put(index);
    if (method === 'btree') {
      const catalog = this.current;
      const rel = catalog.relation(table.oid)!;
      const writer = new TableWriter(this.models.table(catalog, rel), new Map(), this.txn, this.env);
      writer.buildIndex(this.models.index(catalog, rel, index));
    }
    return index;
  }

  /** Existing rows must satisfy a new CHECK constraint. */
  private validateCheck(table: RelationDef, con: ConstraintDef): void {
    const catalog = this.current;
    const rel = catalog.relation(table.oid)!;
    const model = this.models.table(catalog, rel);
    const check = model.checks.find((c) => c.name === con.name);
    if (!check) return;
    const writer = new TableWriter({ ...model, checks: [] }, new Map(), this.txn, this.env);
    const { compileExpr } = requireCompile();
    const fn = compileExpr(check.expr);
    for (const row of writer.scan()) {
      if (fn(row, this.env) === false) {
        throw new PgError(SqlState.CheckViolation, `check constraint "${con.name}" of relation "${table.name}" is violated by some row`, { table: table.name, constraint: con.name });
      }
    }
  }

  private validateForeignKey(table: RelationDef, con: ConstraintDef): void {
    const catalog = this.current;
    const rel = catalog.relation(table.oid)!;
    const ref = catalog.relation(con.fk!.refTableOid)!;
    const models = new Map([[rel.oid, this.models.table(catalog, rel)], [ref.oid, this.models.table(catalog, ref)]]);
    const writer = new TableWriter(models.get(rel.oid)!, models, this.txn, this.env);
    const refWriter = new TableWriter(models.get(ref.oid)!, models, this.txn, this.env);
    const refIndex = models.get(ref.oid)!.indexes.find((i) => i.def.oid === con.indexOid)!;
    for (const row of writer.scan()) {
      const key = con.columns.map((a) => row[a - 1]);
      if (key.some((v) => v === null)) continue;
      let found = false;
      for (const _ of refWriter.lookup(refIndex, key)) {
        found = true;
        break;
      }
      if (!found) {
        const cols = con.columns.map((a) => rel.columns[a - 1]!.name).join(', ');
        throw new PgError(SqlState.ForeignKeyViolation, `insert or update on table "${rel.name}" violates foreign key constraint "${con.name}"`, {
          detail: `Key (${cols})=(${key.map((v, i) => requireType(rel.columns[con.columns[i]! - 1]!.typeOid).toText(v, this.env.session.io)).join(', ')}) is not present in table "${ref.name}".`,
        });
      }
    }
  }

  // ---- Extensions ----

  private createExtension(d: Extract<DdlStatement, { kind: 'create_extension' }>): string {
    const version = AVAILABLE_EXTENSIONS[d.name];
    if (version === undefined) {
      throw new PgError(SqlState.FeatureNotSupported, `extension "${d.name}" is not available`, {
        hint: `vecsql provides these extensions: ${Object.keys(AVAILABLE_EXTENSIONS).join(', ')}.`,
      });
    }
    if (this.current.extension(d.name)) {
      if (d.ifNotExists) {
        notice(this.env, `extension "${d.name}" already exists, skipping`);
        return 'CREATE EXTENSION';
      }
      throw new PgError(SqlState.DuplicateObject, `extension "${d.name}" already exists`);
    }
    this.change.put({ kind: 'extension', oid: this.change.allocateOid(), name: d.name, namespace: d.schema.oid, version });
    return 'CREATE EXTENSION';
  }

  private dropExtension(name: string, missingOk: boolean, cascade: boolean): void {
    const ext = this.current.extension(name);
    if (!ext) {
      if (missingOk) return notice(this.env, `extension "${name}" does not exist, skipping`);
      throw new PgError(SqlState.UndefinedObject, `extension "${name}" does not exist`);
    }
    if (name === 'vector') {
      // The vector types belong to the extension: columns of those types depend on it.
      const vectorTypes = new Set(VECTOR_TYPE_NAMES.map((n) => findTypeByName(n)?.oid).filter((o): o is number => o !== undefined));
      for (const o of this.current.all()) {
        if (o.kind !== 'relation') continue;
        const col = o.columns.find((c) => !c.dropped && (vectorTypes.has(c.typeOid) || vectorTypes.has(requireType(c.typeOid).elemOid)));
        if (!col) continue;
        if (!cascade) {
          throw new PgError(SqlState.DependentObjectsStillExist, 'cannot drop extension vector because other objects depend on it', {
            detail: `column ${col.name} of table ${o.name} depends on type ${requireType(col.typeOid).name}`,
            hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
          });
        }
        throw new PgError(SqlState.FeatureNotSupported, 'DROP EXTENSION vector CASCADE with vector columns is not supported', { hint: 'Drop the columns or tables first.' });
      }
    }
    this.change.remove(ext.oid);
  }

  // ---- Views ----

  private createView(d: Extract<DdlStatement, { kind: 'create_view' }>): string {
    const existing = this.current.classIn(d.schema.oid, d.name);
    const columns: ColumnDef[] = d.columns.map((c, i) => ({ attnum: i + 1, name: c.name, typeOid: c.type.oid, typmod: c.typmod, notNull: false, default: null, identity: '', generated: '', dropped: false }));
    if (existing) {
      if (!d.replace || existing.kind !== 'relation' || existing.relkind !== 'v') {
        throw new PgError(SqlState.DuplicateTable, `relation "${d.name}" already exists`);
      }
      // CREATE OR REPLACE may add columns at the end but not change existing ones, as in PostgreSQL.
      existing.columns.forEach((old, i) => {
        const now = columns[i];
        if (!now) throw new PgError(SqlState.InvalidTableDefinition, 'cannot drop columns from view');
        if (now.name !== old.name) throw new PgError(SqlState.InvalidTableDefinition, `cannot change name of view column "${old.name}" to "${now.name}"`);
        if (now.typeOid !== old.typeOid) throw new PgError(SqlState.InvalidTableDefinition, `cannot change data type of view column "${old.name}" from ${requireType(old.typeOid).name} to ${requireType(now.typeOid).name}`);
      });
      this.change.put({ ...existing, columns, view: d.query, dependsOn: d.dependsOn });
      return 'CREATE VIEW';
    }
    this.change.put({ kind: 'relation', oid: this.change.allocateOid(), name: d.name, namespace: d.schema.oid, relkind: 'v', owner: this.env.session.userName, columns, rowTypeOid: this.change.allocateOid(), view: d.query, dependsOn: d.dependsOn });
    return 'CREATE VIEW';
  }

  /** Views that read `oid`. */
  private viewsOn(oid: number): RelationDef[] {
    const out: RelationDef[] = [];
    for (const o of this.current.all()) if (o.kind === 'relation' && o.relkind === 'v' && o.dependsOn?.includes(oid)) out.push(o);
    return out;
  }

  // ---- Indexes ----

  private createIndex(input: Extract<DdlStatement, { kind: 'create_index' }>): string {
    let d = input;
    const table = this.current.relation(d.table.oid)!;
    if (d.method === 'ivfflat') {
      notice(this.env, 'ivfflat indexes are served by an HNSW index in vecsql (better recall at the same speed); ivfflat.probes is accepted and ignored');
      d = { ...d, method: 'hnsw', options: {} };
    }
    if (d.method === 'hnsw') return this.createHnswIndex(table, d);
    if (d.method !== 'btree') {
      throw new PgError(SqlState.UndefinedObject, `access method "${d.method}" does not exist`);
    }
    const keyCols = d.keys.map((k) => (k.column ?? 'expr'));
    const name = d.name ?? chooseName(this.change, () => this.current, table.namespace, `${table.name}_${keyCols.join('_')}_idx`);
    if (this.current.classIn(table.namespace, name)) {
      if (d.ifNotExists) {
        notice(this.env, `relation "${name}" already exists, skipping`);
        return 'CREATE INDEX';
      }
      throw new PgError(SqlState.DuplicateTable, `relation "${name}" already exists`);
    }
    const keys: IndexKey[] = d.keys.map((k) => ({
      attnum: k.column ? table.columns.find((c) => c.name === k.column && !c.dropped)!.attnum : 0,
      expr: k.expr ?? undefined,
      descending: k.descending,
      nullsFirst: k.nullsFirst,
      opclass: k.opclass,
    }));
    const include = d.include.map((n) => {
      const c = table.columns.find((x) => x.name === n && !x.dropped);
      if (!c) throw new PgError(SqlState.UndefinedColumn, `column "${n}" does not exist`);
      return c.attnum;
    });
    this.putIndex(table, name, d.unique, false, keys, d.predicate, 'btree', d.options, include);
    return 'CREATE INDEX';
  }

  /** CREATE INDEX … USING hnsw: validated here as pgvector does; built from the rows once committed. */
  private createHnswIndex(table: RelationDef, d: Extract<DdlStatement, { kind: 'create_index' }>): string {
    if (d.keys.length !== 1) throw new PgError(SqlState.FeatureNotSupported, 'hnsw index must have exactly one column');
    const key = d.keys[0]!;
    if (!key.column) throw new PgError(SqlState.FeatureNotSupported, 'hnsw indexes on expressions are not supported yet');
    if (d.unique) throw new PgError(SqlState.FeatureNotSupported, 'access method "hnsw" does not support unique indexes');
    if (d.predicate) throw new PgError(SqlState.FeatureNotSupported, 'partial hnsw indexes are not supported yet');
    const col = table.columns.find((c) => c.name === key.column && !c.dropped)!;
    const typeName = requireType(col.typeOid).name;
    const defaults: Record<string, string> = { vector: 'vector_l2_ops', halfvec: 'halfvec_l2_ops', bit: 'bit_hamming_ops' };
    const opclass = key.opclass?.replace(/^public\./, '') ?? defaults[typeName];
    if (!opclass) throw new PgError(SqlState.UndefinedObject, `data type ${formatTypeName(col.typeOid)} has no default operator class for access method "hnsw"`, { hint: 'You must specify an operator class for the index or define a default operator class for the data type.' });
    const family = opclass.split('_')[0];
    if (!HNSW_OPCLASSES.has(opclass)) {
      if (opclass.endsWith('_l1_ops') || opclass.startsWith('sparsevec_')) {
        throw new PgError(SqlState.FeatureNotSupported, `operator class "${opclass}" is not supported by vecsql's HNSW indexes yet`, { hint: 'Queries with this operator are answered by an exact scan.' });
      }
      throw new PgError(SqlState.UndefinedObject, `operator class "${opclass}" does not exist for access method "hnsw"`);
    }
    if (family !== typeName) {
      throw new PgError(SqlState.DatatypeMismatch, `operator class "${opclass}" does not accept data type ${formatTypeName(col.typeOid)}`);
    }
    if (col.typmod < 1) throw new PgError(SqlState.InvalidParameterValue, 'column does not have dimensions');
    const m = hnswOption(d.options, 'm', 16, 2, 100);
    const efc = hnswOption(d.options, 'ef_construction', 64, 4, 1000);
    if (efc < 2 * m) throw new PgError(SqlState.InvalidParameterValue, 'ef_construction must be greater than or equal to 2 * m');
    for (const k of Object.keys(d.options)) {
      if (k !== 'm' && k !== 'ef_construction') throw new PgError(SqlState.InvalidParameterValue, `unrecognized parameter "${k}"`);
    }
    const name = d.name ?? chooseName(this.change, () => this.current, table.namespace, `${table.name}_${col.name}_idx`);
    if (this.current.classIn(table.namespace, name)) {
      if (d.ifNotExists) {
        notice(this.env, `relation "${name}" already exists, skipping`);
        return 'CREATE INDEX';
      }
      throw new PgError(SqlState.DuplicateTable, `relation "${name}" already exists`);
    }
    this.putIndex(table, name, false, false, [{ attnum: col.attnum, descending: false, nullsFirst: false, opclass }], null, 'hnsw', { m: String(m), ef_construction: String(efc) });
    return 'CREATE INDEX';
  }

  // ---- DROP ----

  private findClass(schema: string | undefined, name: string) {
    const catalog = this.current;
    const schemas = schema !== undefined ? [catalog.schema(schema)] : this.searchSchemas();
    for (const s of schemas) {
      const c = s ? catalog.classIn(s.oid, name) : undefined;
      if (c) return c;
    }
    return undefined;
  }

  private searchSchemas() {
    return searchPathSchemas(this.current, this.env.session.getSetting('search_path') ?? '', this.env.session.userName);
  }

  /** Relations named by the running DROP: dependencies among them do not block it. */
  private dropping = new Set<number>();

  private drop(d: Extract<DdlStatement, { kind: 'drop' }>): string {
    const tag = `DROP ${d.objectType.toUpperCase()}`;
    this.dropping = new Set(d.names.map((n) => this.findClass(n.schema, n.name)?.oid).filter((o): o is number => o !== undefined));
    const kindName: Record<string, string> = { table: 'table', index: 'index', sequence: 'sequence', view: 'view', schema: 'schema', extension: 'extension' };
    for (const n of d.names) {
      if (d.objectType === 'extension') {
        this.dropExtension(n.name, d.missingOk, d.cascade);
        continue;
      }
      if (d.objectType === 'schema') {
        const s = this.current.schema(n.name);
        if (!s) {
          if (d.missingOk) {
            notice(this.env, `schema "${n.name}" does not exist, skipping`);
            continue;
          }
          throw new PgError(SqlState.InvalidSchemaName, `schema "${n.name}" does not exist`);
        }
        const members = [...this.current.all()].filter((o) => o.kind !== 'schema' && o.namespace === s.oid);
        if (members.length > 0 && !d.cascade) {
          throw new PgError(SqlState.DependentObjectsStillExist, `cannot drop schema ${s.name} because other objects depend on it`, {
            hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
          });
        }
        for (const m of members) if (m.kind === 'relation' && this.current.get(m.oid)) this.dropRelation(m, true);
        for (const m of members) if (this.current.get(m.oid)) this.change.remove(m.oid);
        this.change.remove(s.oid);
        continue;
      }
      const obj = this.findClass(n.schema, n.name);
      const wanted = ({ table: 'relation', view: 'relation', index: 'index', sequence: 'sequence' } as Record<string, string>)[d.objectType];
      const display = n.schema ? `${n.schema}.${n.name}` : n.name;
      if (!obj || obj.kind !== wanted || (obj.kind === 'relation' && (obj.relkind === 'v') !== (d.objectType === 'view'))) {
        if (obj && obj.kind !== wanted) {
          throw new PgError(SqlState.WrongObjectType, `"${n.name}" is not a${d.objectType === 'index' ? 'n' : ''} ${kindName[d.objectType]}`, { hint: `Use DROP ${obj.kind === 'index' ? 'INDEX' : obj.kind === 'sequence' ? 'SEQUENCE' : 'TABLE'} to remove a${obj.kind === 'index' ? 'n index' : ` ${obj.kind === 'sequence' ? 'sequence' : 'table'}`}.` });
        }
        if (d.missingOk) {
          notice(this.env, `${kindName[d.objectType]} "${display}" does not exist, skipping`);
          continue;
        }
        const code = d.objectType === 'index' ? SqlState.UndefinedObject : SqlState.UndefinedTable;
        throw new PgError(code, `${kindName[d.objectType]} "${display}" does not exist`);
      }
      if (obj.kind === 'relation') this.dropRelation(obj, d.cascade);
      else if (obj.kind === 'index') this.dropIndex(obj, d.cascade);
      else this.dropSequence(obj, d.cascade);
    }
    return tag;
  }

  private dropRelation(rel: RelationDef, cascade: boolean): void {
    const views = this.viewsOn(rel.oid).filter((v) => !this.dropping.has(v.oid));
    if (views.length > 0) {
      if (!cascade) {
        throw new PgError(SqlState.DependentObjectsStillExist, `cannot drop ${rel.relkind === 'v' ? 'view' : 'table'} ${rel.name} because other objects depend on it`, {
          detail: views.map((v) => `view ${v.name} depends on ${rel.relkind === 'v' ? 'view' : 'table'} ${rel.name}`).join('\n'),
          hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
        });
      }
      for (const v of views) {
        notice(this.env, `drop cascades to view ${v.name}`);
        if (this.current.get(v.oid)) this.dropRelation(v, true);
      }
    }
    if (rel.relkind === 'v') {
      this.change.remove(rel.oid);
      return;
    }
    const catalog = this.current;
    const dependents = catalog.referencingConstraints(rel.oid).filter((c) => c.tableOid !== rel.oid);
    const blocking = dependents.filter((c) => !this.dropping.has(c.tableOid));
    if (blocking.length > 0 && !cascade) {
      const first = dependents[0]!;
      const owner = catalog.relation(first.tableOid)!;
      throw new PgError(SqlState.DependentObjectsStillExist, `cannot drop table ${rel.name} because other objects depend on it`, {
        detail: dependents.map((c) => `constraint ${c.name} on table ${catalog.relation(c.tableOid)?.name ?? owner.name} depends on table ${rel.name}`).join('\n'),
        hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
      });
    }
    for (const c of dependents) {
      if (!this.dropping.has(c.tableOid)) notice(this.env, `drop cascades to constraint ${c.name} on table ${catalog.relation(c.tableOid)?.name}`);
      this.change.remove(c.oid);
    }
    const model = this.models.table(catalog, rel);
    new TableWriter(model, new Map(), this.txn, this.env).clear();
    for (const ix of catalog.indexesOf(rel.oid)) {
      TableWriter.dropIndexEntries(this.txn, ix.oid);
      this.change.remove(ix.oid);
    }
    for (const c of catalog.constraintsOf(rel.oid)) this.change.remove(c.oid);
    for (const s of catalog.sequencesOwnedBy(rel.oid)) this.change.remove(s.oid);
    this.change.remove(rel.oid);
    this.txn.db.forgetTable(rel.oid);
  }

  private dropIndex(ix: IndexDef, _cascade: boolean): void {
    const con = this.current.constraintsOf(ix.tableOid).find((c) => c.indexOid === ix.oid && (c.type === 'p' || c.type === 'u'));
    if (con) {
      throw new PgError(SqlState.DependentObjectsStillExist, `cannot drop index ${ix.name} because constraint ${con.name} on table ${this.current.relation(ix.tableOid)?.name} requires it`, {
        hint: `You can drop constraint ${con.name} on table ${this.current.relation(ix.tableOid)?.name} instead.`,
      });
    }
    TableWriter.dropIndexEntries(this.txn, ix.oid);
    this.change.remove(ix.oid);
  }

  private dropSequence(seq: SequenceDef, cascade: boolean): void {
    if (seq.ownedBy && !cascade) {
      const rel = this.current.relation(seq.ownedBy.tableOid);
      const col = rel?.columns[seq.ownedBy.attnum - 1];
      if (col?.default) {
        throw new PgError(SqlState.DependentObjectsStillExist, `cannot drop sequence ${seq.name} because other objects depend on it`, {
          detail: `default value for column ${col.name} of table ${rel!.name} depends on sequence ${seq.name}`,
          hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
        });
      }
    }
    this.change.remove(seq.oid);
    this.txn.db.resetSequence(seq.oid);
  }

  // ---- Sequences ----

  private newSequence(namespace: number, s: NewSequence, ownedBy: { tableOid: number; attnum: number } | null, tableName: string): SequenceDef {
    const name = chooseName(this.change, () => this.current, namespace, s.name);
    void tableName;
    const seq = sequenceDef(this.change.allocateOid(), name, namespace, s.typeOid, s.options, ownedBy);
    this.change.put(seq);
    return seq;
  }

  private createSequence(d: Extract<DdlStatement, { kind: 'create_sequence' }>): string {
    if (this.current.classIn(d.schema.oid, d.name)) {
      if (d.ifNotExists) {
        notice(this.env, `relation "${d.name}" already exists, skipping`);
        return 'CREATE SEQUENCE';
      }
      throw new PgError(SqlState.DuplicateTable, `relation "${d.name}" already exists`);
    }
    const owned = d.options.ownedBy && d.options.ownedBy !== 'none' ? { tableOid: d.options.ownedBy.table.oid, attnum: d.options.ownedBy.attnum } : null;
    this.change.put(sequenceDef(this.change.allocateOid(), d.name, d.schema.oid, d.options.asType?.oid ?? Oid.int8, d.options, owned));
    return 'CREATE SEQUENCE';
  }

  private alterSequence(d: Extract<DdlStatement, { kind: 'alter_sequence' }>): string {
    if (!d.sequence) {
      notice(this.env, `relation "${d.name}" does not exist, skipping`);
      return 'ALTER SEQUENCE';
    }
    const old = this.current.sequence(d.sequence.oid)!;
    const owned = d.options.ownedBy === 'none' ? null : d.options.ownedBy ? { tableOid: d.options.ownedBy.table.oid, attnum: d.options.ownedBy.attnum } : old.ownedBy;
    const merged = sequenceDef(old.oid, old.name, old.namespace, d.options.asType?.oid ?? old.typeOid, {
      start: d.options.start ?? BigInt(old.start),
      increment: d.options.increment ?? BigInt(old.increment),
      min: d.options.min === undefined ? BigInt(old.min) : d.options.min,
      max: d.options.max === undefined ? BigInt(old.max) : d.options.max,
      cache: d.options.cache ?? BigInt(old.cache),
      cycle: d.options.cycle ?? old.cycle,
    }, owned);
    this.change.put(merged);
    if (d.options.restart !== undefined && d.options.restart !== null) {
      const value = d.options.restart === true ? BigInt(merged.start) : d.options.restart;
      this.txn.db.setval(merged, value, false, this.txn.snapshot);
      this.txn.touchedSequences.add(merged.oid);
    }
    return 'ALTER SEQUENCE';
  }

  private createSchema(d: Extract<DdlStatement, { kind: 'create_schema' }>): string {
    if (this.current.schema(d.name)) {
      if (d.ifNotExists) {
        notice(this.env, `schema "${d.name}" already exists, skipping`);
        return 'CREATE SCHEMA';
      }
      throw new PgError(SqlState.DuplicateSchema, `schema "${d.name}" already exists`);
    }
    if (d.name.startsWith('pg_')) {
      throw new PgError(SqlState.ReservedName, `unacceptable schema name "${d.name}"`, { detail: 'The prefix "pg_" is reserved for system schemas.' });
    }
    this.change.put({ kind: 'schema', oid: this.change.allocateOid(), name: d.name, owner: this.env.session.userName });
    return 'CREATE SCHEMA';
  }

  // ---- TRUNCATE ----

  private truncate(d: Extract<DdlStatement, { kind: 'truncate' }>): string {
    const catalog = this.current;
    const oids = new Set(d.tables.map((t) => t.oid));
    for (const t of d.tables) {
      const refs = catalog.referencingConstraints(t.oid).filter((c) => !oids.has(c.tableOid));
      if (refs.length > 0) {
        if (!d.cascade) {
          throw new PgError(SqlState.FeatureNotSupported, 'cannot truncate a table referenced in a foreign key constraint', {
            detail: `Table "${catalog.relation(refs[0]!.tableOid)?.name}" references "${t.name}".`,
            hint: `Truncate table "${catalog.relation(refs[0]!.tableOid)?.name}" at the same time, or use TRUNCATE ... CASCADE.`,
          });
        }
        for (const r of refs) {
          oids.add(r.tableOid);
          notice(this.env, `truncate cascades to table "${catalog.relation(r.tableOid)?.name}"`);
        }
      }
    }
    for (const oid of oids) {
      const rel = catalog.relation(oid)!;
      new TableWriter(this.models.table(catalog, rel), new Map(), this.txn, this.env).clear();
      if (d.restartIdentity) {
        for (const s of catalog.sequencesOwnedBy(oid)) {
          this.txn.db.setval(s, BigInt(s.start), false, this.txn.snapshot);
          this.txn.touchedSequences.add(s.oid);
        }
      }
    }
    return 'TRUNCATE TABLE';
  }

  // ---- RENAME / COMMENT ----

  private rename(d: Extract<DdlStatement, { kind: 'rename' }>): string {
    const catalog = this.current;
    const obj = catalog.get(d.oid);
    if (!obj) return 'ALTER TABLE';
    switch (d.target) {
      case 'column': {
        const rel = obj as RelationDef;
        this.change.put({ ...rel, columns: rel.columns.map((c) => (c.name === d.oldName && !c.dropped ? { ...c, name: d.newName } : c)) });
        return 'ALTER TABLE';
      }
      case 'schema':
        if (catalog.schema(d.newName)) throw new PgError(SqlState.DuplicateSchema, `schema "${d.newName}" already exists`);
        this.change.put({ ...(obj as CatalogObject & { kind: 'schema' }), name: d.newName });
        return 'ALTER SCHEMA';
      case 'constraint':
        this.change.put({ ...(obj as ConstraintDef), name: d.newName });
        return 'ALTER TABLE';
      default: {
        const o = obj as RelationDef | IndexDef | SequenceDef;
        if (catalog.classIn(o.namespace, d.newName)) throw new PgError(SqlState.DuplicateTable, `relation "${d.newName}" already exists`);
        this.change.put({ ...o, name: d.newName } as CatalogObject);
        return o.kind === 'index' ? 'ALTER INDEX' : o.kind === 'sequence' ? 'ALTER SEQUENCE' : (o as RelationDef).relkind === 'v' ? 'ALTER VIEW' : 'ALTER TABLE';
      }
    }
  }

  private comment(d: Extract<DdlStatement, { kind: 'comment' }>): string {
    const obj = this.current.get(d.oid);
    if (!obj) return 'COMMENT';
    const text = d.text === null || d.text === '' ? undefined : d.text;
    if (d.column > 0 && obj.kind === 'relation') {
      this.change.put({ ...obj, columns: obj.columns.map((c) => (c.attnum === d.column ? { ...c, comment: text } : c)) });
    } else {
      this.change.put({ ...obj, comment: text } as CatalogObject);
    }
    return 'COMMENT';
  }

  // ---- ALTER TABLE ----

  private alterTable(d: Extract<DdlStatement, { kind: 'alter_table' }>): string {
    if (!d.table) return 'ALTER TABLE';
    for (const cmd of d.commands) this.alterCommand(d.table.oid, cmd);
    return 'ALTER TABLE';
  }

  private alterCommand(tableOid: number, cmd: AlterCommand): void {
    const rel = this.current.relation(tableOid)!;
    const col = (name: string) => rel.columns.find((c) => c.name === name && !c.dropped);
    switch (cmd.kind) {
      case 'add_column': {
        if (col(cmd.column.name)) {
          if (cmd.ifNotExists) {
            notice(this.env, `column "${cmd.column.name}" of relation "${rel.name}" already exists, skipping`);
            return;
          }
          throw new PgError(SqlState.DuplicateColumn, `column "${cmd.column.name}" of relation "${rel.name}" already exists`);
        }
        const attnum = rel.columns.length + 1;
        const newCol = this.newColumn(cmd.column, attnum, rel.namespace, rel.name, rel.oid);
        const updated: RelationDef = { ...rel, columns: [...rel.columns, newCol] };
        this.change.put(updated);
        // Existing rows get the default (or NULL): rewrite them when there is a default or NOT NULL to check.
        if (newCol.default || newCol.notNull) this.rewriteRows(updated, attnum - 1);
        for (const con of cmd.constraints) this.addConstraint(this.current.relation(rel.oid)!, con);
        return;
      }
      case 'drop_column': {
        const c = col(cmd.name);
        if (!c) {
          if (cmd.missingOk) {
            notice(this.env, `column "${cmd.name}" of relation "${rel.name}" does not exist, skipping`);
            return;
          }
          throw new PgError(SqlState.UndefinedColumn, `column "${cmd.name}" of relation "${rel.name}" does not exist`);
        }
        // Indexes and constraints on the column go with it (PostgreSQL drops them too, CASCADE or not for indexes).
        for (const ix of this.current.indexesOf(rel.oid)) {
          if (ix.keys.some((k) => k.attnum === c.attnum) || ix.include.includes(c.attnum)) {
            TableWriter.dropIndexEntries(this.txn, ix.oid);
            this.change.remove(ix.oid);
          }
        }
        for (const con of this.current.constraintsOf(rel.oid)) if (con.columns.includes(c.attnum)) this.change.remove(con.oid);
        for (const s of this.current.sequencesOwnedBy(rel.oid)) if (s.ownedBy?.attnum === c.attnum) this.change.remove(s.oid);
        this.change.put({ ...rel, columns: rel.columns.map((x) => (x === c ? { ...x, dropped: true, name: `........pg.dropped.${x.attnum}........`, notNull: false, default: null } : x)) });
        return;
      }
      case 'set_default':
        this.change.put({ ...rel, columns: rel.columns.map((x) => (x.name === cmd.name && !x.dropped ? { ...x, default: cmd.default } : x)) });
        return;
      case 'set_not_null': {
        const c = col(cmd.name)!;
        if (!cmd.notNull && this.current.constraintsOf(rel.oid).some((k) => k.type === 'p' && k.columns.includes(c.attnum))) {
          throw new PgError(SqlState.InvalidTableDefinition, `column "${c.name}" is in a primary key`);
        }
        const updated: RelationDef = { ...rel, columns: rel.columns.map((x) => (x === c ? { ...x, notNull: cmd.notNull } : x)) };
        this.change.put(updated);
        if (cmd.notNull) {
          const model = this.models.table(this.current, updated);
          for (const row of new TableWriter(model, new Map(), this.txn, this.env).scan()) {
            if (row[c.attnum - 1] === null) {
              throw new PgError(SqlState.NotNullViolation, `column "${c.name}" of relation "${rel.name}" contains null values`, { table: rel.name, column: c.name });
            }
          }
        }
        return;
      }
      case 'alter_type':
        throw new PgError(SqlState.FeatureNotSupported, 'ALTER COLUMN … TYPE is not supported yet');
      case 'add_constraint':
        this.addConstraint(rel, cmd.constraint);
        return;
      case 'drop_constraint': {
        const con = this.current.constraintsOf(rel.oid).find((c) => c.name === cmd.name);
        if (!con) {
          if (cmd.missingOk) {
            notice(this.env, `constraint "${cmd.name}" of relation "${rel.name}" does not exist, skipping`);
            return;
          }
          throw new PgError(SqlState.UndefinedObject, `constraint "${cmd.name}" of relation "${rel.name}" does not exist`);
        }
        if (con.type === 'p' || con.type === 'u') {
          const refs = this.current.referencingConstraints(rel.oid).filter((f) => f.indexOid === con.indexOid);
          if (refs.length > 0 && !cmd.cascade) {
            throw new PgError(SqlState.DependentObjectsStillExist, `cannot drop constraint ${con.name} on table ${rel.name} because other objects depend on it`, {
              detail: refs.map((f) => `constraint ${f.name} on table ${this.current.relation(f.tableOid)?.name} depends on index ${this.current.index(con.indexOid)?.name}`).join('\n'),
              hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
            });
          }
          for (const f of refs) this.change.remove(f.oid);
          TableWriter.dropIndexEntries(this.txn, con.indexOid);
          this.change.remove(con.indexOid);
        }
        this.change.remove(con.oid);
        return;
      }
    }
  }

  /** Rewrites every row after ADD COLUMN with a default: fills the new column and checks NOT NULL. */
  private rewriteRows(rel: RelationDef, column: number): void {
    const catalog = this.current;
    const model = this.models.table(catalog, rel);
    const writer = new TableWriter({ ...model, indexes: [], outgoing: [], incoming: [], checks: [] }, new Map(), this.txn, this.env);
    const { compileExpr } = requireCompile();
    const def = model.defaults[column];
    const fn = def ? compileExpr(def) : null;
    const rows = [...writer.scan()];
    const col = rel.columns[column]!;
    for (const full of rows) {
      const rowid = full[full.length - 1] as number;
      const row = full.slice(0, -1);
      const updated = [...row];
      updated[column] = fn ? fn([], this.env) : null;
      if (updated[column] === null && col.notNull) {
        throw new PgError(SqlState.NotNullViolation, `column "${col.name}" of relation "${rel.name}" contains null values`, { table: rel.name, column: col.name });
      }
      writer.update(rowid, row, updated);
    }
  }
}

function requireCompile() {
  return { compileExpr };
}
function requireType(oid: number) {
  return typeByOid(oid);
}

function compatibleKeyTypes(a: number, b: number): boolean {
  const ints = [Oid.int2, Oid.int4, Oid.int8, Oid.numeric];
  const texts = [Oid.text, Oid.varchar, Oid.bpchar, Oid.name];
  return (ints.includes(a as never) && ints.includes(b as never)) || (texts.includes(a as never) && texts.includes(b as never));
}

function sequenceDef(oid: number, name: string, namespace: number, typeOid: number, o: SequenceOptions, ownedBy: { tableOid: number; attnum: number } | null): SequenceDef {
  const increment = o.increment ?? 1n;
  const [lo, hi] = INT_BOUNDS[typeOid] ?? INT_BOUNDS[Oid.int8]!;
  const min = o.min ?? (increment > 0n ? 1n : lo);
  const max = o.max ?? (increment > 0n ? hi : -1n);
  const start = o.start ?? (increment > 0n ? min : max);
  if (min >= max) throw new PgError(SqlState.InvalidParameterValue, `MINVALUE (${min}) must be less than MAXVALUE (${max})`);
  if (start < min) throw new PgError(SqlState.InvalidParameterValue, `START value (${start}) cannot be less than MINVALUE (${min})`);
  if (start > max) throw new PgError(SqlState.InvalidParameterValue, `START value (${start}) cannot be greater than MAXVALUE (${max})`);
  if (max > hi || min < lo) throw new PgError(SqlState.InvalidParameterValue, `MAXVALUE (${max}) is out of range for sequence data type ${typeOid === Oid.int2 ? 'smallint' : typeOid === Oid.int4 ? 'integer' : 'bigint'}`);
  return { kind: 'sequence', oid, name, namespace, typeOid, start: String(start), increment: String(increment), min: String(min), max: String(max), cache: String(o.cache ?? 1n), cycle: o.cycle ?? false, ownedBy };
}

/** The parse tree of `nextval('schema.seq'::regclass)`, as serial columns' defaults read. */
function nextvalDefault(seq: SequenceDef, schema: string): StoredExpr {
  const qualified = schema === 'public' ? seq.name : `${schema}.${seq.name}`;
  const node = {
    FuncCall: {
      funcname: [{ String: { sval: 'nextval' } }],
      args: [{ TypeCast: { arg: { A_Const: { sval: { sval: qualified }, location: -1 } }, typeName: { names: [{ String: { sval: 'regclass' } }], typemod: -1, location: -1 }, location: -1 } }],
      funcformat: 'COERCE_EXPLICIT_CALL',
      location: -1,
    },
  };
  return { node, text: `nextval('${qualified}'::regclass)` };
}

/** Column names referenced in a parse tree (for CHECK constraint names). */
function columnRefs(node: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.ColumnRef) {
      const fields = (o.ColumnRef as { fields?: { String?: { sval: string } }[] }).fields ?? [];
      const last = fields[fields.length - 1]?.String?.sval;
      if (last) out.push(last);
      return;
    }
    for (const v of Object.values(o)) walk(v);
  };
  walk(node);
  return out;
}

/** Extensions CREATE EXTENSION accepts, with the version pg_extension reports. */
const AVAILABLE_EXTENSIONS: Record<string, string> = { vector: '0.8.0', plpgsql: '1.0' };
const VECTOR_TYPE_NAMES = ['vector', 'halfvec', 'sparsevec'];

const HNSW_OPCLASSES = new Set(['vector_l2_ops', 'vector_ip_ops', 'vector_cosine_ops', 'halfvec_l2_ops', 'halfvec_ip_ops', 'halfvec_cosine_ops', 'bit_hamming_ops', 'bit_jaccard_ops']);

function hnswOption(options: Record<string, string>, name: string, dflt: number, min: number, max: number): number {
  const raw = options[name];
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new PgError(SqlState.InvalidParameterValue, `invalid value for integer option "${name}": ${raw}`);
  if (n < min || n > max) {
    throw new PgError(SqlState.InvalidParameterValue, `value ${n} out of bounds for option "${name}"`, { detail: `Valid values are between "${min}" and "${max}".` });
  }
  return n;
}

function formatTypeName(oid: number): string {
  return formatType(oid);
}
