/** search_path resolution, shared by the analyzer, DDL execution and the catalog functions (PostgreSQL's namespace.c). */
import type { Catalog } from './catalog.js';
import type { SchemaDef } from './objects.js';

/**
 * Schema names listed in a search_path value, in order: quoted names keep
 * their case, bare ones fold to lower case, "$user" names the session user's
 * schema. Names of schemas that do not exist are kept; callers skip them.
 */
export function searchPathNames(raw: string, userName: string): string[] {
  const names: string[] = [];
  for (const part of raw.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    if (item === '"$user"' || item === '$user') names.push(userName);
    else if (item.startsWith('"') && item.endsWith('"') && item.length >= 2) names.push(item.slice(1, -1).replace(/""/g, '"'));
    else names.push(item.toLowerCase());
  }
  return names;
}

/** The schemas of search_path that exist in this catalog, in order. */
export function searchPathSchemas(catalog: Catalog, raw: string, userName: string): SchemaDef[] {
  const out: SchemaDef[] = [];
  for (const name of searchPathNames(raw, userName)) {
    const schema = catalog.schema(name);
    if (schema) out.push(schema);
  }
  return out;
}
