/** Error helpers and binary reading shared by the pgvector types. */
import { PgError, SqlState } from '../errors.js';

export function dataException(message: string): PgError {
  return new PgError(SqlState.DataException, message);
}

/** CheckExpectedDim: a typmod (declared dimensions) must match the value's. */
export function checkExpectedDim(typmod: number, dim: number): void {
  if (typmod !== -1 && typmod !== dim) throw dataException(`expected ${typmod} dimensions, not ${dim}`);
}

/** CheckDim of vector/halfvec/sparsevec: 1 ≤ dim ≤ max. */
export function checkDim(name: string, dim: number, max: number): void {
  if (dim < 1) throw dataException(`${name} must have at least 1 dimension`);
  if (dim > max) throw new PgError(SqlState.ProgramLimitExceeded, `${name} cannot have more than ${max} dimensions`);
}

/** CheckDims of binary operators: `different vector dimensions 3 and 2`. */
export function differentDims(name: string, a: number, b: number): PgError {
  return dataException(`different ${name} dimensions ${a} and ${b}`);
}

/** vector_typmod_in and friends: exactly one modifier, 1 ≤ n ≤ max. */
export function dimsTypmodIn(name: string, max: number): (mods: number[]) => number {
  return (mods) => {
    if (mods.length !== 1) throw new PgError(SqlState.InvalidParameterValue, 'invalid type modifier');
    const n = mods[0]!;
    if (n < 1) throw new PgError(SqlState.InvalidParameterValue, `dimensions for type ${name} must be at least 1`);
    if (n > max) throw new PgError(SqlState.InvalidParameterValue, `dimensions for type ${name} cannot exceed ${max}`);
    return n;
  };
}

export const typmodOut = (typmod: number): string => (typmod >= 0 ? `(${typmod})` : '');

export function floatOverflow(): PgError {
  return new PgError(SqlState.NumericValueOutOfRange, 'value out of range: overflow');
}

export function floatUnderflow(): PgError {
  return new PgError(SqlState.NumericValueOutOfRange, 'value out of range: underflow');
}

/** C isspace() in the C locale, which vector_isspace and friends mirror. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

export function skipSpaces(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/**
 * A cursor over a binary parameter, big-endian like pq_getmsgint. Running
 * out of bytes or leaving some unread is the error PostgreSQL reports for
 * a malformed bind parameter.
 */
export class BinaryReader {
  private readonly view: DataView;
  offset = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number): void {
    if (this.offset + n > this.bytes.length) {
      throw new PgError(SqlState.ProtocolViolation, 'insufficient data left in message');
    }
  }

  int16(): number {
    this.need(2);
    const v = this.view.getInt16(this.offset);
    this.offset += 2;
    return v;
  }

  uint16(): number {
    this.need(2);
    const v = this.view.getUint16(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.view.getInt32(this.offset);
    this.offset += 4;
    return v;
  }

  float32(): number {
    this.need(4);
    const v = this.view.getFloat32(this.offset);
    this.offset += 4;
    return v;
  }

  /** Copies n bytes out (never a view: the message buffer is reused). */
  bytesCopy(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** The whole value must be consumed, as PostgreSQL checks after typreceive. */
  end(): void {
    if (this.offset !== this.bytes.length) {
      throw new PgError(SqlState.InvalidBinaryRepresentation, 'incorrect binary data format in bind parameter');
    }
  }
}
