/** regclass: an OID that reads and prints as a relation name, resolved through the session's catalog. */
import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import type { PgType } from '../type.js';
import { expectLength } from '../binary.js';

export const regclassType: PgType = {
  oid: Oid.regclass,
  name: 'regclass',
  len: 4,
  category: 'N',
  preferred: false,
  arrayOid: Oid._regclass,
  elemOid: 0,
  delimiter: ',',
  toText: (v, io) => (v === 0 ? '-' : (io.names?.relationName(v as number) ?? String(v))),
  fromText: (s, _typmod, io) => {
    const t = s.trim();
    if (t === '-') return 0;
    if (/^\d+$/.test(t)) return Number(t);
    if (!io.names) throw new PgError(SqlState.UndefinedTable, `relation "${t}" does not exist`);
    return io.names.relationOid(t);
  },
  toBinary: (v) => {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32BE(v as number);
    return b;
  },
  fromBinary: (b) => expectLength(b, 4, 'regclass').readUInt32BE(0),
  compare: (a, b) => (a as number) - (b as number),
};

/** regnamespace: an OID that reads and prints as a schema name. */
export const regnamespaceType: PgType = {
  ...regclassType,
  oid: Oid.regnamespace,
  name: 'regnamespace',
  arrayOid: 4090,
  toText: (v, io) => (v === 0 ? '-' : (io.names?.namespaceName(v as number) ?? String(v))),
  fromText: (s, _typmod, io) => {
    const t = s.trim();
    if (t === '-') return 0;
    if (/^\d+$/.test(t)) return Number(t);
    if (!io.names) throw new PgError(SqlState.InvalidSchemaName, `schema "${t}" does not exist`);
    return io.names.namespaceOid(t);
  },
  fromBinary: (b) => expectLength(b, 4, 'regnamespace').readUInt32BE(0),
};
