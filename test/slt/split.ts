/**
 * Counts the statements in a SQL text, so the runner knows which records the
 * extended protocol cannot carry (Parse accepts one statement; PostgreSQL
 * answers 42601 "cannot insert multiple commands into a prepared statement").
 * A lexer, not a parser: it only needs to find the semicolons that are not
 * inside quotes, dollar quotes or comments.
 */
export function countStatements(sql: string): number {
  let count = 0;
  let pending = false; // saw something other than whitespace/comments since the last ';'
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === ';') {
      if (pending) count++;
      pending = false;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      i = skipBlockComment(sql, i);
    } else {
      pending = true;
      i = skipToken(sql, i);
    }
  }
  return pending ? count + 1 : count;
}

/** Block comments nest in PostgreSQL. */
function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) { depth++; i += 2; }
    else if (sql.startsWith('*/', i)) { depth--; i += 2; if (depth === 0) return i; }
    else i++;
  }
  return i;
}

/** Skips one quoted literal, quoted identifier, dollar-quoted string, or character. */
function skipToken(sql: string, i: number): number {
  const c = sql[i]!;
  if (c === "'") {
    // E'...' strings take backslash escapes; standard strings only ''.
    const escapes = i > 0 && /[eE]/.test(sql[i - 1]!) && (i < 2 || !/\w/.test(sql[i - 2]!));
    return skipQuoted(sql, i, "'", escapes);
  }
  if (c === '"') return skipQuoted(sql, i, '"', false);
  if (c === '$' && (i === 0 || !/[\w$]/.test(sql[i - 1]!))) {
    const m = /^\$([A-Za-z_][A-Za-z_0-9]*)?\$/.exec(sql.slice(i));
    if (m) {
      const end = sql.indexOf(m[0], i + m[0].length);
      return end < 0 ? sql.length : end + m[0].length;
    }
  }
  return i + 1;
}

function skipQuoted(sql: string, start: number, quote: string, backslash: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (backslash && c === '\\') i += 2;
    else if (c === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return i;
}
