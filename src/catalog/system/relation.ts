/**
 * pg_catalog relations: virtual tables generated on each scan from vecsql's
 * own catalog (and the type and function registries), with PostgreSQL 15's
 * column names and types. One file per relation, each citing the PostgreSQL
 * documentation page it follows.
 */
import type { Catalog } from '../catalog.js';
import type { Value } from '../../types/value.js';

/** What a system relation's rows may depend on. */
export interface SystemContext {
  readonly catalog: Catalog;
  readonly userName: string;
  readonly databaseName: string;
  readonly backendPid: number;
  /** Current value of a setting, for pg_settings. */
  setting(name: string): string | null;
}

export interface SystemColumn {
  readonly name: string;
  readonly typeOid: number;
}

export interface SystemRelation {
  readonly name: string;
  /** PostgreSQL's OID for the relation (pg_class.oid), stable across releases. */
  readonly oid: number;
  readonly columns: readonly SystemColumn[];
  rows(ctx: SystemContext): Value[][];
}

const relations = new Map<string, SystemRelation>();

export function defineSystemRelation(r: SystemRelation): void {
  relations.set(r.name, r);
}

export function systemRelation(name: string): SystemRelation | undefined {
  return relations.get(name);
}

export function allSystemRelations(): IterableIterator<SystemRelation> {
  return relations.values();
}

/** A column definition list from `name:oid` pairs, to keep relation files short. */
export function cols(spec: Record<string, number>): SystemColumn[] {
  return Object.entries(spec).map(([name, typeOid]) => ({ name, typeOid }));
}
