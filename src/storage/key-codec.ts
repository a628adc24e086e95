/**
 * Order-preserving keys for B-tree indexes and primary keys in LMDB.
 *
 * `Buffer.compare(encodeKey(a), encodeKey(b))` has the sign of PostgreSQL's
 * btree comparison of the tuples a and b, column by column, honouring each
 * column's ASC/DESC and NULLS FIRST/LAST. Every column's encoding is
 * prefix-free (fixed width, or terminated), which is what makes two things
 * work: a key compares column by column even though it is one byte string,
 * and DESC is just "invert every byte of the column" (inverting the bytes of
 * a prefix-free code reverses its order).
 *
 * Per column: one flag byte, then (when not null) the value.
 *   flag   0x01 present / 0x02 null with NULLS LAST; 0x01 null / 0x02 present
 *          with NULLS FIRST. Never inverted by DESC: the caller's nullsFirst
 *          alone decides where nulls go.
 *   value  (every byte inverted when the column is DESC)
 *     int2/int4/int8/oid/reg*  8 bytes big-endian, sign bit flipped: one width
 *                              for all, so an int4 column probed with an int8
 *                              constant finds the same bytes
 *     float4/float8            the float8 bits, sign-flipped when positive and
 *                              all inverted when negative; -0 is stored as 0
 *                              and every NaN as the one NaN above +Infinity
 *     numeric                  class byte (-Inf < negative < zero < positive <
 *                              +Inf < NaN), then for nonzero finite values a
 *                              4-byte exponent and base-100 digit bytes ending
 *                              in 0x00, all inverted for negatives; trailing
 *                              zeros dropped, so 1.5 and 1.50 are one key
 *     text/varchar/name/"char" UTF-8 (= C collation order), 0x00 written as
 *                              0x00 0xFF, then the terminator 0x00 0x00
 *     bpchar                   the same after dropping trailing spaces, as
 *                              bpchar comparison ignores them
 *     bytea                    raw bytes with the text escaping
 *     bool                     1 byte
 *     date                     4 bytes sign-flipped; ±infinity as INT32 MAX/MIN
 *     timestamp(tz), time      8 bytes sign-flipped µs
 *     timetz                   8 bytes UTC-equivalent µs, then 4 bytes zone
 *                              (timetz_cmp_internal's order)
 *     interval                 16 bytes sign-flipped: the 128-bit total
 *                              ((months·30 + days)·86400e6 + µs) that
 *                              interval_cmp compares
 *     uuid                     its 16 bytes
 *
 * Keys whose encoding loses information (see keyIsExact) decode to a value
 * equal under the type's comparison, but not identical: numeric loses its
 * display scale, float loses -0, bpchar its trailing spaces, interval its
 * months/days split. Index-only scans must fetch the row for those.
 */
import { PgError, SqlState } from '../types/errors.js';
import { Numeric } from '../types/numeric.js';
import { Oid } from '../types/oids.js';
import { findTypeByOid } from '../types/registry.js';
import type { Value } from '../types/value.js';

/**
 * The largest key encodeKey produces: LMDB's limit is 1978 bytes and the
 * caller appends an 8-byte rowid to non-unique index keys.
 */
export const MAX_KEY_SIZE = 1900;

const FLAG_LOW = 0x01;
const FLAG_HIGH = 0x02;

// Encoding classes, as small integers so the switch compiles to a jump table.
const C_INT = 1;
const C_FLOAT = 2;
const C_NUMERIC = 3;
const C_TEXT = 4;
const C_BPCHAR = 5;
const C_BYTEA = 6;
const C_BOOL = 7;
const C_DATE = 8;
const C_INT64 = 9;
const C_TIMETZ = 10;
const C_INTERVAL = 11;
const C_UUID = 12;

const CLASS_BY_OID = new Map<number, number>();
const CLASSES: [number[], number][] = [
  [
    [Oid.int2, Oid.int4, Oid.int8, Oid.oid, Oid.regproc, Oid.regprocedure, Oid.regoper, Oid.regoperator, Oid.regclass, Oid.regtype, Oid.regrole, Oid.regnamespace],
    C_INT,
  ],
  [[Oid.float4, Oid.float8], C_FLOAT],
  [[Oid.numeric], C_NUMERIC],
  [[Oid.text, Oid.varchar, Oid.name, Oid.char, Oid.unknown], C_TEXT],
  [[Oid.bpchar], C_BPCHAR],
  [[Oid.bytea], C_BYTEA],
  [[Oid.bool], C_BOOL],
  [[Oid.date], C_DATE],
  [[Oid.timestamp, Oid.timestamptz, Oid.time], C_INT64],
  [[Oid.timetz], C_TIMETZ],
  [[Oid.interval], C_INTERVAL],
  [[Oid.uuid], C_UUID],
];
for (const [oids, c] of CLASSES) for (const oid of oids) CLASS_BY_OID.set(oid, c);

/** Types whose key decodes to a value equal to, but not always identical with, the one encoded. */
const INEXACT = new Set<number>([Oid.numeric, Oid.float4, Oid.float8, Oid.bpchar, Oid.interval]);

/** True when values of this type can be part of a key. */
export function isKeyEncodable(typeOid: number): boolean {
  return CLASS_BY_OID.has(typeOid);
}

/**
 * True when decodeKey gives back the very value that was encoded, so an
 * index-only scan may return it; false when it only gives an equal one
 * (numeric scale, float -0, bpchar padding, interval fields).
 */
export function keyIsExact(typeOid: number): boolean {
  return CLASS_BY_OID.has(typeOid) && !INEXACT.has(typeOid);
}

function classOf(oid: number): number {
  const c = CLASS_BY_OID.get(oid);
  if (c !== undefined) return c;
  const t = findTypeByOid(oid);
  const name = t?.name ?? `OID ${oid}`;
  if (t && !t.compare) {
    throw new PgError(SqlState.UndefinedObject, `data type ${name} has no default operator class for access method "btree"`, {
      hint: 'You must specify an operator class for the index or define a default operator class for the data type.',
    });
  }
  throw new PgError(SqlState.FeatureNotSupported, `indexes on columns of type ${name} are not supported`);
}

// ---------------------------------------------------------------- writer

/**
 * A growable scratch buffer shared by all encodes (they are synchronous and
 * never re-enter); each key is copied out once at the end.
 */
let buf = Buffer.allocUnsafe(4096);
let pos = 0;

function ensure(n: number): void {
  if (pos + n <= buf.length) return;
  const next = Buffer.allocUnsafe(Math.max(buf.length * 2, pos + n));
  buf.copy(next, 0, 0, pos);
  buf = next;
}

function put(b: number): void {
  ensure(1);
  buf[pos++] = b;
}

// One 8-byte cell viewed as int64 and float64: moving bytes through it is
// several times faster than Buffer's BigInt read/write methods.
const cell = new ArrayBuffer(8);
const cellU8 = new Uint8Array(cell);
const cellI64 = new BigInt64Array(cell);
const cellU64 = new BigUint64Array(cell);
const cellF64 = new Float64Array(cell);
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('vecsql storage requires a little-endian platform');
}

function invert(start: number, end: number): void {
  for (let i = start; i < end; i++) buf[i] = ~buf[i]! & 0xff;
}

/** 8 bytes big-endian two's complement with the sign bit flipped: unsigned order = signed order. */
function putInt64(v: number | bigint): void {
  ensure(8);
  if (typeof v === 'bigint') {
    cellI64[0] = v; // wraps silently: int8 values are range-checked where they are made
    for (let k = 0; k < 8; k++) buf[pos + k] = cellU8[7 - k]!;
  } else {
    if (!Number.isSafeInteger(v)) throw new PgError(SqlState.InternalError, `not an integer key value: ${v}`);
    const hi = Math.floor(v / 4294967296);
    buf.writeInt32BE(hi, pos);
    buf.writeUInt32BE(v - hi * 4294967296, pos + 4);
  }
  buf[pos] ^= 0x80;
  pos += 8;
}

function putInt32(v: number): void {
  ensure(4);
  buf.writeInt32BE(v, pos);
  buf[pos] ^= 0x80;
  pos += 4;
}

function putFloat(v: number): void {
  ensure(8);
  if (v !== v) {
    // The canonical quiet NaN: after the transform it sorts above +Infinity, as in PostgreSQL.
    buf.writeUInt32BE(0xfff80000, pos);
    buf.writeUInt32BE(0, pos + 4);
  } else {
    cellF64[0] = v === 0 ? 0 : v; // v === 0 also holds for -0
    if (cellU8[7]! & 0x80) for (let k = 0; k < 8; k++) buf[pos + k] = ~cellU8[7 - k]! & 0xff;
    else {
      for (let k = 0; k < 8; k++) buf[pos + k] = cellU8[7 - k]!;
      buf[pos] ^= 0x80;
    }
  }
  pos += 8;
}

/** Escapes 0x00 as 0x00 0xFF in buf[start, pos) and writes the 0x00 0x00 terminator. */
function escapeAndTerminate(start: number): void {
  let zeros = 0;
  for (let i = start; i < pos; i++) if (buf[i] === 0) zeros++;
  ensure(zeros + 2);
  if (zeros > 0) {
    // Spread the bytes from the back so nothing is overwritten before it is moved.
    let w = pos + zeros;
    for (let r = pos - 1; r >= start; r--) {
      const c = buf[r]!;
      if (c === 0) buf[--w] = 0xff;
      buf[--w] = c;
    }
    pos += zeros;
  }
  buf[pos++] = 0;
  buf[pos++] = 0;
}

/** Strings up to this many UTF-16 units are copied by a JS loop when ASCII; others by the native UTF-8 encoder. */
const SHORT_STRING = 64;

function putText(s: string): void {
  const n = s.length;
  ensure(n * 3 + 2);
  if (n <= SHORT_STRING) {
    // ASCII fast path: escape NUL inline; the first non-ASCII unit sends the rest to the encoder.
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      if (c === 0) {
        buf[pos++] = 0;
        buf[pos++] = 0xff;
      } else buf[pos++] = c;
    }
    if (i === n) {
      buf[pos++] = 0;
      buf[pos++] = 0;
      return;
    }
    const start = pos;
    pos += buf.write(s.slice(i), pos, 'utf8');
    escapeAndTerminate(start);
    return;
  }
  const start = pos;
  pos += buf.write(s, pos, 'utf8');
  escapeAndTerminate(start);
}

function putBytes(b: Uint8Array): void {
  ensure(b.byteLength);
  const start = pos;
  buf.set(b, pos);
  pos += b.byteLength;
  escapeAndTerminate(start);
}

function trimTrailingSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 32) end--;
  return end === s.length ? s : s.slice(0, end);
}

// Numeric class bytes, in PostgreSQL's order.
const N_NEG_INF = 0x01;
const N_NEG = 0x02;
const N_ZERO = 0x03;
const N_POS = 0x04;
const N_POS_INF = 0x05;
const N_NAN = 0x06;

/**
 * A nonzero value is 0.d1d2…dn × 10^exp with d1 ≠ 0 and dn ≠ 0. Magnitudes
 * order by exp, then by the digit string read left to right; digits go two
 * per byte as 1 + 10·a + b (1..100) so that the 0x00 terminator sorts before
 * any continuation (0.12 < 0.121). Negatives invert it all.
 */
function putNumeric(n: Numeric): void {
  if (!n.isFinite()) {
    put(n.isNaN() ? N_NAN : n.isNegative() ? N_NEG_INF : N_POS_INF);
    return;
  }
  const coef = n.coef;
  if (coef === 0n) {
    put(N_ZERO);
    return;
  }
  const neg = coef < 0n;
  const digits = (neg ? -coef : coef).toString();
  const exp = digits.length - n.dscale;
  let last = digits.length;
  while (digits.charCodeAt(last - 1) === 48) last--;
  put(neg ? N_NEG : N_POS);
  ensure(4 + (last >> 1) + 2);
  const start = pos;
  buf.writeInt32BE(exp, pos);
  buf[pos] ^= 0x80;
  pos += 4;
  for (let i = 0; i < last; i += 2) {
    const a = digits.charCodeAt(i) - 48;
    const b = i + 1 < last ? digits.charCodeAt(i + 1) - 48 : 0;
    buf[pos++] = 1 + a * 10 + b;
  }
  buf[pos++] = 0;
  if (neg) invert(start, pos);
}

const USECS_PER_DAY = 86_400_000_000n;
const MASK64 = (1n << 64n) - 1n;

function intervalSpan(v: { months: number; days: number; micros: bigint }): bigint {
  return (BigInt(v.months) * 30n + BigInt(v.days)) * USECS_PER_DAY + v.micros;
}

/** Writes one non-null value of encoding class c. */
function putValue(v: Value, c: number, oid: number): void {
  switch (c) {
    case C_INT:
      putInt64(v as number | bigint);
      return;
    case C_FLOAT:
      putFloat(v as number);
      return;
    case C_NUMERIC:
      putNumeric(v as Numeric);
      return;
    case C_TEXT:
      putText(v as string);
      return;
    case C_BPCHAR:
      putText(trimTrailingSpaces(v as string));
      return;
    case C_BYTEA:
      putBytes(v as Uint8Array);
      return;
    case C_BOOL:
      put(v ? 1 : 0);
      return;
    case C_DATE: {
      const d = v as number;
      putInt32(d === Infinity ? 0x7fffffff : d === -Infinity ? -0x80000000 : d);
      return;
    }
    case C_INT64:
      putInt64(v as bigint);
      return;
    case C_TIMETZ: {
      const t = v as { micros: bigint; offsetSec: number };
      putInt64(t.micros + BigInt(t.offsetSec) * 1_000_000n);
      putInt32(t.offsetSec);
      return;
    }
    case C_INTERVAL: {
      const span = intervalSpan(v as { months: number; days: number; micros: bigint });
      ensure(16);
      buf.writeBigInt64BE(span >> 64n, pos);
      buf.writeBigUInt64BE(span & MASK64, pos + 8);
      buf[pos] ^= 0x80;
      pos += 16;
      return;
    }
    case C_UUID: {
      const u = v as Uint8Array;
      if (u.byteLength !== 16) throw new PgError(SqlState.InternalError, 'a uuid value must be 16 bytes');
      ensure(16);
      buf.set(u, pos);
      pos += 16;
      return;
    }
    default:
      classOf(oid); // throws the error that names the type
      throw new PgError(SqlState.InternalError, `no key encoding for type OID ${oid}`);
  }
}

/** Appends columns [0, count) to the scratch buffer. */
function putColumns(
  values: readonly Value[],
  typeOids: readonly number[],
  count: number,
  descending: readonly boolean[] | undefined,
  nullsFirst: readonly boolean[] | undefined,
): void {
  for (let i = 0; i < count; i++) {
    const desc = descending?.[i] ?? false;
    const nf = nullsFirst?.[i] ?? desc; // PostgreSQL's default: DESC implies NULLS FIRST
    const v = values[i];
    const oid = typeOids[i]!;
    const c = CLASS_BY_OID.get(oid) ?? classOf(oid);
    if (v === null || v === undefined) {
      put(nf ? FLAG_LOW : FLAG_HIGH);
      continue;
    }
    put(nf ? FLAG_HIGH : FLAG_LOW);
    const start = pos;
    putValue(v, c, oid);
    if (desc) invert(start, pos);
  }
}

function takeScratch(): Buffer {
  const out = Buffer.allocUnsafe(pos);
  // A JS loop beats the native copy's call overhead for typical key sizes.
  if (pos <= 64) for (let i = 0; i < pos; i++) out[i] = buf[i]!;
  else buf.copy(out, 0, 0, pos);
  return out;
}

function keyTooLong(size: number, indexName: string | undefined): PgError {
  return new PgError(
    SqlState.ProgramLimitExceeded,
    `index row size ${size} exceeds maximum ${MAX_KEY_SIZE} for index${indexName === undefined ? '' : ` "${indexName}"`}`,
    {
      hint: 'Values larger than 1/3 of a buffer page cannot be indexed.\nConsider a function index of an MD5 hash of the value, or use full text indexing.',
    },
  );
}

/**
 * The key of one index entry: every column of the index, in order.
 * descending[i] makes column i DESC; nullsFirst[i] puts its NULLs first
 * (default: DESC columns NULLS FIRST, ASC columns NULLS LAST, like
 * PostgreSQL). Throws 54000 when the key exceeds MAX_KEY_SIZE bytes.
 */
export function encodeKey(
  values: readonly Value[],
  typeOids: readonly number[],
  descending?: readonly boolean[],
  nullsFirst?: readonly boolean[],
  indexName?: string,
): Buffer {
  pos = 0;
  putColumns(values, typeOids, typeOids.length, descending, nullsFirst);
  if (pos > MAX_KEY_SIZE) throw keyTooLong(pos, indexName);
  return takeScratch();
}

/**
 * The encoding of the first values.length columns of a key (values may be
 * shorter than typeOids). Every key whose leading columns equal `values`
 * starts with these bytes, so it sorts in [encodePrefix, prefixUpperBound).
 * Bounds of range scans are built from it:
 *   col >= x  start at encodePrefix([…, x])
 *   col >  x  start at prefixUpperBound(encodePrefix([…, x]))
 *   col <  x  end before encodePrefix([…, x])
 *   col <= x  end before prefixUpperBound(encodePrefix([…, x]))
 * and a NULL in the last position gives the boundary between the column's
 * values and its NULLs. Not limited to MAX_KEY_SIZE: a bound may be longer
 * than any stored key (the caller shortens it before handing it to LMDB).
 */
export function encodePrefix(
  values: readonly Value[],
  typeOids: readonly number[],
  descending?: readonly boolean[],
  nullsFirst?: readonly boolean[],
): Buffer {
  if (values.length > typeOids.length) throw new RangeError('more prefix values than key columns');
  pos = 0;
  putColumns(values, typeOids, values.length, descending, nullsFirst);
  return takeScratch();
}

/**
 * The smallest byte string greater than every string that starts with
 * prefix (an exclusive upper bound): drop trailing 0xFF bytes and increment
 * the last remaining one. undefined when there is none (empty or all-0xFF
 * prefix), meaning "to the end of the database".
 */
export function prefixUpperBound(prefix: Uint8Array): Buffer | undefined {
  let i = prefix.length - 1;
  while (i >= 0 && prefix[i] === 0xff) i--;
  if (i < 0) return undefined;
  const out = Buffer.allocUnsafe(i + 1);
  out.set(prefix.subarray(0, i + 1));
  out[i]! += 1;
  return out;
}

/** The smallest byte string greater than key itself (key + 0x00): an exclusive start after one exact key. */
export function keySuccessor(key: Uint8Array): Buffer {
  const out = Buffer.alloc(key.length + 1);
  out.set(key);
  return out;
}

// ---------------------------------------------------------------- decoding

/*
 * Buffer's internal utf8Slice skips toString's argument checks (about 40%
 * faster on short strings); a fallback covers a Node release without it.
 */
interface FastBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
}
const HAS_UTF8_SLICE = typeof (Buffer.prototype as Partial<FastBuffer>).utf8Slice === 'function';

function utf8Slice(b: Buffer, start: number, end: number): string {
  return HAS_UTF8_SLICE ? (b as FastBuffer).utf8Slice(start, end) : b.toString('utf8', start, end);
}

/*
 * Reader state, module-level like the writer's: decodeKey is synchronous and
 * allocation-free apart from the values it returns. `mask` is 0xFF while
 * inside a DESC column, so every byte read is un-inverted.
 */
const EMPTY = new Uint8Array(0);
let rb: Uint8Array = EMPTY;
let rpos = 0;
let mask = 0;
/** Un-escaped string bytes land here before they become a string or a copy. */
let strBuf = Buffer.allocUnsafe(256);

function truncated(): PgError {
  return corrupt('index key ends early');
}

function corrupt(detail: string): PgError {
  return new PgError(SqlState.DataCorrupted, 'invalid index key', { detail });
}

function readByte(): number {
  if (rpos >= rb.length) throw truncated();
  return rb[rpos++]! ^ mask;
}

/** n bytes (n ≤ 8), un-inverted, into the cell in little-endian order. */
function readCell(n: number): void {
  if (rpos + n > rb.length) throw truncated();
  for (let k = 0; k < n; k++) cellU8[n - 1 - k] = rb[rpos + k]! ^ mask;
  rpos += n;
}

/** A sign-flipped int64. */
function readInt64(): bigint {
  readCell(8);
  cellU8[7] ^= 0x80;
  return cellI64[0]!;
}

function readUint64(): bigint {
  readCell(8);
  return cellU64[0]!;
}

function readInt32(): number {
  readCell(4);
  return ((cellU8[3]! ^ 0x80) << 24) | (cellU8[2]! << 16) | (cellU8[1]! << 8) | cellU8[0]!;
}

/** Reads an escaped, terminated byte string into strBuf; returns its length. */
function readEscaped(): number {
  let n = 0;
  for (;;) {
    if (rpos >= rb.length) throw truncated();
    const c = rb[rpos++]! ^ mask;
    if (c === 0) {
      const next = readByte();
      if (next === 0) return n;
      if (next !== 0xff) throw corrupt('bad escape in key string');
    }
    if (n === strBuf.length) {
      const grown = Buffer.allocUnsafe(strBuf.length * 2);
      strBuf.copy(grown);
      strBuf = grown;
    }
    strBuf[n++] = c;
  }
}

function readInt(oid: number): Value {
  const v = readInt64();
  return oid === Oid.int8 ? v : Number(v);
}

function readFloat(oid: number): number {
  readCell(8);
  if (cellU8[7]! & 0x80) cellU8[7] ^= 0x80;
  else for (let k = 0; k < 8; k++) cellU8[k] = ~cellU8[k]! & 0xff;
  const d = cellF64[0]!;
  return oid === Oid.float4 ? Math.fround(d) : d;
}

function readNumeric(): Numeric {
  const cls = readByte();
  switch (cls) {
    case N_NAN:
      return Numeric.NaN;
    case N_POS_INF:
      return Numeric.POSITIVE_INFINITY;
    case N_NEG_INF:
      return Numeric.NEGATIVE_INFINITY;
    case N_ZERO:
      return Numeric.ZERO;
    case N_POS:
    case N_NEG:
      break;
    default:
      throw corrupt(`bad numeric class ${cls}`);
  }
  const neg = cls === N_NEG;
  const outer = mask;
  if (neg) mask ^= 0xff;
  const exp = readInt32();
  let digits = '';
  for (let d = readByte(); d !== 0; d = readByte()) {
    if (d > 100) throw corrupt(`bad numeric digit byte ${d}`);
    const pair = d - 1;
    digits += pair < 10 ? '0' + pair : String(pair);
  }
  mask = outer;
  if (digits.endsWith('0')) digits = digits.slice(0, -1); // the pad digit of an odd count
  let coef = BigInt(digits);
  let dscale = digits.length - exp;
  if (dscale < 0) {
    coef *= 10n ** BigInt(-dscale);
    dscale = 0;
  }
  return Numeric.of(neg ? -coef : coef, dscale);
}

/**
 * An interval with the given interval_cmp total: whole days and the
 * remaining µs, 30-day months split off — equal to the original, though the
 * fields may differ ('1 mon' and '30 days' share a key).
 */
function intervalFromSpan(span: bigint): { months: number; days: number; micros: bigint } {
  const totalDays = span / USECS_PER_DAY;
  const micros = span - totalDays * USECS_PER_DAY;
  const months = totalDays / 30n;
  return { months: Number(months), days: Number(totalDays - months * 30n), micros };
}

function readValue(oid: number): Value {
  switch (CLASS_BY_OID.get(oid) ?? classOf(oid)) {
    case C_INT:
      return readInt(oid);
    case C_FLOAT:
      return readFloat(oid);
    case C_NUMERIC:
      return readNumeric();
    case C_TEXT:
    case C_BPCHAR:
      return utf8Slice(strBuf, 0, readEscaped());
    case C_BYTEA: {
      const n = readEscaped();
      const out = Buffer.allocUnsafe(n);
      strBuf.copy(out, 0, 0, n);
      return out;
    }
    case C_BOOL:
      return readByte() !== 0;
    case C_DATE: {
      const d = readInt32();
      return d === 0x7fffffff ? Infinity : d === -0x80000000 ? -Infinity : d;
    }
    case C_INT64:
      return readInt64();
    case C_TIMETZ: {
      const utc = readInt64();
      const offsetSec = readInt32();
      return { micros: utc - BigInt(offsetSec) * 1_000_000n, offsetSec };
    }
    case C_INTERVAL: {
      const hi = readInt64();
      return intervalFromSpan((hi << 64n) | readUint64());
    }
    case C_UUID: {
      if (rpos + 16 > rb.length) throw truncated();
      const u = new Uint8Array(16);
      for (let k = 0; k < 16; k++) u[k] = rb[rpos + k]! ^ mask;
      rpos += 16;
      return u;
    }
    default:
      throw corrupt(`no key decoding for type OID ${oid}`);
  }
}

/**
 * The values of a key made by encodeKey with the same flags. Bytes after
 * the last column (the rowid of a non-unique index entry) are ignored.
 * Values never share memory with buf. See keyIsExact for the types that
 * come back equal but not identical.
 */
export function decodeKey(
  buf: Uint8Array,
  typeOids: readonly number[],
  descending?: readonly boolean[],
  nullsFirst?: readonly boolean[],
): Value[] {
  return decodeKeyPrefix(buf, typeOids, descending, nullsFirst).values;
}

/** decodeKey that also returns where the key columns end (the start of an appended rowid). */
export function decodeKeyPrefix(
  buf: Uint8Array,
  typeOids: readonly number[],
  descending?: readonly boolean[],
  nullsFirst?: readonly boolean[],
): { values: Value[]; end: number } {
  rb = buf;
  rpos = 0;
  const values = new Array<Value>(typeOids.length);
  try {
    for (let i = 0; i < typeOids.length; i++) {
      const desc = descending?.[i] ?? false;
      const nf = nullsFirst?.[i] ?? desc;
      mask = 0;
      const flag = readByte();
      if (flag !== (nf ? FLAG_HIGH : FLAG_LOW)) {
        if (flag !== (nf ? FLAG_LOW : FLAG_HIGH)) throw corrupt(`bad null flag ${flag}`);
        values[i] = null;
        continue;
      }
      mask = desc ? 0xff : 0;
      values[i] = readValue(typeOids[i]!);
    }
    return { values, end: rpos };
  } finally {
    rb = EMPTY; // do not pin the caller's (LMDB's) buffer
    mask = 0;
  }
}

// ---------------------------------------------------------------- rowids and table keys

const TWO32 = 4294967296;

function checkRowid(id: number): void {
  if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`invalid rowid ${id}`);
}

/** A rowid (a non-negative safe integer) as 8 bytes big-endian, so keys sort by rowid. */
export function encodeRowid(id: number): Buffer {
  checkRowid(id);
  const out = Buffer.allocUnsafe(8);
  out.writeUInt32BE(Math.floor(id / TWO32), 0);
  out.writeUInt32BE(id % TWO32, 4);
  return out;
}

/** Reads an 8-byte big-endian rowid at offset (default: the last 8 bytes of b). */
export function decodeRowid(b: Uint8Array, offset = b.length - 8): number {
  if (offset < 0 || offset + 8 > b.length) throw corrupt('rowid out of bounds');
  const hi = ((b[offset]! << 24) | (b[offset + 1]! << 16) | (b[offset + 2]! << 8) | b[offset + 3]!) >>> 0;
  const lo = ((b[offset + 4]! << 24) | (b[offset + 5]! << 16) | (b[offset + 6]! << 8) | b[offset + 7]!) >>> 0;
  return hi * TWO32 + lo;
}

/** An index key followed by its rowid: the entry key of a non-unique index. */
export function keyWithRowid(key: Uint8Array, rowid: number): Buffer {
  checkRowid(rowid);
  const out = Buffer.allocUnsafe(key.length + 8);
  out.set(key, 0);
  out.writeUInt32BE(Math.floor(rowid / TWO32), key.length);
  out.writeUInt32BE(rowid % TWO32, key.length + 4);
  return out;
}

/** The row key in the shared rows database: 4-byte big-endian table OID, then the 8-byte rowid. */
export function tableKey(tableOid: number, rowid: number): Buffer {
  checkRowid(rowid);
  const out = Buffer.allocUnsafe(12);
  out.writeUInt32BE(tableOid, 0);
  out.writeUInt32BE(Math.floor(rowid / TWO32), 4);
  out.writeUInt32BE(rowid % TWO32, 8);
  return out;
}

/** The 4-byte prefix shared by all row keys of a table; scan [tablePrefix, prefixUpperBound(tablePrefix)). */
export function tablePrefix(tableOid: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeUInt32BE(tableOid, 0);
  return out;
}

export function decodeTableKey(b: Uint8Array): { tableOid: number; rowid: number } {
  if (b.length !== 12) throw corrupt(`row key of ${b.length} bytes`);
  const tableOid = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  return { tableOid, rowid: decodeRowid(b, 4) };
}
