/**
 * PostgreSQL's bit strings, `bit` (OID 1560, fixed length = typmod) and
 * `bit varying` (varbit, OID 1562), which pgvector uses for binary
 * vectors (binary_quantize, <~> Hamming, <%> Jaccard).
 *
 * Value: BitString { length (in bits), bytes } — bits packed MSB first,
 * the unused low bits of the last byte always zero (VARBIT_PAD), so bytes
 * compare and hash as the bit string does. Text: '0'/'1' digits (input also
 * accepts a B prefix, or X and hex digits); binary: int32 bit length then
 * the bytes (bit_send).
 */
import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import type { PgType } from '../type.js';
import type { Value } from '../value.js';
import { BinaryReader, typmodOut } from './common.js';

export interface BitString {
  /** Number of bits. */
  readonly length: number;
  /** ⌈length/8⌉ bytes, MSB first, padding bits zero. */
  readonly bytes: Uint8Array;
}

/** VARBITMAXLEN: the longest bit string a varlena can hold. */
export const VARBITMAXLEN = 0x7fffffff - 8;
/** MaxAttrSize * BITS_PER_BYTE: the largest typmod bit(n) accepts. */
const MAX_TYPMOD = 10 * 1024 * 1024 * 8;

export function makeBits(length: number, bytes?: Uint8Array): BitString {
  return { length, bytes: bytes ?? new Uint8Array((length + 7) >> 3) };
}

/** Clears the bits past `length` in the last byte (VARBIT_PAD). */
export function padBits(b: BitString): BitString {
  const rem = b.length & 7;
  if (rem !== 0 && b.bytes.length > 0) b.bytes[b.bytes.length - 1]! &= (0xff << (8 - rem)) & 0xff;
  return b;
}

export function bitLengthMismatch(len: number, typmod: number): PgError {
  return new PgError('22026', `bit string length ${len} does not match type bit(${typmod})`);
}

export function bitTooLong(typmod: number): PgError {
  return new PgError(SqlState.StringDataRightTruncation, `bit string too long for type bit varying(${typmod})`);
}

/**
 * bit_in / varbit_in. For bit(n) the literal must have exactly n bits; for
 * varbit(n) at most n. The length check comes before the digits are
 * validated, as in PostgreSQL.
 */
export function parseBits(input: string, typmod: number, varying: boolean): BitString {
  let sp = 0;
  let hex = false;
  const c0 = input.charCodeAt(0);
  if (c0 === 98 || c0 === 66) sp = 1;
  else if (c0 === 120 || c0 === 88) {
    hex = true;
    sp = 1;
  }
  const slen = input.length - sp;
  if (slen > VARBITMAXLEN / 4) {
    throw new PgError(SqlState.ProgramLimitExceeded, `bit string length exceeds the maximum allowed (${VARBITMAXLEN})`);
  }
  const bitlen = hex ? slen * 4 : slen;
  if (typmod > 0) {
    if (varying ? bitlen > typmod : bitlen !== typmod) throw varying ? bitTooLong(typmod) : bitLengthMismatch(bitlen, typmod);
  }
  const out = makeBits(bitlen);
  const r = out.bytes;
  if (!hex) {
    for (let i = 0; i < slen; i++) {
      const c = input.charCodeAt(sp + i);
      if (c === 49) r[i >> 3]! |= 0x80 >> (i & 7);
      else if (c !== 48) {
        throw new PgError(SqlState.InvalidTextRepresentation, `"${String.fromCodePoint(input.codePointAt(sp + i)!)}" is not a valid binary digit`);
      }
    }
  } else {
    for (let i = 0; i < slen; i++) {
      const c = input.charCodeAt(sp + i);
      let x: number;
      if (c >= 48 && c <= 57) x = c - 48;
      else if (c >= 65 && c <= 70) x = c - 55;
      else if (c >= 97 && c <= 102) x = c - 87;
      else {
        throw new PgError(SqlState.InvalidTextRepresentation, `"${String.fromCodePoint(input.codePointAt(sp + i)!)}" is not a valid hexadecimal digit`);
      }
      r[i >> 1]! |= (i & 1) === 0 ? x << 4 : x;
    }
  }
  return out;
}

/** bit_out / varbit_out: one '0' or '1' per bit. */
export function formatBits(b: BitString): string {
  const parts: string[] = [];
  const full = b.length >> 3;
  for (let i = 0; i < full; i++) parts.push(BYTE_TEXT[b.bytes[i]!]!);
  const rem = b.length & 7;
  if (rem) parts.push(BYTE_TEXT[b.bytes[full]!]!.slice(0, rem));
  return parts.join('');
}

const BYTE_TEXT: string[] = Array.from({ length: 256 }, (_, i) => i.toString(2).padStart(8, '0'));

function bitSend(v: Value): Uint8Array {
  const b = v as BitString;
  const out = new Uint8Array(4 + b.bytes.length);
  new DataView(out.buffer).setInt32(0, b.length);
  out.set(b.bytes, 4);
  return out;
}

function bitRecv(buf: Uint8Array, typmod: number, varying: boolean): BitString {
  const r = new BinaryReader(buf);
  const bitlen = r.int32();
  if (bitlen < 0 || bitlen > VARBITMAXLEN) {
    throw new PgError(SqlState.InvalidBinaryRepresentation, 'invalid length in external bit string');
  }
  if (typmod > 0) {
    if (varying ? bitlen > typmod : bitlen !== typmod) throw varying ? bitTooLong(typmod) : bitLengthMismatch(bitlen, typmod);
  }
  const bytes = r.bytesCopy((bitlen + 7) >> 3);
  r.end();
  return padBits({ length: bitlen, bytes });
}

/** bit_cmp: bytes compared as unsigned over the common length, then the shorter first. */
export function compareBits(a: BitString, b: BitString): number {
  const n = Math.min(a.bytes.length, b.bytes.length);
  for (let i = 0; i < n; i++) {
    const x = a.bytes[i]!;
    const y = b.bytes[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function bitTypmodIn(name: string): (mods: number[]) => number {
  return (mods) => {
    if (mods.length !== 1) throw new PgError(SqlState.InvalidParameterValue, 'invalid type modifier');
    const n = mods[0]!;
    if (n < 1) throw new PgError(SqlState.InvalidParameterValue, `length for type ${name} must be at least 1`);
    if (n > MAX_TYPMOD) throw new PgError(SqlState.InvalidParameterValue, `length for type ${name} cannot exceed ${MAX_TYPMOD}`);
    return n;
  };
}

/**
 * The length coercion of bit(n) (PostgreSQL's bit() function): an explicit
 * cast pads with zeros or truncates; an assignment requires the exact length.
 */
export function applyBitTypmod(b: BitString, len: number, explicit: boolean): BitString {
  if (len <= 0 || len === b.length) return b;
  if (!explicit) throw bitLengthMismatch(b.length, len);
  return resizeBits(b, len);
}

/** varbit(n): longer strings are an error on assignment, truncated by an explicit cast. */
export function applyVarbitTypmod(b: BitString, len: number, explicit: boolean): BitString {
  if (len <= 0 || len >= b.length) return b;
  if (!explicit) throw bitTooLong(len);
  return resizeBits(b, len);
}

/** The first `len` bits of b, zero-padded on the right when b is shorter. */
export function resizeBits(b: BitString, len: number): BitString {
  const out = makeBits(len);
  out.bytes.set(b.bytes.subarray(0, Math.min(b.bytes.length, out.bytes.length)));
  return padBits(out);
}

export const bitType: PgType = {
  oid: Oid.bit,
  name: 'bit',
  len: -1,
  category: 'V',
  preferred: false,
  arrayOid: Oid._bit,
  elemOid: 0,
  delimiter: ',',
  toText: (v) => formatBits(v as BitString),
  fromText: (s, typmod) => parseBits(s, typmod, false),
  toBinary: bitSend,
  fromBinary: (b, typmod) => bitRecv(b, typmod, false),
  compare: (a, b) => compareBits(a as BitString, b as BitString),
  typmodIn: bitTypmodIn('bit'),
  typmodOut,
};

export const varbitType: PgType = {
  oid: Oid.varbit,
  name: 'varbit',
  len: -1,
  category: 'V',
  preferred: true,
  arrayOid: Oid._varbit,
  elemOid: 0,
  delimiter: ',',
  toText: (v) => formatBits(v as BitString),
  fromText: (s, typmod) => parseBits(s, typmod, true),
  toBinary: bitSend,
  fromBinary: (b, typmod) => bitRecv(b, typmod, true),
  compare: (a, b) => compareBits(a as BitString, b as BitString),
  typmodIn: bitTypmodIn('varbit'),
  typmodOut,
};
