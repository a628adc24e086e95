import { Oid } from './oids.js';
import { findTypeByOid, setTypeFormatter } from './registry.js';

/** SQL-standard spellings that format_type() prints for built-in types. */
const SQL_NAMES: Record<number, string> = {
  [Oid.bool]: 'boolean',
  [Oid.int2]: 'smallint',
  [Oid.int4]: 'integer',
  [Oid.int8]: 'bigint',
  [Oid.float4]: 'real',
  [Oid.float8]: 'double precision',
  [Oid.varchar]: 'character varying',
  [Oid.bpchar]: 'character',
  [Oid.char]: '"char"',
  [Oid.timestamp]: 'timestamp without time zone',
  [Oid.timestamptz]: 'timestamp with time zone',
  [Oid.time]: 'time without time zone',
  [Oid.timetz]: 'time with time zone',
  [Oid.varbit]: 'bit varying',
};

/** format_type(oid, typmod): the name PostgreSQL shows for a type in messages and \d. */
export function formatType(oid: number, typmod = -1): string {
  const t = findTypeByOid(oid);
  if (!t) return '???';
  if (t.elemOid !== 0 && t.category === 'A') return formatType(t.elemOid, typmod) + '[]';
  const base = SQL_NAMES[oid] ?? t.name;
  if (typmod < 0 || !t.typmodOut) return base;
  const mod = t.typmodOut(typmod);
  // Time types put the precision before "with/without time zone".
  if (oid === Oid.timestamp || oid === Oid.timestamptz || oid === Oid.time || oid === Oid.timetz) {
    const [head, ...rest] = base.split(' ');
    return `${head}${mod} ${rest.join(' ')}`;
  }
  return base + mod;
}

setTypeFormatter((oid) => formatType(oid));
