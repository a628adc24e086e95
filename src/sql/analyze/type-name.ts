import type { Node, TypeName } from '@pgsql/types';
import { PgError, SqlState } from '../../types/errors.js';
import { findTypeByName, typeByOid } from '../../types/registry.js';
import type { PgType } from '../../types/type.js';
import type { AnalyzeContext } from './context.js';

export interface ResolvedTypeName {
  type: PgType;
  typmod: number;
}

/** Resolves a TypeName node (`int`, `varchar(10)`, `pg_catalog.numeric(5,2)`, `text[]`) to a type and typmod. */
export function resolveTypeName(ctx: AnalyzeContext, tn: TypeName): ResolvedTypeName {
  const names = (tn.names ?? []).map((n) => (n as { String: { sval: string } }).String.sval);
  const name = names[names.length - 1] ?? '';
  const schema = names.length > 1 ? names[names.length - 2] : undefined;
  const display = names.filter((n) => n !== 'pg_catalog' || names.length === 1).join('.');
  let type = schema === undefined || schema === 'pg_catalog' ? findTypeByName(name) : undefined;
  if (!type || tn.pct_type) {
    throw new PgError(SqlState.UndefinedObject, `type "${display}" does not exist`, { position: ctx.pos(tn.location) });
  }
  let typmod = -1;
  if (tn.typmods && tn.typmods.length > 0) {
    if (!type.typmodIn) {
      throw new PgError(SqlState.SyntaxError, `type modifier is not allowed for type "${type.name}"`, { position: ctx.pos(tn.location) });
    }
    const mods = tn.typmods.map((m) => typmodValue(ctx, m));
    try {
      typmod = type.typmodIn(mods);
    } catch (e) {
      if (e instanceof PgError) e.at(ctx.pos(tn.location));
      throw e;
    }
  }
  if (tn.arrayBounds && tn.arrayBounds.length > 0) {
    if (!type.arrayOid) {
      throw new PgError(SqlState.UndefinedObject, `could not find array type for data type ${type.name}`, { position: ctx.pos(tn.location) });
    }
    type = typeByOid(type.arrayOid);
  }
  return { type, typmod };
}

function typmodValue(ctx: AnalyzeContext, node: Node): number {
  const c = (node as { A_Const?: { ival?: { ival?: number }; location?: number } }).A_Const;
  if (c && c.ival) return c.ival.ival ?? 0;
  throw new PgError(SqlState.SyntaxError, 'type modifiers must be simple constants or identifiers', {
    position: ctx.pos(c?.location),
  });
}
