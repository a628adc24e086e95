import { PgError, SqlState } from '../../types/errors.js';
import { formatType } from '../../types/format-type.js';
import { Oid } from '../../types/oids.js';
import { typeByOid } from '../../types/registry.js';
import type { PgType } from '../../types/type.js';
import type { Expr } from '../bound.js';
import { canCoerce } from './coerce.js';
import type { AnalyzeContext } from './context.js';

/**
 * The type that CASE, COALESCE, UNION and ARRAY[] branches are unified to
 * (select_common_type): all unknown → text; otherwise the first known type,
 * moved to a later branch's type when that one is preferred or the first
 * converts to it implicitly and not the other way round.
 */
export function commonType(ctx: AnalyzeContext, exprs: readonly Expr[], construct: string, location?: number): PgType {
  const known = exprs.filter((e) => e.type.oid !== Oid.unknown);
  if (known.length === 0) return typeByOid(Oid.text);
  let chosen = known[0]!.type;
  for (const e of known.slice(1)) {
    const next = e.type;
    if (next.oid === chosen.oid) continue;
    if (next.category !== chosen.category) {
      throw new PgError(SqlState.DatatypeMismatch, `${construct} types ${formatType(chosen.oid)} and ${formatType(next.oid)} cannot be matched`, {
        position: ctx.pos(location),
      });
    }
    if (!chosen.preferred && canCoerce(chosen, next, 'implicit') && !canCoerce(next, chosen, 'implicit')) chosen = next;
  }
  for (const e of known) {
    if (!canCoerce(e.type, chosen, 'implicit')) {
      throw new PgError(SqlState.DatatypeMismatch, `${construct} could not convert type ${formatType(e.type.oid)} to ${formatType(chosen.oid)}`, {
        position: ctx.pos(location),
      });
    }
  }
  return chosen;
}
