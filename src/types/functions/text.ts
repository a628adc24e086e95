/** String operators and functions. */
import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import { charLength, takeChars } from '../builtin/text.js';
import { fn, op } from './catalog.js';
import { createHash } from 'node:crypto';
import { define } from './catalog.js';

const { text, int4, bool, anynonarray, any } = Oid;

op('||', text, text, text, (a, b) => (a as string) + (b as string));
fn('length', [text], int4, (a) => charLength(a[0] as string));
fn('char_length', [text], int4, (a) => charLength(a[0] as string));
fn('character_length', [text], int4, (a) => charLength(a[0] as string));
fn('octet_length', [text], int4, (a) => Buffer.byteLength(a[0] as string));
fn('upper', [text], text, (a) => (a[0] as string).toUpperCase());
fn('lower', [text], text, (a) => (a[0] as string).toLowerCase());
fn('btrim', [text], text, (a) => (a[0] as string).replace(/^ +| +$/g, ''));
fn('ltrim', [text], text, (a) => (a[0] as string).replace(/^ +/, ''));
fn('rtrim', [text], text, (a) => (a[0] as string).replace(/ +$/, ''));
fn('replace', [text, text, text], text, (a) => {
  const from = a[1] as string;
  return from === '' ? a[0] : (a[0] as string).split(from).join(a[2] as string);
});
fn('repeat', [text, int4], text, (a) => {
  const n = a[1] as number;
  if (n <= 0) return '';
  const s = a[0] as string;
  if (s.length * n > 256 * 1024 * 1024) throw new PgError(SqlState.ProgramLimitExceeded, 'requested length too large');
  return s.repeat(n);
});
fn('left', [text, int4], text, (a) => {
  const s = a[0] as string;
  const n = a[1] as number;
  return n >= 0 ? takeChars(s, n) : takeChars(s, Math.max(0, charLength(s) + n));
});
fn('strpos', [text, text], int4, (a) => {
  const i = (a[0] as string).indexOf(a[1] as string);
  return i < 0 ? 0 : charLength((a[0] as string).slice(0, i)) + 1;
});
fn('starts_with', [text, text], bool, (a) => (a[0] as string).startsWith(a[1] as string));
fn('md5', [text], text, (a) => md5Hex(a[0] as string));

function md5Hex(s: string): string {
  return createHash('md5').update(s, 'utf8').digest('hex');
}

// textanycat / anytextcat: the non-text side is converted with its type's output function.
for (const args of [
  [text, anynonarray],
  [anynonarray, text],
]) {
  define({ name: '||', kind: 'operator', args, ret: text, strict: true, volatility: 'stable', anyToText: true, impl: (a) => (a[0] as string) + (a[1] as string) });
}
define({
  name: 'concat',
  kind: 'function',
  args: [any],
  variadic: true,
  ret: text,
  strict: false,
  volatility: 'stable',
  anyToText: true,
  impl: (a) => a.filter((v) => v !== null).join(''),
});
define({
  name: 'concat_ws',
  kind: 'function',
  args: [text, any],
  variadic: true,
  ret: text,
  strict: false,
  volatility: 'stable',
  anyToText: true,
  impl: (a) => (a[0] === null ? null : a.slice(1).filter((v) => v !== null).join(a[0] as string)),
});

// char(n) keeps its padding for octet_length but not for length, as PostgreSQL's bpchar functions do.
fn('length', [Oid.bpchar], int4, (a) => charLength((a[0] as string).replace(/ +$/, '')));
fn('char_length', [Oid.bpchar], int4, (a) => charLength((a[0] as string).replace(/ +$/, '')));
fn('octet_length', [Oid.bpchar], int4, (a) => Buffer.byteLength(a[0] as string));
fn('length', [Oid.bytea], int4, (a) => (a[0] as Uint8Array).length);
fn('octet_length', [Oid.bytea], int4, (a) => (a[0] as Uint8Array).length);
