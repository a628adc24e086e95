/** Name resolution against the catalog: search_path, relations, schemas (PostgreSQL's namespace.c). */
import type { RangeVar } from '@pgsql/types';
import type { Catalog } from '../../catalog/catalog.js';
import { searchPathSchemas } from '../../catalog/search-path.js';
import type { RelationDef, SchemaDef } from '../../catalog/objects.js';
import { PgError, SqlState } from '../../types/errors.js';
import { catalogOf, type AnalyzeContext } from './context.js';

/** Schemas of search_path that exist, in order ("$user" is the user's schema if there is one). */
export function searchPath(ctx: AnalyzeContext): SchemaDef[] {
  return searchPathSchemas(catalogOf(ctx), ctx.session.getSetting('search_path') ?? '', ctx.session.userName);
}

export function qualifiedName(rv: { schemaname?: string; relname?: string }): string {
  return rv.schemaname ? `${rv.schemaname}.${rv.relname}` : (rv.relname ?? '');
}

/** Looks up a table or view; undefined if there is none. */
export function findRelation(ctx: AnalyzeContext, rv: RangeVar): RelationDef | undefined {
  const catalog = catalogOf(ctx);
  if (rv.catalogname && rv.catalogname !== ctx.session.databaseName) {
    throw new PgError(SqlState.FeatureNotSupported, `cross-database references are not implemented: "${rv.catalogname}.${rv.schemaname}.${rv.relname}"`, {
      position: ctx.pos(rv.location),
    });
  }
  const name = rv.relname ?? '';
  const schemas = rv.schemaname ? [catalog.schema(rv.schemaname)].filter((s): s is SchemaDef => s !== undefined) : searchPath(ctx);
  for (const s of schemas) {
    const c = catalog.classIn(s.oid, name);
    if (c?.kind === 'relation') return c;
  }
  return undefined;
}

export function resolveRelation(ctx: AnalyzeContext, rv: RangeVar): RelationDef {
  const rel = findRelation(ctx, rv);
  if (!rel) {
    throw new PgError(SqlState.UndefinedTable, `relation "${qualifiedName(rv)}" does not exist`, { position: ctx.pos(rv.location) });
  }
  return rel;
}

/** The schema a new object goes into: the named one, or the first existing schema of search_path. */
export function creationSchema(ctx: AnalyzeContext, schemaName: string | undefined, location?: number): SchemaDef {
  const catalog = catalogOf(ctx);
  if (schemaName) {
    const s = catalog.schema(schemaName);
    if (!s) throw new PgError(SqlState.InvalidSchemaName, `schema "${schemaName}" does not exist`, { position: ctx.pos(location) });
    return s;
  }
  const first = searchPath(ctx)[0];
  if (!first) throw new PgError(SqlState.InvalidSchemaName, 'no schema has been selected to create in', { position: ctx.pos(location) });
  return first;
}

export function schemaNamed(catalog: Catalog, name: string): SchemaDef | undefined {
  return catalog.schema(name);
}

/** Names longer than NAMEDATALEN-1 bytes are truncated, with a NOTICE, as PostgreSQL does. */
export function truncateIdentifier(ctx: AnalyzeContext, name: string): string {
  if (Buffer.byteLength(name) <= 63) return name;
  let out = '';
  for (const ch of name) {
    if (Buffer.byteLength(out + ch) > 63) break;
    out += ch;
  }
  ctx.session.notice(new PgError(SqlState.NameTooLong, `identifier "${name}" will be truncated to "${out}"`, { severity: 'NOTICE' }));
  return out;
}
