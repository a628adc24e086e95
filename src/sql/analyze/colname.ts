import type { Node } from '@pgsql/types';

/**
 * The column name PostgreSQL gives an unnamed select-list expression
 * (FigureColname in parse_target.c): a column's or function's name, a cast's
 * type name, CASE → "case", and "?column?" when nothing fits.
 */
export function figureColname(node: Node): string {
  const [name] = figure(node);
  return name ?? '?column?';
}

/** Returns the name and its strength: 2 for a real name, 1 for a type name fallback. */
function figure(node: Node): [string | undefined, number] {
  const [kind, n] = Object.entries(node)[0] as [string, Record<string, unknown>];
  switch (kind) {
    case 'ColumnRef': {
      const fields = (n.fields as Node[]) ?? [];
      const last = fields[fields.length - 1] as { String?: { sval: string } };
      return last?.String ? [last.String.sval, 2] : [undefined, 0];
    }
    case 'A_Indirection': {
      const ind = (n.indirection as Node[]) ?? [];
      for (let i = ind.length - 1; i >= 0; i--) {
        const s = (ind[i] as { String?: { sval: string } }).String;
        if (s) return [s.sval, 2];
      }
      return figure(n.arg as Node);
    }
    case 'FuncCall': {
      const names = (n.funcname as { String: { sval: string } }[]) ?? [];
      return [names[names.length - 1]?.String.sval, 2];
    }
    case 'A_Expr':
      if (n.kind === 'AEXPR_NULLIF') return ['nullif', 2];
      return [undefined, 0];
    case 'TypeCast': {
      const [inner, strength] = figure(n.arg as Node);
      if (strength > 1) return [inner, strength];
      const names = ((n.typeName as { names?: { String: { sval: string } }[] }).names ?? []);
      return [names[names.length - 1]?.String.sval, 1];
    }
    case 'CollateClause':
      return figure(n.arg as Node);
    case 'GroupingFunc':
      return ['grouping', 2];
    case 'SubLink':
      switch (n.subLinkType) {
        case 'EXISTS_SUBLINK':
          return ['exists', 2];
        case 'ARRAY_SUBLINK':
          return ['array', 2];
        case 'EXPR_SUBLINK': {
          const sel = (n.subselect as { SelectStmt?: { targetList?: Node[] } }).SelectStmt;
          const first = sel?.targetList?.[0] as { ResTarget?: { name?: string; val: Node } } | undefined;
          if (first?.ResTarget) return first.ResTarget.name ? [first.ResTarget.name, 2] : figure(first.ResTarget.val);
          return [undefined, 0];
        }
        default:
          return [undefined, 0];
      }
    case 'CaseExpr': {
      const [inner, strength] = n.defresult ? figure(n.defresult as Node) : [undefined, 0];
      return strength > 1 ? [inner, strength] : ['case', 1];
    }
    // ARRAY[…] and ROW(…) name their column like functions do, over any cast.
    case 'A_ArrayExpr':
      return ['array', 2];
    case 'RowExpr':
      return ['row', 2];
    case 'CoalesceExpr':
      return ['coalesce', 2];
    case 'MinMaxExpr':
      return [n.op === 'IS_GREATEST' ? 'greatest' : 'least', 2];
    case 'SQLValueFunction':
      return [sqlValueName(n.op as string), 2];
    case 'XmlExpr':
      return ['xml', 2];
    default:
      return [undefined, 0];
  }
}

function sqlValueName(op: string): string {
  const names: Record<string, string> = {
    SVFOP_CURRENT_DATE: 'current_date',
    SVFOP_CURRENT_TIME: 'current_time',
    SVFOP_CURRENT_TIME_N: 'current_time',
    SVFOP_CURRENT_TIMESTAMP: 'current_timestamp',
    SVFOP_CURRENT_TIMESTAMP_N: 'current_timestamp',
    SVFOP_LOCALTIME: 'localtime',
    SVFOP_LOCALTIME_N: 'localtime',
    SVFOP_LOCALTIMESTAMP: 'localtimestamp',
    SVFOP_LOCALTIMESTAMP_N: 'localtimestamp',
    SVFOP_CURRENT_ROLE: 'current_role',
    SVFOP_CURRENT_USER: 'current_user',
    SVFOP_USER: 'user',
    SVFOP_SESSION_USER: 'session_user',
    SVFOP_CURRENT_CATALOG: 'current_catalog',
    SVFOP_CURRENT_SCHEMA: 'current_schema',
  };
  return names[op] ?? '?column?';
}
