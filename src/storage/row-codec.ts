/**
 * Row values ⇄ bytes: the value format of the table databases in LMDB.
 *
 * Layout (integers little-endian: the bytes never leave this process's data
 * directory, and LE is what typed arrays read natively on x86 and ARM):
 *
 *   offset 0  u8    flags: bit 0 set = the offset table is u32, else u16;
 *                   bits 4..7 = format version (1)
 *   offset 1  u16   ncols: how many columns the row was written with
 *   offset 3  ⌈ncols/8⌉ bytes of null bitmap: bit (i & 7) of byte (i >> 3)
 *                   set = column i is NULL
 *   then      ncols END offsets (u16 or u32) of each column's bytes,
 *                   relative to the start of the data section
 *   then      data: the bytes of each non-null column, back to back
 *
 * Why an offset table: decodeColumn (a filter reading one column) finds
 * column i with two reads instead of walking the columns before it, and a
 * row written before ALTER TABLE ADD COLUMN simply has a smaller ncols, so
 * the missing trailing columns decode as null. u16 offsets cover rows whose
 * data is under 64 KiB, which is nearly all of them; bigger rows switch the
 * whole table to u32.
 *
 * Column bytes per type (the length comes from the offset table, so no
 * per-value length prefix is needed):
 *   bool 1 · int2 2 · int4 4 · int8 8 · float4 4 · float8 8 (IEEE bits, so
 *   -0 and NaN survive) · oid/reg* 4 unsigned · date 4 (±Infinity as
 *   INT32_MAX/MIN like date_send) · timestamp/timestamptz/time 8 µs ·
 *   timetz 8 µs + 4 zone · interval 8 µs + 4 days + 4 months · uuid 16 ·
 *   text-like and json UTF-8 · bytea raw · numeric: kind byte, u16 dscale,
 *   big-endian magnitude of the coefficient · any other type: its binary
 *   send format (PgType.toBinary / fromBinary from the registry).
 *
 * Type OID 0 marks a dropped column: it is always written and read as null.
 */
import { PgError, SqlState } from '../types/errors.js';
import { Numeric } from '../types/numeric.js';
import { Oid } from '../types/oids.js';
import { typeByOid } from '../types/registry.js';
import { defaultIoContext } from '../types/type.js';
import type { PgType } from '../types/type.js';
import type { Value } from '../types/value.js';

const FORMAT_VERSION = 1;
const FLAG_WIDE = 1;
/** The header is flags + ncols before the bitmap. */
const FIXED_HEADER = 3;

// Storage classes: how a column's bytes are laid out. Small integers so the
// per-column switch compiles to a jump table.
const K_GENERIC = 0;
const K_BOOL = 1;
const K_INT2 = 2;
const K_INT4 = 3;
const K_INT8 = 4;
const K_FLOAT4 = 5;
const K_FLOAT8 = 6;
const K_UINT32 = 7;
const K_TEXT = 8;
const K_BYTEA = 9;
const K_DATE = 10;
const K_INT64 = 11;
const K_TIMETZ = 12;
const K_INTERVAL = 13;
const K_UUID = 14;
const K_NUMERIC = 15;
const K_DROPPED = 16;

/** Storage class by type OID for the built-in OID range; larger OIDs are generic. */
const KIND_BY_OID = new Uint8Array(8192);
const FIXED_OIDS: [number[], number][] = [
  [[Oid.bool], K_BOOL],
  [[Oid.int2], K_INT2],
  [[Oid.int4], K_INT4],
  [[Oid.int8], K_INT8],
  [[Oid.float4], K_FLOAT4],
  [[Oid.float8], K_FLOAT8],
  [
    [Oid.oid, Oid.regproc, Oid.regprocedure, Oid.regoper, Oid.regoperator, Oid.regclass, Oid.regtype, Oid.regrole, Oid.regnamespace],
    K_UINT32,
  ],
  [[Oid.text, Oid.varchar, Oid.bpchar, Oid.name, Oid.char, Oid.unknown, Oid.json], K_TEXT],
  [[Oid.bytea], K_BYTEA],
  [[Oid.date], K_DATE],
  [[Oid.timestamp, Oid.timestamptz, Oid.time], K_INT64],
  [[Oid.timetz], K_TIMETZ],
  [[Oid.interval], K_INTERVAL],
  [[Oid.uuid], K_UUID],
  [[Oid.numeric], K_NUMERIC],
  [[0], K_DROPPED],
];
for (const [oids, kind] of FIXED_OIDS) for (const oid of oids) KIND_BY_OID[oid] = kind;

function kindOf(oid: number): number {
  return oid < 8192 ? KIND_BY_OID[oid]! : K_GENERIC;
}

/** Byte width of the fixed-size classes (0 for variable ones). */
const FIXED_WIDTH = new Uint8Array(32);
FIXED_WIDTH[K_BOOL] = 1;
FIXED_WIDTH[K_INT2] = 2;
FIXED_WIDTH[K_INT4] = 4;
FIXED_WIDTH[K_INT8] = 8;
FIXED_WIDTH[K_FLOAT4] = 4;
FIXED_WIDTH[K_FLOAT8] = 8;
FIXED_WIDTH[K_UINT32] = 4;
FIXED_WIDTH[K_DATE] = 4;
FIXED_WIDTH[K_INT64] = 8;
FIXED_WIDTH[K_TIMETZ] = 12;
FIXED_WIDTH[K_INTERVAL] = 16;
FIXED_WIDTH[K_UUID] = 16;

// One 8-byte scratch cell viewed as every numeric type: moving bytes through
// it is several times faster than Buffer's readBigInt64LE/writeBigInt64LE.
const cell = new ArrayBuffer(8);
const cellU8 = new Uint8Array(cell);
const cellI64 = new BigInt64Array(cell);
const cellF64 = new Float64Array(cell);
const cellF32 = new Float32Array(cell);

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('vecsql storage requires a little-endian platform');
}

/*
 * Buffer's internal utf8Slice/utf8Write skip the argument checks of
 * toString/write (about 40% faster on short strings); they exist in every
 * Node release we run on, with a fallback should one drop them.
 */
interface FastBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
  utf8Write(s: string, offset: number, length: number): number;
}
const HAS_FAST_UTF8 =
  typeof (Buffer.prototype as Partial<FastBuffer>).utf8Slice === 'function' &&
  typeof (Buffer.prototype as Partial<FastBuffer>).utf8Write === 'function';

function utf8Slice(b: Buffer, start: number, end: number): string {
  return HAS_FAST_UTF8 ? (b as FastBuffer).utf8Slice(start, end) : b.toString('utf8', start, end);
}

/** Strings up to this many UTF-16 units are measured and copied in JS; longer ones in C++. */
const SHORT_STRING = 48;

/** UTF-8 byte length of s (what Buffer.byteLength computes, without the native call for short strings). */
function utf8Length(s: string): number {
  const n = s.length;
  if (n > SHORT_STRING) return Buffer.byteLength(s, 'utf8');
  let len = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) len += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      len += 2; // a surrogate pair: 2 units, 4 bytes
      i++;
    } else len += 2;
  }
  return len;
}

function writeUtf8(out: Buffer, p: number, s: string, byteLen: number): void {
  const n = s.length;
  if (byteLen === n && n <= SHORT_STRING) {
    for (let i = 0; i < n; i++) out[p + i] = s.charCodeAt(i); // all ASCII
  } else if (HAS_FAST_UTF8) {
    (out as FastBuffer).utf8Write(s, p, byteLen);
  } else {
    out.write(s, p, byteLen, 'utf8');
  }
}

function writeI32(b: Uint8Array, p: number, v: number): void {
  b[p] = v;
  b[p + 1] = v >> 8;
  b[p + 2] = v >> 16;
  b[p + 3] = v >> 24;
}

function readI32(b: Uint8Array, p: number): number {
  return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
}

function readU16(b: Uint8Array, p: number): number {
  return b[p]! | (b[p + 1]! << 8);
}

function writeI64(b: Uint8Array, p: number, v: bigint): void {
  cellI64[0] = v;
  for (let i = 0; i < 8; i++) b[p + i] = cellU8[i]!;
}

function readI64(b: Uint8Array, p: number): bigint {
  for (let i = 0; i < 8; i++) cellU8[i] = b[p + i]!;
  return cellI64[0]!;
}

function asBigint(v: Value): bigint {
  return typeof v === 'bigint' ? v : BigInt(v as number);
}

// ---------------------------------------------------------------- numeric

const NUM_POS = 0;
const NUM_NEG = 1;
const NUM_NAN = 2;
const NUM_PINF = 3;
const NUM_NINF = 4;

/** The bytes of a numeric: kind, u16 dscale, then |coef| big-endian (none for zero). */
function numericBytes(n: Numeric): Uint8Array {
  if (!n.isFinite()) return Uint8Array.of(n.isNaN() ? NUM_NAN : n.isNegative() ? NUM_NINF : NUM_PINF, 0, 0);
  const neg = n.coef < 0n;
  const mag = neg ? -n.coef : n.coef;
  let hex = mag === 0n ? '' : mag.toString(16);
  if (hex.length & 1) hex = '0' + hex;
  const out = Buffer.allocUnsafe(3 + hex.length / 2);
  out[0] = neg ? NUM_NEG : NUM_POS;
  out[1] = n.dscale;
  out[2] = n.dscale >> 8;
  out.write(hex, 3, 'hex');
  return out;
}

function readNumeric(b: Buffer, start: number, end: number): Numeric {
  const kind = b[start]!;
  if (kind === NUM_NAN) return Numeric.NaN;
  if (kind === NUM_PINF) return Numeric.POSITIVE_INFINITY;
  if (kind === NUM_NINF) return Numeric.NEGATIVE_INFINITY;
  const dscale = readU16(b, start + 1);
  const mag = end - start > 3 ? BigInt('0x' + b.toString('hex', start + 3, end)) : 0n;
  return Numeric.of(kind === NUM_NEG ? -mag : mag, dscale);
}

// ---------------------------------------------------------------- generic

function genericType(oid: number): PgType {
  const t = typeByOid(oid);
  if (!t.toBinary || !t.fromBinary) {
    throw new PgError(SqlState.FeatureNotSupported, `values of type ${t.name} cannot be stored in a table`);
  }
  return t;
}

// ---------------------------------------------------------------- encode

/*
 * Per-call scratch: the byte length of each column (pass 1) and the bytes of
 * columns that must be serialized before their length is known. encodeRow is
 * synchronous and no toBinary calls back into storage, so one set suffices.
 */
let lens = new Int32Array(64);
let blobs: (Uint8Array | undefined)[] = [];

/** Byte length of one non-null column; stashes serialized bytes in blobs[i] when it had to produce them. */
function columnLength(v: Value, oid: number, kind: number, i: number): number {
  const w = FIXED_WIDTH[kind]!;
  if (w !== 0) return w;
  switch (kind) {
    case K_TEXT:
      return utf8Length(v as string);
    case K_BYTEA:
      return (v as Uint8Array).byteLength;
    case K_NUMERIC: {
      const b = numericBytes(v as Numeric);
      blobs[i] = b;
      return b.byteLength;
    }
    default: {
      const b = genericType(oid).toBinary!(v, defaultIoContext);
      blobs[i] = b;
      return b.byteLength;
    }
  }
}

/** Writes one non-null column at p; its length was computed by columnLength. */
function writeColumn(out: Buffer, p: number, v: Value, kind: number, len: number, i: number): void {
  switch (kind) {
    case K_BOOL:
      out[p] = v ? 1 : 0;
      return;
    case K_INT2:
      out[p] = v as number;
      out[p + 1] = (v as number) >> 8;
      return;
    case K_INT4:
    case K_UINT32:
      writeI32(out, p, v as number); // the low 32 bits are the same for signed and unsigned
      return;
    case K_INT8:
    case K_INT64:
      writeI64(out, p, asBigint(v));
      return;
    case K_FLOAT4:
      cellF32[0] = v as number;
      for (let k = 0; k < 4; k++) out[p + k] = cellU8[k]!;
      return;
    case K_FLOAT8:
      cellF64[0] = v as number;
      for (let k = 0; k < 8; k++) out[p + k] = cellU8[k]!;
      return;
    case K_DATE: {
      const d = v as number;
      writeI32(out, p, d === Infinity ? 0x7fffffff : d === -Infinity ? -0x80000000 : d);
      return;
    }
    case K_TIMETZ: {
      const t = v as { micros: bigint; offsetSec: number };
      writeI64(out, p, t.micros);
      writeI32(out, p + 8, t.offsetSec);
      return;
    }
    case K_INTERVAL: {
      const t = v as { months: number; days: number; micros: bigint };
      writeI64(out, p, t.micros);
      writeI32(out, p + 8, t.days);
      writeI32(out, p + 12, t.months);
      return;
    }
    case K_UUID:
      out.set(v as Uint8Array, p);
      return;
    case K_TEXT:
      writeUtf8(out, p, v as string, len);
      return;
    case K_BYTEA:
      out.set(v as Uint8Array, p);
      return;
    default:
      out.set(blobs[i]!, p);
      blobs[i] = undefined;
  }
}

/**
 * Serializes one row. values[i] is the value of column i (null for NULL),
 * typeOids[i] its type; typeOid 0 marks a dropped column.
 */
export function encodeRow(values: readonly Value[], typeOids: readonly number[]): Buffer {
  const n = typeOids.length;
  if (n > 0xffff) throw new PgError(SqlState.TooManyColumns, `tables can have at most 65535 columns`);
  if (lens.length < n) lens = new Int32Array(n * 2);
  const bitmapLen = (n + 7) >> 3;

  // Pass 1: the length of every column, so the output is allocated once and written in place.
  let dataLen = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const oid = typeOids[i]!;
    const kind = kindOf(oid);
    if (v === null || v === undefined || kind === K_DROPPED) {
      lens[i] = -1;
      continue;
    }
    if (kind === K_UUID && (v as Uint8Array).byteLength !== 16) {
      throw new PgError(SqlState.InternalError, 'a uuid value must be 16 bytes');
    }
    const len = columnLength(v, oid, kind, i);
    lens[i] = len;
    dataLen += len;
  }

  const wide = dataLen > 0xffff;
  const offWidth = wide ? 4 : 2;
  const dataStart = FIXED_HEADER + bitmapLen + n * offWidth;
  const out = Buffer.allocUnsafe(dataStart + dataLen);
  out[0] = (FORMAT_VERSION << 4) | (wide ? FLAG_WIDE : 0);
  out[1] = n;
  out[2] = n >> 8;
  for (let k = 0; k < bitmapLen; k++) out[FIXED_HEADER + k] = 0; // Buffer.fill's native call costs more for a few bytes

  // Pass 2: bitmap, offsets and data.
  let end = 0;
  let offPos = FIXED_HEADER + bitmapLen;
  for (let i = 0; i < n; i++) {
    const len = lens[i]!;
    if (len < 0) {
      out[FIXED_HEADER + (i >> 3)] |= 1 << (i & 7);
    } else {
      writeColumn(out, dataStart + end, values[i], kindOf(typeOids[i]!), len, i);
      end += len;
    }
    if (wide) {
      writeI32(out, offPos, end);
      offPos += 4;
    } else {
      out[offPos] = end;
      out[offPos + 1] = end >> 8;
      offPos += 2;
    }
  }
  return out;
}

// ---------------------------------------------------------------- decode

/** The parsed header of a stored row. */
interface RowHeader {
  ncols: number;
  wide: boolean;
  offStart: number;
  dataStart: number;
}

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

function corrupt(detail: string): PgError {
  return new PgError(SqlState.DataCorrupted, 'invalid stored row', { detail });
}

function readHeader(b: Buffer): RowHeader {
  if (b.length < FIXED_HEADER) throw corrupt(`row of ${b.length} bytes is shorter than its header`);
  const flags = b[0]!;
  if (flags >> 4 !== FORMAT_VERSION) throw corrupt(`unknown row format version ${flags >> 4}`);
  const ncols = readU16(b, 1);
  const wide = (flags & FLAG_WIDE) !== 0;
  const offStart = FIXED_HEADER + ((ncols + 7) >> 3);
  const dataStart = offStart + ncols * (wide ? 4 : 2);
  if (dataStart > b.length) throw corrupt(`row header of ${ncols} columns exceeds its ${b.length} bytes`);
  return { ncols, wide, offStart, dataStart };
}

/** End offset (relative to the data section) of column i. */
function endOf(b: Buffer, h: RowHeader, i: number): number {
  return h.wide ? readI32(b, h.offStart + i * 4) >>> 0 : readU16(b, h.offStart + i * 2);
}

function isNull(b: Buffer, i: number): boolean {
  return (b[FIXED_HEADER + (i >> 3)]! & (1 << (i & 7))) !== 0;
}

/**
 * A copy of b[start, end): LMDB reuses the memory behind the buffers it
 * returns, so no decoded value may be a view of it. allocUnsafe draws small
 * copies from Node's pool instead of allocating an ArrayBuffer each.
 */
function copyBytes(b: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  b.copy(out, 0, start, end);
  return out;
}

/** Reads one non-null column stored at [start, end). Byte values are copied, never views of b. */
function readColumn(b: Buffer, start: number, end: number, oid: number): Value {
  switch (kindOf(oid)) {
    case K_BOOL:
      return b[start] !== 0;
    case K_INT2:
      return ((b[start]! | (b[start + 1]! << 8)) << 16) >> 16;
    case K_INT4:
      return readI32(b, start);
    case K_UINT32:
      return readI32(b, start) >>> 0;
    case K_INT8:
    case K_INT64:
      return readI64(b, start);
    case K_FLOAT4:
      for (let k = 0; k < 4; k++) cellU8[k] = b[start + k]!;
      return cellF32[0]!;
    case K_FLOAT8:
      for (let k = 0; k < 8; k++) cellU8[k] = b[start + k]!;
      return cellF64[0]!;
    case K_DATE: {
      const d = readI32(b, start);
      return d === 0x7fffffff ? Infinity : d === -0x80000000 ? -Infinity : d;
    }
    case K_TIMETZ:
      return { micros: readI64(b, start), offsetSec: readI32(b, start + 8) };
    case K_INTERVAL:
      return { months: readI32(b, start + 12), days: readI32(b, start + 8), micros: readI64(b, start) };
    case K_UUID: {
      const u = new Uint8Array(16); // small typed arrays live on the V8 heap: cheaper than a view plus copy
      for (let k = 0; k < 16; k++) u[k] = b[start + k]!;
      return u;
    }
    case K_TEXT:
      return utf8Slice(b, start, end);
    case K_BYTEA:
      return copyBytes(b, start, end);
    case K_NUMERIC:
      return readNumeric(b, start, end);
    case K_DROPPED:
      return null;
    default:
      // Copied: a type's fromBinary may keep a view of its input, and LMDB reuses that memory.
      return genericType(oid).fromBinary!(copyBytes(b, start, end), -1, defaultIoContext);
  }
}

/**
 * Deserializes a row under the current schema. Columns beyond those the row
 * was written with (added later by ALTER TABLE ADD COLUMN) come back null;
 * the caller supplies their defaults.
 */
export function decodeRow(buf: Uint8Array, typeOids: readonly number[]): Value[] {
  const b = asBuffer(buf);
  const h = readHeader(b);
  const n = typeOids.length;
  const out = new Array<Value>(n);
  const stored = h.ncols < n ? h.ncols : n;
  let start = 0;
  for (let i = 0; i < stored; i++) {
    const end = endOf(b, h, i);
    out[i] = isNull(b, i) ? null : readColumn(b, h.dataStart + start, h.dataStart + end, typeOids[i]!);
    start = end;
  }
  for (let i = stored; i < n; i++) out[i] = null;
  return out;
}

/** Reads column `index` alone, without decoding the others (null when the row predates the column). */
export function decodeColumn(buf: Uint8Array, typeOids: readonly number[], index: number): Value {
  const b = asBuffer(buf);
  const h = readHeader(b);
  if (index >= h.ncols || index >= typeOids.length || isNull(b, index)) return null;
  const start = index === 0 ? 0 : endOf(b, h, index - 1);
  return readColumn(b, h.dataStart + start, h.dataStart + endOf(b, h, index), typeOids[index]!);
}

/** How many columns a stored row was written with. */
export function storedColumnCount(buf: Uint8Array): number {
  return readHeader(asBuffer(buf)).ncols;
}
