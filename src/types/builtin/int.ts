import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import type { PgType } from '../type.js';
import { expectLength, int16Bytes, int32Bytes, int64Bytes } from '../binary.js';

const INT_TEXT = /^\s*[+-]?\d+\s*$/;

export const INT2_MIN = -32768;
export const INT2_MAX = 32767;
export const INT4_MIN = -2147483648;
export const INT4_MAX = 2147483647;
export const INT8_MIN = -(2n ** 63n);
export const INT8_MAX = 2n ** 63n - 1n;

export function outOfRange(typeName: 'smallint' | 'integer' | 'bigint'): PgError {
  return new PgError(SqlState.NumericValueOutOfRange, `${typeName} out of range`);
}

function parseIntText(input: string, sqlName: string, min: number, max: number): number {
  if (!INT_TEXT.test(input)) {
    throw new PgError(SqlState.InvalidTextRepresentation, `invalid input syntax for type ${sqlName}: "${input}"`);
  }
  const v = Number(input.trim());
  if (v < min || v > max) {
    throw new PgError(SqlState.NumericValueOutOfRange, `value "${input}" is out of range for type ${sqlName}`);
  }
  return v === 0 ? 0 : v; // never -0
}

export function parseInt8(input: string): bigint {
  if (!INT_TEXT.test(input)) {
    throw new PgError(SqlState.InvalidTextRepresentation, `invalid input syntax for type bigint: "${input}"`);
  }
  const v = BigInt(input.trim());
  if (v < INT8_MIN || v > INT8_MAX) {
    throw new PgError(SqlState.NumericValueOutOfRange, `value "${input}" is out of range for type bigint`);
  }
  return v;
}

const compareNumber = (a: unknown, b: unknown): number => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);
const compareBigint = (a: unknown, b: unknown): number => ((a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0);

export const int2Type: PgType = {
  oid: Oid.int2,
  name: 'int2',
  len: 2,
  category: 'N',
  preferred: false,
  arrayOid: Oid._int2,
  elemOid: 0,
  delimiter: ',',
  toText: (v) => String(v),
  fromText: (s) => parseIntText(s, 'smallint', INT2_MIN, INT2_MAX),
  toBinary: (v) => int16Bytes(v as number),
  fromBinary: (b) => expectLength(b, 2, 'smallint').readInt16BE(0),
  compare: compareNumber,
};

export const int4Type: PgType = {
  oid: Oid.int4,
  name: 'int4',
  len: 4,
  category: 'N',
  preferred: false,
  arrayOid: Oid._int4,
  elemOid: 0,
  delimiter: ',',
  toText: (v) => String(v),
  fromText: (s) => parseIntText(s, 'integer', INT4_MIN, INT4_MAX),
  toBinary: (v) => int32Bytes(v as number),
  fromBinary: (b) => expectLength(b, 4, 'integer').readInt32BE(0),
  compare: compareNumber,
};

export const int8Type: PgType = {
  oid: Oid.int8,
  name: 'int8',
  len: 8,
  category: 'N',
  preferred: false,
  arrayOid: Oid._int8,
  elemOid: 0,
  delimiter: ',',
  toText: (v) => String(v),
  fromText: (s) => parseInt8(s),
  toBinary: (v) => int64Bytes(v as bigint),
  fromBinary: (b) => expectLength(b, 8, 'bigint').readBigInt64BE(0),
  compare: compareBigint,
};

/** oid is an unsigned 32-bit integer; its input also accepts negative values as PostgreSQL does. */
export function parseOid(input: string): number {
  if (!INT_TEXT.test(input)) {
    throw new PgError(SqlState.InvalidTextRepresentation, `invalid input syntax for type oid: "${input}"`);
  }
  const v = Number(input.trim());
  if (v < -2147483648 || v > 4294967295) {
    throw new PgError(SqlState.NumericValueOutOfRange, `value "${input}" is out of range for type oid`);
  }
  return v < 0 ? v + 4294967296 : v;
}

export const oidType: PgType = {
  oid: Oid.oid,
  name: 'oid',
  len: 4,
  category: 'N',
  preferred: false,
  arrayOid: Oid._oid,
  elemOid: 0,
  delimiter: ',',
  toText: (v) => String(v),
  fromText: (s) => parseOid(s),
  toBinary: (v) => {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32BE(v as number);
    return b;
  },
  fromBinary: (b) => expectLength(b, 4, 'oid').readUInt32BE(0),
  compare: compareNumber,
};
