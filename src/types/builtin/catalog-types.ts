/**
 * Types that appear in pg_catalog columns: regproc (a function name),
 * pg_node_tree (a stored expression) and aclitem (a privilege). vecsql keeps
 * their values as text.
 */
import { Oid } from '../oids.js';
import type { PgType, TypeCategory } from '../type.js';
import { compareText } from './text.js';

function textual(oid: number, name: string, arrayOid: number, category: TypeCategory): PgType {
  return {
    oid,
    name,
    len: oid === Oid.regproc ? 4 : -1,
    category,
    preferred: false,
    arrayOid,
    elemOid: 0,
    delimiter: ',',
    toText: (v) => v as string,
    fromText: (s) => s,
    toBinary: (v) => Buffer.from(v as string, 'utf8'),
    fromBinary: (b) => Buffer.from(b).toString('utf8'),
    compare: compareText,
  };
}

export const regprocType = textual(Oid.regproc, 'regproc', Oid._regproc, 'N');
export const pgNodeTreeType = textual(Oid.pg_node_tree, 'pg_node_tree', 0, 'Z');
export const aclitemType = textual(Oid.aclitem, 'aclitem', Oid._aclitem, 'U');
