/** LIKE, ILIKE and POSIX regular-expression matching (https://www.postgresql.org/docs/15/functions-matching.html). */
import { PgError, SqlState } from '../errors.js';
import { Oid } from '../oids.js';
import { fn, op } from './catalog.js';

const { text, bool, bpchar, name } = Oid;

/** Compiled patterns, bounded: a query usually matches many rows against one pattern. */
class PatternCache {
  private readonly map = new Map<string, RegExp>();
  get(key: string, build: () => RegExp): RegExp {
    let re = this.map.get(key);
    if (!re) {
      re = build();
      if (this.map.size >= 256) this.map.delete(this.map.keys().next().value!);
      this.map.set(key, re);
    }
    return re;
  }
}

const likeCache = new PatternCache();
const regexCache = new PatternCache();

function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  let src = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      if (i + 1 >= pattern.length) {
        throw new PgError(SqlState.InvalidEscapeSequence, 'LIKE pattern must not end with escape character');
      }
      src += escapeRegExp(pattern[++i]!);
    } else if (c === '%') src += '.*';
    else if (c === '_') src += '.';
    else src += escapeRegExp(c);
  }
  return new RegExp(src + '$', caseInsensitive ? 'isu' : 'su');
}

function escapeRegExp(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? '\\' + c : c;
}

export function like(s: string, pattern: string, caseInsensitive = false): boolean {
  return likeCache.get((caseInsensitive ? 'i' : 's') + pattern, () => likeToRegExp(pattern, caseInsensitive)).test(s);
}

/** like_escape(pattern, escape): rewrites a pattern with a custom escape character to use backslash. */
export function likeEscape(pattern: string, escape: string): string {
  if (escape.length > 1) throw new PgError(SqlState.InvalidEscapeSequence, 'invalid escape string', { hint: 'Escape string must be empty or one character.' });
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escape !== '' && c === escape) {
      if (i + 1 >= pattern.length) throw new PgError(SqlState.InvalidEscapeSequence, 'LIKE pattern must not end with escape character');
      const next = pattern[++i]!;
      out += next === '%' || next === '_' || next === '\\' ? '\\' + next : next;
    } else if (c === '\\' && escape !== '\\') out += escape === '' ? '\\\\' : '\\\\';
    else out += c;
  }
  return out;
}

export function regexMatch(s: string, pattern: string, caseInsensitive = false): boolean {
  const re = regexCache.get((caseInsensitive ? 'i' : 's') + pattern, () => {
    try {
      return new RegExp(pattern, caseInsensitive ? 'iu' : 'u');
    } catch (e) {
      throw new PgError(SqlState.InvalidRegularExpression, `invalid regular expression: ${(e as Error).message}`);
    }
  });
  return re.test(s);
}

for (const t of [text, bpchar, name]) {
  op('~~', t, text, bool, (a, b) => like(a as string, b as string));
  op('!~~', t, text, bool, (a, b) => !like(a as string, b as string));
  op('~~*', t, text, bool, (a, b) => like(a as string, b as string, true));
  op('!~~*', t, text, bool, (a, b) => !like(a as string, b as string, true));
  op('~', t, text, bool, (a, b) => regexMatch(a as string, b as string));
  op('!~', t, text, bool, (a, b) => !regexMatch(a as string, b as string));
  op('~*', t, text, bool, (a, b) => regexMatch(a as string, b as string, true));
  op('!~*', t, text, bool, (a, b) => !regexMatch(a as string, b as string, true));
}
fn('like_escape', [text, text], text, (a) => likeEscape(a[0] as string, a[1] as string));
fn('like', [text, text], bool, (a) => like(a[0] as string, a[1] as string));
