import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import type { PgType, TypeCategory } from '../type.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes client bytes as UTF-8, rejecting invalid sequences as PostgreSQL does. */
export function decodeUtf8(b: Uint8Array): string {
  try {
    return utf8.decode(b);
  } catch {
    throw new PgError(SqlState.CharacterNotInRepertoire, 'invalid byte sequence for encoding "UTF8"');
  }
}

function checkNoNul(s: string): string {
  if (s.includes('\0')) {
    throw new PgError(SqlState.UntranslatableCharacter, 'invalid byte sequence for encoding "UTF8": 0x00');
  }
  return s;
}

export const compareText = (a: unknown, b: unknown): number => {
  // Byte order of UTF-8 equals code point order, which is what the C collation sorts by.
  const x = a as string;
  const y = b as string;
  if (x === y) return 0;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const cx = x.codePointAt(i)!;
    const cy = y.codePointAt(i)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
    if (cx > 0xffff) i++;
  }
  return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
};

function stringType(oid: number, name: string, arrayOid: number, category: TypeCategory, preferred: boolean, extra: Partial<PgType> = {}): PgType {
  return {
    oid,
    name,
    len: -1,
    category,
    preferred,
    arrayOid,
    elemOid: 0,
    delimiter: ',',
    toText: (v) => v as string,
    fromText: (s) => checkNoNul(s),
    toBinary: (v) => Buffer.from(v as string, 'utf8'),
    fromBinary: (b) => checkNoNul(decodeUtf8(b)),
    compare: compareText,
    ...extra,
  };
}

/** Character count in code points, as char_length counts them. */
export function charLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/** First n code points of s. */
export function takeChars(s: string, n: number): string {
  let i = 0;
  let count = 0;
  while (i < s.length && count < n) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    count++;
  }
  return s.slice(0, i);
}

/**
 * varchar(n) input: a value longer than n is an error unless the excess is
 * spaces, which are dropped (SQL standard; PostgreSQL's varchar_input).
 */
export function applyVarcharTypmod(s: string, typmod: number, explicit: boolean): string {
  if (typmod < 4) return s;
  const max = typmod - 4;
  if (charLength(s) <= max) return s;
  const head = takeChars(s, max);
  if (!explicit && s.slice(head.length).trim() !== '' ) {
    throw new PgError(SqlState.StringDataRightTruncation, `value too long for type character varying(${max})`);
  }
  return head;
}

/** char(n): pad with spaces to n, or drop excess spaces (error on other excess). */
export function applyBpcharTypmod(s: string, typmod: number, explicit: boolean): string {
  if (typmod < 4) return s;
  const max = typmod - 4;
  const len = charLength(s);
  if (len <= max) return s + ' '.repeat(max - len);
  const head = takeChars(s, max);
  if (!explicit && s.slice(head.length).replace(/ +$/, '') !== '') {
    throw new PgError(SqlState.StringDataRightTruncation, `value too long for type character(${max})`);
  }
  return head;
}

const NAMEDATALEN = 64;

/** name values are truncated to 63 bytes, on a character boundary. */
export function truncateName(s: string): string {
  if (Buffer.byteLength(s) < NAMEDATALEN) return s;
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > NAMEDATALEN - 1) break;
    out += ch;
    bytes += n;
  }
  return out;
}

export const textType = stringType(Oid.text, 'text', Oid._text, 'S', true);
function lengthTypmod(sqlName: string): (mods: number[]) => number {
  return (mods) => {
    if (mods.length !== 1) throw new PgError(SqlState.SyntaxError, `invalid type modifier`);
    const n = mods[0]!;
    if (n < 1) throw new PgError(SqlState.InvalidParameterValue, `length for type ${sqlName} must be at least 1`);
    if (n > 10485760) throw new PgError(SqlState.InvalidParameterValue, `length for type ${sqlName} cannot exceed 10485760`);
    return n + 4;
  };
}

export const varcharType = stringType(Oid.varchar, 'varchar', Oid._varchar, 'S', false, {
  typmodIn: lengthTypmod('varchar'),
  fromText: (s, typmod) => applyVarcharTypmod(checkNoNul(s), typmod, false),
  typmodOut: (t) => (t >= 4 ? `(${t - 4})` : ''),
});
/** bpchar ignores trailing spaces when compared, as PostgreSQL's bpchar comparison does. */
export const bpcharType = stringType(Oid.bpchar, 'bpchar', Oid._bpchar, 'S', false, {
  typmodIn: lengthTypmod('char'),
  fromText: (s, typmod) => applyBpcharTypmod(checkNoNul(s), typmod, false),
  typmodOut: (t) => (t >= 4 ? `(${t - 4})` : ''),
  compare: (a, b) => compareText((a as string).replace(/ +$/, ''), (b as string).replace(/ +$/, '')),
});
export const nameType = stringType(Oid.name, 'name', Oid._name, 'S', false, {
  len: 64,
  fromText: (s) => truncateName(checkNoNul(s)),
});
export const unknownType = stringType(Oid.unknown, 'unknown', 0, 'X', false, { len: -2 });

/** "char": a single byte; the empty string is stored as the NUL byte. */
export const charType: PgType = {
  oid: Oid.char,
  name: 'char',
  len: 1,
  category: 'Z',
  preferred: false,
  arrayOid: Oid._char,
  elemOid: 0,
  delimiter: ',',
  toText: (v) => v as string,
  fromText: (s) => takeChars(s, 1),
  toBinary: (v) => Buffer.from(v as string, 'latin1').subarray(0, 1),
  fromBinary: (b) => (b.length === 0 ? '' : String.fromCharCode(b[0]!)),
  compare: compareText,
};
