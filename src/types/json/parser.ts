/**
 * A JSON lexer and recursive-descent parser that reproduces PostgreSQL 15's
 * src/common/jsonapi.c: the same grammar, the same one-token lookahead (so
 * lexical and syntax errors are found in the same order), and the same
 * error details and "JSON data, line N: …" context lines.
 *
 * One parser serves three callers through a Builder: json_in validation
 * (no builder, escapes only syntax-checked, as PostgreSQL's json_in does),
 * jsonb_in (a normalized tree) and the json operators (a tree that keeps
 * source offsets, so `->` can return the exact input text).
 */
import { PgError, SqlState } from '../errors.js';

export const Tok = {
  End: 0,
  ObjectStart: 1,
  ObjectEnd: 2,
  ArrayStart: 3,
  ArrayEnd: 4,
  Comma: 5,
  Colon: 6,
  String: 7,
  Number: 8,
  True: 9,
  False: 10,
  Null: 11,
} as const;
export type Tok = (typeof Tok)[keyof typeof Tok];
export type ScalarTok = typeof Tok.String | typeof Tok.Number | typeof Tok.True | typeof Tok.False | typeof Tok.Null;

/** Receives parse events bottom-up and builds the caller's representation. */
export interface Builder<T> {
  /** str: the de-escaped string for Tok.String (raw lexeme otherwise); start/end: source offsets. */
  scalar(tok: ScalarTok, str: string, start: number, end: number): T;
  array(items: T[], start: number, end: number): T;
  object(keys: string[], values: T[], start: number, end: number): T;
}

/**
 * Nesting limit. PostgreSQL's comes from max_stack_depth (the default 2MB
 * allows a little over 5000 levels); a fixed, lower limit keeps every
 * recursive walk over a parsed value (output, comparison, containment)
 * inside Node's stack even in unoptimized code, which has larger frames.
 */
export const MAX_JSON_DEPTH = 4000;

export function stackDepthExceeded(): PgError {
  return new PgError(SqlState.StatementTooComplex, 'stack depth limit exceeded', {
    hint: 'Increase the configuration parameter "max_stack_depth" (currently 2048kB), after ensuring the platform\'s stack depth limit is adequate.',
  });
}

// Parse contexts of report_parse_error().
const Ctx = {
  End: 0,
  Value: 1,
  String: 2,
  ArrayNext: 3,
  ObjectStart: 4,
  ObjectLabel: 5,
  ObjectNext: 6,
} as const;
type Ctx = (typeof Ctx)[keyof typeof Ctx];

/** JSON_ALPHANUMERIC_CHAR: letters, digits, '_' and any non-ASCII character (high-bit bytes in UTF-8). */
function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c >= 128;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function utf8Bytes(s: string, from: number, to: number): number {
  return Buffer.byteLength(s.slice(from, to), 'utf8');
}

class Lexer {
  readonly input: string;
  /** De-escape strings and apply the checks that need it (surrogates, \u0000), as when strval != NULL. */
  readonly needEscapes: boolean;
  tok: Tok = Tok.End;
  /** Token type of the last successfully lexed token (lex->token_type; unchanged by a lexing error). */
  tokenType: Tok | -1 = -1;
  tokStart = 0;
  tokEnd = 0;
  prevTokEnd = 0;
  /** De-escaped value of the current string token, when needEscapes. */
  strval = '';
  lineNumber = 1;
  lineStart = 0;

  constructor(input: string, needEscapes: boolean) {
    this.input = input;
    this.needEscapes = needEscapes;
  }

  /** json_lex: advances to the next token or throws the lexical error. */
  next(): void {
    const s = this.input;
    const n = s.length;
    let i = this.tokEnd;
    for (;;) {
      if (i >= n) break;
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13) i++;
      else if (c === 10) {
        i++;
        this.lineNumber++;
        this.lineStart = i;
      } else break;
    }
    this.prevTokEnd = this.tokEnd;
    this.tokStart = i;
    if (i >= n) {
      this.tokEnd = i;
      this.setTok(Tok.End);
      return;
    }
    const c = s.charCodeAt(i);
    switch (c) {
      case 123: // {
        this.tokEnd = i + 1;
        return this.setTok(Tok.ObjectStart);
      case 125:
        this.tokEnd = i + 1;
        return this.setTok(Tok.ObjectEnd);
      case 91:
        this.tokEnd = i + 1;
        return this.setTok(Tok.ArrayStart);
      case 93:
        this.tokEnd = i + 1;
        return this.setTok(Tok.ArrayEnd);
      case 44:
        this.tokEnd = i + 1;
        return this.setTok(Tok.Comma);
      case 58:
        this.tokEnd = i + 1;
        return this.setTok(Tok.Colon);
      case 34:
        this.lexString();
        return this.setTok(Tok.String);
      case 45: // '-'
        this.lexNumber(i + 1);
        return this.setTok(Tok.Number);
      default:
        if (c >= 48 && c <= 57) {
          this.lexNumber(i);
          return this.setTok(Tok.Number);
        }
    }
    // Not punctuation, a string or a number: scan the whole word so the error shows it.
    let p = i;
    while (p < n && isAlnum(s.charCodeAt(p))) p++;
    if (p === i) {
      this.tokEnd = i + 1;
      throw this.error('invalid');
    }
    this.tokEnd = p;
    const len = p - i;
    if (len === 4) {
      if (s.startsWith('true', i)) return this.setTok(Tok.True);
      if (s.startsWith('null', i)) return this.setTok(Tok.Null);
    } else if (len === 5 && s.startsWith('false', i)) {
      return this.setTok(Tok.False);
    }
    throw this.error('invalid');
  }

  /** The current token, typed so that checks across next() calls are not narrowed away. */
  peek(): Tok {
    return this.tok;
  }

  private setTok(t: Tok): void {
    this.tok = t;
    this.tokenType = t;
  }

  /** json_lex_number: s is just past an optional leading '-'. */
  private lexNumber(s: number): void {
    const str = this.input;
    const n = str.length;
    let error = false;
    let c = s < n ? str.charCodeAt(s) : -1;
    if (c === 48) {
      s++;
    } else if (c >= 49 && c <= 57) {
      do s++;
      while (s < n && (c = str.charCodeAt(s)) >= 48 && c <= 57);
    } else {
      error = true;
    }
    if (s < n && str.charCodeAt(s) === 46) {
      s++;
      if (s >= n || (c = str.charCodeAt(s)) < 48 || c > 57) error = true;
      else {
        do s++;
        while (s < n && (c = str.charCodeAt(s)) >= 48 && c <= 57);
      }
    }
    if (s < n && ((c = str.charCodeAt(s)) === 101 || c === 69)) {
      s++;
      if (s < n && ((c = str.charCodeAt(s)) === 43 || c === 45)) s++;
      if (s >= n || (c = str.charCodeAt(s)) < 48 || c > 57) error = true;
      else {
        do s++;
        while (s < n && (c = str.charCodeAt(s)) >= 48 && c <= 57);
      }
    }
    // Trailing alphanumerics belong to the (invalid) token, for the error message.
    while (s < n && isAlnum(str.charCodeAt(s))) {
      s++;
      error = true;
    }
    this.tokEnd = s;
    if (error) throw this.error('invalid');
  }

  /** Offset just past the character at i (FAIL_AT_CHAR_END: a whole character, never half a surrogate pair). */
  private charEnd(i: number): number {
    const c = this.input.charCodeAt(i);
    return c >= 0xd800 && c <= 0xdbff && i + 1 < this.input.length ? i + 2 : i + 1;
  }

  /** json_lex_string: tokStart is at the opening quote. */
  private lexString(): void {
    const str = this.input;
    const n = str.length;
    const esc = this.needEscapes;
    let s = this.tokStart;
    let hiSurrogate = -1;
    // Unescaped runs are copied by slicing; chunkStart is the start of the current run.
    let out = '';
    let chunkStart = s + 1;
    for (;;) {
      s++;
      if (s >= n) {
        this.tokEnd = s;
        throw this.error('invalid');
      }
      const c = str.charCodeAt(s);
      if (c === 34) break;
      if (c < 32) {
        this.tokEnd = s;
        throw this.error('escapingRequired');
      }
      if (c === 92) {
        if (esc) out += str.slice(chunkStart, s);
        s++;
        if (s >= n) {
          this.tokEnd = s;
          throw this.error('invalid');
        }
        const e = str.charCodeAt(s);
        if (e === 117) {
          let ch = 0;
          for (let k = 1; k <= 4; k++) {
            s++;
            if (s >= n) {
              this.tokEnd = s;
              throw this.error('invalid');
            }
            const h = hexVal(str.charCodeAt(s));
            if (h < 0) {
              this.tokEnd = this.charEnd(s);
              throw this.error('unicodeEscapeFormat');
            }
            ch = ch * 16 + h;
          }
          if (esc) {
            if (ch >= 0xd800 && ch <= 0xdbff) {
              if (hiSurrogate !== -1) {
                this.tokEnd = s + 1;
                throw this.error('highSurrogate');
              }
              hiSurrogate = ch;
              chunkStart = s + 1;
              continue;
            } else if (ch >= 0xdc00 && ch <= 0xdfff) {
              if (hiSurrogate === -1) {
                this.tokEnd = s + 1;
                throw this.error('lowSurrogate');
              }
              out += String.fromCharCode(hiSurrogate, ch);
              hiSurrogate = -1;
              chunkStart = s + 1;
              continue;
            }
            if (hiSurrogate !== -1) {
              this.tokEnd = s + 1;
              throw this.error('lowSurrogate');
            }
            if (ch === 0) {
              this.tokEnd = s + 1;
              throw this.error('codePointZero');
            }
            out += String.fromCharCode(ch);
            chunkStart = s + 1;
          }
        } else if (esc) {
          if (hiSurrogate !== -1) {
            this.tokEnd = this.charEnd(s);
            throw this.error('lowSurrogate');
          }
          switch (e) {
            case 34:
            case 92:
            case 47:
              out += String.fromCharCode(e);
              break;
            case 98:
              out += '\b';
              break;
            case 102:
              out += '\f';
              break;
            case 110:
              out += '\n';
              break;
            case 114:
              out += '\r';
              break;
            case 116:
              out += '\t';
              break;
            default:
              this.tokStart = s;
              this.tokEnd = this.charEnd(s);
              throw this.error('escapingInvalid');
          }
          chunkStart = s + 1;
        } else if (!(e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116)) {
          this.tokStart = s;
          this.tokEnd = this.charEnd(s);
          throw this.error('escapingInvalid');
        }
      } else if (esc && hiSurrogate !== -1) {
        this.tokEnd = this.charEnd(s);
        throw this.error('lowSurrogate');
      }
    }
    if (esc && hiSurrogate !== -1) {
      this.tokEnd = s + 1;
      throw this.error('lowSurrogate');
    }
    this.tokEnd = s + 1;
    if (esc) this.strval = out + str.slice(chunkStart, s);
  }

  tokenText(): string {
    return this.input.slice(this.tokStart, this.tokEnd);
  }

  /** A lexical error (json_errdetail for the lexer's error codes). */
  error(kind: 'invalid' | 'escapingRequired' | 'escapingInvalid' | 'unicodeEscapeFormat' | 'highSurrogate' | 'lowSurrogate' | 'codePointZero'): PgError {
    let detail: string;
    switch (kind) {
      case 'invalid':
        detail = `Token "${this.tokenText()}" is invalid.`;
        break;
      case 'escapingRequired':
        detail = `Character with value 0x${this.input.charCodeAt(this.tokEnd).toString(16).padStart(2, '0')} must be escaped.`;
        break;
      case 'escapingInvalid':
        detail = `Escape sequence "\\${this.tokenText()}" is invalid.`;
        break;
      case 'unicodeEscapeFormat':
        detail = '"\\u" must be followed by four hexadecimal digits.';
        break;
      case 'highSurrogate':
        detail = 'Unicode high surrogate must not follow a high surrogate.';
        break;
      case 'lowSurrogate':
        detail = 'Unicode low surrogate must follow a high surrogate.';
        break;
      case 'codePointZero':
        return new PgError(SqlState.UntranslatableCharacter, 'unsupported Unicode escape sequence', {
          detail: '\\u0000 cannot be converted to text.',
          context: this.context(),
        });
    }
    return new PgError(SqlState.InvalidTextRepresentation, 'invalid input syntax for type json', { detail, context: this.context() });
  }

  /** report_parse_error: the lookahead token does not fit the grammar here. */
  parseError(ctx: Ctx): PgError {
    let detail: string;
    if (this.tok === Tok.End) detail = 'The input string ended unexpectedly.';
    else {
      const t = this.tokenText();
      switch (ctx) {
        case Ctx.End:
          detail = `Expected end of input, but found "${t}".`;
          break;
        case Ctx.Value:
          detail = `Expected JSON value, but found "${t}".`;
          break;
        case Ctx.String:
          detail = `Expected string, but found "${t}".`;
          break;
        case Ctx.ArrayNext:
          detail = `Expected "," or "]", but found "${t}".`;
          break;
        case Ctx.ObjectStart:
          detail = `Expected string or "}", but found "${t}".`;
          break;
        case Ctx.ObjectLabel:
          detail = `Expected ":", but found "${t}".`;
          break;
        case Ctx.ObjectNext:
          detail = `Expected "," or "}", but found "${t}".`;
          break;
      }
    }
    return new PgError(SqlState.InvalidTextRepresentation, 'invalid input syntax for type json', { detail, context: this.context() });
  }

  /**
   * report_json_context: the current line up to the end of the offending
   * token, cut to under 50 bytes from the left, with "..." marking cuts.
   */
  context(): string {
    const s = this.input;
    const lineStart = this.lineStart;
    const end = this.tokEnd;
    let start = lineStart;
    let bytes = utf8Bytes(s, start, end);
    while (bytes >= 50) {
      const c = s.charCodeAt(start);
      const w = c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : 3;
      start += w === 4 ? 2 : 1;
      bytes -= w;
    }
    if (utf8Bytes(s, lineStart, start) <= 3) start = lineStart;
    const prefix = start > lineStart ? '...' : '';
    const next = s.charCodeAt(end);
    const suffix = this.tokenType !== Tok.End && end < s.length && next !== 10 && next !== 13 ? '...' : '';
    return `JSON data, line ${this.lineNumber}: ${prefix}${s.slice(start, end)}${suffix}`;
  }
}

const NO_KEYS: string[] = [];

/** An open container while parsing. */
interface Frame<T> {
  readonly isObject: boolean;
  readonly start: number;
  readonly items: T[];
  readonly keys: string[];
  /** The key whose value is being parsed (objects). */
  key: string;
}

/**
 * PostgreSQL's recursive descent (parse_object / parse_array /
 * parse_scalar) turned into a loop over an explicit stack, so nesting depth
 * is bounded by MAX_JSON_DEPTH rather than by the JS stack. The order of
 * token checks, and so which error a bad document reports, is unchanged.
 */
class Parser<T> {
  constructor(
    private readonly lex: Lexer,
    private readonly b: Builder<T> | null,
  ) {}

  parse(): T {
    const lex = this.lex;
    const b = this.b;
    const stack: Frame<T>[] = [];
    lex.next();
    for (;;) {
      // Expecting a value.
      let v: T;
      const tok = lex.peek();
      if (tok === Tok.ObjectStart || tok === Tok.ArrayStart) {
        if (stack.length >= MAX_JSON_DEPTH) throw stackDepthExceeded();
        const isObject = tok === Tok.ObjectStart;
        const frame: Frame<T> = { isObject, start: lex.tokStart, items: [], keys: isObject ? [] : NO_KEYS, key: '' };
        lex.next();
        if (isObject) {
          if (lex.peek() === Tok.String) {
            this.fieldHead(frame);
            stack.push(frame);
            continue;
          }
          if (lex.peek() !== Tok.ObjectEnd) throw lex.parseError(Ctx.ObjectStart);
        } else if (lex.peek() !== Tok.ArrayEnd) {
          stack.push(frame);
          continue;
        }
        // Empty container.
        const end = lex.tokEnd;
        lex.next();
        v = b === null ? (undefined as T) : isObject ? b.object([], [], frame.start, end) : b.array([], frame.start, end);
      } else if (tok === Tok.String || tok === Tok.Number || tok === Tok.True || tok === Tok.False || tok === Tok.Null) {
        const start = lex.tokStart;
        const end = lex.tokEnd;
        const str = tok === Tok.String && lex.needEscapes ? lex.strval : '';
        // Like parse_scalar, lex the next token before handing the scalar over.
        lex.next();
        v = b === null ? (undefined as T) : b.scalar(tok, tok === Tok.String && lex.needEscapes ? str : lex.input.slice(start, end), start, end);
      } else {
        throw lex.parseError(Ctx.Value);
      }
      // A value is complete: add it to its container, closing containers as their ends arrive.
      for (;;) {
        const frame = stack[stack.length - 1];
        if (frame === undefined) {
          if (lex.peek() !== Tok.End) throw lex.parseError(Ctx.End);
          return v;
        }
        if (b !== null) {
          frame.items.push(v);
          if (frame.isObject) frame.keys.push(frame.key);
        }
        if (lex.peek() === Tok.Comma) {
          lex.next();
          if (frame.isObject) this.fieldHead(frame);
          break;
        }
        if (frame.isObject) {
          if (lex.peek() !== Tok.ObjectEnd) throw lex.parseError(Ctx.ObjectNext);
        } else if (lex.peek() !== Tok.ArrayEnd) {
          throw lex.parseError(Ctx.ArrayNext);
        }
        const end = lex.tokEnd;
        lex.next();
        stack.pop();
        if (b !== null) v = frame.isObject ? b.object(frame.keys, frame.items, frame.start, end) : b.array(frame.items, frame.start, end);
      }
    }
  }

  /** parse_object_field up to its value: the key string and the colon. */
  private fieldHead(frame: Frame<T>): void {
    const lex = this.lex;
    if (lex.peek() !== Tok.String) throw lex.parseError(Ctx.String);
    frame.key = lex.needEscapes ? lex.strval : '';
    lex.next();
    if (lex.peek() !== Tok.Colon) throw lex.parseError(Ctx.ObjectLabel);
    lex.next();
  }
}

/**
 * json_in's check: syntax only. Escapes are checked for form but not
 * decoded, so "\u0000" and lone surrogates are accepted, as in PostgreSQL.
 */
export function validateJson(text: string): void {
  new Parser<undefined>(new Lexer(text, false), null).parse();
}

/**
 * Parses into the builder's representation. With needEscapes (the default)
 * strings are de-escaped, which adds the \u0000 and surrogate errors;
 * without, string scalars and keys reach the builder as raw lexemes / ''.
 */
export function parseJsonWith<T>(text: string, builder: Builder<T>, needEscapes = true): T {
  return new Parser<T>(new Lexer(text, needEscapes), builder).parse();
}

/**
 * IsValidJsonNumber: whether a type's output text is a JSON number token
 * (so to_json can emit it unquoted; NaN and Infinity are not).
 */
export function isValidJsonNumber(s: string): boolean {
  const n = s.length;
  let i = 0;
  if (n === 0) return false;
  if (s.charCodeAt(0) === 45) i = 1;
  let c = s.charCodeAt(i);
  if (c === 48) i++;
  else if (c >= 49 && c <= 57) {
    do i++;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57);
  } else return false;
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    if (i >= n || (c = s.charCodeAt(i)) < 48 || c > 57) return false;
    do i++;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57);
  }
  if (i < n && ((c = s.charCodeAt(i)) === 101 || c === 69)) {
    i++;
    if (i < n && ((c = s.charCodeAt(i)) === 43 || c === 45)) i++;
    if (i >= n || (c = s.charCodeAt(i)) < 48 || c > 57) return false;
    do i++;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57);
  }
  return i === n;
}
