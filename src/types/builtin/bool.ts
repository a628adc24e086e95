import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import type { PgType } from '../type.js';
import { expectLength } from '../binary.js';

/** boolin: case-insensitive unique prefixes of true/false/yes/no, on/off, 1/0. */
export function parseBool(input: string): boolean {
  const s = input.trim().toLowerCase();
  if (s.length > 0) {
    if ('true'.startsWith(s) || 'yes'.startsWith(s) || s === '1') return true;
    if ('false'.startsWith(s) || 'no'.startsWith(s) || s === '0') return false;
    if (s.length >= 2 && 'on'.startsWith(s)) return true;
    if (s.length >= 2 && 'off'.startsWith(s)) return false;
  }
  throw new PgError(SqlState.InvalidTextRepresentation, `invalid input syntax for type boolean: "${input}"`);
}

export const boolType: PgType = {
  oid: Oid.bool,
  name: 'bool',
  len: 1,
  category: 'B',
  preferred: true,
  arrayOid: Oid._bool,
  elemOid: 0,
  delimiter: ',',
  toText: (v) => (v ? 't' : 'f'),
  fromText: (s) => parseBool(s),
  toBinary: (v) => Uint8Array.of(v ? 1 : 0),
  fromBinary: (b) => {
    const buf = expectLength(b, 1, 'boolean');
    return buf[0] !== 0;
  },
  compare: (a, b) => (a === b ? 0 : a ? 1 : -1),
};
