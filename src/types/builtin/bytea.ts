import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import type { PgType } from '../type.js';

function invalid(): PgError {
  return new PgError(SqlState.InvalidTextRepresentation, 'invalid input syntax for type bytea');
}

/** byteain: hex format (\x...) or the traditional escape format. */
export function parseBytea(s: string): Uint8Array {
  if (s.startsWith('\\x')) {
    const hex = s.slice(2).replace(/\s+/g, '');
    if (hex.length % 2 !== 0) {
      throw new PgError(SqlState.InvalidParameterValue, 'invalid hexadecimal data: odd number of digits');
    }
    if (!/^[0-9a-fA-F]*$/.test(hex)) {
      const bad = hex.match(/[^0-9a-fA-F]/)![0];
      throw new PgError(SqlState.InvalidParameterValue, `invalid hexadecimal digit: "${bad}"`);
    }
    return Buffer.from(hex, 'hex');
  }
  const out: number[] = [];
  const bytes = Buffer.from(s, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c !== 0x5c) {
      out.push(c);
      continue;
    }
    if (bytes[i + 1] === 0x5c) {
      out.push(0x5c);
      i++;
      continue;
    }
    const d = bytes.subarray(i + 1, i + 4).toString('latin1');
    if (/^[0-3][0-7][0-7]$/.test(d)) {
      out.push(parseInt(d, 8));
      i += 3;
      continue;
    }
    throw invalid();
  }
  return Buffer.from(out);
}

export function formatBytea(b: Uint8Array, output: string): string {
  if (output !== 'escape') return '\\x' + Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
  let s = '';
  for (const c of b) {
    if (c === 0x5c) s += '\\\\';
    else if (c < 0x20 || c > 0x7e) s += '\\' + c.toString(8).padStart(3, '0');
    else s += String.fromCharCode(c);
  }
  return s;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

export const byteaType: PgType = {
  oid: Oid.bytea,
  name: 'bytea',
  len: -1,
  category: 'U',
  preferred: false,
  arrayOid: Oid._bytea,
  elemOid: 0,
  delimiter: ',',
  toText: (v, ctx) => formatBytea(v as Uint8Array, ctx.byteaOutput),
  fromText: (s) => parseBytea(s),
  toBinary: (v) => v as Uint8Array,
  fromBinary: (b) => Buffer.from(b),
  compare: (a, b) => compareBytes(a as Uint8Array, b as Uint8Array),
};
