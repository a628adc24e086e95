/**
 * Reads and writes the rows of one table inside a transaction, keeping every
 * B-tree index in step and enforcing NOT NULL, CHECK, UNIQUE and FOREIGN KEY
 * constraints (with ON DELETE / ON UPDATE actions).
 *
 * Storage layout: rows at key (table OID, rowid) in the `rows` store; an
 * index entry at key (index OID, encoded key values, rowid) with an empty
 * value in the `index` store. A unique check is a prefix scan for the key.
 */
import type { ReadView } from '../storage/layered-snapshot.js';
import type { WriteSet } from '../storage/write-set.js';
import { encodeKey, encodePrefix, prefixUpperBound, decodeRowid } from '../storage/key-codec.js';
import { decodeRow, encodeRow } from '../storage/row-codec.js';
import type { IndexModel, TableModel, TableModels, ForeignKeyModel } from '../sql/plan/table-model.js';
import { PgError, SqlState } from '../types/errors.js';
import { typeByOid } from '../types/registry.js';
import type { Value } from '../types/value.js';
import { compileExpr, type Compiled, type ExecEnv, type Row } from './compile-expr.js';
import type { Transaction } from './transaction.js';
import { rowKey, rowidOfKey, tableKeyPrefix } from './database.js';

const EMPTY = Buffer.alloc(0);

function oidPrefix(oid: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(oid);
  return b;
}

/** Merges committed entries with the transaction's own writes, in key order. */
export function* mergedRange(txn: Transaction, store: 'rows' | 'index', start: Buffer, end: Buffer): Generator<{ key: Buffer; value: Buffer }> {
  const snap: ReadView = txn.snapshot;
  const overlay = txn.ws.hasRange(store) ? txn.ws.range(store, start, end) : [];
  let oi = 0;
  for (const kv of snap.range(store, start, end)) {
    while (oi < overlay.length && Buffer.compare(overlay[oi]!.key, kv.key) < 0) {
      const o = overlay[oi++]!;
      if (o.value !== null) yield { key: o.key, value: o.value };
    }
    if (oi < overlay.length && Buffer.compare(overlay[oi]!.key, kv.key) === 0) {
      const o = overlay[oi++]!;
      if (o.value !== null) yield { key: o.key, value: o.value };
      continue;
    }
    yield kv;
  }
  while (oi < overlay.length) {
    const o = overlay[oi++]!;
    if (o.value !== null) yield { key: o.key, value: o.value };
  }
}

interface CompiledIndex {
  readonly model: IndexModel;
  readonly keyFns: readonly Compiled[];
  readonly predicate: Compiled | null;
  readonly prefix: Buffer;
}

/** Formats values as PostgreSQL's "Failing row contains (…)" and "Key (a)=(1)" details do. */
function formatValues(values: readonly Value[], typeOids: readonly number[], env: ExecEnv): string {
  return values.map((v, i) => (v === null || v === undefined ? 'null' : typeByOid(typeOids[i]!).toText(v, env.session.io))).join(', ');
}

export class TableWriter {
  private readonly checks: { name: string; fn: Compiled }[];
  private readonly indexes: CompiledIndex[];
  private readonly generated: (Compiled | null)[];
  /** Foreign keys of written rows, checked when the statement ends (a row may reference one inserted later). */
  private pendingReferences: { fk: ForeignKeyModel; values: readonly Value[] }[] = [];
  readonly prefix: Buffer;
  readonly end: Buffer;

  constructor(
    readonly model: TableModel,
    private readonly models: TableModels,
    private readonly txn: Transaction,
    private readonly env: ExecEnv,
    private readonly writers: Map<number, TableWriter> = new Map(),
  ) {
    writers.set(model.table.oid, this);
    this.checks = model.checks.map((c) => ({ name: c.name, fn: compileExpr(c.expr) }));
    this.indexes = model.indexes.map((m) => ({ model: m, keyFns: m.keyExprs.map(compileExpr), predicate: m.predicate ? compileExpr(m.predicate) : null, prefix: oidPrefix(m.def.oid) }));
    this.generated = model.generated.map((g) => (g ? compileExpr(g) : null));
    this.prefix = tableKeyPrefix(model.table.oid);
    this.end = tableKeyPrefix(model.table.oid + 1);
  }

  private writerFor(oid: number): TableWriter {
    let w = this.writers.get(oid);
    if (!w) {
      const m = this.models.get(oid);
      if (!m) throw new PgError(SqlState.InternalError, `no table model for relation ${oid}`);
      w = new TableWriter(m, this.models, this.txn, this.env, this.writers);
    }
    return w;
  }

  get ws(): WriteSet {
    return this.txn.ws;
  }

  decode(value: Buffer): Value[] {
    return decodeRow(value, this.model.typeOids);
  }

  /** Every row as [...columns, rowid]. */
  *scan(): Generator<Row> {
    const width = this.model.typeOids.length;
    for (const { key, value } of mergedRange(this.txn, 'rows', this.prefix, this.end)) {
      const row = this.decode(value);
      row.length = width;
      for (let i = 0; i < width; i++) if (row[i] === undefined) row[i] = null;
      row.push(rowidOfKey(key));
      yield row;
    }
  }

  get(rowid: number): Value[] | null {
    const key = rowKey(this.model.table.oid, rowid);
    const own = this.txn.ws.get('rows', key);
    if (own === null) return null;
    const buf = own ?? this.txn.snapshot.get('rows', key);
    if (!buf) return null;
    const row = this.decode(buf);
    for (let i = 0; i < this.model.typeOids.length; i++) if (row[i] === undefined) row[i] = null;
    return row;
  }

  /** Rowids whose key in `index` equals `values` (a prefix scan). */
  *lookup(index: IndexModel, values: readonly Value[]): Generator<number> {
    const prefix = Buffer.concat([oidPrefix(index.def.oid), encodePrefix(values, index.keyTypes, index.descending, index.nullsFirst)]);
    const end = prefixUpperBound(prefix) ?? oidPrefix(index.def.oid + 1);
    for (const { key } of mergedRange(this.txn, 'index', prefix, end)) yield decodeRowid(key);
  }

  // ---- Writes ----

  /** Fills generated columns and checks constraints; `values` has one slot per column. */
  private prepare(values: Value[], row: Row): void {
    for (let i = 0; i < this.generated.length; i++) {
      const g = this.generated[i];
      if (g) values[i] = g(row, this.env);
    }
    const m = this.model;
    for (let i = 0; i < values.length; i++) {
      if (m.notNull[i] && (values[i] === null || values[i] === undefined)) {
        throw new PgError(SqlState.NotNullViolation, `null value in column "${m.columnNames[i]}" of relation "${m.table.name}" violates not-null constraint`, {
          detail: `Failing row contains (${formatValues(this.visible(values), this.visibleTypes(), this.env)}).`,
          table: m.table.name,
          column: m.columnNames[i],
        });
      }
    }
    for (const c of this.checks) {
      if (c.fn(values, this.env) === false) {
        throw new PgError(SqlState.CheckViolation, `new row for relation "${m.table.name}" violates check constraint "${c.name}"`, {
          detail: `Failing row contains (${formatValues(this.visible(values), this.visibleTypes(), this.env)}).`,
          table: m.table.name,
          constraint: c.name,
        });
      }
    }
  }

  private visible(values: readonly Value[]): Value[] {
    return values.filter((_, i) => !this.model.table.columns[i]!.dropped);
  }

  private visibleTypes(): number[] {
    return this.model.typeOids.filter((_, i) => !this.model.table.columns[i]!.dropped);
  }

  private indexKey(ix: CompiledIndex, values: Row): Buffer | null {
    if (ix.predicate && ix.predicate(values, this.env) !== true) return null;
    const keyValues = ix.keyFns.map((f) => f(values, this.env));
    return Buffer.concat([ix.prefix, encodeKey(keyValues, ix.model.keyTypes, ix.model.descending, ix.model.nullsFirst, ix.model.def.name)]);
  }

  private checkUnique(ix: CompiledIndex, values: Row, rowid: number): void {
    if (!ix.model.def.unique) return;
    const keyValues = ix.keyFns.map((f) => f(values, this.env));
    // NULLs are distinct from each other unless the index says otherwise.
    if (!ix.model.def.nullsNotDistinct && keyValues.some((v) => v === null)) return;
    if (ix.predicate && ix.predicate(values, this.env) !== true) return;
    for (const other of this.lookup(ix.model, keyValues)) {
      if (other === rowid) continue;
      const con = ix.model.def.name;
      const cols = ix.model.def.keys.map((k) => (k.attnum > 0 ? this.model.columnNames[k.attnum - 1] : 'expr')).join(', ');
      throw new PgError(SqlState.UniqueViolation, `duplicate key value violates unique constraint "${con}"`, {
        detail: `Key (${cols})=(${formatValues(keyValues, ix.model.keyTypes, this.env)}) already exists.`,
        table: this.model.table.name,
        constraint: con,
      });
    }
  }

  /** Finds a row that conflicts with `values` on a unique index (ON CONFLICT). */
  findConflict(values: Row, only: number | null): { rowid: number; index: IndexModel } | null {
    for (const ix of this.indexes) {
      if (!ix.model.def.unique || (only !== null && ix.model.def.oid !== only)) continue;
      const keyValues = ix.keyFns.map((f) => f(values, this.env));
      if (keyValues.some((v) => v === null)) continue;
      for (const rowid of this.lookup(ix.model, keyValues)) return { rowid, index: ix.model };
    }
    return null;
  }

  /** Records a row's vector for the HNSW indexes of its table (null: the row is gone). */
  private noteVectors(rowid: number, values: readonly Value[] | null): void {
    for (const ann of this.model.annIndexes) {
      let changes = this.txn.annChanges.get(ann.oid);
      if (!changes) this.txn.annChanges.set(ann.oid, (changes = new Map()));
      changes.set(rowid, values === null ? null : (values[ann.column] ?? null));
    }
  }

  insert(values: Value[], allocRowid: () => number): number {
    this.prepare(values, values);
    const rowid = allocRowid();
    for (const ix of this.indexes) this.checkUnique(ix, values, rowid);
    for (const fk of this.model.outgoing) this.pendingReferences.push({ fk, values });
    this.ws.put('rows', rowKey(this.model.table.oid, rowid), encodeRow(values, this.model.typeOids));
    for (const ix of this.indexes) {
      const k = this.indexKey(ix, values);
      if (k) this.ws.put('index', Buffer.concat([k, encodeRowidBuf(rowid)]), EMPTY);
    }
    if (this.model.annIndexes.length) this.noteVectors(rowid, values);
    return rowid;
  }

  update(rowid: number, oldValues: readonly Value[], newValues: Value[]): void {
    this.prepare(newValues, newValues);
    for (const ix of this.indexes) this.checkUnique(ix, newValues, rowid);
    for (const fk of this.model.outgoing) {
      if (fk.columns.some((c) => !sameValue(oldValues[c], newValues[c], this.model.typeOids[c]!))) this.pendingReferences.push({ fk, values: newValues });
    }
    for (const fk of this.model.incoming) {
      if (fk.refColumns.some((c) => !sameValue(oldValues[c], newValues[c], this.model.typeOids[c]!))) this.referencedRowChanged(fk, oldValues, newValues);
    }
    for (const ix of this.indexes) {
      const before = this.indexKey(ix, oldValues);
      const after = this.indexKey(ix, newValues);
      if (before && after && before.equals(after)) continue;
      if (before) this.ws.delete('index', Buffer.concat([before, encodeRowidBuf(rowid)]));
      if (after) this.ws.put('index', Buffer.concat([after, encodeRowidBuf(rowid)]), EMPTY);
    }
    this.ws.put('rows', rowKey(this.model.table.oid, rowid), encodeRow(newValues, this.model.typeOids));
    if (this.model.annIndexes.length) this.noteVectors(rowid, newValues);
  }

  delete(rowid: number, oldValues: readonly Value[]): void {
    for (const fk of this.model.incoming) this.referencedRowChanged(fk, oldValues, null);
    for (const ix of this.indexes) {
      const k = this.indexKey(ix, oldValues);
      if (k) this.ws.delete('index', Buffer.concat([k, encodeRowidBuf(rowid)]));
    }
    this.ws.delete('rows', rowKey(this.model.table.oid, rowid));
    if (this.model.annIndexes.length) this.noteVectors(rowid, null);
  }

  // ---- Foreign keys ----

  /** Runs the statement-end checks of this writer and of every writer it cascaded into. */
  finishStatement(): void {
    for (const w of this.writers.values()) {
      const pending = w.pendingReferences;
      w.pendingReferences = [];
      for (const p of pending) w.checkReference(p.fk, p.values);
    }
  }

  /** The referenced row must exist (MATCH SIMPLE: a NULL in the key skips the check). */
  private checkReference(fk: ForeignKeyModel, values: readonly Value[]): void {
    const key = fk.columns.map((c) => values[c]);
    if (key.some((v) => v === null || v === undefined)) return;
    const target = this.writerFor(fk.refTable);
    const refIndex = target.model.indexes.find((i) => i.def.oid === fk.refIndex.oid)!;
    for (const _ of target.lookup(refIndex, key)) return;
    const cols = fk.columns.map((c) => this.model.columnNames[c]).join(', ');
    throw new PgError(SqlState.ForeignKeyViolation, `insert or update on table "${this.model.table.name}" violates foreign key constraint "${fk.con.name}"`, {
      detail: `Key (${cols})=(${formatValues(key, fk.columns.map((c) => this.model.typeOids[c]!), this.env)}) is not present in table "${target.model.table.name}".`,
      table: this.model.table.name,
      constraint: fk.con.name,
    });
  }

  /** A referenced row is deleted (newValues null) or its key changes: apply the referencing constraint's action. */
  private referencedRowChanged(fk: ForeignKeyModel, oldValues: readonly Value[], newValues: readonly Value[] | null): void {
    const key = fk.refColumns.map((c) => oldValues[c]);
    if (key.some((v) => v === null || v === undefined)) return;
    const referencing = this.writerFor(fk.table);
    const action = newValues === null ? fk.con.fk!.onDelete : fk.con.fk!.onUpdate;
    const matches: { rowid: number; values: Value[] }[] = [];
    for (const row of referencing.scan()) {
      const values = row.slice(0, -1) as Value[];
      const rowid = row[row.length - 1] as number;
      if (fk.columns.every((c, i) => sameValue(values[c], key[i], referencing.model.typeOids[c]!))) matches.push({ rowid, values });
    }
    if (matches.length === 0) return;
    if (action === 'a' || action === 'r') {
      const cols = fk.refColumns.map((c) => this.model.columnNames[c]).join(', ');
      throw new PgError(SqlState.ForeignKeyViolation, `update or delete on table "${this.model.table.name}" violates foreign key constraint "${fk.con.name}" on table "${referencing.model.table.name}"`, {
        detail: `Key (${cols})=(${formatValues(key, fk.refColumns.map((c) => this.model.typeOids[c]!), this.env)}) is still referenced from table "${referencing.model.table.name}".`,
        table: referencing.model.table.name,
        constraint: fk.con.name,
      });
    }
    for (const m of matches) {
      if (action === 'c' && newValues === null) {
        referencing.delete(m.rowid, m.values);
        continue;
      }
      const updated = [...m.values];
      fk.columns.forEach((c, i) => {
        if (action === 'c') updated[c] = newValues![fk.refColumns[i]!];
        else if (action === 'n') updated[c] = null;
        else updated[c] = referencing.defaultValue(c);
      });
      referencing.update(m.rowid, m.values, updated);
    }
  }

  private defaultValue(column: number): Value {
    const d = this.model.defaults[column];
    return d ? compileExpr(d)([], this.env) : null;
  }

  /** Deletes every row and index entry (TRUNCATE, DROP TABLE). */
  clear(): number {
    let n = 0;
    for (const { key } of mergedRange(this.txn, 'rows', this.prefix, this.end)) {
      this.ws.delete('rows', key);
      n++;
    }
    for (const ix of this.indexes) {
      const p = ix.prefix;
      for (const { key } of mergedRange(this.txn, 'index', p, oidPrefix(ix.model.def.oid + 1))) this.ws.delete('index', key);
    }
    return n;
  }

  /** Builds a new index's entries from the existing rows (CREATE INDEX). */
  buildIndex(model: IndexModel): void {
    const ix: CompiledIndex = { model, keyFns: model.keyExprs.map(compileExpr), predicate: model.predicate ? compileExpr(model.predicate) : null, prefix: oidPrefix(model.def.oid) };
    let prev: Buffer | null = null;
    const entries: { key: Buffer; rowid: number; values: Value[] }[] = [];
    for (const row of this.scan()) {
      const rowid = row[row.length - 1] as number;
      const values = row.slice(0, -1) as Value[];
      const k = this.indexKey(ix, values);
      if (k) entries.push({ key: k, rowid, values });
    }
    if (model.def.unique) {
      entries.sort((a, b) => Buffer.compare(a.key, b.key));
      for (const e of entries) {
        const keyValues = ix.keyFns.map((f) => f(e.values, this.env));
        const hasNull = keyValues.some((v) => v === null);
        if (prev && !hasNull && prev.equals(e.key)) {
          const cols = model.def.keys.map((k) => (k.attnum > 0 ? this.model.columnNames[k.attnum - 1] : 'expr')).join(', ');
          throw new PgError(SqlState.UniqueViolation, `could not create unique index "${model.def.name}"`, {
            detail: `Key (${cols})=(${formatValues(keyValues, model.keyTypes, this.env)}) is duplicated.`,
          });
        }
        prev = hasNull ? null : e.key;
      }
    }
    for (const e of entries) this.ws.put('index', Buffer.concat([e.key, encodeRowidBuf(e.rowid)]), EMPTY);
  }

  /** Removes an index's entries (DROP INDEX). */
  static dropIndexEntries(txn: Transaction, indexOid: number): void {
    for (const { key } of mergedRange(txn, 'index', oidPrefix(indexOid), oidPrefix(indexOid + 1))) txn.ws.delete('index', key);
  }
}

function encodeRowidBuf(rowid: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeUInt32BE(Math.floor(rowid / 0x100000000), 0);
  b.writeUInt32BE(rowid >>> 0, 4);
  return b;
}

function sameValue(a: Value | undefined, b: Value | undefined, typeOid: number): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  const cmp = typeByOid(typeOid).compare;
  return cmp ? cmp(a, b) === 0 : a === b;
}
