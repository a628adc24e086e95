import type { EvalContext } from '../../types/context.js';
import type { IoContext, NameResolver } from '../../types/type.js';
import { PgError, SqlState } from '../../types/errors.js';
import { systemRelation } from '../../catalog/system/index.js';
import type { Catalog } from '../../catalog/catalog.js';
import type { RelationDef } from '../../catalog/objects.js';
import type { PgType } from '../../types/type.js';
import { charOffset } from '../parse.js';

/** State shared by everything that binds one statement. */
export class AnalyzeContext {
  /**
   * Types of $1..$n: given by the client in Parse, or inferred here from the
   * first context that needs one (undefined until then).
   */
  readonly paramTypes: (PgType | undefined)[];
  /** Tables the statement reads, for building their storage models. */
  readonly tables = new Map<number, RelationDef>();
  /** WITH queries in scope, innermost last. */
  readonly ctes: CteBinding[] = [];
  /** Counter for work table ids of WITH RECURSIVE. */
  nextWorkTable = 1;

  constructor(
    readonly session: EvalContext,
    /** The whole query string, whose byte offsets the parse tree's locations are. */
    readonly sql: string,
    paramTypes: (PgType | undefined)[] = [],
    /** False for the simple Query protocol, where a statement has no parameters to refer to. */
    readonly paramsAllowed = true,
    /** The catalog snapshot the statement binds against. */
    readonly catalog: Catalog | null = null,
  ) {
    this.paramTypes = paramTypes;
  }

  private ioCache: IoContext | null = null;

  /** I/O settings for converting literals, with regclass names resolved against this statement's catalog. */
  get io(): IoContext {
    if (this.ioCache) return this.ioCache;
    const base = this.session.io;
    const catalog = this.catalog;
    if (!catalog) return base;
    const session = this.session;
    const schemas = () =>
      (session.getSetting('search_path') ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
        .map((x) => (x === '"$user"' ? session.userName : x.startsWith('"') ? x.slice(1, -1).replace(/""/g, '"') : x.toLowerCase()))
        .map((x) => catalog.schema(x));
    const names: NameResolver = {
      relationOid: (name) => {
        const parts = name.trim().split('.').map((p) => (p.startsWith('"') ? p.slice(1, -1) : p.toLowerCase()));
        if (parts.length === 1 || parts[0] === 'pg_catalog') {
          const sys = systemRelation(parts[parts.length - 1]!);
          if (sys) return sys.oid;
        }
        const list = parts.length > 1 ? [catalog.schema(parts[parts.length - 2]!)] : schemas();
        for (const s of list) {
          const c = s ? catalog.classIn(s.oid, parts[parts.length - 1]!) : undefined;
          if (c) return c.oid;
        }
        throw new PgError(SqlState.UndefinedTable, `relation "${name}" does not exist`);
      },
      relationName: (oid) => base.names?.relationName(oid),
      namespaceOid: (name) => base.names!.namespaceOid(name),
      namespaceName: (oid) => base.names?.namespaceName(oid),
    };
    this.ioCache = { ...base, names };
    return this.ioCache;
  }

  /** 1-based character position of a parse-tree location, as ErrorResponse carries it. */
  pos(location: number | undefined): number | undefined {
    if (location === undefined || location < 0) return undefined;
    return charOffset(this.sql, location) + 1;
  }
}

/** The catalog a statement that reads tables binds against. */
export function catalogOf(ctx: AnalyzeContext): Catalog {
  if (!ctx.catalog) throw new Error('statement analyzed without a catalog');
  return ctx.catalog;
}

/** A WITH query visible to the FROM clauses of its statement. */
export interface CteBinding {
  readonly name: string;
  readonly query: import('@pgsql/types').SelectStmt;
  readonly columnNames: readonly string[];
  readonly recursive: boolean;
  /** While the recursive term itself is being bound: the work table it reads and its columns. */
  workTable: null | { id: number; columns: readonly { name: string; type: import('../../types/type.js').PgType; typmod: number }[] };
}
