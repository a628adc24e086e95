/** regtype: an OID that reads and prints as a type name (https://www.postgresql.org/docs/15/datatype-oid.html). */
import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import type { PgType } from '../type.js';
import { expectLength } from '../binary.js';

/** SQL spellings accepted for type names, mapped to pg_type names. */
const ALIASES: Record<string, string> = {
  integer: 'int4',
  int: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  real: 'float4',
  'double precision': 'float8',
  float: 'float8',
  boolean: 'bool',
  'character varying': 'varchar',
  character: 'bpchar',
  char: 'bpchar',
  decimal: 'numeric',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'time without time zone': 'time',
  'time with time zone': 'timetz',
  '"char"': 'char',
};

/**
 * Resolves a type name as regtypein does. The lookup functions are passed in
 * so this file does not depend on the registry (which registers this type).
 */
export function makeRegtype(byName: (n: string) => PgType | undefined, byOid: (o: number) => PgType | undefined, format: (o: number) => string): PgType {
  const parse = (input: string): number => {
    const s = input.trim();
    if (/^\d+$/.test(s)) return Number(s);
    let name = s.toLowerCase().replace(/^pg_catalog\./, '').replace(/\s+/g, ' ');
    let array = false;
    if (name.endsWith('[]')) {
      array = true;
      name = name.slice(0, -2).trim();
    }
    name = name.replace(/\(.*\)$/, '').trim();
    if (name.startsWith('"') && name.endsWith('"') && name !== '"char"') name = name.slice(1, -1);
    const t = byName(ALIASES[name] ?? name);
    if (!t || (array && !t.arrayOid)) throw new PgError(SqlState.UndefinedObject, `type "${s}" does not exist`);
    return array ? t.arrayOid : t.oid;
  };
  return {
    oid: Oid.regtype,
    name: 'regtype',
    len: 4,
    category: 'N',
    preferred: false,
    arrayOid: Oid._regtype,
    elemOid: 0,
    delimiter: ',',
    toText: (v) => (v === 0 ? '-' : byOid(v as number) ? format(v as number) : String(v)),
    fromText: (s) => (s.trim() === '-' ? 0 : parse(s)),
    toBinary: (v) => {
      const b = Buffer.allocUnsafe(4);
      b.writeUInt32BE(v as number);
      return b;
    },
    fromBinary: (b) => expectLength(b, 4, 'regtype').readUInt32BE(0),
    compare: (a, b) => (a as number) - (b as number),
  };
}
