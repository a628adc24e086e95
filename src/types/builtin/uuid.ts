/** uuid (OID 2950): a 16-byte Uint8Array, with uuid_in's accepted spellings. */
import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import { expectLength } from '../binary.js';
import { compareBytes } from './bytea.js';
import type { PgType } from '../type.js';

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function invalid(s: string): PgError {
  return new PgError(SqlState.InvalidTextRepresentation, `invalid input syntax for type uuid: "${s}"`);
}

/**
 * string_to_uuid: optional braces around 32 hex digits (either case), with
 * an optional hyphen after any even-numbered pair of digits (that is, after
 * every group of four) except the last. No whitespace anywhere.
 */
export function parseUuid(s: string): Uint8Array {
  const out = new Uint8Array(16);
  const n = s.length;
  let i = 0;
  const braces = s.charCodeAt(0) === 123;
  if (braces) i++;
  for (let k = 0; k < 16; k++) {
    if (i + 1 >= n) throw invalid(s);
    const hi = hexVal(s.charCodeAt(i));
    const lo = hexVal(s.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) throw invalid(s);
    out[k] = hi * 16 + lo;
    i += 2;
    if (s.charCodeAt(i) === 45 && k % 2 === 1 && k < 15) i++;
  }
  if (braces) {
    if (s.charCodeAt(i) !== 125) throw invalid(s);
    i++;
  }
  if (i !== n) throw invalid(s);
  return out;
}

const HEX: string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** uuid_out: lowercase 8-4-4-4-12. */
export function formatUuid(b: Uint8Array): string {
  let s = '';
  for (let k = 0; k < 16; k++) {
    if (k === 4 || k === 6 || k === 8 || k === 10) s += '-';
    s += HEX[b[k]!];
  }
  return s;
}

export const uuidType: PgType = {
  oid: Oid.uuid,
  name: 'uuid',
  len: 16,
  category: 'U',
  preferred: false,
  arrayOid: Oid._uuid,
  elemOid: 0,
  delimiter: ',',
  toText: (v) => formatUuid(v as Uint8Array),
  fromText: (s) => parseUuid(s),
  toBinary: (v) => v as Uint8Array,
  fromBinary: (b) => new Uint8Array(expectLength(b, 16, 'uuid')),
  // uuid_cmp is memcmp over the 16 bytes.
  compare: (a, b) => compareBytes(a as Uint8Array, b as Uint8Array),
};
