/** Small helpers for fixed-width big-endian binary I/O. */
import { PgError, SqlState } from './errors.js';

export function int16Bytes(v: number): Uint8Array {
  const b = Buffer.allocUnsafe(2);
  b.writeInt16BE(v);
  return b;
}

export function int32Bytes(v: number): Uint8Array {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32BE(v);
  return b;
}

export function uint32Bytes(v: number): Uint8Array {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(v >>> 0);
  return b;
}

export function int64Bytes(v: bigint): Uint8Array {
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64BE(v);
  return b;
}

export function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** Checks a binary parameter has exactly the width its type needs. */
export function expectLength(b: Uint8Array, n: number, typeName: string): Buffer {
  if (b.length !== n) {
    throw new PgError(SqlState.InvalidBinaryRepresentation, `incorrect binary data format in bind parameter`, {
      detail: `expected ${n} bytes for type ${typeName}, got ${b.length}`,
    });
  }
  return asBuffer(b);
}
