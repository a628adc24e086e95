import type { Node } from '@pgsql/types';
import { PgError, SqlState } from '../../types/errors.js';
import { formatType } from '../../types/format-type.js';
import type { PgType } from '../../types/type.js';
import type { AnalyzeContext } from './context.js';
import { coerce } from './coerce.js';
import { ExprBinder, locationOf } from './expr.js';

/** Binds a DEFAULT expression: no column references, coercible to the column type by assignment. */
export function bindDefault(ctx: AnalyzeContext, node: Node, type: PgType, typmod: number, column: string) {
  const noColumns = {
    resolveColumn: (_f: readonly string[], loc: number | undefined) => {
      throw new PgError(SqlState.FeatureNotSupported, 'cannot use column reference in DEFAULT expression', { position: ctx.pos(loc) });
    },
  };
  const e = new ExprBinder(ctx, noColumns, null, 'DEFAULT expressions').bind(node);
  return coerce(ctx, e, type, typmod, 'assignment', locationOf(node), () =>
    new PgError(SqlState.DatatypeMismatch, `column "${column}" is of type ${formatType(type.oid, typmod)} but default expression is of type ${formatType(e.type.oid, e.typmod)}`, {
      position: ctx.pos(locationOf(node)),
      hint: 'You will need to rewrite or cast the expression.',
    }),
  );
}

