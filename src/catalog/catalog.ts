/**
 * An immutable snapshot of the catalog. Statements bind against the snapshot
 * current when they start; DDL builds a new snapshot in a CatalogChange,
 * visible to its own transaction at once and to everyone else after COMMIT.
 */
import { PgError, SqlState } from '../types/errors.js';
import type { CatalogObject, ConstraintDef, IndexDef, RelationDef, SchemaDef, SequenceDef } from './objects.js';
import { FIRST_NORMAL_OID } from '../types/oids.js';

export const PG_CATALOG_OID = 11;
export const PUBLIC_OID = 2200;
export const INFORMATION_SCHEMA_OID = 13000;

/** Objects that live in pg_class and share its per-schema name space. */
type ClassObject = RelationDef | IndexDef | SequenceDef;

export class Catalog {
  constructor(
    readonly version: number,
    readonly objects: ReadonlyMap<number, CatalogObject>,
    readonly nextOid: number,
    private readonly byName: ReadonlyMap<string, number>,
    private readonly byTable: ReadonlyMap<number, readonly number[]>,
  ) {}

  static empty(owner: string): Catalog {
    const objects = new Map<number, CatalogObject>();
    objects.set(PUBLIC_OID, { kind: 'schema', oid: PUBLIC_OID, name: 'public', owner });
    return Catalog.build(0, objects, FIRST_NORMAL_OID);
  }

  static build(version: number, objects: Map<number, CatalogObject>, nextOid: number): Catalog {
    const byName = new Map<string, number>();
    const byTable = new Map<number, number[]>();
    for (const o of objects.values()) {
      if (o.kind === 'schema') byName.set(`s:${o.name}`, o.oid);
      else if (o.kind === 'relation' || o.kind === 'index' || o.kind === 'sequence') byName.set(`c:${o.namespace}:${o.name}`, o.oid);
      if (o.kind === 'index' || o.kind === 'constraint') {
        let list = byTable.get(o.tableOid);
        if (!list) byTable.set(o.tableOid, (list = []));
        list.push(o.oid);
      }
      if (o.kind === 'sequence' && o.ownedBy) {
        let list = byTable.get(o.ownedBy.tableOid);
        if (!list) byTable.set(o.ownedBy.tableOid, (list = []));
        list.push(o.oid);
      }
    }
    return new Catalog(version, objects, nextOid, byName, byTable);
  }

  get(oid: number): CatalogObject | undefined {
    return this.objects.get(oid);
  }

  schema(name: string): SchemaDef | undefined {
    const oid = this.byName.get(`s:${name}`);
    return oid === undefined ? undefined : (this.objects.get(oid) as SchemaDef);
  }

  schemaByOid(oid: number): SchemaDef | undefined {
    const o = this.objects.get(oid);
    return o?.kind === 'schema' ? o : undefined;
  }

  /** A table, view, index or sequence by schema and name. */
  classIn(namespace: number, name: string): ClassObject | undefined {
    const oid = this.byName.get(`c:${namespace}:${name}`);
    return oid === undefined ? undefined : (this.objects.get(oid) as ClassObject);
  }

  relation(oid: number): RelationDef | undefined {
    const o = this.objects.get(oid);
    return o?.kind === 'relation' ? o : undefined;
  }

  index(oid: number): IndexDef | undefined {
    const o = this.objects.get(oid);
    return o?.kind === 'index' ? o : undefined;
  }

  sequence(oid: number): SequenceDef | undefined {
    const o = this.objects.get(oid);
    return o?.kind === 'sequence' ? o : undefined;
  }

  indexesOf(tableOid: number): IndexDef[] {
    return (this.byTable.get(tableOid) ?? []).map((o) => this.objects.get(o)).filter((o): o is IndexDef => o?.kind === 'index');
  }

  constraintsOf(tableOid: number): ConstraintDef[] {
    return (this.byTable.get(tableOid) ?? []).map((o) => this.objects.get(o)).filter((o): o is ConstraintDef => o?.kind === 'constraint');
  }

  sequencesOwnedBy(tableOid: number): SequenceDef[] {
    return (this.byTable.get(tableOid) ?? []).map((o) => this.objects.get(o)).filter((o): o is SequenceDef => o?.kind === 'sequence');
  }

  /** Foreign keys of other tables (or this one) that reference `tableOid`. */
  referencingConstraints(tableOid: number): ConstraintDef[] {
    const out: ConstraintDef[] = [];
    for (const o of this.objects.values()) if (o.kind === 'constraint' && o.fk?.refTableOid === tableOid) out.push(o);
    return out;
  }

  extension(name: string): import('./objects.js').ExtensionDef | undefined {
    for (const o of this.objects.values()) if (o.kind === 'extension' && o.name === name) return o;
    return undefined;
  }

  all(): IterableIterator<CatalogObject> {
    return this.objects.values();
  }

  /** Starts a change set on top of this snapshot. */
  change(): CatalogChange {
    return new CatalogChange(this);
  }
}

/** A set of catalog edits; `result()` is the new snapshot, `touched` what must be persisted. */
export class CatalogChange {
  private readonly objects: Map<number, CatalogObject>;
  private nextOid: number;
  readonly touched = new Set<number>();

  constructor(readonly base: Catalog) {
    this.objects = new Map(base.objects);
    this.nextOid = base.nextOid;
  }

  allocateOid(): number {
    return this.nextOid++;
  }

  put(o: CatalogObject): void {
    this.objects.set(o.oid, o);
    this.touched.add(o.oid);
  }

  remove(oid: number): void {
    this.objects.delete(oid);
    this.touched.add(oid);
  }

  result(): Catalog {
    return Catalog.build(this.base.version + 1, this.objects, this.nextOid);
  }
}

export function relationNotFound(name: string): PgError {
  return new PgError(SqlState.UndefinedTable, `relation "${name}" does not exist`);
}
